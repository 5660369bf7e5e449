//! The printed clinic worklist (`osteoplan::render::worklist`): the generated 500-patient register of tests/clinic_list.rs
//! and a few constructed rows, read back as HTML text.
#![cfg(not(target_arch = "wasm32"))] // native tests; the page prints the same string

use chrono::{Days, NaiveDate};
use osteoplan::clinic_list::{Bucket, ClinicList, ListFilter, ListOptions, COLUMNS};
use osteoplan::render::worklist::{worklist_foot, worklist_head, worklist_rows, worklist_sheet};
use osteoplan::words::i18n::{Lang, Text};

#[path = "common/register.rs"]
mod register;

use register::{csv_file, register, today};

const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

fn register_list() -> ClinicList {
    ClinicList::from_text(&csv_file(&register()), ListOptions::new(today()))
}

/// A list of a few CSV rows (the columns of docs/formats.md; the patient's fields after `id,name`).
fn small_list(rows: &[(&str, &str, &str)]) -> ClinicList {
    let mut text = COLUMNS.join(",") + "\n";
    for (id, name, rest) in rows {
        text.push_str(&format!("{id},{name},{rest}\n"));
    }
    ClinicList::from_text(&text, ListOptions::new(today()))
}

/// Due 2026-12-01 (a dose due soon); eGFR 60.
const DUE_SOON: &str = "female,70,postmenopausal,,2025-12-01;2026-06-01,continue,,60,,60,2.3,40,60,-2.8,total_hip,,";
/// The same with eGFR 25: DMAB-CKD, a danger alert.
const CKD: &str = "female,70,postmenopausal,,2025-12-01;2026-06-01,continue,,25,,60,2.3,40,60,-2.8,total_hip,,";

/// The `<tbody>` of the worklist, split into its rows' HTML.
fn body_rows(html: &str) -> Vec<&str> {
    let Some(start) = html.find("<tbody>") else { return Vec::new() };
    let end = html.find("</tbody>").expect("the body is closed");
    html[start + "<tbody>".len()..end].split("</tr>").filter(|r| !r.is_empty()).collect()
}

/// The text of each `<td>` of one row.
fn cells(row: &str) -> Vec<&str> {
    row.split("<td").skip(1).map(|c| &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()]).collect()
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[test]
fn every_row_is_printed_in_the_lists_order_with_its_id_and_name() {
    let list = register_list();
    for lang in LANGS {
        let html = worklist_sheet(&list, &ListFilter::default(), lang, "");
        assert!(html.starts_with(&format!(r#"<article class="worklist" lang="{}">"#, lang.html_tag())));
        assert!(html.contains(&format!("{} · 2026-11-25</h1>", Text::PageClinicList.get(lang))), "the list's date");
        assert_eq!(html.matches("<thead>").count(), 1, "one header row, repeated by the printer");
        let rows = body_rows(&html);
        assert_eq!(rows.len(), list.rows.len());
        for (n, (printed, row)) in rows.iter().zip(&list.rows).enumerate() {
            let cells = cells(printed);
            assert_eq!(cells.len(), 11);
            assert_eq!(cells[0], "", "the tick box is left empty");
            assert_eq!(cells[1], (n + 1).to_string());
            assert_eq!(cells[2], row.id);
            assert_eq!(cells[3], escaped(&row.name));
            assert_eq!(cells[4], row.bucket.label(lang));
            assert_eq!(cells[7], escaped(&row.next_action(lang)));
            assert!(cells[8].starts_with(&row.next_date().unwrap().to_string()), "{}", cells[8]);
            assert_eq!(cells[9], escaped(&row.also_due_text(lang)));
        }
        let shown = format!("{}{}500 / 500", Text::ListPatientsShown.get(lang), lang.colon());
        assert!(html.contains(&shown), "{shown}");
        let horizon = escaped(&format!("{}{}4", Text::WorklistHorizon.get(lang), lang.colon()));
        assert!(html.contains(&horizon), "{horizon}");
        assert!(!html.contains(Text::WorklistFilter.get(lang)), "no filter, so no filter line");
        assert!(html.contains(r#"class="sheet-sign""#), "the signature line");
    }
}

#[test]
fn the_notice_and_the_count_per_status_are_printed_in_both_languages() {
    let list = register_list();
    for lang in LANGS {
        let html = worklist_sheet(&list, &ListFilter::default(), lang, "Bone Clinic");
        assert!(html.contains(r#"<p class="sheet-clinic">Bone Clinic</p>"#));
        let notice = match lang {
            Lang::En => "Decision support for clinicians; does not replace clinical judgement",
            Lang::Zh => "供临床医生决策参考，不能替代临床判断",
        };
        assert!(html.contains(notice), "{lang:?}: the notice");
        for (bucket, n) in list.counts() {
            let count = format!("{}{}{n}", bucket.label(lang), lang.colon());
            assert!(html.contains(&count), "{lang:?}: {count}");
        }
    }
    let zh = worklist_sheet(&list, &ListFilter::default(), Lang::Zh, "");
    assert!(zh.contains("序贯窗口已过：6") && zh.contains("严重逾期：40") && zh.contains("延迟：50"), "Chinese labels");
}

#[test]
fn a_filter_prints_only_its_rows_says_which_and_keeps_every_count() {
    let list = register_list();
    let filter = ListFilter { buckets: vec![Bucket::Overdue, Bucket::Late], ..ListFilter::default() };
    for lang in LANGS {
        let html = worklist_sheet(&list, &filter, lang, "");
        let rows = body_rows(&html);
        assert_eq!(rows.len(), 90);
        assert!(rows.iter().all(|r| r.starts_with(r#"<tr class="overdue">"#) || r.starts_with(r#"<tr class="late">"#)));
        let shown: Vec<&str> = filter.apply(&list.rows).iter().map(|r| r.id.as_str()).collect();
        let printed: Vec<&str> = rows.iter().map(|r| cells(r)[2]).collect();
        assert_eq!(printed, shown);
        let which = format!(
            "{}{}{}{}{}",
            Text::WorklistFilter.get(lang),
            lang.colon(),
            Bucket::Overdue.label(lang),
            lang.list_separator(),
            Bucket::Late.label(lang)
        );
        assert!(html.contains(&which), "{which}");
        assert!(html.contains(&format!("{}{}90 / 500", Text::ListPatientsShown.get(lang), lang.colon())));
        let restart = format!("{}{}6", Bucket::ExitRestart.label(lang), lang.colon());
        assert!(html.contains(&restart), "the counts are of the whole list");
    }
    // A date range: the rows whose next action falls in the week after the list's date.
    let (from, to) = (today() + Days::new(1), today() + Days::new(7));
    let week = ListFilter { from: Some(from), to: Some(to), ..ListFilter::default() };
    let html = worklist_sheet(&list, &week, Lang::En, "");
    assert!(html.contains("Shown only: Next appointment: 2026-11-26 – 2026-12-02"), "the date range is said");
    let rows = body_rows(&html);
    assert_eq!(rows.len(), week.apply(&list.rows).len());
    assert!(!rows.is_empty());
    for row in rows {
        let date: NaiveDate = cells(row)[8][..10].parse().unwrap();
        assert!(date >= from && date <= to, "{date}");
    }
    let open_end = ListFilter { to: Some(to), ..ListFilter::default() };
    assert!(worklist_sheet(&list, &open_end, Lang::Zh, "").contains("仅显示：下次预约：… – 2026-12-02"));
}

#[test]
fn names_ids_and_the_clinic_header_are_escaped() {
    let list = small_list(&[("X<1>", "\"<script>alert('x')</script> & Co\"", DUE_SOON), ("X2", "Plain Name", CKD)]);
    assert!(list.errors.is_empty(), "{:?}", list.errors);
    let html = worklist_sheet(&list, &ListFilter::default(), Lang::En, "<b>Clinic</b> & \"Ward\"");
    assert!(!html.contains("<script>") && !html.contains("<b>Clinic"), "nothing typed becomes markup");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
    assert!(html.contains("X&lt;1&gt;"));
    assert!(html.contains("&lt;b&gt;Clinic&lt;/b&gt; &amp; &quot;Ward&quot;"));
    assert_eq!(html.matches("<tr").count(), 3, "the header and two rows: no markup from the input");
}

#[test]
fn alerts_are_printed_with_their_severity_in_words() {
    let list = small_list(&[("K1", "Kidney", CKD)]);
    let row = &list.rows[0];
    assert_eq!(row.bucket, Bucket::Danger);
    let en = worklist_sheet(&list, &ListFilter::default(), Lang::En, "");
    // Issue 26: alerts in short words with their codes; a danger alert in bold.
    assert!(text_of(&en).contains("kidney: calcium risk (DMAB-CKD), plan the exit (DMAB-NO-EXIT)"), "{en}");
    assert!(en.contains(r#"<strong>kidney: calcium risk (<span class="code">DMAB-CKD</span>)</strong>"#), "{en}");
    // A code is kept on one line (the print CSS's nowrap on .code), so it never breaks at its hyphens.
    assert!(en.contains(r#"<span class="code">DMAB-NO-EXIT</span>"#), "{en}");
    let zh = worklist_sheet(&list, &ListFilter::default(), Lang::Zh, "");
    assert!(text_of(&zh).contains("肾功能：低钙风险（DMAB-CKD）、需制定序贯方案（DMAB-NO-EXIT）"), "{zh}");
    assert!(zh.contains("危险警示"), "the status in Chinese");
}

#[test]
fn a_late_dose_prints_its_days_late() {
    // Due 2026-10-01, 55 days before the list's date.
    let late = "female,70,postmenopausal,,2025-10-01;2026-04-01,continue,,60,,60,2.3,40,60,-2.8,total_hip,,";
    let list = small_list(&[("L1", "Late", late)]);
    assert_eq!(list.rows[0].days_late, 55);
    let en = worklist_sheet(&list, &ListFilter::default(), Lang::En, "");
    assert!(en.contains("late (55 days after the due date)"), "{en}");
    let zh = worklist_sheet(&list, &ListFilter::default(), Lang::Zh, "");
    assert!(zh.contains("延迟（已延迟55天）"), "{zh}");
}

/// The page prints a big list as its head, its rows in slices and its foot (issue 25): that is the whole worklist,
/// whatever the slices, the filter (none shown included) or the language.
#[test]
fn the_worklist_in_slices_is_the_whole_worklist() {
    let list = register_list();
    let filters = [
        ListFilter::default(),
        ListFilter { buckets: vec![Bucket::Overdue, Bucket::Late], ..ListFilter::default() },
        ListFilter { to: Some(today() - Days::new(1)), ..ListFilter::default() },
    ];
    for lang in LANGS {
        for filter in &filters {
            let whole = worklist_sheet(&list, filter, lang, "Clinic <A>");
            let shown = filter.apply(&list.rows);
            for slice in [1, 37, 500, 10_000] {
                let mut sliced = worklist_head(&list, filter, lang, "Clinic <A>");
                let mut start = 0;
                while start < shown.len() {
                    let end = (start + slice).min(shown.len());
                    sliced.push_str(&worklist_rows(&shown, start..end, lang));
                    start = end;
                }
                sliced.push_str(&worklist_foot(&list, shown.is_empty(), lang));
                assert_eq!(sliced, whole, "{lang:?}, slices of {slice}, {} shown", shown.len());
            }
        }
    }
    // A slice's rows carry their numbers in the whole list.
    let shown = ListFilter::default().apply(&list.rows);
    let rows = worklist_rows(&shown, 100..102, Lang::En);
    assert!(rows.contains(r#"<td class="num">101</td>"#) && rows.contains(r#"<td class="num">102</td>"#), "{rows}");
    assert!(rows.contains(&escaped(&shown[100].id)) && !rows.contains("<tbody>"));
}

#[test]
fn no_matching_patient_prints_a_line_instead_of_an_empty_table() {
    let list = register_list();
    let none = ListFilter { to: Some(today() - Days::new(1)), ..ListFilter::default() };
    assert!(none.apply(&list.rows).is_empty());
    for lang in LANGS {
        let html = worklist_sheet(&list, &none, lang, "");
        assert!(!html.contains("<table"), "{lang:?}: no empty table");
        assert!(html.contains(&format!(r#"<p class="worklist-none">{}</p>"#, Text::WorklistNone.get(lang))));
        assert!(html.contains(&format!("{}{}0 / 500", Text::ListPatientsShown.get(lang), lang.colon())));
        assert!(html.contains(Text::Notice.get(lang)), "the notice even so");
    }
    let empty = small_list(&[]);
    let html = worklist_sheet(&empty, &ListFilter::default(), Lang::En, "");
    assert!(!html.contains("<table") && html.contains("No patients match."));
}

#[test]
fn rows_that_could_not_be_read_are_counted_on_paper() {
    let bad = "female,70,postmenopausal,,2025-12-01;2026-02-30,continue,,60,,60,2.3,40,60,-2.8,total_hip,,";
    let no_sex = ",70,postmenopausal,,2025-12-01;2026-06-01,continue,,60,,60,2.3,40,60,-2.8,total_hip,,";
    let list = small_list(&[("G1", "Good", DUE_SOON), ("B1", "Bad Date", bad), ("B2", "No Sex", no_sex)]);
    // B2 has injection dates: listed with its schedule (issue 26); B1's injection date is not a date: left out.
    assert_eq!(list.rows.len(), 2);
    let html = worklist_sheet(&list, &ListFilter::default(), Lang::En, "");
    assert!(html.contains(&format!("{}: 1</p>", Text::WorklistUnread.get(Lang::En))), "{html}");
    // Issue 26: the row left out is named with its reason after the table, in the sheet's language.
    assert!(text_of(&html).contains("row 3, injections: `2026-02-30` is not a date"), "{html}");
    let zh = worklist_sheet(&list, &ListFilter::default(), Lang::Zh, "");
    assert!(text_of(&zh).contains("第 3 行，injections：`2026-02-30` 不是日期"), "{zh}");
    // The schedule-only row says so.
    let schedule = body_rows(&html).into_iter().find(|r| r.contains("No Sex")).unwrap();
    assert!(schedule.contains(Text::ListScheduleOnly.get(Lang::En)), "{schedule}");
    let good = worklist_sheet(&small_list(&[("G1", "Good", DUE_SOON)]), &ListFilter::default(), Lang::En, "");
    assert!(!good.contains("worklist-unread"));
}

/// The sheet's text as a reader sees it: the markup taken out.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}
