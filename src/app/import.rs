//! Reading a case file for import: a file the engine cannot read, or one with wrong values, is refused with the
//! engine's errors (the current case stays); an incomplete but well-formed case loads, its gaps marked in the form.

use crate::clinical::case::Case;
use crate::clinical::errors::{ErrorCode, InputError};
use crate::clinical::evaluate;
use crate::clinical::parse::parse_case;

pub fn read_case_file(text: &str) -> Result<Case, Vec<InputError>> {
    let parsed = parse_case(text)?;
    if !parsed.unknown_fields.is_empty() {
        return Err(parsed.unknown_fields);
    }
    match evaluate(&parsed.case) {
        Err(errors) if errors.iter().any(|e| e.code != ErrorCode::Missing) => Err(errors),
        _ => Ok(parsed.case),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_and_incomplete_cases_load() {
        let complete = r#"{"format":"osteoplan-case/1","assessed_on":"2026-11-22","patient":{"sex":"male","age_years":72},
            "dxa":[{"site":"femoral_neck","t_score":-3.2}]}"#;
        assert!(read_case_file(complete).is_ok());
        let incomplete = r#"{"format":"osteoplan-case/1","assessed_on":"2026-11-22","patient":{"sex":"male"}}"#;
        assert!(read_case_file(incomplete).is_ok());
    }

    #[test]
    fn unreadable_or_wrong_cases_are_refused_with_the_engine_errors() {
        let errors = read_case_file("not json").unwrap_err();
        assert_eq!(errors[0].code, ErrorCode::Malformed);
        let errors = read_case_file(r#"{"format":"osteoplan-case/1","patient":{"sex":"robot"}}"#).unwrap_err();
        assert_eq!(errors[0].code, ErrorCode::UnknownValue);
        let errors = read_case_file(r#"{"format":"osteoplan-case/1","nickname":"x"}"#).unwrap_err();
        assert_eq!((errors[0].path.as_str(), errors[0].code), ("nickname", ErrorCode::UnknownField));
        let errors = read_case_file(
            r#"{"format":"osteoplan-case/1","assessed_on":"2026-11-22","patient":{"sex":"male","age_years":300}}"#,
        )
        .unwrap_err();
        assert!(errors.iter().any(|e| e.path == "patient.age_years" && e.code == ErrorCode::OutOfRange));
    }
}
