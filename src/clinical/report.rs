//! The report (`osteoplan-report/3`) and its alerts.

use chrono::NaiveDate;
use serde::Serialize;

use super::basic_care::BasicCare;
use super::case::Profile;
use super::denosumab::DenosumabReport;
use super::diagnosis::Diagnosis;
use super::journey::Journey;
use super::monitoring::Monitoring;
use super::plan::PlanItem;
use super::risk::Risk;
use super::rules::{RuleId, Severity};
use super::sequencing::Sequencing;
use super::treatment::Treatment;

pub const REPORT_FORMAT: &str = "osteoplan-report/3";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub format: &'static str,
    #[serde(serialize_with = "super::iso_date::one")]
    pub assessed_on: NaiveDate,
    pub profile: Profile,
    pub journey: Journey,
    pub diagnosis: Diagnosis,
    pub risk: Risk,
    pub basic_care: BasicCare,
    pub treatment: Treatment,
    pub sequencing: Sequencing,
    pub denosumab: Option<DenosumabReport>,
    /// v3: what earlier visits measured (§7b), in every report.
    pub monitoring: Monitoring,
    pub plan: Vec<PlanItem>,
    pub alerts: Vec<Alert>,
    /// Every rule that fired anywhere in the report, sorted by ID, no duplicates.
    pub rules_fired: Vec<RuleId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub rule: RuleId,
    pub severity: Severity,
}
