//! The sheet for the patient to take home, in plain words: the medicine and why, the next dates to tick, what never
//! to do, what to report, calcium and vitamin D, and who to call. No rule codes and no clinical shorthand; every
//! sentence is in `sentences` (Patient*) for a clinician to read and sign. `render::patient` prints it.

use chrono::NaiveDate;

use super::sentences::Sentence::{self, *};
use crate::clinical::case::{Case, Drug, Regimen};
use crate::clinical::journey::Stage;
use crate::clinical::plan::{Action, Test, Urgency};
use crate::clinical::report::Report;
use crate::clinical::sorting::sort_by_key;
use crate::words::i18n::Lang;
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
fn with(template: Sentence, lang: Lang, values: &[(&str, &str)]) -> String {
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
            Some(on) => {
                medicine.push(with(PatientStopped, lang, &[("drug", exit.label(lang)), ("date", &on.to_string())]))
            }
            None => medicine.push(with(PatientStopping, lang, &[("drug", exit.label(lang))])),
        }
    }
    // A drug the plan stops (a switch): said first, so that two are never taken together.
    for item in report.plan.iter().filter(|i| i.action == Action::StopTreatment) {
        if let Some(d) = item.drug.filter(|d| !drugs.contains(d)) {
            medicine.push(with(PatientStopOld, lang, &[("drug", d.label(lang))]));
        }
    }
    if drugs.is_empty() && !stopping {
        medicine.push(PatientNoDrug.get(lang).into());
    }
    for &drug in &drugs {
        medicine.push(with(PatientDrug, lang, &[("drug", drug.label(lang))]));
        let how = match drug {
            Drug::Denosumab if case.denosumab.as_ref().is_some_and(|d| d.regimen == Regimen::Oncology120mgQ4w) => {
                PatientHowDenosumabOncology
            }
            Drug::Denosumab => PatientHowDenosumab,
            Drug::Alendronate | Drug::Risedronate => PatientHowTablet,
            Drug::ZoledronicAcid => PatientHowInfusion,
            _ => PatientHowOther,
        };
        medicine.push(how.get(lang).into());
    }
    if !drugs.is_empty() || stopping {
        medicine.push(PatientWhy.get(lang).into());
    }

    let mut rows: Vec<(NaiveDate, String, String)> = Vec::new();
    for item in &report.plan {
        let what: String = match item.action {
            Action::GiveDenosumab => PatientRowDose.get(lang).into(),
            Action::GiveExitDrug | Action::RepeatInfusion | Action::NextInfusion | Action::StartTreatment => match item
                .drug
            {
                Some(Drug::ZoledronicAcid) => with(PatientRowDrip, lang, &[("drug", Drug::ZoledronicAcid.label(lang))]),
                Some(d) => with(PatientRowStart, lang, &[("drug", d.label(lang))]),
                None => continue,
            },
            Action::CheckBtm if item.tests.contains(&Test::Ctx) => PatientRowCtx.get(lang).into(),
            Action::CheckBtm | Action::CheckLabs | Action::CheckCalciumAfterDose => PatientRowBlood.get(lang).into(),
            Action::Dxa => PatientRowDxa.get(lang).into(),
            // A review or a dental check today is this visit's business, not a date to keep.
            Action::ReviewTreatment | Action::DentalCheck if item.urgency == Urgency::Now => continue,
            Action::ReviewTreatment => PatientRowReview.get(lang).into(),
            Action::DentalCheck => PatientRowDental.get(lang).into(),
            _ => continue,
        };
        let on: Vec<NaiveDate> =
            if item.dates.is_empty() { item.on.or(item.by).into_iter().collect() } else { item.dates.clone() };
        for date in on {
            let d = date.to_string();
            let when = if date == report.assessed_on {
                with(PatientToday, lang, &[("date", &d)])
            } else if item.action == Action::GiveDenosumab && item.by.is_some() {
                // The next dose's window: 4 weeks either side of the due date (DMAB-NEXT).
                let window = dmab
                    .and_then(|x| x.catch_up.as_ref().map(|c| c.window).or(x.window))
                    .filter(|w| w[0] <= date && date <= w[1]);
                match window {
                    Some([open, close]) => with(
                        PatientWindow,
                        lang,
                        &[("date", &d), ("open", &open.to_string()), ("close", &close.to_string())],
                    ),
                    None => d.clone(),
                }
            } else if item.urgency == Urgency::By {
                with(PatientBy, lang, &[("date", &d)])
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
        never.push(PatientNeverStopDenosumab.get(lang).to_string());
    }
    if stopping {
        let exit = dmab.and_then(|d| d.exit_plan.as_ref()).and_then(|e| e.drug).unwrap_or(Drug::ZoledronicAcid);
        match exit_given_on {
            Some(_) => never.push(PatientNeverMissChecks.get(lang).to_string()),
            None => never.push(with(PatientNeverMissExit, lang, &[("drug", exit.label(lang))])),
        }
    }
    never.push(PatientNeverOther.get(lang).to_string());

    let antiresorptive = |d: &Drug| d.is_bisphosphonate() || matches!(d, Drug::Denosumab | Drug::Romosozumab);
    let mut tell = Vec::new();
    if drugs.iter().any(antiresorptive) || stopping {
        tell.push(PatientTellJaw.get(lang).to_string());
        tell.push(PatientTellThigh.get(lang).to_string());
    }
    if on_dmab {
        tell.push(PatientTellInfection.get(lang).to_string());
    }
    // The patient's sign of the vertebral fractures of the rebound (DMAB-REBOUND).
    if on_dmab || stopping {
        tell.push(PatientTellBack.get(lang).to_string());
    }
    if drugs.iter().any(|d| matches!(d, Drug::Alendronate | Drug::Risedronate)) {
        tell.push(PatientTellSwallow.get(lang).to_string());
    }
    if on_dmab || stopping || drugs.contains(&Drug::ZoledronicAcid) {
        tell.push(PatientTellCalcium.get(lang).to_string());
    }
    if !tell.is_empty() {
        medicine.push(PatientTellDentist.get(lang).to_string());
    }
    let calcium = [PatientCalcium, PatientVitaminD, PatientActive].iter().map(|s| s.get(lang).to_string()).collect();
    let clinic = match clinic.trim() {
        "" => PatientNoClinic.get(lang).to_string(),
        header => with(PatientClinic, lang, &[("clinic", header)]),
    };
    PatientSheet { who, medicine, dates, never, tell, calcium, clinic }
}
