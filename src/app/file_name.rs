//! The name of every file the calculator saves (the case, the calendar): `osteoplan-<patient ID or "case">-<date>`.

use crate::clinical::case::Case;

/// `osteoplan-<patient ID or "case">-<assessment date>`, safe as a file name on Windows, macOS and Linux.
pub fn file_stem(case: &Case) -> String {
    let stem = case.patient.id.as_deref().filter(|id| !id.is_empty()).unwrap_or("case");
    let safe: String = stem.chars().map(|c| if safe_in_file_name(c) { c } else { '_' }).collect();
    let date = case.assessed_on.as_ref().map_or(String::new(), |d| format!("-{}", d.0));
    format!("osteoplan-{safe}{date}")
}

/// ASCII letters, digits and '-', and any other script's characters (a Chinese ID stays readable) except spaces
/// and controls. Written without `char::is_alphanumeric`, whose Unicode tables cost the page about 2 KB gzip.
fn safe_in_file_name(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '-'
    } else {
        !c.is_whitespace()
            && !c.is_control()
            && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{FEFF}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::case::{CaseDate, Patient};

    fn stem(id: Option<&str>) -> String {
        let patient = Patient { id: id.map(String::from), ..Patient::default() };
        file_stem(&Case { patient, assessed_on: Some(CaseDate("2026-12-05".into())), ..Case::default() })
    }

    #[test]
    fn the_id_and_date_name_the_file_and_nothing_unsafe_is_kept() {
        assert_eq!(stem(Some("MRN-0042")), "osteoplan-MRN-0042-2026-12-05");
        assert_eq!(stem(None), "osteoplan-case-2026-12-05");
        assert_eq!(stem(Some("")), "osteoplan-case-2026-12-05");
        assert_eq!(stem(Some("../a/b\\c:d*e?f\"g<h>i|j k")), "osteoplan-___a_b_c_d_e_f_g_h_i_j_k-2026-12-05");
        assert_eq!(stem(Some("王\u{3000}丽\u{202E}\n1")), "osteoplan-王_丽__1-2026-12-05");
    }
}
