//! "Print for the patient": the patient's sheet is made at the click (not with every keystroke), put into its
//! place at the end of the page, and printed instead of the clinician's sheet; after printing the page goes back
//! to printing the clinician's sheet (the browser's own print menu and the Print button).

use gloo_events::EventListener;

use super::browser;
use crate::app::state::AppState;
use crate::document::patient::patient_sheet;
use crate::render::patient::patient_html;

/// The attribute on `<html>` that makes paper show the patient's sheet (style.css).
const FOR_PATIENT: &str = "data-print-patient";

/// Prints the patient's sheet; nothing when its words could not be loaded (`words::patient_texts`).
pub fn print_for_patient(state: &AppState) {
    if !crate::words::rule_texts::all_loaded() {
        return;
    }
    let Ok(report) = state.draft.evaluate() else { return };
    let sheet = patient_sheet(&state.draft.case, &report, state.lang, &state.clinic_header);
    let Some(window) = web_sys::window() else { return };
    let Some(doc) = window.document() else { return };
    let (Some(place), Some(root)) = (doc.get_element_by_id("patient-sheet"), doc.document_element()) else { return };
    place.set_inner_html(&patient_html(&sheet, state.lang));
    let _ = root.set_attribute(FOR_PATIENT, "");
    EventListener::once(&window, "afterprint", move |_| {
        let _ = root.remove_attribute(FOR_PATIENT);
    })
    .forget();
    browser::print();
}

/// The clinician's sheet prints again (the Print button calls this first).
pub fn print_for_clinician() {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.remove_attribute(FOR_PATIENT);
    }
}
