//! The denosumab schedule as an iCalendar file (RFC 5545) that a patient or clinic can import.
//!
//! Everything comes from the report, so the calendar never disagrees with the screen:
//! - continuing (or oncology, or a blocked exit, which means continuing): the next injection and its window;
//! - stopping with an exit drug: the transition date and, in the long course, the two CTX checks.
//!
//! Events are all-day (`VALUE=DATE`, end exclusive). The output is deterministic: DTSTAMP is `assessed_on`, and
//! UIDs are built from the first injection date and the event's place in the course, so exporting the same case
//! again updates the same events instead of adding copies.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::denosumab::{DenosumabReport, ExitPlan};
use super::report::Report;
use super::rules::RuleId::{self, *};
use crate::i18n::{Lang, Text};

/// RFC 5545 §3.1: content lines are folded at 75 octets.
const MAX_LINE_OCTETS: usize = 75;

struct Event {
    /// Unique within one course of denosumab (see `uid`).
    key: String,
    first_day: NaiveDate,
    last_day: NaiveDate,
    summary: String,
    /// The rules behind this date; their catalogue text and source become the description.
    rules: Vec<RuleId>,
}

/// The iCalendar text for the report's denosumab schedule, or `None` when there is nothing to schedule
/// (no denosumab block, or no injection yet).
pub fn icalendar(report: &Report, lang: Lang) -> Option<String> {
    let (first, events) = events(report, lang)?;

    let mut out = String::new();
    let mut line = |text: &str| {
        fold_into(&mut out, text);
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:-//OsteoPlan//OsteoPlan {}//EN", env!("CARGO_PKG_VERSION")));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(Text::CalendarName.get(lang))));
    for event in &events {
        line("BEGIN:VEVENT");
        line(&format!("UID:osteoplan-dmab-{}-{}@osteoplan", basic_date(first), event.key));
        line(&format!("DTSTAMP:{}T000000Z", basic_date(report.assessed_on)));
        line(&format!("DTSTART;VALUE=DATE:{}", basic_date(event.first_day)));
        line(&format!("DTEND;VALUE=DATE:{}", basic_date(event.last_day.succ_opt()?)));
        line(&format!("SUMMARY;LANGUAGE={}:{}", lang.html_tag(), escape(&event.summary)));
        line(&format!("DESCRIPTION;LANGUAGE={}:{}", lang.html_tag(), escape(&description(&event.rules, lang))));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    Some(out)
}

/// RFC 5545's basic date form, YYYYMMDD. (Not chrono's `format`: its strftime machinery would add ~10 KB to
/// the web build for this one pattern.)
fn basic_date(date: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// Whether `icalendar` has anything to export (the UI offers the download only then).
pub fn has_events(report: &Report) -> bool {
    events(report, Lang::En).is_some()
}

/// The first injection (it names the events) and the events to export.
fn events(report: &Report, lang: Lang) -> Option<(NaiveDate, Vec<Event>)> {
    let dmab = report.denosumab.as_ref()?;
    let first = dmab.first_injection?;
    let events = match &dmab.exit_plan {
        Some(exit @ ExitPlan { drug: Some(_), .. }) => exit_events(exit, lang),
        _ => injection_events(dmab, lang)?,
    };
    Some((first, events))
}

/// The next injection and its window (DMAB-NEXT, or DMAB-ONC for the 4-weekly regimen).
fn injection_events(dmab: &DenosumabReport, lang: Lang) -> Option<Vec<Event>> {
    let (next_due, [opens, closes]) = (dmab.next_due?, dmab.window?);
    let dose = dmab.injections_count + 1;
    let schedule_rule = if dmab.rules.contains(&DmabOnc) { DmabOnc } else { DmabNext };
    let fired = |rules: &[RuleId]| rules.iter().copied().filter(|r| dmab.rules.contains(r)).collect::<Vec<_>>();
    let mut injection_rules = vec![schedule_rule];
    injection_rules.extend(fired(&[DmabMissed, DmabRebound, DmabCkd, DmabCaCheck]));
    if let Some(exit) = &dmab.exit_plan {
        // A blocked exit: no safe exit drug, so the advice is to keep injecting.
        injection_rules.extend(exit.rules.iter().copied().filter(|r| *r == DmabExitBlocked));
    }
    Some(vec![
        Event {
            key: format!("dose{dose}"),
            first_day: next_due,
            last_day: next_due,
            summary: lang.parenthesised(Text::CalendarInjection.get(lang), dmab.regimen.label(lang)),
            rules: injection_rules,
        },
        Event {
            key: format!("window{dose}"),
            first_day: opens,
            last_day: closes,
            summary: Text::CalendarWindow.get(lang).to_string(),
            rules: vec![schedule_rule],
        },
    ])
}

/// The transition to the exit drug and, in the long course, the CTX checks (DMAB-STOP-PLAN, DMAB-EXIT-*).
fn exit_events(exit: &ExitPlan, lang: Lang) -> Vec<Event> {
    let drug = exit.drug.map_or("", |d| d.label(lang));
    let mut events = vec![Event {
        key: "exit".into(),
        first_day: exit.transition_on,
        last_day: exit.transition_on,
        summary: format!("{}{}{drug}", Text::CalendarExit.get(lang), lang.colon()),
        rules: exit.rules.clone(),
    }];
    let total = exit.ctx_checks.len();
    for (i, &on) in exit.ctx_checks.iter().enumerate() {
        events.push(Event {
            key: format!("ctx{}", i + 1),
            first_day: on,
            last_day: on,
            summary: lang.parenthesised(Text::CalendarCtx.get(lang), &format!("{}/{total}", i + 1)),
            rules: vec![DmabExitLong],
        });
    }
    events
}

/// "text (aside)", with full-width brackets in Chinese.
/// One paragraph per rule, "ID: text (source)", then the decision-support notice.
fn description(rules: &[RuleId], lang: Lang) -> String {
    let mut text = String::new();
    for rule in rules.iter().map(|r| r.rule()) {
        let _ = writeln!(text, "{}: {} ({})", rule.code, rule.text(lang), rule.source);
    }
    text.push_str(Text::Notice.get(lang));
    text
}

/// TEXT escaping (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no physical line exceeds 75 octets (a continuation starts with a space,
/// which counts), never splitting a UTF-8 character, each ending in CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut room = MAX_LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            room = MAX_LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "地舒单抗".repeat(30));
        fold_into(&mut out, &line);
        for physical in out.split_terminator("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{} octets", physical.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_values_escape_the_special_characters() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
