//! The printed recommendation sheet: its content and order for every public vignette in both languages, escaping
//! of anything a user typed, and the incomplete case. (Page count and fonts are checked on a real PDF by the e2e
//! print test.)

mod common;

use common::vignette_cases;
use osteoplan::app::state::Draft;
use osteoplan::clinical::case::Case;
use osteoplan::clinical::treatment::Status;
use osteoplan::document::{document, Block, Line};
use osteoplan::render::sheet::print_sheet;
use osteoplan::words::i18n::{Lang, Text};
use osteoplan::words::rule_text::RuleValues;
use proptest::prelude::*;

fn sheet(case: &Case, lang: Lang, clinic: &str) -> String {
    print_sheet(case, &Draft::from_case(case.clone()).evaluate(), lang, clinic)
}

/// The text as it appears in the HTML.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn position(sheet: &str, text: &str, name: &str) -> usize {
    sheet.find(&html(text)).unwrap_or_else(|| panic!("{name}: {text:?} is missing from the sheet"))
}

#[test]
fn every_vignette_sheet_has_the_assessment_and_plan_first_then_the_rest_in_order() {
    let cases = vignette_cases();
    assert!(cases.len() >= 15, "vignettes not found");
    let mut with_report = 0;
    for (name, case) in &cases {
        let result = Draft::from_case(case.clone()).evaluate();
        let Ok(report) = &result else { continue };
        with_report += 1;
        for lang in Lang::ALL {
            let s = sheet(case, lang, "Bone Clinic, Ward 7");
            let doc = document(case, &result, lang);
            let t = |text: Text| text.get(lang).to_string();
            // Each item must appear after the one before it: the header, the notice, then every line of the
            // document in its order (impression, alerts in full, the plan, options, schedule, data, rules).
            let mut items = vec!["Bone Clinic, Ward 7".to_string(), t(Text::SheetTitle), t(Text::Notice)];
            for section in &doc.sections {
                items.push(section.heading.clone());
                for block in &section.blocks {
                    match block {
                        Block::Paragraph(line) => items.extend(words(line)),
                        Block::Numbered(lines) | Block::Items(lines) => items.extend(lines.iter().flat_map(words)),
                        Block::Alerts(alerts) => {
                            items.extend(alerts.iter().flat_map(|a| [a.label.clone(), a.text.clone()]))
                        }
                        Block::Pairs(pairs) => {
                            items.extend(pairs.iter().flat_map(|p| [p.label.clone(), p.value.clone()]))
                        }
                        Block::Rules(rules) => items
                            .extend(rules.iter().flat_map(|r| [r.code.to_string(), r.text.clone(), r.source.clone()])),
                        // The chart, where the section draws it.
                        Block::Chart(c) => items.push(c.title.clone()),
                    }
                }
            }
            items.push(t(Text::Signature));
            let mut from = 0;
            for item in &items {
                from += position(&s[from..], item, &format!("{name} {lang:?} (in order)"));
            }
            // Page 1's content comes before anything else of the report.
            let plan_end = s.find(r#"data-section="options""#).or(s.find(r#"data-section="data""#)).unwrap();
            for alert in &report.alerts {
                assert!(s[..plan_end].contains(&html(&RuleValues::new(case, report, lang).text(alert.rule, lang))));
            }
            for option in &report.treatment.options {
                position(&s[plan_end..], option.drug.label(lang), name);
            }
            if let Some(d) = &report.denosumab {
                if let Some(exit) = d.exit_plan.as_ref().filter(|e| e.drug.is_none()) {
                    // No exit drug: keep injecting, so no transition date to act on.
                    assert!(!s.contains(&format!("<th>{}</th>", html(&t(Text::Transition)))), "{name}: {exit:?}");
                }
            }
            for id in &report.rules_fired {
                position(&s[plan_end..], id.code(), name);
            }
        }
    }
    assert!(with_report >= 14);
}

/// A line's words as the sheet prints them: the lead (bold) and the text.
fn words(line: &Line) -> Vec<String> {
    line.lead.iter().cloned().chain([line.text.clone()]).filter(|w| !w.is_empty()).collect()
}

#[test]
fn labs_in_either_unit_conditions_and_ongoing_drugs_are_worded_in_both_languages() {
    use osteoplan::clinical::case::{CaseDate, Drug, DrugPeriod, Glucocorticoids};
    let (_, mut case) = vignette_cases().remove(0);
    case.labs.creatinine_umol_l = Some(80.0);
    case.labs.calcium_mg_dl = Some(8.4);
    case.labs.vitamin_d_nmol_l = Some(45.5);
    case.conditions.mi_or_stroke_last_12_months = true;
    case.conditions.warfarin = true;
    case.glucocorticoids = Some(Glucocorticoids { mg_per_day: Some(7.5), months: Some(6.0), planned_months: None });
    case.history =
        vec![DrugPeriod { drug: Some(Drug::Alendronate), start: Some(CaseDate("2020-01-01".into())), end: None }];
    let en = sheet(&case, Lang::En, "");
    for item in [
        "Creatinine 80 µmol/L",
        "Serum calcium 8.4 mg/dL",
        "25-hydroxyvitamin D 45.5 nmol/L",
        "myocardial infarction or stroke in the last 12 months, warfarin",
        "7.5 mg/day × 6 months",
        "alendronate 2020-01-01 – ongoing",
    ] {
        assert!(en.contains(&html(item)), "{item:?} missing");
    }
    let zh = sheet(&case, Lang::Zh, "");
    for item in ["血肌酐 80 µmol/L", "过去12个月内心肌梗死或卒中、华法林", "× 6个月", "阿仑膦酸钠 2020-01-01 – 至今"]
    {
        assert!(zh.contains(item), "{item:?} missing");
    }
}

#[test]
fn avoided_drugs_come_last_with_their_reason_and_rules() {
    let (_, case) = vignette_cases().into_iter().find(|(n, _)| n.starts_with("p19")).expect("p19");
    let report = Draft::from_case(case.clone()).evaluate().unwrap();
    let s = sheet(&case, Lang::En, "");
    let options_at = s.find(r#"data-section="options""#).unwrap();
    let options = &s[options_at..options_at + s[options_at..].find("</section>").unwrap()];
    let preferred_at = options.find("★").expect("a preferred drug");
    let items: Vec<(usize, &str)> = options
        .match_indices("<li>")
        .map(|(at, _)| (at, &options[at..at + options[at..].find("</li>").unwrap()]))
        .collect();
    let avoided: Vec<_> = report.treatment.options.iter().filter(|o| o.status == Status::Avoid).collect();
    assert!(avoided.len() >= 4, "p19 avoids the bisphosphonates and the PTH analogues");
    for option in avoided {
        let drug = option.drug.label(Lang::En);
        let (at, item) = items
            .iter()
            .find(|(_, item)| item.contains("✕ Avoid") && item.contains(drug))
            .unwrap_or_else(|| panic!("no avoid line for {drug}"));
        assert!(*at > preferred_at, "avoided drugs come after the preferred ones");
        for id in &option.rules {
            assert!(item.contains(id.code()), "{drug} lacks its rule {}", id.code());
        }
    }
    // The reason says the value behind it.
    assert!(options.contains("alendronate, zoledronic acid — CrCl 15 &lt; 35 mL/min"), "{options}");
    assert!(options.contains("ibandronate, risedronate — CrCl 15 &lt; 30 mL/min"), "{options}");
}

#[test]
fn an_incomplete_case_prints_what_is_missing_and_no_recommendation() {
    let case = Draft::new("2026-11-22").case;
    for lang in Lang::ALL {
        let s = sheet(&case, lang, "");
        assert!(s.contains(&html(Text::Incomplete.get(lang))));
        assert!(s.contains(&html(Text::Sex.get(lang))), "names the missing field");
        assert!(!s.contains(&html(Text::Options.get(lang))));
        assert!(!s.contains(&format!("<h2>{}</h2>", html(Text::Plan.get(lang)))));
        assert!(s.contains(&html(Text::Signature.get(lang))));
    }
}

#[test]
fn no_clinic_header_means_no_empty_header_line() {
    let (_, case) = vignette_cases().remove(0);
    assert!(!sheet(&case, Lang::En, "  ").contains("sheet-clinic"));
}

proptest! {
    /// Whatever is typed as name, ID or clinic header reaches the page as text, never as markup.
    #[test]
    fn typed_text_is_escaped(name in ".{0,40}", id in "[<>&\"' a-z]{0,20}", clinic in ".{0,40}") {
        let (_, mut case) = vignette_cases().remove(0);
        let typed_name = format!("<img src=x onerror=alert(1)>{name}");
        case.patient.name = Some(typed_name.clone());
        case.patient.id = Some(id.clone());
        let clinic = format!("<script>x</script>{clinic}");
        let s = sheet(&case, Lang::En, &clinic);
        prop_assert!(!s.contains("<img") && !s.contains("<script"));
        prop_assert!(s.contains(&html(&typed_name)));
        prop_assert!(s.contains(&html(&id)));
        prop_assert!(s.contains(&html(clinic.trim())));
    }
}
