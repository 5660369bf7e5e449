//! §7–§8 of the rule book: the plan — the ordered actions for this patient, each with its dates, drug, tests
//! and the rules behind it (work-up WORK-*, follow-up FU-*, and the dated steps of the DMAB and TX rules).

use chrono::NaiveDate;
use serde::Serialize;

use super::basic_care::{calcium_needs_albumin, vitamin_d_deficient};
use super::case::{Drug, FractureSite, Profile, Sex};
use super::dates::{add_days, add_months, sub_months};
use super::denosumab::{DenosumabReport, DmabStatus, WINDOW_DAYS};
use super::diagnosis::{Category, Diagnosis};
use super::facts::Facts;
use super::journey::{DmabCourse, Journey, Stage};
use super::monitoring::Monitoring;
use super::risk::Risk;
use super::rules::RuleId::{self, *};
use super::treatment::{
    contraindicated, contraindications, is_pending, BpVerdict, DrugOption, Status, Table, Treatment,
};

/// Plan actions, in PLAN-ORDER v3's order within one urgency and date: work-up before treatment (a start, a
/// dose or an infusion comes after the checks that gate it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    CorrectCalcium,
    VitaminDLoading,
    VitaminDSupplement,
    EnterWeight,
    EnterFrax,
    EnterPlannedCourse,
    EnterPreTreatmentT,
    EnterInjectionDates,
    CheckLabs,
    DentalCheck,
    AssessCvRisk,
    StopTreatment,
    GiveDenosumab,
    GiveExitDrug,
    RepeatInfusion,
    NextInfusion,
    FallbackDenosumab,
    StartTreatment,
    ContinueTreatment,
    BookFollowOn,
    VertebralImaging,
    CheckCalciumAfterDose,
    CheckBtm,
    Dxa,
    ReviewTreatment,
    FallsAssessment,
    SpecialistReview,
    Avoid,
    BasicCare,
}

impl Action {
    /// A start, a dose or an infusion: a pending mark it carries does not make it danger (reading 41).
    pub fn gives_a_drug(self) -> bool {
        matches!(
            self,
            Action::GiveDenosumab
                | Action::GiveExitDrug
                | Action::RepeatInfusion
                | Action::NextInfusion
                | Action::StartTreatment
                | Action::FallbackDenosumab
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// At this visit.
    Now,
    /// Before a date.
    By,
    /// On a date.
    On,
    /// Ongoing.
    Standing,
}

/// Laboratory tests a plan item asks for, in the format's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    AdjustedCalcium,
    Albumin,
    Calcium,
    Phosphate,
    Magnesium,
    Alp,
    Pth,
    VitaminD,
    Calcitriol,
    Creatinine,
    Tsh,
    Testosterone,
    Shbg,
    Lh,
    Spep,
    Ctx,
    P1np,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanItem {
    pub action: Action,
    pub urgency: Urgency,
    #[serde(serialize_with = "super::iso_date::option")]
    pub on: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::option")]
    pub by: Option<NaiveDate>,
    #[serde(serialize_with = "super::iso_date::list")]
    pub dates: Vec<NaiveDate>,
    pub drug: Option<Drug>,
    pub tests: Vec<Test>,
    pub rules: Vec<RuleId>,
}

impl PlanItem {
    /// The date the item is sorted and merged by: today for `now`, the deadline for `by`, the date for `on`.
    pub fn key_date(&self) -> Option<NaiveDate> {
        match self.urgency {
            Urgency::By => self.by,
            Urgency::Standing => None,
            _ => self.on,
        }
    }
}

/// Everything the plan reads.
pub struct PlanInputs<'a> {
    pub facts: &'a Facts,
    pub diagnosis: &'a Diagnosis,
    pub risk: &'a Risk,
    pub journey: &'a Journey,
    pub treatment: &'a Treatment,
    pub course: Option<&'a DmabCourse>,
    pub denosumab: Option<&'a DenosumabReport>,
    pub monitoring: &'a Monitoring,
    /// The starting table that decided the options.
    pub table: Table,
    /// MON-FAILURE: the current drug gives way to another (a switch), or to a referral (denosumab).
    pub failure_switch: bool,
    /// SEQ-NO-COMBO's danger: oncology denosumab with a current bisphosphonate.
    pub oncology_combo: bool,
    /// The drug `start_treatment` starts (None: the stage starts nothing, or nothing is preferred).
    pub start: Option<Drug>,
    /// Whether the stage starts a drug (the plan then has `start_treatment`, even with no drug to name).
    pub starts: bool,
    /// Every rule fired outside the plan (sections, options, exit plan).
    pub fired: &'a [RuleId],
    /// Rules whose alert is `danger` for this case: their items come first.
    pub danger: &'a [RuleId],
}

impl PlanInputs<'_> {
    fn has(&self, rule: RuleId) -> bool {
        self.fired.contains(&rule)
    }

    fn option(&self, drug: Drug) -> Option<&DrugOption> {
        self.treatment.options.iter().find(|o| o.drug == drug)
    }

    fn today(&self) -> NaiveDate {
        self.facts.assessed_on
    }

    /// On an anabolic: the day its course is complete (TX-ON-ANABOLIC, FU-FOLLOW-ON).
    fn anabolic_course_end(&self) -> Option<NaiveDate> {
        let (drug, since) = (self.journey.drug?, self.journey.since?);
        (self.journey.stage == Stage::OnAnabolic).then(|| course_end(self.facts, drug, since))
    }
}

/// Builds the plan: items are added in any order, merged where they share action, drug and date, then sorted.
struct Plan {
    today: NaiveDate,
    items: Vec<PlanItem>,
}

impl Plan {
    fn item(&self, action: Action, urgency: Urgency, rules: &[RuleId]) -> PlanItem {
        PlanItem {
            action,
            urgency,
            on: None,
            by: None,
            dates: Vec::new(),
            drug: None,
            tests: Vec::new(),
            rules: rules.to_vec(),
        }
    }

    fn now(&self, action: Action, rules: &[RuleId]) -> PlanItem {
        PlanItem { on: Some(self.today), ..self.item(action, Urgency::Now, rules) }
    }

    /// On a date; today (or a past date) is `now`.
    fn on(&self, action: Action, date: NaiveDate, rules: &[RuleId]) -> PlanItem {
        if date <= self.today {
            self.now(action, rules)
        } else {
            PlanItem { on: Some(date), ..self.item(action, Urgency::On, rules) }
        }
    }

    /// Before a date; a deadline of today is `now`.
    fn by(&self, action: Action, date: NaiveDate, rules: &[RuleId]) -> PlanItem {
        if date <= self.today {
            self.now(action, rules)
        } else {
            PlanItem { by: Some(date), ..self.item(action, Urgency::By, rules) }
        }
    }

    fn standing(&self, action: Action, rules: &[RuleId]) -> PlanItem {
        self.item(action, Urgency::Standing, rules)
    }

    /// Adds an item, or merges it into one with the same action, drug, urgency and date.
    fn add(&mut self, item: PlanItem) {
        let same = self.items.iter_mut().find(|i| {
            i.action == item.action
                && i.drug == item.drug
                && i.urgency == item.urgency
                && i.key_date() == item.key_date()
        });
        match same {
            Some(existing) => {
                existing.tests.extend(item.tests);
                existing.dates.extend(item.dates);
                existing.rules.extend(item.rules);
                if existing.by.is_none() {
                    existing.by = item.by;
                }
            }
            None => self.items.push(item),
        }
    }
}

fn with_drug(mut item: PlanItem, drug: Drug) -> PlanItem {
    item.drug = Some(drug);
    item
}

fn with_tests(mut item: PlanItem, tests: &[Test]) -> PlanItem {
    item.tests.extend_from_slice(tests);
    item
}

fn with_dates(mut item: PlanItem, dates: Vec<NaiveDate>) -> PlanItem {
    item.dates = dates;
    item
}

/// The anabolic course length in months (FU-FOLLOW-ON, TX-ON-ANABOLIC).
fn course_months(drug: Drug, profile: Profile) -> u32 {
    match (drug, profile) {
        (Drug::Romosozumab, _) => 12,
        (Drug::Abaloparatide, Profile::Cn2022) => 18,
        _ => 24,
    }
}

/// FU-FOLLOW-ON v3: an anabolic course started on `start` ends at its own limit, and a PTH analogue's also on the
/// day cumulative teriparatide + abaloparatide use reaches 730 days, when another PTH period precedes it
/// (reading 43).
fn course_end(facts: &Facts, drug: Drug, start: NaiveDate) -> NaiveDate {
    let own = add_months(start, course_months(drug, facts.profile));
    if !drug.is_pth_analogue() {
        return own;
    }
    let before: i64 = facts
        .history
        .iter()
        .filter(|p| p.drug.is_pth_analogue() && p.start < start)
        .map(|p| (p.end.unwrap_or(facts.assessed_on).min(start) - p.start).num_days())
        .sum();
    if before <= 0 {
        return own;
    }
    own.min(add_days(start, (730 - before).max(0) as u64))
}

/// The denosumab doses this plan gives, for the calcium checks around them.
struct Doses {
    /// Doses whose calcium checks this plan dates (DMAB-CKD, DMAB-CA-PREDISPOSED).
    checked: Vec<NaiveDate>,
    /// The first dose to come (the DMAB-CKD pre-dose checks are due by it).
    next: Option<NaiveDate>,
}

pub fn plan(p: &PlanInputs) -> Vec<PlanItem> {
    let facts = p.facts;
    let today = p.today();
    let mut plan = Plan { today, items: Vec::new() };
    let stage = p.journey.stage;
    let ckd = p.has(DmabCkd);
    let predisposed = p.has(DmabCaPredisposed);
    // Each denosumab dose carries DMAB-CKD (reading 23) and a pending low calcium (corrected first, reading 1).
    let dmab_pending = pending_rules(facts, Drug::Denosumab);
    // DMAB-CA-CHECK v3: with no calcium in the case, each dose waits for it.
    let calcium_unknown = facts.calcium_mmol_l.is_none() && !facts.conditions.hypocalcaemia;
    let dose_rules = |mut rules: Vec<RuleId>| {
        if ckd {
            rules.push(DmabCkd);
        }
        rules.extend(&dmab_pending);
        if calcium_unknown {
            rules.push(DmabCaCheck);
        }
        rules
    };
    let mut doses = Doses { checked: Vec::new(), next: None };

    // Denosumab doses: catch-up, the scheduled one, and dose 2 after a start.
    // Reading 52: a course whose rebound window has closed plans no dose from its old schedule.
    let window_closed = p.course.is_some_and(|c| c.rebound_window_closed(today));
    if let Some(d) = p.denosumab.filter(|_| !window_closed) {
        let continues =
            d.continues() && p.course.is_some_and(|c| c.plan == super::case::Plan::Continue || d.exit_plan.is_some());
        let restarted = d.exit_plan.as_ref().is_some_and(|e| e.restarted);
        if let Some(c) = &d.catch_up {
            let why = if restarted {
                DmabExitRestart
            } else if p.has(DmabRebound) {
                DmabRebound
            } else {
                DmabMissed
            };
            let mut rules = vec![DmabCatchUp, why];
            if p.has(DmabRebound) && why != DmabRebound {
                rules.push(DmabRebound);
            }
            plan.add(with_drug(plan.now(Action::GiveDenosumab, &dose_rules(rules)), Drug::Denosumab));
            doses.checked.push(today);
            doses.next = Some(today);
            if !restarted {
                let mut next = plan.on(Action::GiveDenosumab, c.next_due, &dose_rules(vec![DmabCatchUp, DmabNext]));
                next.by = Some(c.window[1]);
                plan.add(with_drug(next, Drug::Denosumab));
            }
        } else if continues && d.status != DmabStatus::NotStarted {
            if let (Some(next_due), Some(window)) = (d.next_due, d.window) {
                let on = next_due.max(today);
                let mut item = plan.on(Action::GiveDenosumab, on, &dose_rules(vec![DmabNext, DmabStatus]));
                item.by = Some(window[1]);
                plan.add(with_drug(item, Drug::Denosumab));
                doses.next = Some(on);
                // A dose recorded today is given today: its checks count from it and from the next planned dose
                // (readings 21 and 29: every dated dose has its checks).
                if d.last_injection == Some(today) {
                    doses.checked.push(today);
                }
                doses.checked.push(on);
            }
        }
    }

    // Stopping: the exit drug on time, or denosumab as the fallback (DMAB-EXIT-*).
    let exit = p.denosumab.and_then(|d| d.exit_plan.as_ref());
    if let Some(e) = exit {
        let course_rule = if e.rules.contains(&DmabExitShort) { DmabExitShort } else { DmabExitLong };
        if let (Some(drug), Some(on), Some(by)) = (e.drug, e.give_on, e.give_by) {
            let mut rules = vec![DmabStopPlan, course_rule];
            if !e.restarted {
                rules.push(DmabExitTiming);
            }
            rules.extend(pending_rules(facts, drug));
            let mut item = plan.on(Action::GiveExitDrug, on, &rules);
            item.by = Some(by);
            plan.add(with_drug(item, drug));
            plan.add(with_drug(plan.on(Action::FallbackDenosumab, by, &[DmabExitFallback]), Drug::Denosumab));
            if drug == Drug::ZoledronicAcid {
                // Before the infusion; a restarted exit is 6 months away, so this is not part of today's danger.
                let why = if e.restarted { course_rule } else { DmabExitTiming };
                plan.add(plan.now(Action::DentalCheck, &[WorkDental, why]));
                plan.add(with_tests(
                    plan.by(Action::CheckLabs, on, &[course_rule]),
                    &[Test::Calcium, Test::Creatinine],
                ));
            }
        }
        // After a repeat infusion (recorded, or planned now) its own CTX dates replace the exit plan's (reading 49).
        let repeat_on = if p.monitoring.exit_not_holding() { Some(today) } else { p.monitoring.repeat_given };
        let (ctx, ctx_rules): (Vec<NaiveDate>, Vec<RuleId>) = match repeat_on {
            Some(on) => (vec![add_months(on, 3), add_months(on, 6)], vec![p.monitoring.repeat_rule()]),
            None => (e.ctx_checks.iter().copied().filter(|&d| d >= today).collect(), vec![DmabCtxDates]),
        };
        if let (Some(first), Some(drug)) = (ctx.first().copied(), e.drug) {
            let drug = if repeat_on.is_some() { Drug::ZoledronicAcid } else { drug };
            let item = plan.on(Action::CheckBtm, first, &ctx_rules);
            plan.add(with_dates(with_tests(with_drug(item, drug), &[Test::Ctx]), ctx));
        }
        if p.monitoring.exit_not_holding() {
            repeat_infusion(p, &mut plan);
        }
        if let Some(given) = e.given_on {
            let ongoing_oral = p.course.and_then(|c| c.exit_given).is_some_and(|g| g.ongoing);
            // Reading 53: the repeat infusion replaces an oral exit drug.
            if ongoing_oral && p.monitoring.exit_not_holding() {
                if let Some(drug) = e.drug {
                    let why = p.monitoring.repeat_rule();
                    plan.add(with_drug(plan.now(Action::StopTreatment, &[why]), drug));
                    plan.add(with_drug(plan.now(Action::ReviewTreatment, &[why]), drug));
                }
            } else if ongoing_oral {
                if let Some(drug) = e.drug {
                    plan.add(with_drug(plan.standing(Action::ContinueTreatment, &[DmabExitGiven]), drug));
                    let review = add_months(given, 12);
                    plan.add(with_drug(plan.on(Action::ReviewTreatment, review, &[DmabExitGiven]), drug));
                }
            }
        }
        if e.drug.is_none() {
            plan.add(plan.now(Action::SpecialistReview, &[DmabExitBlocked]));
            plan.add(with_drug(plan.standing(Action::ContinueTreatment, &[DmabExitBlocked]), Drug::Denosumab));
        }
    }

    // Starting a drug (§8 start_treatment), with its timing, markers, first doses and follow-on.
    let mut start_on = None;
    if p.starts {
        let item = start_item(p, &plan);
        start_on = item.on.or(Some(today));
        let start_date = start_on.unwrap_or(today);
        if let Some(drug) = p.start {
            start_followups(p, &mut plan, drug, start_date, &mut doses, &dose_rules);
            stop_for_switch(p, &mut plan, drug, &item.rules);
        }
        if p.has(TxNonePreferred) {
            plan.add(plan.now(Action::SpecialistReview, &[TxNonePreferred]));
        }
        plan.add(item);
    }
    // SEQ-NO-COMBO v3: a bisphosphonate beside oncology denosumab stops now.
    if p.oncology_combo {
        if let Some(drug) = super::sequencing::current_bisphosphonate(facts) {
            plan.add(with_drug(plan.now(Action::StopTreatment, &[SeqNoCombo]), drug));
        }
    }

    // Continuing the current drug.
    let current = p.journey.drug;
    // Avoided for good, not only until a value is corrected or known (reading 20 against reading 1).
    let current_avoided = current.is_some_and(|d| contraindicated(facts, d));
    match (stage, current) {
        (Stage::OnDenosumab, _) => {
            plan.add(with_drug(plan.standing(Action::ContinueTreatment, &[TxContinueDmab]), Drug::Denosumab));
            if p.course.is_some_and(|c| c.injections.is_empty()) {
                plan.add(plan.now(Action::EnterInjectionDates, &[TxContinueDmab]));
            }
        }
        (Stage::OnAnabolic, Some(drug)) if !p.starts => {
            let ends = p.anabolic_course_end().unwrap_or(today);
            // The course is complete once its length has passed (TX-ON-ANABOLIC): follow on, do not continue.
            if !current_avoided && ends > today {
                plan.add(with_drug(plan.standing(Action::ContinueTreatment, &[TxOnAnabolic]), drug));
            }
            let on = if current_avoided { today } else { ends };
            plan.add(plan.on(Action::BookFollowOn, on, &[FuFollowOn]));
        }
        (Stage::OnBisphosphonate, Some(drug)) if p.table == Table::OnBisphosphonate && !p.starts => {
            if !current_avoided {
                plan.add(with_drug(plan.standing(Action::ContinueTreatment, &[TxOnBp]), drug));
            }
            bisphosphonate_review(p, &mut plan, drug);
        }
        _ => {}
    }

    // Calcium after each dose planned here (DMAB-CKD: weekly for a month, then monthly; DMAB-CA-PREDISPOSED: 2 weeks).
    if (ckd || predisposed) && !doses.checked.is_empty() {
        let mut dates = Vec::new();
        let mut tests = vec![Test::Calcium];
        let mut rules = Vec::new();
        for &dose in &doses.checked {
            if ckd {
                dates.extend([7, 14, 21, 28].map(|d| add_days(dose, d)));
                dates.extend([2, 3, 4, 5].map(|m| add_months(dose, m)));
            }
            if predisposed {
                dates.push(add_days(dose, 14));
            }
        }
        if ckd {
            rules.push(DmabCkd);
        }
        if predisposed {
            rules.push(DmabCaPredisposed);
            tests.extend([Test::Phosphate, Test::Magnesium]);
        }
        crate::clinical::sorting::sort(&mut dates);
        dates.dedup();
        dates.retain(|&d| d >= today);
        if let Some(&first) = dates.first() {
            let item = plan.on(Action::CheckCalciumAfterDose, first, &rules);
            plan.add(with_dates(with_tests(with_drug(item, Drug::Denosumab), &tests), dates));
        }
    }
    if ckd {
        // Before the next dose (or the start): the CKD-MBD work-up, with nephrology.
        let before = doses.next.or(start_on.filter(|_| p.start == Some(Drug::Denosumab)));
        let mut tests = vec![
            Test::AdjustedCalcium,
            Test::Phosphate,
            Test::Magnesium,
            Test::Alp,
            Test::Pth,
            Test::VitaminD,
            Test::Calcitriol,
        ];
        if facts.albumin_g_l.is_none() {
            tests.push(Test::Albumin);
        }
        let item = match before {
            Some(date) => plan.by(Action::CheckLabs, date, &[DmabCkd]),
            None => plan.now(Action::CheckLabs, &[DmabCkd]),
        };
        plan.add(with_tests(item, &tests));
        plan.add(plan.now(Action::SpecialistReview, &[DmabCkd]));
    }

    workup(p, &mut plan, &doses);
    follow_up(p, &mut plan, start_on);
    monitoring_items(p, &mut plan);
    avoid_items(p, &mut plan);
    plan.add(plan.standing(Action::BasicCare, &[BaseLifestyle, BaseCaVitd]));

    finish(plan.items, p.danger, today)
}

/// The pending marks on a drug (CI-HYPOCA, CI-RENAL-UNKNOWN): it is given once they are cleared.
fn pending_rules(facts: &Facts, drug: Drug) -> Vec<RuleId> {
    contraindications(facts, drug).into_iter().map(|(rule, _)| rule).filter(|r| is_pending(*r)).collect()
}

/// `start_treatment`: the drug, when to start, and why (§8; readings 1 and 19).
fn start_item(p: &PlanInputs, plan: &Plan) -> PlanItem {
    let facts = p.facts;
    let today = p.today();
    let mut rules: Vec<RuleId> = Vec::new();
    let mut on = today;
    let mut by = None;
    if let Some(drug) = p.start {
        if let Some(o) = p.option(drug) {
            rules.extend(o.rules.iter().copied().filter(|r| !is_pending(*r)));
        }
        // The pending marks set aside to choose the drug: the start waits for them.
        rules.extend(pending_rules(facts, drug));
        if drug == Drug::ZoledronicAcid {
            // HORIZON-RFT: ≥ 2 weeks after a hip fracture, within 90 days of it, while it is that recent.
            // v3: counted from the repair (`surgery_date`) when given, as the trial counted.
            let recent_hip = facts
                .fragility_fractures()
                .filter(|f| f.site == FractureSite::Hip)
                .filter_map(|f| f.date.map(|d| (d, f.surgery_date.unwrap_or(d))))
                .filter(|&(broken, _)| add_days(broken, 90) > today)
                .max_by_key(|&(broken, _)| broken);
            if let Some((_, anchor)) = recent_hip {
                on = on.max(add_days(anchor, 14));
                by = Some(add_days(anchor, 90));
                rules.push(TxVhHip);
            }
        }
        // Alendronate → denosumab: the first injection a week after the last weekly tablet (SEQ-FROM-BP, §8).
        let on_alendronate = p.journey.stage == Stage::OnBisphosphonate && p.journey.drug == Some(Drug::Alendronate);
        if drug == Drug::Denosumab && on_alendronate {
            on = on.max(add_days(today, 7));
        }
        if matches!(drug, Drug::ZoledronicAcid | Drug::Denosumab) && vitamin_d_deficient(facts) {
            on = on.max(add_days(today, 42));
            rules.push(BaseVitdSevere);
        }
    } else {
        rules.extend(p.treatment.rules.first().copied());
    }
    if p.journey.stage == Stage::AfterAnabolic {
        rules.push(SeqAnabolicFirst);
    }
    let mut item = plan.on(Action::StartTreatment, on, &rules);
    item.drug = p.start;
    if by.is_some_and(|b| b > on) {
        item.by = by;
    }
    item
}

/// What follows a start: dose 2 of denosumab, the yearly infusions, the follow-on after an anabolic, the marker
/// checks, the dental check and the review date.
fn start_followups(
    p: &PlanInputs,
    plan: &mut Plan,
    drug: Drug,
    start: NaiveDate,
    doses: &mut Doses,
    dose_rules: &dyn Fn(Vec<RuleId>) -> Vec<RuleId>,
) {
    let facts = p.facts;
    let today = p.today();
    match drug {
        Drug::Denosumab => {
            let dose2 = add_months(start, 6);
            let mut item = plan.on(Action::GiveDenosumab, dose2, &dose_rules(vec![DmabNext]));
            item.by = Some(add_days(dose2, WINDOW_DAYS));
            plan.add(with_drug(item, Drug::Denosumab));
            doses.checked.extend([start, dose2]);
            doses.next.get_or_insert(start);
        }
        Drug::ZoledronicAcid => {
            let rules: Vec<RuleId> =
                p.option(drug).map(|o| o.rules.iter().take(1).copied().collect()).unwrap_or_default();
            next_infusions(p, plan, add_months(start, 12), 2, &rules);
            plan.add(with_tests(plan.by(Action::CheckLabs, start, &rules), &[Test::Calcium, Test::Creatinine]));
        }
        _ => {}
    }
    if drug.is_anabolic() {
        plan.add(plan.on(Action::BookFollowOn, course_end(facts, drug, start), &[FuFollowOn]));
    }
    // WORK-BTM: a baseline now (not within 3 months of a fracture) and 3 months after the start.
    let recent_fracture = facts.fractures.iter().filter_map(|f| f.date).any(|d| d > sub_months(today, 3));
    let mut dates = Vec::new();
    if !recent_fracture {
        dates.push(today);
    }
    dates.push(add_months(start, 3));
    let marker = if drug.is_anabolic() { Test::P1np } else { Test::Ctx };
    let item = plan.on(Action::CheckBtm, dates[0], &[WorkBtm]);
    plan.add(with_dates(with_tests(with_drug(item, drug), &[marker]), dates));
    if drug.is_bisphosphonate() || matches!(drug, Drug::Denosumab | Drug::Romosozumab) {
        plan.add(plan.now(Action::DentalCheck, &[WorkDental]));
    }
    if drug.is_bisphosphonate() {
        let years = if drug == Drug::ZoledronicAcid { 3 } else { 5 };
        plan.add(with_drug(plan.on(Action::ReviewTreatment, add_months(start, 12 * years), &[FuBpReview]), drug));
    }
}

/// `next_infusion`: the yearly zoledronic acid infusions from `first`, `count` of them, each with its labs.
fn next_infusions(p: &PlanInputs, plan: &mut Plan, first: NaiveDate, count: u32, rules: &[RuleId]) {
    if count == 0 {
        return;
    }
    let first = first.max(p.today());
    let dates: Vec<NaiveDate> = (0..count).map(|k| add_months(first, 12 * k)).collect();
    for &date in &dates {
        plan.add(with_tests(plan.by(Action::CheckLabs, date, rules), &[Test::Calcium, Test::Creatinine]));
    }
    let mut rules = rules.to_vec();
    rules.extend(pending_rules(p.facts, Drug::ZoledronicAcid));
    let item = plan.on(Action::NextInfusion, first, &rules);
    plan.add(with_dates(with_drug(item, Drug::ZoledronicAcid), dates));
}

/// FU-BP-REVIEW for the current bisphosphonate (the verdict is the treatment's `bp_review`), and its next yearly
/// infusions: up to the third, the sixth when the review says continue.
fn bisphosphonate_review(p: &PlanInputs, plan: &mut Plan, drug: Drug) {
    let Some(review) = &p.treatment.bp_review else { return };
    plan.add(with_drug(plan.on(Action::ReviewTreatment, review.due_on, &[FuBpReview]), drug));
    if drug == Drug::ZoledronicAcid {
        let keep_going = review.verdict == Some(BpVerdict::Continue);
        let max: usize = if review.infusions.len() >= 3 && keep_going { 6 } else { 3 };
        let remaining = max.saturating_sub(review.infusions.len()) as u32;
        if let Some(&last) = review.infusions.iter().max() {
            next_infusions(p, plan, add_months(last, 12), remaining, &[TxOnBp]);
        }
    }
}

/// `stop_treatment` (v3): a switch replaces the current drug — a bisphosphonate, raloxifene, bazedoxifene,
/// strontium ranelate or calcitonin (hormone therapy and testosterone treat other conditions).
fn stop_for_switch(p: &PlanInputs, plan: &mut Plan, new: Drug, start_rules: &[RuleId]) {
    let switching = matches!(p.journey.stage, Stage::OnBisphosphonate | Stage::OnOther | Stage::OnAnabolic);
    let Some(current) = p.journey.drug.filter(|_| switching) else { return };
    let stoppable = current.is_bisphosphonate()
        || matches!(current, Drug::Raloxifene | Drug::Bazedoxifene | Drug::StrontiumRanelate | Drug::Calcitonin);
    if !stoppable || current == new {
        return;
    }
    let why = if p.failure_switch {
        MonFailure
    } else if p.has(RiskVhFxOnTx) && p.journey.stage == Stage::OnBisphosphonate {
        RiskVhFxOnTx
    } else {
        start_rules.iter().copied().find(|r| r.rule().section == super::rules::Section::Treatment).unwrap_or(TxHigh)
    };
    plan.add(with_drug(plan.now(Action::StopTreatment, &[why]), current));
}

/// `repeat_infusion` (MON-EXIT-CTX, MON-EXIT-BMD): zoledronic acid again now, creatinine and calcium first; when the
/// kidney does not allow it, a specialist decides.
fn repeat_infusion(p: &PlanInputs, plan: &mut Plan) {
    let m = p.monitoring;
    let mut rules = Vec::new();
    if m.exit_ctx.as_ref().is_some_and(|e| e.above) {
        rules.push(MonExitCtx);
    }
    if m.exit_bmd_loss {
        rules.push(MonExitBmd);
        plan.add(plan.now(Action::SpecialistReview, &[MonExitBmd]));
    }
    if contraindicated(p.facts, Drug::ZoledronicAcid) {
        plan.add(plan.now(Action::SpecialistReview, &rules));
        return;
    }
    plan.add(with_tests(plan.now(Action::CheckLabs, &rules), &[Test::Calcium, Test::Creatinine]));
    let mut infusion = rules.clone();
    infusion.extend(pending_rules(p.facts, Drug::ZoledronicAcid));
    plan.add(with_drug(plan.now(Action::RepeatInfusion, &infusion), Drug::ZoledronicAcid));
}

/// §7b: what the follow-up results ask for — a review of how the drug is taken, a switch, the holiday's dates.
fn monitoring_items(p: &PlanInputs, plan: &mut Plan) {
    let m = p.monitoring;
    let today = p.today();
    let current = p.journey.drug;
    let mut review = Vec::new();
    for reading in &m.btm {
        if reading.verdict == Some(super::monitoring::BtmVerdict::NoResponse) && !review.contains(&reading.rule) {
            review.push(reading.rule);
        }
    }
    if m.failure.is_some() {
        review.push(MonFailure);
    } else if m.response == super::monitoring::Response::Inadequate && m.spine_or_hip_loss() {
        review.push(MonResponse);
    }
    if !review.is_empty() {
        let item = plan.now(Action::ReviewTreatment, &review);
        // The review is of why this drug is not working (reading 49's "no review item" is FU-BP-REVIEW's).
        plan.add(match current {
            Some(drug) => with_drug(item, drug),
            None => item,
        });
    }
    // From denosumab a failure is not a switch: continue it and refer.
    if m.failure.is_some() && p.journey.stage == Stage::OnDenosumab {
        plan.add(plan.now(Action::SpecialistReview, &[MonFailure]));
    }
    if let Some(h) = m.holiday.as_ref().filter(|h| h.ends.is_none()) {
        plan.add(with_drug(plan.on(Action::ReviewTreatment, h.review_on.max(today), &[MonHoliday]), h.drug));
    }
}

/// Work-up (WORK-*), the lab checks, vitamin D and calcium, and the values the plan asks to enter.
fn workup(p: &PlanInputs, plan: &mut Plan, doses: &Doses) {
    let facts = p.facts;
    let stage = p.journey.stage;
    let new_patient = matches!(stage, Stage::Naive | Stage::PreviouslyTreated);
    let category = p.diagnosis.category;
    let bone_low = matches!(category, Category::LowBoneMass | Category::Osteoporosis | Category::SevereOsteoporosis);
    let giop = p.has(RiskGiop);

    // WORK-VFA, DMAB-REBOUND: look for a silent or new vertebral fracture.
    let vertebral_known = facts.fractures.iter().any(|f| f.site == FractureSite::Vertebral);
    let mut imaging = Vec::new();
    if !vertebral_known && new_patient && (bone_low || giop) {
        imaging.push(WorkVfa);
    }
    // Readings 52 and 59: denosumab stopped more than 24 months ago — look for rebound fractures now, whatever the
    // DXA category (stages previously_treated and on_other).
    let window_closed = p.course.is_some_and(|c| c.rebound_window_closed(p.today()));
    if window_closed && matches!(stage, Stage::PreviouslyTreated | Stage::OnOther) && !imaging.contains(&WorkVfa) {
        imaging.push(WorkVfa);
    }
    if p.has(DmabRebound) {
        imaging.push(DmabRebound);
    }
    if !imaging.is_empty() {
        plan.add(plan.now(Action::VertebralImaging, &imaging));
    }

    // WORK-LABS: the secondary-cause screen, without what the case already gives; v3 also after a fracture on
    // treatment or a treatment failure, in any stage (a secondary cause before blaming the drug).
    let on_treatment_problem = p.has(RiskVhFxOnTx) || p.monitoring.failure.is_some();
    let oncology = stage == Stage::OnDenosumabOncology;
    if !oncology
        && ((new_patient && (p.risk.treatment_indicated || category == Category::LowBoneMass)) || on_treatment_problem)
    {
        let mut tests = Vec::new();
        let total = facts.total_calcium_mmol_l;
        let calcium_known = total.is_some_and(|ca| ca >= 2.20) || (total.is_some() && facts.albumin_g_l.is_some());
        if !calcium_known {
            tests.push(Test::AdjustedCalcium);
        }
        tests.extend([Test::Phosphate, Test::Alp, Test::Pth, Test::Tsh]);
        if !facts.creatinine_given && facts.egfr_ml_min.is_none() && !facts.conditions.dialysis {
            tests.push(Test::Creatinine);
        }
        if facts.vitamin_d_nmol_l.is_none() {
            tests.push(Test::VitaminD);
        }
        let adt = facts.has_cause(super::case::SecondaryCause::AndrogenDeprivation);
        if facts.sex == Sex::Male && !adt {
            tests.extend([Test::Testosterone, Test::Shbg, Test::Lh]);
        }
        let anabolic_preferred =
            p.treatment.options.iter().any(|o| o.drug.is_anabolic() && o.status == Status::Preferred);
        let vertebral_over_50 = vertebral_known && facts.age_years >= 50;
        if vertebral_over_50 || anabolic_preferred {
            tests.push(Test::Spep);
        }
        plan.add(with_tests(plan.now(Action::CheckLabs, &[WorkLabs]), &tests));
    }
    if calcium_needs_albumin(facts) {
        // The CKD-MBD work-up before a dose already asks for albumin: the reason joins it there.
        let before_dose =
            plan.items.iter_mut().find(|i| i.action == Action::CheckLabs && i.tests.contains(&Test::Albumin));
        match before_dose {
            Some(item) => item.rules.push(BaseCaAdj),
            None => plan.add(with_tests(plan.now(Action::CheckLabs, &[BaseCaAdj]), &[Test::Albumin])),
        }
    }
    if p.risk.treatment_indicated && facts.kidney_ml_min.is_none() {
        if facts.creatinine_given && facts.weight_kg.is_none() {
            plan.add(plan.now(Action::EnterWeight, &[CiRenalUnknown]));
        } else {
            plan.add(with_tests(plan.now(Action::CheckLabs, &[CiRenalUnknown]), &[Test::Creatinine]));
        }
    }

    if p.has(BaseVitdSevere) {
        let item = plan.now(Action::VitaminDLoading, &[BaseVitdSevere]);
        plan.add(with_dates(item, vec![add_months(p.today(), 3)]));
    } else if p.has(BaseVitdLow) {
        let item = plan.now(Action::VitaminDSupplement, &[BaseVitdLow]);
        plan.add(with_dates(item, vec![add_months(p.today(), 3)]));
    }
    // Low calcium held an option, or a dose or infusion in this plan: correct it first.
    if p.has(CiHypoca) || plan.items.iter().any(|i| i.rules.contains(&CiHypoca)) {
        // Reading 58: the tests to repeat before the drug (vitamin D when the case does not give it).
        let mut tests = vec![Test::AdjustedCalcium, Test::Magnesium];
        if facts.vitamin_d_nmol_l.is_none() {
            tests.push(Test::VitaminD);
        }
        plan.add(with_tests(plan.now(Action::CorrectCalcium, &[CiHypoca]), &tests));
    }
    // CI-DENTAL v3: on denosumab, invasive dental work mid-interval (last dose, or today's, + 3 months); never a
    // reason to delay or skip a dose. Otherwise finish the dental work before a start.
    let dental_planned = facts.conditions.invasive_dental_planned;
    if dental_planned && stage == Stage::OnDenosumab {
        let last = p.denosumab.and_then(|d| d.last_injection);
        let dosed_today = p.denosumab.is_some_and(|d| d.catch_up.is_some()) || doses.checked.contains(&p.today());
        let from = if dosed_today { Some(p.today()) } else { last };
        let on = from.map_or(p.today(), |d| add_months(d, 3));
        plan.add(plan.on(Action::DentalCheck, on, &[CiDental]));
    } else if p.treatment.options.iter().any(|o| o.rules.contains(&CiDental)) {
        plan.add(plan.now(Action::DentalCheck, &[CiDental]));
    }
    // DMAB-ONC: a dental check before the next dose (no field records one: always planned, reading 50).
    if oncology {
        match doses.next {
            Some(next) => plan.add(plan.by(Action::DentalCheck, next, &[WorkDental, DmabOnc])),
            None => plan.add(plan.now(Action::DentalCheck, &[WorkDental, DmabOnc])),
        }
    }
    // WORK-CV v3: a plan item only when romosozumab is the drug started.
    if p.start == Some(Drug::Romosozumab) {
        plan.add(plan.now(Action::AssessCvRisk, &[WorkCv]));
    }
    let frax_missing = facts.frax_mof_percent.is_none() && facts.frax_hip_percent.is_none();
    if facts.glucocorticoid_mg_per_day > 0.0 && facts.age_years >= 40 && frax_missing {
        plan.add(plan.now(Action::EnterFrax, &[RiskGcFrax]));
    }
    // Reading 51: a course of unknown length is asked for, never a silent "not indicated".
    let short_unknown = facts.glucocorticoid_mg_per_day >= 2.5
        && facts.glucocorticoid_months < 3.0
        && facts.glucocorticoid_planned_months.is_none();
    if short_unknown {
        plan.add(plan.now(Action::EnterPlannedCourse, &[RiskGiop]));
    }
    // DMAB-CA-CHECK v3: no calcium in the case and a denosumab dose due, planned or started: measure it by then.
    let calcium_unknown = facts.calcium_mmol_l.is_none() && !facts.conditions.hypocalcaemia;
    if calcium_unknown {
        if let Some(next) = doses.next {
            plan.add(with_tests(plan.by(Action::CheckLabs, next, &[DmabCaCheck]), &[Test::AdjustedCalcium]));
        }
    }
    if p.diagnosis.rules.contains(&DxOnTx) {
        plan.add(plan.now(Action::EnterPreTreatmentT, &[DxOnTx]));
    }
}

/// Follow-up: DXA, review, falls, specialist.
fn follow_up(p: &PlanInputs, plan: &mut Plan, start_on: Option<NaiveDate>) {
    let facts = p.facts;
    if let Some((date, rules)) = dxa_date(p, start_on) {
        let item = if p.diagnosis.rules.contains(&DxClinical) {
            plan.by(Action::Dxa, date, &rules)
        } else {
            plan.on(Action::Dxa, date, &rules)
        };
        plan.add(item);
    }
    if p.has(DmabReview) {
        plan.add(with_drug(plan.now(Action::ReviewTreatment, &[DmabReview]), Drug::Denosumab));
    }
    let hip_fracture = facts.fractures.iter().any(|f| f.site == FractureSite::Hip);
    if facts.falls_last_12_months >= 1 || facts.injurious_fall || hip_fracture {
        plan.add(plan.now(Action::FallsAssessment, &[FuFalls]));
    }
    let mut referral = Vec::new();
    if p.has(DmabNoExit) {
        referral.push(DmabNoExit);
    }
    if p.has(SeqDmabToPth) {
        referral.push(SeqDmabToPth);
    }
    if p.journey.stage == Stage::OnDenosumab && p.has(RiskVhFxOnTx) {
        referral.push(TxContinueDmab);
    }
    if !referral.is_empty() {
        plan.add(plan.now(Action::SpecialistReview, &referral));
    }
}

/// FU-DXA's date and the rules behind it, by its precedence: DX-CLINICAL's baseline, after an exit or repeat
/// infusion, after DMAB-REBOUND, after a start or a recent change, after a fracture on treatment or a failure,
/// glucocorticoids or a cancer treatment that removes sex hormones, a holiday, stable on treatment, not indicated.
/// The intervals that do not count from an event count from the last DXA (MON-DXA-DUE), now once past.
fn dxa_date(p: &PlanInputs, start_on: Option<NaiveDate>) -> Option<(NaiveDate, Vec<RuleId>)> {
    let today = p.today();
    let facts = p.facts;
    if p.diagnosis.rules.contains(&DxClinical) {
        return Some((add_days(today, 84), vec![FuDxa, DxClinical]));
    }
    let event = |date: NaiveDate| Some((date.max(today), vec![FuDxa]));
    let exit = p.denosumab.and_then(|d| d.exit_plan.as_ref());
    let repeat = if p.monitoring.exit_not_holding() { Some(today) } else { p.monitoring.repeat_given };
    let exit_infusion = repeat.or(exit.and_then(|e| e.given_on.or(e.give_on)));
    if let Some(date) = exit_infusion.map(|d| add_months(d, 12)) {
        if date >= today {
            return event(date);
        }
    }
    if p.has(DmabRebound) {
        return event(add_months(today, 12));
    }
    if let Some(start) = start_on.filter(|_| p.start.is_some()) {
        return event(add_months(start, 12));
    }
    if let Some(since) = p.journey.since.filter(|&s| s >= sub_months(today, 12)) {
        if p.journey.stage.is_on_treatment() {
            return event(add_months(since, 12));
        }
    }
    if p.has(RiskVhFxOnTx) && p.journey.stage.is_on_treatment() || p.monitoring.failure.is_some() {
        return event(add_months(today, 12));
    }
    let hormone_removed = facts.secondary_causes.iter().any(|c| c.removes_sex_hormones());
    let months = if p.has(RiskGiop) || hormone_removed {
        12
    } else if p.monitoring.on_holiday() || p.risk.treatment_indicated {
        24
    } else if facts.glucocorticoid_mg_per_day > 0.0 {
        12
    } else {
        24
    };
    // MON-DXA-DUE: from the date of the last DXA when the case gives it.
    let mut rules = vec![FuDxa];
    if facts.dxa_date != today {
        rules.push(MonDxaDue);
    }
    Some((add_months(facts.dxa_date, months).max(today), rules))
}

/// `avoid`: drugs the starting table offered that a CI rule now avoids, and the stage's own avoids.
fn avoid_items(p: &PlanInputs, plan: &mut Plan) {
    let mut options: Vec<&DrugOption> = p.treatment.options.iter().collect();
    crate::clinical::sorting::sort_by_key(&mut options, |o| o.drug);
    for o in options {
        if o.status != Status::Avoid {
            continue;
        }
        let offered = matches!(o.table_status, Status::Preferred | Status::Alternative);
        let stage_avoid =
            o.table_status == Status::Avoid && o.rules.iter().any(|r| matches!(r, TxContinueDmab | TxExitDmab | TxOnc));
        let avoid_rules: Vec<RuleId> = contraindications(p.facts, o.drug)
            .into_iter()
            .filter(|(r, s)| *s == Status::Avoid && o.rules.contains(r))
            .map(|(r, _)| r)
            .collect();
        let only_pending = !avoid_rules.is_empty() && avoid_rules.iter().all(|r| is_pending(*r));
        if stage_avoid || (offered && !only_pending && !avoid_rules.is_empty()) {
            let mut rules: Vec<RuleId> =
                o.rules.iter().copied().filter(|r| matches!(r, TxContinueDmab | TxExitDmab | TxOnc)).collect();
            rules.extend(avoid_rules.into_iter().filter(|r| !is_pending(*r)));
            plan.add(with_drug(plan.standing(Action::Avoid, &rules), o.drug));
        }
    }
}

/// Tidies each item (tests, dates and rules sorted, no repeats; no date before today) and sorts the plan
/// (PLAN-ORDER): danger items first, then now, by, on (earliest first), standing; then the action order.
fn finish(mut items: Vec<PlanItem>, danger: &[RuleId], today: NaiveDate) -> Vec<PlanItem> {
    for item in &mut items {
        crate::clinical::sorting::sort(&mut item.tests);
        item.tests.dedup();
        crate::clinical::sorting::sort(&mut item.dates);
        item.dates.dedup();
        item.dates.retain(|&d| d >= today);
        crate::clinical::sorting::sort(&mut item.rules);
        item.rules.dedup();
    }
    // PLAN-ORDER v3: the action order is work-up before treatment. An item is in the danger group by its rules
    // other than a pending mark it carries (reading 41): a start, dose or infusion that only waits for calcium
    // sorts by its own urgency, after the work-up that gates it; DMAB-CKD on a dose still makes it danger.
    let is_danger =
        |i: &PlanItem| i.rules.iter().any(|r| danger.contains(r) && !(i.action.gives_a_drug() && is_pending(*r)));
    let rank = |i: &PlanItem| i.action as u32;
    crate::clinical::sorting::sort_by(&mut items, |a, b| {
        is_danger(b)
            .cmp(&is_danger(a))
            .then_with(|| a.urgency.cmp(&b.urgency))
            .then_with(|| a.key_date().cmp(&b.key_date()))
            .then_with(|| rank(a).cmp(&rank(b)))
            .then_with(|| a.drug.cmp(&b.drug))
    });
    items
}
