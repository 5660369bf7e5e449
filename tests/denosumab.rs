//! The denosumab block (clinical-rules §4): schedule, status at every day boundary, exit plan and monitoring notes,
//! through the public `evaluate`, plus properties of the schedule over time.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use chrono::{Days, NaiveDate};
use osteoplan::clinical::case::*;
use osteoplan::clinical::denosumab::{DenosumabReport, DmabStatus};
use osteoplan::clinical::plan::Action;
use osteoplan::clinical::rules::{RuleId, RuleId::*, Severity};
use osteoplan::{evaluate, Report};
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date + Days::new(days as u64)
    } else {
        date - Days::new(days.unsigned_abs())
    }
}

/// A postmenopausal woman, 70, with osteoporosis (T −2.7, high risk) and the given denosumab injections.
fn patient(assessed_on: NaiveDate, regimen: Regimen, injections: &[NaiveDate], plan: Plan) -> Case {
    Case {
        format: Some(CASE_FORMAT.into()),
        assessed_on: Some(CaseDate(assessed_on.to_string())),
        patient: Patient {
            sex: Some(Sex::Female),
            age_years: Some(70),
            menopause: Some(Menopause::Postmenopausal),
            ..Patient::default()
        },
        dxa: vec![DxaEntry { site: Some(Site::TotalHip), t_score: Some(-2.7), ..DxaEntry::default() }],
        denosumab: Some(DenosumabBlock {
            regimen,
            injections: injections.iter().map(|d| CaseDate(d.to_string())).collect(),
            plan,
        }),
        ..Case::default()
    }
}

fn every_6_months(first: &str, count: usize) -> Vec<NaiveDate> {
    let first = day(first);
    (0..count as u32).map(|i| first.checked_add_months(chrono::Months::new(6 * i)).unwrap()).collect()
}

fn report(case: &Case) -> Report {
    evaluate(case).unwrap_or_else(|e| panic!("unexpected input errors: {e:?}"))
}

fn block(case: &Case) -> DenosumabReport {
    report(case).denosumab.expect("denosumab block in the report")
}

fn has(d: &DenosumabReport, rule: RuleId) -> bool {
    d.rules.contains(&rule)
}

#[test]
fn osteoporosis_status_at_every_day_boundary_around_next_due() {
    let last = day("2026-03-15");
    let next_due = day("2026-09-15");
    // (days from next_due, status, days_late)
    let expected = [
        (-29, DmabStatus::NotDue, 0),
        (-28, DmabStatus::Due, 0),
        (-1, DmabStatus::Due, 0),
        (0, DmabStatus::Due, 0),
        (28, DmabStatus::Due, 28),
        (29, DmabStatus::Late, 29),
        (112, DmabStatus::Late, 112),
        (113, DmabStatus::Overdue, 113),
    ];
    for (offset, status, days_late) in expected {
        let d = block(&patient(shift(next_due, offset), Regimen::Osteoporosis60mgQ6m, &[last], Plan::Continue));
        assert_eq!(d.next_due, Some(next_due));
        assert_eq!(d.window, Some([day("2026-08-18"), day("2026-10-13")]));
        assert_eq!((d.status, d.days_late), (status, days_late), "next_due {offset:+} days");
        let late = matches!(status, DmabStatus::Late | DmabStatus::Overdue);
        assert_eq!(has(&d, DmabMissed), late, "DMAB-MISSED at {offset:+}");
        assert_eq!(has(&d, DmabRebound), status == DmabStatus::Overdue, "DMAB-REBOUND at {offset:+}");
        assert!(has(&d, DmabNext) && has(&d, DmabStatus));
    }
}

#[test]
fn rebound_is_a_danger_alert_that_replaces_missed() {
    let last = day("2026-03-15");
    let r = report(&patient(day("2027-01-06"), Regimen::Osteoporosis60mgQ6m, &[last], Plan::Continue));
    let alerts: Vec<(RuleId, Severity)> = r.alerts.iter().map(|a| (a.rule, a.severity)).collect();
    assert!(alerts.contains(&(DmabRebound, Severity::Danger)), "{alerts:?}");
    assert!(!alerts.iter().any(|(rule, _)| *rule == DmabMissed), "{alerts:?}");
}

#[test]
fn six_months_from_the_31st_clamp_to_the_end_of_february() {
    let cases = [
        ("2025-08-31", "2026-02-28", "2026-01-31", "2026-03-28"), // common year
        ("2023-08-31", "2024-02-29", "2024-02-01", "2024-03-28"), // leap year
        ("2027-08-30", "2028-02-29", "2028-02-01", "2028-03-28"), // the 30th clamps too
        ("2024-02-29", "2024-08-29", "2024-08-01", "2024-09-26"), // from a leap day: no clamp needed
    ];
    for (last, next_due, opens, closes) in cases {
        let last = day(last);
        let d = block(&patient(last, Regimen::Osteoporosis60mgQ6m, &[last], Plan::Stop));
        assert_eq!(d.next_due, Some(day(next_due)), "from {last}");
        assert_eq!(d.window, Some([day(opens), day(closes)]), "from {last}");
        assert_eq!(d.exit_plan.expect("exit plan").transition_on, day(next_due), "transition from {last}");
    }
}

#[test]
fn oncology_window_is_plus_minus_3_days_and_late_up_to_28() {
    let last = day("2026-10-01");
    let next_due = day("2026-10-29");
    let expected = [
        (-4, DmabStatus::NotDue),
        (-3, DmabStatus::Due),
        (3, DmabStatus::Due),
        (4, DmabStatus::Late),
        (28, DmabStatus::Late),
        (29, DmabStatus::Overdue),
    ];
    for (offset, status) in expected {
        let d = block(&patient(shift(next_due, offset), Regimen::Oncology120mgQ4w, &[last], Plan::Stop));
        assert_eq!(d.next_due, Some(next_due));
        assert_eq!(d.window, Some([day("2026-10-26"), day("2026-11-01")]));
        assert_eq!(d.status, status, "next_due {offset:+} days");
        // DMAB-ONC: no rebound, no exit plan (even when the plan says stop), no 5-year review.
        assert!(has(&d, DmabOnc) && !has(&d, DmabRebound) && !has(&d, DmabStopPlan));
        assert_eq!(d.exit_plan, None);
    }
    let many: Vec<NaiveDate> = (0..12).map(|i| shift(day("2026-01-01"), 28 * i)).collect();
    let d = block(&patient(day("2026-11-22"), Regimen::Oncology120mgQ4w, &many, Plan::Continue));
    assert!(!has(&d, DmabReview));
}

#[test]
fn injections_in_any_order_are_sorted() {
    let injections = [day("2026-05-04"), day("2025-05-02"), day("2025-11-03")];
    let d = block(&patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &injections, Plan::Continue));
    assert_eq!(d.first_injection, Some(day("2025-05-02")));
    assert_eq!(d.last_injection, Some(day("2026-05-04")));
    assert_eq!(d.next_due, Some(day("2026-11-04")));
    assert_eq!(d.injections_count, 3);
}

#[test]
fn no_injections_is_not_started_with_no_dates() {
    let d = block(&patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &[], Plan::Stop));
    assert_eq!(d.status, DmabStatus::NotStarted);
    assert_eq!((d.next_due, d.window, d.last_injection, d.days_late), (None, None, None, 0));
    assert_eq!(d.exit_plan, None, "nothing to exit from");
    assert!(has(&d, DmabStatus) && !has(&d, DmabNext));
    assert!(has(&d, DmabCaCheck) && has(&d, DmabSafety));
}

/// The same patient with spine T −2.7 and total hip T `hip_t` (DMAB-EXIT-SHORT reads the hip T-score today).
fn with_hip_t(mut case: Case, spine_t: f64, hip_t: f64) -> Case {
    case.dxa = vec![
        DxaEntry { site: Some(Site::LumbarSpine), t_score: Some(spine_t), ..DxaEntry::default() },
        DxaEntry { site: Some(Site::TotalHip), t_score: Some(hip_t), ..DxaEntry::default() },
    ];
    case
}

#[test]
fn a_short_course_exits_with_one_zoledronic_acid_infusion() {
    // DMAB-EXIT-SHORT (v2): ≤ 5 injections, not very high risk, no fragility fracture, hip T today > −2.5.
    let injections = every_6_months("2024-06-03", 5); // last 2026-06-03
    let stopping = patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &injections, Plan::Stop);
    let d = block(&with_hip_t(stopping.clone(), -2.7, -2.4));
    assert_eq!(d.status, DmabStatus::Due, "window 2026-11-05 – 2026-12-31");
    let exit = d.exit_plan.expect("exit plan when stopping");
    assert_eq!(exit.transition_on, day("2026-12-03"));
    assert_eq!(exit.drug, Some(Drug::ZoledronicAcid));
    assert_eq!(exit.alternatives, vec![Drug::Alendronate, Drug::Risedronate]);
    assert!(exit.ctx_checks.is_empty());
    assert_eq!(exit.ctx_from, None);
    // DMAB-EXIT-TIMING: on the transition date (still ahead), by the window's end; the fallback goes with it.
    assert_eq!((exit.give_on, exit.give_by), (Some(day("2026-12-03")), Some(day("2026-12-31"))));
    assert!(!exit.restarted);
    assert_eq!(exit.rules, vec![DmabStopPlan, DmabExitShort, DmabExitTiming, DmabExitFallback]);

    // Each condition of the short course, failed alone, makes it long.
    let long = |case: &Case| {
        let exit = block(case).exit_plan.expect("exit plan");
        exit.rules.contains(&DmabExitLong) && !exit.rules.contains(&DmabExitShort)
    };
    assert!(long(&with_hip_t(stopping.clone(), -2.7, -2.5)), "hip T −2.5 is not above −2.5");
    assert!(!long(&with_hip_t(stopping.clone(), -2.7, -2.49)), "hip T −2.49 is above −2.5");
    assert!(long(&stopping), "the hip T −2.7 of the default patient");
    let mut spine_only = with_hip_t(stopping.clone(), -2.7, -2.4);
    spine_only.dxa.truncate(1);
    assert!(long(&spine_only), "no hip T-score today: EXIT-LONG (reading 25)");
    let mut fracture = with_hip_t(stopping.clone(), -2.7, -2.4);
    fracture.fractures = vec![Fracture {
        site: Some(FractureSite::DistalForearm),
        date: Some(CaseDate("2019-05-01".into())),
        ..Fracture::default()
    }];
    assert!(long(&fracture), "a fragility fracture");
    let mut traumatic = fracture.clone();
    traumatic.fractures[0].fragility = Some(false);
    assert!(!long(&traumatic), "a fracture marked not fragility does not count");
    let mut pre_treatment = with_hip_t(stopping.clone(), -2.7, -2.4);
    pre_treatment.pre_treatment_t_score = Some(-2.6);
    assert!(long(&pre_treatment), "the pre-treatment T-score −2.6 counts too");
    let six = every_6_months("2023-12-03", 6); // last 2026-06-03 again
    let six_case = with_hip_t(patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &six, Plan::Stop), -2.7, -2.4);
    assert!(long(&six_case), "six injections");
}

#[test]
fn six_injections_or_very_high_risk_exit_long_with_two_ctx_checks() {
    let six = every_6_months("2024-03-31", 6); // last 2026-09-30
    let d = block(&with_hip_t(patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &six, Plan::Stop), -2.7, -2.0));
    let exit = d.exit_plan.expect("exit plan");
    assert_eq!(exit.transition_on, day("2027-03-30"));
    // DMAB-CTX-DATES: 3 and 6 months after the planned infusion (the transition date, still ahead).
    assert_eq!(exit.ctx_checks, vec![day("2027-06-30"), day("2027-09-30")]);
    assert_eq!(exit.ctx_from, Some(osteoplan::clinical::denosumab::CtxFrom::Planned));
    assert_eq!((exit.give_on, exit.give_by), (Some(day("2027-03-30")), Some(day("2027-04-27"))));
    assert_eq!(exit.rules, vec![DmabStopPlan, DmabExitLong, DmabExitTiming, DmabExitFallback, DmabCtxDates]);

    // Five injections, hip T −2.0, but very high risk (lowest T −3.2 at the spine, RISK-VH-T): long course too.
    let five = &six[1..];
    let very_high = with_hip_t(patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, five, Plan::Stop), -3.2, -2.0);
    assert_eq!(report(&very_high).risk.level, osteoplan::clinical::risk::RiskLevel::VeryHigh);
    let exit = block(&very_high).exit_plan.expect("exit plan");
    assert!(exit.rules.contains(&DmabExitLong) && !exit.rules.contains(&DmabExitShort));
    assert_eq!(exit.ctx_checks.len(), 2);
    // The same patient at high risk (spine T −2.9) exits short.
    let high = with_hip_t(patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, five, Plan::Stop), -2.9, -2.0);
    let exit = block(&high).exit_plan.expect("exit plan");
    assert!(exit.rules.contains(&DmabExitShort) && !exit.rules.contains(&DmabExitLong));
    assert!(exit.ctx_checks.is_empty());
}

#[test]
fn the_exit_drug_is_the_first_bisphosphonate_not_avoided() {
    let six = every_6_months("2024-03-31", 6);
    // eGFR 32: zoledronic acid and alendronate are avoided below 35, risedronate only below 30.
    let mut case = patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &six, Plan::Stop);
    case.labs.egfr_ml_min = Some(32.0);
    let exit = block(&case).exit_plan.expect("exit plan");
    assert_eq!(exit.drug, Some(Drug::Risedronate));
    assert!(exit.alternatives.is_empty());
    assert_eq!(exit.ctx_checks.len(), 2, "an oral exit drug keeps the CTX checks in the long course");
    assert!(exit.rules.contains(&DmabExitLong));

    // eGFR 25: every route is avoided, so there is no safe exit.
    case.labs.egfr_ml_min = Some(25.0);
    let exit = block(&case).exit_plan.expect("exit plan");
    assert_eq!(exit.drug, None);
    assert!(exit.ctx_checks.is_empty());
    assert!(exit.rules.contains(&DmabExitBlocked) && !exit.rules.contains(&DmabExitLong));
}

#[test]
fn continuing_has_no_exit_plan() {
    let d = block(&patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &[day("2026-06-01")], Plan::Continue));
    assert_eq!(d.exit_plan, None);
    assert!(!has(&d, DmabStopPlan));
}

#[test]
fn kidney_function_below_30_is_a_ckd_danger_and_30_to_59_a_calcium_check_after_the_dose() {
    // DMAB-CKD (v2): < 30 mL/min or dialysis, always danger. DMAB-CA-PREDISPOSED: 30–59, a plan item (calcium,
    // phosphate, magnesium on dose + 14 days), not an alert. Dose due 2026-12-01 (window ends 2026-12-29).
    let evaluated = |egfr: f64| {
        let mut case = patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, &[day("2026-06-01")], Plan::Continue);
        case.labs.egfr_ml_min = Some(egfr);
        report(&case)
    };
    let ckd_alert = |r: &Report| r.alerts.iter().find(|a| a.rule == DmabCkd).map(|a| a.severity);
    let predisposed_alert = |r: &Report| r.alerts.iter().any(|a| a.rule == DmabCaPredisposed);
    let calcium_check = |r: &Report| {
        r.plan.iter().find(|i| i.action == Action::CheckCalciumAfterDose).map(|i| (i.dates.clone(), i.rules.clone()))
    };

    let r = evaluated(60.0);
    assert_eq!(ckd_alert(&r), None);
    assert!(!r.rules_fired.contains(&DmabCaPredisposed) && !r.rules_fired.contains(&DmabCkd));
    assert_eq!(calcium_check(&r), None);

    for egfr in [59.9, 30.0] {
        let r = evaluated(egfr);
        assert_eq!(ckd_alert(&r), None, "eGFR {egfr}");
        assert!(!r.rules_fired.contains(&DmabCkd), "eGFR {egfr}");
        assert!(r.rules_fired.contains(&DmabCaPredisposed), "eGFR {egfr}");
        assert!(!predisposed_alert(&r), "DMAB-CA-PREDISPOSED is not an alert (eGFR {egfr})");
        let (dates, rules) = calcium_check(&r).expect("calcium check after the dose");
        assert_eq!(dates, vec![day("2026-12-15")], "eGFR {egfr}");
        assert_eq!(rules, vec![DmabCaPredisposed], "eGFR {egfr}");
    }

    let r = evaluated(29.9);
    assert_eq!(ckd_alert(&r), Some(Severity::Danger));
    assert!(!r.rules_fired.contains(&DmabCaPredisposed));
    let (dates, rules) = calcium_check(&r).expect("calcium checks after the dose");
    assert!(rules.contains(&DmabCkd));
    // Weekly for the first month after the 2026-12-01 dose, then monthly.
    assert_eq!(
        dates,
        [
            "2026-12-08",
            "2026-12-15",
            "2026-12-22",
            "2026-12-29",
            "2027-02-01",
            "2027-03-01",
            "2027-04-01",
            "2027-05-01"
        ]
        .map(day)
        .to_vec()
    );
}

#[test]
fn ten_injections_call_for_the_five_year_review() {
    let review = |n| {
        has(
            &block(&patient(
                day("2026-11-22"),
                Regimen::Osteoporosis60mgQ6m,
                &every_6_months("2021-10-01", n),
                Plan::Continue,
            )),
            DmabReview,
        )
    };
    assert!(!review(9));
    assert!(review(10));
}

#[test]
fn fracture_healing_note_needs_a_fracture_on_or_near_therapy() {
    let healing = |fracture_on: &str, injections: &[NaiveDate]| {
        let mut case = patient(day("2026-11-22"), Regimen::Osteoporosis60mgQ6m, injections, Plan::Continue);
        case.fractures = vec![Fracture {
            site: Some(FractureSite::DistalForearm),
            date: Some(CaseDate(fracture_on.into())),
            ..Fracture::default()
        }];
        has(&block(&case), DmabFxHealing)
    };
    let injections = [day("2020-01-10"), day("2026-06-01")];
    assert!(healing("2020-03-01", &injections), "after the first injection");
    assert!(!healing("2020-01-10", &injections), "on the first injection day is not after it");
    assert!(healing("2024-11-22", &[day("2026-06-01")]), "24 months before assessment, inclusive");
    assert!(!healing("2024-11-21", &[day("2026-06-01")]));
    assert!(!healing("2026-01-01", &[]), "no injections, no note");
}

/// A fixed history: 1 to 12 distinct injection days from 2015 on, in any order.
fn history() -> impl Strategy<Value = (Regimen, Vec<NaiveDate>)> {
    let regimen = prop_oneof![Just(Regimen::Osteoporosis60mgQ6m), Just(Regimen::Oncology120mgQ4w)];
    let dates = prop::collection::btree_set(0u64..4000, 1..12)
        .prop_map(|offsets| offsets.into_iter().map(|o| day("2015-01-01") + Days::new(o)).collect::<Vec<_>>())
        .prop_shuffle();
    (regimen, dates)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn status_never_moves_backwards_as_time_passes((regimen, injections) in history(), plan in prop_oneof![Just(Plan::Continue), Just(Plan::Stop)]) {
        let last = *injections.iter().max().unwrap();
        let mut previous = (DmabStatus::NotStarted, 0);
        // Every day from the last injection to well past overdue (6 months + 16 weeks + margin).
        for offset in 0..320 {
            let d = block(&patient(last + Days::new(offset), regimen, &injections, plan));
            let next_due = d.next_due.expect("next_due with injections");
            prop_assert!(next_due > last, "next_due {} not after the last injection {}", next_due, last);
            prop_assert_eq!(d.last_injection, Some(last));
            prop_assert!((d.status, d.days_late) >= previous, "{:?} after {:?} on day {}", (d.status, d.days_late), previous, offset);
            previous = (d.status, d.days_late);
        }
        prop_assert_eq!(previous.0, DmabStatus::Overdue);
    }
}
