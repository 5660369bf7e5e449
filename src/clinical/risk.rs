//! Section 2 of the rule book: OSTA, whether drug treatment is indicated, and the very-high-risk factors.

use serde::Serialize;

use super::case::Profile;
use super::dates::{add_months, within_months};
use super::diagnosis::{t_category, Category, Diagnosis, DxPath};
use super::facts::{Facts, FractureFact};
use super::round::{round2, round_to};
use super::rules::RuleId::{self, *};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    NotIndicated,
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Risk {
    pub level: RiskLevel,
    pub treatment_indicated: bool,
    pub osta: Option<Osta>,
    pub crcl_ml_min: Option<f64>,
    pub rules: Vec<RuleId>,
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

/// RISK-TREAT.
fn treatment_indicated(facts: &Facts, dx: &Diagnosis) -> bool {
    let mut fragility = facts.fragility_fractures().map(|f| f.site);
    let hip_or_vertebral = facts.fragility_fractures().any(|f| f.site.is_hip_or_vertebral());
    match dx.path {
        DxPath::ZScore => {
            hip_or_vertebral || (dx.category == Category::BelowExpectedRange && fragility.next().is_some())
        }
        DxPath::TScore => {
            let low_mass = dx.lowest_t.map(t_category) == Some(Category::LowBoneMass);
            let frax_high =
                facts.frax_mof_percent.is_some_and(|p| p >= 20.0) || facts.frax_hip_percent.is_some_and(|p| p >= 3.0);
            dx.lowest_t.is_some_and(|t| t <= -2.5)
                || hip_or_vertebral
                || (low_mass && fragility.any(|s| s.is_humerus_pelvis_or_forearm()))
                || (low_mass && frax_high)
        }
    }
}

/// RISK-VH-FX-ON-TX: the fracture's flag, a dated fracture inside a drug period, or within 6 months after a
/// denosumab injection.
fn fracture_on_treatment(facts: &Facts, fracture: &FractureFact) -> bool {
    if fracture.on_treatment {
        return true;
    }
    let Some(date) = fracture.date else { return false };
    let in_period = facts.history.iter().any(|p| p.start <= date && date <= p.end.unwrap_or(facts.assessed_on));
    let after_injection =
        facts.denosumab.iter().flat_map(|b| &b.injections).any(|&inj| inj <= date && date <= add_months(inj, 6));
    in_period || after_injection
}

/// The very-high-risk factors that hold, in the book's order.
fn very_high_factors(facts: &Facts, dx: &Diagnosis) -> Vec<RuleId> {
    let recent_months = match facts.profile {
        Profile::Cn2022 => 24,
        Profile::Aace2020 => 12,
    };
    let checks = [
        (RiskVhRecentFx, facts.fragility_fractures().any(|f| within_months(f.date, facts.assessed_on, recent_months))),
        (RiskVhFxOnTx, facts.fractures.iter().any(|f| fracture_on_treatment(facts, f))),
        (RiskVhMultiFx, facts.fragility_fractures().count() >= 2),
        (RiskVhGc, facts.glucocorticoid_mg_per_day >= 7.5 && facts.glucocorticoid_months >= 3.0),
        (RiskVhT, dx.lowest_t.is_some_and(|t| t < -3.0)),
        (RiskVhFalls, facts.falls_last_12_months >= 2 || facts.injurious_fall),
        (
            RiskVhFrax,
            facts.frax_mof_percent.is_some_and(|p| p > 30.0) || facts.frax_hip_percent.is_some_and(|p| p > 4.5),
        ),
    ];
    checks.into_iter().filter(|(_, holds)| *holds).map(|(rule, _)| rule).collect()
}

pub fn assess(facts: &Facts, dx: &Diagnosis) -> Risk {
    let indicated = treatment_indicated(facts, dx);
    let mut rules = Vec::new();
    let level = if indicated {
        rules.push(RiskTreat);
        let factors = very_high_factors(facts, dx);
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
    Risk { level, treatment_indicated: indicated, osta, crcl_ml_min: facts.crcl_ml_min.map(round2), rules }
}
