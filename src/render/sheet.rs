//! The printable recommendation sheet: the document as one HTML fragment for A4. Page 1 holds the header, the
//! patient, the notice, the impression, the alerts and the plan; then the drug options, the denosumab schedule, the
//! data entered, the rules applied with their sources, and the signature lines.
//!
//! Plain Rust, no UI framework: the page shows it only when printing, and tests read it natively. It draws the same
//! document as the screen and the text export. Everything is HTML-escaped, including rule texts (they contain `<`).

use std::fmt::{self, Display, Write};

use crate::clinical::case::Case;
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::document::{document, Block, Document, Line, Section};
use crate::input::problems::Problems;
use crate::words::i18n::{Lang, Text};

/// Text made safe for HTML element content and quoted attribute values.
pub struct Escaped<'a>(pub &'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                _ => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The sheet for `case`. Without a report (the case is incomplete) it lists what is missing instead of a
/// recommendation, so a printout can never pass for advice on a half-entered case.
pub fn print_sheet(case: &Case, result: &Result<Report, Problems>, lang: Lang, clinic_header: &str) -> String {
    sheet_of(&document(case, result, lang), lang, clinic_header)
}

/// The sheet for a document already built (the page builds one for the screen and the sheet).
pub fn sheet_of(doc: &Document, lang: Lang, clinic_header: &str) -> String {
    let mut out = String::with_capacity(16 * 1024);
    // Writing to a String cannot fail.
    let _ = write_sheet(&mut out, doc, lang, clinic_header);
    out
}

fn write_sheet(out: &mut String, doc: &Document, lang: Lang, clinic_header: &str) -> fmt::Result {
    let t = |text: Text| Escaped(text.get(lang));
    write!(out, r#"<article class="sheet" lang="{}">"#, lang.html_tag())?;
    if !clinic_header.trim().is_empty() {
        write!(out, r#"<p class="sheet-clinic">{}</p>"#, Escaped(clinic_header.trim()))?;
    }
    write!(out, r#"<h1>{} · {}</h1>"#, t(Text::AppName), t(Text::SheetTitle))?;
    out.push_str(r#"<table class="sheet-patient"><tr>"#);
    for (label, value) in &doc.patient {
        write!(out, "<th>{}</th><td>{}</td>", Escaped(label), Escaped(value))?;
    }
    out.push_str("</tr></table>");
    write!(out, r#"<p class="sheet-notice">{}</p>"#, t(Text::Notice))?;
    for section in &doc.sections {
        write_section(out, section, lang)?;
    }
    write_signature(out, lang)?;
    out.push_str("</article>");
    Ok(())
}

/// The lines for the clinician's signature and the date, kept together at the end (the sheet and the worklist).
pub(crate) fn write_signature(out: &mut String, lang: Lang) -> fmt::Result {
    let colon = lang.colon();
    write!(
        out,
        r#"<div class="sheet-end"><div class="sheet-sign"><span>{}{colon}</span><span class="line"></span><span>{}{colon}</span><span class="line short"></span></div></div>"#,
        Escaped(Text::Signature.get(lang)),
        Escaped(Text::Date.get(lang))
    )
}

fn write_section(out: &mut String, section: &Section, lang: Lang) -> fmt::Result {
    let class = if section.kind.is_top() { "sheet-top" } else { "sheet-more" };
    write!(out, r#"<section class="{class}" data-section="{}">"#, section.kind.key())?;
    write!(out, "<h2>{}</h2>", Escaped(&section.heading))?;
    let colon = lang.colon();
    for block in &section.blocks {
        match block {
            Block::Paragraph(line) => {
                out.push_str("<p>");
                write_line(out, line, colon)?;
                out.push_str("</p>");
            }
            Block::Alerts(alerts) => {
                out.push_str(r#"<ul class="sheet-alerts">"#);
                for a in alerts {
                    write!(
                        out,
                        r#"<li class="{}"><strong>{}</strong>{colon}{}"#,
                        severity_class(a.severity),
                        Escaped(&a.label),
                        Escaped(&a.text)
                    )?;
                    codes(out, &[a.rule])?;
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
            Block::Numbered(lines) => write_list(out, "ol", "sheet-plan", lines, colon)?,
            Block::Items(lines) => write_list(out, "ul", "sheet-items", lines, colon)?,
            Block::Pairs(pairs) => {
                out.push_str(r#"<table class="sheet-pairs">"#);
                for p in pairs {
                    let (open, close) = if p.strong { ("<strong>", "</strong>") } else { ("", "") };
                    write!(out, "<tr><th>{}</th><td>{open}{}{close}</td></tr>", Escaped(&p.label), Escaped(&p.value))?;
                }
                out.push_str("</table>");
            }
            Block::Chart(chart) => {
                write!(out, r#"<div class="chart-frame">{}</div>"#, super::chart::chart_svg(chart))?;
            }
            Block::Rules(rules) => {
                out.push_str(r#"<ul class="sheet-rules">"#);
                for r in rules {
                    write!(
                        out,
                        "<li><b>{}</b> {} <i>{}</i></li>",
                        r.code,
                        Escaped(&r.text),
                        Escaped(&lang.parenthesised("", &format!("{}{colon}{}", Text::Source.get(lang), r.source)))
                    )?;
                }
                out.push_str("</ul>");
            }
        }
    }
    out.push_str("</section>");
    Ok(())
}

fn write_list(out: &mut String, tag: &str, class: &str, lines: &[Line], colon: &str) -> fmt::Result {
    write!(out, r#"<{tag} class="{class}">"#)?;
    for line in lines {
        out.push_str("<li>");
        write_line(out, line, colon)?;
        out.push_str("</li>");
    }
    write!(out, "</{tag}>")
}

/// A line with its lead in bold and its rules' IDs after it.
fn write_line(out: &mut String, line: &Line, colon: &str) -> fmt::Result {
    match &line.lead {
        Some(lead) if line.text.is_empty() => write!(out, "<strong>{}</strong>", Escaped(lead))?,
        Some(lead) => write!(out, "<strong>{}</strong>{colon}{}", Escaped(lead), Escaped(&line.text))?,
        None => write!(out, "{}", Escaped(&line.text))?,
    }
    codes(out, &line.rules)
}

/// Rule IDs only, small, after the words they stand behind.
fn codes(out: &mut String, rules: &[RuleId]) -> fmt::Result {
    for (i, id) in rules.iter().enumerate() {
        let sep = if i == 0 { r#" <span class="sheet-codes">"# } else { ", " };
        write!(out, "{sep}{}", id.code())?;
    }
    if !rules.is_empty() {
        out.push_str("</span>");
    }
    Ok(())
}

fn severity_class(severity: crate::clinical::rules::Severity) -> &'static str {
    use crate::clinical::rules::Severity::*;
    match severity {
        Danger => "danger",
        Warning => "warning",
        Info | Note => "info",
    }
}
