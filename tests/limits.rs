//! Limits at the entry points (issue 15): the share link's bounded unpacking (`share::unpack` against lz-str, the
//! link and unpacked-size limits, a decompression bomb), JSON objects where the format requires them, and the case
//! size limit through each entry point's function. The command line's limits are in tests/cli.rs; the times are
//! printed by `scripts/bench-limits.py`.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

#[path = "common/bomb.rs"]
mod bomb;
mod common;

use std::time::{Duration, Instant};

use osteoplan::app::import::read_case_file;
use osteoplan::app::share::{self, unpack, Unpack, MAX_LINK_CHARS};
use osteoplan::clinical::case::*;
use osteoplan::clinical::errors::{ErrorCode, InputError};
use osteoplan::clinical::evaluate_json;
use osteoplan::clinical::parse::{parse_case, MAX_CASE_BYTES};
use osteoplan::clinical::validate::{MAX_ENTRIES, MAX_INJECTIONS};
use proptest::prelude::*;

use bomb::{bomb, Packer};

fn lz(text: &str) -> Option<Vec<u16>> {
    lz_str::decompress_from_encoded_uri_component(text)
}

proptest! {
    #[test]
    fn unpack_round_trips_what_lz_str_compresses(text in any::<String>()) {
        let packed = lz_str::compress_to_encoded_uri_component(text.as_str());
        let units = unpack(&packed, usize::MAX).expect("lz-str's own output unpacks");
        prop_assert_eq!(String::from_utf16(&units).unwrap(), text);
    }

    #[test]
    fn unpack_round_trips_repetitive_text(piece in "[a-c{}\":,0-9]{1,6}", times in 1usize..400) {
        // Repeats exercise the dictionary's self-referring entry (the piece being defined).
        let text = piece.repeat(times);
        let packed = lz_str::compress_to_encoded_uri_component(text.as_str());
        prop_assert_eq!(unpack(&packed, usize::MAX).map(|u| String::from_utf16(&u).unwrap()), Ok(text));
    }

    #[test]
    fn unpack_reads_any_data_as_lz_str_does(data in "[A-Za-z0-9+$ %-]{0,300}") {
        // Random data: most of it is damaged; where lz-str reads text, unpack reads the same.
        prop_assert_eq!(unpack(&data, usize::MAX).ok(), lz(&data));
    }

    #[test]
    fn damaged_links_read_as_lz_str_reads_them(text in "[ -~]{0,200}", cut in 0usize..400, flip in 0usize..400) {
        let packed = lz_str::compress_to_encoded_uri_component(text.as_str());
        let mut damaged: Vec<u8> = packed.bytes().collect();
        if !damaged.is_empty() {
            let i = flip % damaged.len();
            damaged[i] = if damaged[i] == b'A' { b'z' } else { b'A' };
        }
        damaged.truncate(cut.min(damaged.len()));
        let damaged = String::from_utf8(damaged).unwrap();
        prop_assert_eq!(unpack(&damaged, usize::MAX).ok(), lz(&damaged));
    }

    #[test]
    fn the_cap_is_exact(text in "[a-e]{0,200}", cap in 0usize..250) {
        let packed = lz_str::compress_to_encoded_uri_component(text.as_str());
        let got = unpack(&packed, cap);
        if text.len() <= cap {
            prop_assert_eq!(got.map(|u| String::from_utf16(&u).unwrap()), Ok(text));
        } else {
            prop_assert_eq!(got, Err(Unpack::TooLarge));
        }
    }
}

/// The one error of a refused case.
fn only_error(result: Result<Case, Vec<InputError>>) -> InputError {
    let errors = result.expect_err("refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn the_bomb_is_what_lz_str_compresses_and_reads() {
    let units = |steps: u32| ((steps + 1) * (steps + 2) / 2) as usize;
    for steps in [0, 1, 2, 3, 4, 7, 20, 100] {
        let text = "a".repeat(units(steps));
        assert_eq!(bomb(steps), lz_str::compress_to_encoded_uri_component(text.as_str()), "{steps}");
        assert_eq!(unpack(&bomb(steps), usize::MAX).unwrap().len(), units(steps));
    }
}

#[test]
fn a_decompression_bomb_stops_at_the_cap_quickly_and_says_why() {
    // 4 471 codes: ten million `a` (20 MB of UTF-16) from a link of about 9 KB; lz-str unpacks it without a limit
    // (and a few times longer a link makes gigabytes, which ends the page in `unreachable`).
    let bomb = bomb(4_471);
    assert!(bomb.len() < 10_000, "{} characters", bomb.len());
    let started = Instant::now();
    let error = only_error(share::decode(&format!("#case={bomb}")).expect("a case link"));
    let took = started.elapsed();
    assert_eq!((error.path.as_str(), error.code), ("", ErrorCode::OutOfRange));
    assert!(error.message.contains("unpacks to more than 256 KB of JSON"), "{}", error.message);
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(unpack(&bomb, MAX_CASE_BYTES), Err(Unpack::TooLarge));
    assert_eq!(unpack(&bomb, usize::MAX).unwrap().len(), 4_472 * 4_473 / 2);
}

#[test]
fn a_link_longer_than_the_limit_is_refused_before_unpacking() {
    let long = "A".repeat(MAX_LINK_CHARS + 1);
    let error = only_error(share::decode(&format!("#case={long}")).unwrap());
    assert_eq!((error.path.as_str(), error.code), ("", ErrorCode::OutOfRange));
    assert!(error.message.contains("more than the 64 KB a share link may carry"), "{}", error.message);
    // At the limit it is read (and this one is damaged).
    let error = only_error(share::decode(&format!("case={}", &long[1..])).unwrap());
    assert_eq!(error.code, ErrorCode::Malformed);
}

#[test]
fn damaged_links_are_malformed_and_say_why() {
    let whole = share::encode(&common::woman(-2.5));
    for (link, why) in [
        ("case=", "carries no case"),
        (&whole[..whole.len() / 2], "ends before the case does"),
        (&format!("case={}", Packer::default().bits(0, 2).bits(97, 8).bits(6, 3).close(3)), "not yet written"),
        ("case=wAAA", "code that does not exist"),
    ] {
        let error = only_error(share::decode(link).unwrap());
        assert_eq!(error.code, ErrorCode::Malformed, "{link}");
        assert!(error.message.contains("the link is damaged") && error.message.contains(why), "{}", error.message);
    }
    // A link whose text is not a case reports what parse_case finds.
    let not_a_case = format!("case={}", lz_str::compress_to_encoded_uri_component("[1,2]"));
    assert_eq!(only_error(share::decode(&not_a_case).unwrap()).code, ErrorCode::Malformed);
}

/// A tiny generator (xorshift), so the test needs no random crate and is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A value with 17 significant digits (what a typed decimal can become), in `lo..hi`.
    fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() % 1_000_000_007) as f64 / 1_000_000_007.0
    }
    fn date(&mut self) -> CaseDate {
        let n = self.next();
        CaseDate(format!("{}-{:02}-{:02}", 1930 + n % 96, 1 + (n >> 8) % 12, 1 + (n >> 16) % 28))
    }
    fn pick<T: Copy>(&mut self, all: &[T]) -> T {
        all[(self.next() % all.len() as u64) as usize]
    }
}

/// The largest case the format's limits allow, with values that compress as badly as real ones can: every list
/// at its maximum, every number with 17 digits, random dates, a 200-character Chinese name and a 64-character ID.
fn largest_case() -> Case {
    let mut rng = Rng(0x05ee_d0f0_57e0);
    let reference = |rng: &mut Rng| BmdReference { mean: Some(rng.float(0.5, 1.2)), sd: Some(rng.float(0.05, 0.2)) };
    Case {
        format: Some(CASE_FORMAT.into()),
        assessed_on: Some(CaseDate("2026-11-22".into())),
        profile: Profile::Aace2020,
        patient: Patient {
            name: Some((0..200).map(|_| char::from_u32(0x4e00 + (rng.next() % 20_000) as u32).unwrap()).collect()),
            id: Some((0..64).map(|_| rng.pick(b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") as char).collect()),
            sex: Some(Sex::Female),
            age_years: Some(87),
            menopause: Some(Menopause::Postmenopausal),
            weight_kg: Some(rng.float(40.0, 90.0)),
            height_cm: Some(rng.float(140.0, 180.0)),
        },
        dxa: (0..MAX_ENTRIES)
            .map(|_| DxaEntry {
                site: Some(rng.pick(&Site::ALL)),
                t_score: Some(rng.float(-5.0, 1.0)),
                z_score: Some(rng.float(-5.0, 1.0)),
                bmd_g_cm2: Some(rng.float(0.3, 1.2)),
                reference: Some(reference(&mut rng)),
            })
            .collect(),
        dxa_date: Some(CaseDate("2026-11-20".into())),
        dxa_machine: Some((0..64).map(|_| rng.pick(b"abcdefghijklmnopqrstuvwxyz0123456789 ") as char).collect()),
        dxa_previous: (0..MAX_ENTRIES)
            .map(|_| PreviousDxa {
                date: Some(rng.date()),
                site: Some(rng.pick(&Site::ALL)),
                bmd_g_cm2: Some(rng.float(0.3, 1.2)),
                t_score: Some(rng.float(-5.0, 1.0)),
                machine: Some((0..64).map(|_| rng.pick(b"abcdefghijklmnopqrstuvwxyz0123456789 ") as char).collect()),
            })
            .collect(),
        lsc_percent: Some(LscPercent {
            lumbar_spine: Some(rng.float(1.0, 6.0)),
            femoral_neck: Some(rng.float(1.0, 6.0)),
            total_hip: Some(rng.float(1.0, 6.0)),
            radius_33: Some(rng.float(1.0, 6.0)),
        }),
        btm: (0..MAX_ENTRIES)
            .map(|_| BtmResult {
                test: Some(rng.pick(&[BtmTest::Ctx, BtmTest::P1np])),
                date: Some(rng.date()),
                value: Some(rng.float(0.1, 9.0)),
                unit: Some(BtmUnit::NgMl),
            })
            .collect(),
        btm_reference: Some(BtmReference {
            ctx_ng_ml: Some(rng.float(0.1, 0.5)),
            p1np_ng_ml: Some(rng.float(20.0, 60.0)),
        }),
        pre_treatment_t_score: Some(rng.float(-5.0, 1.0)),
        fractures: (0..MAX_ENTRIES)
            .map(|_| Fracture {
                site: Some(rng.pick(&FractureSite::ALL)),
                date: Some(rng.date()),
                fragility: Some(false),
                on_treatment: true,
                nonunion: true,
                surgery_date: Some(rng.date()),
            })
            .collect(),
        frax: Some(Frax { mof_percent: Some(rng.float(1.0, 60.0)), hip_percent: Some(rng.float(0.1, 30.0)) }),
        falls_last_12_months: Some(12),
        injurious_fall: true,
        glucocorticoids: Some(Glucocorticoids {
            mg_per_day: Some(rng.float(1.0, 60.0)),
            months: Some(120.5),
            planned_months: None,
        }),
        secondary_causes: SecondaryCause::ALL.to_vec(),
        labs: Labs {
            egfr_ml_min: Some(rng.float(10.0, 120.0)),
            creatinine_umol_l: Some(rng.float(40.0, 400.0)),
            creatinine_mg_dl: None,
            calcium_mmol_l: Some(rng.float(1.8, 2.8)),
            calcium_mg_dl: None,
            vitamin_d_nmol_l: Some(rng.float(10.0, 150.0)),
            vitamin_d_ng_ml: None,
            albumin_g_l: Some(rng.float(25.0, 50.0)),
        },
        conditions: Conditions { dialysis: true, warfarin: true, ..Conditions::default() },
        history: (0..MAX_ENTRIES)
            .map(|_| DrugPeriod { drug: Some(rng.pick(&Drug::ALL)), start: Some(rng.date()), end: Some(rng.date()) })
            .collect(),
        denosumab: Some(DenosumabBlock {
            regimen: Regimen::Oncology120mgQ4w,
            injections: (0..MAX_INJECTIONS).map(|_| rng.date()).collect(),
            plan: Plan::Stop,
        }),
    }
}

#[test]
fn the_largest_case_the_limits_allow_fits_in_a_link() {
    let case = largest_case();
    let json = serde_json::to_string(&case).unwrap();
    let link = share::encode(&case);
    let typical = share::encode(&common::woman(-2.5));
    eprintln!(
        "largest case: {} bytes of JSON, a link of {} characters (limit {}); a typical case: {} characters",
        json.len(),
        link.len(),
        MAX_LINK_CHARS,
        typical.len()
    );
    // v3 adds two more 100-entry lists (earlier DXA studies, marker results): still a third of the limit at most.
    assert!(json.len() < MAX_CASE_BYTES / 3, "{} bytes", json.len());
    assert!(link.len() < MAX_LINK_CHARS * 2 / 3, "{} characters", link.len());
    // Compared as JSON: serde_json may read a 17-digit number back one unit in the last place off (both
    // sides read by the same parser).
    let back = share::decode(&link).expect("a case link").expect("readable");
    assert!(serde_json::to_value(&back).unwrap() == serde_json::from_str::<serde_json::Value>(&json).unwrap());
}

/// The path, code and message of every error, from a case's text through `evaluate_json`.
fn errors_of(text: &str) -> Vec<(String, ErrorCode, String)> {
    let Err(errors) = parse_case(text).map(|p| p.unknown_fields) else { return Vec::new() };
    errors.into_iter().map(|e| (e.path, e.code, e.message)).collect()
}

const CASE: &str = r#"{"format":"osteoplan-case/2","assessed_on":"2026-11-22","patient":{"sex":"female","age_years":70,"menopause":"postmenopausal"},"dxa":[{"site":"femoral_neck","t_score":-2.7}]}"#;
const PATIENT: &str = r#"{"sex":"female","age_years":70,"menopause":"postmenopausal"}"#;

/// `CASE` with one more top-level field.
fn with(field: &str) -> String {
    format!("{},{field}}}", &CASE[..CASE.len() - 1])
}

#[test]
fn arrays_where_the_format_requires_objects_are_malformed_at_their_path() {
    // Before, serde read a struct from a positional array: each of these gave a full report.
    let positional = r#"["osteoplan-case/1","2026-11-22","cn-2022",[null,null,"female",70,"postmenopausal"]]"#;
    let object = "must be a JSON object, not an array".to_string();
    assert_eq!(errors_of(positional), [(String::new(), ErrorCode::Malformed, format!("the case {object}"))]);
    for (text, path) in [
        (CASE.replace(PATIENT, r#"[null,null,"female",70]"#), "patient"),
        (CASE.replace(r#"{"site":"femoral_neck","t_score":-2.7}"#, r#"["femoral_neck",-2.7]"#), "dxa[0]"),
        (CASE.replace(r#""t_score":-2.7}"#, r#""t_score":-2.7,"reference":[0.86,0.12]}"#), "dxa[0].reference"),
        (with(r#""fractures":[{"site":"hip"},["vertebral","2020-01-01"]]"#), "fractures[1]"),
        (with(r#""history":[["alendronate","2020-01-01"]]"#), "history[0]"),
        (with(r#""frax":[20,3]"#), "frax"),
        (with(r#""glucocorticoids":[7.5,6]"#), "glucocorticoids"),
        (with(r#""labs":[60]"#), "labs"),
        (with(r#""conditions":[true]"#), "conditions"),
        (with(r#""denosumab":["osteoporosis_60mg_q6m",["2026-01-20"]]"#), "denosumab"),
    ] {
        assert_eq!(errors_of(&text), [(path.to_string(), ErrorCode::Malformed, object.clone())], "{text}");
        // Through the text entry point (command line, browser API, postMessage reply) and import alike.
        let doc: serde_json::Value = serde_json::from_str(&evaluate_json(&text).unwrap_err()).unwrap();
        let first = &doc["errors"][0];
        assert_eq!((first["path"].as_str(), first["code"].as_str()), (Some(path), Some("malformed")));
        assert_eq!(read_case_file(&text).unwrap_err()[0].path, path);
    }
}

#[test]
fn other_values_where_objects_belong_are_malformed_too_and_null_only_where_optional() {
    let not = |kind: &str| format!("must be a JSON object, not {kind}");
    for (text, path, kind) in [
        (CASE.replace(PATIENT, "\"Wang\""), "patient", "a string"),
        (CASE.replace(PATIENT, "null"), "patient", "null"),
        (CASE.replace(r#"{"site":"femoral_neck","t_score":-2.7}"#, "-2.7"), "dxa[0]", "a number"),
        (with(r#""labs":true"#), "labs", "true or false"),
        (with(r#""fractures":[null]"#), "fractures[0]", "null"),
    ] {
        assert_eq!(errors_of(&text), [(path.to_string(), ErrorCode::Malformed, not(kind))], "{text}");
    }
    // An optional object may be null (absent); the fast path and the slow one agree.
    for optional in [r#""frax":null"#, r#""glucocorticoids":null"#, r#""denosumab":null"#] {
        assert!(parse_case(&with(optional)).is_ok(), "{optional}");
        assert!(parse_case(&with(&format!(r#"{optional},"x":1"#))).is_ok(), "{optional}");
    }
}

#[test]
fn objects_with_escaped_keys_and_brackets_in_strings_still_read() {
    // The fast path's check for arrays is byte-level; escaped keys and brackets inside strings go the slow way or
    // pass, but are never refused.
    let escaped = CASE.replace(r#""dxa""#, r#""d\u0078a""#);
    assert_eq!(parse_case(&escaped).unwrap().case.dxa.len(), 1);
    let bracket = CASE.replace(r#""sex":"female""#, r#""name":"[x] {y} \"[\"","sex":"female""#);
    assert_eq!(parse_case(&bracket).unwrap().case.patient.name.as_deref(), Some(r#"[x] {y} "[""#));
    let lists = with(r#""secondary_causes":["ckd"],"history":[],"denosumab":{"injections":["2026-01-20"]}"#);
    let parsed = parse_case(&lists).unwrap();
    assert!(parsed.unknown_fields.is_empty());
    assert_eq!(parsed.case.denosumab.unwrap().injections.len(), 1);
}

#[test]
fn each_entry_point_refuses_a_case_over_256_kb_and_says_so() {
    let big = with(&format!(r#""patient_note":"{}""#, "x".repeat(MAX_CASE_BYTES)));
    let says = |e: &InputError| {
        e.path.is_empty() && e.code == ErrorCode::OutOfRange && e.message.contains("larger than 256 KB of JSON")
    };
    // parse_case: the command line (tests/cli.rs runs it as a process), the browser API and postMessage replies
    // (evaluate_json), import and postMessage cases (read_case_file), share links (after unpacking).
    assert!(says(&parse_case(&big).unwrap_err()[0]));
    let doc: serde_json::Value = serde_json::from_str(&evaluate_json(&big).unwrap_err()).unwrap();
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("larger than 256 KB of JSON"));
    assert!(says(&read_case_file(&big).unwrap_err()[0]));
    // A link of a case just over the limit in UTF-8 but not in UTF-16 (Chinese text: 3 bytes, 1 unit each).
    let wide = with(&format!(r#""patient_note":"{}""#, "骨".repeat(MAX_CASE_BYTES / 3 + 1)));
    let link = format!("case={}", lz_str::compress_to_encoded_uri_component(wide.as_str()));
    assert!(link.len() < MAX_LINK_CHARS);
    assert!(says(&only_error(share::decode(&link).unwrap())));
}

#[test]
fn a_link_with_a_list_over_its_limit_is_refused_and_one_at_the_limit_loads() {
    let mut case = common::woman(-2.5);
    let dates = |n: usize| (0..n).map(|i| CaseDate(format!("{}-01-01", 1900 + i % 127))).collect();
    case.denosumab = Some(DenosumabBlock { injections: dates(5_000), ..DenosumabBlock::default() });
    let error = only_error(share::decode(&share::encode(&case)).unwrap());
    assert_eq!((error.path.as_str(), error.code), ("denosumab.injections", ErrorCode::OutOfRange));
    assert_eq!(error.message, "at most 200 entries are allowed here (5000 given)");
    // At the limit it loads, its errors (here duplicate dates) to be marked in the form.
    case.denosumab = Some(DenosumabBlock { injections: dates(MAX_INJECTIONS), ..DenosumabBlock::default() });
    case.history = vec![DrugPeriod::default(); MAX_ENTRIES];
    assert_eq!(share::decode(&share::encode(&case)), Some(Ok(case.clone())));
    case.fractures = vec![Fracture::default(); MAX_ENTRIES + 1];
    let error = only_error(share::decode(&share::encode(&case)).unwrap());
    assert_eq!((error.path.as_str(), error.code), ("fractures", ErrorCode::OutOfRange));
}

#[test]
fn list_limits_name_the_limit_at_the_list_path() {
    let injections: Vec<String> = (0..=MAX_INJECTIONS).map(|i| format!("\"{}-01-01\"", 1900 + i)).collect();
    let text = with(&format!(r#""denosumab":{{"injections":[{}]}}"#, injections.join(",")));
    let doc: serde_json::Value = serde_json::from_str(&evaluate_json(&text).unwrap_err()).unwrap();
    let error = &doc["errors"][0];
    assert_eq!((error["path"].as_str(), error["code"].as_str()), (Some("denosumab.injections"), Some("out_of_range")));
    assert!(error["message"].as_str().unwrap().contains("at most 200"), "{error}");
}

#[test]
fn secondary_causes_have_a_list_limit_too() {
    let causes: Vec<&str> = (0..=MAX_ENTRIES).map(|_| "\"ckd\"").collect();
    let text = with(&format!(r#""secondary_causes":[{}]"#, causes.join(",")));
    let doc: serde_json::Value = serde_json::from_str(&evaluate_json(&text).unwrap_err()).unwrap();
    let errors = doc["errors"].as_array().unwrap();
    // One error for the list, not one duplicate per entry.
    assert_eq!(errors.len(), 1, "{doc}");
    assert_eq!(
        (errors[0]["path"].as_str(), errors[0]["code"].as_str()),
        (Some("secondary_causes"), Some("out_of_range"))
    );
}
