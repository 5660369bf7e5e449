//! The clinic list (issue 16): a generated 500-patient register (CSV and JSON Lines) with known statuses, the
//! order of the list, bad rows, and the same file through the command line.
#![cfg(not(target_arch = "wasm32"))] // native tests; runs the built example like tests/cli.rs

use std::path::PathBuf;
use std::process::Command;

use chrono::Days;
use osteoplan::clinic_list::{
    csv_template, filter_buckets, filter_dates, read_csv, read_jsonl, Bucket, ClinicList, InputKind, ListBuilder,
    ListOptions, Reader, COLUMNS,
};

#[path = "common/register.rs"]
mod register;

use register::{csv_file, expected_counts, expected_first, jsonl_file, register, today};

fn ids(list: &ClinicList) -> Vec<String> {
    list.rows.iter().map(|r| r.id.clone()).collect()
}

#[test]
fn a_500_patient_register_is_counted_and_ordered_most_urgent_first() {
    let patients = register();
    let options = ListOptions::new(today());
    for (kind, text) in [(InputKind::Csv, csv_file(&patients)), (InputKind::JsonLines, jsonl_file(&patients))] {
        assert_eq!(InputKind::detect(&text), kind);
        let list = ClinicList::from_text(&text, options);
        assert!(list.errors.is_empty(), "{kind:?}: {:?}", &list.errors[..list.errors.len().min(5)]);
        assert_eq!(list.rows.len(), 500);
        for row in &list.rows {
            let p = patients.iter().find(|p| p.id == row.id).unwrap();
            assert_eq!(row.bucket, p.kind, "{kind:?} {}: {:?} {:?}", row.id, row.status, row.alerts());
        }
        assert_eq!(list.counts(), expected_counts(&patients), "{kind:?}");
        let first: Vec<String> = ids(&list).into_iter().take(20).collect();
        assert_eq!(first, expected_first(&patients, 20), "{kind:?}");
        // The buckets never go backwards, and inside the late ones days late never rise.
        for pair in list.rows.windows(2) {
            assert!(pair[0].bucket <= pair[1].bucket);
            if pair[0].bucket == pair[1].bucket && pair[0].bucket <= Bucket::Late {
                assert!(pair[0].days_late >= pair[1].days_late);
            }
        }
        // Every patient has a next dated action, none before the list's date.
        assert!(list.rows.iter().all(|r| r.next_date().is_some_and(|d| d >= today())));
    }
    // CSV and JSON Lines give the same list.
    let from_csv = ids(&ClinicList::from_text(&csv_file(&patients), options));
    assert_eq!(from_csv, ids(&ClinicList::from_text(&jsonl_file(&patients), options)));
}

/// The list from the whole-file readers (`read_jsonl`, `read_csv`): what the steps must add up to.
fn read_whole(text: &str, options: ListOptions) -> ClinicList {
    let (cases, errors) = match InputKind::detect(text) {
        InputKind::JsonLines => read_jsonl(text, options.today),
        InputKind::Csv => read_csv(text, options.today),
    };
    let mut builder = ListBuilder::new(InputKind::detect(text), options, errors);
    cases.into_iter().for_each(|case| builder.add(case));
    builder.finish()
}

#[test]
fn a_list_read_in_steps_is_the_list_read_at_once() {
    // Bad rows and blank lines too, so that row numbers and errors are compared as well as the order.
    let patients = register();
    let jsonl = format!("{}\n\n{{\"format\": \"osteoplan-case/2\", \"patient\": {{}}}}\n", jsonl_file(&patients));
    for text in [csv_file(&patients), jsonl, BAD_ROWS.to_string()] {
        let options = ListOptions::new(today());
        let (mut reader, mut builder) = Reader::new(&text, options);
        let mut steps = 0;
        while reader.step(&mut builder) {
            steps += 1;
            assert_eq!(reader.progress().0, steps);
        }
        assert_eq!(reader.progress(), (steps, steps), "every step counted");
        let (stepped, at_once) = (builder.finish(), read_whole(&text, options));
        assert!(!stepped.rows.is_empty());
        assert_eq!(ids(&stepped), ids(&at_once));
        assert_eq!(
            stepped.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
            at_once.rows.iter().map(|r| r.row).collect::<Vec<_>>()
        );
        assert_eq!(stepped.errors, at_once.errors);
    }
}

#[test]
fn filters_by_bucket_and_by_date() {
    let patients = register();
    let list = ClinicList::from_text(&csv_file(&patients), ListOptions::new(today()));
    let late = filter_buckets(&list.rows, &[Bucket::Overdue, Bucket::Late]);
    assert_eq!(late.len(), 90);
    assert_eq!(filter_buckets(&list.rows, &[]).len(), 500);
    let week = filter_dates(&list.rows, Some(today() + Days::new(1)), Some(today() + Days::new(7)));
    assert!(!week.is_empty());
    assert!(week.iter().all(|r| r.next_date().is_some_and(|d| d > today() && d <= today() + Days::new(7))));
    // A longer horizon moves not-due patients into "due soon".
    let wider = ClinicList::from_text(&csv_file(&patients), ListOptions { today: today(), weeks: 12 });
    let soon = |l: &ClinicList| l.counts().iter().find(|(b, _)| *b == Bucket::DueSoon).unwrap().1;
    assert!(soon(&wider) > soon(&list));
}

const BAD_ROWS: &str = "\
id,name,sex,age,menopause,assessed_on,injections,plan,regimen,egfr,creatinine_umol_l,weight_kg,calcium_mmol_l,albumin_g_l,vitamin_d_nmol_l,lowest_t,lowest_t_site,fractures,history
G1,Good One,female,70,postmenopausal,,2025-12-01;2026-06-01,continue,,60,,60,2.3,40,60,-2.8,total_hip,,
B1,No Sex,,70,postmenopausal,,2025-12-01;2026-06-01,continue,,60,,60,2.3,40,60,-2.8,total_hip,,
B2,Bad Date,female,70,postmenopausal,,2025-12-01;2026-02-30,continue,,60,,60,2.3,40,60,-2.8,total_hip,,
B3,Bad Drug,female,70,postmenopausal,,,,,60,,60,2.3,40,60,-2.8,total_hip,,alendronate:2020-01-01:2024-01-01;bonemax:2024-02-01:
B4,Short,female,70,postmenopausal
G2,Good Two,male,75,,,,,,60,,70,2.3,40,60,-2.6,femoral_neck,hip:2025-03-01,alendronate:2024-01-01:
";

#[test]
fn bad_rows_are_reported_with_row_and_field_and_the_good_rows_load() {
    let list = ClinicList::from_text(BAD_ROWS, ListOptions::new(today()));
    let mut good = ids(&list);
    good.sort();
    assert_eq!(good, ["G1", "G2"]);
    let found: Vec<(usize, &str)> = list.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    assert_eq!(found, [(3, "sex"), (4, "injections"), (5, "history"), (6, "")]);
    assert!(list.errors[1].message.contains("2026-02-30"), "{}", list.errors[1].message);
    assert!(list.errors[2].message.contains("unknown drug `bonemax`"), "{}", list.errors[2].message);
    assert!(list.errors[3].message.contains("19 columns expected, 5 found"), "{}", list.errors[3].message);
    // As the command line and the page show them, in both languages.
    assert_eq!(list.errors[3].to_string(), "row 6: 19 columns expected, 5 found");
    let (en, zh) = (list.errors[0].text(osteoplan::lang::Lang::En), list.errors[0].text(osteoplan::lang::Lang::Zh));
    assert!(en.starts_with("row 3, sex: "), "{en}");
    assert!(zh.starts_with("第 3 行，sex："), "{zh}");
    // JSON Lines: the line number and the case path.
    let jsonl = "{\"format\":\"osteoplan-case/2\",\"patient\":{\"id\":\"J1\",\"sex\":\"female\",\"age_years\":70,\"menopause\":\"postmenopausal\"},\
                 \"dxa\":[{\"site\":\"total_hip\",\"t_score\":-2.7}]}\n\n\
                 {\"format\":\"osteoplan-case/2\",\"patient\":{\"id\":\"J2\",\"age_years\":70}}\n";
    let list = ClinicList::from_text(jsonl, ListOptions::new(today()));
    assert_eq!(ids(&list), ["J1"]);
    assert_eq!((list.errors[0].row, list.errors[0].field.as_str()), (3, "patient.sex"));
}

#[test]
fn cells_read_into_the_case_and_a_quoted_line_break_keeps_the_row_numbers() {
    let text = format!(
        "{}\n\nQ1,\"Two\nLines, Name\",female,70,postmenopausal,2026-11-01,,,,,80,60,,,,-2.6,lumbar_spine,\
         hip:2025-03-01:nonfragility;vertebral:2024-01-10,alendronate:2019-01-01:2024-01-01;zoledronic_acid:2024-02-01:\n\
         Q2,Bad,female,70,postmenopausal,,,,,,,,,,,x,total_hip,,\n",
        COLUMNS.join(",")
    );
    let list = ClinicList::from_text(&text, ListOptions::new(today()));
    assert_eq!(ids(&list), ["Q1"]);
    let row = &list.rows[0];
    assert_eq!(row.row, 3, "header 1, a blank row 2");
    assert_eq!(row.name, "Two\nLines, Name");
    let case = &row.case;
    assert_eq!(case.assessed_on.as_ref().unwrap().0, "2026-11-01");
    assert_eq!(case.labs.creatinine_umol_l, Some(80.0));
    assert_eq!(case.fractures.len(), 2);
    assert_eq!(case.fractures[0].fragility, Some(false));
    assert_eq!(case.fractures[1].fragility, None);
    assert_eq!(case.history[1].end, None, "an empty end is ongoing");
    assert!(case.denosumab.is_none());
    let e = &list.errors[0];
    assert_eq!((e.row, e.field.as_str()), (4, "lowest_t"), "{e}");
    // Windows line ends number the same rows.
    let list = ClinicList::from_text(&text.replace('\n', "\r\n"), ListOptions::new(today()));
    assert_eq!((list.rows[0].row, list.errors[0].row), (3, 4));
}

#[test]
fn the_template_reads_as_one_good_patient_in_both_languages() {
    for lang in osteoplan::lang::Lang::ALL {
        let template = csv_template(lang);
        assert!(template.starts_with(&COLUMNS.join(",")));
        assert!(!template.lines().nth(1).unwrap().contains(','), "the help line is one cell");
        let list = ClinicList::from_text(&template, ListOptions::new(today()));
        assert!(list.errors.is_empty(), "{lang:?}: {:?}", list.errors);
        assert_eq!(ids(&list), ["P001"]);
        assert_eq!(list.rows[0].row, 3, "the comment line counts as spreadsheet row 2");
    }
}

// The command line (examples/evaluate.rs), run as a process.

fn evaluate_bin() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    deps.parent().unwrap().join("examples").join(format!("evaluate{}", std::env::consts::EXE_SUFFIX))
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("osteoplan-list-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

fn run_list(args: &[&str], path: &PathBuf) -> std::process::Output {
    Command::new(evaluate_bin()).arg("--list").args(args).arg(path).output().expect("the evaluate example is built")
}

#[test]
fn the_command_line_prints_the_same_order_as_text_and_as_csv() {
    let patients = register();
    let options = ListOptions::new(today());
    for (name, text) in [("r.csv", csv_file(&patients)), ("r.jsonl", jsonl_file(&patients))] {
        let path = temp_file(name, &text);
        let expected = ids(&ClinicList::from_text(&text, options));
        let out = run_list(&["--csv", "--today", "2026-11-25"], &path);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
        let header = reader.headers().unwrap().clone();
        for column in ["id", "name", "stage", "status", "days_late", "next_action", "next_date", "alerts"] {
            assert!(header.iter().any(|h| h == column), "{column} missing from {header:?}");
        }
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let printed: Vec<String> = records.iter().map(|r| r[0].to_string()).collect();
        assert_eq!(printed, expected, "{name}");
        assert!(records.iter().all(|r| r[1].starts_with("Patient, ")), "a name with a comma is quoted");

        let out = run_list(&["--today", "2026-11-25", "--weeks", "4"], &path);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("exit window passed: 6 | overdue: 40 | late: 50"), "{}", &text[..300]);
        let table_ids: Vec<&str> =
            text.lines().filter_map(|l| l.split_whitespace().next()).filter(|w| w.starts_with('P')).collect();
        assert_eq!(table_ids, expected, "{name}");
        std::fs::remove_file(path).ok();
    }
}

#[test]
fn the_command_line_lists_bad_rows_on_stderr_and_still_prints_the_list() {
    let path = temp_file("bad.csv", BAD_ROWS);
    let out = run_list(&["--csv", "--today", "2026-11-25"], &path);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in ["row 3, sex", "row 4, injections", "row 5, history", "row 6: 19 columns expected"] {
        assert!(stderr.contains(needle), "{needle} not in {stderr}");
    }
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3, "header and two good rows");
    std::fs::remove_file(&path).ok();
    // I/O and argument errors: exit 1.
    assert_eq!(run_list(&[], &PathBuf::from("/nonexistent/list.csv")).status.code(), Some(1));
    assert_eq!(run_list(&["--weeks", "x"], &path).status.code(), Some(1));
    assert_eq!(run_list(&["--today", "2026-02-30"], &path).status.code(), Some(1));
}
