//! The list as text (an aligned table, counts first) and as CSV (for a spreadsheet or a nightly job).

use std::borrow::Cow;

use super::row::ListRow;
use super::ClinicList;
use crate::words::lang::Lang;

/// The CSV output's columns. Bucket, stage and status are machine names (stable for scripts); the next action
/// (the next appointment, issue 26) and what is also due are labels in the chosen language; `schedule_only` is
/// `yes` for a row listed with its denosumab schedule only.
pub const OUTPUT_COLUMNS: [&str; 14] = [
    "id",
    "name",
    "bucket",
    "stage",
    "status",
    "days_late",
    "next_action",
    "next_date",
    "alerts",
    "row",
    "window_open",
    "window_close",
    "also_due",
    "schedule_only",
];

/// The list as CSV with a header row; the rows in the list's order. Every cell goes through `spreadsheet_safe`.
pub fn csv_table(rows: &[&ListRow], lang: Lang) -> String {
    let mut out = String::new();
    write_csv_record(&mut out, &OUTPUT_COLUMNS);
    for r in rows {
        let window = r.window();
        let cells = [
            r.id.clone(),
            r.name.clone(),
            r.bucket.key().to_string(),
            machine(r.stage),
            r.status.map(machine).unwrap_or_default(),
            r.days_late.to_string(),
            r.next_action(lang),
            r.next_date().map(|d| d.to_string()).unwrap_or_default(),
            r.alerts_text(),
            r.row.to_string(),
            window.map(|w| w[0].to_string()).unwrap_or_default(),
            window.map(|w| w[1].to_string()).unwrap_or_default(),
            r.also_due_text(lang),
            if r.schedule_only { "yes" } else { "" }.to_string(),
        ];
        let safe: Vec<Cow<str>> = cells.iter().map(|c| spreadsheet_safe(c)).collect();
        write_csv_record(&mut out, &safe.iter().map(|c| c.as_ref()).collect::<Vec<_>>());
    }
    out
}

/// A cell a spreadsheet will not run as a formula (OWASP, "CSV injection"): a cell beginning with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'`, which spreadsheets show as text and do not display. A cell
/// that is a plain decimal number (`-2.5`, `+3`) is left as it is: a spreadsheet reads it as a number, never as a
/// formula, so numbers stay numbers. Applied to every cell of `csv_table` (the page's export and `evaluate --list
/// --csv`): the IDs, names and labels come from a register anyone may have typed into.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && crate::input::decimal::read_decimal(cell).is_none() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One CSV record as the `csv` crate's writer writes it (RFC 4180 quoting, records ended by LF rather than CRLF): a
/// field with a comma, quote or line break is quoted, its quotes doubled. Written here rather than with the crate's writer,
/// which links Rust's float parser (for a quoting style not used): 16.8 KB gzip of the page, measured; the crate
/// reads the list.
fn write_csv_record(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

/// The list as an aligned text table: the date, the count per bucket, then one line a patient.
pub fn text_table(list: &ClinicList, rows: &[&ListRow], lang: Lang) -> String {
    let (date, late) = match lang {
        Lang::En => ("Clinic list for", "late"),
        Lang::Zh => ("门诊清单日期", "延迟天数"),
    };
    let mut out = format!("{date} {} ({} weeks ahead)\n", list.options.today, list.options.weeks);
    let counts: Vec<String> = list.counts().iter().map(|(b, n)| format!("{}: {n}", b.label(lang))).collect();
    out.push_str(&counts.join(" | "));
    out.push_str("\n\n");
    let header = ["id", "name", "bucket", "stage", "status", late, "next date", "next action", "alerts"];
    let mut table: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for r in rows {
        table.push(vec![
            r.id.clone(),
            r.name.clone(),
            r.bucket.label(lang).to_string(),
            r.stage.label(lang).to_string(),
            r.status.map(|s| s.label(lang).to_string()).unwrap_or_else(|| "–".to_string()),
            if r.days_late > 0 { r.days_late.to_string() } else { String::new() },
            r.next_date().map(|d| d.to_string()).unwrap_or_default(),
            r.next_action(lang),
            r.alerts().iter().map(|a| a.rule.code()).collect::<Vec<_>>().join(" "),
        ]);
    }
    for line in &mut table {
        for cell in line.iter_mut() {
            if let Cow::Owned(escaped) = escape_controls(cell, false) {
                *cell = escaped;
            }
        }
    }
    let widths: Vec<usize> =
        (0..header.len()).map(|c| table.iter().map(|line| width(&line[c])).max().unwrap_or(0)).collect();
    for line in &table {
        let mut text = String::new();
        for (c, cell) in line.iter().enumerate() {
            text.push_str(cell);
            if c + 1 < line.len() {
                text.push_str(&" ".repeat(widths[c] - width(cell) + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// `text` with every control character (C0 but, when `keep_lines`, the line feed and tab; DEL; C1; the line and
/// paragraph separators U+2028/2029) written as `\u{1b}`, for a terminal: a name holding an escape sequence or a
/// carriage return cannot move the cursor or erase what was printed. Text, not data: JSON and CSV keep the cell.
pub fn escape_controls(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let control =
        |c: char| (c.is_control() && !(keep_lines && (c == '\n' || c == '\t'))) || c == '\u{2028}' || c == '\u{2029}';
    if !text.contains(control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value's machine name, as the report's JSON writes it (`on_denosumab`, `overdue`).
fn machine<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Columns on a terminal: CJK characters take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if ('\u{1100}'..='\u{ffef}').contains(&c) && !('\u{2000}'..='\u{206f}').contains(&c) { 2 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::{spreadsheet_safe, write_csv_record};

    #[test]
    fn formula_prefixes_get_a_quote_and_numbers_stay_numbers() {
        for cell in ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tTab", "\rCR"] {
            assert_eq!(spreadsheet_safe(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["-2.5", "+3", "-0.75", "P001", "Wang, Li", "", "2026-12-01", "王丽", " =x"] {
            assert_eq!(spreadsheet_safe(cell), cell, "{cell:?}");
        }
    }

    /// Fields a register holds: commas in names, quotes, line breaks in notes, Chinese, empty cells.
    const AWKWARD: [&[&str]; 5] = [
        &["P1", "Wang, Li", "say \"hi\"", "", "王丽"],
        &["line\nbreak", "cr\rhere", "\"", ",", "  spaced  "],
        &["", "", ""],
        &["a\r\nb", "end\""],
        &["plain", "2026-12-03", "DMAB-REBOUND:danger;DMAB-EXIT-RESTART:danger"],
    ];

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        for record in AWKWARD {
            let mut ours = String::new();
            write_csv_record(&mut ours, record);
            let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
            writer.write_record(record).unwrap();
            let theirs = String::from_utf8(writer.into_inner().unwrap()).unwrap();
            assert_eq!(ours, theirs, "{record:?}");
        }
    }

    #[test]
    fn records_read_back_as_written() {
        let mut text = String::new();
        for record in AWKWARD {
            write_csv_record(&mut text, record);
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let read: Vec<Vec<String>> =
            reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        let written: Vec<Vec<String>> = AWKWARD.iter().map(|r| r.iter().map(|f| f.to_string()).collect()).collect();
        assert_eq!(read, written);
    }
}
