//! The sheet for the patient to take home, in plain words: the medicine and why, the next dates to tick, what never
//! to do, what to report, calcium and vitamin D, and who to call. No rule codes and no clinical shorthand; every
//! sentence is in `words::patient_texts` for a clinician to read and sign. `render::patient` prints it.

use chrono::NaiveDate;

use crate::clinical::case::{Case, Drug, Regimen};
use crate::clinical::journey::Stage;
use crate::clinical::plan::{Action, Test, Urgency};
use crate::clinical::report::Report;
use crate::clinical::sorting::sort_by_key;
use crate::words::i18n::Lang;
use crate::words::patient_texts::PatientText;
use crate::words::rule_text::fill;

pub struct PatientSheet {
    /// The patient's name (if entered) and the date of the visit.
    pub who: String,
    pub medicine: Vec<String>,
    /// (what, when) rows of the table to tick.
    pub dates: Vec<(String, String)>,
    pub never: Vec<String>,
    pub tell: Vec<String>,
    pub calcium: Vec<String>,
    pub clinic: String,
}

/// `template` with `{name}` values.
fn with(template: PatientText, lang: Lang, values: &[(&str, &str)]) -> String {
    fill(template.get(lang), |name| values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v))
}

/// The sheet for the patient of `case`, from its report, in `lang`; `clinic` is the clinic's header line.
pub fn patient_sheet(case: &Case, report: &Report, lang: Lang, clinic: &str) -> PatientSheet {
    let today = report.assessed_on.to_string();
    let who = match case.patient.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => format!("{name} · {today}"),
        None => today.clone(),
    };
    let stage = report.journey.stage;
    let dmab = report.denosumab.as_ref();
    let on_dmab = matches!(stage, Stage::OnDenosumab | Stage::OnDenosumabOncology)
        || dmab.is_some_and(|d| d.continues() && d.injections_count > 0);
    let stopping = stage == Stage::StoppingDenosumab && !on_dmab;
    let exit_given_on = dmab.and_then(|d| d.exit_plan.as_ref()).and_then(|e| e.given_on);
    // The drugs this patient takes from now on: the current one (unless it stops) and any the plan starts.
    let mut drugs: Vec<Drug> = Vec::new();
    if on_dmab {
        drugs.push(Drug::Denosumab);
    } else if let Some(d) = report.journey.drug.filter(|_| stage.is_on_treatment() && !stopping) {
        if !report.plan.iter().any(|i| i.action == Action::StopTreatment) {
            drugs.push(d);
        }
    }
    for item in &report.plan {
        if matches!(
            item.action,
            Action::StartTreatment | Action::GiveExitDrug | Action::BookFollowOn | Action::FallbackDenosumab
        ) {
            if let Some(d) = item.drug.filter(|d| !drugs.contains(d)) {
                drugs.push(d);
            }
        }
    }

    let mut medicine = Vec::new();
    if stopping {
        let exit = dmab.and_then(|d| d.exit_plan.as_ref()).and_then(|e| e.drug).unwrap_or(Drug::ZoledronicAcid);
        // Clinician's read: once the exit drug is given, the sheet must not send the patient for it again.
        match exit_given_on {
            Some(on) => medicine.push(with(
                PatientText::Stopped,
                lang,
                &[("drug", exit.label(lang)), ("date", &on.to_string())],
            )),
            None => medicine.push(with(PatientText::Stopping, lang, &[("drug", exit.label(lang))])),
        }
    }
    // A drug the plan stops (a switch): said first, so that two are never taken together.
    for item in report.plan.iter().filter(|i| i.action == Action::StopTreatment) {
        if let Some(d) = item.drug.filter(|d| !drugs.contains(d)) {
            medicine.push(with(PatientText::StopOld, lang, &[("drug", d.label(lang))]));
        }
    }
    if drugs.is_empty() && !stopping {
        medicine.push(PatientText::NoDrug.get(lang).into());
    }
    for &drug in &drugs {
        medicine.push(with(PatientText::Drug, lang, &[("drug", drug.label(lang))]));
        let how = match drug {
            Drug::Denosumab if case.denosumab.as_ref().is_some_and(|d| d.regimen == Regimen::Oncology120mgQ4w) => {
                PatientText::HowDenosumabOncology
            }
            Drug::Denosumab => PatientText::HowDenosumab,
            Drug::Alendronate | Drug::Risedronate => PatientText::HowTablet,
            Drug::ZoledronicAcid => PatientText::HowInfusion,
            _ => PatientText::HowOther,
        };
        medicine.push(how.get(lang).into());
    }
    if !drugs.is_empty() || stopping {
        medicine.push(PatientText::Why.get(lang).into());
    }

    let mut rows: Vec<(NaiveDate, String, String)> = Vec::new();
    for item in &report.plan {
        let what: String = match item.action {
            Action::GiveDenosumab => PatientText::RowDose.get(lang).into(),
            Action::GiveExitDrug | Action::RepeatInfusion | Action::NextInfusion | Action::StartTreatment => {
                match item.drug {
                    Some(Drug::ZoledronicAcid) => {
                        with(PatientText::RowDrip, lang, &[("drug", Drug::ZoledronicAcid.label(lang))])
                    }
                    Some(d) => with(PatientText::RowStart, lang, &[("drug", d.label(lang))]),
                    None => continue,
                }
            }
            Action::CheckBtm if item.tests.contains(&Test::Ctx) => PatientText::RowCtx.get(lang).into(),
            Action::CheckBtm | Action::CheckLabs | Action::CheckCalciumAfterDose => {
                PatientText::RowBlood.get(lang).into()
            }
            Action::Dxa => PatientText::RowDxa.get(lang).into(),
            // A review or a dental check today is this visit's business, not a date to keep.
            Action::ReviewTreatment | Action::DentalCheck if item.urgency == Urgency::Now => continue,
            Action::ReviewTreatment => PatientText::RowReview.get(lang).into(),
            Action::DentalCheck => PatientText::RowDental.get(lang).into(),
            _ => continue,
        };
        let on: Vec<NaiveDate> =
            if item.dates.is_empty() { item.on.or(item.by).into_iter().collect() } else { item.dates.clone() };
        for date in on {
            let d = date.to_string();
            let when = if date == report.assessed_on {
                with(PatientText::Today, lang, &[("date", &d)])
            } else if item.action == Action::GiveDenosumab && item.by.is_some() {
                // The next dose's window: 4 weeks either side of the due date (DMAB-NEXT).
                let window = dmab
                    .and_then(|x| x.catch_up.as_ref().map(|c| c.window).or(x.window))
                    .filter(|w| w[0] <= date && date <= w[1]);
                match window {
                    Some([open, close]) => with(
                        PatientText::Window,
                        lang,
                        &[("date", &d), ("open", &open.to_string()), ("close", &close.to_string())],
                    ),
                    None => d.clone(),
                }
            } else if item.urgency == Urgency::By {
                with(PatientText::By, lang, &[("date", &d)])
            } else {
                d.clone()
            };
            if !rows.iter().any(|(_, w, d)| *w == what && *d == when) {
                rows.push((date, super::capitalised(&what, lang), when));
            }
        }
    }
    // The nearest dates first; eight fit the page (the plan has the rest).
    sort_by_key(&mut rows, |r| r.0);
    let dates = rows.into_iter().take(8).map(|(_, what, when)| (what, when)).collect();

    let mut never = Vec::new();
    if on_dmab {
        never.push(PatientText::NeverStopDenosumab.get(lang).to_string());
    }
    if stopping {
        let exit = dmab.and_then(|d| d.exit_plan.as_ref()).and_then(|e| e.drug).unwrap_or(Drug::ZoledronicAcid);
        match exit_given_on {
            Some(_) => never.push(PatientText::NeverMissChecks.get(lang).to_string()),
            None => never.push(with(PatientText::NeverMissExit, lang, &[("drug", exit.label(lang))])),
        }
    }
    never.push(PatientText::NeverOther.get(lang).to_string());

    let antiresorptive = |d: &Drug| d.is_bisphosphonate() || matches!(d, Drug::Denosumab | Drug::Romosozumab);
    let mut tell = Vec::new();
    if drugs.iter().any(antiresorptive) || stopping {
        tell.push(PatientText::TellJaw.get(lang).to_string());
        tell.push(PatientText::TellThigh.get(lang).to_string());
    }
    if on_dmab {
        tell.push(PatientText::TellInfection.get(lang).to_string());
    }
    // The patient's sign of the vertebral fractures of the rebound (DMAB-REBOUND).
    if on_dmab || stopping {
        tell.push(PatientText::TellBack.get(lang).to_string());
    }
    if drugs.iter().any(|d| matches!(d, Drug::Alendronate | Drug::Risedronate)) {
        tell.push(PatientText::TellSwallow.get(lang).to_string());
    }
    if on_dmab || stopping || drugs.contains(&Drug::ZoledronicAcid) {
        tell.push(PatientText::TellCalcium.get(lang).to_string());
    }
    if !tell.is_empty() {
        medicine.push(PatientText::TellDentist.get(lang).to_string());
    }
    let calcium = [PatientText::Calcium, PatientText::VitaminD, PatientText::Active]
        .iter()
        .map(|s| s.get(lang).to_string())
        .collect();
    let clinic = match clinic.trim() {
        "" => PatientText::NoClinic.get(lang).to_string(),
        header => with(PatientText::Clinic, lang, &[("clinic", header)]),
    };
    PatientSheet { who, medicine, dates, never, tell, calcium, clinic }
}
