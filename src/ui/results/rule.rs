//! One rule as a result line: its ID and text, one line until opened; opened, the whole text and its source.
//! Everything comes from the rule catalogue.

use yew::prelude::*;

use crate::clinical::rules::RuleId;
use crate::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct RuleProps {
    pub rule: RuleId,
    pub lang: Lang,
}

#[component]
pub fn RuleLine(props: &RuleProps) -> Html {
    let rule = props.rule.rule();
    html! {
        <details class="rule" data-rule={rule.code}>
            <summary><span class="rule-id">{ rule.code }</span>{ " " }<span class="rule-text">{ rule.text(props.lang) }</span></summary>
            <p class="rule-source">{ format!("{}: {}", Text::Source.get(props.lang), rule.source) }</p>
        </details>
    }
}

/// Rule lines for a list of IDs.
pub fn rule_lines(rules: &[RuleId], lang: Lang) -> Html {
    html! { <div class="rules">{ for rules.iter().map(|&rule| html! { <RuleLine {rule} {lang} /> }) }</div> }
}
