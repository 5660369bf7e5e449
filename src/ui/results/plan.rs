//! The plan: the report's dated actions in order, each with its date or deadline, drug and tests, and the rules
//! behind it.

use yew::prelude::*;

use super::rule_lines;
use crate::clinical::plan::{PlanItem, Urgency};
use crate::clinical::report::Report;
use crate::i18n::{Lang, Text};
use crate::rule_text::RuleValues;

/// "2026-11-27 (by 2026-12-25)", "by 2027-01-06", "today", or nothing for standing advice.
fn when(item: &PlanItem, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let date = match (item.urgency, item.on, item.by) {
        (Urgency::Now, _, _) => Some(if zh { "今日".to_string() } else { "today".to_string() }),
        (Urgency::By, _, Some(by)) => Some(if zh { format!("{by}前") } else { format!("by {by}") }),
        (Urgency::On, Some(on), _) => Some(on.to_string()),
        _ => None,
    };
    let mut parts: Vec<String> = date.into_iter().collect();
    if let (Some(by), false) = (item.by, item.urgency == Urgency::By) {
        parts.push(if zh { format!("最迟{by}") } else { format!("at the latest {by}") });
    }
    if !item.dates.is_empty() {
        parts.push(item.dates.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(lang.list_separator()));
    }
    parts.join(" · ")
}

fn line(item: &PlanItem, lang: Lang) -> String {
    let mut text = item.action.label(lang).to_string();
    if let Some(drug) = item.drug {
        text = format!("{text}{}{}", lang.colon(), drug.label(lang));
    }
    if !item.tests.is_empty() {
        let tests: Vec<&str> = item.tests.iter().map(|t| t.label(lang)).collect();
        text = lang.parenthesised(&text, &tests.join(lang.list_separator()));
    }
    text
}

pub fn plan(report: &Report, values: &RuleValues, lang: Lang) -> Html {
    html! {
        <section class="result" data-result="plan" aria-labelledby="plan-h">
            <h3 id="plan-h">{ Text::Plan.get(lang) }</h3>
            <ol class="plan">
                { for report.plan.iter().map(|item| html! {
                    <li data-plan-action={item.action.label(Lang::En)} data-plan-on={item.on.map(|d| d.to_string())}>
                        <span class="plan-action">{ line(item, lang) }</span>
                        { " " }<span class="plan-when">{ when(item, lang) }</span>
                        { rule_lines(&item.rules, values, lang) }
                    </li>
                }) }
            </ol>
        </section>
    }
}
