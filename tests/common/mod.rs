//! Case builders and the public vignettes, shared by the test files (each test file is its own crate; not every one
//! uses all).
#![allow(dead_code)]

use osteoplan::clinical::case::*;

pub const TODAY: &str = "2026-11-22";

pub fn date(s: &str) -> CaseDate {
    CaseDate(s.to_string())
}

/// A valid postmenopausal woman, 68, assessed 2026-11-22, with one femoral-neck T-score.
pub fn woman(t: f64) -> Case {
    Case {
        format: Some(CASE_FORMAT.into()),
        assessed_on: Some(date(TODAY)),
        patient: Patient {
            sex: Some(Sex::Female),
            age_years: Some(68),
            menopause: Some(Menopause::Postmenopausal),
            ..Patient::default()
        },
        dxa: vec![DxaEntry { site: Some(Site::FemoralNeck), t_score: Some(t), ..DxaEntry::default() }],
        ..Case::default()
    }
}

/// Every public vignette with a readable case, as (file name, case), in file order.
pub fn vignette_cases() -> Vec<(String, Case)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vignettes");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let case: Case = serde_json::from_value(doc["case"].clone()).ok()?;
            Some((path.file_name().unwrap().to_string_lossy().into_owned(), case))
        })
        .collect()
}

/// The severity of a rule's alert in a report, if it raised one.
pub fn alert(
    r: &osteoplan::Report,
    rule: osteoplan::clinical::rules::RuleId,
) -> Option<osteoplan::clinical::rules::Severity> {
    r.alerts.iter().find(|a| a.rule == rule).map(|a| a.severity)
}

/// The plan items of one action.
pub fn items(
    r: &osteoplan::Report,
    action: osteoplan::clinical::plan::Action,
) -> Vec<&osteoplan::clinical::plan::PlanItem> {
    r.plan.iter().filter(|i| i.action == action).collect()
}

/// The one plan item of an action (fails when there are none or several).
pub fn item(r: &osteoplan::Report, action: osteoplan::clinical::plan::Action) -> &osteoplan::clinical::plan::PlanItem {
    let found = items(r, action);
    assert_eq!(found.len(), 1, "one {action:?} item expected in {:#?}", r.plan);
    found[0]
}
