//! Section 2 of the rule book: OSTA, glucocorticoids (GC-adjusted FRAX, GIOP), whether drug treatment is
//! indicated, and the very-high-risk factors.

use serde::Serialize;

use super::case::Profile;
use super::dates::{add_months, within_months};
use super::diagnosis::{t_category, Category, Diagnosis, DxPath};
use super::facts::{Facts, FractureFact};
use super::journey::Stage;
use super::kidney::KidneyFrom;
use super::round::{round2, round_to};
use super::rules::RuleId::{self, *};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    NotIndicated,
    High,
    VeryHigh,
}

/// The ACR-2022 glucocorticoid strata (RISK-GIOP v3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GiopStratum {
    Low,
    Moderate,
    High,
    VeryHigh,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OstaBand {
    Low,
    Medium,
    High,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Osta {
    pub index: f64,
    pub band: OstaBand,
}

/// FRAX adjusted for the glucocorticoid dose (RISK-GC-FRAX), two decimals; a value not entered stays null.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FraxAdjusted {
    pub mof_percent: Option<f64>,
    pub hip_percent: Option<f64>,
    pub factor_mof: f64,
    pub factor_hip: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Risk {
    pub level: RiskLevel,
    pub treatment_indicated: bool,
    pub osta: Option<Osta>,
    pub crcl_ml_min: Option<f64>,
    /// The kidney function the rules use and its source; null on dialysis (`kidney_from` says so) or unknown.
    pub kidney_ml_min: Option<f64>,
    pub kidney_from: Option<KidneyFrom>,
    pub adjusted_calcium_mmol_l: Option<f64>,
    pub frax_adjusted: Option<FraxAdjusted>,
    /// v3: the ACR stratum, null unless RISK-GIOP's entry condition holds (reading 47).
    pub giop_stratum: Option<GiopStratum>,
    pub rules: Vec<RuleId>,
}

/// FRAX as the rules compare it: GC-adjusted where RISK-GC-FRAX applies, unrounded, capped at 100 %.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct FraxUsed {
    pub mof: Option<f64>,
    pub hip: Option<f64>,
    /// (MOF, hip) factors when adjusted.
    pub factors: Option<(f64, f64)>,
}

/// RISK-GC-FRAX (KANIS-2011): glucocorticoids in a course (taken or planned) of ≥ 3 months at > 0 mg/day and FRAX
/// entered.
pub fn frax_used(facts: &Facts) -> FraxUsed {
    let (mof, hip) = (facts.frax_mof_percent, facts.frax_hip_percent);
    let adjust = (mof.is_some() || hip.is_some())
        && facts.glucocorticoid_course() >= 3.0
        && facts.glucocorticoid_mg_per_day > 0.0;
    if !adjust {
        return FraxUsed { mof, hip, factors: None };
    }
    let dose = facts.glucocorticoid_mg_per_day;
    let (fm, fh) = if dose < 2.5 {
        (0.8, 0.65)
    } else if dose < 7.5 {
        (1.0, 1.0)
    } else {
        (1.15, 1.20)
    };
    FraxUsed { mof: mof.map(|p| (p * fm).min(100.0)), hip: hip.map(|p| (p * fh).min(100.0)), factors: Some((fm, fh)) }
}

/// RISK-OSTA: 0.2 × (weight − age), banded on the difference so −4.0 is never misbanded by floating point.
pub fn osta(weight_kg: f64, age_years: i64) -> Osta {
    let d = weight_kg - age_years as f64;
    let band = if d > -5.0 {
        OstaBand::Low
    } else if d < -20.0 {
        OstaBand::High
    } else {
        OstaBand::Medium
    };
    Osta { index: round_to(0.2 * d, 1), band }
}

/// RISK-VH-GC (ACR-2022): ≥ 30 mg/day for ≥ 1 month, or ≥ 5 g within a year, over the course taken or planned.
pub fn very_high_dose_glucocorticoids(facts: &Facts) -> bool {
    let mg = facts.glucocorticoid_mg_per_day;
    let cumulative_mg = mg * 30.4 * facts.glucocorticoid_course().min(12.0);
    facts.glucocorticoids_at_least(30.0, 1.0) || (mg > 0.0 && cumulative_mg >= 5000.0)
}

/// RISK-GIOP (ACR-2022, v3): the stratum, when glucocorticoids ≥ 2.5 mg/day in a course (taken or planned) of
/// ≥ 3 months, or at the high dose whatever the course length. `spine_or_hip_loss` is MON-DXA-CHANGE's `loss`.
pub fn giop_stratum(facts: &Facts, frax: &FraxUsed, spine_or_hip_loss: bool) -> Option<GiopStratum> {
    let very_high_dose = very_high_dose_glucocorticoids(facts);
    if !facts.glucocorticoids_at_least(2.5, 3.0) && !very_high_dose {
        return None;
    }
    let fracture = facts.has_fragility_fracture();
    let stratum = if facts.age_years >= 40 {
        // Any entered T-score, whatever the DX path.
        let lowest_t = facts.dxa.iter().filter_map(super::diagnosis::t_score_for_rules).reduce(f64::min);
        let t_at_most = |limit: f64| lowest_t.is_some_and(|t| t <= limit);
        let (mof, hip) = (frax.mof, frax.hip);
        if fracture
            || t_at_most(-3.5)
            || mof.is_some_and(|p| p >= 30.0)
            || hip.is_some_and(|p| p >= 4.5)
            || very_high_dose
        {
            GiopStratum::VeryHigh
        } else if t_at_most(-2.5) || mof.is_some_and(|p| p >= 20.0) || hip.is_some_and(|p| p >= 3.0) {
            GiopStratum::High
        } else if lowest_t.is_some_and(|t| t < -1.0) || mof.is_some_and(|p| p >= 10.0) || hip.is_some_and(|p| p > 1.0) {
            GiopStratum::Moderate
        } else {
            GiopStratum::Low
        }
    } else if fracture || very_high_dose {
        GiopStratum::VeryHigh
    } else {
        let low_z = facts.dxa.iter().filter_map(|d| d.z_score).any(|z| z < -3.0);
        if facts.glucocorticoids_at_least(7.5, 6.0) && (low_z || spine_or_hip_loss) {
            GiopStratum::Moderate
        } else {
            GiopStratum::Low
        }
    };
    Some(stratum)
}

/// RISK-TREAT without RISK-GIOP and RISK-ON-TX.
fn indicated_by_bone(facts: &Facts, dx: &Diagnosis, frax: &FraxUsed) -> bool {
    let hip_or_vertebral = facts.fragility_fractures().any(|f| f.site.is_hip_or_vertebral());
    match dx.path {
        DxPath::ZScore => {
            hip_or_vertebral || (dx.category == Category::BelowExpectedRange && facts.has_fragility_fracture())
        }
        DxPath::TScore | DxPath::Clinical => {
            let low_mass = dx.lowest_t.map(t_category) == Some(Category::LowBoneMass);
            let frax_high = frax.mof.is_some_and(|p| p >= 20.0) || frax.hip.is_some_and(|p| p >= 3.0);
            dx.lowest_t.is_some_and(|t| t <= -2.5)
                || dx.category >= Category::Osteoporosis && dx.category <= Category::SevereOsteoporosis
                || hip_or_vertebral
                || (low_mass && facts.fragility_fractures().any(|f| f.site.is_humerus_pelvis_or_forearm()))
                || (low_mass && frax_high)
        }
    }
}

/// RISK-VH-FX-ON-TX: the fracture's flag, a dated fracture inside a drug period, or within 6 months after a
/// denosumab injection.
pub fn fracture_on_treatment(facts: &Facts, fracture: &FractureFact) -> bool {
    if fracture.on_treatment {
        return true;
    }
    let Some(date) = fracture.date else { return false };
    // Zoledronic acid covers 12 months from its infusion whatever its `end` (reading 7). v3: a catalogue drug other
    // than the adjuncts (AACE's "approved osteoporosis therapy"); calcitonin still counts (reading 47).
    use super::case::Drug::{Alfacalcidol, Calcitriol, Eldecalcitol, Menatetrenone};
    let in_period = facts
        .history
        .iter()
        .filter(|p| !matches!(p.drug, Eldecalcitol | Alfacalcidol | Calcitriol | Menatetrenone))
        .any(|p| p.start <= date && date <= super::journey::period_end(p).unwrap_or(facts.assessed_on));
    let after_injection =
        facts.denosumab.iter().flat_map(|b| &b.injections).any(|&inj| inj <= date && date <= add_months(inj, 6));
    in_period || after_injection
}

/// The very-high-risk factors that hold, in the book's order.
fn very_high_factors(facts: &Facts, dx: &Diagnosis, frax: &FraxUsed) -> Vec<RuleId> {
    let recent_months = match facts.profile {
        Profile::Cn2022 => 24,
        Profile::Aace2020 => 12,
    };
    let checks = [
        (RiskVhRecentFx, facts.fragility_fractures().any(|f| within_months(f.date, facts.assessed_on, recent_months))),
        (RiskVhFxOnTx, facts.fractures.iter().any(|f| fracture_on_treatment(facts, f))),
        (RiskVhMultiFx, facts.fragility_fractures().count() >= 2),
        (RiskVhGc, very_high_dose_glucocorticoids(facts)),
        (RiskVhT, dx.lowest_t.is_some_and(|t| t < -3.0)),
        (RiskVhFalls, facts.falls_last_12_months >= 2 || facts.injurious_fall),
        (RiskVhFrax, frax.mof.is_some_and(|p| p > 30.0) || frax.hip.is_some_and(|p| p > 4.5)),
    ];
    checks.into_iter().filter(|(_, holds)| *holds).map(|(rule, _)| rule).collect()
}

/// What the risk section reads from the follow-up (§7b).
#[derive(Clone, Copy, Debug, Default)]
pub struct FollowUpRisk {
    /// MON-DXA-CHANGE `loss` at the spine or hip (RISK-GIOP under 40).
    pub spine_or_hip_loss: bool,
    /// MON-HOLIDAY: a holiday under way (not restarted on DX-PERSISTS, a spine T-score or FRAX alone).
    pub on_holiday: bool,
    /// MON-HOLIDAY: the holiday has ended (treatment is indicated).
    pub holiday_ended: bool,
}

pub fn assess(facts: &Facts, dx: &Diagnosis, stage: Stage, follow_up: FollowUpRisk) -> Risk {
    let frax = frax_used(facts);
    let giop_stratum = giop_stratum(facts, &frax, follow_up.spine_or_hip_loss);
    let giop = giop_stratum.is_some_and(|s| s >= GiopStratum::Moderate);
    let on_treatment = stage.is_on_treatment();
    // Reading 48: during a holiday only RISK-GIOP indicates treatment; a holiday that ends does.
    let by_bone = if follow_up.on_holiday { false } else { indicated_by_bone(facts, dx, &frax) };
    let indicated = by_bone || giop || on_treatment || follow_up.holiday_ended;
    let mut rules = Vec::new();
    if indicated {
        rules.push(RiskTreat);
    }
    if frax.factors.is_some() {
        rules.push(RiskGcFrax);
    }
    if giop {
        rules.push(RiskGiop);
    }
    if on_treatment {
        rules.push(RiskOnTx);
    }
    let level = if indicated {
        let factors = very_high_factors(facts, dx, &frax);
        let level = if factors.is_empty() { RiskLevel::High } else { RiskLevel::VeryHigh };
        rules.extend(factors);
        level
    } else {
        RiskLevel::NotIndicated
    };
    let osta = facts.weight_kg.map(|w| osta(w, facts.age_years));
    if osta.is_some() {
        rules.push(RiskOsta);
    }
    let adjusted_calcium = facts.albumin_g_l.and(facts.calcium_mmol_l).map(round2);
    Risk {
        level,
        treatment_indicated: indicated,
        osta,
        crcl_ml_min: facts.crcl_ml_min.map(round2),
        kidney_ml_min: facts.kidney_ml_min.filter(|_| facts.kidney_from != Some(KidneyFrom::Dialysis)).map(round2),
        kidney_from: facts.kidney_from,
        adjusted_calcium_mmol_l: adjusted_calcium,
        frax_adjusted: frax.factors.map(|(fm, fh)| FraxAdjusted {
            mof_percent: frax.mof.map(round2),
            hip_percent: frax.hip.map(round2),
            factor_mof: fm,
            factor_hip: fh,
        }),
        giop_stratum,
        rules,
    }
}
