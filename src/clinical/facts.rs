//! A validated case: every value in its domain, dates parsed, units converted to one per quantity.
//! The rules read only this.

use chrono::NaiveDate;

use super::case::{
    BmdReference, BtmReference, BtmTest, Conditions, Drug, FractureSite, LscPercent, Menopause, Plan, Profile, Regimen,
    SecondaryCause, Sex, Site,
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
    /// The date of today's `dxa` entries (`dxa_date`, default `assessed_on`).
    pub dxa_date: NaiveDate,
    pub dxa_machine: Option<String>,
    /// Earlier studies, oldest first.
    pub dxa_previous: Vec<PreviousDxaFact>,
    pub lsc_percent: LscPercent,
    /// Marker results in ng/mL, oldest first.
    pub btm: Vec<BtmFact>,
    pub btm_reference: BtmReference,
    pub pre_treatment_t_score: Option<f64>,
    pub fractures: Vec<FractureFact>,
    pub frax_mof_percent: Option<f64>,
    pub frax_hip_percent: Option<f64>,
    pub falls_last_12_months: i64,
    pub injurious_fall: bool,
    pub glucocorticoid_mg_per_day: f64,
    /// Taken so far.
    pub glucocorticoid_months: f64,
    /// The whole planned course, when given (reading 26).
    pub glucocorticoid_planned_months: Option<f64>,
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
    pub surgery_date: Option<NaiveDate>,
}

/// An earlier DXA study of one site.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviousDxaFact {
    pub date: NaiveDate,
    pub site: Site,
    pub bmd_g_cm2: Option<f64>,
    pub t_score: Option<f64>,
    pub machine: Option<String>,
}

/// A bone turnover marker result, converted to ng/mL.
#[derive(Clone, Debug, PartialEq)]
pub struct BtmFact {
    pub test: BtmTest,
    pub date: NaiveDate,
    pub value_ng_ml: f64,
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

    /// The glucocorticoid course in months: the larger of the months taken and the planned course (reading 26).
    pub fn glucocorticoid_course(&self) -> f64 {
        self.glucocorticoid_months.max(self.glucocorticoid_planned_months.unwrap_or(0.0))
    }

    /// Glucocorticoids at `mg` mg/day or more in a course (taken or planned) of `months` months or more.
    pub fn glucocorticoids_at_least(&self, mg: f64, months: f64) -> bool {
        self.glucocorticoid_mg_per_day >= mg && self.glucocorticoid_course() >= months
    }

    /// A cancer treatment that removes sex hormones (reading 57) or androgen deprivation (CI-TESTO-ADT).
    pub fn has_cause(&self, cause: SecondaryCause) -> bool {
        self.secondary_causes.contains(&cause)
    }

    pub fn has_fragility_fracture(&self) -> bool {
        self.fractures.iter().any(|f| f.fragility)
    }
}
