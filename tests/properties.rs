//! Property tests: `evaluate` never panics, reports only catalogued rules, and is monotone in the T-score; and,
//! over valid cases that walk the treatment journey (rule book v2), the plan keeps the book's invariants: no date
//! before `assessed_on`, option statuses that respect precedence, danger first then PLAN-ORDER, every line traced
//! to rules that fired, no duplicate items.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use osteoplan::clinical::case::*;
use osteoplan::clinical::diagnosis::DxPath;
use osteoplan::clinical::evaluate_json;
use osteoplan::clinical::rules::RuleId;
use osteoplan::evaluate;
use proptest::prelude::*;
use serde_json::Value;

const TODAY: &str = "2026-11-22";

/// Mostly real dates up to 14 years before TODAY; now and then a later one or one that is not a date.
fn date_text() -> impl Strategy<Value = CaseDate> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    prop_oneof![
        60 => (0u64..5000).prop_map(move |days| CaseDate::from(today - chrono::Days::new(days))),
        1 => (1u64..400).prop_map(move |days| CaseDate::from(today + chrono::Days::new(days))),
        1 => prop_oneof![Just("2026-02-30"), Just("26-1-1"), Just(""), Just("2026-13-01")].prop_map(|s| CaseDate(s.into())),
    ]
}

/// Mostly a value in [lo, hi] (the field's domain); now and then NaN or a wild value.
fn any_f64(lo: f64, hi: f64) -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop_oneof![60 => lo..=hi, 1 => Just(f64::NAN), 1 => -1e300..1e300f64])
}

fn site() -> impl Strategy<Value = Site> {
    prop_oneof![Just(Site::LumbarSpine), Just(Site::FemoralNeck), Just(Site::TotalHip), Just(Site::Radius33)]
}

fn drug() -> impl Strategy<Value = Drug> {
    prop::sample::select(Drug::ALL.to_vec())
}

fn fracture_site() -> impl Strategy<Value = FractureSite> {
    use FractureSite::*;
    prop::sample::select(vec![Hip, Vertebral, ProximalHumerus, Pelvis, DistalForearm, Other])
}

/// DXA entries at distinct sites (now and then a missing site), mostly with a T-score.
fn dxa_entries() -> impl Strategy<Value = Vec<DxaEntry>> {
    let sites = vec![Site::LumbarSpine, Site::FemoralNeck, Site::TotalHip, Site::Radius33];
    let entry = (
        prop_oneof![40 => site().prop_map(Some), 1 => Just(None)],
        prop_oneof![3 => any_f64(-8.0, 6.0), 1 => Just(None)],
        any_f64(-8.0, 6.0),
        any_f64(0.1, 2.5),
        prop::option::of(
            (0.1f64..=2.5, 0.01f64..=0.5).prop_map(|(mean, sd)| BmdReference { mean: Some(mean), sd: Some(sd) }),
        ),
    )
        .prop_map(|(site, t_score, z_score, bmd_g_cm2, reference)| DxaEntry {
            site,
            t_score,
            z_score,
            bmd_g_cm2,
            reference,
        });
    (prop::sample::subsequence(sites, 0..=4), prop::collection::vec(entry, 4), 0u8..40).prop_map(
        |(chosen, mut entries, dup)| {
            entries.truncate(chosen.len());
            for (entry, site) in entries.iter_mut().zip(&chosen) {
                if entry.site.is_some() {
                    entry.site = Some(*site);
                }
            }
            if dup == 0 && entries.len() >= 2 {
                entries[1].site = entries[0].site;
            }
            entries
        },
    )
}

fn conditions() -> impl Strategy<Value = Conditions> {
    prop::collection::vec(any::<bool>(), 13).prop_map(|b| Conditions {
        dialysis: b[0],
        oral_bp_intolerance: b[1],
        mi_or_stroke_last_12_months: b[2],
        mi_or_stroke_ever: b[12],
        vte_history: b[3],
        invasive_dental_planned: b[4],
        hypocalcaemia: b[5],
        paget_or_raised_alp: b[6],
        open_epiphyses: b[7],
        skeletal_radiation: b[8],
        bone_malignancy: b[9],
        hypercalcaemia: b[10],
        warfarin: b[11],
    })
}

fn labs() -> impl Strategy<Value = Labs> {
    // At most one unit per quantity, except now and then (an input error).
    (
        any_f64(1.0, 200.0),
        any_f64(10.0, 2000.0),
        any_f64(0.1, 25.0),
        any_f64(1.0, 4.0),
        any_f64(4.0, 16.0),
        any_f64(2.0, 500.0),
        any_f64(1.0, 200.0),
        0u8..20,
        any_f64(10.0, 60.0),
    )
        .prop_map(|(egfr, cu, cm, cam, camg, dn, dg, both, albumin)| Labs {
            egfr_ml_min: egfr,
            creatinine_umol_l: cu,
            creatinine_mg_dl: if both == 0 { cm } else { None },
            calcium_mmol_l: cam,
            calcium_mg_dl: if both == 1 { camg } else { None },
            vitamin_d_nmol_l: if both == 2 { None } else { dn },
            vitamin_d_ng_ml: if both == 2 { dg } else { None },
            albumin_g_l: albumin,
        })
}

/// Any case, valid or not.
fn any_case() -> impl Strategy<Value = Case> {
    let menopause =
        prop_oneof![Just(Menopause::Premenopausal), Just(Menopause::Perimenopausal), Just(Menopause::Postmenopausal)];
    let patient = (
        prop_oneof![20 => Just(Some(Sex::Female)), 20 => Just(Some(Sex::Male)), 1 => Just(None)],
        prop_oneof![30 => (18i64..=120).prop_map(Some), 1 => prop::option::of(-5i64..150)],
        prop::option::of(menopause),
        any_f64(20.0, 300.0),
        0u8..30,
    )
        .prop_map(|(sex, age_years, menopause, weight_kg, odd)| {
            // Menopause status fits the sex, except now and then.
            let menopause = match (sex, odd) {
                (_, 0) => menopause,
                (Some(Sex::Male), _) => None,
                _ => menopause.or(Some(Menopause::Postmenopausal)),
            };
            Patient { sex, age_years, menopause, weight_kg, ..Patient::default() }
        });
    let fracture =
        (fracture_site(), prop::option::of(date_text()), prop::option::of(any::<bool>()), any::<bool>(), any::<bool>())
            .prop_map(|(s, date, fragility, on_treatment, nonunion)| Fracture {
                site: Some(s),
                date,
                fragility,
                on_treatment,
                nonunion,
            });
    // A period of up to 3 years from its start; ongoing half the time. Ends past TODAY are input errors.
    let period = (drug(), date_text(), prop::option::of(0u64..1100)).prop_map(|(d, start, length)| {
        let end = match (start.parse(), length) {
            (Some(s), Some(days)) => Some(CaseDate::from(s + chrono::Days::new(days))),
            _ => None,
        };
        DrugPeriod { drug: Some(d), start: Some(start), end }
    });
    let block = (prop::bool::ANY, prop::collection::vec(date_text(), 0..12), prop::bool::ANY).prop_map(
        |(onc, injections, stop)| DenosumabBlock {
            regimen: if onc { Regimen::Oncology120mgQ4w } else { Regimen::Osteoporosis60mgQ6m },
            injections,
            plan: if stop { Plan::Stop } else { Plan::Continue },
        },
    );
    (
        (prop_oneof![20 => Just(None), 1 => prop::option::of(date_text())], prop::bool::ANY, patient, dxa_entries()),
        (
            prop::collection::vec(fracture, 0..4),
            any_f64(0.0, 100.0),
            any_f64(0.0, 100.0),
            prop::option::of(0i64..=100),
            any::<bool>(),
        ),
        (
            any_f64(0.0, 200.0),
            any_f64(0.0, 600.0),
            labs(),
            conditions(),
            // Now and then the same cause twice (an input error).
            prop::collection::vec(prop::sample::select(SecondaryCause::ALL.to_vec()), 0..3),
        ),
        (prop::collection::vec(period, 0..4), prop::option::of(block), any_f64(-8.0, 6.0)),
    )
        .prop_map(
            |(
                (assessed_on, aace, patient, dxa),
                (fractures, mof, hip, falls, injurious),
                (gc_mg, gc_months, labs, conditions, secondary_causes),
                (history, denosumab, pre_treatment_t_score),
            )| Case {
                format: Some(CASE_FORMAT.into()),
                assessed_on: assessed_on.or_else(|| Some(CaseDate(TODAY.into()))),
                profile: if aace { Profile::Aace2020 } else { Profile::Cn2022 },
                patient,
                dxa,
                pre_treatment_t_score,
                fractures,
                frax: Some(Frax { mof_percent: mof, hip_percent: hip }),
                falls_last_12_months: falls,
                injurious_fall: injurious,
                glucocorticoids: Some(Glucocorticoids { mg_per_day: gc_mg, months: gc_months }),
                secondary_causes,
                labs,
                conditions,
                history,
                denosumab,
            },
        )
}

/// A valid T-path case: a postmenopausal woman with T-scores at distinct sites and a few fractures.
fn t_path_case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(-7.9f64..5.9, 1..5),
        prop::collection::vec((fracture_site(), 0u64..3000, any::<bool>()), 0..3),
        prop::option::of((0.0f64..60.0, 0.0f64..15.0)),
        0i64..4,
        prop::option::of(20.0f64..120.0),
    )
        .prop_map(|(ts, fractures, frax, falls, weight)| {
            let sites = [Site::LumbarSpine, Site::FemoralNeck, Site::TotalHip, Site::Radius33];
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
            Case {
                format: Some(CASE_FORMAT.into()),
                assessed_on: Some(CaseDate::from(today)),
                patient: Patient {
                    sex: Some(Sex::Female),
                    age_years: Some(70),
                    menopause: Some(Menopause::Postmenopausal),
                    weight_kg: weight,
                    ..Patient::default()
                },
                dxa: ts
                    .iter()
                    .zip(sites)
                    .map(|(&t, site)| DxaEntry { site: Some(site), t_score: Some(t), ..DxaEntry::default() })
                    .collect(),
                fractures: fractures
                    .into_iter()
                    .map(|(site, days_ago, fragility)| Fracture {
                        site: Some(site),
                        date: Some(CaseDate::from(today - chrono::Days::new(days_ago))),
                        fragility: Some(fragility),
                        ..Fracture::default()
                    })
                    .collect(),
                frax: frax.map(|(mof, hip)| Frax { mof_percent: Some(mof), hip_percent: Some(hip) }),
                falls_last_12_months: Some(falls),
                ..Case::default()
            }
        })
}

fn all_rule_codes(doc: &Value, found: &mut Vec<String>) {
    match doc {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "rules" || key == "rules_fired" {
                    found.extend(value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)));
                } else if key == "rule" {
                    found.extend(value.as_str().map(String::from));
                } else {
                    all_rule_codes(value, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_rule_codes(v, found)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn evaluate_never_panics_and_reports_only_catalogued_rules(case in any_case()) {
        if let Ok(report) = evaluate(&case) {
            let doc: Value = serde_json::to_value(&report).unwrap();
            let mut codes = Vec::new();
            all_rule_codes(&doc, &mut codes);
            prop_assert!(!codes.is_empty());
            for code in &codes {
                prop_assert!(RuleId::from_code(code).is_some(), "{code} is not in the catalogue");
                prop_assert!(report.rules_fired.iter().any(|r| r.code() == code), "{code} missing from rules_fired");
            }
            let sorted: Vec<&str> = report.rules_fired.iter().map(|r| r.code()).collect();
            let mut expected = sorted.clone();
            expected.sort();
            expected.dedup();
            prop_assert_eq!(sorted, expected);
        }
    }

    #[test]
    fn the_text_entry_point_never_panics_on_arbitrary_text(text in ".{0,200}") {
        let out = evaluate_json(&text).unwrap_or_else(|e| e);
        prop_assert!(serde_json::from_str::<Value>(&out).is_ok());
    }

    #[test]
    fn lowering_one_t_score_never_gives_a_milder_result(case in t_path_case(), pick in 0usize..4, drop in 0.01f64..4.0) {
        let before = evaluate(&case).unwrap();
        prop_assert_eq!(before.diagnosis.path, DxPath::TScore);
        let mut lowered = case.clone();
        let i = pick % lowered.dxa.len();
        let t = lowered.dxa[i].t_score.unwrap();
        lowered.dxa[i].t_score = Some((t - drop).max(-8.0));
        let after = evaluate(&lowered).unwrap();
        prop_assert!(after.diagnosis.category >= before.diagnosis.category, "{:?} → {:?}", before.diagnosis.category, after.diagnosis.category);
        prop_assert!(after.risk.level >= before.risk.level, "{:?} → {:?}", before.risk.level, after.risk.level);
    }
}

/// Guards the generator: enough arbitrary cases must be valid for the properties above to test reports too.
#[test]
fn the_case_generator_yields_valid_and_invalid_cases() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = any_case();
    let valid = (0..1000).filter(|_| evaluate(&strategy.new_tree(&mut runner).unwrap().current()).is_ok()).count();
    eprintln!("{valid} of 1000 generated cases are valid");
    assert!((100..900).contains(&valid), "{valid} of 1000 generated cases are valid");
}
