//! Why a case has no report yet: numbers typed wrong in the form, and the engine's input errors. Plain data,
//! shared by the app state (which finds them) and the messages (which word them); it imports neither.

use crate::clinical::errors::InputError;

/// Why there is no report.
#[derive(Clone, Debug, PartialEq)]
pub struct Problems {
    pub typing: Vec<(String, TypingError)>,
    pub engine: Vec<InputError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypingError {
    NotANumber,
    NotAWholeNumber,
    NotADate,
    /// `06/03/2025`: the year last (see `input::dates::DateProblem::YearLast`).
    YearLast,
}

impl From<crate::input::dates::DateProblem> for TypingError {
    fn from(problem: crate::input::dates::DateProblem) -> Self {
        match problem {
            crate::input::dates::DateProblem::NotADate => TypingError::NotADate,
            crate::input::dates::DateProblem::YearLast { .. } => TypingError::YearLast,
        }
    }
}
