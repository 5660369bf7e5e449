//! The diagnosis badge (category, lowest site and score) and the risk level with the rules that set it.

use yew::prelude::*;

use super::rule_lines;
use crate::clinical::diagnosis::Category;
use crate::clinical::report::Report;
use crate::i18n::{Lang, Text};
use crate::rule_text::RuleValues;
use crate::ui::form::key;
use crate::wording::{lowest_score, risk_details};

pub fn diagnosis_and_risk(report: &Report, values: &RuleValues, lang: Lang) -> Html {
    let (d, r) = (&report.diagnosis, &report.risk);
    let details = risk_details(r, lang);
    let tone = match d.category {
        Category::Normal | Category::WithinExpectedRange => "ok",
        Category::LowBoneMass => "mild",
        _ => "bad",
    };
    let computed = d.computed_t_scores.iter().map(|c| {
        html! { <li>{ format!("{}{}{:.1} ({})", c.site.label(lang), lang.colon(), c.t_score, c.reference) }</li> }
    });
    html! {
        <>
            <section class="result" data-result="diagnosis" data-category={key(&d.category)} aria-labelledby="dx-h">
                <h3 id="dx-h">{ Text::Diagnosis.get(lang) }</h3>
                <p class={classes!("badge", tone)}>{ d.category.label(lang) }</p>
                <p class="detail">
                    { lowest_score(d, lang) }
                </p>
                if !d.computed_t_scores.is_empty() {
                    <p class="detail">{ Text::ComputedT.get(lang) }</p>
                    <ul class="detail">{ for computed }</ul>
                }
                { rule_lines(&d.rules, values, lang) }
            </section>
            <section class="result" data-result="risk" data-level={key(&r.level)} aria-labelledby="risk-h">
                <h3 id="risk-h">{ Text::Risk.get(lang) }</h3>
                <p class={classes!("badge", if r.treatment_indicated { "bad" } else { "ok" })}>{ r.level.label(lang) }</p>
                if !details.is_empty() {
                    <p class="detail">{ details }</p>
                }
                { rule_lines(&r.rules, values, lang) }
            </section>
        </>
    }
}
