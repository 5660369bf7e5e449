//! Rule book v3: every new number, asserted on both sides, through the public `evaluate` (and `evaluate_json` for
//! the text form). Expected values come from `shared/spec/clinical-rules.md` (v3: the rules marked (v3), §7b MON-*,
//! readings 26–59) and `shared/spec/case-format.md` ("v3 additions").
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

mod common;

use chrono::NaiveDate;
use common::{alert, date, item, items, woman, TODAY};
use osteoplan::clinical::case::*;
use osteoplan::clinical::denosumab::DmabStatus;
use osteoplan::clinical::errors::{ErrorCode, InputError};
use osteoplan::clinical::evaluate_json;
use osteoplan::clinical::journey::Stage;
use osteoplan::clinical::monitoring::{
    Basis, BtmReading, BtmVerdict, DxaChange, DxaVerdict, FailureCriterion, Response, Source,
};
use osteoplan::clinical::plan::{Action, Urgency};
use osteoplan::clinical::risk::{GiopStratum, RiskLevel};
use osteoplan::clinical::rules::{RuleId::*, Severity};
use osteoplan::clinical::treatment::Status;
use osteoplan::{evaluate, Report};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn report(case: &Case) -> Report {
    evaluate(case).unwrap_or_else(|e| panic!("unexpected input errors: {e:?}"))
}

/// Every input error of a case, as (path, code).
fn errors(case: &Case) -> Vec<(String, ErrorCode)> {
    match evaluate(case) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|InputError { path, code, .. }| (path, code)).collect(),
    }
}

fn error(path: &str, code: ErrorCode) -> (String, ErrorCode) {
    (path.to_string(), code)
}

fn gc(case: Case, mg_per_day: f64, months: f64, planned_months: Option<f64>) -> Case {
    Case {
        glucocorticoids: Some(Glucocorticoids { mg_per_day: Some(mg_per_day), months: Some(months), planned_months }),
        ..case
    }
}

fn with_frax(case: Case, mof: f64, hip: f64) -> Case {
    Case { frax: Some(Frax { mof_percent: Some(mof), hip_percent: Some(hip) }), ..case }
}

fn egfr(value: f64) -> Labs {
    Labs { egfr_ml_min: Some(value), ..Labs::default() }
}

fn period(drug: Drug, start: &str, end: Option<&str>) -> DrugPeriod {
    DrugPeriod { drug: Some(drug), start: Some(date(start)), end: end.map(date) }
}

fn fracture(site: FractureSite, on: &str) -> Fracture {
    Fracture { site: Some(site), date: Some(date(on)), ..Fracture::default() }
}

fn dxa(site: Site, t: f64, bmd: Option<f64>) -> DxaEntry {
    DxaEntry { site: Some(site), t_score: Some(t), bmd_g_cm2: bmd, ..DxaEntry::default() }
}

fn previous(on: &str, site: Site, bmd: Option<f64>, machine: Option<&str>) -> PreviousDxa {
    PreviousDxa {
        date: Some(date(on)),
        site: Some(site),
        bmd_g_cm2: bmd,
        t_score: if bmd.is_none() { Some(-2.0) } else { None },
        machine: machine.map(String::from),
    }
}

fn marker(test: BtmTest, on: &str, value: f64, unit: BtmUnit) -> BtmResult {
    BtmResult { test: Some(test), date: Some(date(on)), value: Some(value), unit: Some(unit) }
}

fn status_in(r: &Report, drug: Drug) -> Status {
    r.treatment.options.iter().find(|o| o.drug == drug).expect("drug option").status
}

/// A woman of 68 (assessed 2026-11-22) with femoral-neck T `t` on glucocorticoids `mg` mg/day for 6 months.
fn on_gc(t: f64, mg: f64) -> Case {
    gc(woman(t), mg, 6.0, None)
}

fn stratum(case: &Case) -> Option<GiopStratum> {
    report(case).risk.giop_stratum
}

// ---------------------------------------------------------------------------------------------------------------
// RISK-GIOP (v3): the ACR-2022 strata, age ≥ 40

#[test]
fn acr_strata_at_40_and_over_follow_the_lowest_t_score() {
    // very_high: T ≤ −3.5; high: T ≤ −2.5; moderate: T < −1.0 (strictly); low otherwise. No FRAX, no fracture.
    use GiopStratum::*;
    let at = |t: f64| stratum(&on_gc(t, 5.0));
    assert_eq!(at(-3.5), Some(VeryHigh));
    assert_eq!(at(-3.49), Some(High));
    assert_eq!(at(-2.5), Some(High));
    assert_eq!(at(-2.49), Some(Moderate));
    assert_eq!(at(-1.01), Some(Moderate));
    assert_eq!(at(-1.0), Some(Low), "−1.0 is not below −1.0");
    // Treatment is indicated at `moderate` or above, by RISK-GIOP.
    let r = report(&on_gc(-1.01, 5.0));
    assert!(r.risk.rules.contains(&RiskGiop) && r.risk.treatment_indicated);
    let r = report(&on_gc(-1.0, 5.0));
    assert!(!r.risk.rules.contains(&RiskGiop));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    // "Any entered T-score, whatever the DX path": a perimenopausal woman of 45 is on the T path, a man of 45 on
    // the Z path; both are read by their T-score.
    let mut man = on_gc(-2.5, 5.0);
    man.patient = Patient { sex: Some(Sex::Male), age_years: Some(45), ..Patient::default() };
    man.dxa[0].z_score = Some(-0.5);
    assert_eq!(stratum(&man), Some(High));
}

#[test]
fn acr_strata_follow_frax_mof_30_20_and_10() {
    // T −0.5 (normal): FRAX alone decides; 5 mg/day leaves FRAX unchanged (RISK-GC-FRAX factor 1).
    use GiopStratum::*;
    let mof = |p: f64| stratum(&with_frax(on_gc(-0.5, 5.0), p, 0.5));
    assert_eq!(mof(30.0), Some(VeryHigh));
    assert_eq!(mof(29.99), Some(High));
    assert_eq!(mof(20.0), Some(High));
    assert_eq!(mof(19.99), Some(Moderate));
    assert_eq!(mof(10.0), Some(Moderate));
    assert_eq!(mof(9.99), Some(Low));
}

#[test]
fn acr_strata_follow_frax_hip_4_5_3_and_strictly_above_1() {
    use GiopStratum::*;
    let hip = |p: f64| stratum(&with_frax(on_gc(-0.5, 5.0), 5.0, p));
    assert_eq!(hip(4.5), Some(VeryHigh));
    assert_eq!(hip(4.49), Some(High));
    assert_eq!(hip(3.0), Some(High));
    assert_eq!(hip(2.99), Some(Moderate));
    assert_eq!(hip(1.01), Some(Moderate));
    assert_eq!(hip(1.0), Some(Low), "hip moderate is strictly above 1 %");
}

#[test]
fn acr_strata_compare_the_dose_adjusted_frax() {
    // RISK-GC-FRAX at 7.5 mg/day: MOF × 1.15, hip × 1.20, compared unrounded.
    use GiopStratum::*;
    let at = |mof: f64, hip: f64| stratum(&with_frax(on_gc(-0.5, 7.5), mof, hip));
    assert_eq!(at(26.09, 0.5), Some(VeryHigh), "26.09 × 1.15 = 30.0035");
    assert_eq!(at(26.08, 0.5), Some(High), "26.08 × 1.15 = 29.992");
    assert_eq!(at(5.0, 3.75), Some(VeryHigh), "3.75 × 1.2 = 4.5");
    assert_eq!(at(5.0, 3.74), Some(High), "3.74 × 1.2 = 4.488");
}

#[test]
fn acr_strata_keep_acr_boundaries_apart_from_risk_vh_frax() {
    // Reading 42: the strata use ACR's ≥ 30 % and ≥ 4.5 %, RISK-VH-FRAX its own > 30 % and > 4.5 %. MOF exactly 30:
    // stratum very_high (TX-GIOP's row: teriparatide and abaloparatide preferred) at risk level `high`.
    let r = report(&with_frax(gc(Case { labs: egfr(70.0), ..woman(-0.5) }, 5.0, 6.0, None), 30.0, 0.5));
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::VeryHigh));
    assert!(!r.risk.rules.contains(&RiskVhFrax));
    assert_eq!(r.risk.level, RiskLevel::High);
    assert!(r.treatment.rules.contains(&TxGiop));
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::Preferred);
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Alternative);
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::Teriparatide));
    let r = report(&with_frax(gc(Case { labs: egfr(70.0), ..woman(-0.5) }, 5.0, 6.0, None), 30.01, 0.5));
    assert!(r.risk.rules.contains(&RiskVhFrax));
    assert_eq!(r.risk.level, RiskLevel::VeryHigh);
    // The same at the hip: 4.5 is very_high for ACR, not RISK-VH-FRAX; 4.51 is both.
    let r = report(&with_frax(on_gc(-0.5, 5.0), 5.0, 4.5));
    assert_eq!((r.risk.giop_stratum, r.risk.level), (Some(GiopStratum::VeryHigh), RiskLevel::High));
    assert!(report(&with_frax(on_gc(-0.5, 5.0), 5.0, 4.51)).risk.rules.contains(&RiskVhFrax));
}

#[test]
fn acr_moderate_stratum_starts_an_oral_bisphosphonate_and_high_starts_teriparatide() {
    // TX-GIOP (v3) and reading 42: `moderate` → alendronate (first of the start order); `high` → teriparatide.
    let at = |t: f64| report(&gc(Case { labs: egfr(70.0), ..woman(t) }, 5.0, 6.0, None));
    let r = at(-2.49);
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::Moderate));
    assert!(r.treatment.rules.contains(&TxGiop));
    for drug in [Drug::Alendronate, Drug::Risedronate, Drug::ZoledronicAcid, Drug::Denosumab, Drug::Teriparatide] {
        assert_eq!(status_in(&r, drug), Status::Preferred, "{drug:?}");
    }
    assert_eq!(status_in(&r, Drug::Ibandronate), Status::Alternative);
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::SecondLine);
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::Alendronate));
    let r = at(-2.5);
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::High));
    assert_eq!(status_in(&r, Drug::Alendronate), Status::Alternative);
    assert_eq!(status_in(&r, Drug::Denosumab), Status::Preferred);
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::Teriparatide));
}

#[test]
fn very_high_risk_keeps_alendronate_and_risedronate_as_alternatives_under_aace_2020() {
    // TX-VERY-HIGH (v3): `cn-2022` oral bisphosphonates, ibandronate and SERMs `second_line`; `aace-2020`
    // alendronate and risedronate `alternative` (AACE's "alternate therapy"), ibandronate and SERMs `second_line`.
    // RISK-VH-T: lowest T < −3.0 (strictly).
    let at = |t: f64, profile: Profile| report(&Case { profile, labs: egfr(70.0), ..woman(t) });
    let r = at(-3.01, Profile::Aace2020);
    assert_eq!(r.risk.level, RiskLevel::VeryHigh);
    assert!(r.treatment.rules.contains(&TxVeryHigh));
    for drug in [Drug::Alendronate, Drug::Risedronate] {
        assert_eq!(status_in(&r, drug), Status::Alternative, "{drug:?}");
    }
    for drug in [Drug::Ibandronate, Drug::Raloxifene, Drug::Bazedoxifene] {
        assert_eq!(status_in(&r, drug), Status::SecondLine, "{drug:?}");
    }
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::ZoledronicAcid));
    let r = at(-3.01, Profile::Cn2022);
    assert_eq!(status_in(&r, Drug::Alendronate), Status::SecondLine);
    // At T −3.0 the risk is high: TX-HIGH, alendronate preferred in both profiles.
    let r = at(-3.0, Profile::Aace2020);
    assert_eq!((r.risk.level, status_in(&r, Drug::Alendronate)), (RiskLevel::High, Status::Preferred));
    // TX-VH-ANABOLIC keeps TX-VERY-HIGH's statuses for the oral bisphosphonates (reading 2).
    let anabolic_first = Case {
        profile: Profile::Aace2020,
        fractures: vec![fracture(FractureSite::Vertebral, "2015-01-01")],
        labs: egfr(70.0),
        ..woman(-3.2)
    };
    let r = report(&anabolic_first);
    assert!(r.treatment.rules.contains(&TxVhAnabolic));
    assert_eq!(status_in(&r, Drug::Alendronate), Status::Alternative);
    assert_eq!(status_in(&r, Drug::Ibandronate), Status::SecondLine);
}

// ---------------------------------------------------------------------------------------------------------------
// RISK-GIOP (v3), age < 40: Z strictly below −3.0, or a BMD loss at the spine or hip

/// A man of 39 (Z path) with a lumbar-spine T −3.5 and Z `z`, on `mg` mg/day for `months` months.
fn young_man(z: f64, mg: f64, months: f64, planned: Option<f64>) -> Case {
    let mut case = gc(woman(-3.5), mg, months, planned);
    case.patient = Patient { sex: Some(Sex::Male), age_years: Some(39), ..Patient::default() };
    case.dxa = vec![DxaEntry { z_score: Some(z), ..dxa(Site::LumbarSpine, -3.5, None) }];
    case
}

#[test]
fn under_40_the_z_score_must_be_strictly_below_minus_3() {
    use GiopStratum::*;
    assert_eq!(stratum(&young_man(-3.01, 7.5, 6.0, None)), Some(Moderate));
    assert_eq!(stratum(&young_man(-3.0, 7.5, 6.0, None)), Some(Low));
    // The T-score is not read under 40 (T −3.5 here).
    assert_eq!(stratum(&young_man(-1.0, 7.5, 6.0, None)), Some(Low));
    // ≥ 7.5 mg/day for ≥ 6 months, taken or planned (reading 26).
    assert_eq!(stratum(&young_man(-3.01, 7.49, 6.0, None)), Some(Low));
    assert_eq!(stratum(&young_man(-3.01, 7.5, 5.9, None)), Some(Low));
    assert_eq!(stratum(&young_man(-3.01, 7.5, 3.0, Some(6.0))), Some(Moderate));
    assert_eq!(stratum(&young_man(-3.01, 7.5, 3.0, Some(5.9))), Some(Low));
}

#[test]
fn under_40_a_bmd_loss_at_the_spine_or_hip_counts_and_at_the_radius_does_not() {
    // MON-DXA-CHANGE `loss`: change ≤ −LSC. Spine 1.000 → 0.947 g/cm² = −5.3 % (default LSC 5.3).
    let with_change = |site: Site, to: f64, lsc: Option<LscPercent>| {
        let mut case = young_man(-1.0, 7.5, 6.0, None);
        case.dxa = vec![DxaEntry { z_score: Some(-1.0), ..dxa(site, -1.0, Some(to)) }];
        case.dxa_previous = vec![previous("2025-11-01", site, Some(1.0), None)];
        case.lsc_percent = lsc;
        report(&case)
    };
    let r = with_change(Site::LumbarSpine, 0.947, None);
    assert_eq!(r.monitoring.dxa_changes[0].verdict, DxaVerdict::Loss);
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::Moderate));
    assert!(r.risk.treatment_indicated);
    let r = with_change(Site::LumbarSpine, 0.948, None);
    assert_eq!(r.monitoring.dxa_changes[0].verdict, DxaVerdict::Stable);
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::Low));
    // The hip (total hip, default LSC 5.0).
    assert_eq!(with_change(Site::TotalHip, 0.95, None).risk.giop_stratum, Some(GiopStratum::Moderate));
    assert_eq!(with_change(Site::TotalHip, 0.951, None).risk.giop_stratum, Some(GiopStratum::Low));
    // The radius: a loss with the centre's LSC is still not "at the spine or hip".
    let radius_lsc = LscPercent { radius_33: Some(3.0), ..LscPercent::default() };
    let r = with_change(Site::Radius33, 0.9, Some(radius_lsc));
    assert_eq!(r.monitoring.dxa_changes[0].verdict, DxaVerdict::Loss);
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::Low));
}

#[test]
fn under_40_a_fracture_or_the_high_dose_is_very_high() {
    use GiopStratum::*;
    let fractured =
        Case { fractures: vec![fracture(FractureSite::Other, "2020-01-01")], ..young_man(-1.0, 2.5, 3.0, None) };
    assert_eq!(stratum(&fractured), Some(VeryHigh));
    let unbroken = young_man(-1.0, 2.5, 3.0, None);
    assert_eq!(stratum(&unbroken), Some(Low));
    assert_eq!(stratum(&young_man(-1.0, 30.0, 1.0, None)), Some(VeryHigh));
    assert_eq!(stratum(&young_man(-1.0, 29.99, 3.0, None)), Some(Low));
}

#[test]
fn the_stratum_is_null_unless_giops_entry_condition_holds() {
    // Reading 47: ≥ 2.5 mg/day in a course of ≥ 3 months, or the high dose; otherwise null (not `low`).
    assert_eq!(stratum(&gc(woman(-2.7), 2.5, 3.0, None)), Some(GiopStratum::High));
    assert_eq!(stratum(&gc(woman(-2.7), 2.49, 3.0, None)), None);
    assert_eq!(stratum(&gc(woman(-2.7), 2.5, 2.9, None)), None);
    assert_eq!(stratum(&woman(-2.7)), None);
    // The high dose whatever the course: 30 mg/day for 1 month.
    assert_eq!(stratum(&gc(woman(-0.5), 30.0, 1.0, None)), Some(GiopStratum::VeryHigh));
    assert_eq!(stratum(&gc(woman(-0.5), 30.0, 0.99, None)), None);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading 26: the planned course; reading 51: a course of unknown length

#[test]
fn a_planned_course_of_3_months_counts_from_its_first_day() {
    // RISK-GIOP: "taken (`months` ≥ 3) or planned (`planned_months` ≥ 3)". Prednisone 5 mg/day begun this week.
    let planned = |p: f64| report(&gc(woman(-1.5), 5.0, 0.0, Some(p)));
    let r = planned(3.0);
    assert!(r.risk.rules.contains(&RiskGiop));
    assert_eq!(r.risk.giop_stratum, Some(GiopStratum::Moderate));
    assert!(r.risk.treatment_indicated);
    assert!(items(&r, Action::EnterPlannedCourse).is_empty());
    let r = planned(2.9);
    assert!(!r.risk.rules.contains(&RiskGiop));
    assert_eq!((r.risk.giop_stratum, r.risk.level), (None, RiskLevel::NotIndicated));
    // RISK-GC-FRAX too: FRAX is adjusted for a course of ≥ 3 months, taken or planned.
    let frax = |p: f64| report(&with_frax(gc(woman(-0.5), 7.5, 1.0, Some(p)), 10.0, 2.0)).risk.frax_adjusted;
    let adjusted = frax(3.0).expect("adjusted FRAX");
    assert_eq!((adjusted.mof_percent, adjusted.hip_percent), (Some(11.5), Some(2.4)));
    assert_eq!(frax(2.9), None);
}

#[test]
fn a_planned_month_of_30_mg_is_the_very_high_dose() {
    // RISK-VH-GC (v3): the course is the larger of `months` and `planned_months`; ≥ 30 mg/day for ≥ 1 month.
    let planned = |mg: f64, p: f64| report(&gc(woman(-2.7), mg, 0.0, Some(p)));
    let r = planned(30.0, 1.0);
    assert!(r.risk.rules.contains(&RiskVhGc) && r.risk.rules.contains(&RiskGiop));
    assert_eq!((r.risk.level, r.risk.giop_stratum), (RiskLevel::VeryHigh, Some(GiopStratum::VeryHigh)));
    let r = planned(30.0, 0.99);
    assert!(!r.risk.rules.contains(&RiskVhGc) && !r.risk.rules.contains(&RiskGiop));
    assert_eq!(r.risk.level, RiskLevel::High, "T −2.7 alone");
    assert!(!planned(29.99, 1.0).risk.rules.contains(&RiskVhGc));
    // The cumulative 5 g within a year over a planned course: 13.71 × 30.4 × 12 = 5001 mg.
    assert!(planned(13.71, 12.0).risk.rules.contains(&RiskVhGc));
    assert!(!planned(13.70, 12.0).risk.rules.contains(&RiskVhGc));
}

#[test]
fn a_course_under_3_months_with_no_planned_length_asks_for_it() {
    // Reading 51: ≥ 2.5 mg/day taken < 3 months, no `planned_months` → `enter_planned_course` now (RISK-GIOP).
    let r = report(&gc(woman(-1.5), 2.5, 2.9, None));
    let ask = item(&r, Action::EnterPlannedCourse);
    assert_eq!((ask.urgency, ask.on, &ask.rules), (Urgency::Now, Some(day(TODAY)), &vec![RiskGiop]));
    assert_eq!(r.risk.level, RiskLevel::NotIndicated);
    assert!(!r.risk.rules.contains(&RiskGiop));
    // It names RISK-GIOP for the prompt, but the rule does not hold: no GIOP warning.
    assert_eq!(alert(&r, RiskGiop), None);
    assert!(items(&report(&gc(woman(-1.5), 2.49, 2.9, None)), Action::EnterPlannedCourse).is_empty());
    assert!(items(&report(&gc(woman(-1.5), 2.5, 3.0, None)), Action::EnterPlannedCourse).is_empty());
    assert!(items(&report(&gc(woman(-1.5), 2.5, 2.9, Some(2.9))), Action::EnterPlannedCourse).is_empty());
    // The warning stays for GIOP that holds (stage naive, reading 15).
    assert_eq!(alert(&report(&gc(woman(-1.5), 2.5, 3.0, None)), RiskGiop), Some(Severity::Warning));
}

// ---------------------------------------------------------------------------------------------------------------
// MON-LSC and MON-DXA-CHANGE

/// A woman (T path, no treatment: the reference study is the previous one) with today's BMD `to` at `site` and an
/// earlier study of 1.000 g/cm² two years before.
fn bmd_change(site: Site, to: f64, lsc: Option<LscPercent>) -> DxaChange {
    let case = Case {
        dxa: vec![dxa(site, -2.7, Some(to))],
        dxa_previous: vec![previous("2024-11-22", site, Some(1.0), None)],
        lsc_percent: lsc,
        ..woman(-2.7)
    };
    let r = report(&case);
    assert_eq!(r.monitoring.dxa_changes.len(), 1);
    r.monitoring.dxa_changes[0].clone()
}

#[test]
fn a_change_exactly_at_the_default_lsc_is_a_loss_or_a_gain() {
    // MON-LSC defaults: lumbar spine 5.3 %, total hip 5.0 %, femoral neck 6.9 %; reading 46: compared as shown
    // (one decimal), a change exactly at the LSC is `loss` or `gain`.
    for (site, lsc, at_loss, inside) in [
        (Site::LumbarSpine, 5.3, 0.947, 0.948),
        (Site::TotalHip, 5.0, 0.95, 0.951),
        (Site::FemoralNeck, 6.9, 0.931, 0.932),
    ] {
        let c = bmd_change(site, at_loss, None);
        assert_eq!((c.verdict, c.change_percent), (DxaVerdict::Loss, Some(-lsc)), "{site:?}");
        assert_eq!((c.lsc_percent, c.lsc_from, c.basis), (Some(lsc), Some(Source::Default), Basis::Previous));
        let c = bmd_change(site, inside, None);
        assert_eq!(c.verdict, DxaVerdict::Stable, "{site:?} {inside}");
        let up = 2.0 - at_loss; // the same change upwards
        assert_eq!(bmd_change(site, up, None).verdict, DxaVerdict::Gain, "{site:?} {up}");
        assert_eq!(bmd_change(site, 2.0 - inside, None).verdict, DxaVerdict::Stable, "{site:?}");
    }
    let c = bmd_change(Site::LumbarSpine, 0.947, None);
    assert_eq!((c.from, c.to, c.from_bmd, c.to_bmd), (day("2024-11-22"), day(TODAY), Some(1.0), Some(0.947)));
    assert_eq!(c.change_per_year, Some(-2.7), "−5.3 % over 2 years (731 days)");
}

#[test]
fn the_centres_lsc_replaces_the_default() {
    let centre = LscPercent { total_hip: Some(3.2), ..LscPercent::default() };
    let c = bmd_change(Site::TotalHip, 0.968, Some(centre));
    assert_eq!((c.verdict, c.lsc_percent, c.lsc_from), (DxaVerdict::Loss, Some(3.2), Some(Source::Centre)));
    assert_eq!(bmd_change(Site::TotalHip, 0.969, Some(centre)).verdict, DxaVerdict::Stable);
    // Another site's centre value leaves this one on its default.
    let spine_only = LscPercent { lumbar_spine: Some(2.0), ..LscPercent::default() };
    let c = bmd_change(Site::TotalHip, 0.968, Some(spine_only));
    assert_eq!((c.verdict, c.lsc_percent, c.lsc_from), (DxaVerdict::Stable, Some(5.0), Some(Source::Default)));
}

#[test]
fn the_radius_has_no_default_lsc() {
    let c = bmd_change(Site::Radius33, 0.8, None);
    assert_eq!((c.verdict, c.lsc_percent, c.lsc_from), (DxaVerdict::NotComparable, None, None));
    assert_eq!(c.change_percent, None);
    // Reading 46: a `not_comparable` row still names the study and its basis.
    assert_eq!((c.from, c.basis), (day("2024-11-22"), Basis::Previous));
    let centre = LscPercent { radius_33: Some(3.0), ..LscPercent::default() };
    let c = bmd_change(Site::Radius33, 0.97, Some(centre));
    assert_eq!((c.verdict, c.lsc_from), (DxaVerdict::Loss, Some(Source::Centre)));
    assert_eq!(bmd_change(Site::Radius33, 0.971, Some(centre)).verdict, DxaVerdict::Stable);
}

#[test]
fn another_machine_is_not_comparable() {
    // MON-DXA-CHANGE: the same machine = both `machine` values absent, or equal.
    let change = |today: Option<&str>, before: Option<&str>| {
        let case = Case {
            dxa: vec![dxa(Site::TotalHip, -2.7, Some(0.8))],
            dxa_machine: today.map(String::from),
            dxa_previous: vec![previous("2024-11-22", Site::TotalHip, Some(1.0), before)],
            ..woman(-2.7)
        };
        report(&case).monitoring.dxa_changes[0].clone()
    };
    assert_eq!(change(None, None).verdict, DxaVerdict::Loss);
    assert_eq!(change(Some("Hologic A"), Some("Hologic A")).verdict, DxaVerdict::Loss);
    for (today, before) in [(Some("Hologic A"), Some("Lunar B")), (Some("Hologic A"), None), (None, Some("Lunar B"))] {
        let c = change(today, before);
        assert_eq!((c.verdict, c.change_percent), (DxaVerdict::NotComparable, None), "{today:?} vs {before:?}");
    }
}

#[test]
fn the_reference_study_is_an_earlier_one_on_the_same_machine_with_a_bmd() {
    // MON-DXA-CHANGE: "compare it with one earlier study of that site with a BMD on the same machine … — the
    // reference study". A later study on another machine (or with a T-score only) does not hide an earlier one on
    // today's machine; only when no such study exists is the row `not_comparable` (naming the study the reference
    // rule picked, reading 46).
    let change = |studies: Vec<PreviousDxa>, history: Vec<DrugPeriod>| {
        let case = Case {
            dxa: vec![dxa(Site::TotalHip, -2.7, Some(0.8))],
            dxa_machine: Some("A".into()),
            dxa_previous: studies,
            history,
            labs: egfr(70.0),
            ..woman(-2.7)
        };
        report(&case).monitoring.dxa_changes[0].clone()
    };
    let on = |day: &str, machine: &str, bmd: Option<f64>| previous(day, Site::TotalHip, bmd, Some(machine));
    let c = change(vec![on("2022-11-01", "A", Some(1.0)), on("2024-11-01", "B", Some(0.9))], vec![]);
    assert_eq!(
        (c.from, c.verdict, c.change_percent, c.basis),
        (day("2022-11-01"), DxaVerdict::Loss, Some(-20.0), Basis::Previous)
    );
    let c = change(vec![on("2022-11-01", "A", Some(1.0)), on("2024-11-01", "A", None)], vec![]);
    assert_eq!((c.from, c.verdict), (day("2022-11-01"), DxaVerdict::Loss), "a T-score-only study is passed over");
    let c = change(vec![on("2022-11-01", "B", Some(1.0)), on("2024-11-01", "B", Some(0.9))], vec![]);
    assert_eq!((c.from, c.verdict, c.basis), (day("2024-11-01"), DxaVerdict::NotComparable, Basis::Previous));
    // On treatment: the latest comparable study on or before the start (alendronate since 2024-01-01).
    let alendronate = vec![period(Drug::Alendronate, "2024-01-01", None)];
    let studies =
        vec![on("2023-06-01", "A", Some(1.0)), on("2023-12-01", "B", Some(0.95)), on("2025-01-01", "A", Some(0.9))];
    let c = change(studies, alendronate.clone());
    assert_eq!((c.from, c.basis, c.verdict), (day("2023-06-01"), Basis::TreatmentStart, DxaVerdict::Loss));
    // No comparable study before the start: the most recent comparable one (`previous`).
    let studies = vec![on("2023-12-01", "B", Some(0.95)), on("2025-01-01", "A", Some(0.9))];
    let c = change(studies, alendronate);
    assert_eq!((c.from, c.basis, c.change_percent), (day("2025-01-01"), Basis::Previous, Some(-11.1)));
}

#[test]
fn a_t_score_without_bmd_is_not_comparable() {
    // "A T-score without BMD on either side → not_comparable"; T-scores of earlier studies are never compared.
    let case = |today_bmd: Option<f64>, before_bmd: Option<f64>| Case {
        dxa: vec![dxa(Site::LumbarSpine, -2.7, today_bmd)],
        dxa_previous: vec![previous("2024-11-22", Site::LumbarSpine, before_bmd, None)],
        ..woman(-2.7)
    };
    for (today, before) in [(None, Some(1.0)), (Some(0.8), None)] {
        let c = report(&case(today, before)).monitoring.dxa_changes[0].clone();
        assert_eq!(c.verdict, DxaVerdict::NotComparable, "{today:?} {before:?}");
    }
    assert_eq!(report(&case(Some(0.8), Some(1.0))).monitoring.dxa_changes[0].verdict, DxaVerdict::Loss);
}

#[test]
fn change_per_year_needs_studies_6_months_apart_and_counts_from_dxa_date() {
    // MON-DXA-CHANGE: `change_per_year` when the studies are ≥ 6 months apart; today's study is dated `dxa_date`.
    let per_year = |before: &str| {
        let case = Case {
            dxa: vec![dxa(Site::LumbarSpine, -2.7, Some(0.9))],
            dxa_date: Some(date("2026-11-01")),
            dxa_previous: vec![previous(before, Site::LumbarSpine, Some(1.0), None)],
            ..woman(-2.7)
        };
        report(&case).monitoring.dxa_changes[0].clone()
    };
    let c = per_year("2026-05-01");
    assert_eq!((c.to, c.change_percent), (day("2026-11-01"), Some(-10.0)));
    assert_eq!(c.change_per_year, Some(-19.9), "−10 % over 184 days");
    assert_eq!(per_year("2026-05-02").change_per_year, None);
}

// ---------------------------------------------------------------------------------------------------------------
// MON-BTM: units, the reference, the baseline window, the marker LSC

/// On alendronate since `since` (stage on_bisphosphonate), femoral-neck T −2.7, eGFR 70, with these markers.
fn on_alendronate(since: &str, btm: Vec<BtmResult>) -> Case {
    Case { history: vec![period(Drug::Alendronate, since, None)], btm, labs: egfr(70.0), ..woman(-2.7) }
}

fn btm_readings(case: &Case) -> Vec<BtmReading> {
    report(case).monitoring.btm
}

#[test]
fn marker_units_are_read_as_ng_ml() {
    // MON-BTM: CTX pg/mL ÷ 1000, ng/L ÷ 1000, µg/L = ng/mL; P1NP µg/L = ng/mL. Read back as `value_ng_ml`.
    let ctx = |value: f64, unit: BtmUnit| {
        let readings =
            btm_readings(&on_alendronate("2026-01-10", vec![marker(BtmTest::Ctx, "2026-10-01", value, unit)]));
        assert_eq!(readings.len(), 1);
        (readings[0].value_ng_ml, readings[0].rule)
    };
    assert_eq!(ctx(520.0, BtmUnit::PgMl), (0.52, MonBtmOral));
    assert_eq!(ctx(520.0, BtmUnit::NgL), (0.52, MonBtmOral));
    assert_eq!(ctx(0.52, BtmUnit::UgL), (0.52, MonBtmOral));
    assert_eq!(ctx(0.52, BtmUnit::NgMl), (0.52, MonBtmOral));
    let p1np = |unit: BtmUnit| {
        btm_readings(&on_alendronate("2026-01-10", vec![marker(BtmTest::P1np, "2026-10-01", 61.0, unit)]))[0]
            .value_ng_ml
    };
    assert_eq!(p1np(BtmUnit::UgL), 61.0);
    assert_eq!(p1np(BtmUnit::NgMl), 61.0);
    // The text form writes the same value.
    let case = on_alendronate("2026-01-10", vec![marker(BtmTest::Ctx, "2026-10-01", 255.0, BtmUnit::PgMl)]);
    let doc: Value = serde_json::from_str(&evaluate_json(&serde_json::to_string(&case).unwrap()).unwrap()).unwrap();
    assert_eq!(doc["monitoring"]["btm"][0]["value_ng_ml"], 0.255);
    assert_eq!(doc["monitoring"]["btm"][0]["verdict"], "response", "below the default 0.26");
}

#[test]
fn an_oral_bisphosphonate_responds_below_the_reference() {
    // MON-BTM-ORAL: `response` when the result is below the reference (default CTX 0.26, P1NP 40; or the
    // laboratory's), else `no_response` (no baseline here).
    let verdict = |value: f64, reference: Option<BtmReference>| {
        let mut case = on_alendronate("2026-01-10", vec![marker(BtmTest::Ctx, "2026-10-01", value, BtmUnit::NgMl)]);
        case.btm_reference = reference;
        let reading = btm_readings(&case)[0].clone();
        (reading.verdict, reading.reference_ng_ml)
    };
    assert_eq!(verdict(0.259, None), (Some(BtmVerdict::Response), 0.26));
    assert_eq!(verdict(0.26, None), (Some(BtmVerdict::NoResponse), 0.26));
    let lab = Some(BtmReference { ctx_ng_ml: Some(0.3), p1np_ng_ml: None });
    assert_eq!(verdict(0.299, lab), (Some(BtmVerdict::Response), 0.3));
    assert_eq!(verdict(0.3, lab), (Some(BtmVerdict::NoResponse), 0.3));
    // The marker is read only ≥ 2 months after the run's start (2026-01-10 + 2 months = 2026-03-10).
    let at = |on: &str| btm_readings(&on_alendronate("2026-01-10", vec![marker(BtmTest::Ctx, on, 0.5, BtmUnit::NgMl)]));
    assert_eq!(at("2026-03-10").len(), 1);
    assert!(at("2026-03-09").is_empty());
    // A `no_response` is a warning with a review now.
    let r = report(&on_alendronate("2026-01-10", vec![marker(BtmTest::Ctx, "2026-10-01", 0.5, BtmUnit::NgMl)]));
    assert_eq!(alert(&r, MonBtmOral), Some(Severity::Warning));
    assert!(items(&r, Action::ReviewTreatment)
        .iter()
        .any(|i| i.urgency == Urgency::Now && i.rules.contains(&MonBtmOral)));
}

#[test]
fn the_marker_baseline_is_from_3_months_before_the_start_to_14_days_after_it() {
    // Reading 33: the run starts 2026-03-15; the window is 2025-12-15 … 2026-03-29, both ends included.
    let baseline = |on: &str| {
        let btm =
            vec![marker(BtmTest::Ctx, on, 0.8, BtmUnit::NgMl), marker(BtmTest::Ctx, "2026-10-01", 0.3, BtmUnit::NgMl)];
        let reading = btm_readings(&on_alendronate("2026-03-15", btm))[0].clone();
        assert_eq!(reading.date, day("2026-10-01"));
        reading.baseline.map(|b| (b.date, b.value_ng_ml))
    };
    assert_eq!(baseline("2025-12-15"), Some((day("2025-12-15"), 0.8)));
    assert_eq!(baseline("2025-12-14"), None);
    assert_eq!(baseline("2026-03-29"), Some((day("2026-03-29"), 0.8)));
    assert_eq!(baseline("2026-03-30"), None);
    // With a baseline, a fall of more than 56 % (CTX) is a response: 0.8 → 0.3 is −62.5 %.
    let btm = vec![
        marker(BtmTest::Ctx, "2026-03-01", 0.8, BtmUnit::NgMl),
        marker(BtmTest::Ctx, "2026-10-01", 0.3, BtmUnit::NgMl),
    ];
    let reading = btm_readings(&on_alendronate("2026-03-15", btm))[0].clone();
    assert_eq!((reading.change_percent, reading.verdict), (Some(-62.5), Some(BtmVerdict::Response)));
    // "The latest result" of the window is the one with the latest date.
    let btm = vec![
        marker(BtmTest::Ctx, "2026-03-20", 0.9, BtmUnit::NgMl),
        marker(BtmTest::Ctx, "2026-01-01", 0.5, BtmUnit::NgMl),
        marker(BtmTest::Ctx, "2026-10-01", 0.3, BtmUnit::NgMl),
    ];
    let b = btm_readings(&on_alendronate("2026-03-15", btm))[0].baseline.clone().unwrap();
    assert_eq!((b.date, b.value_ng_ml), (day("2026-03-20"), 0.9));
}

#[test]
fn a_fall_of_exactly_the_marker_lsc_is_not_a_response() {
    // Reading 46: a fall of exactly 56 % (CTX) or 38 % (P1NP) is not "more than"; the result stays above the
    // reference so only the fall can decide.
    let verdict = |test: BtmTest, base: f64, now: f64| {
        let btm = vec![marker(test, "2026-01-01", base, BtmUnit::NgMl), marker(test, "2026-10-01", now, BtmUnit::NgMl)];
        btm_readings(&on_alendronate("2026-01-10", btm))[0].verdict
    };
    assert_eq!(verdict(BtmTest::Ctx, 1.0, 0.44), Some(BtmVerdict::NoResponse), "−56.0 %");
    assert_eq!(verdict(BtmTest::Ctx, 1.0, 0.439), Some(BtmVerdict::Response), "−56.1 %");
    assert_eq!(verdict(BtmTest::P1np, 100.0, 62.0), Some(BtmVerdict::NoResponse), "−38.0 %");
    assert_eq!(verdict(BtmTest::P1np, 100.0, 61.9), Some(BtmVerdict::Response), "−38.1 %");
}

#[test]
fn teriparatide_needs_a_p1np_rise_of_more_than_10_ng_ml() {
    // MON-BTM-ANABOLIC: P1NP 1–6 months after the start against the baseline; a rise of more than 10 ng/mL.
    let case = |now: f64, on: &str| Case {
        history: vec![period(Drug::Teriparatide, "2026-06-01", None)],
        btm: vec![
            marker(BtmTest::P1np, "2026-05-20", 50.0, BtmUnit::UgL),
            marker(BtmTest::P1np, on, now, BtmUnit::UgL),
        ],
        labs: egfr(70.0),
        ..woman(-3.2)
    };
    let verdict = |now: f64, on: &str| btm_readings(&case(now, on)).first().and_then(|b| b.verdict);
    assert_eq!(verdict(60.01, "2026-09-01"), Some(BtmVerdict::Response));
    assert_eq!(verdict(60.0, "2026-09-01"), Some(BtmVerdict::NoResponse));
    let r = report(&case(60.0, "2026-09-01"));
    assert_eq!(alert(&r, MonBtmAnabolic), Some(Severity::Warning));
    // 1 month after the start at the earliest (2026-07-01).
    assert_eq!(verdict(60.0, "2026-07-01"), Some(BtmVerdict::NoResponse));
    assert_eq!(verdict(60.0, "2026-06-30"), None);
}

// ---------------------------------------------------------------------------------------------------------------
// MON-EXIT-CTX: CTX after the exit drug, exactly at the reference

/// Stopping denosumab (last dose 2025-12-01), zoledronic acid given 2026-06-01 (DMAB-EXIT-GIVEN), these markers.
fn after_exit(btm: Vec<BtmResult>, reference: Option<BtmReference>) -> Report {
    let case = Case {
        denosumab: Some(DenosumabBlock {
            regimen: Regimen::Osteoporosis60mgQ6m,
            injections: vec![date("2025-06-01"), date("2025-12-01")],
            plan: Plan::Stop,
        }),
        history: vec![period(Drug::ZoledronicAcid, "2026-06-01", None)],
        btm,
        btm_reference: reference,
        labs: egfr(70.0),
        ..woman(-2.7)
    };
    report(&case)
}

#[test]
fn ctx_exactly_at_the_reference_holds_the_exit() {
    // MON-EXIT-CTX: above the reference → `above: true`, repeat zoledronic acid now; at or below → holding.
    let lab = Some(BtmReference { ctx_ng_ml: Some(0.3), p1np_ng_ml: None });
    let r = after_exit(vec![marker(BtmTest::Ctx, "2026-10-01", 300.0, BtmUnit::PgMl)], lab);
    assert_eq!(r.journey.stage, Stage::StoppingDenosumab);
    let e = r.monitoring.exit_ctx.clone().expect("exit CTX");
    assert_eq!((e.date, e.value_ng_ml, e.reference_ng_ml, e.above), (day("2026-10-01"), 0.3, 0.3, false));
    assert_eq!(r.monitoring.btm[0].verdict, Some(BtmVerdict::AtOrBelowReference));
    assert_eq!(r.monitoring.btm[0].rule, MonExitCtx);
    assert!(items(&r, Action::RepeatInfusion).is_empty());
    assert_eq!(alert(&r, MonExitCtx), None);
    let r = after_exit(vec![marker(BtmTest::Ctx, "2026-10-01", 301.0, BtmUnit::PgMl)], lab);
    let e = r.monitoring.exit_ctx.clone().unwrap();
    assert!(e.above);
    assert_eq!(r.monitoring.btm[0].verdict, Some(BtmVerdict::AboveReference));
    let repeat = item(&r, Action::RepeatInfusion);
    assert_eq!((repeat.urgency, repeat.drug), (Urgency::Now, Some(Drug::ZoledronicAcid)));
    assert_eq!(alert(&r, MonExitCtx), Some(Severity::Warning));
    // After the repeat infusion, CTX 3 and 6 months after it (reading 49).
    let ctx = items(&r, Action::CheckBtm);
    assert!(ctx.iter().any(|i| i.dates == vec![day("2027-02-22"), day("2027-05-22")]), "{ctx:#?}");
    // The default reference, 0.26 ng/mL.
    let r = after_exit(vec![marker(BtmTest::Ctx, "2026-10-01", 0.26, BtmUnit::NgMl)], None);
    assert_eq!(r.monitoring.exit_ctx.as_ref().map(|e| (e.reference_ng_ml, e.above)), Some((0.26, false)));
    let r = after_exit(vec![marker(BtmTest::Ctx, "2026-10-01", 0.261, BtmUnit::NgMl)], None);
    assert_eq!(r.monitoring.exit_ctx.as_ref().map(|e| e.above), Some(true));
}

#[test]
fn the_exit_ctx_is_read_from_2_months_after_the_exit_drug() {
    // "The latest CTX taken ≥ 2 months after `given_on`" (2026-06-01 + 2 months = 2026-08-01).
    let at = |on: &str| after_exit(vec![marker(BtmTest::Ctx, on, 0.9, BtmUnit::NgMl)], None).monitoring.exit_ctx;
    assert!(at("2026-08-01").is_some_and(|e| e.above));
    assert_eq!(at("2026-07-31"), None);
}

// ---------------------------------------------------------------------------------------------------------------
// MON-FAILURE: the 12-month run and its criteria

/// On alendronate since `since` with total hip T −2.7: BMD 0.800 → `hip_today` (a study on 2025-11-01, before the
/// start: the treatment-start reference), CTX `ctx` on 2026-10-01, and these fractures.
fn failing(since: &str, hip_today: f64, ctx: f64, fractures: Vec<Fracture>) -> Report {
    let case = Case {
        dxa: vec![dxa(Site::TotalHip, -2.7, Some(hip_today))],
        dxa_previous: vec![previous("2025-11-01", Site::TotalHip, Some(0.8), None)],
        fractures,
        ..on_alendronate(since, vec![marker(BtmTest::Ctx, "2026-10-01", ctx, BtmUnit::NgMl)])
    };
    report(&case)
}

#[test]
fn failure_needs_a_run_of_12_months() {
    // Reading 34: the run (`journey.since`) began ≥ 12 months before assessed_on (2025-11-22). A loss (−6.3 %)
    // with a marker `no_response` (CTX 0.40 > 0.26).
    let r = failing("2025-11-22", 0.75, 0.4, vec![]);
    let failure = r.monitoring.failure.clone().expect("failure at exactly 12 months");
    assert_eq!(failure.criteria, vec![FailureCriterion::BmdLoss, FailureCriterion::BtmNotSuppressed]);
    assert_eq!(alert(&r, MonFailure), Some(Severity::Warning));
    assert_eq!(r.monitoring.response, Response::Inadequate);
    // MON-FAILURE's switch: from an oral bisphosphonate, no oral bisphosphonate (reading 45); stop the current one.
    let start = item(&r, Action::StartTreatment).drug.expect("a switch");
    assert!(!start.is_oral_bisphosphonate(), "{start:?}");
    let stop = item(&r, Action::StopTreatment);
    assert_eq!((stop.drug, &stop.rules), (Some(Drug::Alendronate), &vec![MonFailure]));
    let r = failing("2025-11-23", 0.75, 0.4, vec![]);
    assert_eq!(r.monitoring.failure, None, "one day short of 12 months");
    assert!(items(&r, Action::StopTreatment).is_empty());
}

#[test]
fn two_fractures_on_the_run_are_a_failure_and_one_needs_a_loss_or_no_response() {
    // Fragility fractures dated on the run and on treatment (inside the alendronate period).
    let two = vec![fracture(FractureSite::DistalForearm, "2026-02-01"), fracture(FractureSite::Other, "2026-06-01")];
    let one = vec![fracture(FractureSite::DistalForearm, "2026-02-01")];
    let criteria = |hip: f64, ctx: f64, fractures: Vec<Fracture>| {
        failing("2025-11-22", hip, ctx, fractures).monitoring.failure.map(|f| f.criteria)
    };
    use FailureCriterion::{BmdLoss, BtmNotSuppressed, TwoFractures};
    // Stable hip (−0.5 %), CTX 0.2 (a response).
    assert_eq!(criteria(0.796, 0.2, two.clone()), Some(vec![TwoFractures]));
    assert_eq!(criteria(0.796, 0.2, one.clone()), None);
    assert_eq!(criteria(0.75, 0.2, one.clone()), Some(vec![FailureCriterion::Fracture, BmdLoss]));
    assert_eq!(criteria(0.796, 0.4, one.clone()), Some(vec![FailureCriterion::Fracture, BtmNotSuppressed]));
    // A loss alone, or no response alone, is not a failure (MON-RESPONSE `inadequate`).
    let r = failing("2025-11-22", 0.75, 0.2, vec![]);
    assert_eq!((r.monitoring.failure, r.monitoring.response), (None, Response::Inadequate));
    assert_eq!(criteria(0.796, 0.4, vec![]), None);
    // A fracture before the run does not count.
    let before = vec![fracture(FractureSite::DistalForearm, "2025-10-01"), fracture(FractureSite::Other, "2026-06-01")];
    assert_eq!(criteria(0.796, 0.2, before), None);
}

// ---------------------------------------------------------------------------------------------------------------
// Windows and course limits: zoledronic acid 18 months, PTH analogues 730 days, romosozumab 12 months, the
// denosumab rebound window 24 months

#[test]
fn a_zoledronic_acid_infusion_is_current_for_18_months_its_last_day_included() {
    // §3 (v3) and reading 49: TODAY − 18 months = 2025-05-22.
    let with = |start: &str| {
        report(&Case { history: vec![period(Drug::ZoledronicAcid, start, None)], labs: egfr(70.0), ..woman(-2.7) })
    };
    let r = with("2025-05-22");
    assert_eq!((r.journey.stage, r.journey.drug), (Stage::OnBisphosphonate, Some(Drug::ZoledronicAcid)));
    assert_eq!(status_in(&r, Drug::ZoledronicAcid), Status::Preferred);
    assert!(r.treatment.rules.contains(&TxOnBp));
    assert_eq!(item(&r, Action::ContinueTreatment).drug, Some(Drug::ZoledronicAcid));
    // The next infusion (due 2026-05-22) is late: today.
    let next = item(&r, Action::NextInfusion);
    assert_eq!((next.urgency, next.dates[0]), (Urgency::Now, day(TODAY)));
    assert!(items(&r, Action::StartTreatment).is_empty());
    let r = with("2025-05-21");
    assert_eq!((r.journey.stage, r.journey.until), (Stage::PreviouslyTreated, Some(day("2026-05-21"))));
    assert!(items(&r, Action::NextInfusion).is_empty());
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::Alendronate));
}

#[test]
fn pth_analogues_count_730_days_together_under_both_profiles() {
    // CI-PTH (v3): teriparatide + abaloparatide days (end − start) > 730. Teriparatide 400 days, then
    // abaloparatide 330 (730 in all) or 331 days; ended, nothing after: stage after_anabolic (anabolics second_line).
    let with = |abaloparatide_end: &str, profile: Profile| Case {
        profile,
        history: vec![
            period(Drug::Teriparatide, "2022-01-01", Some("2023-02-05")), // 400 days
            period(Drug::Abaloparatide, "2023-06-01", Some(abaloparatide_end)),
        ],
        labs: egfr(70.0),
        ..woman(-3.5)
    };
    for profile in [Profile::Cn2022, Profile::Aace2020] {
        let r = report(&with("2024-04-26", profile)); // 330 days
        assert_eq!(r.journey.stage, Stage::AfterAnabolic);
        assert!(!r.rules_fired.contains(&CiPth), "{profile:?}: 730 days");
        assert_eq!(status_in(&r, Drug::Teriparatide), Status::SecondLine);
    }
    let r = report(&with("2024-04-27", Profile::Cn2022)); // 331 days: 731 in all
    assert_eq!((status_in(&r, Drug::Teriparatide), status_in(&r, Drug::Abaloparatide)), (Status::Avoid, Status::Avoid));
    let r = report(&with("2024-04-27", Profile::Aace2020));
    assert_eq!(
        (status_in(&r, Drug::Teriparatide), status_in(&r, Drug::Abaloparatide)),
        (Status::Caution, Status::Avoid),
        "aace-2020 (v3): abaloparatide avoid, teriparatide caution"
    );
    assert!(r.rules_fired.contains(&CiPth));
}

#[test]
fn abaloparatide_alone_is_limited_to_548_days_under_cn_2022_only() {
    let with = |end: &str, profile: Profile| Case {
        profile,
        history: vec![period(Drug::Abaloparatide, "2023-01-01", Some(end))],
        ..woman(-3.5)
    };
    // 2023-01-01 + 548 days = 2024-07-02.
    let r = report(&with("2024-07-02", Profile::Cn2022));
    assert_eq!(status_in(&r, Drug::Abaloparatide), Status::SecondLine);
    let r = report(&with("2024-07-03", Profile::Cn2022));
    assert_eq!(status_in(&r, Drug::Abaloparatide), Status::Avoid);
    assert_eq!(status_in(&r, Drug::Teriparatide), Status::SecondLine, "abaloparatide alone");
    let r = report(&with("2024-07-03", Profile::Aace2020));
    assert_eq!(status_in(&r, Drug::Abaloparatide), Status::SecondLine);
    assert!(!r.rules_fired.contains(&CiPth));
}

#[test]
fn romosozumab_is_complete_after_12_months() {
    // CI-ROMO-12: ≥ 12 months from its start to assessed_on (ongoing) or to its end → avoid; no continue,
    // the follow-on booked now.
    let ongoing = |start: &str| report(&Case { history: vec![period(Drug::Romosozumab, start, None)], ..woman(-3.2) });
    let r = ongoing("2025-11-22");
    assert_eq!(r.journey.stage, Stage::OnAnabolic);
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::Avoid);
    assert!(r.rules_fired.contains(&CiRomo12));
    assert!(items(&r, Action::ContinueTreatment).is_empty());
    assert_eq!(item(&r, Action::BookFollowOn).urgency, Urgency::Now);
    let r = ongoing("2025-11-23");
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::Preferred);
    assert!(!r.rules_fired.contains(&CiRomo12));
    assert_eq!(item(&r, Action::ContinueTreatment).drug, Some(Drug::Romosozumab));
    assert_eq!(item(&r, Action::BookFollowOn).on, Some(day("2026-11-23")));
    // An ended course: from its start to its end.
    let ended =
        |end: &str| report(&Case { history: vec![period(Drug::Romosozumab, "2024-01-01", Some(end))], ..woman(-3.2) });
    let r = ended("2025-01-01");
    assert_eq!((r.journey.stage, status_in(&r, Drug::Romosozumab)), (Stage::AfterAnabolic, Status::Avoid));
    let r = ended("2024-12-31");
    assert_eq!(status_in(&r, Drug::Romosozumab), Status::SecondLine);
    assert!(!r.rules_fired.contains(&CiRomo12));
}

#[test]
fn exactly_24_months_after_the_last_denosumab_dose_is_still_the_rebound_window() {
    // Readings 52 and 59: more than 24 months after the last dose the window has closed; exactly 24 is inside.
    let block = |last: &str, plan: Plan| {
        let earlier = day(last) - chrono::Months::new(6);
        report(&Case {
            denosumab: Some(DenosumabBlock {
                regimen: Regimen::Osteoporosis60mgQ6m,
                injections: vec![CaseDate::from(earlier), date(last)],
                plan,
            }),
            labs: egfr(70.0),
            ..woman(-2.7)
        })
    };
    let r = block("2024-11-22", Plan::Continue);
    assert_eq!(r.journey.stage, Stage::OnDenosumab);
    assert!(r.rules_fired.contains(&DmabRebound) && r.rules_fired.contains(&DmabCatchUp));
    assert_eq!(alert(&r, DmabRebound), Some(Severity::Danger));
    let r = block("2024-11-21", Plan::Continue);
    let j = &r.journey;
    assert_eq!(
        (j.stage, j.drug, j.since, j.until),
        (Stage::PreviouslyTreated, Some(Drug::Denosumab), Some(day("2024-05-21")), Some(day("2024-11-21")))
    );
    for rule in [DmabRebound, DmabMissed, DmabCatchUp, DmabReview] {
        assert!(!r.rules_fired.contains(&rule), "{rule:?}");
    }
    let d = r.denosumab.as_ref().unwrap();
    assert_eq!((d.status, d.catch_up.as_ref(), d.exit_plan.as_ref()), (DmabStatus::Overdue, None, None));
    assert!(items(&r, Action::GiveDenosumab).is_empty());
    assert!(item(&r, Action::VertebralImaging).rules.contains(&WorkVfa));
    // The start follows the risk table (high risk, T −2.7): alendronate.
    assert_eq!(item(&r, Action::StartTreatment).drug, Some(Drug::Alendronate));
    // Stopping: inside the window the exit restarts; outside it, no exit plan.
    let r = block("2024-11-22", Plan::Stop);
    assert_eq!(r.journey.stage, Stage::StoppingDenosumab);
    assert!(r.denosumab.as_ref().unwrap().exit_plan.as_ref().is_some_and(|e| e.restarted));
    let r = block("2024-11-21", Plan::Stop);
    assert_eq!(r.journey.stage, Stage::PreviouslyTreated);
    assert!(r.denosumab.as_ref().unwrap().exit_plan.is_none());
    assert!(!r.rules_fired.contains(&DmabExitRestart));
}

#[test]
fn a_fracture_on_an_adjunct_is_not_a_fracture_on_treatment() {
    // RISK-VH-FX-ON-TX (v3): inside a `history` period of a catalogue drug other than the adjuncts (eldecalcitol,
    // alfacalcidol, calcitriol, menatetrenone); reading 47: calcitonin still counts. Distal forearm fracture
    // 2026-03-01 (a fragility fracture within 24 months: RISK-VH-RECENT-FX either way), T −2.7.
    let during = |drug: Drug| {
        report(&Case {
            history: vec![period(drug, "2026-01-01", Some("2026-06-01"))],
            fractures: vec![fracture(FractureSite::DistalForearm, "2026-03-01")],
            labs: egfr(70.0),
            ..woman(-2.7)
        })
    };
    for drug in [Drug::Calcitriol, Drug::Alfacalcidol, Drug::Eldecalcitol, Drug::Menatetrenone] {
        assert!(!during(drug).risk.rules.contains(&RiskVhFxOnTx), "{drug:?} is an adjunct");
    }
    for drug in [Drug::Calcitonin, Drug::Raloxifene, Drug::Alendronate, Drug::HormoneTherapy] {
        assert!(during(drug).risk.rules.contains(&RiskVhFxOnTx), "{drug:?}");
    }
    // The period's last day is inside it; the day after is not.
    let on = |end: &str| {
        report(&Case {
            history: vec![period(Drug::Raloxifene, "2026-01-01", Some(end))],
            fractures: vec![fracture(FractureSite::DistalForearm, "2026-03-01")],
            ..woman(-2.7)
        })
        .risk
        .rules
        .contains(&RiskVhFxOnTx)
    };
    assert!(on("2026-03-01"));
    assert!(!on("2026-02-28"));
}

#[test]
fn low_calcium_holds_every_bisphosphonate_and_its_correction_names_the_tests_to_repeat() {
    // CI-HYPOCA (v3): adjusted calcium below 2.10 mmol/L avoids every bisphosphonate, denosumab and romosozumab
    // until corrected (a pending mark: after_pending, reading 27); reading 58: `correct_calcium` names the tests
    // to repeat before the drug — adjusted calcium, magnesium, and vitamin D when the case does not give it.
    // 2.00 + 0.02 × (40 − 35) = 2.10; 1.99 → 2.09. T −2.7, high risk: the start is alendronate, after correction.
    let with = |total: f64, vitamin_d: Option<f64>| {
        report(&Case {
            labs: Labs {
                calcium_mmol_l: Some(total),
                albumin_g_l: Some(35.0),
                vitamin_d_nmol_l: vitamin_d,
                ..egfr(70.0)
            },
            ..woman(-2.7)
        })
    };
    let r = with(1.99, None);
    for drug in [Drug::Alendronate, Drug::Risedronate, Drug::Ibandronate, Drug::ZoledronicAcid, Drug::Denosumab] {
        let o = r.treatment.options.iter().find(|o| o.drug == drug).unwrap();
        assert_eq!(o.status, Status::Avoid, "{drug:?}");
        assert!(o.rules.contains(&CiHypoca), "{drug:?}");
        assert!(o.after_pending.is_some_and(|s| s < Status::Caution), "{drug:?}: {:?}", o.after_pending);
    }
    let alendronate = r.treatment.options.iter().find(|o| o.drug == Drug::Alendronate).unwrap();
    assert_eq!(alendronate.after_pending, Some(Status::Preferred));
    let start = item(&r, Action::StartTreatment);
    assert_eq!(start.drug, Some(Drug::Alendronate));
    assert!(start.rules.contains(&CiHypoca));
    let correct = item(&r, Action::CorrectCalcium);
    assert_eq!(correct.urgency, Urgency::Now);
    use osteoplan::clinical::plan::Test;
    assert_eq!(correct.tests, vec![Test::AdjustedCalcium, Test::Magnesium, Test::VitaminD]);
    assert_eq!(r.plan[0].action, Action::CorrectCalcium, "danger first (reading 41)");
    assert_eq!(alert(&r, CiHypoca), Some(Severity::Danger), "a bisphosphonate is started");
    let r = with(1.99, Some(60.0));
    assert_eq!(item(&r, Action::CorrectCalcium).tests, vec![Test::AdjustedCalcium, Test::Magnesium]);
    let r = with(2.0, None);
    assert!(items(&r, Action::CorrectCalcium).is_empty());
    assert_eq!(status_in(&r, Drug::Alendronate), Status::Preferred);
    assert!(r.treatment.options.iter().all(|o| o.after_pending.is_none()));
}

// ---------------------------------------------------------------------------------------------------------------
// Case format v3: input validation

fn v2_case() -> Case {
    Case { format: Some("osteoplan-case/2".into()), ..woman(-2.7) }
}

#[test]
fn a_v3_field_in_a_v2_case_is_an_unknown_field_at_its_path() {
    let check = |case: Case, path: &str| {
        assert_eq!(errors(&case), vec![error(path, ErrorCode::UnknownField)], "{path}");
        // The same case as /3 is valid.
        assert_eq!(errors(&Case { format: Some(CASE_FORMAT.into()), ..case }), vec![], "{path} in /3");
    };
    check(Case { dxa_date: Some(date("2026-11-20")), ..v2_case() }, "dxa_date");
    check(Case { dxa_machine: Some("Hologic".into()), ..v2_case() }, "dxa_machine");
    check(
        Case { dxa_previous: vec![previous("2024-11-20", Site::FemoralNeck, Some(0.7), None)], ..v2_case() },
        "dxa_previous",
    );
    check(
        Case { lsc_percent: Some(LscPercent { total_hip: Some(3.0), ..LscPercent::default() }), ..v2_case() },
        "lsc_percent",
    );
    check(Case { btm: vec![marker(BtmTest::Ctx, "2026-10-01", 0.3, BtmUnit::NgMl)], ..v2_case() }, "btm");
    check(
        Case { btm_reference: Some(BtmReference { ctx_ng_ml: Some(0.3), p1np_ng_ml: None }), ..v2_case() },
        "btm_reference",
    );
    check(gc(v2_case(), 5.0, 1.0, Some(6.0)), "glucocorticoids.planned_months");
    let hip = Fracture { surgery_date: Some(date("2026-10-04")), ..fracture(FractureSite::Hip, "2026-10-02") };
    check(
        Case { fractures: vec![fracture(FractureSite::Other, "2020-01-01"), hip], ..v2_case() },
        "fractures[1].surgery_date",
    );
    // A /1 case likewise.
    let v1 = Case { format: Some("osteoplan-case/1".into()), dxa_date: Some(date("2026-11-20")), ..woman(-2.7) };
    assert_eq!(errors(&v1), vec![error("dxa_date", ErrorCode::UnknownField)]);
    // The text form reports it too, in the error document.
    let mut doc: Value = serde_json::to_value(Case { dxa_machine: Some("Hologic".into()), ..v2_case() }).unwrap();
    doc["glucocorticoids"] = serde_json::json!({ "mg_per_day": 5, "months": 1, "planned_months": 6 });
    let out: Value = serde_json::from_str(&evaluate_json(&doc.to_string()).unwrap_err()).unwrap();
    let found: Vec<(&str, &str)> = out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(found, vec![("dxa_machine", "unknown_field"), ("glucocorticoids.planned_months", "unknown_field")]);
}

#[test]
fn a_v3_secondary_cause_in_a_v2_case_is_an_unknown_value() {
    // Reading 50.
    for cause in [
        SecondaryCause::Hypoparathyroidism,
        SecondaryCause::NeckSurgery,
        SecondaryCause::AndrogenDeprivation,
        SecondaryCause::AromataseInhibitor,
    ] {
        let case = Case { secondary_causes: vec![SecondaryCause::Thyroid, cause], ..v2_case() };
        assert_eq!(errors(&case), vec![error("secondary_causes[1]", ErrorCode::UnknownValue)], "{cause:?}");
        assert_eq!(errors(&Case { format: Some(CASE_FORMAT.into()), ..case }), vec![]);
    }
    assert_eq!(errors(&Case { secondary_causes: vec![SecondaryCause::Thyroid], ..v2_case() }), vec![]);
}

#[test]
fn planned_months_may_not_be_less_than_the_months_taken() {
    assert_eq!(errors(&gc(woman(-2.7), 5.0, 6.0, Some(6.0))), vec![]);
    assert_eq!(
        errors(&gc(woman(-2.7), 5.0, 6.0, Some(5.9))),
        vec![error("glucocorticoids.planned_months", ErrorCode::OutOfRange)]
    );
    assert_eq!(errors(&gc(woman(-2.7), 5.0, 0.0, Some(600.0))), vec![]);
    assert_eq!(
        errors(&gc(woman(-2.7), 5.0, 0.0, Some(600.1))),
        vec![error("glucocorticoids.planned_months", ErrorCode::OutOfRange)]
    );
}

#[test]
fn a_surgery_date_is_on_or_after_its_fracture_and_not_after_the_assessment() {
    let hip = |surgery: &str| Case {
        fractures: vec![Fracture { surgery_date: Some(date(surgery)), ..fracture(FractureSite::Hip, "2026-10-02") }],
        ..woman(-2.7)
    };
    assert_eq!(errors(&hip("2026-10-02")), vec![]);
    assert_eq!(errors(&hip("2026-10-01")), vec![error("fractures[0].surgery_date", ErrorCode::Inconsistent)]);
    assert_eq!(errors(&hip(TODAY)), vec![]);
    assert_eq!(errors(&hip("2026-11-23")), vec![error("fractures[0].surgery_date", ErrorCode::Inconsistent)]);
    assert_eq!(errors(&hip("2026-02-30")), vec![error("fractures[0].surgery_date", ErrorCode::InvalidDate)]);
}

#[test]
fn an_earlier_dxa_study_is_dated_before_todays_study() {
    // Reading 32: today's study is dated `dxa_date` (default assessed_on); every `dxa_previous` date is before it.
    let with = |dxa_date: Option<&str>, before: &str| Case {
        dxa_date: dxa_date.map(date),
        dxa_previous: vec![previous(before, Site::FemoralNeck, Some(0.7), None)],
        ..woman(-2.7)
    };
    assert_eq!(errors(&with(None, "2026-11-21")), vec![]);
    assert_eq!(errors(&with(None, TODAY)), vec![error("dxa_previous[0].date", ErrorCode::Inconsistent)]);
    assert_eq!(errors(&with(Some("2026-06-01"), "2026-05-31")), vec![]);
    assert_eq!(
        errors(&with(Some("2026-06-01"), "2026-06-01")),
        vec![error("dxa_previous[0].date", ErrorCode::Inconsistent)]
    );
    // dxa_date itself: not after assessed_on.
    assert_eq!(errors(&with(Some(TODAY), "2026-06-01")), vec![]);
    assert_eq!(errors(&with(Some("2026-11-23"), "2026-06-01")), vec![error("dxa_date", ErrorCode::Inconsistent)]);
    // An earlier study needs a BMD or a T-score.
    let bare = Case {
        dxa_previous: vec![PreviousDxa {
            date: Some(date("2025-01-01")),
            site: Some(Site::TotalHip),
            ..PreviousDxa::default()
        }],
        ..woman(-2.7)
    };
    assert_eq!(errors(&bare), vec![error("dxa_previous[0].bmd_g_cm2", ErrorCode::Missing)]);
}

#[test]
fn the_same_site_twice_on_one_date_is_a_duplicate() {
    let studies = |second: &str, site: Site| Case {
        dxa_previous: vec![
            previous("2025-01-01", Site::TotalHip, Some(0.7), None),
            previous(second, site, Some(0.71), None),
        ],
        ..woman(-2.7)
    };
    assert_eq!(
        errors(&studies("2025-01-01", Site::TotalHip)),
        vec![error("dxa_previous[1].site", ErrorCode::Duplicate)]
    );
    assert_eq!(errors(&studies("2025-01-02", Site::TotalHip)), vec![], "another date");
    assert_eq!(errors(&studies("2025-01-01", Site::FemoralNeck)), vec![], "another site");
}

#[test]
fn a_marker_needs_its_unit_and_p1np_has_no_pg_ml() {
    let one = |result: BtmResult| errors(&Case { btm: vec![result], ..woman(-2.7) });
    let no_unit = BtmResult { unit: None, ..marker(BtmTest::Ctx, "2026-10-01", 0.3, BtmUnit::NgMl) };
    assert_eq!(one(no_unit), vec![error("btm[0].unit", ErrorCode::Missing)]);
    for unit in [BtmUnit::PgMl, BtmUnit::NgL] {
        assert_eq!(
            one(marker(BtmTest::P1np, "2026-10-01", 50.0, unit)),
            vec![error("btm[0].unit", ErrorCode::UnknownValue)]
        );
        assert_eq!(one(marker(BtmTest::Ctx, "2026-10-01", 300.0, unit)), vec![]);
    }
    for unit in [BtmUnit::NgMl, BtmUnit::UgL] {
        assert_eq!(one(marker(BtmTest::P1np, "2026-10-01", 50.0, unit)), vec![]);
    }
    // The value must be above 0; the date not after assessed_on.
    assert_eq!(
        one(marker(BtmTest::Ctx, "2026-10-01", 0.0, BtmUnit::NgMl)),
        vec![error("btm[0].value", ErrorCode::OutOfRange)]
    );
    assert_eq!(
        one(marker(BtmTest::Ctx, "2026-11-23", 0.3, BtmUnit::NgMl)),
        vec![error("btm[0].date", ErrorCode::Inconsistent)]
    );
    assert_eq!(one(marker(BtmTest::Ctx, TODAY, 0.3, BtmUnit::NgMl)), vec![]);
}

#[test]
fn ctx_above_10_and_p1np_above_2000_ng_ml_after_conversion_are_out_of_range() {
    let one = |result: BtmResult| errors(&Case { btm: vec![result], ..woman(-2.7) });
    let out = vec![error("btm[0].value", ErrorCode::OutOfRange)];
    assert_eq!(one(marker(BtmTest::Ctx, "2026-10-01", 10.0, BtmUnit::NgMl)), vec![]);
    assert_eq!(one(marker(BtmTest::Ctx, "2026-10-01", 10.01, BtmUnit::NgMl)), out);
    assert_eq!(one(marker(BtmTest::Ctx, "2026-10-01", 10000.0, BtmUnit::PgMl)), vec![]);
    assert_eq!(one(marker(BtmTest::Ctx, "2026-10-01", 10001.0, BtmUnit::PgMl)), out);
    assert_eq!(one(marker(BtmTest::Ctx, "2026-10-01", 10001.0, BtmUnit::NgL)), out);
    assert_eq!(one(marker(BtmTest::Ctx, "2026-10-01", 10.01, BtmUnit::UgL)), out);
    assert_eq!(one(marker(BtmTest::P1np, "2026-10-01", 2000.0, BtmUnit::UgL)), vec![]);
    assert_eq!(one(marker(BtmTest::P1np, "2026-10-01", 2000.5, BtmUnit::NgMl)), out);
}

#[test]
fn the_centres_lsc_and_the_laboratory_reference_have_their_ranges() {
    let lsc = |v: f64| {
        errors(&Case {
            lsc_percent: Some(LscPercent { femoral_neck: Some(v), ..LscPercent::default() }),
            ..woman(-2.7)
        })
    };
    assert_eq!(lsc(0.5), vec![]);
    assert_eq!(lsc(15.0), vec![]);
    assert_eq!(lsc(0.49), vec![error("lsc_percent.femoral_neck", ErrorCode::OutOfRange)]);
    assert_eq!(lsc(15.01), vec![error("lsc_percent.femoral_neck", ErrorCode::OutOfRange)]);
    let reference = |ctx: f64, p1np: f64| {
        errors(&Case {
            btm_reference: Some(BtmReference { ctx_ng_ml: Some(ctx), p1np_ng_ml: Some(p1np) }),
            ..woman(-2.7)
        })
    };
    assert_eq!(reference(0.05, 5.0), vec![]);
    assert_eq!(reference(2.0, 200.0), vec![]);
    assert_eq!(
        reference(0.049, 200.1),
        vec![
            error("btm_reference.ctx_ng_ml", ErrorCode::OutOfRange),
            error("btm_reference.p1np_ng_ml", ErrorCode::OutOfRange)
        ]
    );
    let machine = |n: usize| errors(&Case { dxa_machine: Some("x".repeat(n)), ..woman(-2.7) });
    assert_eq!(machine(64), vec![]);
    assert_eq!(machine(65), vec![error("dxa_machine", ErrorCode::OutOfRange)]);
}

#[test]
fn follow_up_lists_over_100_entries_give_one_out_of_range_error() {
    let start = day("2000-01-01");
    let studies = |n: u64| Case {
        dxa_previous: (0..n)
            .map(|i| PreviousDxa {
                date: Some(CaseDate::from(start + chrono::Days::new(i * 30))),
                site: Some(Site::TotalHip),
                bmd_g_cm2: Some(0.8),
                ..PreviousDxa::default()
            })
            .collect(),
        ..woman(-2.7)
    };
    assert_eq!(errors(&studies(100)), vec![]);
    assert_eq!(errors(&studies(101)), vec![error("dxa_previous", ErrorCode::OutOfRange)]);
    let markers =
        |n: usize| Case { btm: vec![marker(BtmTest::Ctx, "2026-10-01", 0.3, BtmUnit::NgMl); n], ..woman(-2.7) };
    assert_eq!(errors(&markers(100)), vec![]);
    assert_eq!(errors(&markers(101)), vec![error("btm", ErrorCode::OutOfRange)]);
    // The entries of a list over its limit are not read one by one: 101 bad entries, still one error.
    let bad = BtmResult { unit: None, ..marker(BtmTest::Ctx, "2030-01-01", -1.0, BtmUnit::NgMl) };
    assert_eq!(errors(&Case { btm: vec![bad; 101], ..woman(-2.7) }), vec![error("btm", ErrorCode::OutOfRange)]);
}

// ---------------------------------------------------------------------------------------------------------------
// A switch from a bisphosphonate (§8 stop_treatment; SEQ-FROM-BP; reading 49)

/// On alendronate since 2022 with a vertebral fracture on it (T −2.2: not anabolic first), eGFR 32: alendronate and zoledronic acid are avoided
/// (< 35 mL/min), so the switch starts denosumab.
fn alendronate_failing_at_egfr_32() -> Case {
    Case {
        fractures: vec![Fracture {
            site: Some(FractureSite::Vertebral),
            date: Some(date("2026-06-01")),
            ..Fracture::default()
        }],
        labs: Labs { calcium_mmol_l: Some(2.3), ..egfr(32.0) },
        history: vec![DrugPeriod { drug: Some(Drug::Alendronate), start: Some(date("2022-01-10")), end: None }],
        ..woman(-2.2)
    }
}

#[test]
fn alendronate_to_denosumab_stops_the_tablets_today_and_injects_a_week_later() {
    let r = report(&alendronate_failing_at_egfr_32());
    let start = r.plan.iter().find(|i| i.action == Action::StartTreatment).expect("a start");
    assert_eq!(start.drug, Some(Drug::Denosumab));
    assert_eq!(start.on, Some(day("2026-11-29")), "one week after the last weekly tablet");
    let stop = r.plan.iter().find(|i| i.action == Action::StopTreatment).expect("a stop");
    assert_eq!((stop.drug, stop.urgency, stop.on), (Some(Drug::Alendronate), Urgency::Now, Some(day(TODAY))));
    assert!(r.treatment.bp_review.is_none(), "the bisphosphonate that is stopped is not reviewed");
    let stop_at = r.plan.iter().position(|i| i.action == Action::StopTreatment).unwrap();
    let start_at = r.plan.iter().position(|i| i.action == Action::StartTreatment).unwrap();
    assert!(stop_at < start_at, "the stop comes before the start");
}

#[test]
fn alendronate_that_goes_on_keeps_its_review_and_no_stop() {
    let case = Case {
        fractures: Vec::new(),
        labs: Labs { calcium_mmol_l: Some(2.3), ..egfr(70.0) },
        ..alendronate_failing_at_egfr_32()
    };
    let r = report(&case);
    assert!(r.plan.iter().all(|i| i.action != Action::StopTreatment && i.action != Action::StartTreatment));
    let review = r.treatment.bp_review.as_ref().expect("FU-BP-REVIEW for the current bisphosphonate");
    assert_eq!(review.due_on, day("2027-01-10"), "5 years after the first start");
    assert_eq!(review.verdict, None, "not yet due");
}

/// WORK-CV v3: a plan item only when romosozumab is the drug started; where it is only offered, a note on its option.
#[test]
fn the_cardiovascular_question_is_a_plan_item_only_when_romosozumab_is_started() {
    let case =
        Case { profile: Profile::Aace2020, labs: Labs { calcium_mmol_l: Some(2.3), ..egfr(70.0) }, ..woman(-3.2) };
    let r = report(&case);
    let romo = r.treatment.options.iter().find(|o| o.drug == Drug::Romosozumab).unwrap();
    assert_eq!(romo.status, Status::Preferred);
    assert!(romo.rules.contains(&WorkCv), "the note on the option");
    assert_ne!(
        r.plan.iter().find(|i| i.action == Action::StartTreatment).and_then(|i| i.drug),
        Some(Drug::Romosozumab)
    );
    assert!(r.plan.iter().all(|i| i.action != Action::AssessCvRisk), "not a plan item");
    let man = Case { patient: Patient { sex: Some(Sex::Male), menopause: None, ..case.patient.clone() }, ..case };
    let r = report(&man);
    let romo = r.treatment.options.iter().find(|o| o.drug == Drug::Romosozumab).unwrap();
    assert!(!romo.rules.contains(&WorkCv), "off-label for a man: no note");
}
