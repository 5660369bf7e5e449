//! The clinical engine: pure Rust, no UI, no clock, no I/O. The UI, the command line and the browser API all
//! call `evaluate` (or `evaluate_json`, its text form).

pub mod basic_care;
pub mod calendar;
pub mod case;
pub mod dates;
pub mod denosumab;
pub mod diagnosis;
pub mod errors;
pub mod facts;
pub mod kidney;
pub mod names;
pub mod parse;
pub mod report;
pub mod risk;
mod round;
pub mod rules;
pub mod sequencing;
pub mod small_sort;
pub mod treatment;
pub mod units;
pub mod validate;

use case::Case;
use errors::{ErrorDocument, InputError};
use report::{Alert, Report, REPORT_FORMAT};
use rules::{RuleId, Severity};
use small_sort::sort_small_by;

/// Evaluates one case. Errors list every problem found, each with its path and code.
pub fn evaluate(case: &Case) -> Result<Report, Vec<InputError>> {
    let facts = validate::validate(case)?;
    let diagnosis = diagnosis::diagnose(&facts);
    let risk = risk::assess(&facts, &diagnosis);
    let basic_care = basic_care::basic_care(&facts);
    let treatment = treatment::treatment(&facts, risk.level);
    let sequencing = sequencing::sequencing(&facts);
    let denosumab = denosumab::denosumab(&facts, risk.level);
    let evidence: Vec<RuleId> = evidence_rules(&facts);

    let mut fired: Vec<RuleId> = diagnosis.rules.iter().chain(&risk.rules).chain(&basic_care.rules).copied().collect();
    fired.extend(treatment.rules.iter().chain(treatment.options.iter().flat_map(|o| &o.rules)));
    fired.extend(&sequencing.rules);
    if let Some(d) = &denosumab {
        fired.extend(d.rules.iter().chain(d.exit_plan.iter().flat_map(|e| &e.rules)));
    }
    fired.extend(&evidence);
    sort_small_by(&mut fired, RuleId::by_code);
    fired.dedup();

    let alerts = alerts(&fired, denosumab::ckd_is_severe(&facts));
    Ok(Report {
        format: REPORT_FORMAT,
        assessed_on: facts.assessed_on,
        profile: facts.profile,
        diagnosis,
        risk,
        basic_care,
        treatment,
        sequencing,
        denosumab,
        alerts,
        rules_fired: fired,
    })
}

/// EVID-NONUNION: a non-union, or a hip fracture in the last 24 months.
fn evidence_rules(facts: &facts::Facts) -> Vec<RuleId> {
    let holds = facts.fractures.iter().any(|f| {
        f.nonunion || (f.site == case::FractureSite::Hip && dates::within_months(f.date, facts.assessed_on, 24))
    });
    if holds {
        vec![RuleId::EvidNonunion]
    } else {
        Vec::new()
    }
}

/// Alerts: every fired rule whose catalogue severity is above `Note`, most severe first. DMAB-CKD is a warning
/// at 30–59 mL/min; DMAB-REBOUND already says what DMAB-MISSED would, so it replaces it.
fn alerts(fired: &[RuleId], ckd_severe: bool) -> Vec<Alert> {
    let mut alerts: Vec<Alert> = fired
        .iter()
        .filter(|&&rule| !(rule == RuleId::DmabMissed && fired.contains(&RuleId::DmabRebound)))
        .map(|&rule| {
            let severity = match rule {
                RuleId::DmabCkd if !ckd_severe => Severity::Warning,
                _ => rule.rule().severity,
            };
            Alert { rule, severity }
        })
        .filter(|a| a.severity > Severity::Note)
        .collect();
    sort_small_by(&mut alerts, |a, b| b.severity.cmp(&a.severity).then_with(|| RuleId::by_code(&a.rule, &b.rule)));
    alerts
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
