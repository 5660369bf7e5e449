//! Property tests: `evaluate` never panics, reports only catalogued rules, and is monotone in the T-score; and,
//! over valid cases that walk the treatment journey (rule book v2), the plan keeps the book's invariants: no date
//! before `assessed_on`, option statuses that respect precedence, danger first then PLAN-ORDER, every line traced
//! to rules that fired, no duplicate items.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use osteoplan::clinical::case::*;
use osteoplan::clinical::diagnosis::DxPath;
use osteoplan::clinical::evaluate_json;
use osteoplan::clinical::plan::Action;
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
                surgery_date: None,
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
                glucocorticoids: Some(Glucocorticoids { mg_per_day: gc_mg, months: gc_months, planned_months: None }),
                secondary_causes,
                labs,
                conditions,
                history,
                denosumab,
                ..Case::default()
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

// ---------------------------------------------------------------------------------------------------------------
// Rule book v2: valid cases on a treatment journey, and the plan's invariants.
// ---------------------------------------------------------------------------------------------------------------

mod v2 {
    use super::*;
    use chrono::{Days, NaiveDate};
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    use osteoplan::calendar::icalendar;
    use osteoplan::clinical::journey::Stage;
    use osteoplan::clinical::plan::{PlanItem, Urgency};
    use osteoplan::clinical::rules::Severity;
    use osteoplan::clinical::treatment::Status;
    use osteoplan::i18n::Lang;
    use osteoplan::rule_text::RuleValues;
    use osteoplan::Report;
    use proptest::test_runner::TestCaseError;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The assessment date: any day of 2025–2028, now and then a month end (end-of-month arithmetic).
    fn assessed_on() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            5 => (0u64..1400).prop_map(|d| ymd(2025, 1, 1) + Days::new(d)),
            1 => prop::sample::select(vec![ymd(2026, 8, 31), ymd(2026, 11, 24), ymd(2026, 12, 31), ymd(2027, 1, 31), ymd(2028, 2, 29)]),
        ]
    }

    /// A value near the rule book's thresholds most of the time, otherwise anywhere in a range.
    fn near(points: &[f64], lo: f64, hi: f64) -> impl Strategy<Value = f64> {
        prop_oneof![2 => prop::sample::select(points.to_vec()), 1 => lo..hi]
    }

    /// Women after (mostly), around and before menopause; men of all ages (under 50: the Z path).
    fn patient() -> impl Strategy<Value = Patient> {
        (0u8..10, 0i64..1000, prop::option::of(35.0f64..110.0)).prop_map(|(kind, a, weight_kg)| {
            let (sex, menopause, age) = match kind {
                0..=5 => (Sex::Female, Some(Menopause::Postmenopausal), 50 + a % 46),
                6 => (Sex::Female, Some(Menopause::Perimenopausal), 42 + a % 15),
                7 => (Sex::Female, Some(Menopause::Premenopausal), 18 + a % 35),
                _ => (Sex::Male, None, 18 + a % 78),
            };
            Patient { sex: Some(sex), age_years: Some(age), menopause, weight_kg, ..Patient::default() }
        })
    }

    fn t_score() -> impl Strategy<Value = f64> {
        near(&[-0.99, -1.0, -2.49, -2.5, -2.51, -3.0, -3.01, -3.5], -4.5, 1.0)
    }

    /// Distinct sites, each with a T- and a Z-score (so the Z path is valid too).
    fn dxa() -> impl Strategy<Value = Vec<DxaEntry>> {
        (prop::sample::subsequence(Site::ALL.to_vec(), 1..=4), prop::collection::vec((t_score(), -3.5f64..1.0), 4))
            .prop_map(|(sites, scores)| {
                sites
                    .into_iter()
                    .zip(scores)
                    .map(|(site, (t, z))| DxaEntry {
                        site: Some(site),
                        t_score: Some(t),
                        z_score: Some(z),
                        ..DxaEntry::default()
                    })
                    .collect()
            })
    }

    /// (site, days before assessed_on (None: undated), fragility, on_treatment, nonunion)
    type FractureSpec = (FractureSite, Option<u64>, Option<bool>, bool, bool);

    fn fracture() -> impl Strategy<Value = FractureSpec> {
        let days_ago = prop_oneof![2 => 0u64..100, 2 => 0u64..730, 2 => 730u64..6000];
        (
            fracture_site(),
            prop_oneof![8 => days_ago.prop_map(Some), 1 => Just(None)],
            prop_oneof![4 => Just(None), 2 => Just(Some(true)), 1 => Just(Some(false))],
            (0u8..6).prop_map(|x| x == 0),
            (0u8..15).prop_map(|x| x == 0),
        )
    }

    fn history_drug() -> impl Strategy<Value = Drug> {
        use Drug::*;
        prop_oneof![
            4 => prop::sample::select(vec![Alendronate, Risedronate, Ibandronate, ZoledronicAcid]),
            3 => prop::sample::select(vec![Teriparatide, Abaloparatide, Romosozumab]),
            2 => Just(Denosumab),
            2 => prop::sample::select(vec![Raloxifene, Bazedoxifene, StrontiumRanelate, HormoneTherapy, Testosterone]),
            1 => prop::sample::select(vec![Calcitonin, Calcitriol, Eldecalcitol, GrowthHormone]),
        ]
    }

    /// (drug, start days before assessed_on, ongoing, length in days)
    type PeriodSpec = (Drug, u64, bool, u64);

    fn period() -> impl Strategy<Value = PeriodSpec> {
        (history_drug(), prop_oneof![0u64..800, 0u64..4000], (0u8..5).prop_map(|x| x < 2), 0u64..1500)
    }

    /// A denosumab block: regimen, plan, and 0–12 injections ending some days before assessed_on, about 6 months
    /// (4 weeks for oncology) apart, or at random past days; given in a shuffled order.
    #[derive(Clone, Debug)]
    struct BlockSpec {
        oncology: bool,
        stop: bool,
        count: usize,
        last_ago: u64,
        gaps: Vec<u64>,
        random: Option<std::collections::BTreeSet<u64>>,
        order: Vec<u32>,
    }

    fn block() -> impl Strategy<Value = BlockSpec> {
        (
            (0u8..10).prop_map(|x| x == 0),
            any::<bool>(),
            0usize..=12,
            prop_oneof![1 => Just(0u64), 4 => 0u64..200, 4 => 0u64..1000, 2 => 900u64..3000],
            prop::collection::vec(0u64..80, 12),
            prop_oneof![4 => Just(None), 1 => prop::collection::btree_set(0u64..3000, 0..12).prop_map(Some)],
            prop::collection::vec(any::<u32>(), 12),
        )
            .prop_map(|(oncology, stop, count, last_ago, gaps, random, order)| BlockSpec {
                oncology,
                stop,
                count,
                last_ago,
                gaps,
                random,
                order,
            })
    }

    fn injections(spec: &BlockSpec, today: NaiveDate) -> Vec<CaseDate> {
        let mut ago: Vec<u64> = match &spec.random {
            Some(set) => set.iter().copied().collect(),
            None => {
                let (base, spread) = if spec.oncology { (24, 10) } else { (150, 80) };
                let mut at = spec.last_ago;
                (0..spec.count)
                    .map(|i| {
                        let this = at;
                        at += base + spec.gaps[i] % spread;
                        this
                    })
                    .collect()
            }
        };
        // Shuffle: order by the generated keys (the engine sorts; the case may list them in any order).
        let mut keyed: Vec<(u32, u64)> = spec.order.iter().copied().zip(ago.drain(..)).collect();
        keyed.sort();
        keyed.into_iter().map(|(_, days)| CaseDate::from(today - Days::new(days))).collect()
    }

    #[derive(Clone, Debug)]
    struct LabSpec {
        egfr: Option<f64>,
        creatinine: Option<f64>,
        calcium: Option<f64>,
        albumin: Option<f64>,
        vitamin_d: Option<f64>,
        vitamin_d_ng: bool,
        /// Creatinine and calcium in mg/dL instead.
        mg_dl: bool,
    }

    fn lab_spec() -> impl Strategy<Value = LabSpec> {
        (
            prop::option::of(near(&[10.0, 15.0, 25.0, 29.9, 30.0, 34.9, 35.0, 45.0, 59.9, 60.0, 80.0], 5.0, 120.0)),
            prop::option::of(40.0f64..400.0),
            prop::option::of(near(&[1.95, 2.05, 2.09, 2.1, 2.11, 2.15, 2.19, 2.2, 2.3, 2.45], 1.8, 2.7)),
            prop::option::of(near(&[28.0, 35.0, 40.0, 45.0], 20.0, 50.0)),
            prop::option::of(near(&[15.0, 25.0, 29.9, 30.0, 40.0, 49.9, 50.0, 75.0], 5.0, 150.0)),
            (0u8..8).prop_map(|x| x == 0),
            (0u8..6).prop_map(|x| x == 0),
        )
            .prop_map(|(egfr, creatinine, calcium, albumin, vitamin_d, vitamin_d_ng, mg_dl)| LabSpec {
                egfr,
                creatinine,
                calcium,
                albumin,
                vitamin_d,
                vitamin_d_ng,
                mg_dl,
            })
    }

    fn rare_conditions() -> impl Strategy<Value = Conditions> {
        prop::collection::vec((0u8..10).prop_map(|x| x == 0), 13).prop_map(|b| Conditions {
            dialysis: b[0],
            oral_bp_intolerance: b[1],
            mi_or_stroke_last_12_months: b[2],
            mi_or_stroke_ever: b[12] || b[2],
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

    /// A valid `osteoplan-case/2` (almost always: see the guard test) on some point of the treatment journey.
    pub fn journey_case() -> impl Strategy<Value = Case> {
        (
            (assessed_on(), any::<bool>(), patient(), dxa(), (0u8..10).prop_map(|x| x == 0)),
            (
                prop::collection::vec(fracture(), 0..3),
                prop::option::of((near(&[10.0, 20.0, 30.0], 1.0, 45.0), near(&[1.0, 3.0, 4.5], 0.1, 10.0))),
                prop::option::of(0i64..4),
                (0u8..8).prop_map(|x| x == 0),
                prop::option::of(near(&[-2.5, -2.6, -3.1], -4.0, -1.0)),
            ),
            (
                prop::option::of((
                    prop::sample::select(vec![1.0, 2.5, 5.0, 7.5, 10.0, 30.0, 40.0]),
                    prop::sample::select(vec![1.0, 3.0, 6.0, 12.0, 24.0, 60.0]),
                )),
                prop::sample::subsequence(SecondaryCause::ALL.to_vec(), 0..3),
                lab_spec(),
                rare_conditions(),
            ),
            (
                prop::collection::vec(period(), 0..=3),
                prop::option::of(block()),
                prop::option::of((
                    prop::sample::select(vec![
                        Drug::ZoledronicAcid,
                        Drug::Alendronate,
                        Drug::Risedronate,
                        Drug::Teriparatide,
                    ]),
                    120u64..260,
                    any::<bool>(),
                )),
                // Yearly zoledronic acid infusions (FU-BP-REVIEW, the 4th to 6th infusion), or none.
                prop_oneof![3 => Just(None), 1 => (1u64..=6, 0u64..500).prop_map(Some)],
            ),
        )
            .prop_map(
                |(
                    (today, aace, patient, mut dxa, clinical),
                    (fractures, frax, falls, injurious, pre_t),
                    (gc, secondary_causes, labs, conditions),
                    (history, block, after_last, infusions),
                )| {
                    let at = |days: u64| CaseDate::from(today - Days::new(days));
                    let mut fractures: Vec<Fracture> = fractures
                        .into_iter()
                        .map(|(site, ago, fragility, on_treatment, nonunion)| Fracture {
                            site: Some(site),
                            date: ago.map(at),
                            fragility,
                            on_treatment,
                            nonunion,
                            surgery_date: None,
                        })
                        .collect();
                    if clinical {
                        // DX-CLINICAL: no DXA, a vertebral fragility fracture makes the diagnosis (T path only).
                        dxa.clear();
                        fractures.push(Fracture {
                            site: Some(FractureSite::Vertebral),
                            date: Some(at(200)),
                            ..Fracture::default()
                        });
                    }
                    let mut history: Vec<DrugPeriod> = history
                        .into_iter()
                        .map(|(drug, start_ago, ongoing, length)| DrugPeriod {
                            drug: Some(drug),
                            start: Some(at(start_ago)),
                            end: (!ongoing).then(|| at(start_ago - length.min(start_ago))),
                        })
                        .collect();
                    let denosumab = block.map(|spec| DenosumabBlock {
                        regimen: if spec.oncology { Regimen::Oncology120mgQ4w } else { Regimen::Osteoporosis60mgQ6m },
                        injections: injections(&spec, today),
                        plan: if spec.stop { Plan::Stop } else { Plan::Continue },
                    });
                    if let Some((count, last_ago)) = infusions {
                        for k in 0..count {
                            let start = at(last_ago + 365 * k);
                            history.push(DrugPeriod {
                                drug: Some(Drug::ZoledronicAcid),
                                start: Some(start),
                                end: None,
                            });
                        }
                    }
                    // A drug recorded some months after the last injection: the exit drug given (DMAB-EXIT-GIVEN,
                    // reading 5), or a switch (SEQ-DMAB-TO-PTH).
                    let last = denosumab.iter().flat_map(|b| &b.injections).filter_map(CaseDate::parse).max();
                    if let (Some(last), Some((drug, days, ongoing))) = (last, after_last) {
                        let start = last + Days::new(days);
                        if start <= today {
                            let end = (!ongoing || drug == Drug::ZoledronicAcid)
                                .then(|| CaseDate::from(today.min(start + Days::new(300))));
                            history.push(DrugPeriod { drug: Some(drug), start: Some(CaseDate::from(start)), end });
                        }
                    }
                    let (vitamin_d_nmol_l, vitamin_d_ng_ml) = match (labs.vitamin_d, labs.vitamin_d_ng) {
                        (Some(v), true) => (None, Some((v / 2.496).clamp(1.0, 200.0))),
                        (v, _) => (v, None),
                    };
                    Case {
                        format: Some(CASE_FORMAT.into()),
                        assessed_on: Some(CaseDate::from(today)),
                        profile: if aace { Profile::Aace2020 } else { Profile::Cn2022 },
                        patient,
                        dxa,
                        pre_treatment_t_score: pre_t,
                        fractures,
                        frax: frax.map(|(mof, hip)| Frax { mof_percent: Some(mof), hip_percent: Some(hip) }),
                        falls_last_12_months: falls,
                        injurious_fall: injurious,
                        glucocorticoids: gc.map(|(mg, months)| Glucocorticoids {
                            mg_per_day: Some(mg),
                            months: Some(months),
                            planned_months: None,
                        }),
                        secondary_causes,
                        labs: Labs {
                            egfr_ml_min: labs.egfr,
                            creatinine_umol_l: labs.creatinine.filter(|_| !labs.mg_dl),
                            creatinine_mg_dl: labs.creatinine.filter(|_| labs.mg_dl).map(|u| u / 88.4),
                            calcium_mmol_l: labs.calcium.filter(|_| !labs.mg_dl),
                            calcium_mg_dl: labs.calcium.filter(|_| labs.mg_dl).map(|c| c / 0.2495),
                            vitamin_d_nmol_l,
                            vitamin_d_ng_ml,
                            albumin_g_l: labs.albumin,
                        },
                        conditions,
                        history,
                        denosumab,
                        ..Case::default()
                    }
                },
            )
    }

    /// A generated case with its report (the rare invalid case is discarded).
    fn evaluated() -> impl Strategy<Value = (Case, Report)> {
        journey_case().prop_filter_map("an invalid case", |case| evaluate(&case).ok().map(|report| (case, report)))
    }

    fn all_day(value: Option<DatePerhapsTime>) -> NaiveDate {
        match value {
            Some(DatePerhapsTime::Date(d)) => d,
            other => panic!("expected an all-day date, got {other:?}"),
        }
    }

    /// The first day of every event of the calendar export, read back with the `icalendar` parser.
    fn calendar_days(case: &Case, report: &Report, lang: Lang) -> Vec<NaiveDate> {
        let Some(text) = icalendar(report, &RuleValues::new(case, report, lang), lang) else { return Vec::new() };
        let calendar: Calendar = text.parse().expect("the parser accepts the export");
        calendar
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(all_day(e.get_start())),
                _ => None,
            })
            .collect()
    }

    fn show(report: &Report) -> String {
        report
            .plan
            .iter()
            .map(|i| {
                let rules: Vec<&str> = i.rules.iter().map(|r| r.code()).collect();
                format!(
                    "  {:?} {:?} on={:?} by={:?} dates={:?} drug={:?} rules={:?}\n",
                    i.action, i.urgency, i.on, i.by, i.dates, i.drug, rules
                )
            })
            .collect()
    }

    // ----- An independent reading of §5.4 and §5.2: which status each rule imposes on a drug for this case. -----

    /// Kidney function as §5.4 defines it: the lower of Cockcroft–Gault and eGFR; dialysis below everything.
    fn kidney(case: &Case) -> Option<f64> {
        if case.conditions.dialysis {
            return Some(0.0);
        }
        let p = &case.patient;
        let creatinine_mg_dl = case.labs.creatinine_umol_l.map(|u| u / 88.4).or(case.labs.creatinine_mg_dl);
        let crcl = match (p.weight_kg, creatinine_mg_dl, p.age_years, p.sex) {
            (Some(w), Some(cr), Some(age), Some(sex)) => {
                let c = (140 - age) as f64 * w / (72.0 * cr);
                Some(if sex == Sex::Female { c * 0.85 } else { c })
            }
            _ => None,
        };
        match (crcl, case.labs.egfr_ml_min) {
            (Some(c), Some(e)) => Some(c.min(e)),
            (c, e) => c.or(e),
        }
    }

    /// CI-HYPOCA's calcium: adjusted for albumin when it is given (BASE-CA-ADJ).
    fn low_calcium(case: &Case) -> bool {
        let total = case.labs.calcium_mmol_l.or(case.labs.calcium_mg_dl.map(|c| c * 0.2495));
        let adjusted = match (total, case.labs.albumin_g_l) {
            (Some(ca), Some(alb)) => Some(ca + 0.02 * (40.0 - alb)),
            (ca, _) => ca,
        };
        case.conditions.hypocalcaemia || adjusted.is_some_and(|ca| ca < 2.10)
    }

    fn pth_days(case: &Case, only: Option<Drug>) -> i64 {
        let today = case.assessed_on.as_ref().and_then(CaseDate::parse).unwrap();
        case.history
            .iter()
            .filter(|h| matches!(h.drug, Some(Drug::Teriparatide | Drug::Abaloparatide)))
            .filter(|h| only.is_none() || h.drug == only)
            .map(|h| {
                let start = h.start.as_ref().and_then(CaseDate::parse).unwrap();
                let end = h.end.as_ref().and_then(CaseDate::parse).unwrap_or(today);
                (end - start).num_days()
            })
            .sum()
    }

    /// The status `rule` imposes on `drug` for this case (None: it imposes no floor). The CI rules are read
    /// from the case; the stage rules (TX-CONTINUE-DMAB, TX-EXIT-DMAB) and TX-OTHER apply where the option names them.
    fn imposed(case: &Case, drug: Drug, rule: &str) -> Option<Status> {
        use Drug::*;
        use Status::{Avoid, Caution};
        let cn = case.profile == Profile::Cn2022;
        let c = &case.conditions;
        let k = kidney(case);
        let below = |limit: f64| k.is_some_and(|k| k < limit);
        let oral_bp = matches!(drug, Alendronate | Risedronate | Ibandronate);
        let bp = oral_bp || drug == ZoledronicAcid;
        let post_woman =
            case.patient.sex == Some(Sex::Female) && case.patient.menopause == Some(Menopause::Postmenopausal);
        let mi_ever = c.mi_or_stroke_ever || c.mi_or_stroke_last_12_months;
        let holds = |b: bool, s: Status| b.then_some(s);
        match rule {
            "CI-BP-RENAL" => match drug {
                Alendronate | ZoledronicAcid => holds(below(35.0), Avoid),
                Risedronate | Ibandronate => holds(below(30.0), Avoid),
                _ => None,
            },
            "CI-RENAL-SEVERE" if below(30.0) => match (drug, cn) {
                (Teriparatide | Abaloparatide | Raloxifene | Bazedoxifene | StrontiumRanelate, true) => Some(Avoid),
                (Romosozumab, true) => Some(Caution),
                (Teriparatide | Abaloparatide | Raloxifene | Romosozumab, false) => Some(Caution),
                _ => None,
            },
            "CI-BP-ORAL-GI" => holds(oral_bp && c.oral_bp_intolerance, Avoid),
            "CI-HYPOCA" => holds(matches!(drug, ZoledronicAcid | Denosumab | Romosozumab) && low_calcium(case), Avoid),
            "CI-ROMO-CV" if drug == Romosozumab && mi_ever => {
                Some(if c.mi_or_stroke_last_12_months || cn { Avoid } else { Caution })
            }
            "CI-PTH" if matches!(drug, Teriparatide | Abaloparatide) => {
                let bone = c.paget_or_raised_alp
                    || c.open_epiphyses
                    || c.skeletal_radiation
                    || c.bone_malignancy
                    || c.hypercalcaemia;
                let too_long = pth_days(case, None) > 730
                    || (cn && drug == Abaloparatide && pth_days(case, Some(Abaloparatide)) > 548);
                if bone || (cn && too_long) {
                    Some(Avoid)
                } else {
                    holds(too_long, Caution)
                }
            }
            "CI-SERM" => holds(matches!(drug, Raloxifene | Bazedoxifene) && (!post_woman || c.vte_history), Avoid),
            "CI-STRONTIUM" => holds(drug == StrontiumRanelate && (c.vte_history || mi_ever), Avoid),
            "CI-VK2-WARFARIN" => holds(drug == Menatetrenone && c.warfarin, Avoid),
            "CI-DENTAL" => holds((bp || drug == Denosumab) && c.invasive_dental_planned, Caution),
            "CI-RENAL-UNKNOWN" => holds(k.is_none() && bp, Caution),
            _ => None,
        }
    }

    const CI_RULES: [&str; 12] = [
        "CI-BP-RENAL",
        "CI-RENAL-SEVERE",
        "CI-BP-ORAL-GI",
        "CI-HYPOCA",
        "CI-ROMO-CV",
        "CI-PTH",
        "CI-SERM",
        "CI-STRONTIUM",
        "CI-VK2-WARFARIN",
        "CI-DENTAL",
        "CI-RENAL-UNKNOWN",
        "TX-LABEL-POP",
    ];

    /// What an option's own rules impose: the CI rules as read above, and the stage and TX-OTHER marks.
    fn imposed_by_option_rule(case: &Case, drug: Drug, rule: &str) -> Option<Status> {
        use Drug::*;
        match rule {
            "TX-CONTINUE-DMAB" | "TX-EXIT-DMAB" => match drug {
                Teriparatide | Abaloparatide => Some(Status::Avoid),
                Romosozumab => Some(Status::Caution),
                _ => None,
            },
            "TX-OTHER" => (drug == Testosterone && case.patient.sex == Some(Sex::Female)).then_some(Status::Avoid),
            _ => imposed(case, drug, rule),
        }
    }

    // ----- The properties. -----

    /// The number of cases per property: `n`, or PROPTEST_CASES when set (for a longer hunt).
    fn cases(n: u32) -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(n)
    }

    /// §8: "Every date in the plan and in the calendar export is on or after `assessed_on`, except a `given` date".
    fn no_date_before_today(case: &Case, report: &Report, lang: Lang) -> Result<(), TestCaseError> {
        let today = report.assessed_on;
        for item in &report.plan {
            for date in item.on.iter().chain(&item.by).chain(&item.dates) {
                prop_assert!(*date >= today, "{date} < {today} in {:?}\nplan:\n{}", item, show(report));
            }
        }
        for day in calendar_days(case, report, lang) {
            prop_assert!(day >= today, "calendar event on {day}, before {today}\nplan:\n{}", show(report));
        }
        Ok(())
    }

    /// §5 step (3) precedence, §9 "never mark as preferred a drug this book makes avoid".
    fn statuses_respect_precedence(case: &Case, report: &Report) -> Result<(), TestCaseError> {
        for o in &report.treatment.options {
            let codes: Vec<&str> = o.rules.iter().map(|r| r.code()).collect();
            // Every CI rule that holds for this drug is among its reasons ("rules keeps every reason").
            for rule in CI_RULES {
                if imposed(case, o.drug, rule).is_some() {
                    prop_assert!(codes.contains(&rule), "{:?}: {rule} holds but is not among {:?}", o.drug, codes);
                }
            }
            let floor = codes.iter().filter_map(|r| imposed_by_option_rule(case, o.drug, r)).max();
            match floor {
                Some(Status::Avoid) => {
                    prop_assert_eq!(o.status, Status::Avoid, "{:?} {:?}: a rule imposes avoid", o.drug, codes)
                }
                Some(Status::Caution) => prop_assert!(
                    o.status >= Status::Caution,
                    "{:?} is {:?} but {:?} imposes caution",
                    o.drug,
                    o.status,
                    codes
                ),
                _ => prop_assert!(
                    o.status < Status::Caution,
                    "{:?} is {:?} with no rule imposing it: {:?}",
                    o.drug,
                    o.status,
                    codes
                ),
            }
        }
        let avoided: Vec<Drug> =
            report.plan.iter().filter(|i| i.action == Action::Avoid).filter_map(|i| i.drug).collect();
        for o in report.treatment.options.iter().filter(|o| o.status == Status::Preferred) {
            prop_assert!(
                !avoided.contains(&o.drug),
                "{:?} is preferred and a plan `avoid` item\n{}",
                o.drug,
                show(report)
            );
        }
        Ok(())
    }

    /// TX-CONTINUE-DMAB / TX-EXIT-DMAB, DATA-SWITCH: never teriparatide or abaloparatide after denosumab.
    fn no_pth_after_denosumab(report: &Report) -> Result<(), TestCaseError> {
        if matches!(report.journey.stage, Stage::OnDenosumab | Stage::StoppingDenosumab) {
            for o in &report.treatment.options {
                if matches!(o.drug, Drug::Teriparatide | Drug::Abaloparatide) {
                    prop_assert!(
                        !matches!(o.status, Status::Preferred | Status::Alternative),
                        "{:?} is {:?} at stage {:?}",
                        o.drug,
                        o.status,
                        report.journey.stage
                    );
                }
            }
            prop_assert!(report.plan.iter().all(|i| !(i.action == Action::StartTreatment
                && matches!(i.drug, Some(Drug::Teriparatide | Drug::Abaloparatide)))));
        }
        Ok(())
    }

    /// §8: each line traceable to its rules; `rules_fired`: every rule that fired anywhere.
    fn every_line_names_fired_rules(report: &Report) -> Result<(), TestCaseError> {
        for item in &report.plan {
            prop_assert!(!item.rules.is_empty(), "{:?} names no rule", item);
            for rule in &item.rules {
                prop_assert!(
                    report.rules_fired.contains(rule),
                    "{} of {:?} is not in rules_fired",
                    rule.code(),
                    item.action
                );
            }
        }
        for alert in &report.alerts {
            prop_assert!(report.rules_fired.contains(&alert.rule), "alert {} is not in rules_fired", alert.rule.code());
        }
        Ok(())
    }

    /// PLAN-ORDER and reading 16: danger items first; then now, by (earliest first), on (earliest first), standing.
    fn plan_order(report: &Report) -> Result<(), TestCaseError> {
        let danger: Vec<_> = report.alerts.iter().filter(|a| a.severity == Severity::Danger).map(|a| a.rule).collect();
        let is_danger = |i: &PlanItem| i.rules.iter().any(|r| danger.contains(r));
        let first_plain = report.plan.iter().position(|i| !is_danger(i)).unwrap_or(report.plan.len());
        for item in &report.plan[first_plain..] {
            prop_assert!(!is_danger(item), "danger item {:?} after a plain one\n{}", item.action, show(report));
        }
        for pair in report.plan[first_plain..].windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            prop_assert!(a.urgency <= b.urgency, "{:?} before {:?}\n{}", a.urgency, b.urgency, show(report));
            if a.urgency == b.urgency && a.urgency == Urgency::By {
                prop_assert!(a.by <= b.by, "by {:?} before by {:?}\n{}", a.by, b.by, show(report));
            }
            if a.urgency == b.urgency && a.urgency == Urgency::On {
                prop_assert!(a.on <= b.on, "on {:?} before on {:?}\n{}", a.on, b.on, show(report));
            }
        }
        Ok(())
    }

    /// §8: "No two items share an action, a drug and a date".
    fn no_duplicate_items(report: &Report) -> Result<(), TestCaseError> {
        let key = |i: &PlanItem| {
            let date = match i.urgency {
                Urgency::Now | Urgency::On => i.on,
                Urgency::By => i.by,
                Urgency::Standing => None,
            };
            (i.action, i.drug, date)
        };
        for (n, a) in report.plan.iter().enumerate() {
            for b in &report.plan[n + 1..] {
                prop_assert!(key(a) != key(b), "two items share {:?}\n{}", key(a), show(report));
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(384), ..ProptestConfig::default() })]

        #[test]
        fn no_plan_date_or_calendar_event_is_before_assessed_on((case, report) in evaluated(), zh in any::<bool>()) {
            no_date_before_today(&case, &report, if zh { Lang::Zh } else { Lang::En })?;
        }

        #[test]
        fn option_statuses_respect_avoid_and_caution_and_the_plan_avoids((case, report) in evaluated()) {
            statuses_respect_precedence(&case, &report)?;
        }

        #[test]
        fn no_teriparatide_or_abaloparatide_is_offered_after_denosumab((_case, report) in evaluated()) {
            no_pth_after_denosumab(&report)?;
        }

        #[test]
        fn every_plan_item_and_alert_names_rules_that_fired((_case, report) in evaluated()) {
            every_line_names_fired_rules(&report)?;
        }

        #[test]
        fn the_plan_puts_danger_first_then_now_by_on_standing((_case, report) in evaluated()) {
            plan_order(&report)?;
        }

        #[test]
        fn no_two_plan_items_share_action_drug_and_date((_case, report) in evaluated()) {
            no_duplicate_items(&report)?;
        }
    }

    /// Guards the checks: each one rejects a report broken in the way it looks for (Case B, p18: overdue dose,
    /// DMAB-REBOUND danger, teriparatide avoided).
    #[test]
    fn each_check_rejects_a_report_that_breaks_its_rule() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vignettes/p18-denosumab-overdue-catch-up.json");
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
        let good = evaluate(&case).unwrap();
        let today = good.assessed_on;
        assert!(no_date_before_today(&case, &good, Lang::En).is_ok());
        assert!(statuses_respect_precedence(&case, &good).is_ok());
        assert!(no_pth_after_denosumab(&good).is_ok());
        assert!(every_line_names_fired_rules(&good).is_ok());
        assert!(plan_order(&good).is_ok());
        assert!(no_duplicate_items(&good).is_ok());

        let index = |r: &Report, action: Action| r.plan.iter().position(|i| i.action == action).unwrap();
        let mut bad = good.clone();
        let i = index(&bad, Action::CheckCalciumAfterDose);
        bad.plan[i].dates = vec![today.pred_opt().unwrap()];
        assert!(no_date_before_today(&case, &bad, Lang::En).is_err(), "a date before today");
        let mut bad = good.clone();
        let i = index(&bad, Action::Dxa);
        bad.plan[i].on = Some(today.pred_opt().unwrap());
        assert!(no_date_before_today(&case, &bad, Lang::Zh).is_err(), "a calendar event before today");

        let option = |r: &mut Report, drug: Drug| r.treatment.options.iter_mut().position(|o| o.drug == drug).unwrap();
        let mut bad = good.clone();
        let i = option(&mut bad, Drug::Teriparatide);
        bad.treatment.options[i].status = Status::Alternative;
        assert!(statuses_respect_precedence(&case, &bad).is_err(), "TX-CONTINUE-DMAB imposes avoid");
        assert!(no_pth_after_denosumab(&bad).is_err());
        let mut bad = good.clone();
        let i = option(&mut bad, Drug::Romosozumab);
        bad.treatment.options[i].status = Status::SecondLine;
        assert!(statuses_respect_precedence(&case, &bad).is_err(), "TX-CONTINUE-DMAB imposes caution");
        let mut bad = good.clone();
        let i = index(&bad, Action::Avoid);
        bad.plan[i].drug = Some(Drug::Denosumab);
        assert!(statuses_respect_precedence(&case, &bad).is_err(), "preferred and avoided");

        let mut bad = good.clone();
        bad.plan[1].rules.clear();
        assert!(every_line_names_fired_rules(&bad).is_err(), "an item with no rule");
        let mut bad = good.clone();
        let falls = bad.plan[index(&bad, Action::FallsAssessment)].rules[0];
        bad.rules_fired.retain(|r| *r != falls);
        assert!(every_line_names_fired_rules(&bad).is_err(), "a rule that did not fire");

        let mut bad = good.clone();
        let danger = bad.plan.remove(0);
        bad.plan.push(danger);
        assert!(plan_order(&bad).is_err(), "a danger item last");
        let mut bad = good.clone();
        let (a, b) = (index(&bad, Action::Dxa), index(&bad, Action::BasicCare));
        bad.plan.swap(a, b);
        assert!(plan_order(&bad).is_err(), "standing before on");
        let mut bad = good.clone();
        let (a, b) = (index(&bad, Action::CheckCalciumAfterDose), index(&bad, Action::Dxa));
        bad.plan.swap(a, b);
        assert!(plan_order(&bad).is_err(), "a later `on` date first");

        let mut bad = good.clone();
        let copy = bad.plan[index(&bad, Action::Dxa)].clone();
        bad.plan.push(copy);
        assert!(no_duplicate_items(&bad).is_err(), "the same item twice");
    }

    /// Guards the generator: nearly every case is valid, and the cases walk the whole journey.
    #[test]
    fn the_journey_generator_yields_valid_cases_at_every_stage() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = journey_case();
        let mut valid = 0;
        let mut stages = std::collections::BTreeMap::new();
        let mut actions = std::collections::BTreeSet::new();
        let mut invalid = Vec::new();
        for _ in 0..1000 {
            let case = strategy.new_tree(&mut runner).unwrap().current();
            if let Ok(report) = evaluate(&case) {
                valid += 1;
                *stages.entry(format!("{:?}", report.journey.stage)).or_insert(0) += 1;
                actions.extend(report.plan.iter().map(|i| i.action));
            } else {
                invalid.push(evaluate(&case).unwrap_err());
            }
        }
        eprintln!("{valid} of 1000 valid; stages {stages:?}; {} actions", actions.len());
        eprintln!("first invalid ones: {:?}", &invalid[..invalid.len().min(3)]);
        assert!(valid >= 900, "{valid} of 1000 generated journey cases are valid");
        assert_eq!(stages.len(), 8, "every stage is reached: {stages:?}");
        assert!(stages.values().all(|&n| n >= 10), "each stage at least 10 times: {stages:?}");
        assert!(actions.len() >= 24, "the plans use most actions: {actions:?}");
    }
}
