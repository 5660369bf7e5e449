//! Hostile and mistaken files (issue 25): bounded row errors, files that are not a register, long cells, line
//! ends of every system, an unclosed quote, control characters on a terminal, and the command line on each.
#![cfg(not(target_arch = "wasm32"))] // native tests; runs the built example like tests/cli.rs

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use osteoplan::clinic_list::{
    decode, escape_controls, ClinicList, Encoding, ListOptions, Reader, COLUMNS, MAX_ROW_ERRORS, REGISTER_PROBE_ROWS,
};

fn options() -> ListOptions {
    ListOptions::new(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap())
}

fn header() -> String {
    COLUMNS.join(",")
}

/// A readable row: `id`, `name` (written as given: quote it yourself if it needs quoting).
fn good(id: &str, name: &str) -> String {
    format!("{id},{name},female,70,postmenopausal,,,,,,,,,,,-2.8,femoral_neck,,")
}

const GOOD_LINE: &str = r#"{"format":"osteoplan-case/1","patient":{"id":"J1","sex":"female","age_years":70,"menopause":"postmenopausal"},"dxa":[{"site":"femoral_neck","t_score":-2.8}]}"#;

fn rows(list: &ClinicList) -> Vec<(String, usize)> {
    list.rows.iter().map(|r| (r.id.clone(), r.row)).collect()
}

#[test]
fn at_most_1000_row_errors_are_kept_the_first_rows_and_the_rest_counted() {
    // One good row, then 5 000 bad ones (CSV), then a good one: the list has both, the errors are rows 3..=1002.
    let text = format!("{}\n{}\n{}{}\n", header(), good("P1", "A"), "a,b\n".repeat(5000), good("P2", "B"));
    let list = ClinicList::from_text(&text, options());
    assert_eq!(rows(&list), [("P1".to_string(), 2), ("P2".to_string(), 5003)]);
    assert_eq!(list.errors.len(), MAX_ROW_ERRORS);
    assert_eq!(list.more_errors, 4000);
    assert_eq!(list.error_count(), 5000);
    assert_eq!(list.errors.first().map(|e| e.row), Some(3));
    assert_eq!(list.errors.last().map(|e| e.row), Some(1002));
    assert!(list.refused.is_none());

    // JSON Lines, read in steps as the page reads it: the same bound.
    let text = format!("{GOOD_LINE}\n{}", "{\"format\": 1}\n".repeat(3000));
    let (mut reader, mut builder) = Reader::new(&text, options());
    while reader.step(&mut builder) {}
    let list = builder.finish();
    assert_eq!(list.rows.len(), 1);
    assert_eq!((list.errors.len(), list.more_errors), (MAX_ROW_ERRORS, 2000));
    assert_eq!(list.errors.first().map(|e| e.row), Some(2));
    assert!(list.errors.windows(2).all(|w| w[0].row <= w[1].row), "in row order");
}

#[test]
fn a_file_with_nothing_readable_in_its_first_1000_rows_is_not_a_register() {
    // A million short lines (3 MB, "{x"): refused after the first 1 000 lines, not four million errors.
    let text = "{x\n".repeat(1_000_000);
    let started = Instant::now();
    let (mut reader, mut builder) = Reader::new(&text, options());
    let mut steps = 0;
    while reader.step(&mut builder) {
        steps += 1;
    }
    let list = builder.finish();
    assert_eq!(steps, REGISTER_PROBE_ROWS - 1, "the reader stops at the 1 000th line");
    let refused = list.refused.expect("refused");
    assert!(refused.starts_with("not a register: none of the first 1000 lines is a case"), "{refused}");
    assert!(refused.contains("row 1: not a JSON document"), "{refused}");
    assert!(list.rows.is_empty() && list.errors.len() <= REGISTER_PROBE_ROWS);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());

    // CSV rows of the wrong shape under a right header.
    let text = format!("{}\n{}", header(), "a,b,c\n".repeat(350_000));
    let list = ClinicList::from_text(&text, options());
    let refused = list.refused.expect("refused");
    assert!(refused.contains("none of the first 1000 rows could be read (a CSV register has the columns id,name,sex"));
    assert!(refused.ends_with("row 2: 19 columns expected, 3 found"), "{refused}");

    // A readable row among the first 1 000 keeps the file a register, however many bad rows follow.
    let text = format!("{}\n{}{}", header(), "a,b\n".repeat(999), good("P1", "A"));
    let list = ClinicList::from_text(&text, options());
    assert!(list.refused.is_none());
    assert_eq!(rows(&list), [("P1".to_string(), 1001)]);

    // A CSV file whose first row is not the header is refused with the header's reason, its cell cut.
    let text = format!("{}\n{}\n", "x".repeat(5000), good("P1", "A"));
    let refused = ClinicList::from_text(&text, options()).refused.expect("refused");
    assert!(refused.starts_with(&format!("not a register: row 1: unknown column `{}…` in the header", "x".repeat(80))));
}

#[test]
fn a_quoted_cell_is_cut_to_80_characters_in_a_message() {
    let long = "9".repeat(1_000_000);
    let text = format!("{}\n{}\n", header(), good("P1", "A").replacen(",70,", &format!(",{long},"), 1));
    let started = Instant::now();
    let list = ClinicList::from_text(&text, options());
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(list.errors.len(), 1);
    assert_eq!(list.errors[0].field, "age");
    assert_eq!(list.errors[0].message, format!("`{}…` is not a number", "9".repeat(80)));
    // 80 characters, not bytes: a Chinese cell is cut on a character.
    let text = format!("{}\n{}\n", header(), good("P1", "A").replace("female", &"女".repeat(200)));
    let list = ClinicList::from_text(&text, options());
    assert_eq!(list.errors[0].message, format!("unknown sex `{}…`", "女".repeat(80)));
}

#[test]
fn row_numbers_stay_right_across_lf_crlf_and_lone_cr() {
    // Row 1 header (CRLF), 2 good (lone CR), 3 blank (LF), 4 bad (CRLF), 5 good (lone CR), 6 bad (LF), 7 good.
    let text =
        format!("{}\r\n{}\r\n{}\r\na,b\r{}\nx\n{}", header(), good("P1", "A"), "", good("P2", "B"), good("P3", "C"));
    let text = text.replacen(&format!("{}\r\n", good("P1", "A")), &format!("{}\r", good("P1", "A")), 1);
    let list = ClinicList::from_text(&text, options());
    let mut found = rows(&list);
    found.sort_by_key(|(_, row)| *row);
    assert_eq!(found, [("P1".to_string(), 2), ("P2".to_string(), 5), ("P3".to_string(), 7)]);
    assert_eq!(list.errors.iter().map(|e| e.row).collect::<Vec<_>>(), [4, 6]);

    // JSON Lines alike: lone CR, CRLF and LF each end a line.
    let bad = r#"{"format": 1}"#;
    let text = format!("{bad}\r{GOOD_LINE}\r\n\r\n{bad}\n{}", GOOD_LINE.replace("J1", "J2"));
    let list = ClinicList::from_text(&text, options());
    let mut found = rows(&list);
    found.sort_by_key(|(_, row)| *row);
    assert_eq!(found, [("J1".to_string(), 2), ("J2".to_string(), 5)]);
    let mut error_rows: Vec<usize> = list.errors.iter().map(|e| e.row).collect();
    error_rows.dedup();
    assert_eq!(error_rows, [1, 4]);
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens_and_the_rows_before_it_kept() {
    let text = format!(
        "{}\n{}\n{}\n{}\n{}\n",
        header(),
        good("P1", "A"),
        good("P2", "\"Wang, Li"),
        good("P3", "C"),
        good("P4", "D")
    );
    let list = ClinicList::from_text(&text, options());
    assert_eq!(rows(&list), [("P1".to_string(), 2)]);
    assert_eq!(list.errors.len(), 1, "{:?}", list.errors);
    assert_eq!(list.errors[0].row, 3);
    assert!(list.errors[0].message.starts_with("a quote opens in this row and is never closed"), "{:?}", list.errors);
    // A closed quote across lines is a cell with a line break, not an error.
    let text = format!("{}\n{}\n{}\n", header(), good("P1", "\"Wang\nLi\""), good("P2", "B"));
    let list = ClinicList::from_text(&text, options());
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    assert_eq!(rows(&list).iter().map(|r| r.1).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn control_characters_are_escaped_for_a_terminal() {
    assert_eq!(escape_controls("plain 王丽", false), "plain 王丽");
    assert_eq!(
        escape_controls("a\u{1b}[2Kb\rc\u{7}d\u{0}e\u{7f}f\u{85}g\u{9b}h\u{2028}i\u{2029}j\nk\tl", false),
        "a\\u{1b}[2Kb\\u{d}c\\u{7}d\\u{0}e\\u{7f}f\\u{85}g\\u{9b}h\\u{2028}i\\u{2029}j\\u{a}k\\u{9}l"
    );
    // A document's own line breaks and tabs kept when asked.
    assert_eq!(escape_controls("a\nb\tc\rd", true), "a\nb\tc\\u{d}d");
}

// The command line (examples/evaluate.rs), run as a process.

fn evaluate_bin() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    deps.parent().unwrap().join("examples").join(format!("evaluate{}", std::env::consts::EXE_SUFFIX))
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("osteoplan-hostile-{}-{name}", std::process::id()))
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = temp_path(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(args: &[&str], path: &Path) -> (Output, Duration) {
    let started = Instant::now();
    let out = Command::new(evaluate_bin())
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("the evaluate example is built by cargo test");
    (out, started.elapsed())
}

/// No raw control byte but the line feed (and the tab) in a terminal's text.
fn assert_no_raw_controls(text: &[u8], what: &str) {
    let text = String::from_utf8_lossy(text);
    let raw: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{2028}' || c == '\u{2029}')
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in {text}");
}

#[test]
fn the_command_line_answers_each_hostile_file_quickly_with_the_right_exit_code() {
    let cells = good("P1", "A").replacen(",70,", &format!(",{},", "9".repeat(1_000_000)), 1);
    let files: [(&str, Vec<u8>, &str); 5] = [
        ("million.jsonl", "{x\n".repeat(1_000_000).into_bytes(), "not a register: none of the first 1000 lines"),
        ("bad-rows.csv", format!("{}\n{}", header(), "a,b,c\n".repeat(350_000)).into_bytes(), "not a register"),
        ("big-cell.csv", format!("{}\n{cells}\n", header()).into_bytes(), "no row could be read"),
        (
            "binary.bin",
            (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect(),
            "not a register",
        ),
        ("empty-list.csv", format!("{}\n{}\n", header(), "a,b").into_bytes(), "no row could be read"),
    ];
    for (name, bytes, says) in files {
        let path = temp_file(name, &bytes);
        for args in [&["--list", "--today", "2026-12-04"][..], &["--list", "--csv", "--today", "2026-12-04"]] {
            let (out, took) = run(args, &path);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
            assert!(stderr.contains(says), "{name}: {stderr}");
            assert!(stderr.len() < 200_000, "{name}: {} bytes of stderr", stderr.len());
            assert!(out.stdout.is_empty(), "{name}: nothing listed");
            assert_no_raw_controls(&out.stderr, name);
            assert!(took < Duration::from_secs(2), "{name}: {took:?}");
        }
        std::fs::remove_file(path).ok();
    }
    // One good row among many bad: listed, exit 0, the first 1 000 errors and a count on stderr.
    let path =
        temp_file("mixed.csv", format!("{}\n{}\n{}", header(), good("P1", "A"), "a,b\n".repeat(5000)).as_bytes());
    let (out, _) = run(&["--list", "--today", "2026-12-04"], &path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.lines().count(), MAX_ROW_ERRORS + 1, "{}", &stderr[..200]);
    assert!(stderr.ends_with("evaluate: … and 4000 more rows not listed (the first 1000 shown)\n"));
    std::fs::remove_file(path).ok();
}

#[test]
fn names_with_escape_sequences_reach_no_terminal_raw_but_json_and_csv_keep_them() {
    let name = "Evil\u{1b}[1A\u{1b}[2K\rName\u{7}";
    let text = format!(
        "{}\n{}\n{}\n",
        header(),
        good("P\u{1b}]0;x\u{7}1", &format!("\"{name}\"")),
        good("P2", "B").replace("female", "fe\u{1b}[31mmale")
    );
    let path = temp_file("esc.csv", text.as_bytes());
    let (out, _) = run(&["--list", "--today", "2026-12-04"], &path);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_no_raw_controls(&out.stdout, "--list table");
    assert_no_raw_controls(&out.stderr, "--list stderr");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("Evil\\u{1b}[1A\\u{1b}[2K\\u{d}Name\\u{7}"), "{table}");
    assert!(table.contains("P\\u{1b}]0;x\\u{7}1"), "{table}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown sex `fe\\u{1b}[31mmale`"));
    // CSV keeps the data, quoted as CSV requires.
    let (out, _) = run(&["--list", "--csv", "--today", "2026-12-04"], &path);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!((&record[0], &record[1]), ("P\u{1b}]0;x\u{7}1", name));
    std::fs::remove_file(path).ok();

    // --text: the document's name escaped; the JSON report keeps it.
    let case = format!(
        r#"{{"format":"osteoplan-case/1","assessed_on":"2026-11-22","patient":{{"name":{},"id":"X\u0007","sex":"female","age_years":68,"menopause":"postmenopausal"}},"dxa":[{{"site":"femoral_neck","t_score":-2.5}}]}}"#,
        serde_json::to_string(name).unwrap()
    );
    let path = temp_file("esc.json", case.as_bytes());
    for lang in ["en", "zh"] {
        let (out, _) = run(&["--text", lang], &path);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_no_raw_controls(&out.stdout, "--text");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Evil\\u{1b}[1A"));
    }
    // The JSON report is the engine's, untouched.
    let (out, _) = run(&[], &path);
    let report = osteoplan::clinical::evaluate_json(&case).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{report}\n"));
    std::fs::remove_file(path).ok();
}

#[test]
fn an_argument_or_a_path_with_escape_sequences_is_shown_escaped() {
    let out = Command::new(evaluate_bin()).arg("--bad\u{1b}[2J").stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_raw_controls(&out.stderr, "unknown option");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown option --bad\\u{1b}[2J"));
    let missing = temp_path("no\u{1b}]0;title\u{7}such.csv");
    let (out, _) = run(&["--list"], &missing);
    assert_eq!(out.status.code(), Some(1));
    assert_no_raw_controls(&out.stderr, "missing file");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no\\u{1b}]0;title\\u{7}such.csv"));
}

#[test]
fn a_directory_or_a_fifo_is_refused_with_its_path() {
    let dir = temp_path("a-directory");
    std::fs::create_dir_all(&dir).unwrap();
    for args in [&["--list"][..], &[], &["--text", "en"]] {
        let (out, took) = run(args, &dir);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("{} is a directory", dir.display())), "{stderr}");
        assert!(took < Duration::from_secs(2));
    }
    std::fs::remove_dir(&dir).ok();
    #[cfg(unix)]
    {
        // A FIFO with no writer: refused at once, never opened (opening it would block forever).
        let fifo = temp_path("a-fifo");
        let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
        if made {
            let (out, took) = run(&["--list"], &fifo);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains(&format!("{} is not a regular file", fifo.display())), "{stderr}");
            assert!(took < Duration::from_secs(2));
            std::fs::remove_file(&fifo).ok();
        }
    }
}

/// A register with a Chinese and a Latin name, CRLF line ends.
fn named_register() -> String {
    format!("{}\r\n{}\r\n{}\r\n", header(), good("P1", "王丽"), good("P2", "Zoë Müller"))
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mark: &[u8] = if big_endian { b"\xfe\xff" } else { b"\xff\xfe" };
    let units = text.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    mark.iter().copied().chain(units).collect()
}

#[test]
fn registers_are_read_in_the_encodings_clinics_save_them_in() {
    let text = named_register();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let cases: [(&str, Vec<u8>, Encoding); 5] = [
        ("utf-8", text.clone().into_bytes(), Encoding::Utf8),
        ("utf-8 with mark", [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(), Encoding::Utf8),
        ("utf-16le", utf16(&text, false), Encoding::Utf16Le),
        ("utf-16be", utf16(&text, true), Encoding::Utf16Be),
        ("gb18030", gb.into_owned(), Encoding::Gb18030),
    ];
    for (what, bytes, encoding) in cases {
        let (read, found) = decode(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(found, encoding, "{what}");
        assert_eq!(found.warning(), None, "{what}");
        let list = ClinicList::from_text(&read, options());
        let mut names: Vec<(String, usize)> = list.rows.iter().map(|r| (r.name.clone(), r.row)).collect();
        names.sort_by_key(|n| n.1);
        assert_eq!(names, [("王丽".to_string(), 2), ("Zoë Müller".to_string(), 3)], "{what}");
    }
    // Windows-1252 (no Chinese in it): read, with a warning naming the encoding.
    let latin = format!("{}\n{}\n", header(), good("P2", "Zoë Müller, Café"));
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    let (read, found) = decode(&bytes).unwrap();
    assert_eq!((found, read.as_ref()), (Encoding::Windows1252, latin.as_str()));
    assert!(found.warning().unwrap().contains("Windows-1252"));

    // Binary: refused as not text.
    let refused = decode(b"PK\x03\x04\x14\x00\x06\x00").unwrap_err();
    assert!(refused.starts_with("not a register: the file is not text"), "{refused}");
}

#[test]
fn the_command_line_reads_the_same_encodings_and_says_windows_1252() {
    let text = named_register();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    for (name, bytes) in [("le.csv", utf16(&text, false)), ("be.csv", utf16(&text, true)), ("gb.csv", gb.into_owned())]
    {
        let path = temp_file(name, &bytes);
        let (out, _) = run(&["--list", "--csv", "--today", "2026-12-04"], &path);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        // Issue 26: the encoding used is said (and nothing else: no row problem).
        let said = if name == "gb.csv" {
            "GB18030"
        } else if name == "le.csv" {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            format!("evaluate: {}: read as {said}", path.display())
        );
        let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
        let mut names: Vec<(String, String)> =
            reader.records().map(|r| r.unwrap()).map(|r| (r[9].to_string(), r[1].to_string())).collect();
        names.sort();
        assert_eq!(names, [("2".into(), "王丽".into()), ("3".into(), "Zoë Müller".into())], "{name}");
        std::fs::remove_file(path).ok();
    }
    let latin = format!("{}\n{}\n", header(), good("P2", "Zoë Müller"));
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    let path = temp_file("latin.csv", &latin);
    let (out, _) = run(&["--list", "--today", "2026-12-04"], &path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("was read as Windows-1252"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Zoë Müller"));
    std::fs::remove_file(path).ok();
    let path = temp_file("archive.zip", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00");
    let (out, _) = run(&["--list"], &path);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a register: the file is not text"));
    std::fs::remove_file(path).ok();
}
