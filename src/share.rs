//! The share link: the case, compressed into the URL fragment (`#case=…`). Browsers never send the fragment to a
//! server, so the patient's data stays between the two browsers.

use crate::clinical::case::Case;
use crate::clinical::errors::InputError;
use crate::clinical::parse::parse_case;

const PREFIX: &str = "case=";

/// The fragment (without `#`) that carries `case`.
pub fn encode(case: &Case) -> String {
    let json = serde_json::to_string(case).unwrap_or_default();
    format!("{PREFIX}{}", lz_str::compress_to_encoded_uri_component(&json))
}

/// The case in a fragment (with or without `#`): `None` when the fragment carries no case, `Some(Err)` when it
/// carries one that cannot be read (a truncated link, or a document with unknown fields).
pub fn decode(fragment: &str) -> Option<Result<Case, Vec<InputError>>> {
    let data = fragment.trim_start_matches('#').strip_prefix(PREFIX)?;
    let unreadable = || vec![InputError::new("", crate::clinical::errors::ErrorCode::Malformed, "the link is damaged")];
    let Some(json) = lz_str::decompress_from_encoded_uri_component(data).and_then(|u| String::from_utf16(&u).ok())
    else {
        return Some(Err(unreadable()));
    };
    Some(match parse_case(&json) {
        Ok(parsed) if parsed.unknown_fields.is_empty() => Ok(parsed.case),
        Ok(parsed) => Err(parsed.unknown_fields),
        Err(errors) => Err(errors),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::case::{CaseDate, Patient, Sex};

    #[test]
    fn a_case_round_trips_through_the_fragment() {
        let case = Case {
            assessed_on: Some(CaseDate("2026-11-22".into())),
            patient: Patient { name: Some("王芳 <b>".into()), sex: Some(Sex::Female), ..Patient::default() },
            ..Case::default()
        };
        let fragment = encode(&case);
        assert!(fragment.chars().all(|c| c.is_ascii_alphanumeric() || "=+-$_".contains(c)), "{fragment}");
        assert_eq!(decode(&format!("#{fragment}")), Some(Ok(case)));
    }

    #[test]
    fn other_fragments_carry_no_case_and_damaged_ones_are_errors() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#top"), None);
        assert!(matches!(decode("#case=%%%"), Some(Err(_))));
        let damaged = &encode(&Case::default())[..12];
        assert!(matches!(decode(damaged), Some(Err(_))));
    }
}
