//! Section 1 of the rule book: the diagnosis by the lowest valid site (DX-*).

use serde::Serialize;

use super::case::{FractureSite, Menopause, Sex, Site};
use super::errors::{ErrorCode, InputError};
use super::facts::{DxaFact, Facts};
use super::journey::Stage;
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
    /// DX-CLINICAL: no DXA; a hip or vertebral fragility fracture makes the diagnosis.
    Clinical,
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
    pub lowest_site: Option<Site>,
    pub lowest_score: Option<f64>,
    pub computed_t_scores: Vec<ComputedT>,
    /// DX-PERSISTS raised the category (the pre-treatment T-score).
    pub persisted: bool,
    /// v3, DX-FRAX (`aace-2020`): osteoporosis by fracture risk.
    pub by_frax: bool,
    pub pre_treatment_t_score: Option<f64>,
    pub rules: Vec<RuleId>,
    /// The lowest T-score as classified (as entered, or computed and rounded); None on the Z path.
    /// `lowest_score` is its rounded form for the report; the rules compare this one (DX-BOUNDS).
    #[serde(skip)]
    pub lowest_t: Option<f64>,
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
            (mean, sd, format!("user (mean {}, SD {})", shortest(mean), shortest(sd)))
        }
        (None, Site::FemoralNeck) => (NHANES_FEMORAL_NECK.0, NHANES_FEMORAL_NECK.1, NHANES_LABEL.to_string()),
        (None, Site::TotalHip) => (NHANES_TOTAL_HIP.0, NHANES_TOTAL_HIP.1, NHANES_LABEL.to_string()),
        (None, _) => return None,
    };
    let t = round2((bmd - mean) / sd);
    Some((t, Some(ComputedT { site: d.site, t_score: t, reference })))
}

/// The T-score the rules read for one site (entered, or computed from BMD and rounded), if any.
pub fn t_score_for_rules(d: &DxaFact) -> Option<f64> {
    t_score_of(d).map(|(t, _)| t)
}

/// Today's lowest hip T-score (femoral neck or total hip), entered or computed; None without one.
pub fn lowest_hip_t(facts: &Facts) -> Option<f64> {
    facts
        .dxa
        .iter()
        .filter(|d| matches!(d.site, Site::FemoralNeck | Site::TotalHip))
        .filter_map(t_score_for_rules)
        .reduce(f64::min)
}

/// Adds the errors of a DXA block that cannot give a diagnosis: no score on the patient's path (`path` is None
/// when sex or age is unknown; then only an empty block is reported), or a computed T-score outside DX-RANGE.
/// On the T path an empty block is valid with a hip or vertebral fragility fracture (DX-CLINICAL).
pub fn check_scores(path: Option<DxPath>, dxa: &[DxaFact], clinical_fracture: bool, errors: &mut Vec<InputError>) {
    let no_score = match path {
        None => dxa.is_empty() && !clinical_fracture,
        Some(DxPath::TScore) if dxa.is_empty() && clinical_fracture => false,
        Some(DxPath::ZScore) => !dxa.iter().any(|d| d.z_score.is_some()),
        Some(DxPath::TScore) => dxa.iter().all(|d| t_score_of(d).is_none()),
        Some(DxPath::Clinical) => false,
    };
    if no_score {
        let message = match path {
            Some(DxPath::ZScore) => "a Z-score is required (premenopausal women and men under 50)",
            _ => "at least one DXA site needs a T-score, or a BMD (femoral neck or total hip, or with a reference)",
        };
        errors.push(InputError::new("dxa", ErrorCode::Missing, message));
    }
    if path == Some(DxPath::TScore) {
        for d in dxa {
            if let Some((t, Some(_))) = t_score_of(d) {
                let path = format!("dxa[{}].bmd_g_cm2", d.index);
                // An out-of-range BMD has its own error already; one per field is enough.
                if !(-8.0..=6.0).contains(&t) && !errors.iter().any(|e| e.path == path) {
                    errors.push(InputError::new(
                        path,
                        ErrorCode::OutOfRange,
                        format!(
                            "the T-score computed from this BMD is {}, outside -8.0 to 6.0 (check BMD and reference)",
                            shortest(t)
                        ),
                    ));
                }
            }
        }
    }
}

/// The T-score category alone (DX-NORMAL, DX-LOW-MASS, DX-OP), inclusive as written (DX-BOUNDS).
pub fn t_category(t: f64) -> Category {
    if t >= -1.0 {
        Category::Normal
    } else if t > -2.5 {
        Category::LowBoneMass
    } else {
        Category::Osteoporosis
    }
}

/// The lowest score and its site; ties go to the first site in input order.
fn lowest(scores: impl Iterator<Item = (Site, f64)>) -> Option<(Site, f64)> {
    scores.fold(None, |best, (site, score)| match best {
        Some((_, b)) if b <= score => best,
        _ => Some((site, score)),
    })
}

/// Classifies a validated case. `check_scores` has guaranteed a score on the patient's path, or DX-CLINICAL.
pub fn diagnose(facts: &Facts, stage: Stage) -> Diagnosis {
    let path = path_for(facts.sex, facts.age_years, facts.menopause);
    let fragility_sites: Vec<FractureSite> = facts.fragility_fractures().map(|f| f.site).collect();
    let mut diagnosis = classify(facts, path, &fragility_sites);
    // DX-FRAX (aace-2020): low bone mass with a high FRAX is osteoporosis by fracture risk, after the other rules.
    let frax = super::risk::frax_used(facts);
    let frax_high = frax.mof.is_some_and(|p| p >= 20.0) || frax.hip.is_some_and(|p| p >= 3.0);
    if facts.profile == super::case::Profile::Aace2020
        && diagnosis.path == DxPath::TScore
        && diagnosis.category == Category::LowBoneMass
        && frax_high
    {
        diagnosis.category = Category::Osteoporosis;
        diagnosis.by_frax = true;
        diagnosis.rules.push(DxFrax);
    }
    // DX-ON-TX: an on-treatment DXA with a better category than the disease; the plan asks for the one before.
    let better_than_disease = matches!(diagnosis.category, Category::Normal | Category::LowBoneMass);
    if stage.is_on_treatment() && better_than_disease && facts.pre_treatment_t_score.is_none() {
        diagnosis.rules.push(DxOnTx);
    }
    diagnosis
}

fn classify(facts: &Facts, path: DxPath, fragility_sites: &[FractureSite]) -> Diagnosis {
    let pre_treatment_t_score = facts.pre_treatment_t_score;
    if path == DxPath::TScore && facts.dxa.is_empty() {
        return Diagnosis {
            path: DxPath::Clinical,
            category: Category::Osteoporosis,
            lowest_site: None,
            lowest_score: None,
            computed_t_scores: Vec::new(),
            persisted: false,
            by_frax: false,
            pre_treatment_t_score,
            rules: vec![DxPathT, DxClinical],
            lowest_t: None,
        };
    }
    match path {
        DxPath::ZScore => {
            let (site, z) =
                lowest(facts.dxa.iter().filter_map(|d| Some((d.site, d.z_score?)))).unwrap_or((Site::LumbarSpine, 0.0));
            let category = if z <= -2.0 { Category::BelowExpectedRange } else { Category::WithinExpectedRange };
            Diagnosis {
                path,
                category,
                lowest_site: Some(site),
                lowest_score: Some(round2(z)),
                computed_t_scores: Vec::new(),
                persisted: false,
                by_frax: false,
                pre_treatment_t_score,
                rules: vec![DxSites, DxPathZ],
                lowest_t: None,
            }
        }
        DxPath::TScore | DxPath::Clinical => {
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
            let t_category = t_category(t);
            rules.push(match t_category {
                Category::Normal => DxNormal,
                Category::LowBoneMass => DxLowMass,
                _ => DxOp,
            });
            let mut category = t_category;
            if t <= -2.5 && !fragility_sites.is_empty() {
                rules.push(DxSevere);
                category = category.max(Category::SevereOsteoporosis);
            }
            if t > -2.5 && fragility_sites.iter().any(|s| s.is_hip_or_vertebral()) {
                rules.push(DxFxHipVert);
                category = category.max(Category::Osteoporosis);
            }
            if t_category == Category::LowBoneMass && fragility_sites.iter().any(|s| s.is_humerus_pelvis_or_forearm()) {
                rules.push(DxFxOther);
                category = category.max(Category::Osteoporosis);
            }
            // DX-PERSISTS: osteoporosis before treatment stays the diagnosis; reported only when it raised it.
            let persisted_category = match pre_treatment_t_score {
                Some(pre) if pre <= -2.5 && !fragility_sites.is_empty() => Some(Category::SevereOsteoporosis),
                Some(pre) if pre <= -2.5 => Some(Category::Osteoporosis),
                _ => None,
            };
            let persisted = persisted_category.is_some_and(|c| c > category);
            if persisted {
                rules.push(DxPersists);
                category = persisted_category.unwrap_or(category);
            }
            if !computed.is_empty() {
                rules.push(DxFromBmd);
            }
            Diagnosis {
                path,
                category,
                lowest_site: Some(site),
                lowest_score: Some(round2(t)),
                computed_t_scores: computed,
                persisted,
                by_frax: false,
                pre_treatment_t_score,
                rules,
                lowest_t: Some(t),
            }
        }
    }
}

/// A number as Rust's `Display` writes it ("1.047", "0.11", "1"), through the JSON writer (ryu) that the page has
/// anyway: core's float formatter would be linked into the page for this one text.
fn shortest(x: f64) -> String {
    let json = serde_json::to_string(&x).unwrap_or_default();
    json.strip_suffix(".0").map_or(json.clone(), str::to_string)
}

#[cfg(test)]
mod shortest_tests {
    use super::shortest;

    #[test]
    fn reference_numbers_are_written_as_display_writes_them() {
        for x in [1.047, 0.11, 0.95, 0.12, 1.0, 2.5, 0.1, 0.01, 0.947_333] {
            assert_eq!(shortest(x), x.to_string());
        }
    }
}
