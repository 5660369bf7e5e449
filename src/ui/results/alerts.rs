//! Alerts, most severe first, each with its severity in words and an icon as well as colour.

use yew::prelude::*;

use super::rule::rule_line;
use crate::clinical::report::Report;
use crate::clinical::rules::Severity;
use crate::i18n::{Lang, Text};
use crate::rule_text::RuleValues;
use crate::ui::form::key;

fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Danger => "✖",
        Severity::Warning => "⚠",
        _ => "ℹ",
    }
}

pub fn alerts(report: &Report, values: &RuleValues, lang: Lang) -> Html {
    let alerts = &report.alerts;
    html! {
        <section class="result" data-result="alerts" aria-labelledby="alerts-h">
            <h3 id="alerts-h">{ Text::Alerts.get(lang) }</h3>
            if alerts.is_empty() {
                <p class="detail">{ Text::NoAlerts.get(lang) }</p>
            }
            <ul class="alerts">
                { for alerts.iter().map(|a| html! {
                    <li class={classes!("alert", key(&a.severity))} data-alert={a.rule.code()} data-severity={key(&a.severity)}>
                        <span class="severity"><span aria-hidden="true">{ icon(a.severity) }</span>{ format!(" {}", a.severity.label(lang)) }</span>
                        { rule_line(a.rule, values, lang) }
                    </li>
                }) }
            </ul>
        </section>
    }
}
