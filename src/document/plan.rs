//! The plan as numbered lines: each action with its date or deadline in bold, then the action with its drug,
//! tests and this patient's values; the drugs to avoid share one line, as a clinician writes "Avoid: …".

use super::doses;
use super::fill;
use super::model::{Line, Tag};
use super::sentences::Sentence::{self, *};
use chrono::NaiveDate;

use crate::clinical::case::{Drug, Regimen};
use crate::clinical::plan::{Action, PlanItem, Urgency};
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::i18n::Lang;
use crate::rule_text::RuleValues;

pub fn plan_lines(report: &Report, values: &RuleValues, lang: Lang) -> Vec<Line> {
    let mut lines = Vec::new();
    let avoid: Vec<&PlanItem> = report.plan.iter().filter(|i| i.action == Action::Avoid).collect();
    let mut first_dose = true;
    for item in report.plan.iter().filter(|i| i.action != Action::Avoid) {
        // "Avoid" goes before the standing advice, after everything dated.
        if item.action == Action::BasicCare && !avoid.is_empty() {
            lines.push(avoid_line(report, &avoid, values, lang));
        }
        // The first denosumab dose of the plan is the patient's next one: say which.
        let dose = match (&report.denosumab, item.action) {
            (Some(d), Action::GiveDenosumab) if first_dose => {
                first_dose = false;
                Some(fill(DoseNumber.get(lang), values, &[("dose", (d.injections_count + 1).to_string())]))
            }
            _ => None,
        };
        lines.push(Line {
            lead: when(item, report, values, lang),
            text: action_text(item, report, dose, values, lang),
            rules: item.rules.clone(),
            tag: Tag::PlanItem { action: item.action, on: item.on },
        });
    }
    if !avoid.is_empty() && !report.plan.iter().any(|i| i.action == Action::BasicCare) {
        lines.push(avoid_line(report, &avoid, values, lang));
    }
    lines
}

/// "Today (2026-11-24)", "By 2026-11-27", "2027-05-24 (window 2027-04-26 – 2027-06-21)", "2027-05-24 (at the
/// latest 2027-06-21)", or a series of dates.
fn when(item: &PlanItem, report: &Report, values: &RuleValues, lang: Lang) -> Option<String> {
    let date = |d: NaiveDate| d.to_string();
    let by = item.by.map(date).unwrap_or_default();
    let on =
        |template: Sentence, d: NaiveDate| fill(template.get(lang), values, &[("date", date(d)), ("by", by.clone())]);
    let mut lead = match (item.urgency, item.on, item.by, dose_window(item, report)) {
        (Urgency::Now, _, Some(by), _) if by != report.assessed_on => {
            Some(on(WhenTodayAtTheLatest, report.assessed_on))
        }
        (Urgency::Now, ..) => Some(on(WhenToday, report.assessed_on)),
        (Urgency::By, _, Some(by), _) => Some(on(WhenBy, by)),
        (Urgency::On, Some(d), _, Some([open, close])) => {
            Some(fill(WhenWindow.get(lang), values, &[("date", date(d)), ("open", date(open)), ("close", date(close))]))
        }
        (Urgency::On, Some(d), Some(by), None) if by != d => Some(on(WhenOnAtTheLatest, d)),
        (Urgency::On, Some(d), ..) => Some(on(WhenOn, d)),
        _ => None,
    };
    // A series: its dates after the lead ("Today (2026-11-24), then 2027-02-24"), or alone when it starts on the
    // item's own date.
    if !item.dates.is_empty() {
        let starts_on_it = item.dates.first() == item.on.as_ref() && item.urgency == Urgency::On;
        // Today's date is in the lead already ("Today (2026-11-24), then 2027-02-24").
        let today = (item.urgency == Urgency::Now).then_some(report.assessed_on);
        let later = item.dates.iter().filter(|&&d| Some(d) != today || starts_on_it);
        let list = later.map(|d| d.to_string()).collect::<Vec<_>>().join(lang.list_separator());
        lead = Some(match lead {
            Some(_) if starts_on_it => list,
            Some(first) => fill(WhenThen.get(lang), values, &[("first", first), ("later", list)]),
            None => list,
        });
    }
    lead
}

/// The injection window of a dated denosumab dose: the catch-up schedule's, or the schedule's own.
fn dose_window(item: &PlanItem, report: &Report) -> Option<[NaiveDate; 2]> {
    let d = report.denosumab.as_ref()?;
    if item.action != Action::GiveDenosumab {
        return None;
    }
    let window = match (&d.catch_up, d.next_due, d.window) {
        (Some(c), _, _) if item.on == Some(c.next_due) => Some(c.window),
        (None, Some(next), Some(window)) if item.on == Some(next) => Some(window),
        _ => None,
    };
    // A window already open reads by its last day only: no date before today is shown as something to do.
    window.filter(|[open, _]| *open >= report.assessed_on)
}

/// The action as an instruction with its drug, dose, tests and this patient's values: "Start alendronate 70 mg once
/// weekly, … (CrCl 60 mL/min)", "Denosumab injection (60 mg s.c., dose 5); calcium 2.28 mmol/L is normal",
/// "Blood tests after denosumab (serum calcium, phosphate, magnesium); CrCl 39 mL/min (Cockcroft–Gault)".
fn action_text(item: &PlanItem, report: &Report, dose: Option<String>, values: &RuleValues, lang: Lang) -> String {
    let fired = |rule: RuleId| report.rules_fired.contains(&rule);
    let with_drug = |template: Sentence, drug: Drug, dose: Option<&str>| {
        let dose = dose.unwrap_or_default().to_string();
        fill(template.get(lang), values, &[("drug", drug.label(lang).to_string()), ("dose", dose)])
            .trim_end_matches(['，', ':', '：'])
            .trim()
            .to_string()
    };
    let mut text = match (item.action, item.drug) {
        (Action::StartTreatment, Some(d)) => with_drug(PlanStart, d, doses::dose(d, lang)),
        (Action::GiveExitDrug, Some(d)) => with_drug(PlanExitDrug, d, doses::exit_dose(d, lang)),
        (Action::BookFollowOn, Some(d)) => with_drug(PlanFollowOn, d, doses::dose(d, lang)),
        (Action::ContinueTreatment, Some(Drug::Denosumab)) => PlanContinueDenosumab.get(lang).to_string(),
        (Action::ContinueTreatment, Some(d)) => with_drug(PlanContinue, d, None),
        (Action::ReviewTreatment, Some(d)) if d.is_bisphosphonate() => with_drug(PlanReviewBp, d, None),
        (Action::ReviewTreatment, Some(d)) => with_drug(PlanReview, d, None),
        (Action::CheckBtm, _) => PlanCtx.get(lang).to_string(),
        (Action::VitaminDSupplement, _) => PlanVitaminD.get(lang).to_string(),
        (Action::BasicCare, _) => PlanBasicCare.get(lang).to_string(),
        (Action::DentalCheck, _) => PlanDental.get(lang).to_string(),
        (Action::Dxa, _) if report.diagnosis.lowest_site.is_none() => PlanDxaBaseline.get(lang).to_string(),
        (Action::Dxa, _) => PlanDxaRepeat.get(lang).to_string(),
        (Action::SpecialistReview, _) if fired(RuleId::DmabCkd) => PlanNephrology.get(lang).to_string(),
        _ => action_summary(&PlanItem { tests: Vec::new(), ..item.clone() }, lang),
    };
    // A bisphosphonate's dose rests on the kidney function: say it.
    let gives_bisphosphonate =
        matches!(item.action, Action::StartTreatment | Action::GiveExitDrug | Action::BookFollowOn)
            && item.drug.is_some_and(Drug::is_bisphosphonate);
    let mut asides: Vec<String> = Vec::new();
    // The tests as one list ("phosphate, ALP, iPTH"); the s-CTX line already names its test.
    let tests: Vec<&str> = item.tests.iter().map(|t| t.label(lang)).collect();
    if !tests.is_empty() && item.action != Action::CheckBtm {
        asides.push(tests.join(lang.list_separator()));
    }
    if item.action == Action::GiveDenosumab {
        let oncology = report.denosumab.as_ref().is_some_and(|d| d.regimen == Regimen::Oncology120mgQ4w);
        asides.insert(0, (if oncology { DenosumabDose120 } else { DenosumabDose60 }).get(lang).to_string());
    }
    asides.extend(dose);
    if gives_bisphosphonate && values.has("kidney_short") {
        asides.push(fill("{kidney_short}", values, &[]));
    }
    if !asides.is_empty() {
        text = lang.parenthesised(&text, &asides.join(lang.comma()));
    }
    // The patient's values the action answers to, and what it waits for.
    let value = |template: &str| fill(template, values, &[]);
    let mut notes: Vec<String> = Vec::new();
    match item.action {
        Action::GiveDenosumab if fired(RuleId::DmabCkd) => notes.push(DoseOnceCalciumNormal.get(lang).to_string()),
        Action::GiveDenosumab if item.urgency == Urgency::Now => {
            if values.has("calcium") && !fired(RuleId::CiHypoca) {
                notes.push(value(DoseCalciumNormal.get(lang)));
            }
            if fired(RuleId::BaseVitdLow) || fired(RuleId::BaseVitdSevere) {
                notes.push(DoseVitaminDNoDelay.get(lang).to_string());
            }
        }
        Action::GiveDenosumab | Action::GiveExitDrug
            if report
                .denosumab
                .as_ref()
                .and_then(|d| d.catch_up.as_ref())
                .is_some_and(|c| item.on == Some(c.next_due)) =>
        {
            notes.push(DoseCountedFromToday.get(lang).to_string())
        }
        Action::CheckCalciumAfterDose => {
            if values.has("kidney") {
                notes.push(value("{kidney}"));
            }
            if item.dates.len() > 1 {
                notes.push(SeriesFromActualDose.get(lang).to_string());
            }
        }
        Action::VitaminDLoading | Action::VitaminDSupplement if values.has("vitamin_d") => {
            notes.push(value(VitaminDValue.get(lang)))
        }
        Action::CorrectCalcium if values.has("calcium") => notes.push(value(CalciumValue.get(lang))),
        _ => {}
    }
    for note in notes {
        text = format!("{text}{}{note}", lang.semicolon());
    }
    text
}

/// Actions whose own name says the drug ("Denosumab injection"): the drug is not named again.
fn named_by_action(action: Action) -> bool {
    matches!(
        action,
        Action::GiveDenosumab | Action::NextInfusion | Action::FallbackDenosumab | Action::CheckCalciumAfterDose
    )
}

/// The action with its drug and tests, without dates or values: a calendar event's name ("Blood tests (phosphate,
/// ALP)", "Exit drug after denosumab: zoledronic acid").
pub fn action_summary(item: &PlanItem, lang: Lang) -> String {
    let mut text = item.action.label(lang).to_string();
    if let Some(drug) = item.drug.filter(|_| !named_by_action(item.action)) {
        text = format!("{text}{}{}", lang.colon(), drug.label(lang));
    }
    let tests: Vec<&str> = item.tests.iter().map(|t| t.label(lang)).collect();
    if tests.is_empty() {
        text
    } else {
        lang.parenthesised(&text, &tests.join(lang.list_separator()))
    }
}

/// "Avoid: teriparatide, abaloparatide (after denosumab: hip bone loss)": each drug with its short reason.
fn avoid_line(report: &Report, avoid: &[&PlanItem], values: &RuleValues, lang: Lang) -> Line {
    // Each avoided drug with the reason its option gives; drugs with the same reason share it.
    let mut groups: Vec<(Vec<&str>, String)> = Vec::new();
    for drug in avoid.iter().filter_map(|i| i.drug) {
        let option = report.treatment.options.iter().find(|o| o.drug == drug);
        let reason = option.map(|o| super::reasons::option_reason(o, values, lang)).unwrap_or_default();
        match groups.iter_mut().find(|(_, r)| *r == reason) {
            Some((drugs, _)) => drugs.push(drug.label(lang)),
            None => groups.push((vec![drug.label(lang)], reason)),
        }
    }
    // On denosumab, the first thing to avoid is stopping it without an exit drug.
    let on_denosumab = report.rules_fired.contains(&RuleId::TxContinueDmab);
    let stopping = on_denosumab.then(|| PlanStopWithoutExit.get(lang).to_string());
    let parts: Vec<String> = stopping
        .into_iter()
        .chain(groups.iter().map(|(drugs, reason)| {
            let names = drugs.join(lang.list_separator());
            if reason.is_empty() {
                names
            } else {
                lang.parenthesised(&names, reason)
            }
        }))
        .collect();
    let mut rules: Vec<RuleId> = avoid.iter().flat_map(|i| i.rules.iter().copied()).collect();
    crate::clinical::sorting::sort(&mut rules);
    rules.dedup();
    Line {
        lead: None,
        text: fill(AvoidLine.get(lang), values, &[("drugs", parts.join(lang.semicolon()))]),
        rules,
        tag: Tag::PlanItem { action: Action::Avoid, on: None },
    }
}
