//! The follow-up lists as the form shows them: earlier DXA entries grouped into studies (one date, one machine,
//! each site once), and small tables pasted from a spreadsheet or a lab report read line by line.

use std::ops::Range;

use crate::clinical::case::{BtmTest, BtmUnit, CaseDate, PreviousDxa};

/// The earlier DXA entries as studies: runs of entries with the same date and machine, each site at most once.
/// The case keeps one entry per site and date (case-format.md); the form shows one study per date.
pub fn studies(previous: &[PreviousDxa]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, entry) in previous.iter().enumerate() {
        match out.last_mut() {
            Some(run)
                if previous[run.start].date == entry.date
                    && previous[run.start].machine == entry.machine
                    && previous[run.clone()].iter().all(|e| e.site != entry.site) =>
            {
                run.end = i + 1
            }
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The paths a study's date or machine is written to: the field `dxa_previous[i].date` (or `.machine`) of a study's
/// first entry stands for every entry of the study. Any other path is itself alone.
pub fn study_paths(previous: &[PreviousDxa], path: &str) -> Vec<String> {
    let one = || vec![path.to_string()];
    let Some((index, field)) = path.strip_prefix("dxa_previous[").and_then(|rest| rest.split_once("].")) else {
        return one();
    };
    let (Ok(index), "date" | "machine") = (index.parse::<usize>(), field) else { return one() };
    match studies(previous).into_iter().find(|run| run.start == index) {
        Some(run) => run.map(|i| format!("dxa_previous[{i}].{field}")).collect(),
        None => one(),
    }
}

/// One line of a pasted table: the date and the other cells, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct PastedLine {
    pub date: String,
    pub cells: Vec<String>,
}

/// A small table as copied from a spreadsheet or a lab report: one row per line, cells separated by a tab, a
/// semicolon, spaces, or (on a line without a tab or semicolon) a comma, so that `0,31` between tabs or semicolons
/// stays one decimal. The date is the first cell that reads as one (a report may name the test first), else the first
/// cell. Blank lines and lines without a digit (a heading) are skipped; every other line is kept.
pub fn pasted_lines(text: &str) -> Vec<PastedLine> {
    let mut out = Vec::new();
    for line in text.lines().filter(|line| line.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))) {
        let commas = !line.contains(['\t', ';', '；']);
        let mut cells: Vec<String> = line
            .split(|c: char| c.is_whitespace() || matches!(c, ';' | '；') || (commas && matches!(c, ',' | '，')))
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        // `YYYY-MM-DD` as the case writes it: the date fields say what is wrong with anything else.
        let dated = cells.iter().position(|c| CaseDate(c.clone()).parse().is_some()).unwrap_or(0);
        let date = cells.remove(dated);
        out.push(PastedLine { date, cells });
    }
    out
}

/// A cell that names a marker or its unit (`CTX`, `β-CTX`, `P1NP`, `pg/mL`, `µg/L` …), as lab reports write them.
pub fn marker_word(cell: &str) -> Option<MarkerWord> {
    Some(match cell.to_ascii_lowercase().as_str() {
        "ctx" | "β-ctx" | "b-ctx" => MarkerWord::Test(BtmTest::Ctx),
        "p1np" | "pinp" => MarkerWord::Test(BtmTest::P1np),
        "ng/ml" => MarkerWord::Unit(BtmUnit::NgMl),
        "ug/l" | "µg/l" | "μg/l" => MarkerWord::Unit(BtmUnit::UgL),
        "pg/ml" => MarkerWord::Unit(BtmUnit::PgMl),
        "ng/l" => MarkerWord::Unit(BtmUnit::NgL),
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerWord {
    Test(BtmTest),
    Unit(BtmUnit),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::case::{CaseDate, Site};

    fn entry(date: &str, site: Site) -> PreviousDxa {
        PreviousDxa { date: Some(CaseDate(date.into())), site: Some(site), ..PreviousDxa::default() }
    }

    #[test]
    fn entries_group_into_studies_by_date_and_machine_each_site_once() {
        let mut previous = vec![
            entry("2023-09-01", Site::LumbarSpine),
            entry("2023-09-01", Site::TotalHip),
            entry("2024-09-01", Site::LumbarSpine),
            // Two new studies, dates not typed yet: the repeated site starts the second.
            entry("", Site::LumbarSpine),
            entry("", Site::TotalHip),
            entry("", Site::LumbarSpine),
        ];
        assert_eq!(studies(&previous), vec![0..2, 2..3, 3..5, 5..6]);
        previous[1].machine = Some("Lunar".into());
        assert_eq!(studies(&previous)[..2], [0..1, 1..2], "another machine is another study");
        assert!(studies(&[]).is_empty());
    }

    #[test]
    fn a_study_date_is_written_to_every_entry_of_the_study() {
        let previous = vec![entry("2023-09-01", Site::LumbarSpine), entry("2023-09-01", Site::TotalHip)];
        assert_eq!(study_paths(&previous, "dxa_previous[0].date"), ["dxa_previous[0].date", "dxa_previous[1].date"]);
        assert_eq!(study_paths(&previous, "dxa_previous[0].machine").len(), 2);
        assert_eq!(study_paths(&previous, "dxa_previous[0].bmd_g_cm2"), ["dxa_previous[0].bmd_g_cm2"]);
        assert_eq!(study_paths(&previous, "dxa_previous[1].date"), ["dxa_previous[1].date"], "not a study's first");
        assert_eq!(study_paths(&previous, "btm[0].date"), ["btm[0].date"]);
    }

    #[test]
    fn pasted_tables_split_on_tabs_semicolons_spaces_or_commas() {
        let text =
            "Date\tCTX\n2024-03-12\t0.31\n2025/9/10 390 pg/mL\r\n\n2026-10-20;0,48\n20240101,0.5\nnot a date 7\n";
        let lines = pasted_lines(text);
        let got: Vec<(&str, Vec<&str>)> =
            lines.iter().map(|l| (l.date.as_str(), l.cells.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            got,
            vec![
                ("2024-03-12", vec!["0.31"]),
                // Dates as written: the date field says what is wrong with `2025/9/10`.
                ("2025/9/10", vec!["390", "pg/mL"]),
                ("2026-10-20", vec!["0,48"]),
                ("20240101", vec!["0.5"]),
                ("not", vec!["a", "date", "7"]),
            ]
        );
        assert_eq!(pasted_lines("06/03/2025\t0.3")[0].date, "06/03/2025", "kept as written");
        assert!(pasted_lines("\n \nCTX\n").is_empty());
    }

    #[test]
    fn marker_words_as_lab_reports_write_them() {
        assert_eq!(marker_word("β-CTX"), Some(MarkerWord::Test(BtmTest::Ctx)));
        assert_eq!(marker_word("P1NP"), Some(MarkerWord::Test(BtmTest::P1np)));
        assert_eq!(marker_word("µg/L"), Some(MarkerWord::Unit(BtmUnit::UgL)));
        assert_eq!(marker_word("pg/mL"), Some(MarkerWord::Unit(BtmUnit::PgMl)));
        assert_eq!(marker_word("0.31"), None);
    }
}
