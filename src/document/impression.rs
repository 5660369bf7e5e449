//! The impression: one or two sentences with this patient's values — the diagnosis and how it was reached, the
//! risk level and its main reasons, and where the patient is on treatment.

use super::sentences::Sentence::{self, *};
use super::{capitalised, fill};
use crate::clinical::case::{Case, FractureSite, Profile, Regimen};
use crate::clinical::dates::months_between;
use crate::clinical::denosumab::{DenosumabReport, DmabStatus};
use crate::clinical::diagnosis::{Category, DxPath};
use crate::clinical::journey::Stage;
use crate::clinical::report::Report;
use crate::clinical::risk::RiskLevel;
use crate::clinical::rules::RuleId::{
    self, RiskGiop, RiskOnTx, RiskVhFalls, RiskVhFrax, RiskVhFxOnTx, RiskVhGc, RiskVhMultiFx, RiskVhRecentFx, RiskVhT,
};
use crate::i18n::Lang;
use crate::rule_text::score;
use crate::rule_text::RuleValues;

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
    let category = capitalised(d.category.label(lang), lang);
    let diagnosis = with_aside(&category, &how.join(lang.semicolon()), lang);

    let r = &report.risk;
    let reasons = risk_reasons(report, values, lang);
    let level = r.level.label(lang).to_string();
    let risk = if reasons.is_empty() || r.level == RiskLevel::NotIndicated {
        level
    } else {
        fill(RiskWithReasons.get(lang), values, &[("level", level), ("reasons", reasons.join(lang.list_separator()))])
    };
    let mut sentence = format!("{diagnosis}{}{risk}", lang.semicolon());
    if r.treatment_indicated {
        // On treatment the indication is not new: it goes on (RISK-ON-TX).
        let on_treatment = r.rules.contains(&RiskOnTx);
        let tail = if on_treatment { IndicatedStillTail } else { IndicatedTail };
        sentence = format!("{sentence}{}{}", lang.semicolon(), tail.get(lang));
    }
    sentence + lang.full_stop()
}

/// "Low bone mass (osteopenia; lowest T −2.3, femoral neck)": an aside joins a label's own brackets, never nests.
fn with_aside(label: &str, aside: &str, lang: Lang) -> String {
    match label.strip_suffix(')').or_else(|| label.strip_suffix('）')) {
        Some(open) => format!("{open}{}{aside}{}", lang.semicolon(), if lang == Lang::Zh { "）" } else { ")" }),
        None => lang.parenthesised(label, aside),
    }
}

/// A site name inside a sentence's brackets, without its own: "lumbar spine", "腰椎".
fn short_site(label: &str) -> String {
    label.split([' ', '（']).take_while(|w| !w.starts_with('(')).collect::<Vec<_>>().join(" ")
}

/// The very-high-risk criteria met, else what makes treatment indicated.
fn risk_reasons(report: &Report, values: &RuleValues, lang: Lang) -> Vec<String> {
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
        // Osteoporosis is its own reason (already said); below it, FRAX or the glucocorticoids say why.
        let osteoporosis = matches!(d.category, Category::Osteoporosis | Category::SevereOsteoporosis);
        if !osteoporosis && (values.has("frax_mof") || values.has("frax_hip")) {
            reasons.push(fill(ReasonFrax.get(lang), values, &[]));
        }
        if fired(RiskGiop) {
            reasons.push(fill(ReasonGiop.get(lang), values, &[]));
        }
    }
    reasons
}

/// Where the patient is on treatment: "On denosumab since 2024-06-20 (4 injections, last 2025-12-24). Dose 5 was
/// due 2026-06-24 and is 153 days overdue: …".
pub fn treatment_status(report: &Report, values: &RuleValues, lang: Lang) -> String {
    let j = &report.journey;
    let drug = j.drug.map(|d| d.label(lang).to_string()).unwrap_or_default();
    let since = j.since.map(|d| d.to_string()).unwrap_or_default();
    let until = j.until.map(|d| d.to_string()).unwrap_or_default();
    let with = |s: Sentence| {
        fill(s.get(lang), values, &[("drug", drug.clone()), ("since", since.clone()), ("until", until.clone())])
    };
    if let Some(d) = &report.denosumab {
        if matches!(j.stage, Stage::OnDenosumab | Stage::StoppingDenosumab) {
            return denosumab_status(report, d, values, lang);
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
        return fill(DmabOncology.get(lang), values, &extra);
    }
    match j.stage {
        Stage::Naive => StageNaive.get(lang).to_string(),
        Stage::PreviouslyTreated if j.drug.is_some() && j.until.is_some() => with(StagePrevious),
        Stage::PreviouslyTreated => StagePreviousNoDrug.get(lang).to_string(),
        Stage::AfterAnabolic => with(StageAfterAnabolic),
        _ if j.since.is_some() => with(StageOnDrug),
        _ => with(StageOnDrugNoDate),
    }
}

fn denosumab_status(report: &Report, d: &DenosumabReport, values: &RuleValues, lang: Lang) -> String {
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
    match &d.exit_plan {
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
