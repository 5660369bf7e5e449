//! One rule as a result line: its ID and text, one line until opened; opened, the whole text and its source.
//! Everything comes from the rule catalogue. A plain function rather than a component: it has no state, and
//! there are dozens on the page.

use yew::prelude::*;

use crate::clinical::rules::RuleId;
use crate::i18n::{Lang, Text};
use crate::rule_text::RuleValues;

pub fn rule_line(id: RuleId, values: &RuleValues, lang: Lang) -> Html {
    let rule = id.rule();
    html! {
        <details class="rule" data-rule={rule.code}>
            <summary><span class="rule-id">{ rule.code }</span>{ " " }<span class="rule-text">{ values.text(id, lang) }</span></summary>
            <p class="rule-source">{ format!("{}{}{}", Text::Source.get(lang), lang.colon(), rule.source) }</p>
        </details>
    }
}

/// Rule lines for a list of IDs.
pub fn rule_lines(rules: &[RuleId], values: &RuleValues, lang: Lang) -> Html {
    html! { <div class="rules">{ for rules.iter().map(|&rule| rule_line(rule, values, lang)) }</div> }
}
