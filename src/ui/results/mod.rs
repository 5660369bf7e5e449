//! The result column, derived from the report on every change.

mod alerts;
mod denosumab;
mod diagnosis;
mod options;
mod plan;
mod rule;

use std::rc::Rc;

use yew::prelude::*;

use crate::clinical::report::Report;
use crate::i18n::{Lang, Text};
use crate::messages::{field_label, problem_messages};
use crate::problems::Problems;
use crate::rule_text::RuleValues;

pub use rule::rule_lines;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub result: Rc<Result<Report, Problems>>,
    /// The injection dates entered, oldest first, for the timeline.
    pub injections: Rc<Vec<String>>,
    /// The patient's values for the rule texts.
    pub values: Rc<RuleValues>,
    pub lang: Lang,
    /// Downloads the plan's dated actions as an .ics file.
    pub on_calendar: Callback<MouseEvent>,
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let values = props.values.as_ref();
    match props.result.as_ref() {
        // Plain functions, not components: they hold no state, and each render starts from this report.
        Ok(report) => html! {
            <div class="report">
                { alerts::alerts(report, values, lang) }
                { diagnosis::diagnosis_and_risk(report, values, lang) }
                <section class="result" data-result="basic-care" aria-labelledby="basic-care-h">
                    <h3 id="basic-care-h">{ Text::BasicCare.get(lang) }</h3>
                    { rule_lines(&report.basic_care.rules, values, lang) }
                </section>
                { options::options(report, values, lang) }
                { plan::plan(report, values, lang, &props.on_calendar) }
                { denosumab::schedule(report, &props.injections, values, lang) }
            </div>
        },
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
                    <li data-problem={path.to_string()}><strong>{ field_label(path, lang) }</strong>{ format!("{}{message}", lang.colon()) }</li>
                }) }
            </ul>
        </section>
    }
}
