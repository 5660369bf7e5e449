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
    let fracture = (
        fracture_site(),
        prop::option::of(date_text()),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![6 => Just(None), 1 => date_text().prop_map(Some)],
    )
        .prop_map(|(s, date, fragility, on_treatment, nonunion, surgery_date)| Fracture {
            site: Some(s),
            date,
            fragility,
            on_treatment,
            nonunion,
            surgery_date,
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
        prop_oneof![3 => Just(None), 1 => v3_follow_up().prop_map(Some)],
    )
        .prop_map(
            |(
                (assessed_on, aace, patient, dxa),
                (fractures, mof, hip, falls, injurious),
                (gc_mg, gc_months, labs, conditions, secondary_causes),
                (history, denosumab, pre_treatment_t_score),
                follow_up,
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
                glucocorticoids: Some(Glucocorticoids {
                    mg_per_day: gc_mg,
                    months: gc_months,
                    planned_months: follow_up.as_ref().and_then(|f| f.planned_months),
                }),
                secondary_causes,
                labs,
                conditions,
                history,
                denosumab,
                dxa_date: follow_up.as_ref().and_then(|f| f.dxa_date.clone()),
                dxa_machine: follow_up.as_ref().and_then(|f| f.dxa_machine.clone()),
                dxa_previous: follow_up.as_ref().map(|f| f.dxa_previous.clone()).unwrap_or_default(),
                lsc_percent: follow_up.as_ref().and_then(|f| f.lsc_percent),
                btm: follow_up.as_ref().map(|f| f.btm.clone()).unwrap_or_default(),
                btm_reference: follow_up.as_ref().and_then(|f| f.btm_reference),
                ..Case::default()
            },
        )
}

/// v3 fields of any case, valid or not: today's DXA date and machine, earlier studies, the centre's LSC, marker
/// results in any unit (also P1NP in pg/mL), the laboratory's reference, the planned glucocorticoid course.
#[derive(Clone, Debug)]
struct AnyFollowUp {
    dxa_date: Option<CaseDate>,
    dxa_machine: Option<String>,
    dxa_previous: Vec<PreviousDxa>,
    lsc_percent: Option<LscPercent>,
    btm: Vec<BtmResult>,
    btm_reference: Option<BtmReference>,
    planned_months: Option<f64>,
}

fn v3_follow_up() -> impl Strategy<Value = AnyFollowUp> {
    let machine = prop::option::of(prop_oneof![Just("A".to_string()), Just("B".to_string()), ".{0,70}"]);
    let study = (
        prop::option::of(date_text()),
        prop::option::of(site()),
        any_f64(0.1, 2.5),
        any_f64(-8.0, 6.0),
        machine.clone(),
    )
        .prop_map(|(date, site, bmd_g_cm2, t_score, machine)| PreviousDxa {
            date,
            site,
            bmd_g_cm2,
            t_score,
            machine,
        });
    let unit = prop::option::of(prop::sample::select(vec![BtmUnit::NgMl, BtmUnit::UgL, BtmUnit::PgMl, BtmUnit::NgL]));
    let test = prop::option::of(prop_oneof![Just(BtmTest::Ctx), Just(BtmTest::P1np)]);
    let result = (test, prop::option::of(date_text()), any_f64(0.0, 3000.0), unit)
        .prop_map(|(test, date, value, unit)| BtmResult { test, date, value, unit });
    let lsc = (any_f64(0.5, 15.0), any_f64(0.5, 15.0), any_f64(0.5, 15.0), any_f64(0.5, 15.0)).prop_map(
        |(lumbar_spine, femoral_neck, total_hip, radius_33)| LscPercent {
            lumbar_spine,
            femoral_neck,
            total_hip,
            radius_33,
        },
    );
    (
        prop::option::of(date_text()),
        machine,
        prop::collection::vec(study, 0..4),
        prop::option::of(lsc),
        prop::collection::vec(result, 0..4),
        prop::option::of((any_f64(0.05, 2.0), any_f64(5.0, 200.0))),
        any_f64(0.0, 600.0),
    )
        .prop_map(|(dxa_date, dxa_machine, dxa_previous, lsc_percent, btm, reference, planned_months)| {
            AnyFollowUp {
                dxa_date,
                dxa_machine,
                dxa_previous,
                lsc_percent,
                btm,
                btm_reference: reference.map(|(ctx_ng_ml, p1np_ng_ml)| BtmReference { ctx_ng_ml, p1np_ng_ml }),
                planned_months,
            }
        })
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
    use osteoplan::clinical::journey::Stage;
    use osteoplan::clinical::monitoring::{BtmVerdict, DxaVerdict};
    use osteoplan::clinical::plan::{PlanItem, Urgency};
    use osteoplan::clinical::rules::Severity;
    use osteoplan::clinical::treatment::Status;
    use osteoplan::render::calendar::icalendar;
    use osteoplan::words::i18n::Lang;
    use osteoplan::words::rule_text::RuleValues;
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

    /// v3 follow-up data (case-format "v3 additions"): today's DXA date and machine, earlier studies with BMD (some
    /// on another machine), the centre's LSC, marker results in every unit, the laboratory's reference.
    #[derive(Clone, Debug)]
    struct FollowUpSpec {
        /// `dxa_date` = assessed_on − this many days (None: absent, i.e. assessed_on).
        dxa_days_ago: Option<u64>,
        /// Today's machine: 0 none, 1 "Hologic A", 2 "Lunar B".
        machine: u8,
        /// Today's BMD (g/cm²) per `dxa` entry, when measured.
        bmd_today: Vec<Option<f64>>,
        /// (which `dxa` entry's site, days before `dxa_date`, BMD factor against today's, machine, a T-score too)
        previous: Vec<(usize, u64, Option<f64>, u8, bool)>,
        /// The centre's LSC per site (lumbar spine, femoral neck, total hip, radius).
        lsc: Option<Vec<Option<f64>>>,
        /// (CTX or P1NP, days before assessed_on, value in ng/mL, unit choice)
        btm: Vec<(bool, u64, f64, u8)>,
        reference: Option<(Option<f64>, Option<f64>)>,
    }

    fn follow_up() -> impl Strategy<Value = FollowUpSpec> {
        let factor = near(&[1.0, 1.053, 1.056, 1.05, 0.95, 0.947, 1.069], 0.85, 1.15);
        let previous = (
            0usize..4,
            prop_oneof![1u64..200, 150u64..1500, 700u64..3000],
            prop_oneof![4 => factor.prop_map(Some), 1 => Just(None)],
            0u8..7,
            any::<bool>(),
        );
        let btm = (
            any::<bool>(),
            prop_oneof![2 => 0u64..120, 2 => 0u64..400, 1 => 300u64..1500],
            prop_oneof![1 => near(&[0.26, 0.3, 0.4, 0.12], 0.05, 1.5), 1 => near(&[40.0, 50.0, 60.0, 61.0], 10.0, 150.0)],
            0u8..4,
        );
        (
            prop::option::of(prop_oneof![Just(0u64), 1u64..40, 40u64..400]),
            prop_oneof![3 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)],
            prop::collection::vec(prop_oneof![4 => (0.55f64..1.15).prop_map(Some), 1 => Just(None)], 4),
            prop::collection::vec(previous, 0..6),
            prop::option::of(prop::collection::vec(prop::option::of(near(&[0.5, 3.0, 5.3, 15.0], 0.5, 15.0)), 4)),
            prop::collection::vec(btm, 0..7),
            prop::option::of((prop::option::of(0.05f64..2.0), prop::option::of(5.0f64..200.0))),
        )
            .prop_map(|(dxa_days_ago, machine, bmd_today, previous, lsc, btm, reference)| FollowUpSpec {
                dxa_days_ago,
                machine,
                bmd_today,
                previous,
                lsc,
                btm,
                reference,
            })
    }

    fn machine_name(which: u8) -> Option<String> {
        match which {
            1 => Some("Hologic A".into()),
            2 => Some("Lunar B".into()),
            _ => None,
        }
    }

    /// Adds the follow-up data to a case (valid: earlier studies before today's, one per site and date; markers
    /// before assessed_on, within their limits once converted).
    fn add_follow_up(case: &mut Case, spec: FollowUpSpec, today: NaiveDate) {
        let dxa_date = spec.dxa_days_ago.map(|d| today - Days::new(d)).unwrap_or(today);
        case.dxa_date = spec.dxa_days_ago.map(|_| CaseDate::from(dxa_date));
        case.dxa_machine = machine_name(spec.machine);
        for (entry, bmd) in case.dxa.iter_mut().zip(&spec.bmd_today) {
            entry.bmd_g_cm2 = *bmd;
        }
        let mut seen = std::collections::BTreeSet::new();
        for (pick, days, factor, machine, with_t) in spec.previous {
            let Some(entry) = case.dxa.get(pick % case.dxa.len().max(1)) else { continue };
            let site = entry.site.unwrap();
            if !seen.insert((site, days)) {
                continue;
            }
            let today_bmd = entry.bmd_g_cm2.unwrap_or(0.8);
            let bmd = factor.map(|f| (today_bmd * f * 1000.0).round() / 1000.0);
            // Mostly on today's machine; now and then on the other one, or with none recorded.
            let machine = match machine {
                0..=4 => case.dxa_machine.clone(),
                5 => machine_name(if spec.machine == 1 { 2 } else { 1 }),
                _ => None,
            };
            case.dxa_previous.push(PreviousDxa {
                date: Some(CaseDate::from(dxa_date - Days::new(days))),
                site: Some(site),
                bmd_g_cm2: bmd,
                t_score: (with_t || bmd.is_none()).then_some(-2.0),
                machine,
            });
        }
        case.lsc_percent =
            spec.lsc.map(|v| LscPercent { lumbar_spine: v[0], femoral_neck: v[1], total_hip: v[2], radius_33: v[3] });
        for (ctx, days, value, unit) in spec.btm {
            let (test, value, unit) = if ctx {
                let value = value.min(1.5);
                match unit {
                    0 => (BtmTest::Ctx, value, BtmUnit::NgMl),
                    1 => (BtmTest::Ctx, value, BtmUnit::UgL),
                    2 => (BtmTest::Ctx, value * 1000.0, BtmUnit::PgMl),
                    _ => (BtmTest::Ctx, value * 1000.0, BtmUnit::NgL),
                }
            } else {
                let value = value.max(10.0);
                (BtmTest::P1np, value, if unit % 2 == 0 { BtmUnit::NgMl } else { BtmUnit::UgL })
            };
            case.btm.push(BtmResult {
                test: Some(test),
                date: Some(CaseDate::from(today - Days::new(days))),
                value: Some(value),
                unit: Some(unit),
            });
        }
        case.btm_reference = spec.reference.map(|(ctx, p1np)| BtmReference { ctx_ng_ml: ctx, p1np_ng_ml: p1np });
    }

    /// A valid `osteoplan-case/3` (almost always: see the guard test) on some point of the treatment journey;
    /// about half carry v3 follow-up data (earlier DXA studies, markers, the planned glucocorticoid course, the
    /// repair date of a fracture).
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
                    prop::sample::select(vec![0.5, 1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 60.0]),
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
            (
                prop_oneof![1 => Just(None), 1 => follow_up().prop_map(Some)],
                // The planned glucocorticoid course: months taken + this many more (reading 26).
                prop_oneof![1 => Just(None), 1 => prop::sample::select(vec![0.0, 0.5, 1.0, 2.5, 3.0, 6.0, 12.0]).prop_map(Some)],
                // A repair this many days after each dated fracture (HORIZON-RFT timing), or none.
                prop::collection::vec(prop_oneof![2 => Just(None), 1 => (0u64..30).prop_map(Some)], 4),
            ),
        )
            .prop_map(
                |(
                    (today, aace, patient, mut dxa, clinical),
                    (fractures, frax, falls, injurious, pre_t),
                    (gc, secondary_causes, labs, conditions),
                    (history, block, after_last, infusions),
                    (follow_up, planned_extra, repairs),
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
                    for (fracture, repair) in fractures.iter_mut().zip(&repairs) {
                        let broken = fracture.date.as_ref().and_then(CaseDate::parse);
                        if let (Some(broken), Some(days)) = (broken, repair) {
                            fracture.surgery_date = Some(CaseDate::from((broken + Days::new(*days)).min(today)));
                        }
                    }
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
                    let mut case = Case {
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
                            planned_months: planned_extra.map(|extra| months + extra),
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
                    };
                    if let Some(spec) = follow_up {
                        add_follow_up(&mut case, spec, today);
                    }
                    case
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
        let Some(text) = icalendar(case, report, &RuleValues::new(case, report, lang), lang, false) else {
            return Vec::new();
        };
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

    /// Whether a romosozumab period has run ≥ 12 months from its start to its end or to assessed_on (CI-ROMO-12).
    fn romosozumab_complete(case: &Case) -> bool {
        let today = case.assessed_on.as_ref().and_then(CaseDate::parse).unwrap();
        case.history.iter().filter(|h| h.drug == Some(Drug::Romosozumab)).any(|h| {
            let start = h.start.as_ref().and_then(CaseDate::parse).unwrap();
            let end = h.end.as_ref().and_then(CaseDate::parse).unwrap_or(today);
            start.checked_add_months(chrono::Months::new(12)).unwrap() <= end
        })
    }

    /// The status `rule` imposes on `drug` for this case (None: it imposes no floor). The CI rules are read
    /// from the case (the report only says which drug is being given, for CI-DENTAL v3); the stage rules
    /// (TX-CONTINUE-DMAB, TX-EXIT-DMAB, TX-ONC) and TX-OTHER apply where the option names them.
    fn imposed(case: &Case, report: &Report, drug: Drug, rule: &str) -> Option<Status> {
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
            // v3: every bisphosphonate ("must be corrected before initiating therapy"), denosumab and romosozumab.
            "CI-HYPOCA" => holds((bp || matches!(drug, Denosumab | Romosozumab)) && low_calcium(case), Avoid),
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
                // v3: under aace-2020 abaloparatide beyond 2 years is avoided too; teriparatide a caution.
                if bone || (too_long && (cn || drug == Abaloparatide)) {
                    Some(Avoid)
                } else {
                    holds(too_long, Caution)
                }
            }
            "CI-ROMO-12" => holds(drug == Romosozumab && romosozumab_complete(case), Avoid),
            "CI-TESTO-ADT" => holds(
                drug == Testosterone && case.secondary_causes.contains(&SecondaryCause::AndrogenDeprivation),
                Avoid,
            ),
            "CI-SERM" => holds(matches!(drug, Raloxifene | Bazedoxifene) && (!post_woman || c.vte_history), Avoid),
            "CI-STRONTIUM" => holds(drug == StrontiumRanelate && (c.vte_history || mi_ever), Avoid),
            "CI-VK2-WARFARIN" => holds(drug == Menatetrenone && c.warfarin, Avoid),
            "CI-DENTAL" => {
                // v3: not for the drug being given — denosumab in stage on_denosumab, the current bisphosphonate
                // under TX-ON-BP.
                let stage = report.journey.stage;
                let given = (stage == Stage::OnDenosumab && drug == Denosumab)
                    || (stage == Stage::OnBisphosphonate
                        && report.treatment.rules.contains(&RuleId::TxOnBp)
                        && report.journey.drug == Some(drug));
                holds((bp || drug == Denosumab) && c.invasive_dental_planned && !given, Caution)
            }
            "CI-RENAL-UNKNOWN" => holds(k.is_none() && bp, Caution),
            _ => None,
        }
    }

    const CI_RULES: [&str; 14] = [
        "CI-BP-RENAL",
        "CI-RENAL-SEVERE",
        "CI-BP-ORAL-GI",
        "CI-HYPOCA",
        "CI-ROMO-CV",
        "CI-PTH",
        "CI-ROMO-12",
        "CI-TESTO-ADT",
        "CI-SERM",
        "CI-STRONTIUM",
        "CI-VK2-WARFARIN",
        "CI-DENTAL",
        "CI-RENAL-UNKNOWN",
        "TX-LABEL-POP",
    ];

    /// What an option's own rules impose: the CI rules as read above, and the stage and TX-OTHER marks.
    fn imposed_by_option_rule(case: &Case, report: &Report, drug: Drug, rule: &str) -> Option<Status> {
        use Drug::*;
        match rule {
            "TX-CONTINUE-DMAB" | "TX-EXIT-DMAB" => match drug {
                Teriparatide | Abaloparatide => Some(Status::Avoid),
                Romosozumab => Some(Status::Caution),
                _ => None,
            },
            // TX-ONC (v3): no second anti-resorptive and no anabolic beside denosumab 120 mg every 4 weeks.
            "TX-ONC" => (drug.is_bisphosphonate()
                || matches!(drug, Denosumab | Romosozumab | Teriparatide | Abaloparatide))
            .then_some(Status::Avoid),
            "TX-OTHER" => (drug == Testosterone && case.patient.sex == Some(Sex::Female)).then_some(Status::Avoid),
            _ => imposed(case, report, drug, rule),
        }
    }

    /// The marks that hold a drug only until a value is corrected or known (readings 1, 19, 27).
    fn pending(rule: &str) -> bool {
        matches!(rule, "CI-HYPOCA" | "CI-RENAL-UNKNOWN")
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
                if imposed(case, report, o.drug, rule).is_some() {
                    prop_assert!(codes.contains(&rule), "{:?}: {rule} holds but is not among {:?}", o.drug, codes);
                }
            }
            let floor = codes.iter().filter_map(|r| imposed_by_option_rule(case, report, o.drug, r)).max();
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

    /// PLAN-ORDER v3: an item is in the danger group by a rule of a `danger` alert — for a start, dose or infusion,
    /// a rule other than a pending mark it carries (reading 41).
    fn is_danger_item(report: &Report, item: &PlanItem) -> bool {
        let danger: Vec<_> = report.alerts.iter().filter(|a| a.severity == Severity::Danger).map(|a| a.rule).collect();
        item.rules.iter().any(|r| danger.contains(r) && !(Action::gives_a_drug(item.action) && pending(r.code())))
    }

    /// PLAN-ORDER and reading 16: danger items first; then now, by (earliest first), on (earliest first), standing.
    fn plan_order(report: &Report) -> Result<(), TestCaseError> {
        let is_danger = |i: &PlanItem| is_danger_item(report, i);
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

    // ----- v3: follow-up over time (§7b), TX-ONC, PLAN-ORDER's work-up, reading 27. -----

    fn day_of(text: &Option<CaseDate>) -> Option<NaiveDate> {
        text.as_ref().and_then(CaseDate::parse)
    }

    /// MON-DXA-CHANGE: no verdict other than `not_comparable` between two different machines; a compared site's
    /// verdict follows its change and its LSC (MON-LSC: the centre's value, else 5.3 / 6.9 / 5.0, none for the
    /// radius; reading 46: a change exactly at the LSC is a loss or a gain).
    fn dxa_changes_follow_the_machine_and_the_lsc(case: &Case, report: &Report) -> Result<(), TestCaseError> {
        for c in &report.monitoring.dxa_changes {
            let study = case.dxa_previous.iter().find(|p| p.site == Some(c.site) && day_of(&p.date) == Some(c.from));
            prop_assert!(study.is_some(), "{:?}: no earlier study dated {}", c.site, c.from);
            let study = study.unwrap();
            let today_bmd = case.dxa.iter().find(|d| d.site == Some(c.site)).and_then(|d| d.bmd_g_cm2);
            let same_machine = study.machine == case.dxa_machine;
            if !same_machine {
                prop_assert_eq!(
                    c.verdict,
                    DxaVerdict::NotComparable,
                    "{:?}: {:?} today against {:?} on {}",
                    c.site,
                    case.dxa_machine,
                    study.machine,
                    c.from
                );
            }
            let centre = case.lsc_percent.and_then(|l| l.of(c.site));
            let default = match c.site {
                Site::LumbarSpine => Some(5.3),
                Site::TotalHip => Some(5.0),
                Site::FemoralNeck => Some(6.9),
                Site::Radius33 => None,
            };
            prop_assert_eq!(c.lsc_percent, centre.or(default), "{:?}", c.site);
            let comparable =
                same_machine && today_bmd.is_some() && study.bmd_g_cm2.is_some() && c.lsc_percent.is_some();
            if !comparable {
                prop_assert_eq!(c.verdict, DxaVerdict::NotComparable, "{:?}", c);
                // The reference is an earlier study with a BMD on today's machine whenever one exists.
                let usable = case
                    .dxa_previous
                    .iter()
                    .any(|p| p.site == Some(c.site) && p.bmd_g_cm2.is_some() && p.machine == case.dxa_machine);
                prop_assert!(
                    !(usable && today_bmd.is_some() && c.lsc_percent.is_some()),
                    "{:?}: not comparable against {} although a study on the same machine exists",
                    c.site,
                    c.from
                );
                continue;
            }
            let (change, lsc) = (c.change_percent.unwrap(), c.lsc_percent.unwrap());
            let expected = if change <= -lsc {
                DxaVerdict::Loss
            } else if change >= lsc {
                DxaVerdict::Gain
            } else {
                DxaVerdict::Stable
            };
            prop_assert_eq!(c.verdict, expected, "{:?}", c);
        }
        Ok(())
    }

    /// RISK-VH-FX-ON-TX's test (v3), read from the case: the flag, a date inside a period of a drug other than the
    /// adjuncts (zoledronic acid: 12 months from its start; calcitonin counts), or within 6 months after a
    /// denosumab injection.
    fn fracture_on_treatment(case: &Case, f: &Fracture, today: NaiveDate) -> bool {
        if f.on_treatment {
            return true;
        }
        let Some(d) = day_of(&f.date) else { return false };
        let adjunct = |h: &DrugPeriod| {
            matches!(h.drug, Some(Drug::Eldecalcitol | Drug::Alfacalcidol | Drug::Calcitriol | Drug::Menatetrenone))
        };
        let in_period = case.history.iter().filter(|h| !adjunct(h)).any(|h| {
            let start = day_of(&h.start).unwrap();
            let end = if h.drug == Some(Drug::ZoledronicAcid) {
                start.checked_add_months(chrono::Months::new(12)).unwrap()
            } else {
                day_of(&h.end).unwrap_or(today)
            };
            start <= d && d <= end
        });
        let after_injection = case
            .denosumab
            .iter()
            .flat_map(|b| &b.injections)
            .filter_map(CaseDate::parse)
            .any(|i| i <= d && d <= i.checked_add_months(chrono::Months::new(6)).unwrap());
        in_period || after_injection
    }

    /// MON-FAILURE (reading 34, 48): on a drug taken ≥ 12 months (stages on_bisphosphonate, on_denosumab,
    /// on_anabolic, on_other), failure holds exactly when ≥ 2 fragility fractures on treatment are dated on the
    /// run, or one with a loss (spine or hip) or a marker `no_response`, or a loss with a `no_response`; its
    /// criteria say which.
    fn failure_only_when_a_criterion_holds(case: &Case, report: &Report) -> Result<(), TestCaseError> {
        use osteoplan::clinical::monitoring::FailureCriterion::*;
        let today = report.assessed_on;
        let judged = matches!(
            report.journey.stage,
            Stage::OnBisphosphonate | Stage::OnDenosumab | Stage::OnAnabolic | Stage::OnOther
        );
        let since = report.journey.since;
        let long = since.is_some_and(|s| s.checked_add_months(chrono::Months::new(12)).unwrap() <= today);
        let m = &report.monitoring;
        let loss = m.dxa_changes.iter().any(|c| c.site != Site::Radius33 && c.verdict == DxaVerdict::Loss);
        let no_response = m.btm.iter().any(|b| b.verdict == Some(BtmVerdict::NoResponse));
        let fractures = case
            .fractures
            .iter()
            .filter(|f| f.fragility != Some(false))
            .filter(|f| day_of(&f.date).is_some_and(|d| since.is_some_and(|s| d >= s)))
            .filter(|f| fracture_on_treatment(case, f, today))
            .count();
        let holds = fractures >= 2 || (fractures == 1 && (loss || no_response)) || (loss && no_response);
        match &m.failure {
            Some(f) => {
                prop_assert!(judged && long, "failure at stage {:?} since {:?}", report.journey.stage, since);
                prop_assert!(
                    holds,
                    "failure {:?} with {fractures} fractures, loss {loss}, no response {no_response}",
                    f
                );
                prop_assert!(!f.criteria.is_empty());
                for c in &f.criteria {
                    let ok = match c {
                        TwoFractures => fractures >= 2,
                        Fracture => fractures == 1,
                        BmdLoss => loss,
                        BtmNotSuppressed => no_response,
                    };
                    prop_assert!(
                        ok,
                        "criterion {:?} does not hold: {fractures} fractures, loss {loss}, {no_response}",
                        c
                    );
                }
                prop_assert_eq!(f.criteria.contains(&BmdLoss), loss);
                prop_assert_eq!(f.criteria.contains(&BtmNotSuppressed), no_response);
            }
            None => prop_assert!(
                !(judged && long && holds),
                "no failure with {fractures} fractures on the run, loss {loss}, no response {no_response}"
            ),
        }
        Ok(())
    }

    /// TX-ONC (v3): beside denosumab 120 mg every 4 weeks no bisphosphonate and no denosumab 60 mg is `preferred`,
    /// and nothing is started.
    fn nothing_preferred_beside_oncology_denosumab(report: &Report) -> Result<(), TestCaseError> {
        if report.journey.stage != Stage::OnDenosumabOncology {
            return Ok(());
        }
        for o in &report.treatment.options {
            if o.drug.is_bisphosphonate() || o.drug == Drug::Denosumab {
                prop_assert!(o.status != Status::Preferred, "{:?} preferred beside oncology denosumab", o.drug);
            }
        }
        prop_assert!(report.plan.iter().all(|i| i.action != Action::StartTreatment), "a start\n{}", show(report));
        Ok(())
    }

    /// The work-up of PLAN-ORDER v3's action order, before any treatment.
    const WORK_UP: [Action; 11] = [
        Action::CorrectCalcium,
        Action::VitaminDLoading,
        Action::VitaminDSupplement,
        Action::EnterWeight,
        Action::EnterFrax,
        Action::EnterPlannedCourse,
        Action::EnterPreTreatmentT,
        Action::EnterInjectionDates,
        Action::CheckLabs,
        Action::DentalCheck,
        Action::AssessCvRisk,
    ];

    /// PLAN-ORDER v3: work-up before treatment — `start_treatment` never comes before a `now` work-up item, unless
    /// the start is in the danger group (by a rule other than a pending mark, reading 41) and the work-up is not.
    fn start_comes_after_the_work_up(report: &Report) -> Result<(), TestCaseError> {
        let Some(at) = report.plan.iter().position(|i| i.action == Action::StartTreatment) else { return Ok(()) };
        let start = &report.plan[at];
        for item in &report.plan[at + 1..] {
            if item.urgency == Urgency::Now && WORK_UP.contains(&item.action) {
                prop_assert!(
                    is_danger_item(report, start) && !is_danger_item(report, item),
                    "start_treatment before {:?}\n{}",
                    item.action,
                    show(report)
                );
            }
        }
        Ok(())
    }

    /// Reading 27: `after_pending` is set exactly on the options whose `avoid` or `caution` comes only from the
    /// pending marks (CI-HYPOCA, CI-RENAL-UNKNOWN): every rule that imposes the option's status is pending. It is
    /// then the milder status left once they are resolved, and no milder than any other mark.
    fn after_pending_only_for_pending_marks(case: &Case, report: &Report) -> Result<(), TestCaseError> {
        for o in &report.treatment.options {
            let marks: Vec<(&str, Status)> = o
                .rules
                .iter()
                .filter_map(|r| imposed_by_option_rule(case, report, o.drug, r.code()).map(|s| (r.code(), s)))
                .collect();
            let setting: Vec<&str> = marks.iter().filter(|(_, s)| *s == o.status).map(|(r, _)| *r).collect();
            let only_pending = o.status >= Status::Caution && !setting.is_empty() && setting.iter().all(|r| pending(r));
            match o.after_pending {
                Some(after) => {
                    prop_assert!(
                        only_pending,
                        "{:?} {:?} after_pending {:?}: marks {:?}",
                        o.drug,
                        o.status,
                        after,
                        marks
                    );
                    prop_assert!(after < o.status, "{:?}: {:?} → {:?}", o.drug, o.status, after);
                    let others = marks.iter().filter(|(r, _)| !pending(r)).map(|(_, s)| *s).max();
                    prop_assert!(others.is_none_or(|s| after >= s), "{:?}: {:?} below {:?}", o.drug, after, marks);
                }
                None => prop_assert!(
                    !only_pending,
                    "{:?} {:?} only by pending marks {:?}, no after_pending",
                    o.drug,
                    o.status,
                    marks
                ),
            }
        }
        Ok(())
    }

    /// Smaller v3 promises, read against the case: reading 47 (`giop_stratum` null unless RISK-GIOP's entry
    /// condition holds), reading 51 (`enter_planned_course` exactly for a short course of unknown length), MON-BTM's
    /// units, MON-RESPONSE against MON-FAILURE, RISK-VH-FX-ON-TX without the adjuncts, reading 58's tests, §8
    /// `stop_treatment` (never hormone therapy or testosterone) and `repeat_infusion` (zoledronic acid, after the
    /// exit from denosumab).
    fn v3_fields_agree_with_the_case(case: &Case, report: &Report) -> Result<(), TestCaseError> {
        let (mg, months, planned) = case
            .glucocorticoids
            .map(|g| (g.mg_per_day.unwrap_or(0.0), g.months.unwrap_or(0.0), g.planned_months))
            .unwrap_or((0.0, 0.0, None));
        let course = months.max(planned.unwrap_or(0.0));
        let high_dose = (mg >= 30.0 && course >= 1.0) || (mg > 0.0 && mg * 30.4 * course.min(12.0) >= 5000.0);
        let entry = (mg >= 2.5 && course >= 3.0) || high_dose;
        prop_assert_eq!(report.risk.giop_stratum.is_some(), entry, "{:?} mg/day, course {}", mg, course);
        let asks = report.plan.iter().any(|i| i.action == Action::EnterPlannedCourse);
        prop_assert_eq!(asks, mg >= 2.5 && months < 3.0 && planned.is_none(), "{} mg/day, {} months", mg, months);
        for b in &report.monitoring.btm {
            let found = case.btm.iter().any(|r| {
                let factor = match r.unit {
                    Some(BtmUnit::PgMl | BtmUnit::NgL) => 0.001,
                    _ => 1.0,
                };
                r.test == Some(b.test)
                    && day_of(&r.date) == Some(b.date)
                    && (r.value.unwrap() * factor - b.value_ng_ml).abs() < 0.0005 + 1e-9
            });
            prop_assert!(found, "{:?} is no result of the case converted to ng/mL", b);
        }
        let m = &report.monitoring;
        if m.failure.is_some() || m.btm.iter().any(|b| b.verdict == Some(BtmVerdict::NoResponse)) {
            prop_assert_eq!(m.response, osteoplan::clinical::monitoring::Response::Inadequate);
        }
        // RISK-VH-FX-ON-TX (v3): a period of a drug other than the adjuncts (reported when treatment is indicated).
        if report.risk.treatment_indicated {
            let on_treatment = case.fractures.iter().any(|f| fracture_on_treatment(case, f, report.assessed_on));
            prop_assert_eq!(report.risk.rules.contains(&RuleId::RiskVhFxOnTx), on_treatment);
        }
        // Reading 58: low calcium is corrected first, naming the tests to repeat before the drug.
        let hypocalcaemia = report.rules_fired.contains(&RuleId::CiHypoca);
        let corrections: Vec<&PlanItem> = report.plan.iter().filter(|i| i.action == Action::CorrectCalcium).collect();
        prop_assert_eq!(corrections.len(), hypocalcaemia as usize, "CI-HYPOCA and correct_calcium\n{}", show(report));
        if let Some(correct) = corrections.first() {
            use osteoplan::clinical::plan::Test;
            let vitamin_d_given = case.labs.vitamin_d_nmol_l.is_some() || case.labs.vitamin_d_ng_ml.is_some();
            let mut expected = vec![Test::AdjustedCalcium, Test::Magnesium];
            if !vitamin_d_given {
                expected.push(Test::VitaminD);
            }
            prop_assert_eq!(&correct.tests, &expected);
        }
        for item in &report.plan {
            if item.action == Action::StopTreatment {
                prop_assert!(
                    !matches!(item.drug, Some(Drug::HormoneTherapy | Drug::Testosterone) | None),
                    "{:?}",
                    item
                );
            }
            if item.action == Action::RepeatInfusion {
                prop_assert_eq!(item.drug, Some(Drug::ZoledronicAcid));
                prop_assert_eq!(report.journey.stage, Stage::StoppingDenosumab);
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

        #[test]
        fn different_machines_are_never_compared_and_verdicts_follow_the_lsc((case, report) in evaluated()) {
            dxa_changes_follow_the_machine_and_the_lsc(&case, &report)?;
        }

        #[test]
        fn treatment_failure_is_reported_exactly_when_one_of_its_criteria_holds((case, report) in evaluated()) {
            failure_only_when_a_criterion_holds(&case, &report)?;
        }

        #[test]
        fn nothing_is_preferred_or_started_beside_oncology_denosumab((_case, report) in evaluated()) {
            nothing_preferred_beside_oncology_denosumab(&report)?;
        }

        #[test]
        fn a_start_never_comes_before_the_work_up_that_gates_it((_case, report) in evaluated()) {
            start_comes_after_the_work_up(&report)?;
        }

        #[test]
        fn after_pending_is_set_only_where_the_pending_marks_alone_hold_the_drug((case, report) in evaluated()) {
            after_pending_only_for_pending_marks(&case, &report)?;
        }

        #[test]
        fn v3_report_fields_agree_with_the_case((case, report) in evaluated()) {
            v3_fields_agree_with_the_case(&case, &report)?;
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

    /// Guards the v3 checks: each one accepts the engine's report and rejects one broken in the way it looks for.
    #[test]
    fn each_v3_check_rejects_a_report_that_breaks_its_rule() {
        let woman = |t: f64| Case {
            format: Some(CASE_FORMAT.into()),
            assessed_on: Some(CaseDate(TODAY.into())),
            patient: Patient {
                sex: Some(Sex::Female),
                age_years: Some(68),
                menopause: Some(Menopause::Postmenopausal),
                ..Patient::default()
            },
            dxa: vec![DxaEntry {
                site: Some(Site::TotalHip),
                t_score: Some(t),
                bmd_g_cm2: Some(0.8),
                ..DxaEntry::default()
            }],
            labs: Labs { egfr_ml_min: Some(70.0), ..Labs::default() },
            ..Case::default()
        };
        let study = |machine: Option<&str>| PreviousDxa {
            date: Some(CaseDate("2025-11-01".into())),
            site: Some(Site::TotalHip),
            bmd_g_cm2: Some(1.0),
            machine: machine.map(String::from),
            ..PreviousDxa::default()
        };
        let check = |case: &Case, report: &Report| -> Vec<bool> {
            vec![
                dxa_changes_follow_the_machine_and_the_lsc(case, report).is_ok(),
                failure_only_when_a_criterion_holds(case, report).is_ok(),
                nothing_preferred_beside_oncology_denosumab(report).is_ok(),
                start_comes_after_the_work_up(report).is_ok(),
                after_pending_only_for_pending_marks(case, report).is_ok(),
                v3_fields_agree_with_the_case(case, report).is_ok(),
            ]
        };

        // Two machines: not comparable; the same machine: a loss of 20 %.
        let other = Case { dxa_machine: Some("A".into()), dxa_previous: vec![study(Some("B"))], ..woman(-2.7) };
        let mut r = evaluate(&other).unwrap();
        assert!(check(&other, &r).iter().all(|ok| *ok));
        r.monitoring.dxa_changes[0].verdict = DxaVerdict::Loss;
        assert!(dxa_changes_follow_the_machine_and_the_lsc(&other, &r).is_err(), "compared across machines");
        let same = Case { dxa_previous: vec![study(None)], ..woman(-2.7) };
        let mut r = evaluate(&same).unwrap();
        assert_eq!(r.monitoring.dxa_changes[0].verdict, DxaVerdict::Loss);
        r.monitoring.dxa_changes[0].verdict = DxaVerdict::Stable;
        assert!(dxa_changes_follow_the_machine_and_the_lsc(&same, &r).is_err(), "a loss beyond the LSC called stable");

        // On alendronate for 12 months with that loss and CTX 0.40 (no response): a failure.
        let failing = Case {
            history: vec![DrugPeriod {
                drug: Some(Drug::Alendronate),
                start: Some(CaseDate("2025-11-22".into())),
                end: None,
            }],
            btm: vec![BtmResult {
                test: Some(BtmTest::Ctx),
                date: Some(CaseDate("2026-10-01".into())),
                value: Some(0.4),
                unit: Some(BtmUnit::NgMl),
            }],
            ..same.clone()
        };
        let good = evaluate(&failing).unwrap();
        assert!(good.monitoring.failure.is_some());
        assert!(check(&failing, &good).iter().all(|ok| *ok));
        let mut bad = good.clone();
        bad.monitoring.failure.as_mut().unwrap().criteria.clear();
        assert!(failure_only_when_a_criterion_holds(&failing, &bad).is_err(), "no criterion");
        let mut bad = good.clone();
        bad.monitoring.failure = None;
        assert!(failure_only_when_a_criterion_holds(&failing, &bad).is_err(), "a failure not reported");
        let mut bad = evaluate(&same).unwrap();
        bad.monitoring.failure = good.monitoring.failure.clone();
        assert!(failure_only_when_a_criterion_holds(&same, &bad).is_err(), "a failure with no treatment");
        let mut bad = good.clone();
        bad.monitoring.response = osteoplan::clinical::monitoring::Response::Adequate;
        assert!(v3_fields_agree_with_the_case(&failing, &bad).is_err(), "adequate with a failure");

        // Oncology denosumab: nothing preferred among the anti-resorptives, nothing started.
        let oncology = Case {
            denosumab: Some(DenosumabBlock {
                regimen: Regimen::Oncology120mgQ4w,
                injections: vec![CaseDate("2026-11-01".into())],
                plan: Plan::Continue,
            }),
            ..woman(-2.7)
        };
        let good = evaluate(&oncology).unwrap();
        assert_eq!(good.journey.stage, Stage::OnDenosumabOncology);
        assert!(check(&oncology, &good).iter().all(|ok| *ok));
        let mut bad = good.clone();
        bad.treatment.options.iter_mut().find(|o| o.drug == Drug::Alendronate).unwrap().status = Status::Preferred;
        assert!(nothing_preferred_beside_oncology_denosumab(&bad).is_err(), "alendronate beside 120 mg");

        // No kidney function: the creatinine check (CI-RENAL-UNKNOWN) comes before the start; low calcium (2.09
        // adjusted) holds zoledronic acid until corrected (after_pending `preferred`). T −3.2: very high risk.
        let gated = Case {
            labs: Labs { calcium_mmol_l: Some(1.99), albumin_g_l: Some(35.0), ..Labs::default() },
            ..woman(-3.2)
        };
        let good = evaluate(&gated).unwrap();
        assert!(check(&gated, &good).iter().all(|ok| *ok));
        let mut bad = good.clone();
        let start = bad.plan.iter().position(|i| i.action == Action::StartTreatment).unwrap();
        let item = bad.plan.remove(start);
        bad.plan.insert(0, item);
        assert!(start_comes_after_the_work_up(&bad).is_err(), "the start before the work-up");
        let zoledronic =
            |r: &mut Report| r.treatment.options.iter_mut().position(|o| o.drug == Drug::ZoledronicAcid).unwrap();
        let mut bad = good.clone();
        let i = zoledronic(&mut bad);
        assert_eq!(bad.treatment.options[i].after_pending, Some(Status::Preferred));
        bad.treatment.options[i].after_pending = None;
        assert!(after_pending_only_for_pending_marks(&gated, &bad).is_err(), "held by calcium alone, no after_pending");
        let mut bad = good.clone();
        let i = bad.treatment.options.iter().position(|o| o.drug == Drug::Testosterone).unwrap();
        bad.treatment.options[i].after_pending = Some(Status::SecondLine);
        assert!(after_pending_only_for_pending_marks(&gated, &bad).is_err(), "testosterone is avoided for women");
        let mut bad = good.clone();
        bad.risk.giop_stratum = Some(osteoplan::clinical::risk::GiopStratum::Low);
        assert!(v3_fields_agree_with_the_case(&gated, &bad).is_err(), "a stratum without glucocorticoids");
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
        // v3 follow-up: how often each kind of result appears.
        let mut seen = std::collections::BTreeMap::new();
        let mut count = |what: &'static str, holds: bool| *seen.entry(what).or_insert(0) += holds as u32;
        for _ in 0..1000 {
            let case = strategy.new_tree(&mut runner).unwrap().current();
            if let Ok(report) = evaluate(&case) {
                valid += 1;
                *stages.entry(format!("{:?}", report.journey.stage)).or_insert(0) += 1;
                actions.extend(report.plan.iter().map(|i| i.action));
                let m = &report.monitoring;
                let verdicts: Vec<DxaVerdict> = m.dxa_changes.iter().map(|c| c.verdict).collect();
                count("dxa compared", verdicts.iter().any(|v| *v != DxaVerdict::NotComparable));
                count("dxa loss", verdicts.contains(&DxaVerdict::Loss));
                count("dxa not comparable", verdicts.contains(&DxaVerdict::NotComparable));
                count("marker judged", !m.btm.is_empty());
                count("marker no response", m.btm.iter().any(|b| b.verdict == Some(BtmVerdict::NoResponse)));
                count("failure", m.failure.is_some());
                count("exit ctx", m.exit_ctx.is_some());
                count("after_pending", report.treatment.options.iter().any(|o| o.after_pending.is_some()));
                count("giop stratum", report.risk.giop_stratum.is_some());
                count("planned course", case.glucocorticoids.is_some_and(|g| g.planned_months.is_some()));
                count("surgery date", case.fractures.iter().any(|f| f.surgery_date.is_some()));
                count("v3 cause", case.secondary_causes.iter().any(|c| c.is_v3()));
            } else {
                invalid.push(evaluate(&case).unwrap_err());
            }
        }
        eprintln!("{valid} of 1000 valid; stages {stages:?}; {} actions", actions.len());
        eprintln!("v3 follow-up: {seen:?}");
        for (what, &n) in &seen {
            assert!(n >= 5, "{what}: only {n} of 1000 cases ({seen:?})");
        }
        eprintln!("first invalid ones: {:?}", &invalid[..invalid.len().min(3)]);
        assert!(valid >= 900, "{valid} of 1000 generated journey cases are valid");
        assert_eq!(stages.len(), 9, "every stage is reached, on_denosumab_oncology too: {stages:?}");
        assert!(stages.values().all(|&n| n >= 10), "each stage at least 10 times: {stages:?}");
        assert!(actions.len() >= 24, "the plans use most actions: {actions:?}");
    }
}
