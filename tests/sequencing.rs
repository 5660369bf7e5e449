//! Sequencing warnings (SEQ-*): which drug histories raise them and which do not.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use osteoplan::clinical::case::*;
use osteoplan::clinical::rules::RuleId::{self, *};
use osteoplan::evaluate;

fn period(drug: Drug, start: &str, end: Option<&str>) -> DrugPeriod {
    DrugPeriod { drug: Some(drug), start: Some(CaseDate(start.into())), end: end.map(|e| CaseDate(e.into())) }
}

fn case(history: Vec<DrugPeriod>, injections: &[&str], plan: Plan) -> Case {
    Case {
        format: Some(CASE_FORMAT.into()),
        assessed_on: Some(CaseDate("2026-11-22".into())),
        patient: Patient {
            sex: Some(Sex::Female),
            age_years: Some(70),
            menopause: Some(Menopause::Postmenopausal),
            ..Patient::default()
        },
        dxa: vec![DxaEntry { site: Some(Site::TotalHip), t_score: Some(-2.8), ..DxaEntry::default() }],
        history,
        denosumab: (!injections.is_empty()).then(|| DenosumabBlock {
            injections: injections.iter().map(|d| CaseDate(d.to_string())).collect(),
            plan,
            ..DenosumabBlock::default()
        }),
        ..Case::default()
    }
}

fn seq(case: &Case) -> Vec<RuleId> {
    evaluate(case).expect("valid case").sequencing.rules
}

const INJECTIONS: [&str; 3] = ["2023-05-10", "2023-11-08", "2024-05-09"];

#[test]
fn the_exit_infusion_raises_no_warning() {
    // Zoledronic acid 5 months after the last injection is the exit infusion: neither a combination nor a
    // bisphosphonate to switch from.
    let c = case(vec![period(Drug::ZoledronicAcid, "2024-10-09", Some("2024-10-09"))], &INJECTIONS, Plan::Stop);
    assert_eq!(seq(&c), []);
    // One day earlier than 5 months, it overlaps denosumab's cover.
    let c = case(vec![period(Drug::ZoledronicAcid, "2024-10-08", Some("2024-10-08"))], &INJECTIONS, Plan::Stop);
    assert_eq!(seq(&c), [SeqNoCombo]);
}

#[test]
fn a_bisphosphonate_before_denosumab_is_noted_within_12_months() {
    let ended = |end: &str| case(vec![period(Drug::Alendronate, "2019-03-01", Some(end))], &INJECTIONS, Plan::Continue);
    assert_eq!(seq(&ended("2022-05-10")), [SeqFromBp]);
    assert_eq!(seq(&ended("2022-05-09")), []);
    // Still ongoing when denosumab began: a combination, and the switch note.
    let ongoing = case(vec![period(Drug::Alendronate, "2019-03-01", None)], &INJECTIONS, Plan::Continue);
    assert_eq!(seq(&ongoing), [SeqNoCombo, SeqFromBp]);
}

#[test]
fn periods_that_only_touch_do_not_overlap() {
    // Denosumab covers 2023-05-10 → 2024-11-09; alendronate from 2024-11-09 only touches it.
    let c = case(vec![period(Drug::Alendronate, "2024-11-09", None)], &INJECTIONS, Plan::Continue);
    assert_eq!(seq(&c), []);
    // At the start of the cover: alendronate ending on the first injection day only touches it (and ended within
    // the 12 months before it: SEQ-FROM-BP); one day later, the two overlap.
    let ended = |end: &str| case(vec![period(Drug::Alendronate, "2019-03-01", Some(end))], &INJECTIONS, Plan::Continue);
    assert_eq!(seq(&ended("2023-05-10")), [SeqFromBp]);
    assert_eq!(seq(&ended("2023-05-11")), [SeqNoCombo, SeqFromBp]);
    // Zoledronic acid covers 12 months from its infusion: an infusion 12 months before the first injection touches.
    let zol = |start: &str| case(vec![period(Drug::ZoledronicAcid, start, Some(start))], &INJECTIONS, Plan::Continue);
    assert!(!seq(&zol("2022-05-10")).contains(&SeqNoCombo));
    assert!(seq(&zol("2022-05-11")).contains(&SeqNoCombo));
}

#[test]
fn an_oral_bisphosphonate_inside_the_denosumab_cover_is_a_combination_unless_it_is_the_exit_drug() {
    // SEQ-NO-COMBO: an oral bisphosphonate covers its `history` period; started less than 5 months after the last
    // injection (2024-05-09) it overlaps denosumab: a combination.
    let inside = case(vec![period(Drug::Alendronate, "2024-08-01", None)], &INJECTIONS, Plan::Continue);
    assert_eq!(seq(&inside), [SeqNoCombo]);
    // Our reading: started 5 months or more after the last injection, it is the exit drug (reading 5,
    // DMAB-EXIT-GIVEN), the planned sequence, not a combination, although it overlaps the last days of the cover
    // (which ends 2024-11-09). The book names only the exit infusion here; reading 5 makes the oral drug an exit too.
    let exit = case(vec![period(Drug::Alendronate, "2024-11-08", None)], &INJECTIONS, Plan::Continue);
    assert_eq!(seq(&exit), []);
    let r = osteoplan::evaluate(&exit).unwrap();
    assert_eq!(
        r.denosumab.as_ref().unwrap().exit_plan.as_ref().unwrap().given_on.map(|d| d.to_string()),
        Some("2024-11-08".into())
    );
}

#[test]
fn teriparatide_after_denosumab_is_warned() {
    let c = case(
        vec![
            period(Drug::Teriparatide, "2024-06-01", Some("2026-06-01")),
            period(Drug::Denosumab, "2021-01-01", Some("2024-01-01")),
        ],
        &[],
        Plan::Continue,
    );
    assert!(seq(&c).contains(&SeqDmabToPth));
    let before = case(vec![period(Drug::Teriparatide, "2019-01-01", Some("2020-12-31"))], &INJECTIONS, Plan::Continue);
    assert!(!seq(&before).contains(&SeqDmabToPth));
}

#[test]
fn an_anabolic_course_needs_an_anti_resorptive_after_it() {
    let alone = case(vec![period(Drug::Teriparatide, "2022-01-01", Some("2023-12-31"))], &[], Plan::Continue);
    assert_eq!(seq(&alone), [SeqAnabolicFirst]);
    let followed = case(
        vec![
            period(Drug::Teriparatide, "2022-01-01", Some("2023-12-31")),
            period(Drug::Alendronate, "2024-01-01", None),
        ],
        &[],
        Plan::Continue,
    );
    assert_eq!(seq(&followed), []);
    // An anti-resorptive starting on the day the course ends follows it.
    let same_day = case(
        vec![
            period(Drug::Teriparatide, "2022-01-01", Some("2023-12-31")),
            period(Drug::Risedronate, "2023-12-31", Some("2025-06-30")),
        ],
        &[],
        Plan::Continue,
    );
    assert_eq!(seq(&same_day), []);
    // v2: SEQ-ANABOLIC-FIRST is the stage `after_anabolic` (§3), which asks for an anti-resorptive that *starts* on
    // or after the course's end. One that began before the course does not follow it, even if it still runs.
    let through = case(
        vec![
            period(Drug::Alendronate, "2021-01-01", None),
            period(Drug::Teriparatide, "2022-01-01", Some("2023-12-31")),
        ],
        &[],
        Plan::Continue,
    );
    assert_eq!(seq(&through), [SeqAnabolicFirst]);
    let journey = evaluate(&through).expect("valid case").journey;
    assert_eq!(journey.stage, osteoplan::clinical::journey::Stage::AfterAnabolic);
    assert_eq!(journey.drug, Some(Drug::Teriparatide));
    // Ending the day before the course's end does not follow it either.
    let before_end = case(
        vec![
            period(Drug::Teriparatide, "2022-01-01", Some("2023-12-31")),
            period(Drug::Risedronate, "2023-06-01", Some("2023-12-30")),
        ],
        &[],
        Plan::Continue,
    );
    assert_eq!(seq(&before_end), [SeqAnabolicFirst]);
    let by_denosumab =
        case(vec![period(Drug::Romosozumab, "2022-01-01", Some("2022-12-31"))], &["2023-01-15"], Plan::Continue);
    assert!(!seq(&by_denosumab).contains(&SeqAnabolicFirst));
}
