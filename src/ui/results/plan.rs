//! The plan: the report's dated actions in order, each with its date or deadline, drug and tests, and the rules
//! behind it.

use yew::prelude::*;

use super::rule_lines;
use crate::calendar::has_events;
use crate::clinical::report::Report;
use crate::i18n::{Lang, Text};
use crate::rule_text::RuleValues;
use crate::wording::{plan_line, plan_when};

pub fn plan(report: &Report, values: &RuleValues, lang: Lang, on_calendar: &Callback<MouseEvent>) -> Html {
    html! {
        <section class="result" data-result="plan" aria-labelledby="plan-h">
            <h3 id="plan-h">{ Text::Plan.get(lang) }</h3>
            <ol class="plan">
                { for report.plan.iter().map(|item| html! {
                    <li data-plan-action={item.action.label(Lang::En)} data-plan-on={item.on.map(|d| d.to_string())}>
                        <span class="plan-action">{ plan_line(item, lang) }</span>
                        { " " }<span class="plan-when">{ plan_when(item, lang) }</span>
                        { rule_lines(&item.rules, values, lang) }
                    </li>
                }) }
            </ol>
            if has_events(report) {
                <button type="button" class="calendar-button" data-action="calendar" onclick={on_calendar.clone()}>
                    { Text::AddToCalendar.get(lang) }
                </button>
            }
        </section>
    }
}
