//! A validated case: every value in its domain, dates parsed, units converted to one per quantity.
//! The rules read only this.

use chrono::NaiveDate;

use super::case::{
    BmdReference, Conditions, Drug, FractureSite, Menopause, Plan, Profile, Regimen, SecondaryCause, Sex, Site,
};
use super::kidney::KidneyFrom;

#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    pub assessed_on: NaiveDate,
    pub profile: Profile,
    pub sex: Sex,
    pub age_years: i64,
    pub menopause: Option<Menopause>,
    pub weight_kg: Option<f64>,
    pub dxa: Vec<DxaFact>,
    pub pre_treatment_t_score: Option<f64>,
    pub fractures: Vec<FractureFact>,
    pub frax_mof_percent: Option<f64>,
    pub frax_hip_percent: Option<f64>,
    pub falls_last_12_months: i64,
    pub injurious_fall: bool,
    pub glucocorticoid_mg_per_day: f64,
    pub glucocorticoid_months: f64,
    pub secondary_causes: Vec<SecondaryCause>,
    /// Cockcroft–Gault creatinine clearance (mL/min), when creatinine and weight are known.
    pub crcl_ml_min: Option<f64>,
    pub egfr_ml_min: Option<f64>,
    /// Creatinine was given (in either unit), whether or not CrCl could be computed.
    pub creatinine_given: bool,
    /// The kidney function the rules use (`kidney::kidney_function`); None when unknown. Dialysis is 0.
    pub kidney_ml_min: Option<f64>,
    pub kidney_from: Option<KidneyFrom>,
    /// Total serum calcium as entered (mmol/L).
    pub total_calcium_mmol_l: Option<f64>,
    pub albumin_g_l: Option<f64>,
    /// The calcium every rule uses: adjusted for albumin when albumin is given (BASE-CA-ADJ), else total.
    pub calcium_mmol_l: Option<f64>,
    pub vitamin_d_nmol_l: Option<f64>,
    pub conditions: Conditions,
    pub history: Vec<Period>,
    pub denosumab: Option<DenosumabFacts>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DxaFact {
    /// The entry's position in the case's `dxa` list (for error paths).
    pub index: usize,
    pub site: Site,
    pub t_score: Option<f64>,
    pub z_score: Option<f64>,
    pub bmd_g_cm2: Option<f64>,
    pub reference: Option<BmdReference>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FractureFact {
    pub site: FractureSite,
    pub date: Option<NaiveDate>,
    pub fragility: bool,
    pub on_treatment: bool,
    pub nonunion: bool,
}

/// A period of drug treatment; `end` None means ongoing.
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    pub drug: Drug,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DenosumabFacts {
    pub regimen: Regimen,
    /// Sorted, oldest first.
    pub injections: Vec<NaiveDate>,
    pub plan: Plan,
}

impl Facts {
    /// Fragility fractures only (an absent `fragility` counts as true).
    pub fn fragility_fractures(&self) -> impl Iterator<Item = &FractureFact> {
        self.fractures.iter().filter(|f| f.fragility)
    }

    pub fn is_postmenopausal_woman(&self) -> bool {
        self.sex == Sex::Female && self.menopause == Some(Menopause::Postmenopausal)
    }

    /// Kidney function below 30 mL/min, or dialysis (CI-RENAL-SEVERE, DMAB-CKD).
    pub fn kidney_below(&self, limit: f64) -> bool {
        self.kidney_ml_min.is_some_and(|k| k < limit)
    }

    /// Glucocorticoids at `mg` mg/day or more for `months` months or more.
    pub fn glucocorticoids_at_least(&self, mg: f64, months: f64) -> bool {
        self.glucocorticoid_mg_per_day >= mg && self.glucocorticoid_months >= months
    }

    pub fn has_fragility_fracture(&self) -> bool {
        self.fractures.iter().any(|f| f.fragility)
    }
}
