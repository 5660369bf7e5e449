//! JSON Lines input: one `osteoplan-case/1|2|3` document a line, as `evaluate --jsonl` reads.

use chrono::NaiveDate;

use super::row::{RowError, SourceCase};
use super::Unread;
use crate::clinical::case::CaseDate;
use crate::clinical::parse::parse_case;

/// Every readable case with its line number (1-based; blank lines count but are skipped), and every line that
/// could not be read. A case without `assessed_on` is assessed on the list's date.
pub fn read_jsonl(text: &str, today: NaiveDate) -> (Vec<SourceCase>, Unread) {
    let mut cases = Vec::new();
    let mut unread = Unread::default();
    for (index, line) in super::lines(text).enumerate() {
        match read_jsonl_line(index + 1, line, today) {
            Ok(case) => cases.extend(case),
            Err(found) => unread.row(found),
        }
    }
    (cases, unread)
}

/// One line of a JSON Lines file, `row` its line number: the case (none for a blank line), or why it is refused.
pub fn read_jsonl_line(row: usize, line: &str, today: NaiveDate) -> Result<Option<SourceCase>, Vec<RowError>> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    match parse_case(line) {
        // Unknown fields make the case unfit, as they do for one case on the command line.
        Ok(parsed) if parsed.unknown_fields.is_empty() => {
            let mut case = parsed.case;
            case.assessed_on.get_or_insert_with(|| CaseDate::from(today));
            Ok(Some(SourceCase::whole(row, case)))
        }
        Ok(parsed) => Err(parsed.unknown_fields.into_iter().map(|e| error(row, e)).collect()),
        Err(found) => Err(found.into_iter().map(|e| error(row, e)).collect()),
    }
}

fn error(row: usize, e: crate::clinical::errors::InputError) -> RowError {
    RowError::new(row, e.path, e.message)
}
