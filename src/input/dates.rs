//! Dates as people type them and registers write them: `2025-03-06`, `2025/3/6`, `2025.3.6`, `20250306`,
//! `2025年3月6日` (full-width digits too), read to the ISO form the case keeps. A date written with the year last
//! (`06/03/2025`) is refused, because day-first and month-first writers both use it and a wrong guess moves a
//! dose by months. Shared by the calculator's date fields and the clinic list's cells.

use chrono::NaiveDate;

/// Why a typed date was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not a date in any accepted form (or no such day, like 2025-02-30).
    NotADate,
    /// Year last: `06/03/2025` could be 6 March or 3 June; `ambiguous` is false when only one reading is a date
    /// (`31/03/2025`), which is refused all the same so that one habit works everywhere.
    YearLast { ambiguous: bool },
}

/// The date in `text`, in the ISO form (`2025-03-06`), or why not. Surrounding spaces are ignored.
pub fn read_date(text: &str) -> Result<String, DateProblem> {
    let text = half_width(text.trim());
    let parts = numbers(&text);
    let date = match parts.as_slice() {
        [(ymd, 8)] => split_compact(*ymd),
        [(y, 4), (m, 1..=2), (d, 1..=2)] if separators_agree(&text) => NaiveDate::from_ymd_opt(*y as i32, *m, *d),
        [(a, 1..=2), (b, 1..=2), (_, 4)] if separators_agree(&text) => {
            let ambiguous = (1..=12).contains(a) && (1..=12).contains(b) && a != b;
            return Err(DateProblem::YearLast { ambiguous });
        }
        _ => None,
    };
    date.map(crate::clinical::iso_date::iso_string).ok_or(DateProblem::NotADate)
}

/// Several dates pasted at once (one per line, or separated by spaces, commas or semicolons): the dates read,
/// sorted with duplicates dropped, and each piece that is not a date with why.
pub fn read_date_list(text: &str) -> (Vec<String>, Vec<(String, DateProblem)>) {
    let mut dates = Vec::new();
    let mut problems = Vec::new();
    for piece in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '，' | '；' | '、')) {
        if piece.is_empty() {
            continue;
        }
        match read_date(piece) {
            Ok(date) => dates.push(date),
            Err(problem) => problems.push((piece.to_string(), problem)),
        }
    }
    // The crate's one sort (std's, compiled per type, costs KB of wasm).
    crate::clinical::sorting::sort(&mut dates);
    dates.dedup();
    (dates, problems)
}

/// `20250306` as year, month and day.
fn split_compact(ymd: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt((ymd / 10_000) as i32, ymd / 100 % 100, ymd % 100)
}

/// The runs of digits in `text` with their lengths, if everything between them is an accepted separator
/// (`-`, `/`, `.`, or 年 月 日 in order) and there are at most three runs.
fn numbers(text: &str) -> Vec<(u32, usize)> {
    let mut runs: Vec<(u32, usize)> = Vec::new();
    let mut in_run = false;
    for c in text.chars() {
        if let Some(digit) = c.to_digit(10) {
            if !in_run {
                runs.push((0, 0));
                in_run = true;
            }
            let run = runs.last_mut().unwrap();
            if run.1 >= 8 {
                return Vec::new();
            }
            *run = (run.0 * 10 + digit, run.1 + 1);
        } else if matches!(c, '-' | '/' | '.' | '年' | '月' | '日') && !runs.is_empty() {
            in_run = false;
        } else {
            return Vec::new();
        }
    }
    if runs.len() > 3 {
        return Vec::new();
    }
    runs
}

/// The separators of a three-part date: the same one twice (`2025/3/6`), or 年 月 (日) in that order; nothing
/// after the day but 日.
fn separators_agree(text: &str) -> bool {
    let seps: String = text.chars().filter(|c| !c.is_ascii_digit()).collect();
    matches!(seps.as_str(), "--" | "//" | ".." | "年月" | "年月日")
}

/// Full-width digits and punctuation (as Chinese input methods type them) as their ASCII forms.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' => '-',
            '／' => '/',
            '．' | '。' => '.',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_people_write_reads_the_same_date() {
        for text in [
            "2025-03-06",
            "2025/3/6",
            "2025.3.6",
            "20250306",
            "2025年3月6日",
            "2025年3月6",
            " 2025-3-06 ",
            "２０２５年３月６日",
            "2025／03／06",
        ] {
            assert_eq!(read_date(text), Ok("2025-03-06".to_string()), "{text}");
        }
    }

    #[test]
    fn year_last_is_refused_and_says_whether_it_is_ambiguous() {
        assert_eq!(read_date("06/03/2025"), Err(DateProblem::YearLast { ambiguous: true }));
        assert_eq!(read_date("6.3.2025"), Err(DateProblem::YearLast { ambiguous: true }));
        assert_eq!(read_date("31/03/2025"), Err(DateProblem::YearLast { ambiguous: false }));
        assert_eq!(read_date("03/03/2025"), Err(DateProblem::YearLast { ambiguous: false }));
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        for text in [
            "",
            "2025",
            "2025-0",
            "2025-02-30",
            "2025-13-01",
            "2025/3-6",
            "2025-3-6-1",
            "202536",
            "6/3/25",
            "2025-03-06x",
            "yesterday",
            "2025年3月6日5",
            "123456789",
        ] {
            assert_eq!(read_date(text), Err(DateProblem::NotADate), "{text}");
        }
    }

    #[test]
    fn a_pasted_list_is_read_sorted_without_duplicates_and_names_each_bad_piece() {
        let (dates, problems) = read_date_list("2025-03-06\n2024/9/6; 2025.3.6, 20240306\r\n06/03/2025 nonsense");
        assert_eq!(dates, ["2024-03-06", "2024-09-06", "2025-03-06"]);
        assert_eq!(
            problems,
            [
                ("06/03/2025".to_string(), DateProblem::YearLast { ambiguous: true }),
                ("nonsense".to_string(), DateProblem::NotADate)
            ]
        );
    }

    proptest::proptest! {
        /// Every real day reads back from each of the forms, and only to itself.
        #[test]
        fn every_day_reads_back_in_every_form(days in 0i64..73_000) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let iso = date.format("%Y-%m-%d").to_string();
            for text in [iso.clone(), date.format("%Y/%-m/%-d").to_string(), date.format("%Y%m%d").to_string(), date.format("%Y年%-m月%-d日").to_string()] {
                proptest::prop_assert_eq!(read_date(&text), Ok(iso.clone()), "{}", text);
            }
        }
    }
}
