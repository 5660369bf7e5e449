//! Section 1 of the rule book: the diagnosis by the lowest valid site (DX-*).

use serde::Serialize;

use super::case::{FractureSite, Menopause, Sex, Site};
use super::errors::{ErrorCode, InputError};
use super::facts::{DxaFact, Facts};
use super::round::round2;
use super::rules::RuleId::{self, *};

/// NHANES III non-Hispanic white women aged 20–29 (Looker 1998), Hologic: (mean, SD) in g/cm².
const NHANES_FEMORAL_NECK: (f64, f64) = (0.858, 0.120);
const NHANES_TOTAL_HIP: (f64, f64) = (0.942, 0.122);
const NHANES_LABEL: &str = "NHANES III women 20-29, Hologic";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DxPath {
    TScore,
    ZScore,
}

/// Diagnostic categories; on the T path their order is severity (a derived `Ord`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Normal,
    LowBoneMass,
    Osteoporosis,
    SevereOsteoporosis,
    WithinExpectedRange,
    BelowExpectedRange,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComputedT {
    pub site: Site,
    pub t_score: f64,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    pub path: DxPath,
    pub category: Category,
    pub lowest_site: Site,
    pub lowest_score: f64,
    pub computed_t_scores: Vec<ComputedT>,
    pub rules: Vec<RuleId>,
    /// The category from the lowest T-score alone, before any fracture rule (RISK-TREAT needs it).
    #[serde(skip)]
    pub t_category: Option<Category>,
}

/// DX-PATH-T / DX-PATH-Z: premenopausal women and men under 50 are classified by Z-score.
pub fn path_for(sex: Sex, age_years: i64, menopause: Option<Menopause>) -> DxPath {
    let z_path = match sex {
        Sex::Female => menopause == Some(Menopause::Premenopausal),
        Sex::Male => age_years < 50,
    };
    if z_path {
        DxPath::ZScore
    } else {
        DxPath::TScore
    }
}

/// The T-score of a site: the entered one wins; otherwise computed from BMD (DX-FROM-BMD), rounded to two
/// decimals before it is classified.
fn t_score_of(d: &DxaFact) -> Option<(f64, Option<ComputedT>)> {
    if let Some(t) = d.t_score {
        return Some((t, None));
    }
    let bmd = d.bmd_g_cm2?;
    let (mean, sd, reference) = match (d.reference, d.site) {
        (Some(r), _) => {
            let (mean, sd) = (r.mean?, r.sd?);
            (mean, sd, format!("user (mean {mean}, SD {sd})"))
        }
        (None, Site::FemoralNeck) => (NHANES_FEMORAL_NECK.0, NHANES_FEMORAL_NECK.1, NHANES_LABEL.to_string()),
        (None, Site::TotalHip) => (NHANES_TOTAL_HIP.0, NHANES_TOTAL_HIP.1, NHANES_LABEL.to_string()),
        (None, _) => return None,
    };
    let t = round2((bmd - mean) / sd);
    Some((t, Some(ComputedT { site: d.site, t_score: t, reference })))
}

/// Adds the errors for a DXA block that cannot give a diagnosis on the patient's path.
pub fn check_scores_present(facts: &Facts, errors: &mut Vec<InputError>) {
    match path_for(facts.sex, facts.age_years, facts.menopause) {
        DxPath::ZScore => {
            if !facts.dxa.iter().any(|d| d.z_score.is_some()) {
                errors.push(InputError::new(
                    "dxa",
                    ErrorCode::Missing,
                    "a Z-score is required (premenopausal women and men under 50)",
                ));
            }
        }
        DxPath::TScore => {
            if facts.dxa.iter().all(|d| t_score_of(d).is_none()) {
                errors.push(InputError::new(
                    "dxa",
                    ErrorCode::Missing,
                    "at least one DXA site needs a T-score, or a BMD (femoral neck or total hip, or with a reference)",
                ));
            }
        }
    }
}

fn is_hip_or_vertebral(site: FractureSite) -> bool {
    matches!(site, FractureSite::Hip | FractureSite::Vertebral)
}

fn is_humerus_pelvis_forearm(site: FractureSite) -> bool {
    matches!(site, FractureSite::ProximalHumerus | FractureSite::Pelvis | FractureSite::DistalForearm)
}

/// The lowest score and its site; ties go to the first site in input order.
fn lowest(scores: impl Iterator<Item = (Site, f64)>) -> Option<(Site, f64)> {
    scores.fold(None, |best, (site, score)| match best {
        Some((_, b)) if b <= score => best,
        _ => Some((site, score)),
    })
}

/// Classifies a validated case. `check_scores_present` has guaranteed a score on the patient's path.
pub fn diagnose(facts: &Facts) -> Diagnosis {
    let path = path_for(facts.sex, facts.age_years, facts.menopause);
    let fragility_sites: Vec<FractureSite> = facts.fragility_fractures().map(|f| f.site).collect();
    match path {
        DxPath::ZScore => {
            let (site, z) =
                lowest(facts.dxa.iter().filter_map(|d| Some((d.site, d.z_score?)))).unwrap_or((Site::LumbarSpine, 0.0));
            let category = if z <= -2.0 { Category::BelowExpectedRange } else { Category::WithinExpectedRange };
            Diagnosis {
                path,
                category,
                lowest_site: site,
                lowest_score: round2(z),
                computed_t_scores: Vec::new(),
                rules: vec![DxSites, DxPathZ],
                t_category: None,
            }
        }
        DxPath::TScore => {
            let mut computed = Vec::new();
            let mut scores = Vec::new();
            for d in &facts.dxa {
                if let Some((t, c)) = t_score_of(d) {
                    scores.push((d.site, t));
                    computed.extend(c);
                }
            }
            let (site, t) = lowest(scores.into_iter()).unwrap_or((Site::LumbarSpine, 0.0));
            let mut rules = vec![DxSites, DxPathT];
            // DX-BOUNDS: inclusive as written, compared unrounded.
            let t_category = if t >= -1.0 {
                rules.push(DxNormal);
                Category::Normal
            } else if t > -2.5 {
                rules.push(DxLowMass);
                Category::LowBoneMass
            } else {
                rules.push(DxOp);
                Category::Osteoporosis
            };
            let mut category = t_category;
            if t <= -2.5 && !fragility_sites.is_empty() {
                rules.push(DxSevere);
                category = category.max(Category::SevereOsteoporosis);
            }
            if t > -2.5 && fragility_sites.iter().any(|&s| is_hip_or_vertebral(s)) {
                rules.push(DxFxHipVert);
                category = category.max(Category::Osteoporosis);
            }
            if t_category == Category::LowBoneMass && fragility_sites.iter().any(|&s| is_humerus_pelvis_forearm(s)) {
                rules.push(DxFxOther);
                category = category.max(Category::Osteoporosis);
            }
            if !computed.is_empty() {
                rules.push(DxFromBmd);
            }
            Diagnosis {
                path,
                category,
                lowest_site: site,
                lowest_score: round2(t),
                computed_t_scores: computed,
                rules,
                t_category: Some(t_category),
            }
        }
    }
}

impl Diagnosis {
    /// The lowest T-score, on the T path only.
    pub fn lowest_t(&self) -> Option<f64> {
        (self.path == DxPath::TScore).then_some(self.lowest_score)
    }
}
