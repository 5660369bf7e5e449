//! The document as plain text, for pasting into an electronic record and for the command line's `--text`.
//! Each line reads as on screen; the rules behind a line follow it in brackets.

use std::fmt::Write;

use crate::document::{Block, Document, Line};
use crate::words::i18n::{Lang, Text};

pub fn plain_text(doc: &Document, lang: Lang) -> String {
    text_of(doc, lang, false)
}

/// What a consult note needs: the head, the impression, the alerts and the plan ("Copy as text", issue 24; the whole
/// document is `plain_text`).
pub fn summary_text(doc: &Document, lang: Lang) -> String {
    text_of(doc, lang, true)
}

fn text_of(doc: &Document, lang: Lang, top_only: bool) -> String {
    let mut out = String::new();
    let colon = lang.colon();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{} · {}", Text::AppName.get(lang), Text::SheetTitle.get(lang));
    let patient: Vec<String> = doc.patient.iter().map(|(label, value)| format!("{label}{colon}{value}")).collect();
    let _ = writeln!(out, "{}", patient.join(" · "));
    let _ = writeln!(out, "{}", Text::Notice.get(lang));
    for section in doc.sections.iter().filter(|s| !top_only || s.kind.is_top()) {
        // Headings in capitals stand out in a plain-text record (Chinese has no case).
        let _ = writeln!(out, "\n{}", section.heading.to_ascii_uppercase());
        for block in &section.blocks {
            match block {
                Block::Paragraph(line) => {
                    let _ = writeln!(out, "{}", with_rules(line, colon));
                }
                Block::Alerts(alerts) => {
                    for a in alerts {
                        let _ = writeln!(out, "- {}{colon}{} [{}]", a.label, a.text, a.rule.code());
                    }
                }
                Block::Numbered(lines) => {
                    for (i, line) in lines.iter().enumerate() {
                        let _ = writeln!(out, "{}. {}", i + 1, with_rules(line, colon));
                    }
                }
                Block::Items(lines) => {
                    for line in lines {
                        let _ = writeln!(out, "- {}", with_rules(line, colon));
                    }
                }
                Block::Pairs(pairs) => {
                    for p in pairs {
                        let _ = writeln!(out, "{}{colon}{}", p.label, p.value);
                    }
                }
                // A picture: the Follow-up lines and the schedule say it in words.
                Block::Chart(_) => {}
                Block::Rules(rules) => {
                    for r in rules {
                        let source = format!("{}{colon}{}", Text::Source.get(lang), r.source);
                        // Without its text (in the browser, when the texts could not be loaded), a rule reads
                        // "CODE (Source: …)".
                        let _ = writeln!(out, "{} {}", r.code, lang.parenthesised(&r.text, &source).trim_start());
                    }
                }
            }
        }
    }
    out
}

fn with_rules(line: &Line, colon: &str) -> String {
    let text = line.plain(colon);
    if line.rules.is_empty() {
        return text;
    }
    let codes: Vec<&str> = line.rules.iter().map(|r| r.code()).collect();
    format!("{text} [{}]", codes.join(", "))
}
