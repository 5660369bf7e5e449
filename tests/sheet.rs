//! The printed recommendation sheet: its content and order for every public vignette in both languages, escaping
//! of anything a user typed, and the incomplete case. (Page count and fonts are checked on a real PDF by the e2e
//! print test.)

use osteoplan::clinical::case::Case;
use osteoplan::i18n::{Lang, Text};
use osteoplan::rule_text::RuleValues;
use osteoplan::sheet::print_sheet;
use osteoplan::state::Draft;
use proptest::prelude::*;

fn vignette_cases() -> Vec<(String, Case)> {
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
fn every_vignette_sheet_has_the_report_in_the_required_order() {
    let cases = vignette_cases();
    assert!(cases.len() >= 15, "vignettes not found");
    let mut with_report = 0;
    for (name, case) in &cases {
        let Ok(report) = Draft::from_case(case.clone()).evaluate() else { continue };
        with_report += 1;
        for lang in Lang::ALL {
            let s = sheet(case, lang, "Bone Clinic, Ward 7");
            let values = RuleValues::new(case, &report, lang);
            let t = |text: Text| text.get(lang);
            // Each item must appear after the one before it.
            let mut items: Vec<String> = [
                "Bone Clinic, Ward 7",
                t(Text::SheetTitle),
                t(Text::SectionDxa),
                t(Text::Diagnosis),
                report.diagnosis.category.label(lang),
                t(Text::Risk),
                report.risk.level.label(lang),
                t(Text::BasicCare),
            ]
            .map(String::from)
            .to_vec();
            if !report.treatment.options.is_empty() {
                items.push(t(Text::Options).into());
            }
            if let Some(d) = &report.denosumab {
                items.push(t(Text::Schedule).into());
                items.push(osteoplan::wording::dmab_status(d, lang).into());
                items.extend(d.next_due.map(|next| next.to_string()));
                if let Some(exit) = &d.exit_plan {
                    if exit.drug.is_some() {
                        items.push(exit.transition_on.to_string());
                    } else {
                        // No exit drug: keep injecting, so no transition date to act on.
                        items.push(Text::NoSafeExit.get(lang).into());
                        assert!(
                            !s.contains(&format!("<th>{}</th>", html(t(Text::Transition)))),
                            "{name}: a transition without an exit drug"
                        );
                    }
                    items.extend(exit.ctx_checks.iter().map(|c| c.to_string()));
                }
            }
            items.extend([Text::Alerts, Text::RulesApplied, Text::Notice, Text::Signature].map(|x| t(x).to_string()));
            let mut from = 0;
            for item in &items {
                from += position(&s[from..], item, &format!("{name} {lang:?} (in order)"));
            }

            let options_at = s.find(&html(t(Text::Options))).unwrap_or(0);
            for option in &report.treatment.options {
                position(&s[options_at..], option.drug.label(lang), name);
            }
            let rules_at = position(&s, t(Text::RulesApplied), name);
            for id in &report.rules_fired {
                let rule = id.rule();
                position(&s[rules_at..], rule.code, name);
                position(&s[rules_at..], rule.source, name);
                // Quoted once: an alert's rule is quoted under Alerts, and other sections point to it.
                let quoted = s.matches(&html(&values.text(*id, lang))).count();
                assert_eq!(quoted, 1, "{name} {lang:?}: {} is quoted {quoted} times", rule.code);
            }
            for alert in &report.alerts {
                position(&s[..rules_at], &values.text(alert.rule, lang), name);
            }
        }
    }
    assert!(with_report >= 14);
}

#[test]
fn the_data_behind_the_reasons_is_on_the_sheet_before_the_diagnosis() {
    let mut seen = 0;
    for (name, case) in vignette_cases() {
        for lang in Lang::ALL {
            let s = sheet(&case, lang, "");
            // An incomplete case has no diagnosis: its data still prints, before the list of problems.
            let from = position(&s, Text::SectionDxa.get(lang), &name);
            let to = s.find(&format!("<h2>{}</h2>", html(Text::Diagnosis.get(lang)))).unwrap_or(s.len());
            let data = &s[from..to];
            let mut expected: Vec<String> = Vec::new();
            for f in &case.fractures {
                expected.extend(f.site.map(|site| site.label(lang).to_string()));
                expected.extend(f.date.as_ref().map(|d| d.0.clone()));
                if f.fragility == Some(true) {
                    expected.push(Text::Fragility.get(lang).into());
                }
            }
            for h in &case.history {
                expected.extend(h.drug.map(|d| d.label(lang).to_string()));
                expected.extend(h.start.as_ref().map(|d| d.0.clone()));
            }
            let labs = &case.labs;
            for (value, unit) in [
                (labs.egfr_ml_min, "mL/min"),
                (labs.creatinine_umol_l, "µmol/L"),
                (labs.calcium_mmol_l, "mmol/L"),
                (labs.vitamin_d_nmol_l, "nmol/L"),
            ] {
                expected.extend(value.map(|x| format!("{x} {unit}")));
            }
            seen += expected.len();
            for item in expected {
                assert!(data.contains(&html(&item)), "{name} {lang:?}: {item:?} is not in the clinical data");
            }
        }
    }
    assert!(seen >= 10, "the vignettes have fractures, history and labs to show ({seen})");
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
    case.glucocorticoids = Some(Glucocorticoids { mg_per_day: Some(7.5), months: Some(6.0) });
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
fn avoided_drugs_come_last_with_their_rules() {
    let (_, case) = vignette_cases().into_iter().find(|(n, _)| n.starts_with("p12")).expect("p12");
    let report = Draft::from_case(case.clone()).evaluate().unwrap();
    let s = sheet(&case, Lang::En, "");
    let avoided: Vec<_> = report.treatment.options.iter().filter(|o| o.status.label(Lang::En) == "avoid").collect();
    assert!(!avoided.is_empty(), "p12 avoids a drug");
    let preferred_at = s.find("★").expect("a preferred drug");
    let rows: Vec<(usize, &str)> =
        s.match_indices("<tr>").map(|(at, _)| (at, &s[at..at + s[at..].find("</tr>").unwrap()])).collect();
    for option in avoided {
        let drug = option.drug.label(Lang::En);
        let (at, row) = rows
            .iter()
            .find(|(_, row)| row.contains("✕ avoid</td>") && row.contains(drug))
            .unwrap_or_else(|| panic!("no avoid row for {drug}"));
        assert!(*at > preferred_at, "avoided drugs come after the preferred ones");
        let rules_at = position(&s, Text::RulesApplied.get(Lang::En), "p12");
        let options_at = position(&s, Text::Options.get(Lang::En), "p12");
        for id in &option.rules {
            assert!(row.contains(id.code()), "{drug} lacks its reason {}", id.code());
            // The reason in words is quoted with the options, not left to the rules list at the end.
            let text_at = position(&s, id.text(Lang::En), "p12");
            assert!(text_at > options_at && text_at < rules_at, "{}'s text belongs with the options", id.code());
        }
    }
}

#[test]
fn an_incomplete_case_prints_what_is_missing_and_no_recommendation() {
    let case = Draft::new("2026-11-22").case;
    for lang in Lang::ALL {
        let s = sheet(&case, lang, "");
        assert!(s.contains(&html(Text::Incomplete.get(lang))));
        assert!(s.contains(&html(Text::Sex.get(lang))), "names the missing field");
        assert!(!s.contains(&html(Text::Options.get(lang))));
        assert!(!s.contains(&html(Text::BasicCare.get(lang))));
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
