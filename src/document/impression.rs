//! The impression: one or two sentences with this patient's values — the diagnosis and how it was reached, the
//! risk level and its main reasons, and where the patient is on treatment.

use super::sentences::Sentence::{self, *};
use super::{capitalised, fill};
use crate::clinical::case::{Case, Drug, FractureSite, Profile, Regimen};
use crate::clinical::dates::months_between;
use crate::clinical::denosumab::{DenosumabReport, DmabStatus};
use crate::clinical::diagnosis::{Category, DxPath};
use crate::clinical::journey::Stage;
use crate::clinical::plan::Action;
use crate::clinical::report::Report;
use crate::clinical::risk::RiskLevel;
use crate::clinical::rules::RuleId::{
    self, RiskGiop, RiskOnTx, RiskVhFalls, RiskVhFrax, RiskVhFxOnTx, RiskVhGc, RiskVhMultiFx, RiskVhRecentFx, RiskVhT,
};
use crate::clinical::treatment::{BpReason, BpVerdict};
use crate::words::i18n::Lang;
use crate::words::rule_text::score;
use crate::words::rule_text::RuleValues;

/// "Low bone mass (osteopenia) (lowest T −2.3, femoral neck); high risk: FRAX MOF 21 %, hip 3.6 %; anti-osteoporosis
/// drug treatment indicated."
pub fn diagnosis_and_risk(case: &Case, report: &Report, values: &RuleValues, lang: Lang) -> String {
    let d = &report.diagnosis;
    let mut how: Vec<String> = Vec::new();
    let site = d.lowest_site.map(|s| short_site(s.label(lang))).unwrap_or_default();
    match (d.path, d.lowest_score) {
        (DxPath::ZScore, Some(z)) => {
            how.push(fill(HowLowestZ.get(lang), values, &[("score", score(z)), ("site", site)]))
        }
        (_, Some(t)) if d.persisted => {
            let pre = d.pre_treatment_t_score.map(score).unwrap_or_default();
            how.push(fill(HowPersisted.get(lang), values, &[("score", pre), ("today", score(t))]));
        }
        (_, Some(t)) => how.push(fill(HowLowestT.get(lang), values, &[("score", score(t)), ("site", site)])),
        _ => how.push(HowClinical.get(lang).to_string()),
    }
    // The fractures that make or worsen the diagnosis: hip and vertebral first, the year only.
    let mut fractures: Vec<_> = case.fractures.iter().filter(|f| f.fragility != Some(false)).collect();
    crate::clinical::sorting::sort_by_key(&mut fractures, |f| {
        !matches!(f.site, Some(FractureSite::Hip | FractureSite::Vertebral))
    });
    let fracture_counts = matches!(d.category, Category::SevereOsteoporosis | Category::Osteoporosis);
    for f in fractures.iter().take(2).filter(|_| fracture_counts) {
        let year = f.date.as_ref().map(|d| d.0.chars().take(4).collect::<String>()).unwrap_or_default();
        let site = f.site.map_or("", |s| s.label(lang)).to_string();
        how.push(fill(HowFracture.get(lang), values, &[("site", site), ("year", year)]).trim().to_string());
    }
    let mut category = capitalised(d.category.label(lang), lang);
    // DX-FRAX (reading 38): "osteoporosis by fracture risk (FRAX MOF 22 %; lowest T −2.3, femoral neck)".
    if d.by_frax {
        category = format!("{category}{}{}", if lang == Lang::Zh { "（" } else { " " }, ByFrax.get(lang));
        if lang == Lang::Zh {
            category.push('）');
        }
        let (mof, hip) = frax_used(case, report);
        let by = match (mof.is_some_and(|p| p >= 20.0), hip.is_some_and(|p| p >= 3.0)) {
            (true, true) => vec![fill(ReasonFrax.get(lang), values, &[])],
            (true, false) => vec![fill(HowFrax.get(lang), values, &[])],
            (false, true) => vec![fill(HowFraxHip.get(lang), values, &[])],
            (false, false) => Vec::new(),
        };
        how.splice(0..0, by);
    }
    let diagnosis = with_aside(&category, &how.join(lang.semicolon()), lang);

    let r = &report.risk;
    let reasons = risk_reasons(case, report, values, lang);
    let level = r.level.label(lang).to_string();
    let risk = if reasons.is_empty() || r.level == RiskLevel::NotIndicated {
        level
    } else {
        fill(RiskWithReasons.get(lang), values, &[("level", level), ("reasons", reasons.join(lang.list_separator()))])
    };
    let mut sentence = format!("{diagnosis}{}{risk}", lang.semicolon());
    // The glucocorticoid course as taken and planned (reading 26), with the ACR stratum when RISK-GIOP applies.
    if let Some(course) = gc_course(case, values, lang) {
        let clause = match r.giop_stratum {
            Some(stratum) => fill(
                GiopStratumClause.get(lang),
                values,
                &[("course", course), ("stratum", stratum.label(lang).into())],
            ),
            None => course,
        };
        sentence = format!("{sentence}{}{clause}", lang.semicolon());
    }
    if r.treatment_indicated {
        // On treatment the indication is not new: it goes on (RISK-ON-TX).
        let on_treatment = r.rules.contains(&RiskOnTx);
        let tail = if on_treatment { IndicatedStillTail } else { IndicatedTail };
        sentence = format!("{sentence}{}{}", lang.semicolon(), tail.get(lang));
    }
    sentence + lang.full_stop()
}

/// The FRAX percentages the rules compared (glucocorticoid-adjusted where RISK-GC-FRAX applies), as (MOF, hip).
fn frax_used(case: &Case, report: &Report) -> (Option<f64>, Option<f64>) {
    let entered = case.frax.as_ref();
    let adjusted = report.risk.frax_adjusted.as_ref();
    let mof = adjusted.and_then(|a| a.mof_percent).or(entered.and_then(|f| f.mof_percent));
    let hip = adjusted.and_then(|a| a.hip_percent).or(entered.and_then(|f| f.hip_percent));
    (mof, hip)
}

/// The glucocorticoid course as written in reading 26: "glucocorticoids 40 mg/day: 1 months so far, 6 planned", or
/// "glucocorticoids 10 mg/day for 9 months" when no planned course is entered; none without a dose.
fn gc_course(case: &Case, values: &RuleValues, lang: Lang) -> Option<String> {
    let gc = case.glucocorticoids.as_ref()?;
    let dose = gc.mg_per_day.filter(|&d| d > 0.0)?;
    let number = |x: f64| crate::words::numbers::trimmed(x, 1);
    let taken = gc.months.unwrap_or(0.0);
    let months = match lang {
        Lang::En if taken == 1.0 => "1 month".to_string(),
        Lang::En => format!("{} months", number(taken)),
        Lang::Zh => format!("{}个月", number(taken)),
    };
    let planned_text = |p: f64| match lang {
        Lang::En => number(p),
        Lang::Zh => format!("{}个月", number(p)),
    };
    let extra = |planned: Option<f64>| {
        [
            ("gc_dose", number(dose)),
            ("gc_months", months.clone()),
            ("gc_planned", planned.map(planned_text).unwrap_or_default()),
        ]
    };
    Some(match gc.planned_months {
        Some(planned) => fill(ReasonGcPlanned.get(lang), values, &extra(Some(planned))),
        None => fill(ReasonGcCourse.get(lang), values, &extra(None)),
    })
}

/// "Low bone mass (osteopenia; lowest T −2.3, femoral neck)": an aside joins a label's own brackets, never nests.
fn with_aside(label: &str, aside: &str, lang: Lang) -> String {
    match label.strip_suffix(')').or_else(|| label.strip_suffix('）')) {
        Some(open) => format!("{open}{}{aside}{}", lang.semicolon(), if lang == Lang::Zh { "）" } else { ")" }),
        None => lang.parenthesised(label, aside),
    }
}

/// A site name inside a sentence's brackets, without its own: "lumbar spine", "腰椎" (from "腰椎（L1–L4）": the
/// bracket goes with what it holds, so nothing is left unbalanced).
pub(super) fn short_site(label: &str) -> String {
    let end = label.find([' ', '(', '（']).filter(|_| label.contains(['(', '（'])).unwrap_or(label.len());
    let name = match label.find(['(', '（']) {
        Some(open) => &label[..open],
        None => &label[..end],
    };
    name.trim_end().to_string()
}

/// The very-high-risk criteria met, else what makes treatment indicated.
fn risk_reasons(case: &Case, report: &Report, values: &RuleValues, lang: Lang) -> Vec<String> {
    let r = &report.risk;
    let fired = |rule: RuleId| r.rules.contains(&rule);
    let recent_months = if report.profile == Profile::Aace2020 { "12" } else { "24" };
    let very_high: [(RuleId, Sentence); 7] = [
        (RiskVhRecentFx, ReasonRecentFx),
        (RiskVhFxOnTx, ReasonFxOnTx),
        (RiskVhMultiFx, ReasonMultiFx),
        (RiskVhGc, ReasonVhGc),
        (RiskVhT, ReasonVhT),
        (RiskVhFalls, ReasonFalls),
        (RiskVhFrax, ReasonFrax),
    ];
    let mut reasons: Vec<String> = very_high
        .iter()
        .filter(|(rule, _)| fired(*rule))
        .map(|(_, s)| fill(s.get(lang), values, &[("months", recent_months.to_string())]))
        .collect();
    if reasons.is_empty() && r.treatment_indicated {
        let d = &report.diagnosis;
        // Osteoporosis is its own reason (already said); below it, FRAX says why — only when it reaches a
        // threshold (MOF ≥ 20 %, hip ≥ 3 %, glucocorticoid-adjusted): a FRAX below them is no reason. The
        // glucocorticoid course is its own clause.
        // DX-FRAX already names the FRAX in the diagnosis.
        let osteoporosis = matches!(d.category, Category::Osteoporosis | Category::SevereOsteoporosis);
        let (mof, hip) = frax_used(case, report);
        let frax_reaches = mof.is_some_and(|p| p >= 20.0) || hip.is_some_and(|p| p >= 3.0);
        if !osteoporosis && frax_reaches && !fired(RiskGiop) {
            reasons.push(fill(ReasonFrax.get(lang), values, &[]));
        }
    }
    reasons
}

/// Where the patient is on treatment: "On denosumab since 2024-06-20 (4 injections, last 2025-12-24). Dose 5 was
/// due 2026-06-24 and is 153 days overdue: …".
pub fn treatment_status(case: &Case, report: &Report, hip_t: Option<f64>, values: &RuleValues, lang: Lang) -> String {
    let mut out = vec![stage_sentence(case, report, hip_t, values, lang)];
    // A secondary cause, named (BASE-SECONDARY; CI-TESTO-ADT names androgen deprivation as the cause of bone loss).
    let causes: Vec<&str> = case.secondary_causes.iter().map(|c| c.label(lang)).collect();
    if !causes.is_empty() {
        out.push(fill(SecondaryCauseLine.get(lang), values, &[("causes", causes.join(lang.list_separator()))]));
    }
    out.retain(|s| !s.is_empty());
    out.join(lang.sentence_gap())
}

fn stage_sentence(case: &Case, report: &Report, hip_t: Option<f64>, values: &RuleValues, lang: Lang) -> String {
    let j = &report.journey;
    let drug = j.drug.map(|d| d.label(lang).to_string()).unwrap_or_default();
    let since = j.since.map(|d| d.to_string()).unwrap_or_default();
    let until = j.until.map(|d| d.to_string()).unwrap_or_default();
    let with = |s: Sentence| {
        fill(s.get(lang), values, &[("drug", drug.clone()), ("since", since.clone()), ("until", until.clone())])
    };
    if let Some(d) = &report.denosumab {
        if matches!(j.stage, Stage::OnDenosumab | Stage::StoppingDenosumab) {
            return denosumab_status(case, report, d, values, lang);
        }
    }
    // The oncology regimen is not osteoporosis treatment, but the patient is on it and its next dose is due.
    if let Some(d) = report.denosumab.as_ref().filter(|d| d.regimen == Regimen::Oncology120mgQ4w) {
        let date = |x: Option<chrono::NaiveDate>| x.map(|x| x.to_string()).unwrap_or_default();
        let extra = [
            ("count", injections(d.injections_count, lang)),
            ("last", date(d.last_injection)),
            ("next_due", date(d.next_due)),
        ];
        let mut text = fill(DmabOncology.get(lang), values, &extra);
        if j.stage == Stage::OnDenosumabOncology {
            text = format!("{text}{}{}", lang.sentence_gap(), OncologyNoOtherDrug.get(lang));
        }
        return text;
    }
    match j.stage {
        Stage::Naive => StageNaive.get(lang).to_string(),
        // A holiday is said with its dates and changes by the follow-up sentence.
        Stage::PreviouslyTreated if report.monitoring.holiday.is_some() => String::new(),
        // Reading 52: the rebound window has closed.
        Stage::PreviouslyTreated
            if j.drug == Some(Drug::Denosumab) && j.until.is_some_and(|u| add_months_ok(u, report)) =>
        {
            let months = j.until.map_or(0, |u| months_between(u, report.assessed_on));
            fill(ReboundClosed.get(lang), values, &[("months", months.to_string()), ("until", until.clone())])
        }
        Stage::PreviouslyTreated if j.drug.is_some() && j.until.is_some() => with(StagePrevious),
        Stage::PreviouslyTreated => StagePreviousNoDrug.get(lang).to_string(),
        Stage::AfterAnabolic => with(StageAfterAnabolic),
        Stage::OnBisphosphonate if j.since.is_some() => {
            let mut text = with(StageOnDrug);
            if let Some(review) = bp_review_sentence(report, hip_t, values, lang) {
                text = format!("{text}{}{review}", lang.sentence_gap());
            }
            text
        }
        _ if j.since.is_some() => with(StageOnDrug),
        _ => with(StageOnDrugNoDate),
    }
}

/// More than 24 months after the last injection, counted by calendar months and days (exactly 24 months is still
/// inside the window, reading 59).
fn add_months_ok(until: chrono::NaiveDate, report: &Report) -> bool {
    crate::clinical::dates::add_months(until, 24) < report.assessed_on
}

/// FU-BP-REVIEW v3 as this patient's verdict: "Review now: continue — hip T −2.7." / "Review now: consider a drug
/// holiday of 2–3 years: no fracture, hip T −2.0." / "Treatment review 2026-10-05." — not when the drug is being
/// stopped for a switch.
fn bp_review_sentence(report: &Report, hip_t: Option<f64>, values: &RuleValues, lang: Lang) -> Option<String> {
    let review = report.treatment.bp_review.as_ref()?;
    let stopped = report.plan.iter().any(|i| i.action == Action::StopTreatment && i.drug == report.journey.drug);
    if stopped {
        return None;
    }
    let Some(verdict) = review.verdict else {
        return Some(fill(StageOnDrugReviewOn.get(lang), values, &[("due_on", review.due_on.to_string())]));
    };
    let verdict = bp_verdict(verdict, &review.reasons, hip_t, values, lang);
    Some(fill(StageOnDrugReviewNow.get(lang), values, &[("verdict", verdict)]))
}

/// "continue — hip T −2.7, a fragility fracture" / "consider a drug holiday of 2–3 years: no fracture, hip T −2.0".
pub(super) fn bp_verdict(
    verdict: BpVerdict,
    reasons: &[BpReason],
    hip_t: Option<f64>,
    values: &RuleValues,
    lang: Lang,
) -> String {
    let hip = hip_t.map(|t| fill(BpReasonHipT.get(lang), values, &[("hip_t", score(t))]));
    let words: Vec<String> = reasons
        .iter()
        .filter_map(|r| match r {
            BpReason::HipTLow | BpReason::HipTAbove => hip.clone(),
            BpReason::Fracture => Some(BpReasonFracture.get(lang).to_string()),
            BpReason::VeryHigh => Some(BpReasonVeryHigh.get(lang).to_string()),
            BpReason::Glucocorticoids => Some(BpReasonGc.get(lang).to_string()),
            BpReason::NoFracture => Some(BpReasonNoFracture.get(lang).to_string()),
        })
        .collect();
    let template = match verdict {
        BpVerdict::Continue => BpVerdictContinue,
        BpVerdict::ConsiderHoliday => BpVerdictHoliday,
    };
    fill(template.get(lang), values, &[("reasons", words.join(lang.list_separator()))])
}

fn denosumab_status(case: &Case, report: &Report, d: &DenosumabReport, values: &RuleValues, lang: Lang) -> String {
    let date = |x: Option<chrono::NaiveDate>| x.map(|x| x.to_string()).unwrap_or_default();
    let [open, close] = d.window.map_or([String::new(), String::new()], |[a, b]| [a.to_string(), b.to_string()]);
    let extra = [
        ("first", date(d.first_injection)),
        ("last", date(d.last_injection)),
        ("count", injections(d.injections_count, lang)),
        ("dose", (d.injections_count + 1).to_string()),
        ("open", open),
        ("close", close),
        ("until", date(report.journey.until)),
        ("months", d.last_injection.map_or(String::new(), |l| months_between(l, report.assessed_on).to_string())),
    ];
    let say = |s: Sentence| fill(s.get(lang), values, &extra);
    let mut out = Vec::new();
    // DMAB-HISTORY-STOP: a course known from the drug history only, stopped with no exit drug.
    let from_history = case.denosumab.is_none();
    match &d.exit_plan {
        Some(exit) if from_history && exit.given_on.is_none() => {
            let first = report.journey.since.or(d.first_injection).map(|x| x.to_string()).unwrap_or_default();
            out.push(fill(
                DmabStoppedFromHistory.get(lang),
                values,
                &[("first", first), ("last", date(d.last_injection))],
            ));
            if exit.restarted {
                out.push(say(DmabExitRestart));
            } else if exit.drug.is_some() {
                out.push(fill(
                    DmabExitOn.get(lang),
                    values,
                    &[("drug", exit.drug.map_or("", |x| x.label(lang)).into())],
                ));
            }
        }
        Some(exit) if exit.given_on.is_some() => {
            out.push(say(DmabStopping));
            out.push(fill(
                DmabExitGiven.get(lang),
                values,
                &[("drug", exit.drug.map_or("", |x| x.label(lang)).into())],
            ));
        }
        Some(exit) if exit.restarted => {
            out.push(say(DmabStopping));
            out.push(say(DmabExitRestart));
        }
        Some(exit) if exit.drug.is_some() => {
            out.push(say(DmabStopping));
            out.push(fill(DmabExitOn.get(lang), values, &[("drug", exit.drug.map_or("", |x| x.label(lang)).into())]));
        }
        exit => {
            out.push(say(DmabOnSince));
            out.push(say(match d.status {
                DmabStatus::Overdue => DmabOverdue,
                DmabStatus::Late => DmabLate,
                DmabStatus::Due => DmabDue,
                _ => DmabNotDue,
            }));
            if exit.is_some() || report.rules_fired.contains(&RuleId::DmabNoExit) {
                out.push(say(DmabNoExit));
            }
        }
    }
    // DMAB-HISTORY-STOP v3: a drug started after denosumab that does not prevent the rebound is named so.
    if let Some(last) = d.last_injection.filter(|_| report.journey.stage == Stage::StoppingDenosumab) {
        for h in &case.history {
            let (Some(drug), Some(start)) = (h.drug, h.start.as_ref().and_then(|s| s.parse())) else { continue };
            let not_protective = matches!(
                drug,
                Drug::HormoneTherapy
                    | Drug::Raloxifene
                    | Drug::Bazedoxifene
                    | Drug::Testosterone
                    | Drug::StrontiumRanelate
                    | Drug::Eldecalcitol
                    | Drug::Alfacalcidol
                    | Drug::Calcitriol
                    | Drug::Menatetrenone
            );
            if not_protective && start > last {
                let name = capitalised(drug.label(lang), lang);
                out.push(fill(NotProtective.get(lang), values, &[("drug", name), ("since", start.to_string())]));
            }
        }
    }
    // DMAB-CKD: the danger every dose carries for this patient belongs in the impression.
    if report.rules_fired.contains(&RuleId::DmabCkd) {
        out.push(say(DmabCkdRisk));
    }
    out.join(lang.sentence_gap())
}

/// "1 injection", "4 injections", "共4针".
fn injections(count: usize, lang: Lang) -> String {
    match (lang, count) {
        (Lang::Zh, n) => format!("共{n}针"),
        (Lang::En, 1) => "1 injection".to_string(),
        (Lang::En, n) => format!("{n} injections"),
    }
}
