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
    let [_, close] = dmab.window.unwrap();
    let dose = s.dates.iter().find(|(what, _)| what == "Denosumab injection").expect("the injection");
    // Clinician's read: aim for the day, the window's end as the limit (not "any day from … to …").
    assert!(dose.1.contains(&format!("never later than {close}")), "{dose:?}");
    assert!(s.tell.iter().any(|t| t.contains("back pain")), "the sign of rebound fractures: {:?}", s.tell);
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
    assert!(html.contains("swallow it whole") && html.contains("calcium tablets too"), "{html}");
    assert!(html.contains("trouble swallowing"), "the oesophageal warning: {html}");
    assert!(!html.contains("denosumab on your own"));
    assert!(html.contains("Bone Clinic, Ward 7, tel. 010-1234 5678"));
}

/// Clinician's read: once the exit drug is given, the sheet never sends the patient for it again ("on the date
/// below" with no such date); it says when it was given and asks them to keep the blood-test dates.
#[test]
fn after_the_exit_drug_is_given_the_sheet_does_not_ask_for_it_again() {
    let mut seen = 0;
    for (name, case) in vignette_cases() {
        let Ok(report) = evaluate(&case) else { continue };
        let Some(on) = report.denosumab.as_ref().and_then(|d| d.exit_plan.as_ref()).and_then(|e| e.given_on) else {
            continue;
        };
        if report.journey.stage != osteoplan::clinical::journey::Stage::StoppingDenosumab {
            continue;
        }
        seen += 1;
        let s = patient_sheet(&case, &report, Lang::En, "");
        assert!(
            s.medicine[0].starts_with("You have stopped denosumab") && s.medicine[0].contains(&on.to_string()),
            "{name}: {:?}",
            s.medicine
        );
        assert!(
            !s.medicine
                .iter()
                .chain(&s.never)
                .any(|l| l.contains("date below") || l.contains("date above.") && !l.contains("blood test")),
            "{name}: {:?}",
            s.never
        );
        assert!(s.never.iter().any(|l| l.contains("blood test")), "{name}: {:?}", s.never);
    }
    assert!(seen > 0, "a vignette after the exit infusion");
}
