//! §7b of the rule book: follow-up over time — BMD change against the least significant change, bone turnover
//! markers, the response to treatment, treatment failure, the exit after denosumab and the bisphosphonate holiday
//! (MON-*). Everything here reads earlier results of the case; nothing reads the clock.

use chrono::NaiveDate;
use serde::Serialize;

use super::case::{BtmTest, Drug, Site};
use super::dates::add_months;
use super::facts::{Facts, PreviousDxaFact};
use super::journey::{period_end, run_start, DmabCourse, Journey, Stage};
use super::round::round_to;
use super::rules::RuleId::{self, *};

/// MON-LSC's defaults (ISCD maximum acceptable precision × 2.77), in %; the radius has none.
pub fn default_lsc(site: Site) -> Option<f64> {
    match site {
        Site::LumbarSpine => Some(5.3),
        Site::TotalHip => Some(5.0),
        Site::FemoralNeck => Some(6.9),
        Site::Radius33 => None,
    }
}

/// MON-BTM's default references (Chinese premenopausal medians, Li 2014), ng/mL.
pub fn default_reference(test: BtmTest) -> f64 {
    match test {
        BtmTest::Ctx => 0.26,
        BtmTest::P1np => 40.0,
    }
}

/// A marker's least significant change as a fall (%), MON-BTM-ORAL.
fn marker_lsc(test: BtmTest) -> f64 {
    match test {
        BtmTest::Ctx => 56.0,
        BtmTest::P1np => 38.0,
    }
}

/// P1NP must rise by more than this (ng/mL) on a PTH analogue (MON-BTM-ANABOLIC).
const P1NP_RISE_NG_ML: f64 = 10.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Centre,
    Default,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceFrom {
    Laboratory,
    Default,
}

/// Which earlier study a site is compared with (MON-DXA-CHANGE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    TreatmentStart,
    LastInjection,
    HolidayStart,
    Previous,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DxaVerdict {
    Gain,
    Stable,
    Loss,
    NotComparable,
}

/// Why a site could not be compared (for the document; not in the report).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotComparable {
    /// Another machine.
    Machine,
    /// No BMD (g/cm²) today or in the earlier study.
    NoBmd,
    /// No least significant change for this site (the radius without the centre's value).
    NoLsc,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DxaChange {
    pub site: Site,
    #[serde(serialize_with = "super::iso_date::one")]
    pub from: NaiveDate,
    #[serde(serialize_with = "super::iso_date::one")]
    pub to: NaiveDate,
    pub from_bmd: Option<f64>,
    pub to_bmd: Option<f64>,
    pub change_percent: Option<f64>,
    pub change_per_year: Option<f64>,
    pub lsc_percent: Option<f64>,
    pub lsc_from: Option<Source>,
    pub basis: Basis,
    pub verdict: DxaVerdict,
    #[serde(skip)]
    pub not_comparable: Option<NotComparable>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BtmVerdict {
    Response,
    NoResponse,
    AboveReference,
    AtOrBelowReference,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BtmBaseline {
    #[serde(serialize_with = "super::iso_date::one")]
    pub date: NaiveDate,
    pub value_ng_ml: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BtmReading {
    pub test: BtmTest,
    #[serde(serialize_with = "super::iso_date::one")]
    pub date: NaiveDate,
    pub value_ng_ml: f64,
    pub reference_ng_ml: f64,
    pub reference_from: ReferenceFrom,
    pub baseline: Option<BtmBaseline>,
    pub change_percent: Option<f64>,
    pub verdict: Option<BtmVerdict>,
    pub rule: RuleId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Adequate,
    Inadequate,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureCriterion {
    TwoFractures,
    Fracture,
    BmdLoss,
    BtmNotSuppressed,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Failure {
    pub criteria: Vec<FailureCriterion>,
    pub rules: Vec<RuleId>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExitCtx {
    #[serde(serialize_with = "super::iso_date::one")]
    pub date: NaiveDate,
    pub value_ng_ml: f64,
    pub reference_ng_ml: f64,
    pub above: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayEnd {
    Fracture,
    BmdLoss,
    HipTLow,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Holiday {
    #[serde(serialize_with = "super::iso_date::one")]
    pub since: NaiveDate,
    #[serde(serialize_with = "super::iso_date::one")]
    pub review_on: NaiveDate,
    pub ends: Option<HolidayEnd>,
    /// The drug the holiday is from.
    #[serde(skip)]
    pub drug: Drug,
}

/// `monitoring` in every report (reading 36): empty lists and nulls when nothing was measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Monitoring {
    pub dxa_changes: Vec<DxaChange>,
    pub btm: Vec<BtmReading>,
    pub response: Response,
    pub failure: Option<Failure>,
    pub exit_ctx: Option<ExitCtx>,
    pub holiday: Option<Holiday>,
    /// The MON rules that fired.
    #[serde(skip)]
    pub rules: Vec<RuleId>,
    /// MON-EXIT-BMD: bone loss after stopping denosumab.
    #[serde(skip)]
    pub exit_bmd_loss: bool,
    /// The repeat infusion after the exit, when one is recorded (MON-EXIT-CTX counts from it).
    #[serde(skip)]
    pub repeat_given: Option<NaiveDate>,
}

impl Monitoring {
    /// The exit after denosumab is not holding: repeat zoledronic acid (MON-EXIT-CTX, MON-EXIT-BMD).
    pub fn exit_not_holding(&self) -> bool {
        self.exit_ctx.as_ref().is_some_and(|e| e.above) || self.exit_bmd_loss
    }

    /// The rule behind a repeat of zoledronic acid and the checks after it: MON-EXIT-CTX when the CTX is above
    /// the reference or counts from a recorded repeat infusion, MON-EXIT-BMD when bone loss alone asks for it.
    pub fn repeat_rule(&self) -> RuleId {
        let ctx_above = self.exit_ctx.as_ref().is_some_and(|e| e.above);
        if ctx_above || !self.exit_bmd_loss {
            MonExitCtx
        } else {
            MonExitBmd
        }
    }

    /// A `loss` verdict at the spine or hip.
    pub fn spine_or_hip_loss(&self) -> bool {
        self.dxa_changes.iter().any(|c| c.site != Site::Radius33 && c.verdict == DxaVerdict::Loss)
    }

    pub fn marker_no_response(&self) -> bool {
        self.btm.iter().any(|b| b.verdict == Some(BtmVerdict::NoResponse))
    }

    /// A holiday that has ended: restart treatment.
    pub fn holiday_ended(&self) -> bool {
        self.holiday.as_ref().is_some_and(|h| h.ends.is_some())
    }

    /// A holiday under way (not ended).
    pub fn on_holiday(&self) -> bool {
        self.holiday.as_ref().is_some_and(|h| h.ends.is_none())
    }
}

/// What the monitoring rules read besides the case.
pub struct MonitoringInputs<'a> {
    pub facts: &'a Facts,
    pub journey: &'a Journey,
    pub course: Option<&'a DmabCourse>,
    /// The fracture test of RISK-VH-FX-ON-TX.
    pub on_treatment: &'a dyn Fn(&super::facts::FractureFact) -> bool,
}

pub fn monitoring(m: &MonitoringInputs) -> Monitoring {
    let facts = m.facts;
    let mut rules = Vec::new();
    let mut holiday = holiday(facts, m.journey);
    let dxa_changes = dxa_changes(m, holiday.as_ref());
    if let Some(h) = holiday.as_mut() {
        h.ends = holiday_end(facts, h, &dxa_changes);
    }
    if !dxa_changes.is_empty() {
        rules.push(MonDxaChange);
        if dxa_changes.iter().any(|c| c.lsc_percent.is_some()) {
            rules.push(MonLsc);
        }
    }

    let mut btm = Vec::new();
    btm.extend(oral_markers(m));
    btm.extend(anabolic_markers(m));
    let (exit_ctx, repeat_given) = exit_ctx(m, &mut btm);
    for reading in &btm {
        if !rules.contains(&reading.rule) {
            rules.push(reading.rule);
        }
    }
    if !btm.is_empty() {
        rules.push(MonBtm);
    }
    if exit_ctx.is_some() {
        rules.push(MonExitCtx);
    }

    let loss = dxa_changes.iter().any(|c| c.site != Site::Radius33 && c.verdict == DxaVerdict::Loss);
    let no_response = btm.iter().any(|b| b.verdict == Some(BtmVerdict::NoResponse));
    let stage = m.journey.stage;
    let judged_stage =
        matches!(stage, Stage::OnBisphosphonate | Stage::OnDenosumab | Stage::OnAnabolic | Stage::OnOther);
    let since = m.journey.since;
    // MON-FAILURE (IOF): on a drug taken ≥ 12 months; fractures dated on treatment from the run's start.
    let long_enough = since.is_some_and(|s| add_months(s, 12) <= facts.assessed_on);
    let fractures_on_run = facts
        .fragility_fractures()
        .filter(|f| f.date.is_some_and(|d| since.is_some_and(|s| d >= s)) && (m.on_treatment)(f))
        .count();
    let mut criteria = Vec::new();
    if judged_stage && long_enough {
        let fracture_criterion = match fractures_on_run {
            0 => None,
            1 if loss || no_response => Some(FailureCriterion::Fracture),
            1 => None,
            _ => Some(FailureCriterion::TwoFractures),
        };
        let fails = fracture_criterion.is_some() || (loss && no_response);
        if fails {
            criteria.extend(fracture_criterion);
            if loss {
                criteria.push(FailureCriterion::BmdLoss);
            }
            if no_response {
                criteria.push(FailureCriterion::BtmNotSuppressed);
            }
        }
    }
    let failure = (!criteria.is_empty()).then(|| Failure { criteria, rules: vec![MonFailure] });
    if failure.is_some() {
        rules.push(MonFailure);
    }

    // MON-RESPONSE: on a drug taken ≥ 12 months before today's DXA.
    let taken_a_year = since.is_some_and(|s| add_months(s, 12) <= facts.dxa_date);
    let core = |c: &&DxaChange| c.site != Site::Radius33;
    let compared_ok =
        dxa_changes.iter().filter(core).any(|c| matches!(c.verdict, DxaVerdict::Stable | DxaVerdict::Gain));
    let fracture_on_run = facts.fragility_fractures().any(|f| f.date.is_some_and(|d| since.is_some_and(|s| d >= s)));
    let response = if !judged_stage {
        Response::Unknown
    } else if failure.is_some() || (loss && taken_a_year) || no_response {
        Response::Inadequate
    } else if compared_ok && taken_a_year && !fracture_on_run {
        Response::Adequate
    } else {
        Response::Unknown
    };
    if response != Response::Unknown {
        rules.push(MonResponse);
    }

    // MON-EXIT-BMD: loss against a study before the last dose, ≥ 10 months after the exit drug.
    let exit_given = m.course.and_then(|c| c.exit_given);
    let exit_bmd_loss = stage == Stage::StoppingDenosumab
        && exit_given.is_some_and(|g| add_months(g.on, 10) <= facts.dxa_date)
        && dxa_changes
            .iter()
            .any(|c| c.site != Site::Radius33 && c.verdict == DxaVerdict::Loss && c.basis == Basis::LastInjection);
    if exit_bmd_loss {
        rules.push(MonExitBmd);
    }
    if holiday.is_some() {
        rules.push(MonHoliday);
    }
    Monitoring { dxa_changes, btm, response, failure, exit_ctx, holiday, rules, exit_bmd_loss, repeat_given }
}

/// MON-HOLIDAY: stage `previously_treated`, the latest drug a bisphosphonate, after a run of ≥ 3 years oral (first
/// start to end ≥ 36 months) or ≥ 3 zoledronic acid infusions.
fn holiday(facts: &Facts, journey: &Journey) -> Option<Holiday> {
    let drug = journey.drug.filter(|d| d.is_bisphosphonate())?;
    if journey.stage != Stage::PreviouslyTreated {
        return None;
    }
    let bisphosphonates: Vec<_> = facts.history.iter().filter(|p| p.drug.is_bisphosphonate()).collect();
    let latest = bisphosphonates.iter().copied().filter(|p| p.drug == drug).max_by_key(|p| p.start)?;
    let since = period_end(latest)?;
    let start = run_start(&bisphosphonates, latest, facts.assessed_on);
    let infusions = facts.history.iter().filter(|p| p.drug == Drug::ZoledronicAcid).count();
    let long = if drug == Drug::ZoledronicAcid { infusions >= 3 } else { add_months(start, 36) <= since };
    if !long {
        return None;
    }
    Some(Holiday { since, review_on: add_months(since, 24), ends: None, drug })
}

/// The holiday's end, once the DXA changes are known (one reason, in the book's order).
fn holiday_end(facts: &Facts, holiday: &Holiday, changes: &[DxaChange]) -> Option<HolidayEnd> {
    let fracture = facts.fragility_fractures().any(|f| f.date.is_some_and(|d| d > holiday.since));
    let hip_loss =
        changes.iter().any(|c| matches!(c.site, Site::TotalHip | Site::FemoralNeck) && c.verdict == DxaVerdict::Loss);
    let hip_t_low = super::diagnosis::lowest_hip_t(facts).is_some_and(|t| t <= -2.5);
    if fracture {
        Some(HolidayEnd::Fracture)
    } else if hip_loss {
        Some(HolidayEnd::BmdLoss)
    } else if hip_t_low {
        Some(HolidayEnd::HipTLow)
    } else {
        None
    }
}

/// MON-DXA-CHANGE for every site of today's DXA that has an earlier study, in site order.
fn dxa_changes(m: &MonitoringInputs, holiday: Option<&Holiday>) -> Vec<DxaChange> {
    let facts = m.facts;
    let journey = m.journey;
    let last_injection = m.course.and_then(|c| c.last());
    let (anchor, anchor_basis) = match journey.stage {
        Stage::StoppingDenosumab => (last_injection, Basis::LastInjection),
        Stage::OnDenosumab
        | Stage::OnDenosumabOncology
        | Stage::OnAnabolic
        | Stage::OnBisphosphonate
        | Stage::OnOther
        | Stage::AfterAnabolic => (journey.since, Basis::TreatmentStart),
        _ => match holiday {
            Some(h) => (Some(h.since), Basis::HolidayStart),
            None => (None, Basis::Previous),
        },
    };
    let mut changes = Vec::new();
    for site in Site::ALL {
        let Some(today) = facts.dxa.iter().find(|d| d.site == site) else { continue };
        let all: Vec<&PreviousDxaFact> = facts.dxa_previous.iter().filter(|p| p.site == site).collect();
        // The reference is "one earlier study of that site with a BMD on the same machine"; only when there is none
        // does the row name a study that cannot be compared (another machine, or no BMD).
        let comparable: Vec<&PreviousDxaFact> = all
            .iter()
            .copied()
            .filter(|p| today.bmd_g_cm2.is_some() && p.bmd_g_cm2.is_some() && p.machine == facts.dxa_machine)
            .collect();
        let earlier = if comparable.is_empty() { all } else { comparable };
        let latest_by = |limit: Option<NaiveDate>| {
            earlier.iter().copied().filter(|p| limit.is_none_or(|l| p.date <= l)).max_by_key(|p| p.date)
        };
        let (reference, basis) = match anchor.and_then(|a| latest_by(Some(a))) {
            Some(study) => (study, anchor_basis),
            None => match latest_by(None) {
                Some(study) => (study, Basis::Previous),
                None => continue,
            },
        };
        let (lsc, lsc_from) = match (facts.lsc_percent.of(site), default_lsc(site)) {
            (Some(centre), _) => (Some(centre), Some(Source::Centre)),
            (None, Some(default)) => (Some(default), Some(Source::Default)),
            (None, None) => (None, None),
        };
        let same_machine = reference.machine == facts.dxa_machine;
        let not_comparable = if !same_machine {
            Some(NotComparable::Machine)
        } else if today.bmd_g_cm2.is_none() || reference.bmd_g_cm2.is_none() {
            Some(NotComparable::NoBmd)
        } else if lsc.is_none() {
            Some(NotComparable::NoLsc)
        } else {
            None
        };
        let mut change = DxaChange {
            site,
            from: reference.date,
            to: facts.dxa_date,
            from_bmd: reference.bmd_g_cm2.map(|b| round_to(b, 3)),
            to_bmd: today.bmd_g_cm2.map(|b| round_to(b, 3)),
            change_percent: None,
            change_per_year: None,
            lsc_percent: lsc,
            lsc_from,
            basis,
            verdict: DxaVerdict::NotComparable,
            not_comparable,
        };
        if let (None, Some(from), Some(to), Some(lsc)) = (not_comparable, reference.bmd_g_cm2, today.bmd_g_cm2, lsc) {
            let raw = (to - from) / from * 100.0;
            let shown = round_to(raw, 1);
            change.change_percent = Some(shown);
            if add_months(reference.date, 6) <= facts.dxa_date {
                let years = (facts.dxa_date - reference.date).num_days() as f64 / 365.25;
                change.change_per_year = Some(round_to(raw / years, 1));
            }
            change.verdict = if shown <= -lsc {
                DxaVerdict::Loss
            } else if shown >= lsc {
                DxaVerdict::Gain
            } else {
                DxaVerdict::Stable
            };
        }
        changes.push(change);
    }
    changes
}

/// The laboratory's reference for a test, or the default.
fn reference(facts: &Facts, test: BtmTest) -> (f64, ReferenceFrom) {
    let laboratory = match test {
        BtmTest::Ctx => facts.btm_reference.ctx_ng_ml,
        BtmTest::P1np => facts.btm_reference.p1np_ng_ml,
    };
    match laboratory {
        Some(value) => (value, ReferenceFrom::Laboratory),
        None => (default_reference(test), ReferenceFrom::Default),
    }
}

/// The latest result of `test` dated in [from, to] (reading 33: "the latest" is the one with the latest date).
fn latest_result(facts: &Facts, test: BtmTest, from: NaiveDate, to: NaiveDate) -> Option<&super::facts::BtmFact> {
    facts.btm.iter().filter(|b| b.test == test && b.date >= from && b.date <= to).max_by_key(|b| b.date)
}

/// The marker baseline: the latest result of the test from 3 months before the run's start to 14 days after it.
fn baseline(facts: &Facts, test: BtmTest, since: NaiveDate) -> Option<BtmBaseline> {
    let from = super::dates::sub_months(since, 3);
    let to = super::dates::add_days(since, 14);
    latest_result(facts, test, from, to).map(|b| BtmBaseline { date: b.date, value_ng_ml: round_to(b.value_ng_ml, 3) })
}

fn reading(
    facts: &Facts,
    result: &super::facts::BtmFact,
    baseline: Option<BtmBaseline>,
    verdict: BtmVerdict,
    rule: RuleId,
) -> BtmReading {
    let (reference_ng_ml, reference_from) = reference(facts, result.test);
    let change_percent =
        baseline.as_ref().map(|b| round_to((result.value_ng_ml - b.value_ng_ml) / b.value_ng_ml * 100.0, 1));
    BtmReading {
        test: result.test,
        date: result.date,
        value_ng_ml: round_to(result.value_ng_ml, 3),
        reference_ng_ml,
        reference_from,
        baseline,
        change_percent,
        verdict: Some(verdict),
        rule,
    }
}

/// MON-BTM-ORAL: on an oral bisphosphonate, the latest result of each test ≥ 2 months after the run's start.
fn oral_markers(m: &MonitoringInputs) -> Vec<BtmReading> {
    let facts = m.facts;
    let journey = m.journey;
    let oral = journey.stage == Stage::OnBisphosphonate && journey.drug.is_some_and(|d| d.is_oral_bisphosphonate());
    let Some(since) = journey.since.filter(|_| oral) else { return Vec::new() };
    let mut readings = Vec::new();
    for test in [BtmTest::Ctx, BtmTest::P1np] {
        let Some(result) = latest_result(facts, test, add_months(since, 2), facts.assessed_on) else { continue };
        let (reference_ng_ml, _) = reference(facts, test);
        let base = baseline(facts, test, since);
        // A fall of exactly the marker's LSC is not "more than" it (reading 46: the rounded value).
        let fell = base.as_ref().is_some_and(|b| {
            round_to((b.value_ng_ml - result.value_ng_ml) / b.value_ng_ml * 100.0, 1) > marker_lsc(test)
        });
        let below = round_to(result.value_ng_ml, 3) < reference_ng_ml;
        let verdict = if below || fell { BtmVerdict::Response } else { BtmVerdict::NoResponse };
        readings.push(reading(facts, result, base, verdict, MonBtmOral));
    }
    readings
}

/// MON-BTM-ANABOLIC: on teriparatide or abaloparatide, P1NP 1–6 months after the start against its baseline.
fn anabolic_markers(m: &MonitoringInputs) -> Vec<BtmReading> {
    let facts = m.facts;
    let journey = m.journey;
    let pth = journey.stage == Stage::OnAnabolic && journey.drug.is_some_and(|d| d.is_pth_analogue());
    let Some(since) = journey.since.filter(|_| pth) else { return Vec::new() };
    let test = BtmTest::P1np;
    let result = latest_result(facts, test, add_months(since, 1), add_months(since, 6).min(facts.assessed_on));
    let (Some(result), Some(base)) = (result, baseline(facts, test, since)) else { return Vec::new() };
    let rose = round_to(result.value_ng_ml - base.value_ng_ml, 3) > P1NP_RISE_NG_ML;
    let verdict = if rose { BtmVerdict::Response } else { BtmVerdict::NoResponse };
    vec![reading(facts, result, Some(base), verdict, MonBtmAnabolic)]
}

/// MON-EXIT-CTX: after the exit drug (or a repeat infusion recorded after it), the latest CTX ≥ 2 months after.
fn exit_ctx(m: &MonitoringInputs, btm: &mut Vec<BtmReading>) -> (Option<ExitCtx>, Option<NaiveDate>) {
    let facts = m.facts;
    if m.journey.stage != Stage::StoppingDenosumab {
        return (None, None);
    }
    let Some(given) = m.course.and_then(|c| c.exit_given) else { return (None, None) };
    let repeat =
        facts.history.iter().filter(|p| p.drug == Drug::ZoledronicAcid && p.start > given.on).map(|p| p.start).max();
    let from = repeat.unwrap_or(given.on);
    let Some(result) = latest_result(facts, BtmTest::Ctx, add_months(from, 2), facts.assessed_on) else {
        return (None, repeat);
    };
    let (reference_ng_ml, _) = reference(facts, BtmTest::Ctx);
    let value = round_to(result.value_ng_ml, 3);
    let above = value > reference_ng_ml;
    let verdict = if above { BtmVerdict::AboveReference } else { BtmVerdict::AtOrBelowReference };
    btm.push(reading(facts, result, None, verdict, MonExitCtx));
    (Some(ExitCtx { date: result.date, value_ng_ml: value, reference_ng_ml, above }), repeat)
}
