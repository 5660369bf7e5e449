//! Drug options grouped by status (preferred first, avoided last), each with the rules behind its mark,
//! then any sequencing warnings.

use yew::prelude::*;

use super::rule_lines;
use crate::clinical::report::Report;
use crate::clinical::treatment::Status;
use crate::i18n::{Lang, Text};
use crate::rule_text::RuleValues;
use crate::ui::form::key;

const ORDER: [Status; 5] = [Status::Preferred, Status::Alternative, Status::SecondLine, Status::Caution, Status::Avoid];

pub fn options(report: &Report, values: &RuleValues, lang: Lang) -> Html {
    let t = &report.treatment;
    let groups = ORDER.iter().filter(|s| t.options.iter().any(|o| o.status == **s)).map(|&status| {
        let options = t.options.iter().filter(|o| o.status == status).map(|o| {
            html! {
                <li class="option" data-drug={key(&o.drug)} data-status={key(&o.status)}>
                    <span class="drug">{ o.drug.label(lang) }</span>
                    <span class="class">{ format!(" · {}", o.class.label(lang)) }</span>
                    { rule_lines(&o.rules, values, lang) }
                </li>
            }
        });
        html! {
            <div class={classes!("status-group", key(&status))}>
                <h4><span aria-hidden="true">{ status.icon() }</span>{ " " }{ status.label(lang) }</h4>
                <ul>{ for options }</ul>
            </div>
        }
    });
    let sequencing = &report.sequencing.rules;
    html! {
        <section class="result" data-result="options" aria-labelledby="options-h">
            <h3 id="options-h">{ Text::Options.get(lang) }</h3>
            { rule_lines(&t.rules, values, lang) }
            { for groups }
            if !sequencing.is_empty() {
                <h4>{ Text::Sequencing.get(lang) }</h4>
                { rule_lines(sequencing, values, lang) }
            }
        </section>
    }
}
