//! The clinical engine: pure Rust, no UI, no clock, no I/O. The UI, the command line and the browser API all
//! call `evaluate` (or `evaluate_json`, its text form).

pub mod basic_care;
pub mod case;
pub mod dates;
pub mod denosumab;
pub mod diagnosis;
pub mod errors;
pub mod facts;
pub mod iso_date;
pub mod journey;
pub mod kidney;
pub mod monitoring;
pub mod parse;
pub mod plan;
pub mod report;
pub mod risk;
pub mod round;
pub mod rules;
pub mod sequencing;
pub mod sorting;
pub mod treatment;
pub mod units;
pub mod validate;

use case::{Case, Drug, Plan};
use errors::{ErrorDocument, InputError};
use journey::Stage;
use report::{Alert, Report, REPORT_FORMAT};
use rules::{RuleId, Severity};
use treatment::Status;

/// Evaluates one case. Errors list every problem found, each with its path and code.
pub fn evaluate(case: &Case) -> Result<Report, Vec<InputError>> {
    let facts = validate::validate(case)?;
    let course = journey::dmab_course(&facts);
    let journey = journey::journey(&facts, course.as_ref());
    let stage = journey.stage;
    let on_treatment_test = |f: &facts::FractureFact| risk::fracture_on_treatment(&facts, f);
    let monitoring = monitoring::monitoring(&monitoring::MonitoringInputs {
        facts: &facts,
        journey: &journey,
        course: course.as_ref(),
        on_treatment: &on_treatment_test,
    });
    let diagnosis = diagnosis::diagnose(&facts, stage);
    let follow_up_risk = risk::FollowUpRisk {
        spine_or_hip_loss: monitoring.spine_or_hip_loss(),
        on_holiday: monitoring.on_holiday(),
        holiday_ended: monitoring.holiday_ended(),
    };
    let risk = risk::assess(&facts, &diagnosis, stage, follow_up_risk);
    let basic_care = basic_care::basic_care(&facts);

    let stopping = course.as_ref().filter(|c| c.is_stopping());
    let ctx = treatment::TxContext {
        facts: &facts,
        level: risk.level,
        journey: &journey,
        frax: risk::frax_used(&facts),
        lowest_t: diagnosis.lowest_t,
        giop: risk.rules.contains(&RuleId::RiskGiop),
        giop_stratum: risk.giop_stratum,
        failure: monitoring.failure.is_some(),
        fracture_on_treatment: facts.fractures.iter().any(|f| risk::fracture_on_treatment(&facts, f)),
        current_contraindicated: journey.drug.is_some_and(|d| treatment::contraindicated(&facts, d)),
        exit_drug: stopping.and_then(|c| denosumab::exit_drug(&facts, c)),
    };
    let mut treatment = treatment::treatment(&ctx);
    let starts = risk.treatment_indicated
        && (stage.starts_from_risk_table()
            || stage == Stage::AfterAnabolic
            || (matches!(stage, Stage::OnBisphosphonate | Stage::OnAnabolic)
                && ctx.table() == treatment::Table::ByRisk));
    let chosen = if starts { treatment::start_drug(&ctx) } else { None };
    let start = chosen.map(|(drug, _)| drug);
    if chosen.is_some_and(|(_, none_preferred)| none_preferred) {
        treatment.rules.push(RuleId::TxNonePreferred);
    }
    let sequencing = sequencing::sequencing(&facts, stage);
    let exit_inputs =
        denosumab::ExitInputs { level: risk.level, fragility_fracture: facts.has_fragility_fracture(), stage };
    let mut denosumab = denosumab::denosumab(&facts, course.as_ref(), &exit_inputs);

    // Rules that depend on denosumab being given or planned (DMAB-CKD, DMAB-CA-PREDISPOSED, DMAB-NO-EXIT).
    // Offered to start: `preferred` or `alternative` once the pending marks are cleared (reading 1).
    let dmab_offered = !matches!(stage, Stage::OnDenosumab | Stage::StoppingDenosumab)
        && risk.treatment_indicated
        && matches!(treatment::option_for(&ctx, Drug::Denosumab, true).status, Status::Preferred | Status::Alternative);
    let dmab_rules =
        denosumab_planned_rules(&facts, &journey, course.as_ref(), denosumab.as_ref(), dmab_offered, start);
    match denosumab.as_mut() {
        Some(d) => d.rules.extend(&dmab_rules),
        None => {
            if let Some(o) = treatment.options.iter_mut().find(|o| o.drug == Drug::Denosumab) {
                o.rules.extend(dmab_rules.iter().filter(|r| **r != RuleId::DmabCaPredisposed));
            }
        }
    }
    let evidence: Vec<RuleId> = evidence_rules(&facts);

    let mut fired: Vec<RuleId> = diagnosis.rules.iter().chain(&risk.rules).chain(&basic_care.rules).copied().collect();
    fired.extend(treatment.rules.iter().chain(treatment.options.iter().flat_map(|o| &o.rules)));
    fired.extend(&sequencing.rules);
    if let Some(d) = &denosumab {
        fired.extend(d.rules.iter().chain(d.exit_plan.iter().flat_map(|e| &e.rules)));
    }
    fired.extend(dmab_rules.iter().copied());
    fired.extend(&evidence);
    fired.extend(&monitoring.rules);

    let rebound = fired.contains(&RuleId::DmabRebound);
    let hypoca_danger = dmab_given_or_planned(&journey, course.as_ref(), denosumab.as_ref(), start)
        || calcium_drug_planned(&journey, denosumab.as_ref(), ctx.table(), start, &monitoring);
    let oncology_combo = sequencing::oncology_combination(&facts);
    // Reading 51's `enter_planned_course` names RISK-GIOP while the rule does not hold: no GIOP warning then.
    let giop_holds = risk.rules.contains(&RuleId::RiskGiop);
    let severity = |rule: RuleId| {
        if rule == RuleId::RiskGiop && !giop_holds {
            return Severity::Note;
        }
        alert_severity(rule, &facts, &journey, denosumab.as_ref(), &monitoring, hypoca_danger, rebound, oncology_combo)
    };
    // The rules that can be a danger, whether or not a section has fired them yet (the plan may be the first to
    // carry one, e.g. low calcium on a denosumab dose when no option is listed).
    let danger: Vec<RuleId> =
        [RuleId::DmabRebound, RuleId::DmabExitRestart, RuleId::DmabCkd, RuleId::CiHypoca, RuleId::SeqNoCombo]
            .into_iter()
            .filter(|&r| severity(r) == Severity::Danger)
            .collect();
    let plan = plan::plan(&plan::PlanInputs {
        facts: &facts,
        diagnosis: &diagnosis,
        risk: &risk,
        journey: &journey,
        treatment: &treatment,
        course: course.as_ref(),
        denosumab: denosumab.as_ref(),
        monitoring: &monitoring,
        table: ctx.table(),
        failure_switch: monitoring.failure.is_some(),
        oncology_combo,
        start,
        starts,
        fired: &fired,
        danger: &danger,
    });
    fired.extend(plan.iter().flat_map(|i| &i.rules));
    let fired = rules::sorted_by_code(&fired);

    let mut alerts: Vec<Alert> = fired
        .iter()
        .map(|&rule| Alert { rule, severity: severity(rule) })
        .filter(|a| a.severity > Severity::Note)
        .collect();
    crate::clinical::sorting::sort_by(&mut alerts, |a, b| {
        b.severity.cmp(&a.severity).then_with(|| RuleId::by_code(&a.rule, &b.rule))
    });
    Ok(Report {
        format: REPORT_FORMAT,
        assessed_on: facts.assessed_on,
        profile: facts.profile,
        journey,
        diagnosis,
        risk,
        basic_care,
        treatment,
        sequencing,
        denosumab,
        monitoring,
        plan,
        alerts,
        rules_fired: fired,
    })
}

/// Denosumab is given or planned: continuing, stopping with no exit drug, a block that continues, today's
/// catch-up, or (any other stage) started by the plan.
fn dmab_given_or_planned(
    journey: &journey::Journey,
    course: Option<&journey::DmabCourse>,
    dmab: Option<&denosumab::DenosumabReport>,
    start: Option<Drug>,
) -> bool {
    journey.stage == Stage::OnDenosumab
        || dmab.is_some_and(|d| d.catch_up.is_some() || (d.exit_plan.is_some() && d.continues()))
        || course.is_some_and(|c| c.plan == Plan::Continue && (c.is_osteoporosis() || !c.injections.is_empty()))
        || start == Some(Drug::Denosumab)
}

/// A drug CI-HYPOCA marks (v3: every bisphosphonate, romosozumab) still to be given: a start, an exit drug not yet
/// given, a repeat infusion, a current bisphosphonate that continues, or a romosozumab course under way.
fn calcium_drug_planned(
    journey: &journey::Journey,
    dmab: Option<&denosumab::DenosumabReport>,
    table: treatment::Table,
    start: Option<Drug>,
    monitoring: &monitoring::Monitoring,
) -> bool {
    let exit_planned =
        dmab.and_then(|d| d.exit_plan.as_ref()).is_some_and(|e| e.drug.is_some() && e.given_on.is_none());
    let current = |stage: Stage| journey.stage == stage && journey.drug.is_some();
    exit_planned
        || monitoring.exit_not_holding()
        || start.is_some_and(|d| d.is_bisphosphonate() || d == Drug::Romosozumab)
        || (current(Stage::OnBisphosphonate) && table == treatment::Table::OnBisphosphonate)
        || (current(Stage::OnAnabolic) && journey.drug == Some(Drug::Romosozumab))
}

/// DMAB-CKD (v2), DMAB-CA-PREDISPOSED and DMAB-NO-EXIT.
fn denosumab_planned_rules(
    facts: &facts::Facts,
    journey: &journey::Journey,
    course: Option<&journey::DmabCourse>,
    dmab: Option<&denosumab::DenosumabReport>,
    offered: bool,
    start: Option<Drug>,
) -> Vec<RuleId> {
    let planned = dmab_given_or_planned(journey, course, dmab, start);
    let oncology = course.is_some_and(|c| !c.is_osteoporosis());
    let mut rules = Vec::new();
    if facts.kidney_below(30.0) && (planned || offered) {
        rules.push(RuleId::DmabCkd);
    }
    // v3: the label's list — malabsorption, hypoparathyroidism, thyroid or parathyroid surgery.
    let malabsorption = [
        case::SecondaryCause::GiMalabsorption,
        case::SecondaryCause::Hypoparathyroidism,
        case::SecondaryCause::NeckSurgery,
    ]
    .iter()
    .any(|&c| facts.has_cause(c));
    let kidney_30_59 = facts.kidney_ml_min.is_some_and(|k| (30.0..60.0).contains(&k));
    let dose_planned = planned && dmab.is_none_or(|d| d.catch_up.is_some() || d.continues());
    if (kidney_30_59 || malabsorption) && dose_planned {
        rules.push(RuleId::DmabCaPredisposed);
    }
    let no_exit = treatment::EXIT_DRUGS.iter().all(|&d| treatment::contraindicated(facts, d));
    if no_exit && !oncology && (journey.stage == Stage::OnDenosumab || start == Some(Drug::Denosumab)) {
        rules.push(RuleId::DmabNoExit);
    }
    rules
}

/// EVID-NONUNION: information, only with a non-union.
fn evidence_rules(facts: &facts::Facts) -> Vec<RuleId> {
    if facts.fractures.iter().any(|f| f.nonunion) {
        vec![RuleId::EvidNonunion]
    } else {
        Vec::new()
    }
}

/// The alert severity of a fired rule for this case (§8 "Alerts", v3); `Note` means not an alert.
#[allow(clippy::too_many_arguments)]
fn alert_severity(
    rule: RuleId,
    facts: &facts::Facts,
    journey: &journey::Journey,
    dmab: Option<&denosumab::DenosumabReport>,
    monitoring: &monitoring::Monitoring,
    hypoca_danger: bool,
    rebound: bool,
    oncology_combo: bool,
) -> Severity {
    use RuleId::*;
    let stage = journey.stage;
    let warning_if = |holds: bool| if holds { Severity::Warning } else { Severity::Note };
    match rule {
        DmabRebound | DmabExitRestart | DmabCkd => Severity::Danger,
        CiHypoca if hypoca_danger => Severity::Danger,
        CiHypoca => Severity::Warning,
        SeqNoCombo if oncology_combo => Severity::Danger,
        MonBtmOral | MonBtmAnabolic => warning_if(
            monitoring.btm.iter().any(|b| b.rule == rule && b.verdict == Some(monitoring::BtmVerdict::NoResponse)),
        ),
        MonResponse => warning_if(monitoring.response == monitoring::Response::Inadequate),
        MonFailure | MonExitBmd => Severity::Warning,
        MonExitCtx => warning_if(monitoring.exit_ctx.as_ref().is_some_and(|e| e.above)),
        MonHoliday => warning_if(monitoring.holiday_ended()),
        DmabMissed if rebound => Severity::Note,
        DmabExitTiming => {
            let passed = dmab.and_then(|d| d.exit_plan.as_ref()).is_some_and(|e| e.transition_on < facts.assessed_on);
            if passed {
                Severity::Warning
            } else {
                Severity::Note
            }
        }
        DmabMissed | DmabExitBlocked | DmabNoExit | BaseVitdSevere | SeqNoCombo | SeqDmabToPth | SeqAnabolicFirst => {
            Severity::Warning
        }
        RiskVhRecentFx
            if matches!(stage, Stage::Naive | Stage::PreviouslyTreated | Stage::OnOther | Stage::AfterAnabolic) =>
        {
            Severity::Warning
        }
        RiskGiop if stage == Stage::Naive && dmab.is_none_or(|d| d.injections_count == 0) => Severity::Warning,
        DmabFxHealing | SeqFromBp | EvidNonunion => Severity::Info,
        _ => Severity::Note,
    }
}

/// The text entry point shared by the command line and the browser: a case document in, a report or an error
/// document out, as JSON. `Ok` holds a report, `Err` an error document.
pub fn evaluate_json(text: &str) -> Result<String, String> {
    let result = parse::parse_case(text).and_then(|parsed| match evaluate(&parsed.case) {
        Ok(report) if parsed.unknown_fields.is_empty() => Ok(report),
        Ok(_) => Err(parsed.unknown_fields),
        Err(mut errors) => {
            errors.splice(0..0, parsed.unknown_fields);
            Err(errors)
        }
    });
    match result {
        Ok(report) => Ok(to_json(&report)),
        Err(errors) => Err(to_json(&ErrorDocument::new(errors))),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // These plain structs always serialize; the fallback only keeps the promise never to panic.
    serde_json::to_string(value).unwrap_or_else(|_| {
        r#"{"format":"osteoplan-errors/1","errors":[{"path":"","code":"malformed","message":"internal error"}]}"#
            .to_string()
    })
}
