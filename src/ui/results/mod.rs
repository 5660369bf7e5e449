//! The result column, derived from the report on every change.

mod alerts;
mod denosumab;
mod diagnosis;
mod options;
mod rule;

use std::rc::Rc;

use yew::prelude::*;

use crate::clinical::report::Report;
use crate::i18n::{Lang, Text};
use crate::messages::{field_label, problem_messages};
use crate::state::Problems;

pub use rule::rule_lines;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub result: Rc<Result<Report, Problems>>,
    /// The injection dates entered, oldest first, for the timeline.
    pub injections: Rc<Vec<String>>,
    pub lang: Lang,
    /// Downloads the denosumab schedule as an .ics file.
    pub on_calendar: Callback<MouseEvent>,
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let lang = props.lang;
    match props.result.as_ref() {
        Ok(report) => {
            let report = Rc::new(report.clone());
            html! {
                <div class="report">
                    <alerts::Alerts report={report.clone()} {lang} />
                    <diagnosis::DiagnosisAndRisk report={report.clone()} {lang} />
                    <section class="result" data-result="basic-care" aria-labelledby="basic-care-h">
                        <h3 id="basic-care-h">{ Text::BasicCare.get(lang) }</h3>
                        { rule_lines(&report.basic_care.rules, lang) }
                    </section>
                    <options::Options report={report.clone()} {lang} />
                    <denosumab::Schedule {report} {lang} injections={props.injections.clone()} on_calendar={props.on_calendar.clone()} />
                </div>
            }
        }
        Err(problems) => incomplete(problems, lang),
    }
}

/// What stands between the case and a report, each problem named by its field.
fn incomplete(problems: &Problems, lang: Lang) -> Html {
    html! {
        <section class="result incomplete" data-result="incomplete" aria-live="polite">
            <p>{ Text::Incomplete.get(lang) }</p>
            <ul>
                { for problem_messages(problems, lang).map(|(path, message)| html! {
                    <li data-problem={path.to_string()}><strong>{ field_label(path, lang) }</strong>{ format!(": {message}") }</li>
                }) }
            </ul>
        </section>
    }
}
