//! Issue 24: the China-specific availability note (TX-AVAILABILITY) is for the cn-2022 profile only, and it is a
//! note on the drug's option, never an alert, over every public vignette in both profiles.

mod common;

use osteoplan::clinical::case::{Drug, Profile};
use osteoplan::clinical::evaluate;
use osteoplan::clinical::rules::RuleId::TxAvailability;
use osteoplan::document::{document, Block, SectionKind, Tag};
use osteoplan::words::lang::Lang;

#[test]
fn the_availability_note_is_a_note_on_the_drug_under_cn_2022_only() {
    let mut noted = 0;
    for (name, case) in common::vignette_cases() {
        for profile in [Profile::Cn2022, Profile::Aace2020] {
            let case = osteoplan::clinical::case::Case { profile, ..case.clone() };
            let Ok(report) = evaluate(&case) else { continue };
            assert!(report.alerts.iter().all(|a| a.rule != TxAvailability), "{name}: never an alert");
            let on_options: Vec<Drug> =
                report.treatment.options.iter().filter(|o| o.rules.contains(&TxAvailability)).map(|o| o.drug).collect();
            if profile == Profile::Aace2020 {
                assert!(
                    on_options.is_empty() && !report.treatment.rules.contains(&TxAvailability),
                    "{name}: cn-2022 only"
                );
                continue;
            }
            assert!(on_options.iter().all(|d| matches!(d, Drug::Romosozumab | Drug::Abaloparatide)), "{name}");
            noted += on_options.len();
            // In the document: on the drug's line in the options, not in the alerts.
            let doc = document(&case, &Ok(report.clone()), Lang::En);
            let alerts = doc.section(SectionKind::Alerts).map_or(Vec::new(), |s| s.blocks.clone());
            assert!(!alerts
                .iter()
                .any(|b| matches!(b, Block::Alerts(a) if a.iter().any(|l| l.rule == TxAvailability))));
            let options = doc.section(SectionKind::Options).map_or(Vec::new(), |s| s.blocks.clone());
            let option_lines: Vec<_> = options
                .iter()
                .flat_map(|b| match b {
                    Block::Items(lines) => lines.clone(),
                    _ => Vec::new(),
                })
                .filter(|l| l.rules.contains(&TxAvailability))
                .collect();
            for drug in &on_options {
                assert!(
                    option_lines.iter().any(|l| matches!(&l.tag, Tag::Options { drugs, .. } if drugs.contains(drug))),
                    "{name}: {drug:?}'s option line carries the note"
                );
            }
        }
    }
    assert!(noted > 0, "some vignette is offered romosozumab or abaloparatide under cn-2022");
}
