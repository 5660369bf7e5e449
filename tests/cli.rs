//! The native command line (examples/evaluate.rs), run as a process: exit codes, stdout, --jsonl, bad input.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// `cargo test` builds the examples next to the test binaries' deps folder.
fn evaluate_bin() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    deps.parent().unwrap().join("examples").join(format!("evaluate{}", std::env::consts::EXE_SUFFIX))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(evaluate_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the evaluate example is built by cargo test");
    // Written from another thread: a large input and its large output would otherwise fill both pipes.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

const VALID: &str = r#"{"format":"osteoplan-case/1","assessed_on":"2026-11-22","patient":{"sex":"female","age_years":68,"menopause":"postmenopausal"},"dxa":[{"site":"femoral_neck","t_score":-2.5}]}"#;
const INVALID: &str = r#"{"format":"osteoplan-case/1","assessed_on":"2026-02-30","patient":{"sex":"female","age_years":68,"menopause":"postmenopausal"},"dxa":[{"site":"femoral_neck","t_score":-15}]}"#;

#[test]
fn a_valid_case_prints_a_report_and_exits_0() {
    let out = run(&[], VALID.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out.stdout);
    assert_eq!(report["format"], "osteoplan-report/3");
    assert_eq!(report["diagnosis"]["category"], "osteoporosis");
}

#[test]
fn an_invalid_case_prints_every_error_on_stdout_and_exits_2() {
    let out = run(&[], INVALID.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out.stdout);
    assert_eq!(doc["format"], "osteoplan-errors/1");
    let paths: Vec<&str> = doc["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["assessed_on", "dxa[0].t_score"]);
}

#[test]
fn garbage_never_panics() {
    let inputs: [&[u8]; 6] = [
        b"not json at all",
        b"",
        b"\xff\xfe\x00binary",
        br#"{"patient":{"age_years":1e999999}}"#,
        br#"{"dxa":[{"t_score":123456789012345678901234567890e300}]}"#,
        br#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["#,
    ];
    for input in inputs {
        let out = run(&[], input);
        assert_eq!(
            out.status.code(),
            Some(2),
            "input {:?}: {}",
            String::from_utf8_lossy(input),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(json(&out.stdout)["errors"][0]["code"], "malformed");
    }
}

#[test]
fn jsonl_answers_each_line_and_exits_0() {
    let input = format!("{VALID}\n{INVALID}\n\nnot json\n{VALID}");
    let out = run(&["--jsonl"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| json(l.as_bytes())).collect();
    let formats: Vec<&str> = lines.iter().map(|d| d["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["osteoplan-report/3", "osteoplan-errors/1", "osteoplan-errors/1", "osteoplan-report/3"]);
}

#[test]
fn jsonl_keeps_the_input_order_across_batches_and_cores() {
    // More lines than one batch (2048), each case with its own age, so every answer can be matched to its line
    // through OSTA = 0.2 × (weight − age); every seventh line is invalid.
    let age = |i: usize| 50 + (i % 60) as i64;
    let lines: Vec<String> = (0..5000)
        .map(|i| {
            let mut case = json(VALID.as_bytes());
            case["patient"]["age_years"] = age(i).into();
            case["patient"]["weight_kg"] = 60.into();
            if i % 7 == 3 {
                case["patient"]["sex"] = "robot".into();
            }
            case.to_string()
        })
        .collect();
    let out = run(&["--jsonl"], lines.join("\n").as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let docs: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| json(l.as_bytes())).collect();
    assert_eq!(docs.len(), lines.len());
    for (i, doc) in docs.iter().enumerate() {
        if i % 7 == 3 {
            assert_eq!(doc["format"], "osteoplan-errors/1", "line {i}");
            continue;
        }
        let osta = doc["risk"]["osta"]["index"].as_f64().unwrap();
        assert!((osta - 0.2 * (60 - age(i)) as f64).abs() < 0.051, "line {i}: OSTA {osta}");
    }
}

#[test]
fn a_case_over_256_kb_is_refused_with_an_error_document_and_the_lines_around_it_still_answer() {
    // A valid case padded past the limit with spaces (JSON whitespace): too large, whatever it holds.
    let huge = format!("{}{}", VALID.trim_end_matches('}'), " ".repeat(300 * 1024) + "}");
    let out = run(&[], huge.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out.stdout);
    assert_eq!(doc["errors"][0]["code"], "out_of_range");
    assert_eq!(doc["errors"][0]["path"], "");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("256 KB"));

    let input = format!("{VALID}\n{huge}\n{VALID}\n");
    let out = run(&["--jsonl"], input.as_bytes());
    let formats: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| json(l.as_bytes())["format"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(formats, ["osteoplan-report/3", "osteoplan-errors/1", "osteoplan-report/3"]);
}

#[test]
fn arrays_where_the_format_has_objects_are_malformed_at_their_path() {
    // serde reads a struct from a positional array; the format does not, in either mode.
    let positional = r#"["osteoplan-case/1","2026-11-22","cn-2022",[null,null,"female",68,"postmenopausal"]]"#;
    let patient = VALID.replace(
        r#"{"sex":"female","age_years":68,"menopause":"postmenopausal"}"#,
        r#"[null,null,"female",68,"postmenopausal"]"#,
    );
    let out = run(&["--jsonl"], format!("{positional}\n{patient}\n{VALID}\n").as_bytes());
    let docs: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| json(l.as_bytes())).collect();
    let first = |doc: &Value| (doc["errors"][0]["path"].clone(), doc["errors"][0]["code"].clone());
    assert_eq!(first(&docs[0]), ("".into(), "malformed".into()));
    assert_eq!(first(&docs[1]), ("patient".into(), "malformed".into()));
    assert_eq!(docs[1]["errors"][0]["message"], "must be a JSON object, not an array");
    assert_eq!(docs[2]["format"], "osteoplan-report/3");
    let out = run(&[], patient.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(first(&json(&out.stdout)), ("patient".into(), "malformed".into()));
}

#[test]
fn a_file_argument_is_read_and_a_missing_file_is_an_io_error() {
    let path = std::env::temp_dir().join(format!("osteoplan-cli-{}.json", std::process::id()));
    std::fs::write(&path, VALID).unwrap();
    let out = run(&[path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out.stdout)["format"], "osteoplan-report/3");

    let out = run(&["/nonexistent/case.json"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open"));
}

#[test]
fn text_prints_the_same_document_as_the_page_in_either_language() {
    use osteoplan::document::document;
    use osteoplan::input::problems::Problems;
    use osteoplan::render::text::plain_text;
    use osteoplan::words::i18n::Lang;
    let parsed = osteoplan::clinical::parse::parse_case(VALID).unwrap();
    let result = osteoplan::evaluate(&parsed.case).map_err(|engine| Problems { typing: Vec::new(), engine });
    for (flag, lang) in [("en", Lang::En), ("zh", Lang::Zh)] {
        let out = run(&["--text", flag], VALID.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), plain_text(&document(&parsed.case, &result, lang), lang));
    }
    let en = String::from_utf8(run(&["--text", "en"], VALID.as_bytes()).stdout).unwrap();
    assert!(en.contains("IMPRESSION\nOsteoporosis (lowest T −2.5, femoral neck)"), "{en}");
    assert!(en.contains("\nPLAN\n1. Today (2026-11-22): "), "{en}");
}

#[test]
fn text_of_an_incomplete_case_names_each_field_and_exits_2() {
    let out = run(&["--text", "en"], INVALID.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Assessment date"), "{text}");
    assert!(text.contains("DXA 1"), "{text}");
    assert!(!text.contains("PLAN"), "no plan for a case with errors: {text}");
    let garbage = run(&["--text", "zh"], b"not json");
    assert_eq!(garbage.status.code(), Some(2));
    assert!(!garbage.stdout.is_empty());
}

#[test]
fn text_needs_a_known_language_and_not_jsonl() {
    for args in [&["--text"][..], &["--text", "fr"], &["--jsonl", "--text", "en"]] {
        // No input: the arguments are refused before any is read.
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage"), "{args:?}");
    }
}
