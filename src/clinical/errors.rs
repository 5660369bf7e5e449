//! Input errors and the error document (`osteoplan-errors/1`).

use serde::Serialize;

pub const ERRORS_FORMAT: &str = "osteoplan-errors/1";

/// The error codes of case-format.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Missing,
    OutOfRange,
    InvalidDate,
    UnknownValue,
    UnknownField,
    Duplicate,
    Inconsistent,
    Malformed,
}

/// One problem with a case: where (`dxa[0].t_score`), what kind, and an English message.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputError {
    pub path: String,
    pub code: ErrorCode,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        InputError { path: path.into(), code, message: message.into() }
    }
}

/// The document printed or returned instead of a report when a case is invalid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorDocument {
    pub format: &'static str,
    pub errors: Vec<InputError>,
}

impl ErrorDocument {
    pub fn new(errors: Vec<InputError>) -> Self {
        ErrorDocument { format: ERRORS_FORMAT, errors }
    }
}
