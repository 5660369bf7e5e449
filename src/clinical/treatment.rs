//! Section 5: the drug options for this patient at this point of the journey — a starting table by stage (5.2)
//! or by risk (5.1), then the contraindications and cautions (CI-*, TX-LABEL-POP), then precedence.

use serde::Serialize;

use super::case::{Drug, Profile, Sex};
use super::dates::within_months;
use super::facts::Facts;
use super::journey::{Journey, Stage};
use super::risk::{FraxUsed, GiopStratum, RiskLevel};
use super::rules::RuleId::{self, *};

/// Below this calcium (mmol/L; adjusted when albumin is known), hypocalcaemia is uncorrected (CI-HYPOCA).
pub const CALCIUM_LOW_MMOL_L: f64 = 2.10;
/// Cumulative PTH-analogue days beyond which CI-PTH applies (24 months), and abaloparatide alone (18 months).
const PTH_MAX_DAYS: i64 = 730;
const ABALOPARATIDE_MAX_DAYS: i64 = 548;
/// The exit drugs after denosumab, in order of preference (DMAB-EXIT-BLOCKED).
pub const EXIT_DRUGS: [Drug; 3] = [Drug::ZoledronicAcid, Drug::Alendronate, Drug::Risedronate];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DrugClass {
    Antiresorptive,
    Anabolic,
    Adjunct,
    Other,
}

/// Option statuses, in report order; `avoid` beats `caution`, which beats the other three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Preferred,
    Alternative,
    SecondLine,
    Caution,
    Avoid,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DrugOption {
    pub drug: Drug,
    pub class: DrugClass,
    pub status: Status,
    pub rules: Vec<RuleId>,
    /// v3 (reading 27): the status once the pending marks (CI-HYPOCA, CI-RENAL-UNKNOWN) are resolved, when they
    /// alone made the option `avoid` or `caution`; null for every other option.
    pub after_pending: Option<Status>,
    /// The starting table's status, before any CI rule (the plan's `avoid` items name the drugs it offered).
    #[serde(skip)]
    pub table_status: Status,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Treatment {
    pub rules: Vec<RuleId>,
    pub options: Vec<DrugOption>,
    /// v3: FU-BP-REVIEW's verdict for the current bisphosphonate; null outside stage `on_bisphosphonate`.
    pub bp_review: Option<BpReview>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BpVerdict {
    Continue,
    ConsiderHoliday,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BpReason {
    #[serde(rename = "hip_t_low")]
    HipTLow,
    #[serde(rename = "fracture")]
    Fracture,
    #[serde(rename = "very_high")]
    VeryHigh,
    #[serde(rename = "glucocorticoids")]
    Glucocorticoids,
    #[serde(rename = "no_fracture")]
    NoFracture,
    #[serde(rename = "hip_t_above_-2.5")]
    HipTAbove,
}

/// FU-BP-REVIEW (v3): when the review is due, and this patient's verdict with its reasons.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BpReview {
    #[serde(serialize_with = "super::iso_date::one")]
    pub due_on: chrono::NaiveDate,
    pub verdict: Option<BpVerdict>,
    pub reasons: Vec<BpReason>,
    /// The current bisphosphonate, and the infusions of its run (for the plan's next infusions).
    #[serde(skip)]
    pub drug: Drug,
    #[serde(skip)]
    pub infusions: Vec<chrono::NaiveDate>,
}

/// FU-BP-REVIEW for stage `on_bisphosphonate`: review after 5 oral years (≥ 1826 days in all) or 3 infusions.
pub fn bp_review(facts: &Facts, journey: &Journey, level: RiskLevel) -> Option<BpReview> {
    let drug = journey.drug.filter(|_| journey.stage == Stage::OnBisphosphonate)?;
    let today = facts.assessed_on;
    let since = journey.since.unwrap_or(today);
    let oral_days: i64 = facts
        .history
        .iter()
        .filter(|h| h.drug.is_oral_bisphosphonate())
        .map(|h| (h.end.unwrap_or(today) - h.start).num_days())
        .sum();
    let infusions: Vec<chrono::NaiveDate> =
        facts.history.iter().filter(|h| h.drug == Drug::ZoledronicAcid && h.start >= since).map(|h| h.start).collect();
    let due_now = oral_days >= 1826 || infusions.len() >= 3;
    if !due_now {
        let years = if drug == Drug::ZoledronicAcid { 3 } else { 5 };
        let due_on = super::dates::add_months(since, 12 * years).max(today);
        return Some(BpReview { due_on, verdict: None, reasons: Vec::new(), drug, infusions });
    }
    let hip_t = super::diagnosis::lowest_hip_t(facts);
    let mut reasons = Vec::new();
    if hip_t.is_some_and(|t| t <= -2.5) {
        reasons.push(BpReason::HipTLow);
    }
    if facts.has_fragility_fracture() {
        reasons.push(BpReason::Fracture);
    }
    if level == RiskLevel::VeryHigh {
        reasons.push(BpReason::VeryHigh);
    }
    if facts.glucocorticoid_mg_per_day > 0.0 {
        reasons.push(BpReason::Glucocorticoids);
    }
    let verdict = if reasons.is_empty() {
        reasons.push(BpReason::NoFracture);
        if hip_t.is_some() {
            reasons.push(BpReason::HipTAbove);
        }
        BpVerdict::ConsiderHoliday
    } else {
        BpVerdict::Continue
    };
    Some(BpReview { due_on: today, verdict: Some(verdict), reasons, drug, infusions })
}

pub fn class_of(drug: Drug) -> DrugClass {
    use Drug::*;
    match drug {
        Alendronate | Risedronate | Ibandronate | ZoledronicAcid | Denosumab | Raloxifene | Bazedoxifene
        | Calcitonin => DrugClass::Antiresorptive,
        Teriparatide | Abaloparatide | Romosozumab => DrugClass::Anabolic,
        Eldecalcitol | Alfacalcidol | Calcitriol | Menatetrenone => DrugClass::Adjunct,
        StrontiumRanelate | GrowthHormone | Testosterone | HormoneTherapy => DrugClass::Other,
    }
}

/// What the options are decided from.
pub struct TxContext<'a> {
    pub facts: &'a Facts,
    pub level: RiskLevel,
    pub journey: &'a Journey,
    pub frax: FraxUsed,
    /// Today's lowest T-score (not the pre-treatment one, reading 10).
    pub lowest_t: Option<f64>,
    pub giop: bool,
    /// v3: the ACR stratum when RISK-GIOP holds (TX-GIOP).
    pub giop_stratum: Option<GiopStratum>,
    /// v3: MON-FAILURE — a switch through the very-high row of 5.1 (or TX-GIOP's row).
    pub failure: bool,
    pub fracture_on_treatment: bool,
    /// The current drug of the stage is now avoided by a rule that is not pending (reading 20): a switch.
    pub current_contraindicated: bool,
    /// Stopping denosumab: the exit drug (given, or planned; None when blocked).
    pub exit_drug: Option<Drug>,
}

/// Which starting table applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    ByStage(RuleId),
    /// TX-ON-BP: the current bisphosphonate, and the risk table capped at `alternative`.
    OnBisphosphonate,
    ByRisk,
}

impl TxContext<'_> {
    pub fn table(&self) -> Table {
        match self.journey.stage {
            Stage::OnDenosumab => Table::ByStage(TxContinueDmab),
            Stage::StoppingDenosumab => Table::ByStage(TxExitDmab),
            Stage::AfterAnabolic => Table::ByStage(TxAfterAnabolic),
            Stage::OnDenosumabOncology => Table::ByStage(TxOnc),
            Stage::OnAnabolic | Stage::OnOther if self.failure => Table::ByRisk,
            Stage::OnAnabolic => Table::ByStage(TxOnAnabolic),
            Stage::OnBisphosphonate
                if !self.fracture_on_treatment && !self.current_contraindicated && !self.failure =>
            {
                Table::OnBisphosphonate
            }
            _ => Table::ByRisk,
        }
    }

    /// TX-GIOP replaces the 5.1 tables (RISK-GIOP at stratum moderate or above).
    fn giop_row(&self) -> Option<GiopStratum> {
        self.giop_stratum.filter(|&s| self.giop && s >= GiopStratum::Moderate)
    }

    /// The level the risk table is read at: MON-FAILURE reads the very-high row (reading 45; the level itself is
    /// not raised).
    fn table_level(&self) -> RiskLevel {
        if self.failure && self.level != RiskLevel::NotIndicated {
            RiskLevel::VeryHigh
        } else {
            self.level
        }
    }

    /// TX-VH-ANABOLIC: anabolic first at very high risk.
    pub fn anabolic_first(&self) -> bool {
        let vertebral =
            self.facts.fragility_fractures().filter(|f| f.site == super::case::FractureSite::Vertebral).count();
        let t = self.lowest_t;
        // v3: glucocorticoid patients follow TX-GIOP instead.
        self.table_level() == RiskLevel::VeryHigh
            && self.giop_row().is_none()
            && (vertebral >= 2
                || (vertebral >= 1 && t.is_some_and(|t| t <= -2.5))
                || (t.is_some_and(|t| t < -3.0) && self.facts.has_fragility_fracture()))
    }

    /// TX-VH-HIP: a hip fragility fracture within 24 months, at very high risk, not anabolic first.
    pub fn hip_fracture_first(&self) -> bool {
        let facts = self.facts;
        self.table_level() == RiskLevel::VeryHigh
            && self.giop_row().is_none()
            && !self.anabolic_first()
            && facts
                .fragility_fractures()
                .any(|f| f.site == super::case::FractureSite::Hip && within_months(f.date, facts.assessed_on, 24))
    }

    /// The rules of the risk table (5.1) that fire for this case.
    fn risk_table_rules(&self) -> Vec<RuleId> {
        if self.giop_row().is_some() && self.table() != Table::OnBisphosphonate {
            return vec![TxGiop];
        }
        match self.table_level() {
            RiskLevel::NotIndicated => vec![TxNotIndicated],
            RiskLevel::High => vec![TxHigh],
            RiskLevel::VeryHigh if self.anabolic_first() => vec![TxVeryHigh, TxVhAnabolic],
            RiskLevel::VeryHigh if self.hip_fracture_first() => vec![TxVeryHigh, TxVhHip],
            RiskLevel::VeryHigh => vec![TxVeryHigh],
        }
    }
}

/// Calcitonin and the adjuncts (TX-SECOND-LINE), strontium, growth hormone and testosterone (TX-OTHER): the same in
/// every table. None for the drugs the tables decide.
fn fixed_status(drug: Drug, sex: Sex) -> Option<(Status, Option<RuleId>)> {
    use Drug::*;
    match drug {
        Calcitonin | Eldecalcitol | Alfacalcidol | Calcitriol | Menatetrenone => {
            Some((Status::SecondLine, Some(TxSecondLine)))
        }
        Testosterone if sex == Sex::Female => Some((Status::Avoid, Some(TxOther))),
        StrontiumRanelate | GrowthHormone | Testosterone => Some((Status::SecondLine, Some(TxOther))),
        HormoneTherapy => Some((Status::SecondLine, None)),
        _ => None,
    }
}

/// SERMs at high risk: postmenopausal women at mainly spinal risk (no hip fracture, hip T > −2.5, FRAX hip < 3 %);
/// a value not entered does not exclude them (reading 25).
fn serm_fits(ctx: &TxContext) -> bool {
    let facts = ctx.facts;
    let hip_t_low = super::diagnosis::lowest_hip_t(facts).is_some_and(|t| t <= -2.5);
    facts.is_postmenopausal_woman()
        && !facts.fragility_fractures().any(|f| f.site == super::case::FractureSite::Hip)
        && !hip_t_low
        && !ctx.frax.hip.is_some_and(|p| p >= 3.0)
}

/// 5.1: the status by risk level, and the rule that set it (None: the table does not name the drug).
fn by_risk(ctx: &TxContext, drug: Drug, giop_allowed: bool) -> (Status, Option<RuleId>) {
    use Drug::*;
    use Status::*;
    if let Some(stratum) = ctx.giop_row().filter(|_| giop_allowed) {
        return (giop_status(stratum, drug), Some(TxGiop));
    }
    match ctx.table_level() {
        RiskLevel::VeryHigh => {
            let (rule, anabolic, zol_dmab) = if ctx.anabolic_first() {
                (TxVhAnabolic, Preferred, Alternative)
            } else if ctx.hip_fracture_first() {
                (TxVhHip, Alternative, Preferred)
            } else {
                (TxVeryHigh, Preferred, Preferred)
            };
            match drug {
                Teriparatide | Abaloparatide | Romosozumab => (anabolic, Some(rule)),
                ZoledronicAcid | Denosumab => (zol_dmab, Some(rule)),
                // TX-VERY-HIGH (v3): `aace-2020` keeps alendronate and risedronate as AACE's "alternate therapy".
                Alendronate | Risedronate if ctx.facts.profile == Profile::Aace2020 => (Alternative, Some(TxVeryHigh)),
                _ => (SecondLine, Some(TxVeryHigh)),
            }
        }
        _ => {
            let aace = ctx.facts.profile == Profile::Aace2020;
            match drug {
                Alendronate | Risedronate => (Preferred, Some(TxHigh)),
                ZoledronicAcid | Denosumab if aace => (Preferred, Some(TxHigh)),
                ZoledronicAcid | Denosumab | Ibandronate => (Alternative, Some(TxHigh)),
                Raloxifene | Bazedoxifene if serm_fits(ctx) => (Alternative, Some(TxHigh)),
                _ => (SecondLine, None),
            }
        }
    }
}

/// TX-GIOP (ACR-2022): the row of the stratum.
fn giop_status(stratum: GiopStratum, drug: Drug) -> Status {
    use Drug::*;
    use Status::*;
    match (stratum, drug) {
        (_, Romosozumab | Raloxifene | Bazedoxifene) => SecondLine,
        (GiopStratum::VeryHigh, Teriparatide | Abaloparatide) => Preferred,
        (GiopStratum::VeryHigh, Denosumab | ZoledronicAcid | Alendronate | Risedronate) => Alternative,
        (GiopStratum::VeryHigh, _) => SecondLine,
        (GiopStratum::High, Teriparatide | Abaloparatide | Denosumab) => Preferred,
        (GiopStratum::High, Alendronate | Risedronate | ZoledronicAcid | Ibandronate) => Alternative,
        (_, Alendronate | Risedronate | ZoledronicAcid | Denosumab | Teriparatide | Abaloparatide) => Preferred,
        (_, Ibandronate) => Alternative,
        _ => SecondLine,
    }
}

/// 5.2: the status by stage (`rule` is the stage's TX rule).
fn by_stage(ctx: &TxContext, rule: RuleId, drug: Drug) -> (Status, Option<RuleId>) {
    use Drug::*;
    use Status::*;
    let current = ctx.journey.drug;
    let status = match rule {
        TxContinueDmab => match drug {
            Denosumab => Preferred,
            ZoledronicAcid | Alendronate | Risedronate => Alternative,
            Teriparatide | Abaloparatide => Avoid,
            Romosozumab => Caution,
            _ => SecondLine,
        },
        TxExitDmab => match drug {
            d if Some(d) == ctx.exit_drug => Preferred,
            ZoledronicAcid | Alendronate | Risedronate => Alternative,
            Denosumab if ctx.exit_drug.is_none() => Preferred,
            Denosumab => Alternative,
            Teriparatide | Abaloparatide => Avoid,
            Romosozumab => Caution,
            _ => SecondLine,
        },
        TxOnc => match drug {
            d if d.is_bisphosphonate() => Avoid,
            Denosumab | Romosozumab | Teriparatide | Abaloparatide => Avoid,
            _ => SecondLine,
        },
        TxOnAnabolic => match drug {
            d if Some(d) == current => Preferred,
            ZoledronicAcid | Denosumab | Alendronate => Alternative,
            _ => SecondLine,
        },
        _ => match drug {
            ZoledronicAcid | Denosumab => Preferred,
            Alendronate | Risedronate => Alternative,
            _ => SecondLine,
        },
    };
    (status, Some(rule))
}

/// The starting table's status for one drug.
fn starting_status(ctx: &TxContext, drug: Drug) -> (Status, Vec<RuleId>) {
    if let Some((status, rule)) = fixed_status(drug, ctx.facts.sex) {
        return (status, rule.into_iter().collect());
    }
    match ctx.table() {
        Table::ByStage(rule) => {
            let (status, rule) = by_stage(ctx, rule, drug);
            (status, rule.into_iter().collect())
        }
        Table::OnBisphosphonate if Some(drug) == ctx.journey.drug => (Status::Preferred, vec![TxOnBp]),
        Table::OnBisphosphonate => {
            // Reading 47: the other drugs follow 5.1, not TX-GIOP, capped at `alternative`.
            let (status, rule) = by_risk(ctx, drug, false);
            let mut rules: Vec<RuleId> = rule.into_iter().collect();
            if status == Status::Preferred {
                rules.push(TxOnBp);
            }
            (status.max(Status::Alternative), rules)
        }
        Table::ByRisk => {
            let (status, rule) = by_risk(ctx, drug, true);
            (status, rule.into_iter().collect())
        }
    }
}

/// Every CI rule that applies to `drug`, with the status it imposes, in the book's order. The CI rules apply
/// whatever the risk level (the exit plan reads them too).
pub fn contraindications(facts: &Facts, drug: Drug) -> Vec<(RuleId, Status)> {
    use Drug::*;
    let kidney = facts.kidney_ml_min;
    let c = &facts.conditions;
    let cn = facts.profile == Profile::Cn2022;
    let mut found = Vec::new();
    let mut add = |rule, status, holds: bool| {
        if holds {
            found.push((rule, status));
        }
    };
    let renal_limit = match drug {
        Alendronate | ZoledronicAcid => Some(35.0),
        Risedronate | Ibandronate => Some(30.0),
        _ => None,
    };
    if let (Some(limit), Some(k)) = (renal_limit, kidney) {
        add(CiBpRenal, Status::Avoid, k < limit);
    }
    let severe_renal = facts.kidney_below(30.0);
    let renal_severe_status = match (drug, cn) {
        (Teriparatide | Abaloparatide | Raloxifene | Bazedoxifene | StrontiumRanelate, true) => Some(Status::Avoid),
        (Romosozumab, true) => Some(Status::Caution),
        (Teriparatide | Abaloparatide | Raloxifene | Romosozumab, false) => Some(Status::Caution),
        _ => None,
    };
    if let Some(status) = renal_severe_status {
        add(CiRenalSevere, status, severe_renal);
    }
    add(CiBpOralGi, Status::Avoid, drug.is_oral_bisphosphonate() && c.oral_bp_intolerance);
    // v3: every bisphosphonate too ("must be corrected before initiating therapy", LABEL-BP).
    let calcium_drug = drug.is_bisphosphonate() || matches!(drug, Denosumab | Romosozumab);
    add(CiHypoca, Status::Avoid, calcium_drug && hypocalcaemia(facts));
    if drug == Romosozumab {
        let recent = c.mi_or_stroke_last_12_months;
        let status = if recent || cn { Status::Avoid } else { Status::Caution };
        add(CiRomoCv, status, c.mi_or_stroke_ever);
    }
    if drug.is_pth_analogue() {
        let bone_risk =
            c.paget_or_raised_alp || c.open_epiphyses || c.skeletal_radiation || c.bone_malignancy || c.hypercalcaemia;
        let too_long = pth_days(facts, None) > PTH_MAX_DAYS
            || (cn && drug == Abaloparatide && pth_days(facts, Some(Abaloparatide)) > ABALOPARATIDE_MAX_DAYS);
        // v3: under aace-2020 abaloparatide beyond 2 years is avoided (US label), teriparatide a caution.
        let status = if bone_risk || cn || drug == Abaloparatide { Status::Avoid } else { Status::Caution };
        add(CiPth, status, bone_risk || too_long);
    }
    add(CiRomo12, Status::Avoid, drug == Romosozumab && romosozumab_course_complete(facts));
    let serm = matches!(drug, Raloxifene | Bazedoxifene);
    add(CiSerm, Status::Avoid, serm && (!facts.is_postmenopausal_woman() || c.vte_history));
    add(CiStrontium, Status::Avoid, drug == StrontiumRanelate && (c.vte_history || c.mi_or_stroke_ever));
    let adt = facts.has_cause(super::case::SecondaryCause::AndrogenDeprivation);
    add(CiTestoAdt, Status::Avoid, drug == Testosterone && adt);
    add(CiVk2Warfarin, Status::Avoid, drug == Menatetrenone && c.warfarin);
    add(CiDental, Status::Caution, (drug.is_bisphosphonate() || drug == Denosumab) && c.invasive_dental_planned);
    add(CiRenalUnknown, Status::Caution, kidney.is_none() && (drug == ZoledronicAcid || drug.is_oral_bisphosphonate()));
    found
}

/// CI-ROMO-12: a romosozumab period with ≥ 12 months from its start to `assessed_on` (or to its end).
pub fn romosozumab_course_complete(facts: &Facts) -> bool {
    facts
        .history
        .iter()
        .filter(|p| p.drug == Drug::Romosozumab)
        .any(|p| super::dates::add_months(p.start, 12) <= p.end.unwrap_or(facts.assessed_on))
}

/// CI-HYPOCA: the flag, or calcium (adjusted when albumin is known) below 2.10 mmol/L.
pub fn hypocalcaemia(facts: &Facts) -> bool {
    facts.conditions.hypocalcaemia || facts.calcium_mmol_l.is_some_and(|ca| ca < CALCIUM_LOW_MMOL_L)
}

/// Marks that hold a drug until a value is corrected or known (readings 1 and 19), not a contraindication.
pub fn is_pending(rule: RuleId) -> bool {
    matches!(rule, CiHypoca | CiRenalUnknown)
}

/// TX-LABEL-POP: outside the label population, at most `second_line`.
fn off_label(facts: &Facts, drug: Drug) -> bool {
    let man = facts.sex == Sex::Male;
    match drug {
        Drug::Romosozumab => !facts.is_postmenopausal_woman(),
        Drug::Ibandronate => man,
        Drug::Abaloparatide => man && facts.profile == Profile::Cn2022,
        _ => false,
    }
}

/// Days of PTH analogues in `history` (one drug, or both; ongoing periods up to `assessed_on`), as end − start.
pub fn pth_days(facts: &Facts, only: Option<Drug>) -> i64 {
    facts
        .history
        .iter()
        .filter(|p| p.drug.is_pth_analogue() && only.is_none_or(|d| d == p.drug))
        .map(|p| (p.end.unwrap_or(facts.assessed_on) - p.start).num_days())
        .sum()
}

/// The option for one drug: its starting status, capped by TX-LABEL-POP, then the CI rules (avoid > caution >
/// the rest). `ignore_pending` leaves out CI-HYPOCA and CI-RENAL-UNKNOWN (choosing the start drug, reading 19).
pub fn option_for(ctx: &TxContext, drug: Drug, ignore_pending: bool) -> DrugOption {
    let facts = ctx.facts;
    let (table_status, mut rules) = starting_status(ctx, drug);
    let mut status = table_status;
    if off_label(facts, drug) {
        status = status.max(Status::SecondLine);
        rules.push(TxLabelPop);
    }
    // The status the drug has once the pending marks are cleared (reading 1: still planned).
    let mut settled = status;
    // CI-DENTAL v3: a drug already being given keeps its status (dental work mid-interval; a current
    // bisphosphonate stays preferred).
    let keeps_status = (ctx.journey.stage == Stage::OnDenosumab && drug == Drug::Denosumab)
        || (ctx.table() == Table::OnBisphosphonate && Some(drug) == ctx.journey.drug);
    for (rule, imposed) in contraindications(facts, drug) {
        if rule == CiDental && keeps_status {
            continue;
        }
        if !is_pending(rule) {
            settled = settled.max(imposed);
        } else if ignore_pending {
            continue;
        }
        status = status.max(imposed);
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    // TX-AVAILABILITY (cn-2022): confirm local registration; anabolic first keeps teriparatide alone preferred.
    let cn = facts.profile == Profile::Cn2022;
    if cn && matches!(drug, Drug::Romosozumab | Drug::Abaloparatide) && status <= Status::Alternative {
        if status == Status::Preferred && rules.contains(&TxVhAnabolic) {
            status = Status::Alternative;
        }
        rules.push(TxAvailability);
    }
    let starts_denosumab =
        !matches!(ctx.journey.stage, Stage::OnDenosumab | Stage::StoppingDenosumab | Stage::OnDenosumabOncology);
    if drug == Drug::Denosumab && starts_denosumab && settled <= Status::Alternative {
        rules.push(DmabCommit);
    }
    // WORK-CV v3: where romosozumab is only offered, the cardiovascular question is a note on its option.
    if drug == Drug::Romosozumab && status <= Status::Alternative {
        rules.push(WorkCv);
    }
    let after_pending = (status > settled && status >= Status::Caution).then_some(settled);
    DrugOption { drug, class: class_of(drug), status, rules, after_pending, table_status }
}

/// Every option (empty when drug treatment is not indicated) and the TX rules of the case as a whole.
pub fn treatment(ctx: &TxContext) -> Treatment {
    if ctx.level == RiskLevel::NotIndicated {
        return Treatment { rules: vec![TxNotIndicated], options: Vec::new(), bp_review: None };
    }
    let mut rules = match ctx.table() {
        Table::ByStage(rule) => vec![rule],
        Table::OnBisphosphonate => {
            let mut r = ctx.risk_table_rules();
            r.push(TxOnBp);
            r
        }
        Table::ByRisk => ctx.risk_table_rules(),
    };
    rules.extend([TxSecondLine, TxOther]);
    if ctx.facts.kidney_ml_min.is_none() {
        rules.push(CiRenalUnknown);
    }
    let mut options: Vec<DrugOption> =
        Drug::ALL.into_iter().filter(|&d| d != Drug::HormoneTherapy).map(|d| option_for(ctx, d, false)).collect();
    if options.iter().any(|o| o.rules.contains(&TxAvailability)) {
        rules.push(TxAvailability);
    }
    crate::clinical::sorting::sort_by(&mut options, |a, b| {
        a.status.cmp(&b.status).then_with(|| a.drug.name().cmp(b.drug.name()))
    });
    // The review is of the bisphosphonate that goes on: a switch stops it (reading 49).
    let bp_review = bp_review(ctx.facts, ctx.journey, ctx.level).filter(|_| ctx.table() == Table::OnBisphosphonate);
    Treatment { rules, options, bp_review }
}

/// The start order of `start_treatment` (§8).
pub const START_ORDER: [Drug; 10] = [
    Drug::Alendronate,
    Drug::Risedronate,
    Drug::ZoledronicAcid,
    Drug::Denosumab,
    Drug::Teriparatide,
    Drug::Romosozumab,
    Drug::Abaloparatide,
    Drug::Ibandronate,
    Drug::Raloxifene,
    Drug::Bazedoxifene,
];

/// TX-GIOP's start order (reading 42): a PTH analogue before denosumab's open-ended commitment.
pub const GIOP_START_ORDER: [Drug; 10] = [
    Drug::Alendronate,
    Drug::Risedronate,
    Drug::ZoledronicAcid,
    Drug::Teriparatide,
    Drug::Abaloparatide,
    Drug::Denosumab,
    Drug::Romosozumab,
    Drug::Ibandronate,
    Drug::Raloxifene,
    Drug::Bazedoxifene,
];

/// The drug to start and whether TX-NONE-PREFERRED chose it: the first of the start order that is `preferred`
/// once the pending marks are set aside; else the first `alternative`, then `caution`, then `second_line`.
/// A switch from the current drug (a fracture on it, now contraindicated, or MON-FAILURE) starts another drug;
/// from a failing oral bisphosphonate, no oral bisphosphonate (reading 45).
pub fn start_drug(ctx: &TxContext) -> Option<(Drug, bool)> {
    let switching = matches!(ctx.journey.stage, Stage::OnBisphosphonate | Stage::OnAnabolic | Stage::OnOther);
    let current = ctx.journey.drug.filter(|_| switching);
    let skip = |d: Drug| {
        Some(d) == current
            || (ctx.failure && current.is_some_and(|c| c.is_oral_bisphosphonate()) && d.is_oral_bisphosphonate())
    };
    let order = if ctx.giop_row().is_some() && ctx.table() == Table::ByRisk { GIOP_START_ORDER } else { START_ORDER };
    let statuses: Vec<(Drug, Status)> =
        order.into_iter().filter(|&d| !skip(d)).map(|d| (d, option_for(ctx, d, true).status)).collect();
    if let Some(&(drug, _)) = statuses.iter().find(|(_, s)| *s == Status::Preferred) {
        return Some((drug, false));
    }
    [Status::Alternative, Status::Caution, Status::SecondLine]
        .into_iter()
        .find_map(|want| statuses.iter().find(|(_, s)| *s == want))
        .map(|&(drug, _)| (drug, true))
}

/// A drug avoided by a rule that is not pending (CI-HYPOCA and CI-RENAL-UNKNOWN are, reading 1).
pub fn contraindicated(facts: &Facts, drug: Drug) -> bool {
    contraindications(facts, drug).iter().any(|(rule, status)| *status == Status::Avoid && !is_pending(*rule))
}
