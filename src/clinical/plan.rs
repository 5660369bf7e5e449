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
use super::risk::{Risk, RiskLevel};
use super::rules::RuleId::{self, *};
use super::treatment::{contraindicated, contraindications, is_pending, DrugOption, Status, Treatment};

/// Plan actions, in the order of the rule book's table (the order within one urgency and date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    GiveDenosumab,
    GiveExitDrug,
    NextInfusion,
    FallbackDenosumab,
    StartTreatment,
    ContinueTreatment,
    BookFollowOn,
    VertebralImaging,
    CheckLabs,
    CheckCalciumAfterDose,
    CheckBtm,
    VitaminDLoading,
    VitaminDSupplement,
    CorrectCalcium,
    DentalCheck,
    AssessCvRisk,
    EnterFrax,
    EnterPreTreatmentT,
    EnterWeight,
    EnterInjectionDates,
    Dxa,
    ReviewTreatment,
    FallsAssessment,
    SpecialistReview,
    Avoid,
    BasicCare,
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
        (self.journey.stage == Stage::OnAnabolic).then(|| add_months(since, course_months(drug, self.facts.profile)))
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
    let dose_rules = |mut rules: Vec<RuleId>| {
        if ckd {
            rules.push(DmabCkd);
        }
        rules.extend(&dmab_pending);
        rules
    };
    let mut doses = Doses { checked: Vec::new(), next: None };

    // Denosumab doses: catch-up, the scheduled one, and dose 2 after a start.
    if let Some(d) = p.denosumab {
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
                // A dose recorded today is given today: its checks count from it (reading 21).
                if d.last_injection == Some(today) {
                    doses.checked.push(today);
                } else {
                    doses.checked.push(on);
                }
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
                if on > today {
                    plan.add(with_tests(
                        plan.by(Action::CheckLabs, on, &[course_rule]),
                        &[Test::Calcium, Test::Creatinine],
                    ));
                }
            }
        }
        let ctx: Vec<NaiveDate> = e.ctx_checks.iter().copied().filter(|&d| d >= today).collect();
        if let (Some(first), Some(drug)) = (ctx.first().copied(), e.drug) {
            let item = plan.on(Action::CheckBtm, first, &[DmabExitLong, DmabCtxDates]);
            plan.add(with_dates(with_tests(with_drug(item, drug), &[Test::Ctx]), ctx));
        }
        if let Some(given) = e.given_on {
            let ongoing_oral = p.course.and_then(|c| c.exit_given).is_some_and(|g| g.ongoing);
            if ongoing_oral {
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
        }
        plan.add(item);
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
        (Stage::OnAnabolic, Some(drug)) => {
            let ends = p.anabolic_course_end().unwrap_or(today);
            // The course is complete once its length has passed (TX-ON-ANABOLIC): follow on, do not continue.
            if !current_avoided && ends > today {
                plan.add(with_drug(plan.standing(Action::ContinueTreatment, &[TxOnAnabolic]), drug));
            }
            let on = if current_avoided { today } else { ends };
            plan.add(plan.on(Action::BookFollowOn, on, &[FuFollowOn]));
        }
        (Stage::OnBisphosphonate, Some(drug)) if p.has(TxOnBp) && !p.starts => {
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

    workup(p, &mut plan);
    follow_up(p, &mut plan, start_on);
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
            let recent_hip = facts
                .fragility_fractures()
                .filter(|f| f.site == FractureSite::Hip)
                .filter_map(|f| f.date)
                .filter(|&d| add_days(d, 90) > today)
                .max();
            if let Some(fracture) = recent_hip {
                on = on.max(add_days(fracture, 14));
                by = Some(add_days(fracture, 90));
                rules.push(TxVhHip);
            }
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
            if start > today {
                plan.add(with_tests(plan.by(Action::CheckLabs, start, &rules), &[Test::Calcium, Test::Creatinine]));
            }
        }
        _ => {}
    }
    if drug.is_anabolic() {
        plan.add(plan.on(Action::BookFollowOn, add_months(start, course_months(drug, facts.profile)), &[FuFollowOn]));
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
        if date > p.today() {
            plan.add(with_tests(plan.by(Action::CheckLabs, date, rules), &[Test::Calcium, Test::Creatinine]));
        }
    }
    let mut rules = rules.to_vec();
    rules.extend(pending_rules(p.facts, Drug::ZoledronicAcid));
    let item = plan.on(Action::NextInfusion, first, &rules);
    plan.add(with_dates(with_drug(item, Drug::ZoledronicAcid), dates));
}

/// FU-BP-REVIEW for the current bisphosphonate, and its next yearly infusions.
fn bisphosphonate_review(p: &PlanInputs, plan: &mut Plan, drug: Drug) {
    let facts = p.facts;
    let today = p.today();
    let since = p.journey.since.unwrap_or(today);
    let oral_days: i64 = facts
        .history
        .iter()
        .filter(|h| h.drug.is_oral_bisphosphonate())
        .map(|h| (h.end.unwrap_or(today) - h.start).num_days())
        .sum();
    let infusions: Vec<NaiveDate> =
        facts.history.iter().filter(|h| h.drug == Drug::ZoledronicAcid && h.start >= since).map(|h| h.start).collect();
    let review_now = oral_days >= 1826 || infusions.len() >= 3;
    let hip_t_low = super::diagnosis::lowest_hip_t(facts).is_some_and(|t| t <= -2.5);
    let keep_going = hip_t_low || facts.has_fragility_fracture() || p.risk.level == RiskLevel::VeryHigh;
    if review_now {
        plan.add(with_drug(plan.now(Action::ReviewTreatment, &[FuBpReview]), drug));
    } else {
        let years = if drug == Drug::ZoledronicAcid { 3 } else { 5 };
        plan.add(with_drug(plan.on(Action::ReviewTreatment, add_months(since, 12 * years), &[FuBpReview]), drug));
    }
    if drug == Drug::ZoledronicAcid {
        let max: usize = if infusions.len() >= 3 && keep_going { 6 } else { 3 };
        let remaining = max.saturating_sub(infusions.len()) as u32;
        if let Some(&last) = infusions.iter().max() {
            next_infusions(p, plan, add_months(last, 12), remaining, &[TxOnBp]);
        }
    }
}

/// Work-up (WORK-*), the lab checks, vitamin D and calcium, and the values the plan asks to enter.
fn workup(p: &PlanInputs, plan: &mut Plan) {
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
    if p.has(DmabRebound) {
        imaging.push(DmabRebound);
    }
    if !imaging.is_empty() {
        plan.add(plan.now(Action::VertebralImaging, &imaging));
    }

    // WORK-LABS: the secondary-cause screen, without what the case already gives.
    if new_patient && (p.risk.treatment_indicated || category == Category::LowBoneMass) {
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
        if facts.sex == Sex::Male {
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
        plan.add(plan.now(Action::CorrectCalcium, &[CiHypoca]));
    }
    if p.treatment.options.iter().any(|o| o.rules.contains(&CiDental)) {
        plan.add(plan.now(Action::DentalCheck, &[CiDental]));
    }
    let course_done =
        p.journey.drug == Some(Drug::Romosozumab) && p.anabolic_course_end().is_some_and(|ends| ends <= p.today());
    let romosozumab_offered = !course_done
        && p.option(Drug::Romosozumab).is_some_and(|o| matches!(o.status, Status::Preferred | Status::Alternative));
    if romosozumab_offered {
        plan.add(plan.now(Action::AssessCvRisk, &[WorkCv]));
    }
    let frax_missing = facts.frax_mof_percent.is_none() && facts.frax_hip_percent.is_none();
    if facts.glucocorticoid_mg_per_day > 0.0 && facts.age_years >= 40 && frax_missing {
        plan.add(plan.now(Action::EnterFrax, &[RiskGcFrax]));
    }
    if p.diagnosis.rules.contains(&DxOnTx) {
        plan.add(plan.now(Action::EnterPreTreatmentT, &[DxOnTx]));
    }
}

/// Follow-up: DXA, review, falls, specialist.
fn follow_up(p: &PlanInputs, plan: &mut Plan, start_on: Option<NaiveDate>) {
    let facts = p.facts;
    if let Some(date) = dxa_date(p, start_on) {
        let item = if p.diagnosis.rules.contains(&DxClinical) {
            plan.by(Action::Dxa, date, &[FuDxa, DxClinical])
        } else {
            plan.on(Action::Dxa, date, &[FuDxa])
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

/// FU-DXA's date, by its precedence: DX-CLINICAL's baseline, after an exit infusion, after DMAB-REBOUND, after a
/// start or a recent change, GIOP, stable on treatment, not indicated.
fn dxa_date(p: &PlanInputs, start_on: Option<NaiveDate>) -> Option<NaiveDate> {
    let today = p.today();
    let facts = p.facts;
    if p.diagnosis.rules.contains(&DxClinical) {
        return Some(add_days(today, 84));
    }
    let exit = p.denosumab.and_then(|d| d.exit_plan.as_ref());
    if let Some(date) = exit.and_then(|e| e.given_on.or(e.give_on)).map(|d| add_months(d, 12)) {
        if date >= today {
            return Some(date);
        }
    }
    if p.has(DmabRebound) {
        return Some(add_months(today, 12));
    }
    if let Some(start) = start_on.filter(|_| p.start.is_some()) {
        return Some(add_months(start, 12));
    }
    if let Some(since) = p.journey.since.filter(|&s| s >= sub_months(today, 12)) {
        if p.journey.stage.is_on_treatment() {
            return Some(add_months(since, 12).max(today));
        }
    }
    if p.has(RiskGiop) {
        return Some(add_months(today, 12));
    }
    if p.risk.treatment_indicated {
        return Some(add_months(today, 24));
    }
    let months = if facts.glucocorticoid_mg_per_day > 0.0 { 12 } else { 24 };
    Some(add_months(today, months))
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
            o.table_status == Status::Avoid && o.rules.iter().any(|r| matches!(r, TxContinueDmab | TxExitDmab));
        let avoid_rules: Vec<RuleId> = contraindications(p.facts, o.drug)
            .into_iter()
            .filter(|(r, s)| *s == Status::Avoid && o.rules.contains(r))
            .map(|(r, _)| r)
            .collect();
        let only_pending = !avoid_rules.is_empty() && avoid_rules.iter().all(|r| is_pending(*r));
        if stage_avoid || (offered && !only_pending && !avoid_rules.is_empty()) {
            let mut rules: Vec<RuleId> =
                o.rules.iter().copied().filter(|r| matches!(r, TxContinueDmab | TxExitDmab)).collect();
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
    // The table's action order, with two moves: the CKD-MBD work-up comes before the dose it is for (reading 23),
    // and a dose, infusion or start that waits for a pending value comes after the action that clears it
    // (correct_calcium, check_labs, enter_weight; reading 19).
    let rank = |i: &PlanItem| -> u32 {
        let gives = matches!(
            i.action,
            Action::GiveDenosumab | Action::GiveExitDrug | Action::NextInfusion | Action::StartTreatment
        );
        if i.action == Action::CheckLabs && i.rules.contains(&DmabCkd) {
            0
        } else if gives && i.rules.iter().any(|r| is_pending(*r)) {
            Action::EnterWeight as u32 * 2 + 2
        } else {
            i.action as u32 * 2 + 1
        }
    };
    let is_danger = |i: &PlanItem| i.rules.iter().any(|r| danger.contains(r));
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
