//! Result lines that the screen and the printed sheet word the same way, so the two never drift apart.

use crate::clinical::denosumab::{DenosumabReport, DmabStatus};
use crate::clinical::diagnosis::{Diagnosis, DxPath};
use crate::clinical::plan::{Action, PlanItem, Urgency};
use crate::clinical::risk::Risk;
use crate::i18n::{Lang, Text};

/// "Lowest site: lumbar spine (L1–L4) · T-score -2.8".
/// On the clinical path (DX-CLINICAL) there is no DXA: the fracture made the diagnosis.
pub fn lowest_score(d: &Diagnosis, lang: Lang) -> String {
    let (Some(site), Some(value)) = (d.lowest_site, d.lowest_score) else {
        return match lang {
            Lang::En => "No DXA: diagnosed from the hip or vertebral fragility fracture".to_string(),
            Lang::Zh => "无DXA：依据髋部或椎体脆性骨折临床诊断".to_string(),
        };
    };
    let score = if d.path == DxPath::ZScore { Text::ZScore } else { Text::TScore };
    format!("{}{}{} · {} {:.1}", Text::LowestSite.get(lang), lang.colon(), site.label(lang), score.get(lang), value)
}

/// What the risk level rests on besides its rules: that drugs are indicated, OSTA, creatinine clearance.
/// Empty when there is nothing to add (the level "drug treatment not indicated" already says it).
pub fn risk_details(r: &Risk, lang: Lang) -> String {
    let mut parts = Vec::new();
    if r.treatment_indicated {
        parts.push(Text::TreatmentIndicated.get(lang).to_string());
    }
    if let Some(osta) = &r.osta {
        parts.push(format!("OSTA {:.1} ({})", osta.index, osta.band.label(lang)));
    }
    if let Some(crcl) = r.crcl_ml_min {
        parts.push(format!("{} {crcl:.0} mL/min", Text::Crcl.get(lang)));
    }
    parts.join(" · ")
}

/// "2026-11-27 (by 2026-12-25)", "by 2027-01-06", "today", or nothing for standing advice.
pub fn plan_when(item: &PlanItem, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let date = match (item.urgency, item.on, item.by) {
        (Urgency::Now, _, _) => Some(if zh { "今日".to_string() } else { "today".to_string() }),
        (Urgency::By, _, Some(by)) => Some(if zh { format!("{by}前") } else { format!("by {by}") }),
        (Urgency::On, Some(on), _) => Some(on.to_string()),
        _ => None,
    };
    // A series that starts on the item's own date says it once ("2026-12-08 · 2026-12-08" read twice).
    let series_starts_on_it = item.dates.first().is_some_and(|&first| Some(first) == item.on);
    let mut parts: Vec<String> = date.filter(|_| !series_starts_on_it).into_iter().collect();
    if let (Some(by), false) = (item.by, item.urgency == Urgency::By) {
        parts.push(if zh { format!("最迟{by}") } else { format!("at the latest {by}") });
    }
    if !item.dates.is_empty() {
        parts.push(item.dates.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(lang.list_separator()));
    }
    parts.join(" · ")
}

/// The action with its drug and tests: "Blood tests (phosphate, ALP)".
/// The drug is named unless the action's own name already says it ("Denosumab injection").
pub fn plan_line(item: &PlanItem, lang: Lang) -> String {
    let mut text = item.action.label(lang).to_string();
    let named_by_action = matches!(
        item.action,
        Action::GiveDenosumab | Action::NextInfusion | Action::FallbackDenosumab | Action::CheckCalciumAfterDose
    );
    if let Some(drug) = item.drug.filter(|_| !named_by_action) {
        text = format!("{text}{}{}", lang.colon(), drug.label(lang));
    }
    if !item.tests.is_empty() {
        let tests: Vec<&str> = item.tests.iter().map(|t| t.label(lang)).collect();
        text = lang.parenthesised(&text, &tests.join(lang.list_separator()));
    }
    text
}

/// The denosumab status in words. When stopping with an exit drug the status times the exit, not an injection
/// (DMAB-STATUS v2): "exit drug due", never "injection due".
pub fn dmab_status(d: &DenosumabReport, lang: Lang) -> &'static str {
    let exit_pending = d.exit_plan.as_ref().is_some_and(|e| e.drug.is_some() && e.given_on.is_none() && !e.restarted);
    match (exit_pending, d.status, lang) {
        (true, DmabStatus::NotDue, Lang::En) => "exit drug not yet due",
        (true, DmabStatus::NotDue, Lang::Zh) => "未到序贯用药时间",
        (true, DmabStatus::Due, Lang::En) => "exit drug due",
        (true, DmabStatus::Due, Lang::Zh) => "序贯用药到期",
        (_, status, _) => status.label(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::parse::parse_case;

    fn report(case: &str) -> crate::clinical::report::Report {
        crate::clinical::evaluate(&parse_case(case).unwrap().case).unwrap()
    }

    #[test]
    fn a_stopping_patient_reads_exit_drug_due_never_injection_due() {
        let case = |plan: &str| {
            format!(
                r#"{{"format":"osteoplan-case/2","assessed_on":"2026-11-22","patient":{{"sex":"female","age_years":68,"menopause":"postmenopausal"}},"dxa":[{{"site":"femoral_neck","t_score":-2.7}}],"labs":{{"egfr_ml_min":70}},"denosumab":{{"injections":["2025-12-01","2026-06-01"],"plan":"{plan}"}}}}"#
            )
        };
        let stopping = report(&case("stop"));
        let d = stopping.denosumab.as_ref().unwrap();
        assert_eq!(d.status, DmabStatus::Due);
        assert_eq!(dmab_status(d, Lang::En), "exit drug due");
        assert_eq!(dmab_status(d, Lang::Zh), "序贯用药到期");
        let continuing = report(&case("continue"));
        assert_eq!(dmab_status(continuing.denosumab.as_ref().unwrap(), Lang::En), DmabStatus::Due.label(Lang::En));
    }

    #[test]
    fn a_date_series_is_not_preceded_by_its_own_first_date() {
        let report = report(
            r#"{"format":"osteoplan-case/2","assessed_on":"2026-11-24","patient":{"sex":"female","age_years":76,"menopause":"postmenopausal","weight_kg":52},"dxa":[{"site":"lumbar_spine","t_score":-2.9}],"labs":{"egfr_ml_min":55,"creatinine_umol_l":88,"vitamin_d_nmol_l":48},"denosumab":{"injections":["2025-06-24","2025-12-24"]}}"#,
        );
        let when = |action: Action| plan_when(report.plan.iter().find(|i| i.action == action).unwrap(), Lang::En);
        assert_eq!(when(Action::CheckCalciumAfterDose), "2026-12-08");
        assert_eq!(when(Action::VitaminDSupplement), "today · 2027-02-24");
        assert_eq!(when(Action::GiveDenosumab), "today");
    }
}
