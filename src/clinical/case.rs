//! The case document (`osteoplan-case/3`, which reads every `osteoplan-case/1` and `/2`), exactly as
//! `shared/spec/case-format.md` defines it.
//!
//! A `Case` is the document *as given*: required values are `Option`s and dates are kept as text, so that
//! `validate` can report every missing or bad value at once instead of stopping at the first.

use serde::{Deserialize, Serialize};

/// The format written by export; `CASE_FORMATS` are the ones read.
pub const CASE_FORMAT: &str = "osteoplan-case/3";
pub const CASE_FORMATS: [&str; 3] = ["osteoplan-case/1", "osteoplan-case/2", CASE_FORMAT];
/// The formats written before v3: a v3 field in a case that says one of these is an `unknown_field`.
pub const PRE_V3_FORMATS: [&str; 2] = ["osteoplan-case/1", "osteoplan-case/2"];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_on: Option<CaseDate>,
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub patient: Patient,
    #[serde(default)]
    pub dxa: Vec<DxaEntry>,
    /// v3: the date of today's `dxa` entries (absent: `assessed_on`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dxa_date: Option<CaseDate>,
    /// v3: the scanner of today's study (MON-DXA-CHANGE compares only the same machine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dxa_machine: Option<String>,
    /// v3: earlier DXA studies, one entry per site and date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dxa_previous: Vec<PreviousDxa>,
    /// v3: the centre's least significant change per site (MON-LSC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lsc_percent: Option<LscPercent>,
    /// v3: bone turnover marker results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub btm: Vec<BtmResult>,
    /// v3: the laboratory's premenopausal means (MON-BTM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub btm_reference: Option<BtmReference>,
    /// The lowest T-score before any drug treatment (DX-PERSISTS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_treatment_t_score: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fractures: Vec<Fracture>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frax: Option<Frax>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub falls_last_12_months: Option<i64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub injurious_fall: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glucocorticoids: Option<Glucocorticoids>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secondary_causes: Vec<SecondaryCause>,
    #[serde(default, skip_serializing_if = "Labs::is_empty")]
    pub labs: Labs,
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    pub conditions: Conditions,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<DrugPeriod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denosumab: Option<DenosumabBlock>,
}

/// A calendar date as written, `YYYY-MM-DD`; `validate` parses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseDate(pub String);

impl CaseDate {
    /// The years a clinical date may fall in; anything else is a typo (and keeps date arithmetic in 4 digits).
    pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

    /// The date, if the text is a real calendar date in exactly the form `YYYY-MM-DD`, in `YEARS`.
    pub fn parse(&self) -> Option<chrono::NaiveDate> {
        let s = self.0.as_str();
        let shape_ok = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !shape_ok {
            return None;
        }
        // The shape is checked, so the three parts are plain digits (no chrono format parser needed: smaller wasm).
        let number = |range: std::ops::Range<usize>| s[range].parse::<u32>().ok();
        let year = number(0..4)? as i32;
        if !Self::YEARS.contains(&year) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
    }
}

impl From<chrono::NaiveDate> for CaseDate {
    fn from(date: chrono::NaiveDate) -> Self {
        CaseDate(date.to_string())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Profile {
    #[default]
    #[serde(rename = "cn-2022")]
    Cn2022,
    #[serde(rename = "aace-2020")]
    Aace2020,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_years: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menopause: Option<Menopause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Menopause {
    Premenopausal,
    Perimenopausal,
    Postmenopausal,
}

/// A DXA measurement site (DX-SITES).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    LumbarSpine,
    FemoralNeck,
    TotalHip,
    #[serde(rename = "radius_33")]
    Radius33,
}

impl Site {
    pub const ALL: [Site; 4] = [Site::LumbarSpine, Site::FemoralNeck, Site::TotalHip, Site::Radius33];

    /// The spec's name, e.g. "total_hip" (error paths).
    pub fn key(self) -> &'static str {
        match self {
            Site::LumbarSpine => "lumbar_spine",
            Site::FemoralNeck => "femoral_neck",
            Site::TotalHip => "total_hip",
            Site::Radius33 => "radius_33",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DxaEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Site>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub t_score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z_score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bmd_g_cm2: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<BmdReference>,
}

/// A young-adult reference for turning BMD into a T-score (DX-FROM-BMD).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BmdReference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FractureSite {
    Hip,
    Vertebral,
    ProximalHumerus,
    Pelvis,
    DistalForearm,
    Other,
}

impl FractureSite {
    pub const ALL: [FractureSite; 6] = [
        FractureSite::Hip,
        FractureSite::Vertebral,
        FractureSite::ProximalHumerus,
        FractureSite::Pelvis,
        FractureSite::DistalForearm,
        FractureSite::Other,
    ];

    /// Hip or vertebral: a fragility fracture here is osteoporosis whatever the T-score (DX-FX-HIP-VERT).
    pub fn is_hip_or_vertebral(self) -> bool {
        matches!(self, FractureSite::Hip | FractureSite::Vertebral)
    }

    /// Proximal humerus, pelvis or distal forearm (DX-FX-OTHER, RISK-TREAT).
    pub fn is_humerus_pelvis_or_forearm(self) -> bool {
        matches!(self, FractureSite::ProximalHumerus | FractureSite::Pelvis | FractureSite::DistalForearm)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fracture {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<FractureSite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<CaseDate>,
    /// Absent means true: a fracture entered here is taken as a fragility fracture unless marked otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fragility: Option<bool>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub on_treatment: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nonunion: bool,
    /// v3: the date of the repair (HORIZON-RFT counts zoledronic acid's timing from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surgery_date: Option<CaseDate>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frax {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mof_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hip_percent: Option<f64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glucocorticoids {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mg_per_day: Option<f64>,
    /// Taken so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<f64>,
    /// v3: the whole planned course, months taken included (reading 26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_months: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondaryCause {
    Glucocorticoids,
    Thyroid,
    GiMalabsorption,
    Ckd,
    Liver,
    InflammatoryAutoimmune,
    Haematological,
    Heparin,
    Anticonvulsants,
    Contraceptives,
    Hypogonadism,
    Other,
    /// v3 (DMAB-CA-PREDISPOSED).
    Hypoparathyroidism,
    /// v3: thyroid or parathyroid surgery (DMAB-CA-PREDISPOSED).
    NeckSurgery,
    /// v3: androgen-deprivation therapy for prostate cancer (CI-TESTO-ADT).
    AndrogenDeprivation,
    /// v3: aromatase inhibitor for breast cancer (reading 57).
    AromataseInhibitor,
}

impl SecondaryCause {
    /// The causes a case of format `/1` or `/2` may not name (reading 50).
    pub fn is_v3(self) -> bool {
        matches!(
            self,
            SecondaryCause::Hypoparathyroidism
                | SecondaryCause::NeckSurgery
                | SecondaryCause::AndrogenDeprivation
                | SecondaryCause::AromataseInhibitor
        )
    }

    /// Cancer treatments that remove sex hormones (reading 57).
    pub fn removes_sex_hormones(self) -> bool {
        matches!(self, SecondaryCause::AndrogenDeprivation | SecondaryCause::AromataseInhibitor)
    }

    pub const ALL: [SecondaryCause; 16] = [
        SecondaryCause::Glucocorticoids,
        SecondaryCause::Thyroid,
        SecondaryCause::GiMalabsorption,
        SecondaryCause::Ckd,
        SecondaryCause::Liver,
        SecondaryCause::InflammatoryAutoimmune,
        SecondaryCause::Haematological,
        SecondaryCause::Heparin,
        SecondaryCause::Anticonvulsants,
        SecondaryCause::Contraceptives,
        SecondaryCause::Hypogonadism,
        SecondaryCause::Other,
        SecondaryCause::Hypoparathyroidism,
        SecondaryCause::NeckSurgery,
        SecondaryCause::AndrogenDeprivation,
        SecondaryCause::AromataseInhibitor,
    ];
}

/// Laboratory values; each in one of two units at most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egfr_ml_min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creatinine_umol_l: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creatinine_mg_dl: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calcium_mmol_l: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calcium_mg_dl: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vitamin_d_nmol_l: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vitamin_d_ng_ml: Option<f64>,
    /// Serum albumin, to adjust the calcium (BASE-CA-ADJ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub albumin_g_l: Option<f64>,
}

impl Labs {
    fn is_empty(&self) -> bool {
        *self == Labs::default()
    }
}

/// Conditions that change drug choice; absent means false.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Conditions {
    pub dialysis: bool,
    pub oral_bp_intolerance: bool,
    pub mi_or_stroke_last_12_months: bool,
    /// Any myocardial infarction or stroke, however long ago (the last 12 months implies it).
    pub mi_or_stroke_ever: bool,
    pub vte_history: bool,
    pub invasive_dental_planned: bool,
    pub hypocalcaemia: bool,
    pub paget_or_raised_alp: bool,
    pub open_epiphyses: bool,
    pub skeletal_radiation: bool,
    pub bone_malignancy: bool,
    pub hypercalcaemia: bool,
    pub warfarin: bool,
}

impl Conditions {
    fn is_empty(&self) -> bool {
        *self == Conditions::default()
    }
}

/// Every drug of the catalogue (`history[].drug`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Drug {
    Alendronate,
    Risedronate,
    Ibandronate,
    ZoledronicAcid,
    Denosumab,
    Raloxifene,
    Bazedoxifene,
    Calcitonin,
    Eldecalcitol,
    Alfacalcidol,
    Calcitriol,
    Menatetrenone,
    Teriparatide,
    Abaloparatide,
    Romosozumab,
    StrontiumRanelate,
    GrowthHormone,
    Testosterone,
    HormoneTherapy,
}

impl Drug {
    pub const ALL: [Drug; 19] = [
        Drug::Alendronate,
        Drug::Risedronate,
        Drug::Ibandronate,
        Drug::ZoledronicAcid,
        Drug::Denosumab,
        Drug::Raloxifene,
        Drug::Bazedoxifene,
        Drug::Calcitonin,
        Drug::Eldecalcitol,
        Drug::Alfacalcidol,
        Drug::Calcitriol,
        Drug::Menatetrenone,
        Drug::Teriparatide,
        Drug::Abaloparatide,
        Drug::Romosozumab,
        Drug::StrontiumRanelate,
        Drug::GrowthHormone,
        Drug::Testosterone,
        Drug::HormoneTherapy,
    ];

    /// The spec's name, e.g. "zoledronic_acid" (used to sort options by name).
    pub fn name(self) -> &'static str {
        match self {
            Drug::Alendronate => "alendronate",
            Drug::Risedronate => "risedronate",
            Drug::Ibandronate => "ibandronate",
            Drug::ZoledronicAcid => "zoledronic_acid",
            Drug::Denosumab => "denosumab",
            Drug::Raloxifene => "raloxifene",
            Drug::Bazedoxifene => "bazedoxifene",
            Drug::Calcitonin => "calcitonin",
            Drug::Eldecalcitol => "eldecalcitol",
            Drug::Alfacalcidol => "alfacalcidol",
            Drug::Calcitriol => "calcitriol",
            Drug::Menatetrenone => "menatetrenone",
            Drug::Teriparatide => "teriparatide",
            Drug::Abaloparatide => "abaloparatide",
            Drug::Romosozumab => "romosozumab",
            Drug::StrontiumRanelate => "strontium_ranelate",
            Drug::GrowthHormone => "growth_hormone",
            Drug::Testosterone => "testosterone",
            Drug::HormoneTherapy => "hormone_therapy",
        }
    }

    pub fn is_bisphosphonate(self) -> bool {
        matches!(self, Drug::Alendronate | Drug::Risedronate | Drug::Ibandronate | Drug::ZoledronicAcid)
    }

    pub fn is_oral_bisphosphonate(self) -> bool {
        matches!(self, Drug::Alendronate | Drug::Risedronate | Drug::Ibandronate)
    }

    /// Bone-forming drugs (§3 stages, FU-FOLLOW-ON, WORK-BTM's P1NP).
    pub fn is_anabolic(self) -> bool {
        matches!(self, Drug::Teriparatide | Drug::Abaloparatide | Drug::Romosozumab)
    }

    /// Parathyroid-hormone analogues (CI-PTH, SEQ-DMAB-TO-PTH).
    pub fn is_pth_analogue(self) -> bool {
        matches!(self, Drug::Teriparatide | Drug::Abaloparatide)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrugPeriod {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drug: Option<Drug>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<CaseDate>,
    /// Absent: ongoing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<CaseDate>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Regimen {
    #[default]
    #[serde(rename = "osteoporosis_60mg_q6m")]
    Osteoporosis60mgQ6m,
    #[serde(rename = "oncology_120mg_q4w")]
    Oncology120mgQ4w,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    #[default]
    Continue,
    Stop,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DenosumabBlock {
    #[serde(default)]
    pub regimen: Regimen,
    #[serde(default)]
    pub injections: Vec<CaseDate>,
    #[serde(default)]
    pub plan: Plan,
}

/// v3: an earlier DXA study of one site (MON-DXA-CHANGE).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousDxa {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<CaseDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Site>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bmd_g_cm2: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub t_score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
}

/// v3: the centre's least significant change (%) per site (MON-LSC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LscPercent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lumbar_spine: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub femoral_neck: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_hip: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "radius_33")]
    pub radius_33: Option<f64>,
}

impl LscPercent {
    pub fn of(&self, site: Site) -> Option<f64> {
        match site {
            Site::LumbarSpine => self.lumbar_spine,
            Site::FemoralNeck => self.femoral_neck,
            Site::TotalHip => self.total_hip,
            Site::Radius33 => self.radius_33,
        }
    }
}

/// v3: a bone turnover marker (MON-BTM).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BtmTest {
    /// Serum β-CTX.
    Ctx,
    /// Serum P1NP.
    P1np,
}

/// v3: the unit a marker result was reported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BtmUnit {
    NgMl,
    UgL,
    PgMl,
    NgL,
}

impl BtmUnit {
    /// The factor to ng/mL (µg/L = ng/mL; pg/mL and ng/L are a thousandth of it).
    pub fn to_ng_ml(self) -> f64 {
        match self {
            BtmUnit::NgMl | BtmUnit::UgL => 1.0,
            BtmUnit::PgMl | BtmUnit::NgL => 0.001,
        }
    }
}

/// v3: one marker result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BtmResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<BtmTest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<CaseDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<BtmUnit>,
}

/// v3: the laboratory's premenopausal means (ng/mL).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BtmReference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctx_ng_ml: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p1np_ng_ml: Option<f64>,
}

fn is_false(b: &bool) -> bool {
    !*b
}
