//! The printed clinic worklist: the rows the list page shows, most urgent first, on A4 landscape, with an empty
//! tick column for the clinic to mark what is done, the list's date and horizon, the filter, the count per status
//! and the decision-support notice.
//!
//! Plain Rust like `sheet.rs`: the page shows it only when printing, tests read it natively. Everything is
//! HTML-escaped (names and IDs come from a spreadsheet).

use std::fmt::{self, Write};

use chrono::NaiveDate;

use crate::clinic_list::{ClinicList, ListFilter, ListRow};
use crate::clinical::rules::Severity;
use crate::document::plan::action_summary;
use crate::render::sheet::{write_signature, Escaped};
use crate::words::i18n::{Lang, Text};
use crate::words::list_texts::ListText;
use crate::words::names::alert_words;

/// The worklist of the rows `filter` shows, in the list's order: `worklist_head`, every row and `worklist_foot`.
pub fn worklist_sheet(list: &ClinicList, filter: &ListFilter, lang: Lang, clinic_header: &str) -> String {
    let shown = filter.apply(&list.rows);
    let mut out = String::with_capacity(1024 + 600 * shown.len());
    out.push_str(&worklist_head(list, filter, lang, clinic_header));
    out.push_str(&worklist_rows(&shown, 0..shown.len(), lang));
    out.push_str(&worklist_foot(list, shown.is_empty(), lang));
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

/// The end of the worklist after its rows: the table closed (if there is one), every row left out of the list with
/// its reasons and the listed rows with a cell not used (issue 26: a patient missing from the paper is named, not
/// only counted), the signature lines.
pub fn worklist_foot(list: &ClinicList, none_shown: bool, lang: Lang) -> String {
    let mut out = String::new();
    if !none_shown {
        out.push_str("</tbody></table>");
    }
    for (listed, title) in [(false, Text::WorklistUnread), (true, Text::ListRowsFlawed)] {
        let errors: Vec<_> = list.errors.iter().filter(|e| e.listed == listed).collect();
        if errors.is_empty() {
            continue;
        }
        let class = if listed { "worklist-flawed" } else { "worklist-left-out" };
        let _ = write!(out, r#"<section class="{class}"><h2>{}</h2><ul>"#, Escaped(title.get(lang)));
        for e in errors {
            let _ = write!(out, r#"<li data-row="{}">{}</li>"#, e.row, Escaped(&e.text(lang)));
        }
        out.push_str("</ul></section>");
    }
    if list.more_errors > 0 {
        let more = format!("… +{}", list.more_errors);
        let _ = write!(out, r#"<p class="worklist-more-errors">{}</p>"#, Escaped(&more));
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
    // A row that could not be read is a patient missing from this paper: say so (each is named after the table).
    let unread = list.left_out;
    if unread > 0 {
        write!(out, r#"<p class="worklist-unread">{}{colon}{unread}</p>"#, t(Text::WorklistUnread))?;
    }
    write!(out, r#"<p class="sheet-notice">{}</p>"#, t(Text::Notice))?;
    let counts: Vec<String> = list.counts().iter().map(|(b, n)| format!("{}{colon}{n}", b.label(lang))).collect();
    write!(
        out,
        r#"<p class="worklist-counts"><strong>{}{colon}</strong>{}</p>"#,
        Escaped(ListText::WorklistCounts.get(lang)),
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
const COLUMNS: [(Text, &str); 11] = [
    (Text::WorklistDone, "tick"),
    (Text::ColRow, "num"),
    (Text::PatientIdShort, "id"),
    (Text::PatientName, "name"),
    (Text::Status, "bucket"),
    (Text::ColStage, "stage"),
    (Text::SectionDenosumab, "dmab"),
    (Text::ListNextAppointment, "action"),
    (Text::Date, "date"),
    (Text::ListAlsoDue, "also"),
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
        ];
        write!(out, r#"<tr class="{}">"#, row.bucket.key())?;
        for ((_, class), cell) in COLUMNS.iter().zip(&cells) {
            write!(out, r#"<td class="{class}">{}</td>"#, Escaped(cell))?;
        }
        // A schedule-only row says so under its status: the rest of the plan needs the full assessment.
        write!(out, r#"<td class="bucket">{}"#, Escaped(row.bucket.label(lang)))?;
        if row.schedule_only {
            write!(out, r#"<br><em class="schedule-only">{}</em>"#, Escaped(Text::ListScheduleOnly.get(lang)))?;
        }
        out.push_str("</td>");
        let dmab = row.status_text(lang).unwrap_or_else(|| "–".to_string());
        let action = row.next_item().map(|item| action_summary(item, lang)).unwrap_or_default();
        write!(
            out,
            r#"<td class="stage">{}</td><td class="dmab">{}</td>"#,
            Escaped(row.stage.label(lang)),
            Escaped(&dmab)
        )?;
        write!(out, r#"<td class="action">{}</td><td class="date">"#, Escaped(&action))?;
        if let Some(date) = row.next_date() {
            write!(out, "{date}")?;
        }
        if let Some([open, close]) = row.window() {
            write!(out, r#"<br><small class="window">{open} – {close}</small>"#)?;
        }
        write!(out, r#"</td><td class="also">{}</td>"#, Escaped(&row.also_due_text(lang)))?;
        // Alerts in words, each with its rule code kept on one line (never broken at its hyphens); danger in bold.
        out.push_str(r#"<td class="alert-codes">"#);
        for (i, alert) in row.alerts().iter().enumerate() {
            if i > 0 {
                out.push_str(lang.list_separator());
            }
            let words = alert_words(alert.rule, lang).unwrap_or(alert.severity.label(lang));
            let code = format!(r#"<span class="code">{}</span>"#, Escaped(alert.rule.code()));
            let text = lang.parenthesised(&Escaped(words).to_string(), &code);
            if alert.severity == Severity::Danger {
                write!(out, "<strong>{text}</strong>")?;
            } else {
                out.push_str(&text);
            }
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
        let action = Text::ListNextAppointment.get(lang);
        parts.push(format!("{action}{}{} – {}", lang.colon(), end(filter.from), end(filter.to)));
    }
    parts.join(lang.semicolon())
}
