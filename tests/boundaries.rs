//! The rule book's boundaries, one test each side, through the public `evaluate`.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

mod common;

use common::{date, woman};
use osteoplan::clinical::case::*;
use osteoplan::clinical::diagnosis::{Category, DxPath};
use osteoplan::clinical::errors::ErrorCode;
use osteoplan::clinical::risk::{OstaBand, RiskLevel};
use osteoplan::clinical::rules::RuleId;
use osteoplan::clinical::treatment::Status;
use osteoplan::{evaluate, Report};

fn report(case: &Case) -> Report {
    evaluate(case).unwrap_or_else(|e| panic!("unexpected input errors: {e:?}"))
}

fn fired(case: &Case, rule: RuleId) -> bool {
    report(case).rules_fired.contains(&rule)
}

fn status(case: &Case, drug: Drug) -> Status {
    report(case).treatment.options.iter().find(|o| o.drug == drug).expect("drug option").status
}

fn fracture(site: FractureSite, on: &str) -> Fracture {
    Fracture { site: Some(site), date: Some(date(on)), ..Fracture::default() }
}

#[test]
fn t_minus_1_0_is_normal_and_just_below_is_low_bone_mass() {
    assert_eq!(report(&woman(-1.0)).diagnosis.category, Category::Normal);
    assert_eq!(report(&woman(-1.01)).diagnosis.category, Category::LowBoneMass);
    assert_eq!(report(&woman(-0.99)).diagnosis.category, Category::Normal);
}

#[test]
fn t_minus_2_5_is_osteoporosis_and_just_above_is_low_bone_mass() {
    assert_eq!(report(&woman(-2.5)).diagnosis.category, Category::Osteoporosis);
    assert_eq!(report(&woman(-2.49)).diagnosis.category, Category::LowBoneMass);
    assert_eq!(report(&woman(-2.5)).risk.level, RiskLevel::High);
    assert_eq!(report(&woman(-2.49)).risk.level, RiskLevel::NotIndicated);
}

#[test]
fn t_minus_3_0_is_not_very_high_but_just_below_is() {
    assert!(!fired(&woman(-3.0), RuleId::RiskVhT));
    assert_eq!(report(&woman(-3.0)).risk.level, RiskLevel::High);
    assert!(fired(&woman(-3.01), RuleId::RiskVhT));
    assert_eq!(report(&woman(-3.01)).risk.level, RiskLevel::VeryHigh);
}

#[test]
fn frax_20_and_3_indicate_treatment_in_low_bone_mass() {
    let with_frax =
        |mof, hip| Case { frax: Some(Frax { mof_percent: Some(mof), hip_percent: Some(hip) }), ..woman(-2.0) };
    assert_eq!(report(&with_frax(20.0, 0.0)).risk.level, RiskLevel::High);
    assert_eq!(report(&with_frax(19.99, 0.0)).risk.level, RiskLevel::NotIndicated);
    assert_eq!(report(&with_frax(0.0, 3.0)).risk.level, RiskLevel::High);
    assert_eq!(report(&with_frax(0.0, 2.99)).risk.level, RiskLevel::NotIndicated);
    // FRAX alone never indicates treatment with a normal T-score.
    let normal = Case { frax: Some(Frax { mof_percent: Some(50.0), hip_percent: Some(10.0) }), ..woman(-0.5) };
    assert_eq!(report(&normal).risk.level, RiskLevel::NotIndicated);
}

#[test]
fn frax_30_and_4_5_are_very_high_only_above() {
    let with_frax =
        |mof, hip| Case { frax: Some(Frax { mof_percent: Some(mof), hip_percent: Some(hip) }), ..woman(-2.6) };
    assert!(!fired(&with_frax(30.0, 4.5), RuleId::RiskVhFrax));
    assert!(fired(&with_frax(30.01, 0.0), RuleId::RiskVhFrax));
    assert!(fired(&with_frax(0.0, 4.51), RuleId::RiskVhFrax));
}

#[test]
fn osta_minus_1_and_minus_4_are_medium() {
    let osta = |weight: f64| {
        let mut case = woman(-2.0);
        case.patient.weight_kg = Some(weight);
        report(&case).risk.osta.expect("osta with a weight")
    };
    // age 68: index = 0.2 × (weight − 68)
    assert_eq!((osta(63.0).index, osta(63.0).band), (-1.0, OstaBand::Medium));
    assert_eq!(osta(63.5).band, OstaBand::Low);
    assert_eq!((osta(48.0).index, osta(48.0).band), (-4.0, OstaBand::Medium));
    assert_eq!(osta(47.5).band, OstaBand::High);
    assert!(report(&woman(-2.0)).risk.osta.is_none());
}

#[test]
fn kidney_function_35_and_30_limit_bisphosphonates() {
    let with_egfr = |egfr| Case { labs: Labs { egfr_ml_min: Some(egfr), ..Labs::default() }, ..woman(-2.7) };
    assert_ne!(status(&with_egfr(35.0), Drug::Alendronate), Status::Avoid);
    assert_ne!(status(&with_egfr(35.0), Drug::ZoledronicAcid), Status::Avoid);
    assert_eq!(status(&with_egfr(34.9), Drug::Alendronate), Status::Avoid);
    assert_eq!(status(&with_egfr(34.9), Drug::ZoledronicAcid), Status::Avoid);
    assert_ne!(status(&with_egfr(34.9), Drug::Risedronate), Status::Avoid);
    assert_ne!(status(&with_egfr(30.0), Drug::Risedronate), Status::Avoid);
    assert_eq!(status(&with_egfr(29.9), Drug::Risedronate), Status::Avoid);
    assert_eq!(status(&with_egfr(29.9), Drug::Ibandronate), Status::Avoid);
}

#[test]
fn the_lower_of_crcl_and_egfr_counts_and_dialysis_is_below_15() {
    // CrCl for 68 y, 52.5 kg woman, creatinine 80 µmol/L = 49.31; eGFR 25 is lower.
    let mut case = woman(-2.7);
    case.patient.weight_kg = Some(52.5);
    case.labs = Labs { creatinine_umol_l: Some(80.0), egfr_ml_min: Some(25.0), ..Labs::default() };
    assert_eq!(report(&case).risk.crcl_ml_min, Some(49.31));
    assert_eq!(status(&case, Drug::Risedronate), Status::Avoid);
    case.labs.egfr_ml_min = Some(90.0);
    assert_ne!(status(&case, Drug::Alendronate), Status::Avoid);
    case.conditions.dialysis = true;
    assert_eq!(status(&case, Drug::Risedronate), Status::Avoid);
}

#[test]
fn unknown_kidney_function_cautions_zoledronic_acid_and_oral_bisphosphonates() {
    // CI-RENAL-UNKNOWN cautions zoledronic acid and the oral bisphosphonates, never denosumab; denosumab keeps its
    // TX-HIGH status: `alternative` under cn-2022, `preferred` under aace-2020 (rule book v2, §5.1).
    let case = woman(-2.7);
    assert_eq!(status(&case, Drug::ZoledronicAcid), Status::Caution);
    assert_eq!(status(&case, Drug::Alendronate), Status::Caution);
    assert_eq!(status(&case, Drug::Risedronate), Status::Caution);
    assert_eq!(status(&case, Drug::Denosumab), Status::Alternative);
    assert!(report(&case).treatment.rules.contains(&RuleId::CiRenalUnknown));
    let aace = Case { profile: Profile::Aace2020, ..woman(-2.7) };
    assert_eq!(status(&aace, Drug::ZoledronicAcid), Status::Caution);
    assert_eq!(status(&aace, Drug::Alendronate), Status::Caution);
    assert_eq!(status(&aace, Drug::Denosumab), Status::Preferred);
    // With a kidney value the caution goes: zoledronic acid is back to its TX-HIGH status.
    let known = Case { labs: Labs { egfr_ml_min: Some(70.0), ..Labs::default() }, ..woman(-2.7) };
    assert_eq!(status(&known, Drug::ZoledronicAcid), Status::Alternative);
    assert_eq!(status(&known, Drug::Alendronate), Status::Preferred);
    assert!(!report(&known).treatment.rules.contains(&RuleId::CiRenalUnknown));
}

#[test]
fn vitamin_d_50_nmol_is_not_low_and_20_ng_is() {
    let with_vitd = |labs: Labs| Case { labs, ..woman(-2.0) };
    assert!(!fired(&with_vitd(Labs { vitamin_d_nmol_l: Some(50.0), ..Labs::default() }), RuleId::BaseVitdLow));
    assert!(fired(&with_vitd(Labs { vitamin_d_nmol_l: Some(49.9), ..Labs::default() }), RuleId::BaseVitdLow));
    assert!(fired(&with_vitd(Labs { vitamin_d_ng_ml: Some(20.0), ..Labs::default() }), RuleId::BaseVitdLow));
    assert!(!fired(&with_vitd(Labs { vitamin_d_ng_ml: Some(20.04), ..Labs::default() }), RuleId::BaseVitdLow));
}

#[test]
fn calcium_below_2_10_avoids_denosumab_and_mg_dl_converts() {
    let with_ca = |labs: Labs| Case { labs, ..woman(-2.7) };
    assert_ne!(
        status(&with_ca(Labs { calcium_mmol_l: Some(2.10), ..Labs::default() }), Drug::Denosumab),
        Status::Avoid
    );
    assert_eq!(
        status(&with_ca(Labs { calcium_mmol_l: Some(2.09), ..Labs::default() }), Drug::Denosumab),
        Status::Avoid
    );
    // 8.0 mg/dL × 0.2495 = 1.996 mmol/L
    assert_eq!(
        status(&with_ca(Labs { calcium_mg_dl: Some(8.0), ..Labs::default() }), Drug::Romosozumab),
        Status::Avoid
    );
}

#[test]
fn z_minus_2_0_is_below_the_expected_range() {
    let young = |z: f64| Case {
        patient: Patient { sex: Some(Sex::Male), age_years: Some(40), ..Patient::default() },
        dxa: vec![DxaEntry {
            site: Some(Site::LumbarSpine),
            t_score: Some(-3.5),
            z_score: Some(z),
            ..DxaEntry::default()
        }],
        ..woman(0.0)
    };
    let r = report(&young(-2.0));
    assert_eq!((r.diagnosis.path, r.diagnosis.category), (DxPath::ZScore, Category::BelowExpectedRange));
    assert!(r.rules_fired.contains(&RuleId::DxPathZ) && !r.rules_fired.contains(&RuleId::DxOp));
    assert_eq!(report(&young(-1.99)).diagnosis.category, Category::WithinExpectedRange);
    // A man of 50 is on the T path.
    let mut fifty = young(-2.0);
    fifty.patient.age_years = Some(50);
    assert_eq!(report(&fifty).diagnosis.category, Category::Osteoporosis);
}

#[test]
fn a_z_path_case_without_a_z_score_is_one_missing_error_at_dxa() {
    let mut case = woman(-3.0);
    case.patient.menopause = Some(Menopause::Premenopausal);
    let errors = evaluate(&case).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].path.as_str(), errors[0].code), ("dxa", ErrorCode::Missing));
}

#[test]
fn a_computed_t_score_is_rounded_before_it_is_classified() {
    // (0.55752 − 0.858) / 0.120 = −2.504 → −2.50 → osteoporosis.
    let mut case = woman(0.0);
    case.dxa = vec![DxaEntry { site: Some(Site::FemoralNeck), bmd_g_cm2: Some(0.55752), ..DxaEntry::default() }];
    let r = report(&case);
    assert_eq!(r.diagnosis.lowest_score, Some(-2.5));
    assert_eq!(r.diagnosis.category, Category::Osteoporosis);
    assert_eq!(r.diagnosis.computed_t_scores[0].reference, "NHANES III women 20-29, Hologic");
    assert!(r.rules_fired.contains(&RuleId::DxFromBmd));
}

#[test]
fn an_entered_t_score_wins_over_bmd_and_spine_bmd_needs_a_reference() {
    let mut case = woman(0.0);
    case.dxa =
        vec![DxaEntry { site: Some(Site::TotalHip), t_score: Some(-1.2), bmd_g_cm2: Some(0.5), ..DxaEntry::default() }];
    let r = report(&case);
    assert_eq!(r.diagnosis.lowest_score, Some(-1.2));
    assert!(r.diagnosis.computed_t_scores.is_empty());
    case.dxa = vec![DxaEntry { site: Some(Site::LumbarSpine), bmd_g_cm2: Some(0.8), ..DxaEntry::default() }];
    let errors = evaluate(&case).unwrap_err();
    assert_eq!(errors[0].path, "dxa");
    case.dxa[0].reference = Some(BmdReference { mean: Some(1.047), sd: Some(0.11) });
    let r = report(&case);
    assert_eq!(r.diagnosis.computed_t_scores[0].reference, "user (mean 1.047, SD 0.11)");
    assert_eq!(r.diagnosis.lowest_score, Some(-2.25));
}

#[test]
fn ties_for_the_lowest_score_go_to_the_first_site_entered() {
    let mut case = woman(-2.0);
    case.dxa.insert(0, DxaEntry { site: Some(Site::Radius33), t_score: Some(-2.0), ..DxaEntry::default() });
    assert_eq!(report(&case).diagnosis.lowest_site, Some(Site::Radius33));
}

#[test]
fn fractures_upgrade_the_category() {
    let with = |t, site| Case { fractures: vec![fracture(site, "2020-01-01")], ..woman(t) };
    assert_eq!(report(&with(-0.5, FractureSite::Vertebral)).diagnosis.category, Category::Osteoporosis);
    assert_eq!(report(&with(-0.5, FractureSite::DistalForearm)).diagnosis.category, Category::Normal);
    assert_eq!(report(&with(-1.5, FractureSite::DistalForearm)).diagnosis.category, Category::Osteoporosis);
    assert_eq!(report(&with(-2.5, FractureSite::Other)).diagnosis.category, Category::SevereOsteoporosis);
    // A fracture marked as not fragility does not count.
    let mut traumatic = with(-2.5, FractureSite::Other);
    traumatic.fractures[0].fragility = Some(false);
    assert_eq!(report(&traumatic).diagnosis.category, Category::Osteoporosis);
}

#[test]
fn a_recent_fracture_is_within_24_months_inclusive_or_12_with_aace() {
    let with = |on: &str| Case { fractures: vec![fracture(FractureSite::Other, on)], ..woman(-2.7) };
    assert!(fired(&with("2024-11-22"), RuleId::RiskVhRecentFx));
    assert!(!fired(&with("2024-11-21"), RuleId::RiskVhRecentFx));
    let aace = |on: &str| Case { profile: Profile::Aace2020, ..with(on) };
    assert!(fired(&aace("2025-11-22"), RuleId::RiskVhRecentFx));
    assert!(!fired(&aace("2025-11-21"), RuleId::RiskVhRecentFx));
}

#[test]
fn very_high_factors_are_reported_only_when_treatment_is_indicated() {
    let case = Case { falls_last_12_months: Some(3), ..woman(-1.5) };
    let r = report(&case);
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert!(!r.rules_fired.contains(&RuleId::RiskVhFalls));
    assert!(r.treatment.options.is_empty());
    assert_eq!(report(&Case { falls_last_12_months: Some(2), ..woman(-2.6) }).risk.level, RiskLevel::VeryHigh);
    assert_eq!(report(&Case { falls_last_12_months: Some(1), ..woman(-2.6) }).risk.level, RiskLevel::High);
}

#[test]
fn glucocorticoids_30_mg_for_1_month_or_5_g_in_a_year_are_very_high() {
    // RISK-VH-GC (v2): ≥ 30 mg/day for ≥ 1 month, or mg/day × 30.4 × min(months, 12) ≥ 5000 mg.
    let with = |mg, months| Case {
        glucocorticoids: Some(Glucocorticoids { mg_per_day: Some(mg), months: Some(months), planned_months: None }),
        ..woman(-2.6)
    };
    assert!(fired(&with(30.0, 1.0), RuleId::RiskVhGc));
    assert_eq!(report(&with(30.0, 1.0)).risk.level, RiskLevel::VeryHigh);
    assert!(!fired(&with(29.9, 1.0), RuleId::RiskVhGc), "29.9 mg × 30.4 × 1 = 909 mg");
    assert!(!fired(&with(30.0, 0.9), RuleId::RiskVhGc), "30 mg for 0.9 months = 821 mg");
    // Cumulative: 15 mg × 30.4 × 12 = 5472 mg; 13.7 mg × 30.4 × 12 = 4997.8 mg.
    assert!(fired(&with(15.0, 12.0), RuleId::RiskVhGc));
    assert!(!fired(&with(13.7, 12.0), RuleId::RiskVhGc));
    assert!(!fired(&with(13.7, 36.0), RuleId::RiskVhGc), "months beyond 12 do not count");
    // v1's threshold no longer makes the risk very high.
    assert!(!fired(&with(7.5, 3.0), RuleId::RiskVhGc));
    assert_eq!(report(&with(7.5, 3.0)).risk.level, RiskLevel::High);
    assert!(!fired(&with(10.0, 12.0), RuleId::RiskVhGc), "10 mg × 30.4 × 12 = 3648 mg");
}

#[test]
fn pth_analogues_beyond_730_days_are_avoided_under_cn_2022_and_abaloparatide_also_under_aace_2020() {
    // Our choice: a period's days are end − start, so 2024-01-01 → 2025-12-31 is exactly 730 days.
    // The course has ended with no anti-resorptive after it: stage `after_anabolic`, whose table (TX-AFTER-ANABOLIC)
    // makes the anabolics `second_line`; CI-PTH then changes them beyond 730 days: `cn-2022` both `avoid`;
    // `aace-2020` (v3) abaloparatide `avoid` (US label: PTH analogues beyond 2 years in a lifetime are not
    // recommended), teriparatide `caution`.
    let with = |end: &str, profile| Case {
        profile,
        history: vec![DrugPeriod {
            drug: Some(Drug::Teriparatide),
            start: Some(date("2024-01-01")),
            end: Some(date(end)),
        }],
        ..woman(-3.5)
    };
    for profile in [Profile::Cn2022, Profile::Aace2020] {
        let at = with("2025-12-31", profile);
        assert_eq!(status(&at, Drug::Teriparatide), Status::SecondLine, "{profile:?}");
        assert_eq!(status(&at, Drug::Abaloparatide), Status::SecondLine, "{profile:?}");
        assert!(!report(&at).rules_fired.contains(&RuleId::CiPth), "{profile:?}");
    }
    let cn = with("2026-01-01", Profile::Cn2022);
    assert_eq!(status(&cn, Drug::Teriparatide), Status::Avoid);
    assert_eq!(status(&cn, Drug::Abaloparatide), Status::Avoid);
    assert!(report(&cn).rules_fired.contains(&RuleId::CiPth));
    let aace = with("2026-01-01", Profile::Aace2020);
    assert_eq!(status(&aace, Drug::Teriparatide), Status::Caution);
    assert_eq!(status(&aace, Drug::Abaloparatide), Status::Avoid);
    assert!(report(&aace).rules_fired.contains(&RuleId::CiPth));
}

#[test]
fn pth_analogue_days_of_an_ongoing_course_count_up_to_the_assessment() {
    // On teriparatide (stage `on_anabolic`, TX-ON-ANABOLIC: the current anabolic `preferred`) since
    // assessed_on − 730 days: still preferred; one day more is beyond 24 months (CI-PTH).
    let on_since = |start: &str, profile| Case {
        profile,
        history: vec![DrugPeriod { drug: Some(Drug::Teriparatide), start: Some(date(start)), end: None }],
        ..woman(-3.5)
    };
    assert_eq!(status(&on_since("2024-11-22", Profile::Cn2022), Drug::Teriparatide), Status::Preferred);
    assert_eq!(status(&on_since("2024-11-21", Profile::Cn2022), Drug::Teriparatide), Status::Avoid);
    assert_eq!(status(&on_since("2024-11-22", Profile::Aace2020), Drug::Teriparatide), Status::Preferred);
    assert_eq!(status(&on_since("2024-11-21", Profile::Aace2020), Drug::Teriparatide), Status::Caution);
}

#[test]
fn avoid_beats_caution_and_every_reason_is_kept() {
    let mut case = Case { labs: Labs { egfr_ml_min: Some(20.0), ..Labs::default() }, ..woman(-2.7) };
    case.conditions.invasive_dental_planned = true;
    let r = report(&case);
    let alendronate = r.treatment.options.iter().find(|o| o.drug == Drug::Alendronate).unwrap();
    assert_eq!(alendronate.status, Status::Avoid);
    assert_eq!(alendronate.rules, vec![RuleId::TxHigh, RuleId::CiBpRenal, RuleId::CiDental]);
    let denosumab = r.treatment.options.iter().find(|o| o.drug == Drug::Denosumab).unwrap();
    assert_eq!(denosumab.status, Status::Caution);
}

#[test]
fn options_are_sorted_by_status_then_name_and_exclude_hormone_therapy() {
    let r = report(&woman(-2.7));
    assert_eq!(r.treatment.options.len(), 18);
    assert!(r.treatment.options.iter().all(|o| o.drug != Drug::HormoneTherapy));
    let keys: Vec<_> = r.treatment.options.iter().map(|o| (o.status, o.drug.name())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

/// Osteoporosis at the spine only (no hip T-score entered): high risk, mainly spinal.
fn spine_woman(t: f64) -> Case {
    Case { dxa: vec![DxaEntry { site: Some(Site::LumbarSpine), t_score: Some(t), ..DxaEntry::default() }], ..woman(t) }
}

#[test]
fn serms_are_avoided_outside_postmenopause_and_testosterone_for_women() {
    // TX-HIGH (v2): SERMs `alternative` only at mainly spinal risk; a hip T-score not entered does not exclude them.
    assert_eq!(status(&spine_woman(-2.7), Drug::Raloxifene), Status::Alternative);
    assert_eq!(status(&spine_woman(-2.7), Drug::Bazedoxifene), Status::Alternative);
    assert_eq!(status(&spine_woman(-2.7), Drug::Testosterone), Status::Avoid);
    let man = Case {
        patient: Patient { sex: Some(Sex::Male), age_years: Some(70), ..Patient::default() },
        ..spine_woman(-2.7)
    };
    assert_eq!(status(&man, Drug::Raloxifene), Status::Avoid);
    assert_eq!(status(&man, Drug::Bazedoxifene), Status::Avoid);
    assert_eq!(status(&man, Drug::Testosterone), Status::SecondLine);
    let mut premenopausal = spine_woman(-2.7);
    premenopausal.patient.menopause = Some(Menopause::Perimenopausal);
    assert_eq!(status(&premenopausal, Drug::Raloxifene), Status::Avoid);
    let mut vte = spine_woman(-2.7);
    vte.conditions.vte_history = true;
    assert_eq!(status(&vte, Drug::Raloxifene), Status::Avoid);
}

#[test]
fn serms_are_alternative_at_high_risk_only_with_hip_t_above_minus_2_5_frax_hip_below_3_and_no_hip_fracture() {
    let with_hip_t = |hip_t: f64| {
        let mut case = spine_woman(-2.7);
        case.dxa.push(DxaEntry { site: Some(Site::TotalHip), t_score: Some(hip_t), ..DxaEntry::default() });
        case
    };
    assert_eq!(report(&with_hip_t(-2.49)).risk.level, RiskLevel::High);
    assert_eq!(status(&with_hip_t(-2.49), Drug::Raloxifene), Status::Alternative);
    assert_eq!(status(&with_hip_t(-2.5), Drug::Raloxifene), Status::SecondLine);
    // The femoral neck is a hip site too (and the lowest site here).
    assert_eq!(status(&woman(-2.7), Drug::Raloxifene), Status::SecondLine);
    let with_frax_hip =
        |hip: f64| Case { frax: Some(Frax { mof_percent: None, hip_percent: Some(hip) }), ..spine_woman(-2.7) };
    assert_eq!(status(&with_frax_hip(2.99), Drug::Raloxifene), Status::Alternative);
    assert_eq!(status(&with_frax_hip(3.0), Drug::Bazedoxifene), Status::SecondLine);
    // An undated hip fracture: one fracture, not recent, so still `high` risk, but no longer mainly spinal.
    let hip_fracture = Case {
        fractures: vec![Fracture { site: Some(FractureSite::Hip), ..Fracture::default() }],
        ..spine_woman(-2.7)
    };
    assert_eq!(report(&hip_fracture).risk.level, RiskLevel::High);
    assert_eq!(status(&hip_fracture, Drug::Raloxifene), Status::SecondLine);
    let forearm = Case {
        fractures: vec![Fracture { site: Some(FractureSite::DistalForearm), ..Fracture::default() }],
        ..spine_woman(-2.7)
    };
    assert_eq!(status(&forearm, Drug::Raloxifene), Status::Alternative);
}

#[test]
fn every_input_error_is_collected_with_its_path_and_code() {
    let mut case = woman(-15.0);
    case.assessed_on = Some(date("2026-02-30"));
    case.patient.age_years = Some(12);
    case.labs = Labs { creatinine_umol_l: Some(80.0), creatinine_mg_dl: Some(1.0), ..Labs::default() };
    case.history = vec![DrugPeriod {
        drug: Some(Drug::Alendronate),
        start: Some(date("2020-05-01")),
        end: Some(date("2020-01-01")),
    }];
    let found: Vec<(String, ErrorCode)> = evaluate(&case).unwrap_err().into_iter().map(|e| (e.path, e.code)).collect();
    for want in [
        ("assessed_on", ErrorCode::InvalidDate),
        ("patient.age_years", ErrorCode::OutOfRange),
        ("dxa[0].t_score", ErrorCode::OutOfRange),
        ("labs.creatinine_mg_dl", ErrorCode::Inconsistent),
        ("history[0].end", ErrorCode::Inconsistent),
    ] {
        assert!(found.contains(&(want.0.to_string(), want.1)), "missing {want:?} in {found:?}");
    }
}

#[test]
fn menopause_for_a_man_and_dates_after_the_assessment_are_inconsistent() {
    let mut case = woman(-2.0);
    case.patient.sex = Some(Sex::Male);
    case.fractures = vec![fracture(FractureSite::Hip, "2027-01-01")];
    let found: Vec<(String, ErrorCode)> = evaluate(&case).unwrap_err().into_iter().map(|e| (e.path, e.code)).collect();
    assert!(found.contains(&("patient.menopause".into(), ErrorCode::Inconsistent)));
    assert!(found.contains(&("fractures[0].date".into(), ErrorCode::Inconsistent)));
}

#[test]
fn missing_required_values_name_their_fields() {
    let found: Vec<(String, ErrorCode)> =
        evaluate(&Case::default()).unwrap_err().into_iter().map(|e| (e.path, e.code)).collect();
    for path in ["format", "assessed_on", "patient.sex", "patient.age_years"] {
        assert!(found.contains(&(path.to_string(), ErrorCode::Missing)), "{path} in {found:?}");
    }
}

#[test]
fn entered_t_scores_are_compared_unrounded_everywhere() {
    // −2.495 is low bone mass (above −2.5), so treatment is not indicated by the T-score alone.
    let r = report(&woman(-2.495));
    assert_eq!(r.diagnosis.category, Category::LowBoneMass);
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert_eq!(r.diagnosis.lowest_score, Some(-2.5), "the report shows the rounded value");
    // −3.004 is below −3.0: very high.
    assert!(fired(&woman(-3.004), RuleId::RiskVhT));
}

#[test]
fn a_computed_t_score_outside_the_range_is_an_input_error() {
    let mut case = woman(0.0);
    case.dxa = vec![DxaEntry {
        site: Some(Site::LumbarSpine),
        bmd_g_cm2: Some(0.1),
        reference: Some(BmdReference { mean: Some(2.5), sd: Some(0.01) }),
        ..DxaEntry::default()
    }];
    let errors = evaluate(&case).unwrap_err();
    assert_eq!((errors[0].path.as_str(), errors[0].code), ("dxa[0].bmd_g_cm2", ErrorCode::OutOfRange));
}

#[test]
fn a_missing_dxa_is_reported_with_other_missing_values() {
    let mut case = woman(-2.0);
    case.assessed_on = None;
    case.patient.age_years = None;
    case.dxa.clear();
    let paths: Vec<String> = evaluate(&case).unwrap_err().into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["assessed_on", "patient.age_years", "dxa"]);
}

#[test]
fn dates_outside_1900_to_2100_are_invalid() {
    let mut case = woman(-2.0);
    case.assessed_on = Some(date("9999-12-31"));
    assert_eq!(evaluate(&case).unwrap_err()[0].code, ErrorCode::InvalidDate);
    case.assessed_on = Some(date("1899-12-31"));
    assert_eq!(evaluate(&case).unwrap_err()[0].code, ErrorCode::InvalidDate);
    case.assessed_on = Some(date("2100-12-31"));
    assert!(evaluate(&case).is_ok());
}

#[test]
fn days_late_follows_the_dmab_status_formula_inside_the_window() {
    // Our choice where the two spec files differ: DMAB-STATUS's "assessed_on − next_due when positive", so the last
    // day of the window (next_due + 28 days, still `due`) shows 28 days late.
    use osteoplan::clinical::denosumab::DmabStatus;
    let mut case = woman(-2.7);
    case.assessed_on = Some(date("2025-03-28"));
    case.denosumab = Some(DenosumabBlock { injections: vec![date("2024-08-31")], ..DenosumabBlock::default() });
    let d = report(&case).denosumab.expect("denosumab block");
    assert_eq!(d.next_due.map(|n| n.to_string()).as_deref(), Some("2025-02-28"));
    assert_eq!((d.status, d.days_late), (DmabStatus::Due, 28));
}
