//! The iCalendar export, read back with an independent parser (the `icalendar` crate), never by hand.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use chrono::{Months, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, Event};
use osteoplan::clinical::calendar::icalendar;
use osteoplan::clinical::case::*;
use osteoplan::i18n::Lang;
use osteoplan::{evaluate, Report};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn patient(injections: &[NaiveDate], regimen: Regimen, plan: Plan) -> Case {
    Case {
        format: Some(CASE_FORMAT.into()),
        assessed_on: Some(CaseDate("2026-11-22".into())),
        patient: Patient {
            sex: Some(Sex::Female),
            age_years: Some(72),
            menopause: Some(Menopause::Postmenopausal),
            ..Patient::default()
        },
        dxa: vec![DxaEntry { site: Some(Site::LumbarSpine), t_score: Some(-2.6), ..DxaEntry::default() }],
        denosumab: Some(DenosumabBlock {
            regimen,
            injections: injections.iter().map(|d| CaseDate(d.to_string())).collect(),
            plan,
        }),
        ..Case::default()
    }
}

fn every_6_months(first: &str, count: u32) -> Vec<NaiveDate> {
    (0..count).map(|i| day(first) + Months::new(6 * i)).collect()
}

fn report(case: &Case) -> Report {
    evaluate(case).unwrap_or_else(|e| panic!("unexpected input errors: {e:?}"))
}

/// The export for a case, checked for the wire format the parser forgives: CRLF endings and 75-octet lines.
fn export(case: &Case, lang: Lang) -> String {
    let text = icalendar(&report(case), lang).expect("a calendar for a schedule");
    assert!(text.ends_with("\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "bare line break in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    text
}

fn events(text: &str) -> Vec<Event> {
    let calendar: Calendar = text.parse().expect("the parser accepts the export");
    calendar
        .components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn all_day(value: Option<DatePerhapsTime>) -> NaiveDate {
    match value {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("expected an all-day date, got {other:?}"),
    }
}

/// (summary, first day, day after the last, uid) of each event.
fn dates(events: &[Event]) -> Vec<(NaiveDate, NaiveDate)> {
    events.iter().map(|e| (all_day(e.get_start()), all_day(e.get_end()))).collect()
}

#[test]
fn continuing_gives_the_next_injection_and_its_window() {
    let case = patient(&[day("2026-03-31"), day("2025-09-30")], Regimen::Osteoporosis60mgQ6m, Plan::Continue);
    let text = export(&case, Lang::En);
    let events = events(&text);
    assert_eq!(
        dates(&events),
        vec![
            (day("2026-09-30"), day("2026-10-01")), // next injection, one day
            (day("2026-09-02"), day("2026-10-29")), // window 2026-09-02..2026-10-28 inclusive, end exclusive
        ]
    );
    assert_eq!(events[0].get_summary(), Some("Denosumab injection due (subcutaneous injection, 60 mg every 6 months)"));
    assert_eq!(events[1].get_summary(), Some("Denosumab injection window"));
    let description = events[0].get_description().expect("description");
    assert!(description.contains("DMAB-NEXT: "), "{description}");
    assert!(description.contains("(LABEL; Review A §3.4)"), "the source is named: {description}");
    // Late on 2026-11-22 (53 days), so the catch-up advice travels with the event.
    assert!(description.contains("DMAB-MISSED: "), "{description}");
    assert!(description.ends_with("does not replace clinical judgement"), "{description}");
    let stamp = events[0].get_timestamp().expect("DTSTAMP");
    assert_eq!(stamp.date_naive(), day("2026-11-22"), "DTSTAMP is the assessment date, not the clock");
}

#[test]
fn uids_are_unique_and_stable_across_exports() {
    let injections = every_6_months("2025-01-15", 3);
    let case = patient(&injections, Regimen::Osteoporosis60mgQ6m, Plan::Continue);
    let uids = |text: &str| events(text).iter().map(|e| e.get_uid().expect("UID").to_string()).collect::<Vec<_>>();
    let first = uids(&export(&case, Lang::En));
    assert_eq!(first, vec!["osteoplan-dmab-20250115-dose4@osteoplan", "osteoplan-dmab-20250115-window4@osteoplan"]);
    assert_eq!(uids(&export(&case, Lang::Zh)), first, "the language does not change identity");

    // A later assessment of the same course updates the same events; a new injection makes new ones.
    let mut later = case.clone();
    later.assessed_on = Some(CaseDate("2026-12-01".into()));
    assert_eq!(uids(&export(&later, Lang::En)), first);
    let more = every_6_months("2025-01-15", 4);
    let mut after_dose = patient(&more, Regimen::Osteoporosis60mgQ6m, Plan::Continue);
    after_dose.assessed_on = Some(CaseDate("2026-12-01".into()));
    assert_eq!(uids(&export(&after_dose, Lang::En))[0], "osteoplan-dmab-20250115-dose5@osteoplan");
}

#[test]
fn stopping_after_a_long_course_gives_the_transition_and_two_ctx_checks() {
    let injections = every_6_months("2023-09-05", 7); // last 2026-09-05
    let case = patient(&injections, Regimen::Osteoporosis60mgQ6m, Plan::Stop);
    let exit = report(&case).denosumab.unwrap().exit_plan.unwrap();
    let events = events(&export(&case, Lang::En));
    let one_day = |d: NaiveDate| (d, d.succ_opt().unwrap());
    assert_eq!(
        dates(&events),
        vec![one_day(exit.transition_on), one_day(exit.ctx_checks[0]), one_day(exit.ctx_checks[1])]
    );
    assert_eq!(exit.transition_on, day("2027-03-05"));
    assert_eq!(events[0].get_summary(), Some("Exit plan after denosumab: zoledronic acid"));
    assert_eq!(events[1].get_summary(), Some("Serum CTX check (1/2)"));
    assert_eq!(events[2].get_summary(), Some("Serum CTX check (2/2)"));
    assert!(events[0].get_description().unwrap().contains("DMAB-EXIT-LONG: "));
    assert!(!events.iter().any(|e| e.get_summary().unwrap().contains("injection")), "no injection when stopping");
}

#[test]
fn stopping_after_a_short_course_gives_only_the_transition() {
    let case = patient(&every_6_months("2025-05-20", 2), Regimen::Osteoporosis60mgQ6m, Plan::Stop);
    let events = events(&export(&case, Lang::Zh));
    assert_eq!(dates(&events), vec![(day("2026-05-20"), day("2026-05-21"))]);
    assert_eq!(events[0].get_summary(), Some("地舒单抗停药后序贯方案：唑来膦酸"));
    assert!(events[0].get_description().unwrap().contains("DMAB-EXIT-SHORT: "));
}

#[test]
fn a_blocked_exit_keeps_the_injections_on_the_calendar() {
    let mut case = patient(&every_6_months("2024-01-10", 6), Regimen::Osteoporosis60mgQ6m, Plan::Stop);
    case.labs.egfr_ml_min = Some(20.0);
    let events = events(&export(&case, Lang::En));
    assert_eq!(events.len(), 2);
    assert!(events[0].get_summary().unwrap().starts_with("Denosumab injection due"));
    let description = events[0].get_description().unwrap();
    assert!(description.contains("DMAB-EXIT-BLOCKED: ") && description.contains("DMAB-CKD: "), "{description}");
}

#[test]
fn the_oncology_regimen_has_a_window_of_3_days_each_side() {
    let case = patient(&[day("2026-11-01"), day("2026-10-04")], Regimen::Oncology120mgQ4w, Plan::Stop);
    let events = events(&export(&case, Lang::En));
    assert_eq!(dates(&events), vec![(day("2026-11-29"), day("2026-11-30")), (day("2026-11-26"), day("2026-12-03"))]);
    let description = events[0].get_description().unwrap();
    assert!(description.contains("DMAB-ONC: ") && !description.contains("DMAB-NEXT: "), "{description}");
}

#[test]
fn chinese_text_survives_folding_and_escaping() {
    let case = patient(&[day("2026-08-31")], Regimen::Osteoporosis60mgQ6m, Plan::Continue);
    let text = export(&case, Lang::Zh);
    assert!(text.contains("\r\n "), "long Chinese descriptions are folded");
    let events = events(&text);
    assert_eq!(events[0].get_summary(), Some("地舒单抗下次注射日期（皮下注射，每6个月60 mg）"));
    assert_eq!(all_day(events[0].get_start()), day("2027-02-28"), "31 Aug + 6 months clamps to February");
    let description = events[0].get_description().unwrap();
    assert!(description.contains("DMAB-NEXT: 地舒单抗皮下注射"), "{description}");
    assert!(description.ends_with("供临床医生决策参考，不能替代临床判断"));
    let calendar: Calendar = text.parse().unwrap();
    assert_eq!(calendar.get_name(), Some("OsteoPlan：地舒单抗注射计划"));
}

#[test]
fn nothing_to_schedule_gives_no_calendar() {
    let no_injections = patient(&[], Regimen::Osteoporosis60mgQ6m, Plan::Continue);
    assert_eq!(icalendar(&report(&no_injections), Lang::En), None);
    let no_block = Case { denosumab: None, ..no_injections };
    assert_eq!(icalendar(&report(&no_block), Lang::En), None);
}

mod properties {
    use super::*;
    use chrono::Days;
    use proptest::prelude::*;

    fn any_schedule() -> impl Strategy<Value = (Case, Lang)> {
        let regimen = prop_oneof![Just(Regimen::Osteoporosis60mgQ6m), Just(Regimen::Oncology120mgQ4w)];
        let plan = prop_oneof![Just(Plan::Continue), Just(Plan::Stop)];
        let lang = prop_oneof![Just(Lang::En), Just(Lang::Zh)];
        let injections = prop::collection::btree_set(0u64..4000, 1..12)
            .prop_map(|o| o.into_iter().map(|o| day("2015-06-01") + Days::new(o)).collect::<Vec<_>>());
        (injections, regimen, plan, prop::option::of(10.0f64..90.0), lang).prop_map(
            |(injections, regimen, plan, egfr, lang)| {
                let mut case = patient(&injections, regimen, plan);
                case.labs.egfr_ml_min = egfr;
                (case, lang)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn every_schedule_exports_a_calendar_that_matches_the_report((case, lang) in any_schedule()) {
            let dmab = report(&case).denosumab.unwrap();
            let events = events(&export(&case, lang));
            let first_days: Vec<NaiveDate> = events.iter().map(|e| all_day(e.get_start())).collect();
            match dmab.exit_plan.filter(|exit| exit.drug.is_some()) {
                Some(exit) => {
                    let mut expected = vec![exit.transition_on];
                    expected.extend(exit.ctx_checks);
                    prop_assert_eq!(first_days, expected);
                }
                None => prop_assert_eq!(first_days, vec![dmab.next_due.unwrap(), dmab.window.unwrap()[0]]),
            }
            let mut uids: Vec<String> = events.iter().map(|e| e.get_uid().unwrap().to_string()).collect();
            uids.sort();
            uids.dedup();
            prop_assert_eq!(uids.len(), events.len(), "UIDs are unique");
        }
    }
}

/// The page offers "Add to calendar" exactly when there is a calendar to download.
#[test]
fn has_events_agrees_with_the_export() {
    let cases = [
        patient(&[], Regimen::Osteoporosis60mgQ6m, Plan::Continue),
        patient(&every_6_months("2025-06-01", 2), Regimen::Osteoporosis60mgQ6m, Plan::Continue),
        patient(&every_6_months("2022-12-05", 8), Regimen::Osteoporosis60mgQ6m, Plan::Stop),
        patient(&[day("2026-10-01")], Regimen::Oncology120mgQ4w, Plan::Continue),
        Case { denosumab: None, ..patient(&[], Regimen::Osteoporosis60mgQ6m, Plan::Continue) },
    ];
    let offered: Vec<bool> = cases.iter().map(|c| osteoplan::clinical::calendar::has_events(&report(c))).collect();
    assert_eq!(offered, [false, true, true, true, false]);
    for case in &cases {
        let r = report(case);
        assert_eq!(osteoplan::clinical::calendar::has_events(&r), icalendar(&r, Lang::Zh).is_some());
    }
}
