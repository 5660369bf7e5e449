//! Whose case is on screen: the patient's name and ID as the page title and the top of the results show them
//! (issue 24, so the clinician sees whose plan it is).

use crate::clinical::case::Case;

/// The patient's name and ID as the page shows them, e.g. "Wang Li · P001"; `None` for a patient without either.
pub fn patient_label(case: &Case) -> Option<String> {
    let parts: Vec<&str> = [case.patient.name.as_deref(), case.patient.id.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_names_the_patient_by_name_and_id() {
        let mut case = Case::default();
        assert_eq!(patient_label(&case), None);
        case.patient.name = Some("  ".into());
        assert_eq!(patient_label(&case), None, "blank is no name");
        case.patient.id = Some("P001".into());
        assert_eq!(patient_label(&case).as_deref(), Some("P001"));
        case.patient.name = Some(" Wang Li ".into());
        assert_eq!(patient_label(&case).as_deref(), Some("Wang Li · P001"));
        case.patient.id = None;
        assert_eq!(patient_label(&case).as_deref(), Some("Wang Li"));
    }
}
