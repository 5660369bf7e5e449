//! Case text → `Case`, with errors in the spec's vocabulary.
//!
//! serde stops at its first error. An unknown field does not make the rest unreadable, so it is recorded, removed
//! and parsing goes on, to report every unknown field together with every value error. Anything else serde rejects
//! (not JSON, a wrong JSON type, an unknown enum value) stops there, as the spec allows for a malformed document.

use serde_json::Value;

use super::case::Case;
use super::errors::{ErrorCode, InputError};

/// A readable case, and the unknown fields that were dropped to read it (each an error to report).
#[derive(Debug)]
pub struct Parsed {
    pub case: Case,
    pub unknown_fields: Vec<InputError>,
}

/// Parses a case document. `Err` means it could not be read at all; `validate` finds the value errors.
pub fn parse_case(text: &str) -> Result<Parsed, Vec<InputError>> {
    // Fast path: a well-formed case straight from the text, without building a JSON tree or tracking paths.
    if let Ok(case) = serde_json::from_str::<Case>(text) {
        return Ok(Parsed { case, unknown_fields: Vec::new() });
    }
    // serde_json keeps the last of two equal keys in a tree; read from the text, a case rejects them.
    let mut direct = serde_json::Deserializer::from_str(text);
    if let Err(err) = serde_path_to_error::deserialize::<_, Case>(&mut direct) {
        if let Some(field) = name_in(&err.inner().to_string(), "duplicate field `") {
            let path = match err.path().to_string().as_str() {
                "." | "" => field.to_string(),
                parent => format!("{parent}.{field}"),
            };
            return Err(vec![InputError::new(path, ErrorCode::Duplicate, format!("field `{field}` appears twice"))]);
        }
    }
    let mut doc: Value = serde_json::from_str(text)
        .map_err(|e| vec![InputError::new("", ErrorCode::Malformed, format!("not a JSON document: {e}"))])?;
    if !doc.is_object() {
        return Err(vec![InputError::new("", ErrorCode::Malformed, "a case must be a JSON object")]);
    }
    let mut unknown_fields = Vec::new();
    loop {
        match serde_path_to_error::deserialize::<_, Case>(&doc) {
            Ok(case) => return Ok(Parsed { case, unknown_fields }),
            Err(err) => {
                let path = err.path().to_string();
                let message = err.inner().to_string();
                if let Some(field) = name_in(&message, "unknown field `") {
                    // serde_path_to_error's path already ends with the unknown key (`patient.weight`).
                    let parent = path.strip_suffix(field).map(|p| p.trim_end_matches('.')).unwrap_or(".");
                    if remove_field(&mut doc, parent, field) {
                        unknown_fields.push(InputError::new(
                            path,
                            ErrorCode::UnknownField,
                            format!("unknown field `{field}`"),
                        ));
                        continue;
                    }
                }
                let code =
                    if message.starts_with("unknown variant") { ErrorCode::UnknownValue } else { ErrorCode::Malformed };
                let path = if path == "." { String::new() } else { path };
                unknown_fields.push(InputError::new(path, code, message));
                return Err(unknown_fields);
            }
        }
    }
}

/// The name in serde's messages such as "unknown field `x`, expected ..." (`prefix` ends with the backtick).
fn name_in<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    Some(&rest[..rest.find('`')?])
}

/// Removes `field` from the object at `path` (serde_path_to_error's dotted form, `dxa[0]`); false if not found.
fn remove_field(doc: &mut Value, path: &str, field: &str) -> bool {
    let mut node = doc;
    if path != "." && !path.is_empty() {
        for part in path.split('.') {
            let (name, index) = match part.find('[') {
                Some(i) => (&part[..i], part[i + 1..part.len().saturating_sub(1)].parse::<usize>().ok()),
                None => (part, None),
            };
            node = match node.get_mut(name) {
                Some(next) => next,
                None => return false,
            };
            if let Some(i) = index {
                node = match node.get_mut(i) {
                    Some(next) => next,
                    None => return false,
                };
            }
        }
    }
    node.as_object_mut().and_then(|map| map.remove(field)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, ErrorCode)> {
        let errors = match parse_case(text) {
            Ok(parsed) => parsed.unknown_fields,
            Err(errors) => errors,
        };
        errors.into_iter().map(|e| (e.path, e.code)).collect()
    }

    #[test]
    fn not_json_is_malformed_with_an_empty_path() {
        assert_eq!(codes("{not json"), vec![(String::new(), ErrorCode::Malformed)]);
        assert_eq!(codes("[1,2]"), vec![(String::new(), ErrorCode::Malformed)]);
        assert_eq!(codes(""), vec![(String::new(), ErrorCode::Malformed)]);
    }

    #[test]
    fn every_unknown_field_is_reported_with_its_own_path() {
        let got = codes(
            r#"{"patient": {"weight": 50, "sex": "female"}, "dxa": [{"site": "total_hip", "tscore": -2}], "extra": 1}"#,
        );
        let mut paths: Vec<String> = got.iter().map(|(p, _)| p.clone()).collect();
        paths.sort();
        assert_eq!(paths, ["dxa[0].tscore", "extra", "patient.weight"]);
        assert!(got.iter().all(|(_, c)| *c == ErrorCode::UnknownField));
    }

    #[test]
    fn a_wrong_json_type_is_malformed_at_its_field() {
        assert_eq!(
            codes(r#"{"patient": {"age_years": 68.5}}"#),
            vec![("patient.age_years".into(), ErrorCode::Malformed)]
        );
        assert_eq!(codes(r#"{"dxa": [{"t_score": "-2"}]}"#), vec![("dxa[0].t_score".into(), ErrorCode::Malformed)]);
    }

    #[test]
    fn an_unknown_enum_value_is_unknown_value_at_its_field() {
        assert_eq!(codes(r#"{"patient": {"sex": "x"}}"#), vec![("patient.sex".into(), ErrorCode::UnknownValue)]);
        assert_eq!(
            codes(r#"{"history": [{"drug": "aspirin"}]}"#),
            vec![("history[0].drug".into(), ErrorCode::UnknownValue)]
        );
    }

    #[test]
    fn a_repeated_key_is_a_duplicate_at_its_field() {
        assert_eq!(
            codes(r#"{"dxa": [{"t_score": -1, "t_score": -3}]}"#),
            vec![("dxa[0].t_score".into(), ErrorCode::Duplicate)]
        );
        assert_eq!(codes(r#"{"format": "a", "format": "b"}"#), vec![("format".into(), ErrorCode::Duplicate)]);
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        assert_eq!(codes(r#"{"patient": {"age_years": 1e999}}"#)[0].1, ErrorCode::Malformed);
        assert_eq!(codes(r#"{"patient": {"age_years": 123456789012345678901234567890}}"#)[0].1, ErrorCode::Malformed);
        assert!(parse_case(r#"{"dxa": [{"t_score": 1e300}]}"#).is_ok());
    }
}
