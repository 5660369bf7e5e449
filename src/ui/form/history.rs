//! Drug history: rows with a drug, a start date and an end date (empty = ongoing).

use yew::prelude::*;

use super::{add_button, key, remove_button, section};
use crate::app::state::List;
use crate::clinical::case::Drug;
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{date_field, select_field};
use crate::words::i18n::Text;

pub fn history(form: &FormCtx) -> Html {
    let drugs: Vec<(String, String)> = Drug::ALL.iter().map(|d| (key(d), d.label(form.lang).to_string())).collect();
    let rows = (0..form.draft.case.history.len()).map(|i| {
        let at = |field: &str| AttrValue::from(format!("history[{i}].{field}"));
        let what = format!("{} {}", form.t(Text::SectionHistory), i + 1);
        html! {
            <div class="list-row" data-row={format!("history[{i}]")} role="group" aria-label={what.clone()}>
                <div class="row">
                    { select_field(form, &at("drug"), form.t(Text::DrugField), &drugs, true, false) }
                    { date_field(form, &at("start"), form.t(Text::Start)) }
                    { date_field(form, &at("end"), form.t(Text::End)) }
                </div>
                { remove_button(form, "history", i, &what) }
            </div>
        }
    });
    let next = format!("history[{}].drug", form.draft.case.history.len());
    html! {
        { section(form, Text::SectionHistory, html! { <>
            { for rows }
            { add_button(form, List::History, Text::AddDrug, &next) }
        </> }) }
    }
}
