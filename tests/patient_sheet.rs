//! The sheet for the patient (document::patient → render::patient): plain words from the sentence table, the plan's
//! dates to tick, the warnings that fit the medicine, the clinic's line, and never a rule code.

mod common;

use common::vignette_cases;
use osteoplan::clinical::case::Case;
use osteoplan::clinical::evaluate;
use osteoplan::clinical::rules::CATALOGUE;
use osteoplan::document::patient::patient_sheet;
use osteoplan::render::patient::patient_html;
use osteoplan::words::i18n::Lang;

fn vignette(prefix: &str) -> Case {
    vignette_cases().into_iter().find(|(n, _)| n.starts_with(prefix)).unwrap().1
}

fn sheet(prefix: &str, lang: Lang) -> String {
    let case = vignette(prefix);
    patient_html(
        &patient_sheet(&case, &evaluate(&case).unwrap(), lang, "Bone Clinic, Ward 7, tel. 010-1234 5678"),
        lang,
    )
}

#[test]
fn no_sheet_for_the_patient_carries_a_rule_code() {
    for (name, case) in vignette_cases() {
        let Ok(report) = evaluate(&case) else { continue };
        for lang in Lang::ALL {
            let html = patient_html(&patient_sheet(&case, &report, lang, ""), lang);
            for rule in CATALOGUE {
                assert!(!html.contains(rule.code), "{name} {lang:?}: {}", rule.code);
            }
        }
    }
}

#[test]
fn on_denosumab_the_next_injection_comes_with_its_window_and_the_warning_not_to_stop() {
    let case = vignette("p06");
    let report = evaluate(&case).unwrap();
    let dmab = report.denosumab.as_ref().unwrap();
    let s = patient_sheet(&case, &report, Lang::En, "Bone Clinic");
    let [open, close] = dmab.window.unwrap();
    let dose = s.dates.iter().find(|(what, _)| what == "Denosumab injection").expect("the injection");
    assert!(dose.1.contains(&open.to_string()) && dose.1.contains(&close.to_string()), "{dose:?}");
    assert!(s.never[0].starts_with("stop or delay denosumab on your own"));
    assert!(s.tell.iter().any(|t| t.contains("jaw")) && s.tell.iter().any(|t| t.contains("tingling")));
    assert_eq!(s.clinic, "Questions? Call us: Bone Clinic");
    let html = sheet("p06", Lang::Zh);
    assert!(html.contains("地舒单抗注射") && html.contains("请千万不要"), "{html}");
}

#[test]
fn stopping_denosumab_names_the_exit_drug_and_its_date() {
    let case = vignette("p09");
    let report = evaluate(&case).unwrap();
    let exit = report.denosumab.as_ref().unwrap().exit_plan.as_ref().unwrap();
    let drug = exit.drug.unwrap().label(Lang::En);
    let s = patient_sheet(&case, &report, Lang::En, "");
    assert!(s.medicine[0].contains(drug), "{:?}", s.medicine);
    let give_on = exit.give_on.unwrap().to_string();
    assert!(
        s.dates.iter().any(|(what, when)| what.to_lowercase().contains(drug) && when.contains(&give_on)),
        "{:?}",
        s.dates
    );
    assert!(s.never.iter().any(|n| n.contains(drug)));
    assert_eq!(s.clinic, "Questions? Ask your doctor or nurse.");
}

#[test]
fn an_alendronate_patient_hears_how_to_take_the_tablet_and_has_no_injection_warning() {
    let html = sheet("p17", Lang::En);
    assert!(html.contains("on an empty stomach"), "{html}");
    assert!(!html.contains("denosumab on your own"));
    assert!(html.contains("Bone Clinic, Ward 7, tel. 010-1234 5678"));
}
