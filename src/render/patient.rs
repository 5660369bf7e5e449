//! The patient's sheet as HTML for one A4 page in large type (style.css `.patient`): the page prints it instead of
//! the clinician's sheet after "Print for the patient". Everything is HTML-escaped.

use std::fmt::{self, Write};

use super::sheet::{write_signature, Escaped};
use crate::document::patient::PatientSheet;
use crate::words::i18n::Lang;
use crate::words::patient_texts::PatientText;

pub fn patient_html(sheet: &PatientSheet, lang: Lang) -> String {
    let mut out = String::with_capacity(4096);
    // Writing to a String cannot fail.
    let _ = write_sheet(&mut out, sheet, lang);
    out
}

fn write_sheet(out: &mut String, s: &PatientSheet, lang: Lang) -> fmt::Result {
    let t = |x: PatientText| Escaped(x.get(lang));
    write!(
        out,
        r#"<article class="patient" lang="{}"><h1>{}</h1><p class="who">{}</p>"#,
        lang.html_tag(),
        t(PatientText::Title),
        Escaped(&s.who)
    )?;
    write_list(out, "p", t(PatientText::MedicineHead), &s.medicine)?;
    if !s.dates.is_empty() {
        write!(
            out,
            r#"<h2>{}</h2><table class="patient-dates"><tr><th>{}</th><th>{}</th><th>{}</th></tr>"#,
            t(PatientText::DatesHead),
            t(PatientText::ColWhat),
            t(PatientText::ColWhen),
            t(PatientText::ColDone)
        )?;
        for (what, when) in &s.dates {
            write!(out, r#"<tr><td>{}</td><td>{}</td><td class="tick">☐</td></tr>"#, Escaped(what), Escaped(when))?;
        }
        out.push_str("</table>");
    }
    write_list(out, "li", t(PatientText::NeverHead), &s.never)?;
    write_list(out, "li", t(PatientText::TellHead), &s.tell)?;
    write_list(out, "p", t(PatientText::CalciumHead), &s.calcium)?;
    write!(out, r#"<p class="clinic"><strong>{}</strong></p><p>{}</p>"#, Escaped(&s.clinic), t(PatientText::Bring))?;
    write_signature(out, lang)?;
    out.push_str("</article>");
    Ok(())
}

/// A heading and its lines, as paragraphs (`p`) or a bulleted list (`li`); nothing for no lines.
fn write_list(out: &mut String, tag: &str, heading: Escaped, lines: &[String]) -> fmt::Result {
    if lines.is_empty() {
        return Ok(());
    }
    write!(out, "<h2>{heading}</h2>")?;
    if tag == "li" {
        out.push_str("<ul>");
    }
    for line in lines {
        write!(out, "<{tag}>{}</{tag}>", Escaped(line))?;
    }
    if tag == "li" {
        out.push_str("</ul>");
    }
    Ok(())
}
