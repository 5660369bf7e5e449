//! Follow-up over time (§7b, MON-*) in this patient's numbers: the impression's sentence on how treatment is going
//! ("Total hip BMD −6.4 % since 2023-09-01 (3 years), beyond the centre's LSC 4.0 %; CTX 0.48 ng/mL not suppressed:
//! treatment failure on alendronate — switch to zoledronic acid.") and the Follow-up section, one line per compared
//! site and per marker, with the defaults said once.

use chrono::NaiveDate;

use super::fill;
use super::model::Line;
use super::sentences::Sentence::{self, *};
use crate::clinical::case::{BtmTest, Drug, Site};
use crate::clinical::dates::months_between;
use crate::clinical::monitoring::{
    Basis, BtmReading, BtmVerdict, DxaChange, DxaVerdict, FailureCriterion, HolidayEnd, NotComparable, ReferenceFrom,
    Response, Source,
};
use crate::clinical::plan::Action;
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId::{self, *};
use crate::words::i18n::Lang;
use crate::words::numbers::{fixed, trimmed};
use crate::words::rule_text::{score, RuleValues};

/// "−6.4 %", "+5.9 %" (English); "下降6.4%", "增加5.9%" (Chinese).
pub fn change(percent: f64, lang: Lang) -> String {
    let size = fixed(percent.abs(), 1);
    match lang {
        Lang::En if percent < 0.0 => format!("−{size} %"),
        Lang::En => format!("+{size} %"),
        Lang::Zh if percent < 0.0 => format!("下降{size}%"),
        Lang::Zh if percent > 0.0 => format!("增加{size}%"),
        Lang::Zh => format!("变化{size}%"),
    }
}

/// A per-year change: "−2.0 %/year", "每年下降2.0%".
fn per_year(percent: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}/year", change(percent, lang)),
        Lang::Zh => format!("每年{}", change(percent, lang)),
    }
}

/// A marker value as measured: three decimals at most, no trailing zeros ("0.48", "0.19", "52").
pub fn marker(x: f64) -> String {
    trimmed(x, 3)
}

fn one_decimal(x: f64) -> String {
    fixed(x, 1)
}

/// Whole months between two dates, to the nearest (a CTX taken 5 months 29 days after an infusion is "6 months
/// after" it, as its check was planned).
fn months_apart(from: NaiveDate, to: NaiveDate) -> u32 {
    months_between(from, to + chrono::Duration::days(15))
}

/// "3 years", "18 months" between two studies.
fn span(from: NaiveDate, to: NaiveDate, values: &RuleValues, lang: Lang) -> String {
    let months = months_between(from, to);
    let (template, n) = match months {
        m if m < 24 && m != 12 => (SpanMonths, m),
        12 => return SpanYear.get(lang).to_string(),
        m => (SpanYears, m / 12),
    };
    fill(template.get(lang), values, &[("n", n.to_string())])
}

/// The site's name inside a sentence, without its own bracket: "lumbar spine", "腰椎".
pub fn site_name(site: Site, lang: Lang) -> String {
    super::impression::short_site(site.label(lang))
}

/// "the centre's LSC 4.0 %" / "the LSC 5.3 % (default)".
fn lsc_phrase(c: &DxaChange, values: &RuleValues, lang: Lang) -> Option<String> {
    let lsc = one_decimal(c.lsc_percent?);
    let template = if c.lsc_from == Some(Source::Centre) { LscCentre } else { LscDefault };
    Some(fill(template.get(lang), values, &[("lsc", lsc)]))
}

/// One compared site as evidence: "Total hip BMD −6.4 % since 2023-09-01 (3 years), beyond the centre's LSC 4.0 %".
fn site_evidence(c: &DxaChange, values: &RuleValues, lang: Lang, capital: bool) -> Option<String> {
    let percent = c.change_percent?;
    let mut site = site_name(c.site, lang);
    if capital {
        site = super::capitalised(&site, lang);
    }
    let lsc = match (c.verdict, lsc_phrase(c, values, lang)) {
        (DxaVerdict::Loss | DxaVerdict::Gain, Some(l)) => fill(BeyondLsc.get(lang), values, &[("lsc", l)]),
        (DxaVerdict::Stable, Some(l)) => fill(WithinLsc.get(lang), values, &[("lsc", l)]),
        _ => String::new(),
    };
    Some(fill(
        SiteChange.get(lang),
        values,
        &[
            ("site", site),
            ("change", change(percent, lang)),
            ("from", c.from.to_string()),
            ("span", span(c.from, c.to, values, lang)),
            ("lsc", lsc),
        ],
    ))
}

pub(super) fn test_name(test: BtmTest, lang: Lang) -> &'static str {
    match (test, lang) {
        (BtmTest::Ctx, Lang::En) => "CTX",
        (BtmTest::Ctx, Lang::Zh) => "β-CTX",
        (BtmTest::P1np, _) => "P1NP",
    }
}

fn marker_evidence(b: &BtmReading, values: &RuleValues, lang: Lang) -> Option<String> {
    let template = match (b.verdict?, b.test) {
        (BtmVerdict::NoResponse, BtmTest::P1np) if b.rule == MonBtmAnabolic => MarkerNoRise,
        (BtmVerdict::NoResponse, _) => MarkerNotSuppressed,
        (BtmVerdict::Response, BtmTest::P1np) if b.rule == MonBtmAnabolic => MarkerRose,
        (BtmVerdict::Response, _) => MarkerSuppressed,
        _ => return None,
    };
    Some(fill(
        template.get(lang),
        values,
        &[("test", test_name(b.test, lang).to_string()), ("value", marker(b.value_ng_ml))],
    ))
}

/// Joins evidence: the first part capitalised in English ("Total hip …; CTX …").
fn join(parts: Vec<String>, lang: Lang) -> String {
    let text = parts.join(lang.semicolon());
    super::capitalised(&text, lang)
}

/// The impression's sentence on how treatment is going, with the rules behind it; none when nothing was measured
/// or judged.
pub fn impression_line(report: &Report, hip_t: Option<f64>, values: &RuleValues, lang: Lang) -> Option<Line> {
    let m = &report.monitoring;
    let mut sentences: Vec<String> = Vec::new();
    let mut rules: Vec<RuleId> = Vec::new();
    let core = |c: &&DxaChange| c.site != Site::Radius33;
    let drug = report.journey.drug.map(|d| d.label(lang).to_string()).unwrap_or_default();

    // The exit after denosumab (MON-EXIT-CTX, MON-EXIT-BMD).
    if let Some(x) = &m.exit_ctx {
        let exit = report.denosumab.as_ref().and_then(|d| d.exit_plan.as_ref());
        let from = m.repeat_given.or(exit.and_then(|e| e.given_on));
        let exit_drug = match m.repeat_given {
            Some(_) => Drug::ZoledronicAcid,
            None => exit.and_then(|e| e.drug).unwrap_or(Drug::ZoledronicAcid),
        };
        let repeat_planned = report.plan.iter().any(|i| i.action == Action::RepeatInfusion);
        let template = match (x.above, repeat_planned) {
            (false, _) => ExitHolding,
            (true, true) => ExitNotHolding,
            (true, false) => ExitNotHoldingRefer,
        };
        sentences.push(fill(
            template.get(lang),
            values,
            &[
                ("value", marker(x.value_ng_ml)),
                ("reference", marker(x.reference_ng_ml)),
                ("months", from.map_or(String::new(), |f| months_apart(f, x.date).to_string())),
                ("drug", exit_drug.label(lang).to_string()),
            ],
        ));
        rules.push(MonExitCtx);
    }
    if m.exit_bmd_loss {
        let losses: Vec<String> = m
            .dxa_changes
            .iter()
            .filter(core)
            .filter(|c| c.verdict == DxaVerdict::Loss && c.basis == Basis::LastInjection)
            .filter_map(|c| site_evidence(c, values, lang, false))
            .collect();
        sentences.push(fill(ExitBmdLoss.get(lang), values, &[("evidence", losses.join(lang.semicolon()))]));
        rules.push(MonExitBmd);
    }

    // The holiday (MON-HOLIDAY) says its own changes.
    if let Some(h) = &m.holiday {
        let holiday_drug = h.drug.label(lang).to_string();
        let extra = |why: String| {
            [
                ("drug", holiday_drug.clone()),
                ("since", h.since.to_string()),
                ("review_on", h.review_on.to_string()),
                ("why", why),
            ]
        };
        let text = match h.ends {
            Some(HolidayEnd::Fracture) => {
                fill(HolidayEnded.get(lang), values, &extra(HolidayEndFracture.get(lang).to_string()))
            }
            Some(HolidayEnd::BmdLoss) => {
                let losses: Vec<String> = m
                    .dxa_changes
                    .iter()
                    .filter(|c| matches!(c.site, Site::TotalHip | Site::FemoralNeck) && c.verdict == DxaVerdict::Loss)
                    .filter_map(|c| site_evidence(c, values, lang, false))
                    .collect();
                fill(HolidayEnded.get(lang), values, &extra(losses.join(lang.semicolon())))
            }
            Some(HolidayEnd::HipTLow) => {
                let hip = fill(HolidayEndHipT.get(lang), values, &[("hip_t", hip_t.map_or("—".to_string(), score))]);
                fill(HolidayEnded.get(lang), values, &extra(hip))
            }
            None if h.review_on <= report.assessed_on => {
                fill(HolidaySinceReviewNow.get(lang), values, &extra(String::new()))
            }
            None => fill(HolidaySince.get(lang), values, &extra(String::new())),
        };
        sentences.push(text);
        rules.push(MonHoliday);
        // A holiday going on: what today's DXA shows against its start.
        if h.ends.is_none() {
            let evidence: Vec<String> =
                m.dxa_changes.iter().filter(core).filter_map(|c| site_evidence(c, values, lang, false)).collect();
            if !evidence.is_empty() {
                sentences.push(fill(ChangesOnly.get(lang), values, &[("evidence", join(evidence, lang))]));
                rules.push(MonDxaChange);
            }
        }
    }

    // Response and failure on the current drug (MON-RESPONSE, MON-FAILURE).
    if m.holiday.is_none() && !m.exit_bmd_loss {
        let mut evidence: Vec<String> = Vec::new();
        let judged = |c: &&DxaChange| c.change_percent.is_some();
        let moved: Vec<&DxaChange> =
            m.dxa_changes.iter().filter(core).filter(judged).filter(|c| c.verdict != DxaVerdict::Stable).collect();
        let stable: Vec<&DxaChange> =
            m.dxa_changes.iter().filter(core).filter(judged).filter(|c| c.verdict == DxaVerdict::Stable).collect();
        for c in &moved {
            evidence.extend(site_evidence(c, values, lang, false));
        }
        // Stable sites are named briefly after a change, in full when nothing moved.
        for c in &stable {
            if moved.is_empty() {
                evidence.extend(site_evidence(c, values, lang, false));
            } else {
                evidence.push(fill(SiteStable.get(lang), values, &[("site", site_name(c.site, lang))]));
            }
        }
        if let Some(f) = &m.failure {
            if f.criteria.contains(&FailureCriterion::TwoFractures) {
                evidence.insert(0, TwoFracturesOnRun.get(lang).to_string());
            } else if f.criteria.contains(&FailureCriterion::Fracture) {
                evidence.insert(0, FractureOnRun.get(lang).to_string());
            }
        }
        evidence.extend(m.btm.iter().filter(|b| b.rule != MonExitCtx).filter_map(|b| marker_evidence(b, values, lang)));
        if !evidence.is_empty() {
            let evidence = join(evidence, lang);
            let start = report.plan.iter().find(|i| i.action == Action::StartTreatment).and_then(|i| i.drug);
            let template = match (&m.failure, m.response) {
                (Some(_), _) if report.journey.drug == Some(Drug::Denosumab) => FailureRefer,
                (Some(_), _) if start.is_some() => FailureSwitch,
                (Some(_), _) => FailureSwitchNoDrug,
                (None, Response::Inadequate) => Inadequate,
                (None, Response::Adequate) => Responding,
                (None, Response::Unknown) => ChangesOnly,
            };
            let new = start.map_or(String::new(), |d| d.label(lang).to_string());
            sentences.push(fill(
                template.get(lang),
                values,
                &[("evidence", evidence), ("drug", drug.clone()), ("new", new)],
            ));
            if m.failure.is_some() {
                rules.push(MonFailure);
            }
            if m.response != Response::Unknown {
                rules.push(MonResponse);
            }
            rules.push(MonDxaChange);
        }
    }
    if sentences.is_empty() {
        return None;
    }
    let mut seen = Vec::new();
    rules.retain(|r| {
        let new = !seen.contains(r) && report.rules_fired.contains(r);
        seen.push(*r);
        new
    });
    Some(Line { text: sentences.join(lang.sentence_gap()), rules, ..Line::default() })
}

/// The Follow-up section's lines: each compared site, each marker with its reference and verdict, then the notes
/// on defaults and on CTX sampling, each said once. Empty when nothing was compared or measured.
pub fn section_lines(report: &Report, hip_t: Option<f64>, values: &RuleValues, lang: Lang) -> Vec<Line> {
    let m = &report.monitoring;
    let mut lines = Vec::new();
    for c in &m.dxa_changes {
        lines.push(site_line(c, values, lang));
    }
    for b in &m.btm {
        lines.push(marker_line(b, values, lang));
    }
    let judged = !m.dxa_changes.is_empty() || !m.btm.is_empty();
    if judged && m.response != Response::Unknown && m.exit_ctx.is_none() {
        let text = match (m.failure.as_ref(), m.response) {
            (Some(f), _) => {
                let criteria: Vec<&str> = f.criteria.iter().map(|c| criterion(*c, lang)).collect();
                fill(FollowUpFailure.get(lang), values, &[("criteria", criteria.join(lang.list_separator()))])
            }
            (None, Response::Adequate) => FollowUpAdequate.get(lang).to_string(),
            _ => FollowUpInadequate.get(lang).to_string(),
        };
        let mut rules = vec![MonResponse];
        if m.failure.is_some() {
            rules.push(MonFailure);
        }
        lines.push(Line { lead: Some(FollowUpResponseLead.get(lang).to_string()), text, rules, ..Line::default() });
    }
    if let Some(h) = &m.holiday {
        let end = match h.ends {
            Some(HolidayEnd::Fracture) => Some(HolidayEndFracture.get(lang).to_string()),
            Some(HolidayEnd::BmdLoss) => Some(FollowUpHipLoss.get(lang).to_string()),
            Some(HolidayEnd::HipTLow) => {
                Some(fill(HolidayEndHipT.get(lang), values, &[("hip_t", hip_t.map_or("—".to_string(), score))]))
            }
            None => None,
        };
        let extra = [
            ("drug", h.drug.label(lang).to_string()),
            ("since", h.since.to_string()),
            ("review_on", h.review_on.to_string()),
            ("why", end.clone().unwrap_or_default()),
        ];
        let template = match end {
            Some(_) => FollowUpHolidayEnded,
            None if h.review_on <= report.assessed_on => FollowUpHolidayReviewNow,
            None => FollowUpHoliday,
        };
        lines.push(Line {
            lead: Some(FollowUpHolidayLead.get(lang).to_string()),
            text: fill(template.get(lang), values, &extra),
            rules: vec![MonHoliday],
            ..Line::default()
        });
    }
    if lines.is_empty() {
        return lines;
    }
    // Said once: the defaults used, and how a CTX sample is taken.
    let default_lsc: Vec<String> = m
        .dxa_changes
        .iter()
        .filter(|c| c.lsc_from == Some(Source::Default) && c.change_percent.is_some())
        .map(|c| site_name(c.site, lang))
        .collect();
    if !default_lsc.is_empty() {
        lines.push(Line {
            text: fill(NoteDefaultLsc.get(lang), values, &[("sites", default_lsc.join(lang.list_separator()))]),
            rules: vec![MonLsc],
            ..Line::default()
        });
    }
    let mut default_reference: Vec<&str> = Vec::new();
    for b in m.btm.iter().filter(|b| b.reference_from == ReferenceFrom::Default) {
        let name = test_name(b.test, lang);
        if !default_reference.contains(&name) {
            default_reference.push(name);
        }
    }
    if !default_reference.is_empty() {
        lines.push(Line {
            text: fill(
                NoteDefaultReference.get(lang),
                values,
                &[("tests", default_reference.join(lang.list_separator()))],
            ),
            rules: vec![MonBtm],
            ..Line::default()
        });
    }
    if m.btm.iter().any(|b| b.test == BtmTest::Ctx) {
        lines.push(Line { text: NoteCtxFasting.get(lang).to_string(), rules: vec![MonBtm], ..Line::default() });
    }
    lines
}

fn criterion(c: FailureCriterion, lang: Lang) -> &'static str {
    lang.pick(match c {
        FailureCriterion::TwoFractures => ("two fractures on treatment", "治疗期间≥2次骨折"),
        FailureCriterion::Fracture => ("a fracture on treatment", "治疗期间骨折"),
        FailureCriterion::BmdLoss => ("a BMD loss beyond the LSC", "骨密度下降超过LSC"),
        FailureCriterion::BtmNotSuppressed => ("a marker not suppressed", "骨转换标志物未被抑制"),
    })
}

fn basis(b: Basis, lang: Lang) -> &'static str {
    lang.pick(match b {
        Basis::TreatmentStart => ("since before treatment began", "与治疗开始前比较"),
        Basis::LastInjection => ("against the study before the last denosumab dose", "与末次地舒单抗注射前比较"),
        Basis::HolidayStart => ("since the drug holiday began", "与药物假期开始时比较"),
        Basis::Previous => ("against the previous study", "与上次检查比较"),
    })
}

fn verdict(v: DxaVerdict, lang: Lang) -> &'static str {
    lang.pick(match v {
        DxaVerdict::Gain => ("gain", "增加"),
        DxaVerdict::Stable => ("stable", "稳定"),
        DxaVerdict::Loss => ("loss", "下降"),
        DxaVerdict::NotComparable => ("not comparable", "无法比较"),
    })
}

/// "Total hip: 2023-09-01 → 2026-11-28, since before treatment began: BMD 0.735 → 0.688 g/cm², −6.4 % (−2.0 %/year);
/// the centre's LSC 4.0 %: loss".
fn site_line(c: &DxaChange, values: &RuleValues, lang: Lang) -> Line {
    let lead = super::capitalised(&site_name(c.site, lang), lang);
    let dates = fill(FollowUpDates.get(lang), values, &[("from", c.from.to_string()), ("to", c.to.to_string())]);
    let basis = basis(c.basis, lang).to_string();
    let bmd = |x: Option<f64>| x.map_or("—".to_string(), |x| fixed(x, 3));
    let text = match (c.verdict, c.change_percent) {
        (DxaVerdict::NotComparable, _) | (_, None) => {
            let why = match c.not_comparable {
                Some(NotComparable::Machine) => FollowUpOtherMachine,
                Some(NotComparable::NoLsc) => FollowUpNoLsc,
                _ => FollowUpNoBmd,
            };
            fill(
                FollowUpNotComparable.get(lang),
                values,
                &[("dates", dates), ("basis", basis), ("why", why.get(lang).to_string())],
            )
        }
        (v, Some(percent)) => {
            let mut amount = change(percent, lang);
            if let Some(y) = c.change_per_year {
                amount = lang.parenthesised(&amount, &per_year(y, lang));
            }
            fill(
                FollowUpSite.get(lang),
                values,
                &[
                    ("dates", dates),
                    ("basis", basis),
                    ("from_bmd", bmd(c.from_bmd)),
                    ("to_bmd", bmd(c.to_bmd)),
                    ("change", amount),
                    ("lsc", lsc_phrase(c, values, lang).unwrap_or_default()),
                    ("verdict", verdict(v, lang).to_string()),
                ],
            )
        }
    };
    let mut rules = vec![MonDxaChange];
    if c.lsc_percent.is_some() {
        rules.push(MonLsc);
    }
    Line { lead: Some(lead), text, rules, ..Line::default() }
}

/// "Serum β-CTX 2026-10-20: 0.48 ng/mL; reference 0.26 ng/mL (default): not suppressed".
fn marker_line(b: &BtmReading, values: &RuleValues, lang: Lang) -> Line {
    let name = match b.test {
        BtmTest::Ctx => crate::clinical::plan::Test::Ctx.label(lang),
        BtmTest::P1np => crate::clinical::plan::Test::P1np.label(lang),
    };
    let lead = format!("{} {}", super::capitalised(name, lang), b.date);
    let reference = fill(
        match b.reference_from {
            ReferenceFrom::Laboratory => ReferenceLab,
            ReferenceFrom::Default => ReferenceDefault,
        }
        .get(lang),
        values,
        &[("reference", marker(b.reference_ng_ml))],
    );
    let baseline = b.baseline.as_ref().map(|base| {
        let change = b.change_percent.map(|p| change(p, lang)).unwrap_or_default();
        fill(
            FollowUpBaseline.get(lang),
            values,
            &[("value", marker(base.value_ng_ml)), ("date", base.date.to_string()), ("change", change)],
        )
    });
    let verdict = b.verdict.map(|v| {
        let s: Sentence = match (v, b.test, b.rule) {
            (BtmVerdict::Response, BtmTest::P1np, MonBtmAnabolic) => VerdictRose,
            (BtmVerdict::NoResponse, BtmTest::P1np, MonBtmAnabolic) => VerdictNoRise,
            (BtmVerdict::Response, ..) => VerdictSuppressed,
            (BtmVerdict::NoResponse, ..) => VerdictNotSuppressed,
            (BtmVerdict::AboveReference, ..) => VerdictExitNotHolding,
            (BtmVerdict::AtOrBelowReference, ..) => VerdictExitHolding,
        };
        s.get(lang).to_string()
    });
    let mut text = format!("{} ng/mL{}{reference}", marker(b.value_ng_ml), lang.semicolon());
    if let Some(base) = baseline {
        text = format!("{text}{}{base}", lang.semicolon());
    }
    if let Some(v) = verdict {
        text = format!("{text}{}{v}", lang.colon());
    }
    let mut rules = vec![b.rule];
    if b.rule != MonBtm {
        rules.push(MonBtm);
    }
    Line { lead: Some(lead), text, rules, ..Line::default() }
}
