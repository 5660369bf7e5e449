//! The plan's dated actions as an iCalendar file (RFC 5545) that a patient or a clinic can import: the next dose
//! or the exit drug, calcium checks, bone-marker checks, DXA, reviews.
//!
//! Everything comes from the report's `plan`, so the calendar never disagrees with the screen, and it never holds
//! a date before `assessed_on` (the plan has none). Events are all-day (`VALUE=DATE`, end exclusive). The output
//! is deterministic: DTSTAMP is `assessed_on`, and a UID is built from the patient's key, the action, its drug and
//! its date (a denosumab dose: its number), so exporting the same plan again updates the same events instead of
//! adding copies, and a dose that moves keeps its event.
//!
//! The clinic list's calendar (`list_icalendar`) holds one event per patient, the next action, written by the same
//! VCALENDAR writer; it never holds a date before the list's date.

use std::collections::HashSet;
use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use crate::clinic_list::{ClinicList, ListRow};
use crate::clinical::case::{Case, Patient, Regimen};
use crate::clinical::plan::{Action, PlanItem, Urgency};
use crate::clinical::report::Report;
use crate::document::plan::action_summary;
use crate::words::i18n::{Lang, Text};
use crate::words::rule_text::{fill, RuleValues};

/// RFC 5545 §3.1: content lines are folded at 75 octets.
const MAX_LINE_OCTETS: usize = 75;

struct Event {
    uid: String,
    day: NaiveDate,
    summary: String,
    description: String,
}

/// The actions a calendar holds: those done on a date (a visit, a dose, a test), not standing advice. v3 (reading
/// 40): stopping a drug for a switch and a repeat zoledronic acid infusion are dated like any other; the holiday's
/// review is a `review_treatment` on its date.
fn is_calendar_action(action: Action) -> bool {
    matches!(
        action,
        Action::GiveDenosumab
            | Action::GiveExitDrug
            | Action::StopTreatment
            | Action::RepeatInfusion
            | Action::NextInfusion
            | Action::FallbackDenosumab
            | Action::StartTreatment
            | Action::BookFollowOn
            | Action::CheckLabs
            | Action::CheckCalciumAfterDose
            | Action::CheckBtm
            | Action::VitaminDLoading
            | Action::VitaminDSupplement
            | Action::Dxa
            | Action::ReviewTreatment
    )
}

/// The dates on which an item puts an event: its `dates` when it has them (a recheck, calcium or marker series),
/// else its date or deadline. A test done today at this visit needs no calendar entry.
fn event_days(item: &PlanItem, today: NaiveDate) -> Vec<NaiveDate> {
    if !item.dates.is_empty() {
        return item.dates.clone();
    }
    let day = match item.urgency {
        Urgency::By => item.by,
        Urgency::Standing => None,
        Urgency::Now if matches!(item.action, Action::CheckLabs | Action::CheckBtm) => None,
        _ => item.on,
    };
    day.filter(|&d| d >= today).into_iter().collect()
}

/// One paragraph per rule, "ID: text (source)", then the window's end and the decision-support notice.
fn description(item: &PlanItem, values: &RuleValues, lang: Lang) -> String {
    let mut text = String::new();
    if let (Some(on), Some(by)) = (item.on, item.by) {
        let line = match lang {
            Lang::En => format!("On {on}, at the latest by {by}."),
            Lang::Zh => format!("{on}进行，最迟不晚于{by}。"),
        };
        let _ = writeln!(text, "{line}");
    }
    for &id in &item.rules {
        let rule = id.rule();
        let _ = match values.text(id, lang) {
            words if words.is_empty() => writeln!(text, "{} ({})", rule.code, rule.source),
            words => writeln!(text, "{}: {words} ({})", rule.code, rule.source),
        };
    }
    text.push_str(Text::Notice.get(lang));
    text
}

fn events(patient: &Patient, report: &Report, values: &RuleValues, lang: Lang) -> Vec<Event> {
    let today = report.assessed_on;
    // Issue 26: the patient's key in every UID, so that two patients' calendars never share an event.
    let birth_year = patient.age_years.map(|age| today.year() - age as i32);
    let key = patient_key(patient.id.as_deref().unwrap_or(""), patient.name.as_deref().unwrap_or(""), birth_year);
    let key = key.map(|k| format!("{k}-")).unwrap_or_default();
    // The doses ahead, so that each is titled with its number (the catch-up today is the next one): a dose's number
    // counts the doses before it. Not sorted: a std sort would add about 3 KB gzip to the page (measured).
    let doses: Vec<NaiveDate> =
        report.plan.iter().filter(|i| i.action == Action::GiveDenosumab).flat_map(|i| event_days(i, today)).collect();
    let mut events = Vec::new();
    for item in report.plan.iter().filter(|i| is_calendar_action(i.action)) {
        for day in event_days(item, today) {
            let drug = item.drug.map_or("none", |d| d.name());
            let later_doses = doses.iter().filter(|&&d| d < day).count();
            events.push(Event {
                uid: format!(
                    "osteoplan-{key}{}-{drug}-{}@osteoplan",
                    action_key(item.action),
                    occurrence(item, report, later_doses, day)
                ),
                day,
                summary: item_summary(item, report, later_doses, lang),
                description: description(item, values, lang),
            });
        }
    }
    events
}

/// Which occurrence of its action an event is, for its UID: a denosumab dose by its number, so that a dose that
/// moves (late, caught up today) is the same event and an import moves it instead of adding a second one; every
/// other action by its date.
fn occurrence(item: &PlanItem, report: &Report, later_doses: usize, day: NaiveDate) -> String {
    match (item.action, report.denosumab.as_ref()) {
        (Action::GiveDenosumab, Some(d)) => format!("dose{}", d.injections_count + 1 + later_doses),
        _ => basic_date(day),
    }
}

/// An event's title: the action, and for a denosumab dose its strength and number ("Denosumab 60 mg, dose 5"):
/// the next after those recorded, `later` doses on.
fn item_summary(item: &PlanItem, report: &Report, later: usize, lang: Lang) -> String {
    match (item.action, report.denosumab.as_ref()) {
        (Action::GiveDenosumab, Some(d)) => {
            let mg = match d.regimen {
                Regimen::Osteoporosis60mgQ6m => "60",
                Regimen::Oncology120mgQ4w => "120",
            };
            let n = (d.injections_count + 1 + later).to_string();
            fill(Text::CalendarDmabDose.get(lang), |name| match name {
                "mg" => Some(mg),
                "n" => Some(n.as_str()),
                _ => None,
            })
        }
        _ => action_summary(item, lang),
    }
}

/// "P001 · Denosumab 60 mg, dose 5": the patient (ID, else name) before the title, unless the calendar is to name
/// nobody (a calendar synced to a phone).
fn named(who: Option<&str>, summary: String) -> String {
    match who.filter(|w| !w.is_empty()) {
        Some(who) => format!("{who} · {summary}"),
        None => summary,
    }
}

/// The patient's part of a UID, stable across exports: the ID (anything but ASCII letters, digits and `-` as
/// `%XX`, so two IDs never meet), else a hash of the name and the year of birth (`h` and 16 hex digits), else
/// none.
pub fn patient_key(id: &str, name: &str, birth_year: Option<i32>) -> Option<String> {
    let id = id.trim();
    if !id.is_empty() {
        let mut key = String::with_capacity(id.len());
        for byte in id.bytes() {
            if byte.is_ascii_alphanumeric() || byte == b'-' {
                key.push(char::from(byte));
            } else {
                let _ = write!(key, "%{byte:02X}");
            }
        }
        return Some(key);
    }
    let name: Vec<&str> = name.split_whitespace().collect();
    if name.is_empty() {
        return None;
    }
    // FNV-1a (64 bits): small, stable across builds and platforms, unlike the standard library's hasher.
    let text = format!("{}\u{1f}{}", name.join(" "), birth_year.map(|y| y.to_string()).unwrap_or_default());
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    Some(format!("h{hash:016x}"))
}

/// The action's name in the format ("give_denosumab"), for UIDs.
fn action_key(action: Action) -> String {
    // Through JSON text, whose serde code the app has anyway (`to_value` would link a second serializer).
    serde_json::to_string(&action).map(|s| s.trim_matches('"').to_string()).unwrap_or_default()
}

/// Whether the plan has anything to put in a calendar (the UI offers the download only then).
pub fn has_events(report: &Report) -> bool {
    let today = report.assessed_on;
    report.plan.iter().any(|i| is_calendar_action(i.action) && !event_days(i, today).is_empty())
}

/// The iCalendar text for the report's dated plan, or `None` when nothing is dated. Every event's title starts
/// with the patient's ID (or name when there is no ID) unless `no_names`; every UID holds the patient's key.
pub fn icalendar(case: &Case, report: &Report, values: &RuleValues, lang: Lang, no_names: bool) -> Option<String> {
    let mut events = events(&case.patient, report, values, lang);
    if !no_names {
        let who = case.patient.id.as_deref().filter(|i| !i.trim().is_empty()).or(case.patient.name.as_deref());
        for event in &mut events {
            event.summary = named(who, std::mem::take(&mut event.summary));
        }
    }
    calendar(Text::CalendarName.get(lang), report.assessed_on, &events, lang)
}

/// The clinic list's calendar: one event per row with a dated next action, on that action's date or, for an action
/// already due (a patient assessed before the list's date), on the list's date. Each event's title names the patient
/// by ID, or by name when there is no ID (issue 26), unless `no_names` (a calendar synced to a phone): then by its
/// row in the register. UIDs hold the patient's key (`patient_key`), so two patients due the same day never share
/// one, and exporting again updates the same events.
pub fn list_icalendar(list: &ClinicList, rows: &[&ListRow], lang: Lang, no_names: bool) -> Option<String> {
    let today = list.options.today;
    let mut keys = HashSet::new();
    let events: Vec<Event> = rows
        .iter()
        .filter_map(|row| {
            // Two rows with the same key (a register can repeat one) must not share a UID: the second adds its row.
            let mut key = patient_key(&row.id, &row.name, row.birth_year).unwrap_or_else(|| format!("row{}", row.row));
            if !keys.insert(key.clone()) {
                key = format!("{key}-row{}", row.row);
            }
            list_event(row, &key, today, lang, no_names)
        })
        .collect();
    calendar(Text::ListCalendarName.get(lang), today, &events, lang)
}

fn list_event(row: &ListRow, key: &str, today: NaiveDate, lang: Lang, no_names: bool) -> Option<Event> {
    let (item, planned) = (row.next_item()?, row.next_date()?);
    let colon = lang.colon();
    let by_row = match lang {
        Lang::En => format!("row {}", row.row),
        Lang::Zh => format!("第{}行", row.row),
    };
    let who = match (no_names, row.id.is_empty(), row.name.is_empty()) {
        (true, ..) | (false, true, true) => by_row,
        (false, false, _) => row.id.clone(),
        (false, true, false) => row.name.clone(),
    };
    let mut lines = vec![format!("{}{colon}{}", Text::Status.get(lang), row.bucket.label(lang))];
    if row.schedule_only {
        lines.push(Text::ListScheduleOnly.get(lang).to_string());
    }
    if let Some(status) = row.status_text(lang) {
        lines.push(format!("{}{colon}{status}", Text::SectionDenosumab.get(lang)));
    }
    if let Some([open, close]) = row.window() {
        lines.push(format!("{open} – {close}"));
    }
    if planned < today {
        lines.push(format!("{}{colon}{}", Text::ListPlannedFor.get(lang), planned));
    }
    let also = row.also_due_text(lang);
    if !also.is_empty() {
        lines.push(format!("{}{colon}{also}", Text::ListAlsoDue.get(lang)));
    }
    if !row.alerts().is_empty() {
        let codes: Vec<&str> = row.alerts().iter().map(|a| a.rule.code()).collect();
        lines.push(format!("{}{colon}{}", Text::Alerts.get(lang), codes.join(" ")));
    }
    lines.push(Text::Notice.get(lang).to_string());
    Some(Event {
        // The plan's date, not the day shown: exported again on a later day, a passed action updates its event.
        uid: format!(
            "osteoplan-list-{key}-{}-{}@osteoplan",
            action_key(item.action),
            occurrence(item, &row.report, 0, planned)
        ),
        day: planned.max(today),
        summary: named(Some(&who), item_summary(item, &row.report, 0, lang)),
        description: lines.join("\n"),
    })
}

/// A calendar of all-day events, or `None` without any. DTSTAMP is `stamp`, so the same input gives the same file.
fn calendar(name: &str, stamp: NaiveDate, events: &[Event], lang: Lang) -> Option<String> {
    if events.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:-//OsteoPlan//OsteoPlan {}//EN", env!("CARGO_PKG_VERSION")));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(name)));
    for event in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", event.uid));
        line(&format!("DTSTAMP:{}T000000Z", basic_date(stamp)));
        line(&format!("DTSTART;VALUE=DATE:{}", basic_date(event.day)));
        line(&format!("DTEND;VALUE=DATE:{}", basic_date(event.day.succ_opt()?)));
        line(&format!("SUMMARY;LANGUAGE={}:{}", lang.html_tag(), escape(&event.summary)));
        line(&format!("DESCRIPTION;LANGUAGE={}:{}", lang.html_tag(), escape(&event.description)));
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

/// TEXT escaping (RFC 5545 §3.3.11). A TEXT value holds no control character but the tab (§3.3.11's TSAFE-CHAR),
/// so every other one (CR, NUL, VT, FF, ESC, DEL, U+0085 and the other C1, the separators U+2028/2029) a name or ID
/// may hold is removed; a line feed is written `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            '\u{2028}' | '\u{2029}' => {}
            _ if c.is_control() => {}
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

    #[test]
    fn text_values_hold_no_control_character_but_the_tab() {
        let hostile = "A\0B\u{b}C\u{c}D\u{1b}[2KE\rF\u{7f}G\u{85}H\u{9b}I\u{2028}J\u{2029}K\tL\nM";
        assert_eq!(escape(hostile), "ABCD[2KEFGHIJK\tL\\nM");
        let mut out = String::new();
        fold_into(&mut out, &format!("SUMMARY:{}", escape(&hostile.repeat(20))));
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.matches("\r\n").count(), 1, "one content line");
        assert!(!unfolded.trim_end().contains(|c: char| c.is_control() && c != '\t'), "{unfolded:?}");
        assert!(out.split_terminator("\r\n").all(|line| line.len() <= MAX_LINE_OCTETS));
    }
}
