//! The printed clinic worklist: the rows the list page shows, most urgent first, on A4 landscape, with an empty
//! tick column for the clinic to mark what is done, the list's date and horizon, the filter, the count per status
//! and the decision-support notice.
//!
//! Plain Rust like `sheet.rs`: the page shows it only when printing, tests read it natively. Everything is
//! HTML-escaped (names and IDs come from a spreadsheet).

use std::fmt::{self, Write};

use chrono::NaiveDate;

use crate::clinic_list::{ClinicList, ListFilter, ListRow};
use crate::render::sheet::{write_signature, Escaped};
use crate::words::i18n::{Lang, Text};

/// The worklist of the rows `filter` shows, in the list's order: `worklist_head`, every row and `worklist_foot`.
pub fn worklist_sheet(list: &ClinicList, filter: &ListFilter, lang: Lang, clinic_header: &str) -> String {
    let shown = filter.apply(&list.rows);
    let mut out = String::with_capacity(1024 + 600 * shown.len());
    out.push_str(&worklist_head(list, filter, lang, clinic_header));
    out.push_str(&worklist_rows(&shown, 0..shown.len(), lang));
    out.push_str(&worklist_foot(shown.is_empty(), lang));
    out
}

/// The worklist up to its first row: the heading, scope, counts and the table's head, ending in an open `<tbody>`
/// (or, when `filter` shows nobody, the line that says so). The page prints a big list by writing this and
/// `worklist_foot`, then the rows in slices into the `<tbody>` (`worklist_rows`).
pub fn worklist_head(list: &ClinicList, filter: &ListFilter, lang: Lang, clinic_header: &str) -> String {
    let mut out = String::with_capacity(4096);
    // Writing to a String cannot fail.
    let _ = write_head(&mut out, list, filter, lang, clinic_header);
    out
}

/// The rows `range` of `shown` (the rows the filter shows, in order), numbered from `range.start + 1`.
pub fn worklist_rows(shown: &[&ListRow], range: std::ops::Range<usize>, lang: Lang) -> String {
    let mut out = String::with_capacity(600 * range.len());
    let start = range.start;
    let _ = write_rows(&mut out, &shown[range], start, lang);
    out
}

/// The end of the worklist after its rows: the table closed (if there is one), the signature lines.
pub fn worklist_foot(none_shown: bool, lang: Lang) -> String {
    let mut out = String::new();
    if !none_shown {
        out.push_str("</tbody></table>");
    }
    let _ = write_signature(&mut out, lang);
    out.push_str("</article>");
    out
}

fn write_head(out: &mut String, list: &ClinicList, filter: &ListFilter, lang: Lang, header: &str) -> fmt::Result {
    let t = |text: Text| Escaped(text.get(lang));
    let colon = lang.colon();
    let shown = filter.apply(&list.rows);
    write!(out, r#"<article class="worklist" lang="{}">"#, lang.html_tag())?;
    if !header.trim().is_empty() {
        write!(out, r#"<p class="sheet-clinic">{}</p>"#, Escaped(header.trim()))?;
    }
    write!(out, "<h1>{} · {} · {}</h1>", t(Text::AppName), t(Text::PageClinicList), list.options.today)?;
    let mut scope = vec![
        format!("{}{colon}{} / {}", Text::ListPatientsShown.get(lang), shown.len(), list.rows.len()),
        format!("{}{colon}{}", Text::WorklistHorizon.get(lang), list.options.weeks),
    ];
    if filter.is_active() {
        scope.push(format!("{}{colon}{}", Text::WorklistFilter.get(lang), filter_text(filter, lang)));
    }
    write!(out, r#"<p class="worklist-scope">{}</p>"#, Escaped(&scope.join(" · ")))?;
    // A row that could not be read is a patient missing from this paper: say so.
    // The errors are in row order, so a row's several errors are adjacent.
    let mut unread_rows: Vec<usize> = list.errors.iter().map(|e| e.row).collect();
    unread_rows.dedup();
    let unread = unread_rows.len();
    if unread > 0 {
        write!(out, r#"<p class="worklist-unread">{}{colon}{unread}</p>"#, t(Text::WorklistUnread))?;
    }
    write!(out, r#"<p class="sheet-notice">{}</p>"#, t(Text::Notice))?;
    let counts: Vec<String> = list.counts().iter().map(|(b, n)| format!("{}{colon}{n}", b.label(lang))).collect();
    write!(
        out,
        r#"<p class="worklist-counts"><strong>{}{colon}</strong>{}</p>"#,
        t(Text::WorklistCounts),
        Escaped(&counts.join(" · "))
    )?;
    if shown.is_empty() {
        write!(out, r#"<p class="worklist-none">{}</p>"#, t(Text::WorklistNone))?;
    } else {
        // The <thead> repeats on every printed page.
        out.push_str("<table><thead><tr>");
        for (text, class) in COLUMNS {
            write!(out, r#"<th class="{class}">{}</th>"#, Escaped(text.get(lang)))?;
        }
        out.push_str("</tr></thead><tbody>");
    }
    Ok(())
}

/// The columns, each with its class (the print CSS sets the widths by class).
const COLUMNS: [(Text, &str); 10] = [
    (Text::WorklistDone, "tick"),
    (Text::ColRow, "num"),
    (Text::PatientIdShort, "id"),
    (Text::PatientName, "name"),
    (Text::Status, "bucket"),
    (Text::ColStage, "stage"),
    (Text::SectionDenosumab, "dmab"),
    (Text::ColNextAction, "action"),
    (Text::Date, "date"),
    (Text::Alerts, "alert-codes"),
];

/// `rows`, the first numbered `start + 1`.
fn write_rows(out: &mut String, rows: &[&ListRow], start: usize, lang: Lang) -> fmt::Result {
    for (n, row) in rows.iter().enumerate() {
        let cells = [
            String::new(), // the tick box, left empty for the pen
            (start + n + 1).to_string(),
            row.id.clone(),
            row.name.clone(),
            row.bucket.label(lang).to_string(),
            row.stage.label(lang).to_string(),
            row.status_text(lang).unwrap_or_else(|| "–".to_string()),
            row.next_action(lang),
            row.next_date().map(|d| d.to_string()).unwrap_or_default(),
        ];
        write!(out, r#"<tr class="{}">"#, row.bucket.key())?;
        for ((_, class), cell) in COLUMNS.iter().zip(&cells) {
            write!(out, r#"<td class="{class}">{}</td>"#, Escaped(cell))?;
        }
        // A rule code is never broken at its hyphens: a line breaks between the code and its severity, or between
        // alerts.
        out.push_str(r#"<td class="alert-codes">"#);
        for (i, alert) in row.alerts().iter().enumerate() {
            if i > 0 {
                out.push_str(lang.list_separator());
            }
            let code = format!(r#"<span class="code">{}</span>"#, Escaped(alert.rule.code()));
            out.push_str(&lang.parenthesised(&code, &Escaped(alert.severity.label(lang)).to_string()));
        }
        out.push_str("</td></tr>");
    }
    Ok(())
}

/// "overdue, late; next action: 2026-11-26 – 2026-12-02": what the printed list is limited to.
fn filter_text(filter: &ListFilter, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !filter.buckets.is_empty() {
        let labels: Vec<&str> = filter.buckets.iter().map(|b| b.label(lang)).collect();
        parts.push(labels.join(lang.list_separator()));
    }
    if filter.from.is_some() || filter.to.is_some() {
        // An open end reads as "…", as the sheet writes a window "open – close".
        let end = |d: Option<NaiveDate>| d.map_or_else(|| "…".to_string(), |d| d.to_string());
        let action = Text::ColNextAction.get(lang);
        parts.push(format!("{action}{}{} – {}", lang.colon(), end(filter.from), end(filter.to)));
    }
    parts.join(lang.semicolon())
}
