//! The rule catalogue: the one place that holds each rule's ID, section, severity and source.
//! The engine reports `RuleId`s; the UI and the printed sheet render from `RuleId::rule()`, with each rule's text
//! in both languages from `crate::words::rule_texts` (outside the engine, which holds no language text).
//! IDs come from `shared/spec/clinical-rules.md` and are a public contract: never rename one.

use serde::{Serialize, Serializer};

/// How much attention a rule asks for. `Note` rules are result lines; the others also raise an alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Info,
    Warning,
    Danger,
}

/// Where a rule belongs in the report and on the sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Diagnosis,
    Risk,
    BasicCare,
    Treatment,
    Contraindication,
    Denosumab,
    Sequencing,
    Evidence,
    /// Work-up before treatment (WORK-*).
    Workup,
    /// Follow-up dates (FU-*).
    FollowUp,
    /// Follow-up over time: response, failure, the exit (MON-*).
    Monitoring,
}

/// One rule of the book.
#[derive(Debug)]
pub struct Rule {
    pub id: RuleId,
    /// The public ID, e.g. "DX-SITES".
    pub code: &'static str,
    pub section: Section,
    pub severity: Severity,
    /// Short source names as in the rule book, e.g. "CN-2022; Review A §2.3.3".
    pub source: &'static str,
}

/// Every rule ID of the book, in the book's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    // 1. Diagnosis
    DxSites,
    DxPathT,
    DxPathZ,
    DxNormal,
    DxLowMass,
    DxOp,
    DxSevere,
    DxFxHipVert,
    DxFxOther,
    DxBounds,
    DxRange,
    DxFromBmd,
    DxClinical,
    DxPersists,
    DxFrax,
    DxOnTx,
    // 2. Fracture risk
    RiskOsta,
    RiskTreat,
    RiskGcFrax,
    RiskGiop,
    RiskOnTx,
    RiskVhRecentFx,
    RiskVhFxOnTx,
    RiskVhMultiFx,
    RiskVhGc,
    RiskVhT,
    RiskVhFalls,
    RiskVhFrax,
    RiskLevel,
    // 4. Basic care
    BaseLifestyle,
    BaseCaVitd,
    BaseVitdLow,
    BaseVitdSevere,
    BaseCaAdj,
    BaseSecondary,
    // 5. Drug-class selection: by risk (5.1), then by stage (5.2)
    TxHigh,
    TxVeryHigh,
    TxVhAnabolic,
    TxVhHip,
    TxGiop,
    TxNonePreferred,
    TxAvailability,
    TxNotIndicated,
    TxSecondLine,
    TxOther,
    TxContinueDmab,
    TxExitDmab,
    TxOnAnabolic,
    TxAfterAnabolic,
    TxOnc,
    TxOnBp,
    // 5.4 Contraindications and cautions
    CiBpRenal,
    CiRenalSevere,
    CiBpOralGi,
    CiHypoca,
    CiRomoCv,
    CiPth,
    CiRomo12,
    CiSerm,
    CiStrontium,
    TxLabelPop,
    CiTestoAdt,
    CiVk2Warfarin,
    CiDental,
    CiRenalUnknown,
    // 6. Denosumab schedule and sequencing
    DmabNext,
    DmabStatus,
    DmabMissed,
    DmabCatchUp,
    DmabRebound,
    DmabHistoryStop,
    DmabStopPlan,
    DmabExitShort,
    DmabExitLong,
    DmabExitBlocked,
    DmabExitTiming,
    DmabExitFallback,
    DmabExitRestart,
    DmabExitGiven,
    DmabCtxDates,
    DmabReview,
    DmabCkd,
    DmabCaPredisposed,
    DmabNoExit,
    DmabCommit,
    DmabCaCheck,
    DmabSafety,
    DmabFxHealing,
    DmabOnc,
    SeqNoCombo,
    SeqDmabToPth,
    SeqAnabolicFirst,
    SeqFromBp,
    EvidNonunion,
    // 7. Work-up and follow-up
    WorkVfa,
    WorkLabs,
    WorkBtm,
    WorkCv,
    WorkDental,
    FuDxa,
    FuBpReview,
    FuFollowOn,
    FuFalls,
    // 7b. Follow-up over time
    MonLsc,
    MonDxaChange,
    MonBtm,
    MonBtmOral,
    MonBtmAnabolic,
    MonResponse,
    MonFailure,
    MonExitCtx,
    MonExitBmd,
    MonHoliday,
    MonDxaDue,
}

impl RuleId {
    /// The catalogue entry of this rule.
    pub fn rule(self) -> &'static Rule {
        &CATALOGUE[self as usize]
    }

    /// The public ID, e.g. "DX-SITES".
    pub fn code(self) -> &'static str {
        self.rule().code
    }

    pub fn from_code(code: &str) -> Option<RuleId> {
        CATALOGUE.iter().find(|r| r.code == code).map(|r| r.id)
    }

    /// Rule IDs in the report are sorted by their public code.
    pub fn by_code(a: &RuleId, b: &RuleId) -> std::cmp::Ordering {
        a.code().cmp(b.code())
    }
}

/// Rule IDs sorted by their public code, each once (a report's `rules_fired`). A bit set over the catalogue and
/// one walk in code order: no string comparisons per report (the command line evaluates tens of thousands a second).
pub fn sorted_by_code(rules: &[RuleId]) -> Vec<RuleId> {
    static ORDER: std::sync::OnceLock<Vec<RuleId>> = std::sync::OnceLock::new();
    let order = ORDER.get_or_init(|| {
        let mut ids: Vec<RuleId> = CATALOGUE.iter().map(|r| r.id).collect();
        crate::clinical::sorting::sort_by_key(&mut ids, |r| r.code());
        ids
    });
    let seen = rules.iter().fold(0u128, |set, &r| set | 1 << (r as u32));
    order.iter().copied().filter(|&r| seen & 1 << (r as u32) != 0).collect()
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

use RuleId::*;
use Section::*;
use Severity::*;

/// The catalogue, indexed by `RuleId as usize` (a test checks the order).
pub static CATALOGUE: &[Rule] = &[
    Rule { id: DxSites, code: "DX-SITES", section: Diagnosis, severity: Note, source: "ISCD; Review A §2.1" },
    Rule { id: DxPathT, code: "DX-PATH-T", section: Diagnosis, severity: Note, source: "ISCD" },
    Rule { id: DxPathZ, code: "DX-PATH-Z", section: Diagnosis, severity: Note, source: "ISCD" },
    Rule { id: DxNormal, code: "DX-NORMAL", section: Diagnosis, severity: Note, source: "Review A Table 1" },
    Rule { id: DxLowMass, code: "DX-LOW-MASS", section: Diagnosis, severity: Note, source: "Review A Table 1" },
    Rule { id: DxOp, code: "DX-OP", section: Diagnosis, severity: Note, source: "Review A Table 1" },
    Rule { id: DxSevere, code: "DX-SEVERE", section: Diagnosis, severity: Note, source: "Review A Table 1" },
    Rule { id: DxFxHipVert, code: "DX-FX-HIP-VERT", section: Diagnosis, severity: Note, source: "CN-2022; AACE-2020" },
    Rule { id: DxFxOther, code: "DX-FX-OTHER", section: Diagnosis, severity: Note, source: "CN-2022" },
    Rule { id: DxBounds, code: "DX-BOUNDS", section: Diagnosis, severity: Note, source: "Review A Table 1" },
    Rule { id: DxRange, code: "DX-RANGE", section: Diagnosis, severity: Note, source: "—" },
    Rule { id: DxFromBmd, code: "DX-FROM-BMD", section: Diagnosis, severity: Note, source: "ISCD; Looker 1998" },
    Rule { id: DxClinical, code: "DX-CLINICAL", section: Diagnosis, severity: Note, source: "CN-2022; AACE-2020" },
    Rule {
        id: DxPersists,
        code: "DX-PERSISTS",
        section: Diagnosis,
        severity: Note,
        source: "AACE-2020 (\"the diagnosis persists\")",
    },
    Rule {
        id: DxFrax,
        code: "DX-FRAX",
        section: Diagnosis,
        severity: Note,
        source: "AACE-2020 (\"may also be diagnosed … increased fracture risk using FRAX\")",
    },
    Rule { id: DxOnTx, code: "DX-ON-TX", section: Diagnosis, severity: Note, source: "AACE-2020" },
    Rule { id: RiskOsta, code: "RISK-OSTA", section: Risk, severity: Note, source: "CN-2022" },
    Rule {
        id: RiskTreat,
        code: "RISK-TREAT",
        section: Risk,
        severity: Note,
        source: "CN-2022; BHOF-2022; ISCD; ACR-2022",
    },
    Rule { id: RiskGcFrax, code: "RISK-GC-FRAX", section: Risk, severity: Note, source: "KANIS-2011; ACR-2022" },
    Rule { id: RiskGiop, code: "RISK-GIOP", section: Risk, severity: Warning, source: "ACR-2022" },
    Rule { id: RiskOnTx, code: "RISK-ON-TX", section: Risk, severity: Note, source: "ECTS-2021; AACE-2020" },
    Rule {
        id: RiskVhRecentFx,
        code: "RISK-VH-RECENT-FX",
        section: Risk,
        severity: Warning,
        source: "CN-2022; AACE-2020",
    },
    Rule { id: RiskVhFxOnTx, code: "RISK-VH-FX-ON-TX", section: Risk, severity: Note, source: "CN-2022; AACE-2020" },
    Rule { id: RiskVhMultiFx, code: "RISK-VH-MULTI-FX", section: Risk, severity: Note, source: "CN-2022; AACE-2020" },
    Rule {
        id: RiskVhGc,
        code: "RISK-VH-GC",
        section: Risk,
        severity: Note,
        source: "ACR-2022; CN-2022 (\"超大剂量\")",
    },
    Rule { id: RiskVhT, code: "RISK-VH-T", section: Risk, severity: Note, source: "CN-2022; AACE-2020" },
    Rule { id: RiskVhFalls, code: "RISK-VH-FALLS", section: Risk, severity: Note, source: "CN-2022; AACE-2020" },
    Rule { id: RiskVhFrax, code: "RISK-VH-FRAX", section: Risk, severity: Note, source: "CN-2022; AACE-2020" },
    Rule { id: RiskLevel, code: "RISK-LEVEL", section: Risk, severity: Note, source: "—" },
    Rule { id: BaseLifestyle, code: "BASE-LIFESTYLE", section: BasicCare, severity: Note, source: "Review A §2.3.1" },
    Rule { id: BaseCaVitd, code: "BASE-CA-VITD", section: BasicCare, severity: Note, source: "Review A §2.3.2" },
    Rule {
        id: BaseVitdLow,
        code: "BASE-VITD-LOW",
        section: BasicCare,
        severity: Note,
        source: "NOS-VITD; Review A §2.2.3",
    },
    Rule { id: BaseVitdSevere, code: "BASE-VITD-SEVERE", section: BasicCare, severity: Warning, source: "NOS-VITD" },
    Rule {
        id: BaseCaAdj,
        code: "BASE-CA-ADJ",
        section: BasicCare,
        severity: Note,
        source: "Payne 1973 (SI adaptation)",
    },
    Rule { id: BaseSecondary, code: "BASE-SECONDARY", section: BasicCare, severity: Note, source: "Review A §2.2.4" },
    Rule {
        id: TxHigh,
        code: "TX-HIGH",
        section: Treatment,
        severity: Note,
        source: "CN-2022; AACE-2020; Review A §2.3.3, §3.2",
    },
    Rule { id: TxVeryHigh, code: "TX-VERY-HIGH", section: Treatment, severity: Note, source: "AACE-2020; CN-2022" },
    Rule { id: TxVhAnabolic, code: "TX-VH-ANABOLIC", section: Treatment, severity: Note, source: "ES-2020; AACE-2020" },
    Rule { id: TxVhHip, code: "TX-VH-HIP", section: Treatment, severity: Note, source: "HORIZON-RFT; CN-2022; LABEL" },
    Rule { id: TxGiop, code: "TX-GIOP", section: Treatment, severity: Note, source: "ACR-2022" },
    Rule { id: TxNonePreferred, code: "TX-NONE-PREFERRED", section: Treatment, severity: Note, source: "—" },
    Rule {
        id: TxAvailability,
        code: "TX-AVAILABILITY",
        section: Treatment,
        severity: Note,
        source: "NMPA status (romosozumab NDA accepted 07-2024, no approval found)",
    },
    Rule {
        id: TxNotIndicated,
        code: "TX-NOT-INDICATED",
        section: Treatment,
        severity: Note,
        source: "CN-2022; ACR-2022",
    },
    Rule {
        id: TxSecondLine,
        code: "TX-SECOND-LINE",
        section: Treatment,
        severity: Note,
        source: "Review A §2.3.3; LABEL (EMA 2012)",
    },
    Rule { id: TxOther, code: "TX-OTHER", section: Treatment, severity: Note, source: "Review A §2.3.5" },
    Rule {
        id: TxContinueDmab,
        code: "TX-CONTINUE-DMAB",
        section: Treatment,
        severity: Note,
        source: "DATA-SWITCH; ECTS-2021",
    },
    Rule { id: TxExitDmab, code: "TX-EXIT-DMAB", section: Treatment, severity: Note, source: "ECTS-2021; DATA-SWITCH" },
    Rule {
        id: TxOnAnabolic,
        code: "TX-ON-ANABOLIC",
        section: Treatment,
        severity: Note,
        source: "AACE-2020; Review A §3.3",
    },
    Rule {
        id: TxAfterAnabolic,
        code: "TX-AFTER-ANABOLIC",
        section: Treatment,
        severity: Note,
        source: "AACE-2020; ES-2020; Review A §3.3",
    },
    Rule { id: TxOnc, code: "TX-ONC", section: Treatment, severity: Note, source: "Review B; LABEL (Xgeva)" },
    Rule { id: TxOnBp, code: "TX-ON-BP", section: Treatment, severity: Note, source: "ASBMR-2016; AACE-2020" },
    Rule { id: CiBpRenal, code: "CI-BP-RENAL", section: Contraindication, severity: Note, source: "LABEL" },
    Rule {
        id: CiRenalSevere,
        code: "CI-RENAL-SEVERE",
        section: Contraindication,
        severity: Note,
        source: "LABEL (EU, US)",
    },
    Rule {
        id: CiBpOralGi,
        code: "CI-BP-ORAL-GI",
        section: Contraindication,
        severity: Note,
        source: "Review A §2.3.3; LABEL",
    },
    Rule { id: CiHypoca, code: "CI-HYPOCA", section: Contraindication, severity: Danger, source: "LABEL" },
    Rule {
        id: CiRomoCv,
        code: "CI-ROMO-CV",
        section: Contraindication,
        severity: Note,
        source: "LABEL (US boxed; EU 4.3)",
    },
    Rule { id: CiPth, code: "CI-PTH", section: Contraindication, severity: Note, source: "LABEL" },
    Rule {
        id: CiRomo12,
        code: "CI-ROMO-12",
        section: Contraindication,
        severity: Note,
        source: "LABEL (Evenity: \"limit duration of use to 12 monthly doses\")",
    },
    Rule { id: CiSerm, code: "CI-SERM", section: Contraindication, severity: Note, source: "LABEL; Review A §2.3.3" },
    Rule {
        id: CiStrontium,
        code: "CI-STRONTIUM",
        section: Contraindication,
        severity: Note,
        source: "LABEL (EU, MHRA 2014)",
    },
    Rule { id: TxLabelPop, code: "TX-LABEL-POP", section: Contraindication, severity: Note, source: "LABEL (EU, US)" },
    Rule {
        id: CiTestoAdt,
        code: "CI-TESTO-ADT",
        section: Contraindication,
        severity: Note,
        source: "LABEL (Prolia, testosterone)",
    },
    Rule {
        id: CiVk2Warfarin,
        code: "CI-VK2-WARFARIN",
        section: Contraindication,
        severity: Note,
        source: "Review A §2.3.3",
    },
    Rule { id: CiDental, code: "CI-DENTAL", section: Contraindication, severity: Note, source: "Review A §3.5" },
    Rule { id: CiRenalUnknown, code: "CI-RENAL-UNKNOWN", section: Contraindication, severity: Note, source: "LABEL" },
    Rule { id: DmabNext, code: "DMAB-NEXT", section: Denosumab, severity: Note, source: "LABEL; Review A §3.4" },
    Rule { id: DmabStatus, code: "DMAB-STATUS", section: Denosumab, severity: Note, source: "LYU-2020" },
    Rule {
        id: DmabMissed, code: "DMAB-MISSED", section: Denosumab, severity: Warning, source: "LABEL; Review A §3.3"
    },
    Rule { id: DmabCatchUp, code: "DMAB-CATCH-UP", section: Denosumab, severity: Note, source: "LABEL; ECTS-2021" },
    Rule {
        id: DmabRebound,
        code: "DMAB-REBOUND",
        section: Denosumab,
        severity: Danger,
        source: "LYU-2020; ECTS-2021; Review A §3.3, §3.5",
    },
    Rule { id: DmabHistoryStop, code: "DMAB-HISTORY-STOP", section: Denosumab, severity: Note, source: "ECTS-2021" },
    Rule {
        id: DmabStopPlan,
        code: "DMAB-STOP-PLAN",
        section: Denosumab,
        severity: Note,
        source: "ECTS-2021; Review A §3.3, §3.5",
    },
    Rule { id: DmabExitShort, code: "DMAB-EXIT-SHORT", section: Denosumab, severity: Note, source: "ECTS-2021" },
    Rule { id: DmabExitLong, code: "DMAB-EXIT-LONG", section: Denosumab, severity: Note, source: "ECTS-2021" },
    Rule {
        id: DmabExitBlocked,
        code: "DMAB-EXIT-BLOCKED",
        section: Denosumab,
        severity: Warning,
        source: "ECTS-2021; LABEL",
    },
    Rule { id: DmabExitTiming, code: "DMAB-EXIT-TIMING", section: Denosumab, severity: Warning, source: "ECTS-2021" },
    Rule { id: DmabExitFallback, code: "DMAB-EXIT-FALLBACK", section: Denosumab, severity: Note, source: "ECTS-2021" },
    Rule {
        id: DmabExitRestart,
        code: "DMAB-EXIT-RESTART",
        section: Denosumab,
        severity: Danger,
        source: "ECTS-2021; LYU-2020",
    },
    Rule { id: DmabExitGiven, code: "DMAB-EXIT-GIVEN", section: Denosumab, severity: Note, source: "ECTS-2021" },
    Rule { id: DmabCtxDates, code: "DMAB-CTX-DATES", section: Denosumab, severity: Note, source: "ECTS-2021" },
    Rule {
        id: DmabReview,
        code: "DMAB-REVIEW",
        section: Denosumab,
        severity: Note,
        source: "ECTS-2017; Review A §3.2 (FREEDOM, 10 years)",
    },
    Rule { id: DmabCkd, code: "DMAB-CKD", section: Denosumab, severity: Danger, source: "FDA-2024" },
    Rule {
        id: DmabCaPredisposed,
        code: "DMAB-CA-PREDISPOSED",
        section: Denosumab,
        severity: Note,
        source: "LABEL (US)",
    },
    Rule { id: DmabNoExit, code: "DMAB-NO-EXIT", section: Denosumab, severity: Warning, source: "ECTS-2021; LABEL" },
    Rule { id: DmabCommit, code: "DMAB-COMMIT", section: Denosumab, severity: Note, source: "ECTS-2021" },
    Rule {
        id: DmabCaCheck, code: "DMAB-CA-CHECK", section: Denosumab, severity: Note, source: "Review A §3.5; LABEL"
    },
    Rule { id: DmabSafety, code: "DMAB-SAFETY", section: Denosumab, severity: Note, source: "Review A §3.5" },
    Rule {
        id: DmabFxHealing,
        code: "DMAB-FX-HEALING",
        section: Denosumab,
        severity: Info,
        source: "Review A §3.2; Review B",
    },
    Rule { id: DmabOnc, code: "DMAB-ONC", section: Denosumab, severity: Note, source: "Review B" },
    Rule { id: SeqNoCombo, code: "SEQ-NO-COMBO", section: Sequencing, severity: Warning, source: "Review A §3.3" },
    Rule { id: SeqDmabToPth, code: "SEQ-DMAB-TO-PTH", section: Sequencing, severity: Warning, source: "DATA-SWITCH" },
    Rule {
        id: SeqAnabolicFirst,
        code: "SEQ-ANABOLIC-FIRST",
        section: Sequencing,
        severity: Warning,
        source: "Review A §3.3; AACE-2020",
    },
    Rule {
        id: SeqFromBp,
        code: "SEQ-FROM-BP",
        section: Sequencing,
        severity: Info,
        source: "shared-care protocols (NHS)",
    },
    Rule { id: EvidNonunion, code: "EVID-NONUNION", section: Evidence, severity: Info, source: "Review B" },
    Rule { id: WorkVfa, code: "WORK-VFA", section: Workup, severity: Note, source: "AACE-2020; ISCD; ACR-2022" },
    Rule { id: WorkLabs, code: "WORK-LABS", section: Workup, severity: Note, source: "AACE-2020; ES-2020; ACR-2022" },
    Rule { id: WorkBtm, code: "WORK-BTM", section: Workup, severity: Note, source: "IOF-BTM" },
    Rule { id: WorkCv, code: "WORK-CV", section: Workup, severity: Note, source: "LABEL; ES-2020" },
    Rule { id: WorkDental, code: "WORK-DENTAL", section: Workup, severity: Note, source: "Review A §3.5; LABEL" },
    Rule { id: FuDxa, code: "FU-DXA", section: FollowUp, severity: Note, source: "AACE-2020; ACR-2022; ISCD" },
    Rule { id: FuBpReview, code: "FU-BP-REVIEW", section: FollowUp, severity: Note, source: "ASBMR-2016" },
    Rule { id: FuFollowOn, code: "FU-FOLLOW-ON", section: FollowUp, severity: Note, source: "AACE-2020; ES-2020" },
    Rule { id: FuFalls, code: "FU-FALLS", section: FollowUp, severity: Note, source: "CN-2022; NICE CG161" },
    Rule { id: MonLsc, code: "MON-LSC", section: Monitoring, severity: Note, source: "ISCD-LSC" },
    Rule { id: MonDxaChange, code: "MON-DXA-CHANGE", section: Monitoring, severity: Note, source: "ISCD; ISCD-LSC" },
    Rule { id: MonBtm, code: "MON-BTM", section: Monitoring, severity: Note, source: "IOF-BTM; NBHA-2017; Li 2014" },
    Rule {
        id: MonBtmOral,
        code: "MON-BTM-ORAL",
        section: Monitoring,
        severity: Warning,
        source: "IOF-ECTS 2017 (Diez-Perez, Osteoporos Int 28:767)",
    },
    Rule { id: MonBtmAnabolic, code: "MON-BTM-ANABOLIC", section: Monitoring, severity: Warning, source: "Krege 2014" },
    Rule {
        id: MonResponse,
        code: "MON-RESPONSE",
        section: Monitoring,
        severity: Warning,
        source: "RACGP-2024; AACE-2020",
    },
    Rule { id: MonFailure, code: "MON-FAILURE", section: Monitoring, severity: Warning, source: "IOF-FAIL; AACE-2020" },
    Rule {
        id: MonExitCtx,
        code: "MON-EXIT-CTX",
        section: Monitoring,
        severity: Warning,
        source: "ECTS-2021; ZOLARMAB; Sølling 2021",
    },
    Rule {
        id: MonExitBmd,
        code: "MON-EXIT-BMD",
        section: Monitoring,
        severity: Warning,
        source: "Sølling 2021; ECTS-2021",
    },
    Rule {
        id: MonHoliday,
        code: "MON-HOLIDAY",
        section: Monitoring,
        severity: Warning,
        source: "ASBMR-2016; AACE-2020",
    },
    Rule { id: MonDxaDue, code: "MON-DXA-DUE", section: Monitoring, severity: Note, source: "ISCD" },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_indexed_by_rule_id() {
        for (i, rule) in CATALOGUE.iter().enumerate() {
            assert_eq!(rule.id as usize, i, "{} is out of place", rule.code);
        }
        assert_eq!(CATALOGUE.len(), MonDxaDue as usize + 1, "a rule is missing from the catalogue");
    }

    #[test]
    fn the_catalogue_fits_the_bit_set_and_sorts_by_code() {
        assert!(CATALOGUE.len() <= 128, "sorted_by_code keeps a u128 bit set");
        let sorted = sorted_by_code(&[TxHigh, DxSites, TxHigh, BaseLifestyle, FuFalls]);
        assert_eq!(sorted, vec![BaseLifestyle, DxSites, FuFalls, TxHigh]);
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = CATALOGUE.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
        for code in codes {
            assert!(code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'), "{code}");
            assert_eq!(RuleId::from_code(code).map(RuleId::code), Some(code));
        }
    }

    #[test]
    fn every_rule_has_a_source() {
        for rule in CATALOGUE {
            assert!(!rule.source.trim().is_empty(), "{}: source", rule.code);
        }
    }
}
