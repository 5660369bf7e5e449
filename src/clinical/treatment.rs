//! Section 3: drug options by risk level (TX-*), then contraindications and cautions (CI-*).

use serde::Serialize;

use super::case::{Drug, Sex};
use super::facts::Facts;
use super::risk::RiskLevel;
use super::rules::RuleId::{self, *};

/// Below this serum calcium (mmol/L), hypocalcaemia is uncorrected (CI-HYPOCA).
const CALCIUM_LOW_MMOL_L: f64 = 2.10;
/// Cumulative PTH-analogue days beyond which a caution applies (CI-PTH: 24 months).
const PTH_MAX_DAYS: i64 = 730;

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
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Treatment {
    pub rules: Vec<RuleId>,
    pub options: Vec<DrugOption>,
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

/// The drug table: status before any CI rule, and the TX rule that set it (None: no TX rule names it).
fn base_status(drug: Drug, level: RiskLevel, sex: Sex) -> (Status, Option<RuleId>) {
    use Drug::*;
    use Status::*;
    let very_high = level == RiskLevel::VeryHigh;
    match drug {
        Alendronate | Risedronate | Ibandronate | Raloxifene | Bazedoxifene if very_high => (SecondLine, None),
        Alendronate | Risedronate => (Preferred, Some(TxHigh)),
        Ibandronate | Raloxifene | Bazedoxifene => (Alternative, Some(TxHigh)),
        ZoledronicAcid | Denosumab if very_high => (Alternative, Some(TxVeryHigh)),
        ZoledronicAcid | Denosumab => (Preferred, Some(TxHigh)),
        Teriparatide | Abaloparatide | Romosozumab if very_high => (Preferred, Some(TxVeryHigh)),
        Teriparatide | Abaloparatide | Romosozumab => (SecondLine, None),
        Calcitonin | Eldecalcitol | Alfacalcidol | Calcitriol | Menatetrenone => (SecondLine, Some(TxSecondLine)),
        Testosterone if sex == Sex::Female => (Avoid, Some(TxOther)),
        StrontiumRanelate | GrowthHormone | Testosterone => (SecondLine, Some(TxOther)),
        HormoneTherapy => (SecondLine, None),
    }
}

/// Every CI rule that applies to `drug`, with the status it imposes, in the book's order.
pub fn contraindications(facts: &Facts, drug: Drug) -> Vec<(RuleId, Status)> {
    use Drug::*;
    let kidney = facts.kidney_ml_min;
    let c = &facts.conditions;
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
    add(CiBpOralGi, Status::Avoid, drug.is_oral_bisphosphonate() && c.oral_bp_intolerance);
    let low_calcium = c.hypocalcaemia || facts.calcium_mmol_l.is_some_and(|ca| ca < CALCIUM_LOW_MMOL_L);
    add(CiHypoca, Status::Avoid, matches!(drug, ZoledronicAcid | Denosumab | Romosozumab) && low_calcium);
    add(CiRomoCv, Status::Avoid, drug == Romosozumab && c.mi_or_stroke_last_12_months);
    if drug.is_pth_analogue() {
        let bone_risk =
            c.paget_or_raised_alp || c.open_epiphyses || c.skeletal_radiation || c.bone_malignancy || c.hypercalcaemia;
        add(CiPth, Status::Avoid, bone_risk);
        add(CiPth, Status::Caution, !bone_risk && pth_days(facts) > PTH_MAX_DAYS);
    }
    let serm = matches!(drug, Raloxifene | Bazedoxifene);
    add(CiSerm, Status::Avoid, serm && (!facts.is_postmenopausal_woman() || c.vte_history));
    add(CiVk2Warfarin, Status::Avoid, drug == Menatetrenone && c.warfarin);
    add(CiDental, Status::Caution, (drug.is_bisphosphonate() || drug == Denosumab) && c.invasive_dental_planned);
    add(CiRenalUnknown, Status::Caution, kidney.is_none() && (drug == ZoledronicAcid || drug.is_oral_bisphosphonate()));
    found
}

/// Days of teriparatide and abaloparatide in `history` (ongoing periods up to `assessed_on`), as end − start.
pub fn pth_days(facts: &Facts) -> i64 {
    facts
        .history
        .iter()
        .filter(|p| p.drug.is_pth_analogue())
        .map(|p| (p.end.unwrap_or(facts.assessed_on) - p.start).num_days())
        .sum()
}

/// The option for one drug: its table status, overridden by CI rules (avoid > caution > the rest).
pub fn option_for(facts: &Facts, level: RiskLevel, drug: Drug) -> DrugOption {
    let (mut status, base_rule) = base_status(drug, level, facts.sex);
    let mut rules: Vec<RuleId> = base_rule.into_iter().collect();
    for (rule, imposed) in contraindications(facts, drug) {
        status = status.max(imposed);
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    DrugOption { drug, class: class_of(drug), status, rules }
}

pub fn treatment(facts: &Facts, level: RiskLevel) -> Treatment {
    if level == RiskLevel::NotIndicated {
        return Treatment { rules: vec![TxNotIndicated], options: Vec::new() };
    }
    let mut rules = vec![if level == RiskLevel::VeryHigh { TxVeryHigh } else { TxHigh }, TxSecondLine, TxOther];
    if facts.kidney_ml_min.is_none() {
        rules.push(CiRenalUnknown);
    }
    let mut options: Vec<DrugOption> =
        Drug::ALL.into_iter().filter(|&d| d != Drug::HormoneTherapy).map(|d| option_for(facts, level, d)).collect();
    super::small_sort::sort_small_by(&mut options, |a, b| {
        a.status.cmp(&b.status).then_with(|| a.drug.name().cmp(b.drug.name()))
    });
    Treatment { rules, options }
}
