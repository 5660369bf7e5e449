//! The plan as numbered lines: each action with its date or deadline in bold, then the action with its drug,
//! tests and this patient's values; the drugs to avoid share one line, as a clinician writes "Avoid: …".

use super::doses;
use super::fill;
use super::model::{Line, Tag};
use super::sentences::Sentence::{self, *};
use chrono::NaiveDate;

use crate::clinical::case::{Drug, Regimen};
use crate::clinical::journey::Stage;
use crate::clinical::plan::{Action, PlanItem, Test, Urgency};
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::clinical::treatment::{is_pending, Status};
use crate::words::i18n::Lang;
use crate::words::rule_text::RuleValues;

pub fn plan_lines(report: &Report, hip_t: Option<f64>, values: &RuleValues, lang: Lang) -> Vec<Line> {
    let mut lines = Vec::new();
    let avoid: Vec<&PlanItem> = report.plan.iter().filter(|i| i.action == Action::Avoid).collect();
    let mut first_dose = true;
    for item in report.plan.iter().filter(|i| i.action != Action::Avoid) {
        // "Avoid" goes before the standing advice, after everything dated.
        if item.action == Action::BasicCare && !avoid.is_empty() {
            lines.push(avoid_line(report, &avoid, values, lang));
        }
        // The first denosumab dose of the plan is the patient's next one: say which.
        // A course known from the drug history alone has no dose count (DMAB-HISTORY-STOP reads it as one dose).
        let counted = !report.rules_fired.contains(&RuleId::DmabHistoryStop);
        let dose = match (&report.denosumab, item.action) {
            (Some(d), Action::GiveDenosumab) if first_dose && counted => {
                first_dose = false;
                Some(fill(DoseNumber.get(lang), values, &[("dose", (d.injections_count + 1).to_string())]))
            }
            _ => None,
        };
        lines.push(Line {
            lead: when(item, report, values, lang),
            text: action_text(item, report, dose, hip_t, values, lang),
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
    // A long calcium series after each dose (DMAB-CKD): its first weeks, then "monthly to" its last date, so it does
    // not bury today's actions.
    if item.action == Action::CheckCalciumAfterDose && item.dates.len() > 4 {
        let first: Vec<String> = item.dates.iter().take(4).map(|d| d.to_string()).collect();
        let last = item.dates.last().map(|d| d.to_string()).unwrap_or_default();
        return Some(fill(
            WhenSeriesMonthly.get(lang),
            values,
            &[("first", first.join(lang.list_separator())), ("last", last)],
        ));
    }
    if !item.dates.is_empty() {
        let starts_on_it = item.dates.first() == item.on.as_ref() && item.urgency == Urgency::On;
        // Today's date is in the lead already ("Today (2026-11-24), then 2027-02-24").
        let today = (item.urgency == Urgency::Now).then_some(report.assessed_on);
        let later = item.dates.iter().filter(|&&d| Some(d) != today || starts_on_it);
        let list = later.map(|d| d.to_string()).collect::<Vec<_>>().join(lang.list_separator());
        lead = Some(match lead {
            // Only today's date: the lead says it already.
            Some(first) if list.is_empty() => first,
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
fn action_text(
    item: &PlanItem,
    report: &Report,
    dose: Option<String>,
    hip_t: Option<f64>,
    values: &RuleValues,
    lang: Lang,
) -> String {
    let fired = |rule: RuleId| report.rules_fired.contains(&rule);
    let with_drug = |template: Sentence, drug: Drug, dose: Option<&str>| {
        let dose = dose.unwrap_or_default().to_string();
        fill(template.get(lang), values, &[("drug", drug.label(lang).to_string()), ("dose", dose)])
            .trim_end_matches(['，', ':', '：'])
            .trim()
            .to_string()
    };
    let has = |rule: RuleId| item.rules.contains(&rule);
    let exit_long = !has(RuleId::DmabExitShort);
    let mut text = match (item.action, item.drug) {
        (Action::StartTreatment, Some(d)) => with_drug(PlanStart, d, doses::dose(d, lang)),
        (Action::GiveExitDrug, Some(d)) => with_drug(PlanExitDrug, d, doses::exit_dose(d, exit_long, lang)),
        (Action::StopTreatment, Some(d)) => stop_text(item, d, report, values, lang),
        (Action::RepeatInfusion, _) => PlanRepeatInfusion.get(lang).to_string(),
        (Action::EnterPlannedCourse, _) => PlanEnterPlannedCourse.get(lang).to_string(),
        (Action::CorrectCalcium, _) => PlanCorrectCalcium.get(lang).to_string(),
        (Action::ReviewTreatment, Some(d)) if review_sentence(item).is_some() => {
            let drug = d.label(lang).to_string();
            let oral = d.is_oral_bisphosphonate();
            let template = review_sentence(item).map(|s| match s {
                PlanReviewFailure if oral => PlanReviewFailureOral,
                s => s,
            });
            let verdict = report
                .treatment
                .bp_review
                .as_ref()
                .and_then(|r| r.verdict.map(|v| super::impression::bp_verdict(v, &r.reasons, hip_t, values, lang)))
                .unwrap_or_default();
            fill(template.unwrap_or(PlanReview).get(lang), values, &[("drug", drug), ("verdict", verdict)])
        }
        (Action::BookFollowOn, Some(d)) => with_drug(PlanFollowOn, d, doses::dose(d, lang)),
        (Action::ContinueTreatment, Some(Drug::Denosumab)) => PlanContinueDenosumab.get(lang).to_string(),
        (Action::ContinueTreatment, Some(d)) => with_drug(PlanContinue, d, None),
        (Action::ReviewTreatment, Some(d)) if d.is_bisphosphonate() => with_drug(PlanReviewBp, d, None),
        (Action::ReviewTreatment, Some(d)) => with_drug(PlanReview, d, None),
        // The test the item names: a P1NP check is never written as β-CTX.
        (Action::CheckBtm, _) if item.tests.contains(&Test::P1np) => PlanP1np.get(lang).to_string(),
        (Action::CheckBtm, _) if has(RuleId::MonExitCtx) || has(RuleId::MonExitBmd) => {
            PlanCtxAfterRepeat.get(lang).to_string()
        }
        (Action::CheckBtm, _) => PlanCtx.get(lang).to_string(),
        (Action::CheckCalciumAfterDose, _) if has(RuleId::DmabCkd) => PlanCalciumSeries.get(lang).to_string(),
        (Action::CheckCalciumAfterDose, _) => PlanCalciumOnce.get(lang).to_string(),
        (Action::VitaminDSupplement, _) => PlanVitaminD.get(lang).to_string(),
        (Action::BasicCare, _) => PlanBasicCare.get(lang).to_string(),
        // WORK-DENTAL belongs to starts; the oncology regimen's check is before its next dose (DMAB-ONC); CI-DENTAL
        // on denosumab is a mid-interval date; before an exit infusion it says so.
        (Action::DentalCheck, _) if has(RuleId::DmabOnc) => PlanDentalOncology.get(lang).to_string(),
        (Action::DentalCheck, _) if has(RuleId::CiDental) && report.journey.stage == Stage::OnDenosumab => {
            PlanDentalMidInterval.get(lang).to_string()
        }
        (Action::DentalCheck, _) if has(RuleId::CiDental) => PlanDentalFirst.get(lang).to_string(),
        (Action::DentalCheck, _)
            if has(RuleId::DmabExitTiming) || has(RuleId::DmabExitLong) || has(RuleId::DmabExitShort) =>
        {
            PlanDentalExit.get(lang).to_string()
        }
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
    let names_its_tests =
        matches!(item.action, Action::CheckBtm | Action::CheckCalciumAfterDose | Action::CorrectCalcium);
    if !tests.is_empty() && !names_its_tests {
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
        Action::GiveDenosumab if has(RuleId::CiHypoca) => notes.push(DoseCorrectWithinDays.get(lang).to_string()),
        Action::GiveDenosumab if fired(RuleId::DmabCkd) => notes.push(DoseOnceCalciumNormal.get(lang).to_string()),
        // DMAB-CA-CHECK v3: no calcium in the case; the dose waits for it.
        Action::GiveDenosumab if has(RuleId::DmabCaCheck) => notes.push(DoseOnceCalciumKnown.get(lang).to_string()),
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
        Action::CorrectCalcium => {
            if values.has("calcium") {
                notes.push(super::calcium_value(report, values, lang));
            }
            // Reading 58: what to repeat before the drug.
            if !tests.is_empty() {
                notes.push(fill(PlanRepeatBefore.get(lang), values, &[("tests", tests.join(lang.list_separator()))]));
            }
        }
        Action::RepeatInfusion => {
            match report.monitoring.exit_ctx.as_ref().filter(|x| x.above) {
                Some(x) => notes.push(fill(
                    PlanRepeatWhy.get(lang),
                    values,
                    &[
                        ("value", super::follow_up::marker(x.value_ng_ml)),
                        ("reference", super::follow_up::marker(x.reference_ng_ml)),
                    ],
                )),
                None => notes.push(PlanRepeatWhyBmd.get(lang).to_string()),
            }
            notes.extend(waits_for(item, report, values, lang));
        }
        Action::StartTreatment => {
            if has(RuleId::DmabCkd) && item.drug == Some(Drug::Denosumab) {
                notes.push(DoseOnceCalciumNormal.get(lang).to_string());
            }
            notes.extend(waits_for(item, report, values, lang));
            if report.treatment.rules.contains(&RuleId::TxNonePreferred) || has(RuleId::TxNonePreferred) {
                notes.push(none_preferred(report, values, lang));
            }
        }
        Action::GiveExitDrug | Action::NextInfusion => notes.extend(waits_for(item, report, values, lang)),
        _ => {}
    }
    for note in notes {
        text = format!("{text}{}{note}", lang.semicolon());
    }
    text
}

/// Which review a `review_treatment` item is, by its rules, most specific first.
fn review_sentence(item: &PlanItem) -> Option<Sentence> {
    let has = |rule: RuleId| item.rules.contains(&rule);
    Some(if has(RuleId::MonFailure) {
        PlanReviewFailure
    } else if has(RuleId::MonExitCtx) || has(RuleId::MonExitBmd) {
        PlanReviewExitOral
    } else if has(RuleId::MonBtmOral) {
        PlanReviewTablet
    } else if has(RuleId::MonBtmAnabolic) {
        PlanReviewInjection
    } else if has(RuleId::MonResponse) {
        PlanReviewResponse
    } else if has(RuleId::MonHoliday) {
        PlanReviewHoliday
    } else if has(RuleId::FuBpReview) && item.urgency == Urgency::Now {
        PlanReviewBpNow
    } else if has(RuleId::DmabReview) {
        PlanReviewDmab
    } else {
        return None;
    })
}

/// `stop_treatment` in words: why, and when the new drug takes over (an oral drug the day before the new one;
/// alendronate → denosumab: the first injection a week after the last tablet, SEQ-FROM-BP).
fn stop_text(item: &PlanItem, drug: Drug, report: &Report, values: &RuleValues, lang: Lang) -> String {
    let has = |rule: RuleId| item.rules.contains(&rule);
    let name = drug.label(lang).to_string();
    if has(RuleId::SeqNoCombo) {
        return fill(PlanStopCombo.get(lang), values, &[("drug", name)]);
    }
    if has(RuleId::MonExitCtx) || has(RuleId::MonExitBmd) {
        return fill(PlanStopExitOral.get(lang), values, &[("drug", name)]);
    }
    let start = report.plan.iter().find(|i| i.action == Action::StartTreatment && i.drug.is_some());
    let Some((new, on)) = start.and_then(|i| i.drug.map(|d| (d, i.on.unwrap_or(report.assessed_on)))) else {
        return fill(PlanStopReplace.get(lang), values, &[("drug", name), ("new", String::new())])
            .trim_end_matches([';', ' ', '，'])
            .to_string();
    };
    let extra =
        [("drug", name), ("new", new.label(lang).to_string()), ("date", (on - chrono::Duration::days(1)).to_string())];
    let template = if drug.is_oral_bisphosphonate() && new == Drug::Denosumab {
        PlanStopToDenosumab
    } else if drug.is_oral_bisphosphonate()
        || matches!(drug, Drug::Raloxifene | Drug::Bazedoxifene | Drug::StrontiumRanelate)
    {
        if on <= report.assessed_on {
            PlanStopSwitchToday
        } else {
            PlanStopSwitchOn
        }
    } else if drug == Drug::ZoledronicAcid {
        PlanStopInfusion
    } else {
        PlanStopReplace
    };
    fill(template.get(lang), values, &extra)
}

/// What a start, an exit or an infusion waits for (PLAN-ORDER v3): "once calcium is corrected (adjusted calcium
/// 2.06 mmol/L)", "once kidney function is known", "once ALP, iPTH and serum protein electrophoresis are known to
/// be normal" (WORK-LABS before an anabolic; DMAB-CA-CHECK before denosumab).
fn waits_for(item: &PlanItem, report: &Report, values: &RuleValues, lang: Lang) -> Vec<String> {
    let has = |rule: RuleId| item.rules.contains(&rule);
    let mut notes = Vec::new();
    if has(RuleId::CiHypoca) {
        let mut text = OnceCorrected.get(lang).to_string();
        if values.has("calcium") {
            text = lang.parenthesised(&text, &super::calcium_value(report, values, lang));
        }
        notes.push(text);
    }
    // The results that gate it, measured today.
    let today = |i: &&PlanItem| i.action == Action::CheckLabs && i.urgency == Urgency::Now;
    let mut gating: Vec<Test> = Vec::new();
    let drug = item.drug;
    if item.action == Action::StartTreatment && drug.is_some_and(Drug::is_anabolic) {
        let anabolic = [Test::AdjustedCalcium, Test::Calcium, Test::Alp, Test::Pth, Test::Spep];
        for i in report.plan.iter().filter(today) {
            for &t in i.tests.iter().filter(|t| anabolic.contains(t)) {
                if !gating.contains(&t) {
                    gating.push(t);
                }
            }
        }
    }
    if has(RuleId::DmabCaCheck) || (drug == Some(Drug::Denosumab) && report.rules_fired.contains(&RuleId::DmabCaCheck))
    {
        let calcium_checked =
            report.plan.iter().any(|i| i.rules.contains(&RuleId::DmabCaCheck) && i.action == Action::CheckLabs);
        if calcium_checked && !gating.contains(&Test::AdjustedCalcium) {
            gating.push(Test::AdjustedCalcium);
        }
    }
    if !gating.is_empty() {
        let names: Vec<&str> = gating.iter().map(|t| t.label(lang)).collect();
        let verb = if names.len() == 1 { "is" } else { "are" };
        let list = match (lang, names.split_last()) {
            (Lang::En, Some((last, rest))) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(lang.list_separator()),
        };
        notes.push(fill(OnceKnownNormal.get(lang), values, &[("tests", list), ("verb", verb.to_string())]));
    }
    if has(RuleId::CiRenalUnknown) {
        notes.push(OnceKidneyKnown.get(lang).to_string());
    }
    notes
}

/// TX-NONE-PREFERRED: why no drug is clearly preferred — the drugs the starting table preferred, with what moved
/// each (set aside the pending marks, which only wait).
fn none_preferred(report: &Report, values: &RuleValues, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for o in
        report.treatment.options.iter().filter(|o| o.table_status == Status::Preferred && o.status != Status::Preferred)
    {
        let only_pending = o.after_pending == Some(Status::Preferred);
        if only_pending {
            continue;
        }
        let reason = super::reasons::option_reason(o, values, lang);
        let name = o.drug.label(lang).to_string();
        parts.push(if reason.is_empty() {
            name
        } else {
            format!("{name} {}", lang.parenthesised("", &reason).trim_start())
        });
    }
    let _ = is_pending;
    if parts.is_empty() {
        NonePreferredNoReason.get(lang).to_string()
    } else {
        fill(NonePreferred.get(lang), values, &[("why", parts.join(lang.list_separator()))])
    }
}

/// Actions whose own name says the drug ("Denosumab injection"): the drug is not named again.
fn named_by_action(action: Action) -> bool {
    matches!(
        action,
        Action::GiveDenosumab
            | Action::NextInfusion
            | Action::RepeatInfusion
            | Action::FallbackDenosumab
            | Action::CheckCalciumAfterDose
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
