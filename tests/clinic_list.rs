//! The clinic list (issue 16): a generated 500-patient register (CSV and JSON Lines) with known statuses, the
//! order of the list, bad rows, and the same file through the command line.
#![cfg(not(target_arch = "wasm32"))] // native tests; runs the built example like tests/cli.rs

use std::path::PathBuf;
use std::process::Command;

use chrono::Days;
use osteoplan::clinic_list::{
    csv_template, filter_buckets, filter_dates, read_csv, read_jsonl, Bucket, ClinicList, InputKind, ListBuilder,
    ListOptions, Reader, COLUMNS, OPTIONAL_COLUMNS,
};
use osteoplan::clinical::case::{BtmTest, BtmUnit, Case, Site, CASE_FORMAT};

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
    let (cases, unread) = match InputKind::detect(text) {
        InputKind::JsonLines => read_jsonl(text, options.today),
        InputKind::Csv => read_csv(text, options.today),
    };
    let mut builder = ListBuilder::new(InputKind::detect(text), options, unread);
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
    // B1 has injection dates but no sex: listed with its schedule only (issue 26), which needs no sex.
    assert_eq!(good, ["B1", "G1", "G2"]);
    assert!(list.rows.iter().all(|r| r.schedule_only == (r.id == "B1")));
    let found: Vec<(usize, &str)> = list.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    assert_eq!(found, [(4, "injections"), (5, "history"), (6, "")]);
    assert!(list.errors[0].message.contains("`2026-02-30` is not a date"), "{}", list.errors[0].message);
    assert!(list.errors[1].message.contains("unknown drug `bonemax`"), "{}", list.errors[1].message);
    assert!(list.errors[2].message.contains("19 columns expected, 5 found"), "{}", list.errors[2].message);
    // Rows, not messages, are counted.
    assert_eq!((list.left_out, list.flawed, list.error_count()), (3, 0, 3));
    // As the command line and the page show them, in both languages.
    assert_eq!(list.errors[2].to_string(), "row 6: 19 columns expected, 5 found");
    let (en, zh) =
        (list.errors[0].text(osteoplan::words::lang::Lang::En), list.errors[0].text(osteoplan::words::lang::Lang::Zh));
    assert!(en.starts_with("row 4, injections: `2026-02-30` is not a date"), "{en}");
    assert!(zh.starts_with("第 4 行，injections：`2026-02-30` 不是日期"), "{zh}");
    assert_eq!(list.errors[2].text(osteoplan::words::lang::Lang::Zh), "第 6 行：应有 19 列，实有 5 列");
    // JSON Lines: the line number and the case path.
    let jsonl = "{\"format\":\"osteoplan-case/2\",\"patient\":{\"id\":\"J1\",\"sex\":\"female\",\"age_years\":70,\"menopause\":\"postmenopausal\"},\
                 \"dxa\":[{\"site\":\"total_hip\",\"t_score\":-2.7}]}\n\n\
                 {\"format\":\"osteoplan-case/2\",\"patient\":{\"id\":\"J2\",\"age_years\":70}}\n";
    let list = ClinicList::from_text(jsonl, ListOptions::new(today()));
    assert_eq!(ids(&list), ["J1"]);
    // J2 has neither injection dates nor sex: nothing to list, said as such.
    assert_eq!((list.errors[0].row, list.errors[0].field.as_str()), (3, ""));
    assert!(list.errors[0].message.starts_with("neither injection dates"), "{}", list.errors[0].message);
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
    for lang in osteoplan::words::lang::Lang::ALL {
        let template = csv_template(lang);
        let header: Vec<&str> = template.lines().next().unwrap().split(',').collect();
        for column in COLUMNS.iter().chain(&OPTIONAL_COLUMNS) {
            assert!(header.contains(column), "{lang:?}: {column} in the header");
        }
        assert_eq!(header.len(), COLUMNS.len() + OPTIONAL_COLUMNS.len());
        // Under each column, whether it is required (and for what) or optional, in the template's language.
        let marks: Vec<&str> = template.lines().nth(1).unwrap().split(',').collect();
        assert_eq!(marks.len(), header.len());
        assert!(marks[0].starts_with('#'), "the marks row is skipped when read");
        let mark = |column: &str| marks[header.iter().position(|c| *c == column).unwrap()];
        let (required, optional) = match lang {
            osteoplan::words::lang::Lang::En => ("required", "optional"),
            osteoplan::words::lang::Lang::Zh => ("必填", "可选"),
        };
        for column in ["id", "name", "injections", "sex", "age", "date_of_birth", "menopause"] {
            assert!(mark(column).contains(required), "{lang:?}: {column} is marked {}", mark(column));
        }
        for column in ["egfr", "lowest_t", "ctx", "last_ctx_date", "last_dxa_date"] {
            assert_eq!(mark(column), optional, "{lang:?}: {column}");
        }
        let help = template.lines().nth(2).unwrap();
        assert!(!help.contains(','), "the help line is one cell");
        for column in OPTIONAL_COLUMNS {
            assert!(help.contains(column), "{lang:?}: the help line explains {column}");
        }
        let list = ClinicList::from_text(&template, ListOptions::new(today()));
        assert!(list.errors.is_empty(), "{lang:?}: {:?}", list.errors);
        let mut listed = ids(&list);
        listed.sort();
        assert_eq!(listed, ["P001", "P002"]);
        let full = list.rows.iter().find(|r| r.id == "P001").unwrap();
        assert_eq!(full.row, 4, "the marks and help rows count as spreadsheet rows 2 and 3");
        assert!(!full.schedule_only);
        // The second example is a nurse's register row: ID, name, sex, date of birth, injections (2025/3/6 form).
        let schedule = list.rows.iter().find(|r| r.id == "P002").unwrap();
        assert!(schedule.schedule_only);
        assert_eq!(schedule.case.patient.age_years, Some(76), "born 1950-04-12, on the list's date 2026-11-25");
        assert_eq!(schedule.report.denosumab.as_ref().unwrap().last_injection, Some(day("2025-09-08")));
        // The example shows the v3 columns: they reach the case.
        let case = &full.case;
        assert_eq!(case.dxa_date.as_ref().unwrap().0, "2025-10-28");
        assert_eq!(case.dxa_previous.len(), 1);
        assert_eq!(case.btm.len(), 3);
        assert!(case.btm_reference.is_some() && case.lsc_percent.is_some());
    }
}

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

// Case format v3 (issue 23): the follow-up columns.

/// A register row with every v3 column filled (the header: `COLUMNS`, then `OPTIONAL_COLUMNS`). A machine name with
/// a comma is quoted, and one with a colon is the rest of its `dxa_previous` item.
const V3_ROW: &str = "V3,Follow Up,female,70,postmenopausal,2026-11-20,2025-11-10;2026-05-12,continue,,60,,60,2.3,40,60,\
    -2.6,total_hip,hip:2026-10-02:2026-10-04;vertebral:2025-01-10:nonfragility,,\
    2026-11-18,\"Hologic Horizon A, room 3\",0.701,\
    \"2024-11-18:total_hip:0.731:-2.2:Hologic Horizon A, room 3;2024-11-18:lumbar_spine:0.842;2022-11-01:total_hip::-2.0:GE: Lunar\",\
    lumbar_spine:3.2;total_hip:4.1,2026-02-20:0.52:ng_ml;2026-08-20:310:pg_ml,2026-02-20:61:ug_l,0.30,37,5,6,12";

fn v3_header() -> String {
    format!("{},{}", COLUMNS.join(","), OPTIONAL_COLUMNS[..12].join(","))
}

/// The one case `text` loads, checked to evaluate without an error.
fn only_case(text: &str) -> Case {
    let list = ClinicList::from_text(text, ListOptions::new(today()));
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    assert_eq!(list.rows.len(), 1);
    list.rows[0].case.clone()
}

#[test]
fn a_v3_csv_row_reads_every_follow_up_field_into_an_osteoplan_case_3() {
    let case = only_case(&format!("{}\n{V3_ROW}\n", v3_header()));
    assert_eq!(case.format.as_deref(), Some(CASE_FORMAT));
    assert_eq!(CASE_FORMAT, "osteoplan-case/3");
    assert_eq!(case.dxa_date.as_ref().unwrap().0, "2026-11-18");
    assert_eq!(case.dxa_machine.as_deref(), Some("Hologic Horizon A, room 3"));
    assert_eq!(case.dxa.len(), 1);
    assert_eq!(
        (case.dxa[0].site, case.dxa[0].t_score, case.dxa[0].bmd_g_cm2),
        (Some(Site::TotalHip), Some(-2.6), Some(0.701))
    );

    let previous: Vec<_> = case
        .dxa_previous
        .iter()
        .map(|p| (p.date.as_ref().unwrap().0.as_str(), p.site.unwrap(), p.bmd_g_cm2, p.t_score, p.machine.as_deref()))
        .collect();
    assert_eq!(
        previous,
        [
            ("2024-11-18", Site::TotalHip, Some(0.731), Some(-2.2), Some("Hologic Horizon A, room 3")),
            ("2024-11-18", Site::LumbarSpine, Some(0.842), None, None),
            ("2022-11-01", Site::TotalHip, None, Some(-2.0), Some("GE: Lunar")),
        ]
    );
    let lsc = case.lsc_percent.unwrap();
    assert_eq!((lsc.lumbar_spine, lsc.femoral_neck, lsc.total_hip, lsc.radius_33), (Some(3.2), None, Some(4.1), None));

    let btm: Vec<_> = case
        .btm
        .iter()
        .map(|b| (b.test.unwrap(), b.date.as_ref().unwrap().0.as_str(), b.value.unwrap(), b.unit.unwrap()))
        .collect();
    assert_eq!(
        btm,
        [
            (BtmTest::Ctx, "2026-02-20", 0.52, BtmUnit::NgMl),
            (BtmTest::Ctx, "2026-08-20", 310.0, BtmUnit::PgMl),
            (BtmTest::P1np, "2026-02-20", 61.0, BtmUnit::UgL),
        ]
    );
    let reference = case.btm_reference.unwrap();
    assert_eq!((reference.ctx_ng_ml, reference.p1np_ng_ml), (Some(0.30), Some(37.0)));
    let gc = case.glucocorticoids.unwrap();
    assert_eq!((gc.mg_per_day, gc.months, gc.planned_months), (Some(5.0), Some(6.0), Some(12.0)));

    assert_eq!(case.fractures.len(), 2);
    assert_eq!(case.fractures[0].surgery_date.as_ref().unwrap().0, "2026-10-04");
    assert_eq!(case.fractures[0].fragility, None);
    assert_eq!((case.fractures[1].fragility, case.fractures[1].surgery_date.as_ref()), (Some(false), None));

    // The same case as a JSON Lines row (it says osteoplan-case/3) loads as the same case.
    let line = serde_json::to_string(&case).unwrap();
    assert!(line.contains("\"format\":\"osteoplan-case/3\"") && line.contains("\"planned_months\":12"), "{line}");
    assert_eq!(only_case(&format!("{line}\n")), case);
}

#[test]
fn a_v3_json_lines_row_loads_with_its_follow_up_fields() {
    // As the spec writes a v3 case (shared/spec/case-format.md), without assessed_on: the list's date fills it.
    let line = r#"{"format":"osteoplan-case/3","patient":{"id":"J3","sex":"female","age_years":68,"menopause":"postmenopausal"},
        "dxa":[{"site":"total_hip","t_score":-2.6,"bmd_g_cm2":0.70}],"dxa_date":"2026-11-20","dxa_machine":"Hologic A",
        "dxa_previous":[{"date":"2024-11-18","site":"total_hip","bmd_g_cm2":0.731,"t_score":-2.2,"machine":"Hologic A"}],
        "lsc_percent":{"total_hip":4.1},"btm":[{"test":"ctx","date":"2026-02-20","value":0.52,"unit":"ng_ml"},
        {"test":"p1np","date":"2026-02-20","value":61,"unit":"ug_l"}],"btm_reference":{"ctx_ng_ml":0.30,"p1np_ng_ml":37},
        "fractures":[{"site":"hip","date":"2026-10-02","surgery_date":"2026-10-04"}],
        "glucocorticoids":{"mg_per_day":5.0,"months":6,"planned_months":12}}"#
        .replace('\n', "");
    let case = only_case(&format!("{line}\n"));
    assert_eq!(case.patient.id.as_deref(), Some("J3"));
    assert_eq!(case.assessed_on.as_ref().unwrap().0, "2026-11-25");
    assert_eq!(case.dxa_date.as_ref().unwrap().0, "2026-11-20");
    assert_eq!(case.dxa_machine.as_deref(), Some("Hologic A"));
    assert_eq!(case.dxa_previous[0].bmd_g_cm2, Some(0.731));
    assert_eq!(case.lsc_percent.unwrap().total_hip, Some(4.1));
    assert_eq!(case.btm.iter().map(|b| b.test.unwrap()).collect::<Vec<_>>(), [BtmTest::Ctx, BtmTest::P1np]);
    assert_eq!(case.btm_reference.unwrap().p1np_ng_ml, Some(37.0));
    assert_eq!(case.fractures[0].surgery_date.as_ref().unwrap().0, "2026-10-04");
    assert_eq!(case.glucocorticoids.unwrap().planned_months, Some(12.0));
    // The same fields in a case that says osteoplan-case/2 are unknown there: the row is refused, by path.
    let old = line.replace("osteoplan-case/3", "osteoplan-case/2");
    let list = ClinicList::from_text(&old, ListOptions::new(today()));
    assert!(list.rows.is_empty());
    assert!(list.errors.iter().any(|e| e.row == 1 && e.field == "btm"), "{:?}", list.errors);
}

#[test]
fn an_old_csv_without_the_v3_columns_reads_as_before() {
    // The 500-patient register and BAD_ROWS have the 19 old columns; they load (tests above). Their cases are the
    // cases of the same rows with the v3 columns present and empty, and carry none of the v3 fields.
    let patients = register();
    let old = csv_file(&patients);
    let empty = ",".repeat(OPTIONAL_COLUMNS.len());
    let mut lines = old.lines();
    let header = lines.next().unwrap();
    assert_eq!(header, COLUMNS.join(","));
    let widened: String = std::iter::once(format!("{},{}", COLUMNS.join(","), OPTIONAL_COLUMNS.join(",")))
        .chain(lines.map(|line| format!("{line}{empty}")))
        .map(|line| line + "\n")
        .collect();
    let (cases, errors) = read_csv(&old, today());
    let (wide_cases, wide_errors) = read_csv(&widened, today());
    assert!(errors.errors.kept.is_empty() && wide_errors.errors.kept.is_empty(), "{errors:?} {wide_errors:?}");
    assert_eq!(cases.len(), 500);
    for (a, b) in cases.iter().zip(&wide_cases) {
        assert_eq!((a.row, &a.case), (b.row, &b.case));
        let c = &a.case;
        assert!(c.dxa_date.is_none() && c.dxa_machine.is_none() && c.dxa_previous.is_empty() && c.btm.is_empty());
        assert!(c.lsc_percent.is_none() && c.btm_reference.is_none() && c.glucocorticoids.is_none());
        assert!(c.fractures.iter().all(|f| f.surgery_date.is_none()));
        assert!(c.dxa.iter().all(|d| d.bmd_g_cm2.is_none()));
    }
    // Any of the optional columns alone, in any place of the header.
    let text = format!(
        "ctx,{}\n2026-02-20:0.52:ng_ml,G1,Good One,female,70,postmenopausal,,2025-12-01;2026-06-01,continue,,60,,60,2.3,40,60,-2.8,total_hip,,\n",
        COLUMNS.join(",")
    );
    let case = only_case(&text);
    assert_eq!(case.btm.len(), 1);
    assert_eq!(case.btm[0].value, Some(0.52));
    assert!(case.dxa_previous.is_empty() && case.glucocorticoids.is_none());
    // The old column count message counts the header's columns.
    let list = ClinicList::from_text(&format!("ctx,{}\nG1,Short\n", COLUMNS.join(",")), ListOptions::new(today()));
    assert_eq!(list.errors[0].to_string(), "row 2: 20 columns expected, 2 found");
}

#[test]
fn bad_v3_cells_are_reported_with_their_row_and_column() {
    // Each row spoils one cell of V3_ROW (after the first cell, so that the ID stays): the reader's own checks
    // (shape, names, numbers) and the engine's (dates, ranges), whose case paths are turned back into columns.
    let spoil = |from: &str, to: &str| {
        assert!(V3_ROW.contains(from), "{from}");
        V3_ROW.replacen(from, to, 1)
    };
    let bad = [
        (spoil("2026-02-20:61:ug_l", "2026-02-20:61"), "p1np", "is not written as date:value:unit"),
        (spoil("2026-02-20:61:ug_l", "2026-02-20:61:pg_ml"), "p1np", ""),
        (spoil("2026-08-20:310:pg_ml", "2026-08-20:310:mg"), "ctx", "unknown unit `mg`"),
        (spoil("2026-08-20:310:pg_ml", "2026-12-20:310:pg_ml"), "ctx", ""),
        (spoil("2024-11-18:lumbar_spine:0.842", "2024-11-18:spine:0.842"), "dxa_previous", "unknown DXA site `spine`"),
        (spoil("2024-11-18:lumbar_spine:0.842", "2024-11-18:lumbar_spine:x"), "dxa_previous", "`x` is not a number"),
        (
            spoil("2024-11-18:lumbar_spine:0.842", "2024-11-18"),
            "dxa_previous",
            "is not written as date:site:bmd[:t[:machine]]",
        ),
        (spoil("2024-11-18:lumbar_spine:0.842", "2026-11-19:lumbar_spine:0.842"), "dxa_previous", ""),
        (spoil("lumbar_spine:3.2;", "lumbar_spine:3.2;lumbar_spine:3;"), "lsc_percent", "appears twice"),
        (spoil("lumbar_spine:3.2;", "lumbar_spine:30;"), "lsc_percent", ""),
        (spoil("lumbar_spine:3.2;", "lumbar_spine;"), "lsc_percent", "is not written as site:percent"),
        (spoil("2026-10-02:2026-10-04", "2026-10-02:2026-09-30"), "fractures", ""),
        (spoil("2026-10-02:2026-10-04", "2026-10-02:fragile"), "fractures", "only `nonfragility` and the surgery date"),
        (spoil(",0.30,37,", ",0.30,3,"), "p1np_reference_ng_ml", ""),
        (spoil(",0.30,37,", ",zero,37,"), "ctx_reference_ng_ml", "`zero` is not a number"),
        (spoil(",5,6,12", ",5,6,4"), "glucocorticoid_planned_months", ""),
        (spoil(",5,6,12", ",500,6,12"), "glucocorticoid_mg_per_day", ""),
        (spoil("2026-11-18,", "2026-11-21,"), "dxa_date", ""),
        (spoil("Hologic Horizon A, room 3\",0.701", &format!("{}\",0.701", "H".repeat(65))), "dxa_machine", ""),
        (spoil(",0.701,", ",3.5,"), "bmd_g_cm2", ""),
    ];
    let text: String =
        std::iter::once(v3_header()).chain(bad.iter().map(|(row, ..)| row.clone())).collect::<Vec<_>>().join("\n");
    let list = ClinicList::from_text(&text, ListOptions::new(today()));
    // Issue 26: V3 has injection dates, and none of these cells is one the schedule reads: each row is listed with
    // its schedule only, and each bad cell named with its row and column.
    let left: Vec<_> = list.errors.iter().filter(|e| !e.listed).collect();
    assert_eq!(list.rows.len(), bad.len(), "{left:?}");
    assert!(list.rows.iter().all(|r| r.schedule_only));
    assert_eq!((list.left_out, list.flawed), (0, bad.len()));
    for (i, (_, column, message)) in bad.iter().enumerate() {
        let row = i + 2;
        let found: Vec<_> = list.errors.iter().filter(|e| e.row == row).collect();
        assert!(!found.is_empty(), "row {row} ({column}) not reported");
        assert!(found.iter().all(|e| e.field == *column && e.listed), "row {row}: {column} expected, {found:?}");
        assert!(found.iter().any(|e| e.message.contains(message)), "row {row}: `{message}` not in {found:?}");
    }
    // A header naming a v3 column twice, or an unknown one, refuses the file as not a register.
    let list = ClinicList::from_text(&format!("{},ctx,ctx\n", COLUMNS.join(",")), ListOptions::new(today()));
    assert_eq!(list.refused.as_deref(), Some("not a register: row 1: column `ctx` appears twice in the header"));
    let list = ClinicList::from_text(&format!("{},ctx_ng_ml\n", COLUMNS.join(",")), ListOptions::new(today()));
    let refused = list.refused.unwrap_or_default();
    assert!(refused.contains("and optionally dxa_date,"), "{refused}");
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
    for needle in ["row 4, injections", "row 5, history", "row 6: 19 columns expected"] {
        assert!(stderr.contains(needle), "{needle} not in {stderr}");
    }
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4, "header, two good rows, one schedule row");
    std::fs::remove_file(&path).ok();
    // I/O and argument errors: exit 1.
    assert_eq!(run_list(&[], &PathBuf::from("/nonexistent/list.csv")).status.code(), Some(1));
    assert_eq!(run_list(&["--weeks", "x"], &path).status.code(), Some(1));
    assert_eq!(run_list(&["--today", "2026-02-30"], &path).status.code(), Some(1));
}

// Issue 26: registers as clinics keep them, and the schedule of a schedule-only row.

/// The part of a denosumab block a schedule-only row shows: status, dates, window, lateness, catch-up, exit dates
/// and drug, and the schedule's rules (DMAB-NEXT, -STATUS, -CATCH-UP, -STOP-PLAN, -EXIT-TIMING and their kin).
fn schedule_of(d: &osteoplan::clinical::denosumab::DenosumabReport) -> String {
    use osteoplan::clinical::rules::RuleId::*;
    let schedule_rules = [
        DmabNext,
        DmabStatus,
        DmabMissed,
        DmabCatchUp,
        DmabRebound,
        DmabStopPlan,
        DmabExitTiming,
        DmabExitRestart,
        DmabExitGiven,
    ];
    let rules = |rules: &[osteoplan::clinical::rules::RuleId]| -> Vec<&str> {
        rules.iter().filter(|r| schedule_rules.contains(r)).map(|r| r.code()).collect()
    };
    let exit = d
        .exit_plan
        .as_ref()
        .map(|e| (e.transition_on, e.give_on, e.give_by, e.given_on, e.restarted, e.drug, rules(&e.rules)));
    format!(
        "{:?} next={:?} window={:?} late={} catch_up={:?} last={:?} n={} rules={:?} exit={exit:?}",
        d.status,
        d.next_due,
        d.window,
        d.days_late,
        d.catch_up,
        d.last_injection,
        d.injections_count,
        rules(&d.rules)
    )
}

#[test]
fn a_300_patient_register_as_clinics_keep_it_loads_every_patient_with_injection_dates() {
    use osteoplan::clinic_list::{decode, replaced, Encoding};
    let mixed = register::mixed_register();
    assert!((90..=110).contains(&mixed.schedule_only.len()), "a third: {}", mixed.schedule_only.len());
    assert_eq!(mixed.bad_cells.len(), 30, "a tenth");
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&mixed.text);
    assert!(!unmappable);
    let (text, encoding) = decode(&gbk).unwrap();
    assert_eq!(encoding, Encoding::Gb18030, "detected");
    assert_eq!(replaced(&text), None, "nothing shown as a replacement character");
    let list = ClinicList::from_text(&text, ListOptions::new(today()));
    // No patient with injection dates is dropped.
    for p in mixed.patients.iter().filter(|p| !p.injections.is_empty()) {
        assert!(list.rows.iter().any(|r| r.id == p.id), "{} dropped: {:?}", p.id, list.errors);
    }
    // Every bad cell named with its row and column, and nothing else.
    let mut named: Vec<(usize, &str)> = list.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    named.sort();
    assert_eq!(named, mixed.bad_cells, "{:?}", list.errors);
    // Rows, not messages: the bad rows without injections are left out; those with injections listed.
    let left_out = mixed.bad_cells.iter().filter(|(row, _)| mixed.patients[row - 2].injections.is_empty()).count();
    assert_eq!((list.left_out, list.flawed), (left_out, 30 - left_out));
    assert_eq!(list.rows.len(), 300 - left_out);
    // The full rows are assessed as before (the same buckets as the plain register); the names read from GB18030.
    let plain = ClinicList::from_text(&csv_file(&register()), ListOptions::new(today()));
    for row in &list.rows {
        let p = mixed.patients.iter().find(|p| p.id == row.id).unwrap();
        assert_eq!(row.name, format!("王丽{}", &p.id[1..]));
        let expected_schedule = mixed.schedule_only.contains(&row.id) || list.errors.iter().any(|e| e.row == row.row);
        assert_eq!(row.schedule_only, expected_schedule, "{}", row.id);
        if !row.schedule_only {
            assert_eq!(row.bucket, p.kind, "{}", row.id);
        }
        // The schedule of a schedule-only row is the full assessment's for the same patient.
        let full = plain.rows.iter().find(|r| r.id == row.id).unwrap();
        match (&row.report.denosumab, &full.report.denosumab) {
            (Some(ours), Some(theirs)) => assert_eq!(schedule_of(ours), schedule_of(theirs), "{}", row.id),
            (ours, theirs) => assert_eq!(ours.is_none(), theirs.is_none(), "{}", row.id),
        }
    }
    // The command line reads the same bytes to the same counts (the browser test compares the page with it).
    let path = std::env::temp_dir().join(format!("osteoplan-list-{}-mixed.csv", std::process::id()));
    std::fs::write(&path, &gbk).unwrap();
    let out = run_list(&["--csv", "--today", "2026-11-25"], &path);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read as GB18030"), "{stderr}");
    for (row, column) in &mixed.bad_cells {
        assert!(stderr.contains(&format!("row {row}, {column}: ")), "row {row} {column} not in {stderr}");
    }
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let buckets: Vec<String> = reader.records().map(|r| r.unwrap()[2].to_string()).collect();
    for (bucket, n) in list.counts() {
        assert_eq!(buckets.iter().filter(|b| *b == bucket.key()).count(), n, "{bucket:?}");
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn the_schedule_of_a_schedule_only_row_is_the_full_assessments_for_every_vignette() {
    // Each vignette with injection dates, as a JSON Lines register twice: whole, and as a nurse keeps it (no sex,
    // age, menopause, DXA, fractures, FRAX or follow-up values).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vignettes");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let (mut whole, mut stripped, mut names) = (String::new(), String::new(), Vec::new());
    for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut case = doc["case"].clone();
        let has_injections = case["denosumab"]["injections"].as_array().is_some_and(|a| !a.is_empty());
        let Ok(parsed) = serde_json::from_value::<Case>(case.clone()) else { continue };
        if !has_injections || osteoplan::evaluate(&parsed).is_err() {
            continue;
        }
        whole.push_str(&format!("{case}\n"));
        for field in ["sex", "age_years", "menopause"] {
            case["patient"].as_object_mut().unwrap().remove(field);
        }
        for field in
            ["dxa", "fractures", "frax", "dxa_previous", "dxa_date", "pre_treatment_t_score", "glucocorticoids"]
        {
            case.as_object_mut().unwrap().remove(field);
        }
        stripped.push_str(&format!("{case}\n"));
        names.push(path.file_stem().unwrap().to_string_lossy().into_owned());
    }
    assert!(names.len() >= 10, "{} vignettes with injection dates", names.len());
    let by_row = |text: &str| {
        let list = ClinicList::from_text(text, ListOptions::new(today()));
        let mut rows = list.rows.clone();
        rows.sort_by_key(|r| r.row);
        (list, rows)
    };
    let ((full, full_rows), (schedule, schedule_rows)) = (by_row(&whole), by_row(&stripped));
    assert!(full.errors.is_empty() && schedule.errors.is_empty(), "{:?} {:?}", full.errors, schedule.errors);
    assert_eq!(schedule_rows.len(), names.len(), "every stripped vignette is listed");
    let mut differ = Vec::new();
    for ((name, f), s) in names.iter().zip(&full_rows).zip(&schedule_rows) {
        assert!(!f.schedule_only && s.schedule_only, "{name}");
        let (f, s) = (f.report.denosumab.as_ref().unwrap(), s.report.denosumab.as_ref().unwrap());
        if schedule_of(f) != schedule_of(s) {
            differ.push(format!("{name}:\n  full     {}\n  schedule {}", schedule_of(f), schedule_of(s)));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn formula_prefixes_in_names_and_ids_are_neutralised_in_the_csv_export_and_read_back_with_the_quote_only() {
    // Each row has injection dates, so each is listed (schedule only) whatever else it has.
    let hostile = [
        ("=1+1", "=HYPERLINK(\"http://x\",\"y\")"),
        ("+A1", "+cmd|' /C calc'!A0"),
        ("-2+3", "-Wang, Li"),
        ("@SUM", "@SUM(A1:A9)"),
        ("T1", "\tTabbed"),
        ("-2.5", "Plain Number Id"),
    ];
    let mut text = String::from("id,name,injections\n");
    for (id, name) in hostile {
        text.push_str(&format!("\"{}\",\"{}\",2026-05-04\n", id.replace('"', "\"\""), name.replace('"', "\"\"")));
    }
    let path = temp_file("hostile-names.csv", &text);
    let out = run_list(&["--csv", "--today", "2026-11-25"], &path);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(&path).ok();
    // As a spreadsheet would read the file: every formula prefix behind a quote; the quote taken off gives the
    // register's cell back; a plain number stays a number.
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), hostile.len());
    for (id, name) in hostile {
        let record = records.iter().find(|r| r[0].trim_start_matches('\'') == id).unwrap_or_else(|| panic!("{id}"));
        // The CSV reader trims cells (a leading tab never reaches the export from a CSV register; the unit test of
        // `spreadsheet_safe` covers tab and CR).
        for (written, original) in [(&record[0], id), (&record[1], name.trim())] {
            let risky = original.starts_with(['=', '+', '-', '@', '\t', '\r']) && original.parse::<f64>().is_err();
            assert_eq!(written.starts_with('\''), risky, "{original:?} written {written:?}");
            assert_eq!(if risky { &written[1..] } else { written }, original);
        }
    }
}

#[test]
fn a_registers_last_ctx_and_last_dxa_date_let_the_engine_say_ctx_above_reference_ctx_due_and_dxa_due() {
    use osteoplan::clinical::plan::Action;
    use osteoplan::clinical::rules::RuleId;
    use osteoplan::words::lang::Lang;
    // Issue 27's columns, fed into the case's `btm` and `dxa_date` (§7b decides). The exit of p31: zoledronic acid
    // given 2026-03-30 after seven doses; the laboratory's mean 0.35 ng/mL.
    let header = "id,name,sex,age,menopause,assessed_on,injections,plan,egfr,calcium_mmol_l,vitamin_d_nmol_l,lowest_t,lowest_t_site,history,ctx_reference_ng_ml,last_ctx_date,last_ctx_ng_ml,last_dxa_date";
    let doses = "2022-09-30;2023-03-31;2023-09-29;2024-03-29;2024-09-27;2025-03-28;2025-09-26";
    let exit = format!("{doses},stop,66,2.34,69,-2.3,lumbar_spine,zoledronic_acid:2026-03-30:,0.35");
    let text = [
        header.to_string(),
        format!("ABOVE,Above Ref,female,73,postmenopausal,2026-10-12,{exit},2026-09-28,0.44,"),
        format!("SCHED,Schedule Above,,,,2026-10-12,{exit},2026-09-28,0.44,"),
        // Infused 2026-05-01, CTX below the mean three months on: the six-month CTX is due within the horizon.
        format!("DUE,Ctx Due,female,73,postmenopausal,2026-10-12,{},2026-08-01,0.22,", exit.replace("2026-03-30", "2026-05-01")),
        "DXA,Dxa Due,female,70,postmenopausal,2026-10-12,,,60,2.3,60,-2.6,total_hip,alendronate:2022-01-01:,,,,2024-01-10"
            .to_string(),
    ]
    .join("\n");
    let list = ClinicList::from_text(&text, ListOptions::new(day("2026-10-12")));
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    let row = |id: &str| list.rows.iter().find(|r| r.id == id).unwrap();
    for id in ["ABOVE", "SCHED"] {
        let r = row(id);
        assert_eq!(r.schedule_only, id == "SCHED");
        assert_eq!(r.next_item().map(|i| i.action), Some(Action::RepeatInfusion), "{id}: {:?}", r.report.plan);
        assert!(r.alerts().iter().any(|a| a.rule == RuleId::MonExitCtx), "{id}");
        let words = osteoplan::words::names::alert_words(RuleId::MonExitCtx, Lang::En).unwrap();
        assert_eq!(words, "CTX above reference — repeat infusion");
    }
    let due = row("DUE");
    let ctx_due = due.also_due.iter().chain(&due.next).any(|&i| due.report.plan[i].action == Action::CheckBtm);
    assert!(ctx_due, "CTX due: {:?}", due.report.plan);
    let dxa = row("DXA");
    let dxa_item = dxa.also_due.iter().map(|&i| &dxa.report.plan[i]).find(|i| i.action == Action::Dxa);
    assert!(dxa_item.is_some_and(|i| i.rules.contains(&RuleId::MonDxaDue)), "DXA due: {:?}", dxa.report.plan);
    assert!(dxa.also_due_text(Lang::En).contains("DXA"), "{}", dxa.also_due_text(Lang::En));
}
