//! Rule book v2: every new boundary, asserted on both sides, and the treatment journey (§3), through the public
//! `evaluate`. Expected values come from `shared/spec/clinical-rules.md` (v2), section by section.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

mod common;

use chrono::NaiveDate;
use common::{alert, date, item, items, woman, TODAY};
use osteoplan::clinical::case::*;
use osteoplan::clinical::denosumab::{CtxFrom, DenosumabReport, DmabStatus};
use osteoplan::clinical::diagnosis::{Category, DxPath};
use osteoplan::clinical::journey::Stage;
use osteoplan::clinical::kidney::KidneyFrom;
use osteoplan::clinical::plan::{Action, Test, Urgency};
use osteoplan::clinical::risk::{GiopStratum, RiskLevel};
use osteoplan::clinical::rules::{RuleId, RuleId::*, Severity};
use osteoplan::clinical::treatment::Status;
use osteoplan::{evaluate, Report};

// ---------------------------------------------------------------------------------------------------------------
// Helpers

fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A man of `age` with a lumbar-spine T-score and Z-score (Z path below 50, DX-PATH-Z).
fn man(age: i64, t: f64, z: f64) -> Case {
    Case {
        patient: Patient { sex: Some(Sex::Male), age_years: Some(age), ..Patient::default() },
        dxa: vec![DxaEntry {
            site: Some(Site::LumbarSpine),
            t_score: Some(t),
            z_score: Some(z),
            ..DxaEntry::default()
        }],
        ..woman(0.0)
    }
}

fn with_gc(case: Case, mg_per_day: f64, months: f64) -> Case {
    Case {
        glucocorticoids: Some(Glucocorticoids {
            mg_per_day: Some(mg_per_day),
            months: Some(months),
            planned_months: None,
        }),
        ..case
    }
}

fn with_frax(case: Case, mof: f64, hip: f64) -> Case {
    Case { frax: Some(Frax { mof_percent: Some(mof), hip_percent: Some(hip) }), ..case }
}

fn with_labs(case: Case, labs: Labs) -> Case {
    Case { labs, ..case }
}

fn egfr(value: f64) -> Labs {
    Labs { egfr_ml_min: Some(value), ..Labs::default() }
}

fn period(drug: Drug, start: &str, end: Option<&str>) -> DrugPeriod {
    DrugPeriod { drug: Some(drug), start: Some(date(start)), end: end.map(date) }
}

fn fracture(site: FractureSite, on: Option<&str>) -> Fracture {
    Fracture { site: Some(site), date: on.map(date), ..Fracture::default() }
}

/// A woman of 70 with total-hip T −2.7 (osteoporosis, high risk, eGFR 70), assessed on `assessed_on`, on
/// denosumab 60 mg with these injections and plan.
fn on_denosumab(assessed_on: &str, injections: &[&str], plan: Plan) -> Case {
    Case {
        assessed_on: Some(date(assessed_on)),
        patient: Patient {
            sex: Some(Sex::Female),
            age_years: Some(70),
            menopause: Some(Menopause::Postmenopausal),
            ..Patient::default()
        },
        dxa: vec![DxaEntry { site: Some(Site::TotalHip), t_score: Some(-2.7), ..DxaEntry::default() }],
        labs: egfr(70.0),
        denosumab: Some(DenosumabBlock {
            regimen: Regimen::Osteoporosis60mgQ6m,
            injections: injections.iter().map(|d| date(d)).collect(),
            plan,
        }),
        ..woman(0.0)
    }
}

fn report(case: &Case) -> Report {
    evaluate(case).unwrap_or_else(|e| panic!("unexpected input errors: {e:?}"))
}

fn fired(case: &Case, rule: RuleId) -> bool {
    report(case).rules_fired.contains(&rule)
}

fn status_in(r: &Report, drug: Drug) -> Status {
    r.treatment.options.iter().find(|o| o.drug == drug).expect("drug option").status
}

fn status(case: &Case, drug: Drug) -> Status {
    status_in(&report(case), drug)
}

fn dmab(r: &Report) -> &DenosumabReport {
    r.denosumab.as_ref().expect("denosumab section")
}

// ---------------------------------------------------------------------------------------------------------------
// §2 RISK-GIOP: 2.5 mg/day for 3 months, age 40, 7.5 mg for 6 months with Z ≤ −3.0

#[test]
fn giop_starts_at_2_5_mg_a_day() {
    // Age 68, lowest T −1.5 (< −1.0: moderate risk), no FRAX, no fracture: only RISK-GIOP can indicate treatment.
    let r = report(&with_gc(woman(-1.5), 2.5, 3.0));
    assert!(r.risk.rules.contains(&RiskGiop) && r.risk.rules.contains(&RiskTreat));
    assert!(r.risk.treatment_indicated);
    assert_eq!(r.risk.level, RiskLevel::High);
    assert_eq!(r.diagnosis.category, Category::LowBoneMass);
    // Reading 15: the RISK-GIOP warning for stage `naive` with no denosumab injection.
    assert_eq!(alert(&r, RiskGiop), Some(Severity::Warning));

    let r = report(&with_gc(woman(-1.5), 2.49, 3.0));
    assert!(!r.rules_fired.contains(&RiskGiop));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert_eq!(alert(&r, RiskGiop), None);
}

#[test]
fn giop_needs_a_course_of_3_months_taken_or_planned() {
    // RISK-GIOP (v3) and reading 26: a course of ≥ 3 months, taken (`months`) or planned (`planned_months`).
    // Asserted on `risk.rules`: under 3 months taken with no planned course, reading 51's `enter_planned_course`
    // item carries RISK-GIOP into `rules_fired` although the rule does not hold.
    let giop = |case: &Case| report(case).risk.rules.contains(&RiskGiop);
    assert!(giop(&with_gc(woman(-1.5), 2.5, 3.0)));
    let r = report(&with_gc(woman(-1.5), 2.5, 2.9));
    assert!(!r.risk.rules.contains(&RiskGiop));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert_eq!((r.risk.giop_stratum, alert(&r, RiskGiop)), (None, None));
    // Reading 51: taken < 3 months with no planned course → ask for it (never a silent "not indicated").
    let ask = item(&r, Action::EnterPlannedCourse);
    assert_eq!((ask.urgency, &ask.rules), (Urgency::Now, &vec![RiskGiop]));
    // Planned: a course of 3 months counts from its first day; 2.9 months planned does not (and is not asked for).
    let planned = |months: f64, planned: f64| {
        let mut case = with_gc(woman(-1.5), 2.5, months);
        case.glucocorticoids.as_mut().unwrap().planned_months = Some(planned);
        report(&case)
    };
    let r = planned(0.5, 3.0);
    assert!(r.risk.rules.contains(&RiskGiop) && r.risk.treatment_indicated);
    assert!(items(&r, Action::EnterPlannedCourse).is_empty());
    let r = planned(0.5, 2.9);
    assert!(!r.risk.rules.contains(&RiskGiop));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert!(items(&r, Action::EnterPlannedCourse).is_empty());
    // A higher dose does not shorten it (20 mg × 30.4 × 2.9 = 1763 mg: not the very-high dose either).
    let r = report(&with_gc(woman(-1.5), 20.0, 2.9));
    assert!(!r.risk.rules.contains(&RiskGiop));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
}

#[test]
fn giop_at_40_or_over_counts_a_lowest_t_score_below_minus_1_0() {
    // T −1.0 is `normal` and not below −1.0; no FRAX, no fracture.
    assert!(!fired(&with_gc(woman(-1.0), 5.0, 6.0), RiskGiop));
    assert_eq!(report(&with_gc(woman(-1.0), 5.0, 6.0)).risk.level, RiskLevel::NotIndicated);
    assert!(fired(&with_gc(woman(-1.01), 5.0, 6.0), RiskGiop));
    // Any fragility fracture is moderate risk or above, whatever the T-score.
    let with_fracture =
        Case { fractures: vec![fracture(FractureSite::DistalForearm, Some("2015-01-01"))], ..woman(-0.5) };
    assert!(fired(&with_gc(with_fracture, 2.5, 3.0), RiskGiop));
}

#[test]
fn giop_criteria_change_at_age_40() {
    // A man on the Z path (< 50): lowest T −1.5 (entered), Z −1.2, prednisone 5 mg/day for 6 months.
    let r = report(&with_gc(man(40, -1.5, -1.2), 5.0, 6.0));
    assert_eq!(r.diagnosis.path, DxPath::ZScore);
    assert!(r.risk.rules.contains(&RiskGiop), "age 40: T < −1.0 on any DX path (reading 9)");
    assert!(r.risk.treatment_indicated);
    let r = report(&with_gc(man(39, -1.5, -1.2), 5.0, 6.0));
    assert!(!r.rules_fired.contains(&RiskGiop), "age 39: the T-score criterion does not apply");
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    // FRAX is a criterion at 40 and over only.
    assert!(fired(&with_frax(with_gc(man(40, -0.5, -0.5), 5.0, 6.0), 15.0, 2.0), RiskGiop));
    assert!(!fired(&with_frax(with_gc(man(39, -0.5, -0.5), 5.0, 6.0), 15.0, 2.0), RiskGiop));
}

#[test]
fn giop_under_40_needs_7_5_mg_for_6_months_with_z_below_minus_3_or_a_bmd_loss() {
    // RISK-GIOP (v3), age < 40 — `moderate`: ≥ 7.5 mg/day for ≥ 6 months (taken or planned) with lowest Z-score
    // < −3.0 (strictly; v2 had ≤ −3.0) or a significant BMD loss (MON-DXA-CHANGE `loss` at the spine or hip).
    let young = |mg, months, z| with_gc(man(39, -3.5, z), mg, months);
    let r = report(&young(7.5, 6.0, -3.01));
    assert!(r.risk.rules.contains(&RiskGiop));
    assert!(r.risk.treatment_indicated);
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::Moderate));
    let r = report(&young(7.5, 6.0, -3.0));
    assert!(!r.risk.rules.contains(&RiskGiop), "Z −3.0 is not below −3.0 (v3)");
    assert_eq!((r.risk.giop_stratum, r.risk.level), (Some(GiopStratum::Low), RiskLevel::NotIndicated));
    assert!(!fired(&young(7.49, 6.0, -3.01), RiskGiop), "7.49 mg/day");
    assert!(!fired(&young(7.5, 5.9, -3.01), RiskGiop), "5.9 months");
    // Reading 26: the 6 months may be planned.
    let planned = |planned: f64| {
        let mut case = young(7.5, 3.0, -3.01);
        case.glucocorticoids.as_mut().unwrap().planned_months = Some(planned);
        report(&case).risk.rules.contains(&RiskGiop)
    };
    assert!(planned(6.0));
    assert!(!planned(5.9));
    // A BMD loss at the spine instead of the Z-score: 1.000 → 0.947 g/cm² is −5.3 %, the default spine LSC.
    let with_loss = |to_bmd: f64| {
        let mut case = young(7.5, 6.0, -1.0);
        case.dxa[0].bmd_g_cm2 = Some(to_bmd);
        case.dxa_previous = vec![PreviousDxa {
            date: Some(date("2025-11-01")),
            site: Some(Site::LumbarSpine),
            bmd_g_cm2: Some(1.0),
            ..PreviousDxa::default()
        }];
        report(&case)
    };
    let r = with_loss(0.947);
    assert!(r.risk.rules.contains(&RiskGiop), "a loss at the spine");
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::Moderate));
    let r = with_loss(0.948);
    assert!(!r.risk.rules.contains(&RiskGiop), "−5.2 % is stable");
    // Under 40 the other criteria: any fragility fracture, or the very-high dose of RISK-VH-GC.
    let fractured = Case { fractures: vec![fracture(FractureSite::Other, None)], ..young(2.5, 3.0, -1.0) };
    assert!(fired(&fractured, RiskGiop));
    let very_high_dose = report(&young(30.0, 3.0, -1.0));
    assert!(very_high_dose.rules_fired.contains(&RiskGiop));
    assert!(very_high_dose.rules_fired.contains(&RiskVhGc));
    assert_eq!(very_high_dose.risk.level, RiskLevel::VeryHigh);
    assert_eq!(very_high_dose.risk.giop_stratum, Some(GiopStratum::VeryHigh));
}

// ---------------------------------------------------------------------------------------------------------------
// §2 RISK-GC-FRAX: the dose factors at 2.5 and 7.5 mg/day, 3 months, reading 13

#[test]
fn gc_frax_factors_change_at_2_5_and_7_5_mg_a_day() {
    let adjusted = |mg: f64| {
        let r = report(&with_frax(with_gc(woman(-0.5), mg, 3.0), 10.0, 2.0));
        assert!(r.risk.rules.contains(&RiskGcFrax), "{mg} mg/day");
        let a = r.risk.frax_adjusted.expect("frax_adjusted");
        (a.factor_mof, a.factor_hip, a.mof_percent, a.hip_percent)
    };
    assert_eq!(adjusted(2.49), (0.8, 0.65, Some(8.0), Some(1.3)));
    assert_eq!(adjusted(0.5), (0.8, 0.65, Some(8.0), Some(1.3)));
    assert_eq!(adjusted(2.5), (1.0, 1.0, Some(10.0), Some(2.0)));
    assert_eq!(adjusted(7.49), (1.0, 1.0, Some(10.0), Some(2.0)));
    assert_eq!(adjusted(7.5), (1.15, 1.2, Some(11.5), Some(2.4)));
    assert_eq!(adjusted(40.0), (1.15, 1.2, Some(11.5), Some(2.4)));
}

#[test]
fn gc_frax_needs_3_months_a_dose_above_0_and_caps_at_100() {
    let r = report(&with_frax(with_gc(woman(-0.5), 7.5, 2.9), 10.0, 2.0));
    assert_eq!(r.risk.frax_adjusted, None);
    assert!(!r.rules_fired.contains(&RiskGcFrax));
    assert!(report(&with_frax(with_gc(woman(-0.5), 7.5, 3.0), 10.0, 2.0)).risk.frax_adjusted.is_some());
    // Reading 13: mg_per_day must be > 0.
    let r = report(&with_frax(with_gc(woman(-0.5), 0.0, 12.0), 10.0, 2.0));
    assert_eq!(r.risk.frax_adjusted, None);
    assert!(!r.rules_fired.contains(&RiskGcFrax));
    // Without FRAX nothing is adjusted.
    assert_eq!(report(&with_gc(woman(-0.5), 7.5, 3.0)).risk.frax_adjusted, None);
    // Capped at 100 %.
    let a = report(&with_frax(with_gc(woman(-2.6), 10.0, 3.0), 90.0, 90.0)).risk.frax_adjusted.unwrap();
    assert_eq!((a.mof_percent, a.hip_percent), (Some(100.0), Some(100.0)));
}

#[test]
fn giop_moderate_risk_is_adjusted_frax_mof_10_or_hip_above_1() {
    // Age 68, T −0.5 (normal: the T-score criterion does not hold), no fracture, 3 months of glucocorticoids.
    let giop = |mg, mof, hip| {
        let r = report(&with_frax(with_gc(woman(-0.5), mg, 3.0), mof, hip));
        assert_eq!(r.risk.treatment_indicated, r.risk.rules.contains(&RiskGiop));
        r.risk.rules.contains(&RiskGiop)
    };
    // 5 mg/day: factors 1.
    assert!(giop(5.0, 10.0, 0.5), "MOF 10");
    assert!(!giop(5.0, 9.99, 0.5), "MOF 9.99");
    assert!(giop(5.0, 5.0, 1.01), "hip 1.01");
    assert!(!giop(5.0, 5.0, 1.0), "hip 1.0 is not above 1");
    // 7.5 mg/day: the adjusted values are compared (MOF × 1.15, hip × 1.20).
    assert!(giop(7.5, 8.7, 0.5), "MOF 8.7 × 1.15 = 10.005");
    assert!(!giop(7.5, 8.69, 0.5), "MOF 8.69 × 1.15 = 9.99");
    assert!(giop(7.5, 5.0, 0.84), "hip 0.84 × 1.2 = 1.008");
    assert!(!giop(7.5, 5.0, 0.83), "hip 0.83 × 1.2 = 0.996");
}

#[test]
fn risk_treat_and_very_high_frax_use_the_adjusted_frax() {
    // Low bone mass (T −2.0) with FRAX MOF 20 % indicates treatment; below 2.5 mg/day it is adjusted to 16 %
    // (and RISK-GIOP does not apply below 2.5 mg/day).
    let low_mass = |mg: f64| report(&with_frax(with_gc(woman(-2.0), mg, 3.0), 20.0, 1.0));
    assert_eq!(low_mass(2.49).risk.level, RiskLevel::NotIndicated);
    assert!(low_mass(2.5).risk.treatment_indicated);
    // Under 40 (no T-score criterion in RISK-GIOP): a 38-year-old postmenopausal woman, T −2.0, FRAX MOF 18 %.
    let young = |mg: f64| {
        let mut case = with_frax(with_gc(woman(-2.0), mg, 3.0), 18.0, 1.0);
        case.patient.age_years = Some(38);
        report(&case)
    };
    let r = young(7.5);
    assert!(!r.rules_fired.contains(&RiskGiop));
    assert!(r.risk.treatment_indicated, "18 × 1.15 = 20.7 ≥ 20");
    assert_eq!(young(7.49).risk.level, RiskLevel::NotIndicated);
    // RISK-VH-FRAX: MOF 27 × 1.15 = 31.05 > 30.
    let vh = |mg: f64| fired(&with_frax(with_gc(woman(-2.6), mg, 3.0), 27.0, 1.0), RiskVhFrax);
    assert!(vh(7.5));
    assert!(!vh(7.49));
}

// ---------------------------------------------------------------------------------------------------------------
// §2 RISK-VH-GC (v2): 30 mg/day for ≥ 1 month, or ≥ 5 g in a year

#[test]
fn very_high_dose_is_30_mg_a_day_for_a_month() {
    let vh = |mg, months| fired(&with_gc(woman(-2.6), mg, months), RiskVhGc);
    assert!(vh(30.0, 1.0));
    assert_eq!(report(&with_gc(woman(-2.6), 30.0, 1.0)).risk.level, RiskLevel::VeryHigh);
    assert!(!vh(29.99, 1.0), "29.99 mg × 30.4 × 1 = 912 mg");
    assert!(!vh(30.0, 0.99), "30 mg for 0.99 months = 903 mg");
    assert_eq!(report(&with_gc(woman(-2.6), 29.99, 1.0)).risk.level, RiskLevel::High);
}

#[test]
fn very_high_dose_is_5_g_cumulative_within_a_year() {
    let vh = |mg, months| fired(&with_gc(woman(-2.6), mg, months), RiskVhGc);
    // 5000 / (30.4 × 12) = 13.706 mg/day.
    assert!(vh(13.71, 12.0), "13.71 × 30.4 × 12 = 5001.4 mg");
    assert!(!vh(13.70, 12.0), "13.70 × 30.4 × 12 = 4997.8 mg");
    assert!(!vh(13.70, 36.0), "only 12 months count");
    // Under 30 mg/day for less than a year.
    assert!(vh(25.0, 6.58), "25 × 30.4 × 6.58 = 5000.8 mg");
    assert!(!vh(25.0, 6.57), "25 × 30.4 × 6.57 = 4993.2 mg");
}

// ---------------------------------------------------------------------------------------------------------------
// §4 BASE-VITD-SEVERE / BASE-VITD-LOW: 30 and 50 nmol/L

#[test]
fn vitamin_d_below_30_is_deficiency_and_30_to_below_50_insufficiency() {
    let with_vitd = |labs: Labs| report(&with_labs(woman(-2.7), Labs { egfr_ml_min: Some(70.0), ..labs }));
    let nmol = |v: f64| with_vitd(Labs { vitamin_d_nmol_l: Some(v), ..Labs::default() });
    let recheck = vec![day("2027-02-22")];

    let r = nmol(29.99);
    assert!(r.rules_fired.contains(&BaseVitdSevere) && !r.rules_fired.contains(&BaseVitdLow));
    assert_eq!(alert(&r, BaseVitdSevere), Some(Severity::Warning));
    let loading = item(&r, Action::VitaminDLoading);
    assert_eq!((loading.urgency, &loading.dates), (Urgency::Now, &recheck));
    assert!(items(&r, Action::VitaminDSupplement).is_empty());

    for v in [30.0, 49.99] {
        let r = nmol(v);
        assert!(r.rules_fired.contains(&BaseVitdLow) && !r.rules_fired.contains(&BaseVitdSevere), "{v}");
        assert_eq!(alert(&r, BaseVitdLow), None, "BASE-VITD-LOW is not an alert");
        let supplement = item(&r, Action::VitaminDSupplement);
        assert_eq!((supplement.urgency, &supplement.dates), (Urgency::Now, &recheck));
        assert!(items(&r, Action::VitaminDLoading).is_empty());
    }

    let r = nmol(50.0);
    assert!(!r.rules_fired.contains(&BaseVitdLow) && !r.rules_fired.contains(&BaseVitdSevere));
    assert!(items(&r, Action::VitaminDSupplement).is_empty() && items(&r, Action::VitaminDLoading).is_empty());
}

#[test]
fn vitamin_d_in_ng_ml_is_converted_before_the_30_and_50_limits() {
    let ng = |v: f64| report(&with_labs(woman(-2.7), Labs { vitamin_d_ng_ml: Some(v), ..egfr(70.0) }));
    let rules = |r: &Report| (r.rules_fired.contains(&BaseVitdSevere), r.rules_fired.contains(&BaseVitdLow));
    assert_eq!(rules(&ng(12.0)), (true, false), "12 ng/mL = 29.95 nmol/L");
    assert_eq!(rules(&ng(12.02)), (false, true), "12.02 ng/mL = 30.0019 nmol/L");
    assert_eq!(rules(&ng(20.0)), (false, true), "20 ng/mL = 49.92 nmol/L");
    assert_eq!(rules(&ng(20.04)), (false, false), "20.04 ng/mL = 50.02 nmol/L");
}

#[test]
fn vitamin_d_deficiency_delays_starting_zoledronic_acid_by_6_weeks() {
    // Very high risk (T −3.2, no fracture: TX-VERY-HIGH), eGFR 70: the start drug is zoledronic acid (the first
    // `preferred` of the start order). BASE-VITD-SEVERE: start on assessed_on + 6 weeks (§8 start_treatment).
    let start = |vitd: f64| {
        let r = report(&with_labs(woman(-3.2), Labs { vitamin_d_nmol_l: Some(vitd), ..egfr(70.0) }));
        item(&r, Action::StartTreatment).clone()
    };
    let late = start(29.99);
    assert_eq!(late.drug, Some(Drug::ZoledronicAcid));
    assert_eq!((late.urgency, late.on), (Urgency::On, Some(day("2027-01-03"))));
    let now = start(30.0);
    assert_eq!(now.drug, Some(Drug::ZoledronicAcid));
    assert_eq!((now.urgency, now.on), (Urgency::Now, Some(day(TODAY))));
}

// ---------------------------------------------------------------------------------------------------------------
// §5.4 Kidney function: 30, 35, 60; where it comes from

/// A man of 68, lumbar-spine T −2.7 (T path), with creatinine 1.0 mg/dL: CrCl = (140 − 68) × weight / 72 = weight.
fn man_with_crcl(weight: f64) -> Case {
    let mut case = woman(-2.7);
    case.patient = Patient { sex: Some(Sex::Male), age_years: Some(68), weight_kg: Some(weight), ..Patient::default() };
    case.labs = Labs { creatinine_mg_dl: Some(1.0), ..Labs::default() };
    case
}

#[test]
fn kidney_function_comes_from_crcl_egfr_or_dialysis() {
    let r = report(&man_with_crcl(72.0));
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from), (Some(72.0), Some(KidneyFrom::Crcl)));
    assert_eq!(r.risk.crcl_ml_min, Some(72.0));
    // The lower of the two; a tie is `crcl` (reading 14).
    let both = |e: f64| {
        report(&Case { labs: Labs { egfr_ml_min: Some(e), ..man_with_crcl(72.0).labs }, ..man_with_crcl(72.0) })
    };
    let r = both(72.0);
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from), (Some(72.0), Some(KidneyFrom::Crcl)));
    let r = both(71.9);
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from), (Some(71.9), Some(KidneyFrom::Egfr)));
    let r = both(72.1);
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from), (Some(72.0), Some(KidneyFrom::Crcl)));
    let r = report(&with_labs(woman(-2.7), egfr(50.0)));
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from), (Some(50.0), Some(KidneyFrom::Egfr)));
    // Dialysis: `kidney_ml_min` null, `kidney_from` dialysis, and it counts as < 15.
    let mut dialysis = with_labs(woman(-2.7), egfr(50.0));
    dialysis.conditions.dialysis = true;
    let r = report(&dialysis);
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from), (None, Some(KidneyFrom::Dialysis)));
    assert_eq!(status_in(&r, Drug::Risedronate), Status::Avoid);
    assert!(r.rules_fired.contains(&CiRenalSevere));
    // Nothing known: both null, CI-RENAL-UNKNOWN, check_labs with creatinine.
    let r = report(&woman(-2.7));
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from), (None, None));
    assert!(r.plan.iter().any(|i| i.action == Action::CheckLabs
        && i.rules.contains(&CiRenalUnknown)
        && i.tests.contains(&Test::Creatinine)));
    assert!(items(&r, Action::EnterWeight).is_empty());
}

#[test]
fn creatinine_without_weight_asks_for_the_weight_instead_of_a_creatinine() {
    // Reading 14.
    let mut case = man_with_crcl(72.0);
    case.patient.weight_kg = None;
    let r = report(&case);
    assert_eq!((r.risk.kidney_ml_min, r.risk.kidney_from, r.risk.crcl_ml_min), (None, None, None));
    assert!(r.treatment.rules.contains(&CiRenalUnknown));
    assert_eq!(item(&r, Action::EnterWeight).rules, vec![CiRenalUnknown]);
    assert!(!r.plan.iter().any(|i| i.action == Action::CheckLabs && i.rules.contains(&CiRenalUnknown)));
    assert!(!r.plan.iter().any(|i| i.tests.contains(&Test::Creatinine)));
}

#[test]
fn crcl_35_and_30_limit_the_bisphosphonates() {
    // CI-BP-RENAL on the Cockcroft–Gault value: alendronate and zoledronic acid below 35, risedronate below 30.
    let r = report(&man_with_crcl(35.0));
    assert_eq!(r.risk.kidney_ml_min, Some(35.0));
    assert_ne!(status_in(&r, Drug::Alendronate), Status::Avoid);
    assert_ne!(status_in(&r, Drug::ZoledronicAcid), Status::Avoid);
    let r = report(&man_with_crcl(34.9));
    assert_eq!(status_in(&r, Drug::Alendronate), Status::Avoid);
    assert_eq!(status_in(&r, Drug::ZoledronicAcid), Status::Avoid);
    assert_ne!(status_in(&r, Drug::Risedronate), Status::Avoid);
    assert_ne!(status(&man_with_crcl(30.0), Drug::Risedronate), Status::Avoid);
    assert_eq!(status(&man_with_crcl(29.9), Drug::Risedronate), Status::Avoid);
}

#[test]
fn renal_severe_is_below_30_or_dialysis_and_differs_by_profile() {
    // Very high risk (T −3.2, TX-VERY-HIGH): the anabolics are `preferred`, the SERMs `second_line`.
    let case = |k: f64, profile| Case { profile, ..with_labs(woman(-3.2), egfr(k)) };
    let r = report(&case(30.0, Profile::Cn2022));
    assert!(!r.rules_fired.contains(&CiRenalSevere));
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::Preferred);
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::Preferred);
    assert_eq!(status_in(&r, Drug::Raloxifene), Status::SecondLine);
    assert_eq!(status_in(&r, Drug::StrontiumRanelate), Status::SecondLine);

    let r = report(&case(29.9, Profile::Cn2022));
    assert!(r.rules_fired.contains(&CiRenalSevere));
    for drug in [Drug::Teriparatide, Drug::Abaloparatide, Drug::Raloxifene, Drug::Bazedoxifene, Drug::StrontiumRanelate]
    {
        assert_eq!(status_in(&r, drug), Status::Avoid, "cn-2022 {drug:?}");
    }
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::Caution);

    let r = report(&case(29.9, Profile::Aace2020));
    for drug in [Drug::Teriparatide, Drug::Abaloparatide, Drug::Raloxifene, Drug::Romosozumab] {
        assert_eq!(status_in(&r, drug), Status::Caution, "aace-2020 {drug:?}");
    }
    assert_eq!(status_in(&r, Drug::Bazedoxifene), Status::SecondLine);
    assert_eq!(status_in(&r, Drug::StrontiumRanelate), Status::SecondLine);

    let mut dialysis = case(80.0, Profile::Cn2022);
    dialysis.conditions.dialysis = true;
    assert_eq!(status(&dialysis, Drug::Teriparatide), Status::Avoid);
}

#[test]
fn dmab_ckd_is_below_30_with_denosumab_given_or_planned_and_always_danger() {
    // On denosumab; the next dose is due 2026-12-01 (window ends 2026-12-29).
    let on = |labs: Labs| report(&with_labs(on_denosumab(TODAY, &["2026-06-01"], Plan::Continue), labs));
    let r = on(egfr(30.0));
    assert!(!r.rules_fired.contains(&DmabCkd));
    assert_eq!(alert(&r, DmabCkd), None);

    let r = on(egfr(29.9));
    assert_eq!(alert(&r, DmabCkd), Some(Severity::Danger));
    // Before the next dose: the CKD-MBD work-up, by the dose date; nephrology.
    let before =
        r.plan.iter().find(|i| i.action == Action::CheckLabs && i.rules.contains(&DmabCkd)).expect("CKD-MBD work-up");
    assert_eq!((before.urgency, before.by), (Urgency::By, Some(day("2026-12-01"))));
    for test in [Test::Phosphate, Test::Magnesium, Test::Alp, Test::Pth, Test::VitaminD, Test::Calcitriol] {
        assert!(before.tests.contains(&test), "{test:?} in {:?}", before.tests);
    }
    assert!(r.plan.iter().any(|i| i.action == Action::SpecialistReview && i.rules.contains(&DmabCkd)));
    // Reading 23: the dose carries DMAB-CKD too.
    assert!(item(&r, Action::GiveDenosumab).rules.contains(&DmabCkd));
    // After the dose: weekly for a month, then monthly.
    let after = item(&r, Action::CheckCalciumAfterDose);
    assert_eq!(&after.dates[..4], &["2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29"].map(day));

    let mut dialysis = with_labs(on_denosumab(TODAY, &["2026-06-01"], Plan::Continue), egfr(80.0));
    dialysis.conditions.dialysis = true;
    assert_eq!(alert(&report(&dialysis), DmabCkd), Some(Severity::Danger));
}

#[test]
fn dmab_ckd_without_a_denosumab_block_follows_the_denosumab_option() {
    // Naive, high risk, cn-2022: denosumab is `alternative` (TX-HIGH), so it counts as planned.
    let r = report(&with_labs(woman(-2.7), egfr(29.9)));
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Alternative);
    assert_eq!(alert(&r, DmabCkd), Some(Severity::Danger));
    assert!(!report(&with_labs(woman(-2.7), egfr(30.0))).rules_fired.contains(&DmabCkd));
    // Treatment not indicated: no options, denosumab neither given nor planned.
    let r = report(&with_labs(woman(-1.5), egfr(20.0)));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert!(!r.rules_fired.contains(&DmabCkd));
}

#[test]
fn dmab_ca_predisposed_is_30_to_59_with_a_dose_given_or_planned() {
    let on = |k: f64| report(&with_labs(on_denosumab(TODAY, &["2026-06-01"], Plan::Continue), egfr(k)));
    for k in [30.0, 59.99] {
        let r = on(k);
        assert!(r.rules_fired.contains(&DmabCaPredisposed), "eGFR {k}");
        assert!(!r.rules_fired.contains(&DmabCkd), "eGFR {k}");
        assert_eq!(alert(&r, DmabCaPredisposed), None, "not an alert");
        let check = item(&r, Action::CheckCalciumAfterDose);
        assert_eq!(check.dates, vec![day("2026-12-15")], "dose 2026-12-01 + 14 days");
        for test in [Test::Calcium, Test::Phosphate, Test::Magnesium] {
            assert!(check.tests.contains(&test));
        }
    }
    for k in [60.0, 29.99] {
        assert!(!on(k).rules_fired.contains(&DmabCaPredisposed), "eGFR {k}");
    }
    // Stopping with an exit drug (eGFR 45 allows zoledronic acid): no denosumab dose is given or planned.
    let stopping = report(&with_labs(on_denosumab(TODAY, &["2026-09-01"], Plan::Stop), egfr(45.0)));
    assert_eq!(dmab(&stopping).exit_plan.as_ref().and_then(|e| e.drug), Some(Drug::ZoledronicAcid));
    assert!(!stopping.rules_fired.contains(&DmabCaPredisposed));
    assert!(items(&stopping, Action::CheckCalciumAfterDose).is_empty());
}

// ---------------------------------------------------------------------------------------------------------------
// §4 BASE-CA-ADJ and §5.4 CI-HYPOCA: adjusted calcium 2.10 and 2.20

#[test]
fn hypocalcaemia_is_below_2_10_on_the_albumin_adjusted_calcium() {
    let with_ca = |total: f64, albumin: Option<f64>| {
        report(&with_labs(woman(-2.7), Labs { calcium_mmol_l: Some(total), albumin_g_l: albumin, ..egfr(70.0) }))
    };
    let hypo = |r: &Report| r.rules_fired.contains(&CiHypoca);
    // 2.00 + 0.02 × (40 − 35) = 2.10: not below 2.10.
    let r = with_ca(2.0, Some(35.0));
    assert_eq!(r.risk.adjusted_calcium_mmol_l, Some(2.1));
    assert!(!hypo(&r));
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Alternative);
    assert!(items(&r, Action::CorrectCalcium).is_empty());
    // 2.00 + 0.02 × (40 − 35.5) = 2.09.
    let r = with_ca(2.0, Some(35.5));
    assert_eq!(r.risk.adjusted_calcium_mmol_l, Some(2.09));
    assert!(hypo(&r));
    for drug in [Drug::ZoledronicAcid, Drug::Denosumab, Drug::Romosozumab] {
        assert_eq!(status_in(&r, drug), Status::Avoid, "{drug:?}");
    }
    assert_eq!(item(&r, Action::CorrectCalcium).urgency, Urgency::Now);
    // The adjusted value decides either way: total 2.15 with albumin 45 is 2.05; total 2.05 with albumin 30, 2.25.
    assert!(hypo(&with_ca(2.15, Some(45.0))));
    assert!(!hypo(&with_ca(2.05, Some(30.0))));
    // Without albumin the total calcium is used and no adjusted value is reported.
    let r = with_ca(2.10, None);
    assert_eq!(r.risk.adjusted_calcium_mmol_l, None);
    assert!(!hypo(&r));
    assert!(hypo(&with_ca(2.09, None)));
}

#[test]
fn a_total_calcium_below_2_20_without_albumin_asks_for_an_albumin() {
    let with_ca = |total: f64, albumin: Option<f64>| {
        report(&with_labs(
            woman(-2.7),
            Labs { calcium_mmol_l: Some(total), albumin_g_l: albumin, vitamin_d_nmol_l: Some(70.0), ..egfr(70.0) },
        ))
    };
    let asks_albumin = |r: &Report| {
        r.plan
            .iter()
            .any(|i| i.action == Action::CheckLabs && i.tests.contains(&Test::Albumin) && i.rules.contains(&BaseCaAdj))
    };
    let r = with_ca(2.19, None);
    assert!(r.rules_fired.contains(&BaseCaAdj));
    assert!(asks_albumin(&r));
    let r = with_ca(2.20, None);
    assert!(!r.rules_fired.contains(&BaseCaAdj));
    assert!(!r.plan.iter().any(|i| i.tests.contains(&Test::Albumin)));
    // With albumin the calcium is adjusted, and no albumin is asked for.
    let r = with_ca(2.19, Some(40.0));
    assert_eq!(r.risk.adjusted_calcium_mmol_l, Some(2.19));
    assert!(r.rules_fired.contains(&BaseCaAdj));
    assert!(!r.plan.iter().any(|i| i.tests.contains(&Test::Albumin)));
}

#[test]
fn work_labs_keeps_the_calcium_below_2_20_without_albumin() {
    // WORK-LABS: "Omit what the case already gives: ... calcium when total calcium ≥ 2.20 mmol/L or albumin is given".
    let labs_tests = |total: f64, albumin: Option<f64>| {
        let r = report(&with_labs(
            woman(-2.7),
            Labs { calcium_mmol_l: Some(total), albumin_g_l: albumin, vitamin_d_nmol_l: Some(70.0), ..egfr(70.0) },
        ));
        r.plan
            .iter()
            .find(|i| i.action == Action::CheckLabs && i.rules.contains(&WorkLabs))
            .expect("WORK-LABS screen")
            .tests
            .clone()
    };
    assert!(!labs_tests(2.20, None).contains(&Test::AdjustedCalcium));
    assert!(!labs_tests(2.19, Some(40.0)).contains(&Test::AdjustedCalcium));
    assert!(labs_tests(2.19, None).contains(&Test::AdjustedCalcium));
}

// ---------------------------------------------------------------------------------------------------------------
// §6 The exit window's end (DMAB-EXIT-TIMING → DMAB-EXIT-RESTART)

#[test]
fn stopping_on_the_last_day_of_the_window_gives_the_exit_drug_today() {
    // Last injection 2026-03-15: transition 2026-09-15, window ends 2026-10-13 (inclusive).
    let r = report(&on_denosumab("2026-10-13", &["2025-09-15", "2026-03-15"], Plan::Stop));
    assert_eq!(r.journey.stage, Stage::StoppingDenosumab);
    let d = dmab(&r);
    assert_eq!(d.status, DmabStatus::Due);
    assert_eq!(d.catch_up, None);
    let exit = d.exit_plan.as_ref().expect("exit plan");
    assert_eq!(exit.transition_on, day("2026-09-15"));
    assert_eq!((exit.give_on, exit.give_by), (Some(day("2026-10-13")), Some(day("2026-10-13"))));
    assert!(!exit.restarted);
    assert!(exit.rules.contains(&DmabExitTiming) && exit.rules.contains(&DmabExitFallback));
    assert!(!r.rules_fired.contains(&DmabExitRestart) && !r.rules_fired.contains(&DmabMissed));
    // Hip T −2.7: EXIT-LONG; the CTX dates count from today, the day of the infusion.
    assert!(exit.rules.contains(&DmabExitLong));
    assert_eq!(exit.ctx_from, Some(CtxFrom::Today));
    assert_eq!(exit.ctx_checks, vec![day("2027-01-13"), day("2027-04-13")]);
    assert_eq!(alert(&r, DmabExitTiming), Some(Severity::Warning), "the transition date has passed");
    let give = item(&r, Action::GiveExitDrug);
    assert_eq!((give.urgency, give.on, give.drug), (Urgency::Now, Some(day("2026-10-13")), Some(Drug::ZoledronicAcid)));
    assert!(items(&r, Action::GiveDenosumab).is_empty());
}

#[test]
fn stopping_the_day_after_the_window_restarts_denosumab_today() {
    let r = report(&on_denosumab("2026-10-14", &["2025-09-15", "2026-03-15"], Plan::Stop));
    assert_eq!(r.journey.stage, Stage::StoppingDenosumab);
    let d = dmab(&r);
    assert_eq!((d.status, d.days_late), (DmabStatus::Late, 29));
    let catch_up = d.catch_up.as_ref().expect("catch-up dose");
    assert_eq!(catch_up.give_on, day("2026-10-14"));
    assert_eq!(catch_up.next_due, day("2027-04-14"));
    assert_eq!(catch_up.window, [day("2027-03-17"), day("2027-05-12")]);
    let exit = d.exit_plan.as_ref().expect("exit plan");
    assert!(exit.restarted);
    assert_eq!(exit.transition_on, day("2027-04-14"));
    // Reading 4: give_on = the new transition date, give_by 4 weeks later; the fallback applies.
    assert_eq!((exit.give_on, exit.give_by), (Some(day("2027-04-14")), Some(day("2027-05-12"))));
    assert!(exit.rules.contains(&DmabExitRestart) && exit.rules.contains(&DmabExitFallback));
    assert!(!exit.rules.contains(&DmabExitTiming));
    assert!(!exit.rules.contains(&DmabExitShort), "never short after a restart");
    assert_eq!(exit.ctx_from, Some(CtxFrom::Planned));
    assert_eq!(exit.ctx_checks, vec![day("2027-07-14"), day("2027-10-14")]);
    assert_eq!(alert(&r, DmabExitRestart), Some(Severity::Danger));
    assert!(!r.rules_fired.contains(&DmabRebound), "late, not overdue");
    // Today's dose, and no second denosumab item: the next step is the exit drug.
    let doses = items(&r, Action::GiveDenosumab);
    assert_eq!(doses.len(), 1, "{doses:#?}");
    assert_eq!((doses[0].urgency, doses[0].on), (Urgency::Now, Some(day("2026-10-14"))));
    assert!(doses[0].rules.contains(&DmabExitRestart));
    let give = item(&r, Action::GiveExitDrug);
    assert_eq!((give.on, give.by), (Some(day("2027-04-14")), Some(day("2027-05-12"))));
    assert_eq!(item(&r, Action::FallbackDenosumab).on, Some(day("2027-05-12")));
}

// ---------------------------------------------------------------------------------------------------------------
// §6 DMAB-CATCH-UP across month ends

#[test]
fn a_catch_up_on_the_31st_of_august_is_next_due_on_the_28th_of_february() {
    // Last dose 2025-12-01, due 2026-06-01: on 2026-08-31 the dose is 91 days late.
    let r = report(&on_denosumab("2026-08-31", &["2025-12-01"], Plan::Continue));
    let d = dmab(&r);
    assert_eq!((d.status, d.days_late), (DmabStatus::Late, 91));
    let c = d.catch_up.as_ref().expect("catch-up");
    assert_eq!(c.give_on, day("2026-08-31"));
    assert_eq!(c.next_due, day("2027-02-28"));
    assert_eq!(c.window, [day("2027-01-31"), day("2027-03-28")]);
    let doses = items(&r, Action::GiveDenosumab);
    assert_eq!(doses.len(), 2);
    assert_eq!((doses[0].urgency, doses[0].on), (Urgency::Now, Some(day("2026-08-31"))));
    assert_eq!((doses[1].on, doses[1].by), (Some(day("2027-02-28")), Some(day("2027-03-28"))));
}

#[test]
fn a_catch_up_into_a_leap_year_is_next_due_on_the_29th_of_february() {
    // Last dose 2026-06-01, due 2026-12-01: on 2027-08-31 the dose is overdue (DMAB-REBOUND).
    let r = report(&on_denosumab("2027-08-31", &["2026-06-01"], Plan::Continue));
    let d = dmab(&r);
    assert_eq!(d.status, DmabStatus::Overdue);
    assert!(r.rules_fired.contains(&DmabRebound));
    let c = d.catch_up.as_ref().expect("catch-up");
    assert_eq!(c.next_due, day("2028-02-29"));
    assert_eq!(c.window, [day("2028-02-01"), day("2028-03-28")]);
    // From a leap day: 2028-02-29 + 6 months = 2028-08-29.
    let d = report(&on_denosumab("2028-02-29", &["2027-06-01"], Plan::Continue)).denosumab.unwrap();
    let c = d.catch_up.expect("catch-up");
    assert_eq!(c.next_due, day("2028-08-29"));
    assert_eq!(c.window, [day("2028-08-01"), day("2028-09-26")]);
}

// ---------------------------------------------------------------------------------------------------------------
// §3 The treatment journey

fn journey_of(history: Vec<DrugPeriod>) -> osteoplan::clinical::journey::Journey {
    report(&Case { history, ..with_labs(woman(-2.7), egfr(70.0)) }).journey
}

fn stage_of(history: Vec<DrugPeriod>) -> Stage {
    journey_of(history).stage
}

#[test]
fn a_patient_with_no_drug_history_is_naive() {
    let j = journey_of(vec![]);
    assert_eq!((j.stage, j.drug, j.since, j.until), (Stage::Naive, None, None, None));
    // The adjuncts do not count as treatment.
    assert_eq!(stage_of(vec![period(Drug::Calcitriol, "2020-01-01", Some("2021-01-01"))]), Stage::Naive);
    assert_eq!(stage_of(vec![period(Drug::Menatetrenone, "2020-01-01", None)]), Stage::Naive);
}

#[test]
fn a_patient_with_only_ended_drugs_was_previously_treated() {
    let j = journey_of(vec![period(Drug::Alendronate, "2015-01-01", Some("2020-01-01"))]);
    assert_eq!(j.stage, Stage::PreviouslyTreated);
    assert_eq!((j.drug, j.since, j.until), (Some(Drug::Alendronate), Some(day("2015-01-01")), Some(day("2020-01-01"))));
    // Reading 8: an ongoing drug that matches no stage (growth hormone) leaves the patient previously treated.
    let j = journey_of(vec![
        period(Drug::GrowthHormone, "2010-01-01", None),
        period(Drug::Alendronate, "2015-01-01", Some("2020-01-01")),
    ]);
    assert_eq!((j.stage, j.drug), (Stage::PreviouslyTreated, Some(Drug::Alendronate)));
}

#[test]
fn an_ongoing_serm_strontium_or_hormone_is_on_other() {
    let j = journey_of(vec![period(Drug::Raloxifene, "2024-01-01", None)]);
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::OnOther, Some(Drug::Raloxifene), Some(day("2024-01-01")), None)
    );
    assert_eq!(stage_of(vec![period(Drug::HormoneTherapy, "2024-01-01", None)]), Stage::OnOther);
    assert_eq!(stage_of(vec![period(Drug::Raloxifene, "2024-01-01", Some("2025-01-01"))]), Stage::PreviouslyTreated);
}

#[test]
fn an_ongoing_oral_bisphosphonate_or_a_zoledronic_acid_infusion_within_18_months_is_on_bisphosphonate() {
    let j = journey_of(vec![period(Drug::Alendronate, "2023-01-01", None)]);
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::OnBisphosphonate, Some(Drug::Alendronate), Some(day("2023-01-01")), None)
    );
    // Zoledronic acid: one infusion on its start covering 12 months; its `end` is ignored (reading 7). §3 (v3): an
    // infusion within the 18 months up to assessed_on is a current course (a late yearly infusion, not a new
    // start); reading 49: the window's last day is included (2026-11-22 − 18 months = 2025-05-22).
    let j = journey_of(vec![period(Drug::ZoledronicAcid, "2025-05-22", Some("2025-05-22"))]);
    assert_eq!(
        (j.stage, j.drug, j.since),
        (Stage::OnBisphosphonate, Some(Drug::ZoledronicAcid), Some(day("2025-05-22")))
    );
    let j = journey_of(vec![period(Drug::ZoledronicAcid, "2025-05-21", Some("2025-05-21"))]);
    assert_eq!(j.stage, Stage::PreviouslyTreated, "an infusion more than 18 months ago");
    assert_eq!(j.until, Some(day("2026-05-21")), "reading 20: start + 12 months");
    // 12 months and a day ago is late, not over: the next infusion is today (§8 next_infusion, v3).
    let r = report(&Case {
        history: vec![period(Drug::ZoledronicAcid, "2025-11-21", None)],
        ..with_labs(woman(-2.7), egfr(70.0))
    });
    assert_eq!(r.journey.stage, Stage::OnBisphosphonate);
    let next = item(&r, Action::NextInfusion);
    assert_eq!((next.urgency, next.dates[0]), (Urgency::Now, day(TODAY)));
    // Exactly 12 months ago: due today as well; 12 months less a day: due tomorrow.
    let next_on = |start: &str| {
        let r = report(&Case {
            history: vec![period(Drug::ZoledronicAcid, start, None)],
            ..with_labs(woman(-2.7), egfr(70.0))
        });
        item(&r, Action::NextInfusion).dates[0]
    };
    assert_eq!(next_on("2025-11-22"), day(TODAY));
    assert_eq!(next_on("2025-11-23"), day("2026-11-23"));
}

#[test]
fn a_bisphosphonate_run_joins_periods_less_than_12_months_apart() {
    let since = |alendronate_end: &str| {
        journey_of(vec![
            period(Drug::Alendronate, "2019-01-01", Some(alendronate_end)),
            period(Drug::ZoledronicAcid, "2025-12-01", None),
        ])
    };
    let j = since("2025-01-01");
    assert_eq!(
        (j.stage, j.drug, j.since),
        (Stage::OnBisphosphonate, Some(Drug::ZoledronicAcid), Some(day("2019-01-01")))
    );
    assert_eq!(since("2024-12-01").since, Some(day("2025-12-01")), "exactly 12 months apart: a new run");
}

#[test]
fn an_ongoing_anabolic_is_on_anabolic_and_an_ended_one_with_nothing_after_is_after_anabolic() {
    let j = journey_of(vec![period(Drug::Teriparatide, "2026-01-10", None)]);
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::OnAnabolic, Some(Drug::Teriparatide), Some(day("2026-01-10")), None)
    );
    // An ongoing anabolic comes before an ongoing bisphosphonate (first match wins).
    assert_eq!(
        stage_of(vec![period(Drug::Alendronate, "2020-01-01", None), period(Drug::Romosozumab, "2026-06-01", None)]),
        Stage::OnAnabolic
    );
    let r = report(&Case {
        history: vec![period(Drug::Romosozumab, "2024-01-01", Some("2024-12-31"))],
        ..with_labs(woman(-2.7), egfr(70.0))
    });
    let j = &r.journey;
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::AfterAnabolic, Some(Drug::Romosozumab), Some(day("2024-01-01")), Some(day("2024-12-31")))
    );
    assert_eq!(alert(&r, SeqAnabolicFirst), Some(Severity::Warning));
    assert!(r.risk.rules.contains(&RiskOnTx));
    // TX-AFTER-ANABOLIC: zoledronic acid and denosumab preferred; the start drug is the first preferred in order.
    assert_eq!(status_in(&r, Drug::ZoledronicAcid), Status::Preferred);
    assert_eq!(status_in(&r, Drug::Alendronate), Status::Alternative);
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::ZoledronicAcid));
    // Reading 8: no time limit.
    assert_eq!(stage_of(vec![period(Drug::Teriparatide, "2012-01-01", Some("2014-01-01"))]), Stage::AfterAnabolic);
    // An anti-resorptive starting on the course's end follows it.
    assert_eq!(
        stage_of(vec![
            period(Drug::Romosozumab, "2024-01-01", Some("2024-12-31")),
            period(Drug::Alendronate, "2024-12-31", None),
        ]),
        Stage::OnBisphosphonate
    );
}

#[test]
fn a_denosumab_block_that_continues_is_on_denosumab_and_teriparatide_is_avoided() {
    let r = report(&on_denosumab(TODAY, &["2025-12-01", "2026-06-01"], Plan::Continue));
    let j = &r.journey;
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::OnDenosumab, Some(Drug::Denosumab), Some(day("2025-12-01")), None)
    );
    // TX-CONTINUE-DMAB.
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Preferred);
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::Avoid);
    assert_eq!(status_in(&r, Drug::Abaloparatide), Status::Avoid);
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::Caution);
    for drug in [Drug::ZoledronicAcid, Drug::Alendronate, Drug::Risedronate] {
        assert_eq!(status_in(&r, drug), Status::Alternative, "{drug:?}");
    }
    let teriparatide = r.treatment.options.iter().find(|o| o.drug == Drug::Teriparatide).unwrap();
    assert!(teriparatide.rules.contains(&TxContinueDmab));
    assert!(r
        .plan
        .iter()
        .any(|i| i.action == Action::Avoid && i.drug == Some(Drug::Teriparatide) && i.rules.contains(&TxContinueDmab)));
    assert!(items(&r, Action::StartTreatment).is_empty());
    assert_eq!(item(&r, Action::ContinueTreatment).drug, Some(Drug::Denosumab));
    // Also at very high risk, where the risk table would make teriparatide preferred.
    let mut vh = on_denosumab(TODAY, &["2025-12-01", "2026-06-01"], Plan::Continue);
    vh.dxa[0].t_score = Some(-3.5);
    assert_eq!(status(&vh, Drug::Teriparatide), Status::Avoid);
    let aace = Case { profile: Profile::Aace2020, ..vh };
    assert_eq!(status(&aace, Drug::Teriparatide), Status::Avoid);
    assert_eq!(status(&aace, Drug::Abaloparatide), Status::Avoid);
}

#[test]
fn an_ongoing_denosumab_period_without_dates_is_on_denosumab_and_asks_for_them() {
    let r = report(&Case {
        history: vec![period(Drug::Denosumab, "2024-03-01", None)],
        ..with_labs(woman(-2.7), egfr(70.0))
    });
    assert_eq!((r.journey.stage, r.journey.since), (Stage::OnDenosumab, Some(day("2024-03-01"))));
    assert_eq!(item(&r, Action::EnterInjectionDates).urgency, Urgency::Now);
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::Avoid);
}

#[test]
fn a_block_that_stops_is_stopping_denosumab_but_only_with_an_injection() {
    let r = report(&on_denosumab(TODAY, &["2026-06-01"], Plan::Stop));
    let j = &r.journey;
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::StoppingDenosumab, Some(Drug::Denosumab), Some(day("2026-06-01")), None)
    );
    assert!(dmab(&r).exit_plan.is_some());
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::Avoid);
    assert!(r.treatment.rules.contains(&TxExitDmab));
    // Reading 17: no injection, no exit plan and no stopping stage.
    let r = report(&on_denosumab(TODAY, &[], Plan::Stop));
    assert_ne!(r.journey.stage, Stage::StoppingDenosumab);
    assert_eq!(dmab(&r).exit_plan, None);
}

#[test]
fn a_denosumab_period_that_ended_with_nothing_protective_after_is_stopping_denosumab() {
    // DMAB-HISTORY-STOP: read as one injection on the period's end (2025-01-15) and plan `stop`; long overdue,
    // so the exit restarts (DMAB-EXIT-RESTART). Never "not indicated", even with a normal T-score (RISK-ON-TX).
    let stopped_on = |end: &str, other: Vec<DrugPeriod>| {
        let mut history = vec![period(Drug::Denosumab, "2021-01-01", Some(end))];
        history.extend(other);
        report(&Case { history, ..with_labs(woman(-0.5), egfr(70.0)) })
    };
    let stopped = |other: Vec<DrugPeriod>| stopped_on("2025-01-15", other);
    let r = stopped(vec![]);
    let j = &r.journey;
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::StoppingDenosumab, Some(Drug::Denosumab), Some(day("2021-01-01")), None)
    );
    assert!(r.rules_fired.contains(&DmabHistoryStop));
    assert!(r.risk.treatment_indicated && r.risk.rules.contains(&RiskOnTx));
    let d = dmab(&r);
    assert_eq!((d.last_injection, d.status), (Some(day("2025-01-15")), DmabStatus::Overdue));
    let exit = d.exit_plan.as_ref().expect("exit plan");
    assert!(exit.restarted && exit.rules.contains(&DmabExitRestart));
    assert_eq!(exit.transition_on, day("2027-05-22"));
    assert_eq!(d.catch_up.as_ref().map(|c| c.give_on), Some(day(TODAY)));
    // Reading 25: a drug "after" the end starts strictly later. DMAB-HISTORY-STOP (v3): only a bisphosphonate,
    // denosumab or an anabolic after it ends the rule.
    let r = stopped(vec![period(Drug::Alendronate, "2025-01-15", Some("2025-02-15"))]);
    assert!(r.rules_fired.contains(&DmabHistoryStop), "same day is not after");
    let r = stopped(vec![period(Drug::Alendronate, "2025-01-16", Some("2025-02-15"))]);
    assert!(!r.rules_fired.contains(&DmabHistoryStop));
    assert_ne!(r.journey.stage, Stage::StoppingDenosumab);
    // v3: hormone therapy, a SERM, testosterone, strontium or an adjunct after it does not prevent the rebound.
    for drug in [Drug::Raloxifene, Drug::HormoneTherapy, Drug::StrontiumRanelate, Drug::Calcitriol] {
        let r = stopped(vec![period(drug, "2025-01-16", None)]);
        assert!(r.rules_fired.contains(&DmabHistoryStop), "{drug:?} after it");
        assert_eq!(r.journey.stage, Stage::StoppingDenosumab, "{drug:?} after it");
    }
    // Reading 52 / 59: more than 24 months after the last dose the rebound window has closed — previously treated,
    // denosumab the latest drug (since = the period's start, until = the last dose), no rebound, no restart, no
    // catch-up; spine imaging now whatever the DXA category. Exactly 24 months is still inside the window.
    let r = stopped_on("2024-11-22", vec![]);
    assert_eq!(r.journey.stage, Stage::StoppingDenosumab, "exactly 24 months: still inside the window");
    assert!(r.rules_fired.contains(&DmabRebound));
    let r = stopped_on("2024-11-21", vec![]);
    let j = &r.journey;
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::PreviouslyTreated, Some(Drug::Denosumab), Some(day("2021-01-01")), Some(day("2024-11-21")))
    );
    for rule in [DmabRebound, DmabExitRestart, DmabCatchUp, DmabMissed] {
        assert!(!r.rules_fired.contains(&rule), "{rule:?} with the window closed");
    }
    let d = dmab(&r);
    assert_eq!((d.status, d.catch_up.as_ref(), d.exit_plan.as_ref()), (DmabStatus::Overdue, None, None));
    assert!(items(&r, Action::GiveDenosumab).is_empty());
    assert!(item(&r, Action::VertebralImaging).rules.contains(&WorkVfa));
}

#[test]
fn an_exit_drug_recorded_while_the_plan_continues_is_stopping_with_the_exit_given() {
    // Reading 5 and DMAB-EXIT-GIVEN: zoledronic acid ≥ 5 months after the last injection (2026-01-10 + 5 months =
    // 2026-06-10).
    let with_zol = |on: &str| {
        let mut case = on_denosumab(TODAY, &["2025-01-10", "2025-07-10", "2026-01-10"], Plan::Continue);
        case.history = vec![period(Drug::ZoledronicAcid, on, Some(on))];
        report(&case)
    };
    let r = with_zol("2026-06-10");
    assert_eq!(r.journey.stage, Stage::StoppingDenosumab);
    assert_eq!(r.journey.since, Some(day("2025-01-10")));
    assert!(r.rules_fired.contains(&DmabExitGiven));
    let d = dmab(&r);
    assert_eq!((d.status, d.next_due, d.window), (DmabStatus::ExitGiven, None, None));
    let exit = d.exit_plan.as_ref().expect("exit plan");
    assert_eq!((exit.drug, exit.given_on), (Some(Drug::ZoledronicAcid), Some(day("2026-06-10"))));
    assert!(exit.rules.contains(&DmabExitGiven));
    // Hip T −2.7: EXIT-LONG; the CTX dates count from the infusion; the plan shows only those still ahead.
    assert_eq!(exit.ctx_from, Some(CtxFrom::Given));
    assert_eq!(exit.ctx_checks, vec![day("2026-09-10"), day("2026-12-10")]);
    let btm = r.plan.iter().find(|i| i.action == Action::CheckBtm).expect("CTX check");
    assert_eq!(btm.dates, vec![day("2026-12-10")]);
    assert_eq!(status_in(&r, Drug::ZoledronicAcid), Status::Preferred, "reading 20");
    assert!(items(&r, Action::GiveDenosumab).is_empty());
    // One day short of 5 months: not the exit; still on denosumab, and a combination.
    let r = with_zol("2026-06-09");
    assert_eq!(r.journey.stage, Stage::OnDenosumab);
    assert!(!r.rules_fired.contains(&DmabExitGiven));
    assert!(r.sequencing.rules.contains(&SeqNoCombo));
}

// ---------------------------------------------------------------------------------------------------------------
// More consequences of the same boundaries

#[test]
fn giop_at_very_high_risk_follows_tx_giop_not_the_anabolic_first_table() {
    // v3: TX-GIOP replaces TX-VH-ANABOLIC for glucocorticoid patients (TX-VH-ANABOLIC "and not TX-GIOP"; reading
    // 39). T −3.2 with a vertebral fragility fracture (2015): very high risk, anabolic first without RISK-GIOP.
    // eGFR 70, cn-2022.
    let case = |mg: f64| {
        let base = Case {
            fractures: vec![fracture(FractureSite::Vertebral, Some("2015-01-01"))],
            ..with_labs(woman(-3.2), egfr(70.0))
        };
        report(&with_gc(base, mg, 3.0))
    };
    // Below 2.5 mg/day: no RISK-GIOP; TX-VH-ANABOLIC.
    let r = case(2.49);
    assert!(!r.risk.rules.contains(&RiskGiop));
    assert!(r.treatment.rules.contains(&TxVhAnabolic) && !r.treatment.rules.contains(&TxGiop));
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::Preferred);
    assert_eq!(status_in(&r, Drug::ZoledronicAcid), Status::Alternative);
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Alternative);
    // cn-2022, TX-AVAILABILITY under TX-VH-ANABOLIC: romosozumab and abaloparatide `alternative`.
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::Alternative);
    assert_eq!(status_in(&r, Drug::Abaloparatide), Status::Alternative);
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::Teriparatide));
    // 2.5 mg/day for 3 months: RISK-GIOP, stratum very_high (a fragility fracture): TX-GIOP's row.
    let r = case(2.5);
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::VeryHigh));
    assert_eq!(r.risk.level, RiskLevel::VeryHigh);
    assert!(r.treatment.rules.contains(&TxGiop));
    assert!(!r.treatment.rules.contains(&TxVhAnabolic) && !r.treatment.rules.contains(&TxVeryHigh));
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::Preferred);
    assert_eq!(status_in(&r, Drug::Abaloparatide), Status::Preferred, "TX-AVAILABILITY changes no status here");
    for drug in [Drug::Denosumab, Drug::ZoledronicAcid, Drug::Alendronate, Drug::Risedronate] {
        assert_eq!(status_in(&r, drug), Status::Alternative, "{drug:?}");
    }
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::SecondLine);
    assert_eq!(status_in(&r, Drug::Ibandronate), Status::SecondLine, "reading 47");
    // Reading 42: TX-GIOP's start order puts teriparatide first among the preferred.
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::Teriparatide));
}

#[test]
fn giop_with_a_normal_t_score_brings_the_vertebral_imaging_and_a_dxa_in_12_months() {
    // WORK-VFA: naive, no vertebral fracture, RISK-GIOP (here from the FRAX criterion, T −0.5 normal).
    let r = report(&with_frax(with_gc(with_labs(woman(-0.5), egfr(70.0)), 5.0, 3.0), 10.0, 0.5));
    assert!(r.risk.rules.contains(&RiskGiop));
    assert_eq!(item(&r, Action::VertebralImaging).urgency, Urgency::Now);
    assert_eq!(item(&r, Action::Dxa).on, Some(day("2027-11-22")));
    let r = report(&with_frax(with_gc(with_labs(woman(-0.5), egfr(70.0)), 5.0, 3.0), 9.99, 0.5));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert!(items(&r, Action::VertebralImaging).is_empty());
    // FU-DXA, not indicated: 12 months with glucocorticoids, 24 without.
    assert_eq!(item(&r, Action::Dxa).on, Some(day("2027-11-22")));
    let r = report(&with_frax(with_labs(woman(-0.5), egfr(70.0)), 9.99, 0.5));
    assert_eq!(item(&r, Action::Dxa).on, Some(day("2028-11-22")));
}

#[test]
fn the_giop_warning_is_for_naive_patients_only() {
    // Reading 15. Previously treated (alendronate ended): RISK-GIOP fires but is not an alert.
    let case = with_gc(woman(-1.5), 5.0, 6.0);
    assert_eq!(alert(&report(&case), RiskGiop), Some(Severity::Warning));
    let treated = Case { history: vec![period(Drug::Alendronate, "2015-01-01", Some("2020-01-01"))], ..case };
    let r = report(&treated);
    assert_eq!(r.journey.stage, Stage::PreviouslyTreated);
    assert!(r.risk.rules.contains(&RiskGiop));
    assert_eq!(alert(&r, RiskGiop), None);
}

#[test]
fn enter_frax_is_asked_from_age_40_with_glucocorticoids() {
    // §8 enter_frax: glucocorticoids entered, age ≥ 40, no FRAX.
    let asks = |age: i64| !items(&report(&with_gc(man(age, -1.5, -1.2), 5.0, 6.0)), Action::EnterFrax).is_empty();
    assert!(asks(40));
    assert!(!asks(39));
    assert!(items(&report(&with_frax(with_gc(man(40, -1.5, -1.2), 5.0, 6.0), 8.0, 0.5)), Action::EnterFrax).is_empty());
}

#[test]
fn hypocalcaemia_is_a_danger_on_denosumab_and_holds_the_start_until_corrected() {
    let on = |total: f64| {
        report(&with_labs(
            on_denosumab(TODAY, &["2026-06-01"], Plan::Continue),
            Labs { calcium_mmol_l: Some(total), albumin_g_l: Some(35.0), ..egfr(70.0) },
        ))
    };
    // 2.00 + 0.02 × (40 − 35) = 2.10; 1.99 + 0.10 = 2.09.
    assert_eq!(alert(&on(2.0), CiHypoca), None);
    assert_eq!(alert(&on(1.99), CiHypoca), Some(Severity::Danger));
    // Reading 1 and 19: the start drug is chosen as if CI-HYPOCA did not apply, and waits for `correct_calcium`.
    let start = |total: f64| {
        report(&with_labs(woman(-3.2), Labs { calcium_mmol_l: Some(total), albumin_g_l: Some(35.0), ..egfr(70.0) }))
    };
    let r = start(1.99); // 1.99 + 0.1 = 2.09
    assert_eq!(status_in(&r, Drug::ZoledronicAcid), Status::Avoid);
    let s = item(&r, Action::StartTreatment);
    assert_eq!(s.drug, Some(Drug::ZoledronicAcid));
    assert!(s.rules.contains(&CiHypoca));
    let order = |a: Action| r.plan.iter().position(|i| i.action == a).unwrap();
    assert!(order(Action::CorrectCalcium) < order(Action::StartTreatment));
    let r = start(2.0); // 2.10
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::ZoledronicAcid));
    assert!(!item(&r, Action::StartTreatment).rules.contains(&CiHypoca));
    assert!(items(&r, Action::CorrectCalcium).is_empty());
}

#[test]
fn stopping_below_30_has_no_exit_drug_and_keeps_denosumab_with_ckd_care() {
    // Risedronate is avoided below 30, so every exit drug is: DMAB-EXIT-BLOCKED; denosumab goes on (DMAB-CKD).
    let r = report(&with_labs(on_denosumab(TODAY, &["2026-09-01"], Plan::Stop), egfr(29.9)));
    let exit = dmab(&r).exit_plan.as_ref().expect("exit plan");
    assert_eq!(exit.drug, None);
    assert!(exit.rules.contains(&DmabExitBlocked));
    assert_eq!(alert(&r, DmabCkd), Some(Severity::Danger));
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Preferred);
    let r = report(&with_labs(on_denosumab(TODAY, &["2026-09-01"], Plan::Stop), egfr(30.0)));
    assert_eq!(dmab(&r).exit_plan.as_ref().and_then(|e| e.drug), Some(Drug::Risedronate));
    assert!(!r.rules_fired.contains(&DmabCkd));
}

#[test]
fn the_exit_drug_is_given_on_the_transition_date_and_today_only_once_it_is_reached() {
    // Last injection 2026-03-15: window 2026-08-18 – 2026-10-13, transition 2026-09-15.
    let exit_on = |assessed: &str| report(&on_denosumab(assessed, &["2025-09-15", "2026-03-15"], Plan::Stop));
    let r = exit_on("2026-08-18");
    assert_eq!(dmab(&r).status, DmabStatus::Due);
    let exit = dmab(&r).exit_plan.clone().unwrap();
    assert_eq!((exit.give_on, exit.give_by), (Some(day("2026-09-15")), Some(day("2026-10-13"))));
    assert_eq!(exit.ctx_from, Some(CtxFrom::Planned));
    assert_eq!(exit.ctx_checks, vec![day("2026-12-15"), day("2027-03-15")]);
    assert_eq!(item(&r, Action::GiveExitDrug).urgency, Urgency::On);
    // The day before the window: not due, the same plan.
    let r = exit_on("2026-08-17");
    assert_eq!(dmab(&r).status, DmabStatus::NotDue);
    assert_eq!(dmab(&r).exit_plan.as_ref().unwrap().give_on, Some(day("2026-09-15")));
    // On the transition date: today, CTX from today; no warning until it has passed.
    let r = exit_on("2026-09-15");
    let exit = dmab(&r).exit_plan.clone().unwrap();
    assert_eq!(exit.give_on, Some(day("2026-09-15")));
    assert_eq!(exit.ctx_from, Some(CtxFrom::Today));
    assert_eq!(item(&r, Action::GiveExitDrug).urgency, Urgency::Now);
    assert_eq!(alert(&r, DmabExitTiming), None);
    let r = exit_on("2026-09-16");
    assert_eq!(dmab(&r).exit_plan.as_ref().unwrap().give_on, Some(day("2026-09-16")));
    assert_eq!(alert(&r, DmabExitTiming), Some(Severity::Warning));
}

#[test]
fn a_stopped_denosumab_period_counts_a_dose_every_6_months_for_the_exit_course() {
    // DMAB-HISTORY-STOP reads the period as a block whose last dose is the period's end. Our reading for
    // EXIT-SHORT's "≤ 5 injections": a period counts one dose every 6 months from its start (2021-01-01 →
    // 2026-06-01 is 11 doses), so 5½ years of denosumab exits as the long course, not as the one dose the period
    // records. (Reading 4's "recorded injections only" keeps the restart dose out of the count.) The period ended
    // 2026-06-01, so the exit is still on time (status `due`); hip T −2.0, spine −2.7 (high risk), no fracture.
    let case = Case {
        dxa: vec![
            DxaEntry { site: Some(Site::LumbarSpine), t_score: Some(-2.7), ..DxaEntry::default() },
            DxaEntry { site: Some(Site::TotalHip), t_score: Some(-2.0), ..DxaEntry::default() },
        ],
        history: vec![period(Drug::Denosumab, "2021-01-01", Some("2026-06-01"))],
        ..with_labs(woman(-2.7), egfr(70.0))
    };
    let r = report(&case);
    let d = dmab(&r);
    assert_eq!((d.status, d.injections_count), (DmabStatus::Due, 1));
    assert_eq!(r.risk.level, RiskLevel::High);
    let exit = d.exit_plan.as_ref().expect("exit plan");
    assert!(exit.rules.contains(&DmabExitLong), "{:?}", exit.rules);
    // A period of two doses (start and end 6 months apart) is a short course.
    let short = Case { history: vec![period(Drug::Denosumab, "2025-12-01", Some("2026-06-01"))], ..case };
    let r = report(&short);
    assert!(dmab(&r).exit_plan.as_ref().unwrap().rules.contains(&DmabExitShort));
}

#[test]
fn vitamin_d_deficiency_never_delays_a_denosumab_dose_that_is_late() {
    // BASE-VITD-SEVERE: load alongside and give the dose. Last dose 2026-03-15, due 2026-09-15: late on 2026-11-22.
    let mut case = on_denosumab(TODAY, &["2026-03-15"], Plan::Continue);
    case.labs.vitamin_d_nmol_l = Some(29.99);
    let r = report(&case);
    assert!(r.rules_fired.contains(&BaseVitdSevere));
    assert_eq!(dmab(&r).status, DmabStatus::Late);
    let today_dose = items(&r, Action::GiveDenosumab)[0];
    assert_eq!((today_dose.urgency, today_dose.on), (Urgency::Now, Some(day(TODAY))));
    assert_eq!(item(&r, Action::VitaminDLoading).urgency, Urgency::Now);
}

// ---------------------------------------------------------------------------------------------------------------
// Where the rules meet (found in review): the pending marks, switches and completed courses.

fn position(r: &Report, action: Action) -> usize {
    r.plan.iter().position(|i| i.action == action).unwrap_or_else(|| panic!("no {action:?} in {:#?}", r.plan))
}

fn low_calcium(case: Case, egfr_value: f64) -> Case {
    with_labs(
        case,
        Labs { egfr_ml_min: Some(egfr_value), calcium_mmol_l: Some(2.0), albumin_g_l: Some(40.0), ..Labs::default() },
    )
}

#[test]
fn a_current_zoledronic_acid_now_contraindicated_is_a_switch_not_another_infusion() {
    // CI-BP-RENAL avoids zoledronic acid below 35 mL/min; reading 20: a current drug now avoided gets no
    // continue_treatment. Its yearly infusions must not be planned either: another drug starts.
    let case =
        Case { history: vec![period(Drug::ZoledronicAcid, "2026-03-01", None)], ..with_labs(woman(-2.7), egfr(32.0)) };
    let r = report(&case);
    assert_eq!(r.journey.stage, Stage::OnBisphosphonate);
    assert!(items(&r, Action::NextInfusion).is_empty());
    assert!(items(&r, Action::ContinueTreatment).is_empty());
    let start = item(&r, Action::StartTreatment);
    assert_ne!(start.drug, Some(Drug::ZoledronicAcid));
    assert!(start.drug.is_some());
    // At 35 mL/min it is continued, with the next infusion a year after the last.
    let r = report(&Case { labs: egfr(35.0), ..case });
    assert_eq!(item(&r, Action::NextInfusion).dates[0], day("2027-03-01"));
}

#[test]
fn a_fracture_on_a_bisphosphonate_switches_to_another_drug() {
    // TX-ON-BP: "With a fracture on treatment, 5.1 alone (a switch)": the start is not the current drug again.
    let case = Case {
        history: vec![period(Drug::ZoledronicAcid, "2026-03-01", None)],
        fractures: vec![fracture(FractureSite::DistalForearm, Some("2026-09-01"))],
        ..with_labs(woman(-2.2), egfr(70.0))
    };
    let r = report(&case);
    assert!(r.rules_fired.contains(&RiskVhFxOnTx));
    let start = item(&r, Action::StartTreatment).drug;
    assert!(start.is_some() && start != Some(Drug::ZoledronicAcid), "{start:?}");
}

#[test]
fn a_zoledronic_acid_infusion_covers_12_months_whatever_its_end() {
    // Reading 7: a fracture three years after an infusion with no `end` was not on treatment.
    let case = Case {
        history: vec![period(Drug::ZoledronicAcid, "2018-03-01", None)],
        fractures: vec![fracture(FractureSite::DistalForearm, Some("2021-06-01"))],
        ..with_labs(woman(-2.6), egfr(70.0))
    };
    assert!(!fired(&case, RiskVhFxOnTx));
    let inside = Case { fractures: vec![fracture(FractureSite::DistalForearm, Some("2019-02-01"))], ..case };
    assert!(fired(&inside, RiskVhFxOnTx));
}

#[test]
fn denosumab_held_only_by_low_calcium_still_counts_as_planned() {
    // Reading 1: CI-HYPOCA is temporary; DMAB-CKD and DMAB-COMMIT treat denosumab as planned.
    let r = report(&low_calcium(woman(-2.7), 25.0));
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Avoid);
    assert_eq!(alert(&r, DmabCkd), Some(Severity::Danger));
    let denosumab = r.treatment.options.iter().find(|o| o.drug == Drug::Denosumab).unwrap();
    assert!(denosumab.rules.contains(&DmabCommit), "{:?}", denosumab.rules);
}

#[test]
fn low_calcium_delays_the_exit_drug_but_never_blocks_the_exit() {
    // Reading 1 and CI-HYPOCA: correct first, then give; the exit drug stays zoledronic acid, after the correction.
    let mut case = on_denosumab(TODAY, &["2024-12-10", "2025-06-10", "2025-12-10", "2026-06-10"], Plan::Stop);
    case = low_calcium(case, 70.0);
    let r = report(&case);
    let exit = dmab(&r).exit_plan.as_ref().unwrap();
    assert_eq!(exit.drug, Some(Drug::ZoledronicAcid));
    assert!(!exit.rules.contains(&DmabExitBlocked));
    let give = item(&r, Action::GiveExitDrug);
    assert!(give.rules.contains(&CiHypoca));
    assert!(position(&r, Action::CorrectCalcium) < position(&r, Action::GiveExitDrug));
    assert_eq!(alert(&r, CiHypoca), Some(Severity::Danger));
}

#[test]
fn low_calcium_after_the_exit_was_given_is_not_a_danger() {
    // §8: CI-HYPOCA is danger when zoledronic acid, denosumab or romosozumab is given or planned; here all is given.
    let mut case = on_denosumab(TODAY, &["2024-12-10", "2025-06-10", "2025-12-10", "2026-06-10"], Plan::Stop);
    case.history = vec![period(Drug::ZoledronicAcid, "2026-11-20", None)];
    let r = report(&low_calcium(case, 70.0));
    assert_eq!(dmab(&r).status, DmabStatus::ExitGiven);
    assert_ne!(alert(&r, CiHypoca), Some(Severity::Danger));
}

#[test]
fn the_start_waits_for_the_weight_and_the_ckd_work_up_comes_before_the_dose() {
    // Reading 19: enter_weight comes before the start it clears.
    let mut case = woman(-2.7);
    case.labs = Labs { creatinine_umol_l: Some(80.0), ..Labs::default() };
    let r = report(&case);
    assert!(position(&r, Action::EnterWeight) < position(&r, Action::StartTreatment));
    // Reading 23: the CKD-MBD checks before the dose, then the dose, then the checks after it — also when the dose
    // is today (late).
    let mut late = on_denosumab(TODAY, &["2025-09-27", "2026-03-27"], Plan::Continue);
    late.labs =
        Labs { egfr_ml_min: Some(22.0), calcium_mmol_l: Some(2.25), albumin_g_l: Some(40.0), ..Labs::default() };
    let r = report(&late);
    let labs = r.plan.iter().position(|i| i.action == Action::CheckLabs && i.rules.contains(&DmabCkd)).unwrap();
    assert!(labs < position(&r, Action::GiveDenosumab));
    assert!(position(&r, Action::GiveDenosumab) < position(&r, Action::CheckCalciumAfterDose));
}

#[test]
fn a_completed_romosozumab_course_is_followed_on_not_continued() {
    // TX-ON-ANABOLIC: romosozumab 12 monthly doses; past them, book the follow-on now, no continue, no CV check.
    let case = Case { history: vec![period(Drug::Romosozumab, "2025-08-01", None)], ..woman(-3.2) };
    let r = report(&case);
    assert!(items(&r, Action::ContinueTreatment).is_empty());
    assert!(items(&r, Action::AssessCvRisk).is_empty());
    assert_eq!(item(&r, Action::BookFollowOn).urgency, Urgency::Now);
    let running = Case { history: vec![period(Drug::Romosozumab, "2026-06-01", None)], ..woman(-3.2) };
    let r = report(&running);
    assert_eq!(item(&r, Action::ContinueTreatment).drug, Some(Drug::Romosozumab));
    assert_eq!(item(&r, Action::BookFollowOn).on, Some(day("2027-06-01")));
}

#[test]
fn no_five_year_review_once_the_exit_drug_is_given() {
    let injections = [
        "2021-01-10",
        "2021-07-10",
        "2022-01-10",
        "2022-07-10",
        "2023-01-10",
        "2023-07-10",
        "2024-01-10",
        "2024-07-10",
        "2025-01-10",
        "2025-07-10",
    ];
    let mut case = on_denosumab(TODAY, &injections, Plan::Stop);
    assert!(fired(&case, DmabReview));
    case.history = vec![period(Drug::ZoledronicAcid, "2026-01-15", None)];
    assert!(!fired(&case, DmabReview));
}

#[test]
fn lists_have_stated_maximum_lengths() {
    // 200 injections (100 years of denosumab) and 100 history or fracture entries are accepted; one more is an
    // `out_of_range` error on the list's path, and the entries are not read one by one (no quadratic work).
    let start = day("1926-01-01");
    let injections: Vec<String> = (0..201).map(|i| (start + chrono::Days::new(i * 30)).to_string()).collect();
    let with = |n: usize| {
        let refs: Vec<&str> = injections[..n].iter().map(String::as_str).collect();
        on_denosumab(TODAY, &refs, Plan::Continue)
    };
    assert!(evaluate(&with(200)).is_ok());
    let errors = evaluate(&with(201)).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].path.as_str(), errors[0].code),
        ("denosumab.injections", osteoplan::clinical::errors::ErrorCode::OutOfRange)
    );

    let periods = |n: usize| Case { history: vec![period(Drug::Calcitriol, "2020-01-01", None); n], ..woman(-2.7) };
    assert!(evaluate(&periods(100)).is_ok());
    assert_eq!(evaluate(&periods(101)).unwrap_err()[0].path, "history");
    let fractures = |n: usize| Case { fractures: vec![fracture(FractureSite::Other, None); n], ..woman(-2.7) };
    assert!(evaluate(&fractures(100)).is_ok());
    assert_eq!(evaluate(&fractures(101)).unwrap_err()[0].path, "fractures");
}
