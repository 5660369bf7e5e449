//! Drug history: rows with a drug, a start date and an end date (empty = ongoing).

use yew::prelude::*;

use super::{key, RemoveButton, Section};
use crate::clinical::case::Drug;
use crate::i18n::Text;
use crate::state::{Action, List};
use crate::ui::ctx::use_form;
use crate::ui::fields::{SelectField, TextField};

#[component]
pub fn History() -> Html {
    let form = use_form();
    let drugs: Vec<(String, String)> = Drug::ALL.iter().map(|d| (key(d), d.label(form.lang).to_string())).collect();
    let rows = (0..form.draft.case.history.len()).map(|i| {
        let at = |field: &str| AttrValue::from(format!("history[{i}].{field}"));
        let what = format!("{} {}", form.t(Text::SectionHistory), i + 1);
        html! {
            <div class="list-row" data-row={format!("history[{i}]")} role="group" aria-label={what.clone()}>
                <div class="row">
                    <SelectField path={at("drug")} label={form.t(Text::DrugField)} options={drugs.clone()} />
                    <TextField path={at("start")} label={form.t(Text::Start)} hint={form.t(Text::DateHint)} />
                    <TextField path={at("end")} label={form.t(Text::End)} hint={form.t(Text::DateHint)} />
                </div>
                <RemoveButton list="history" index={i} {what} />
            </div>
        }
    });
    let dispatch = form.dispatch.clone();
    html! {
        <Section title={Text::SectionHistory}>
            { for rows }
            <button type="button" class="add" data-action="add" data-list="history"
                onclick={move |_| dispatch.emit(Action::AddRow(List::History))}>
                { format!("+ {}", form.t(Text::AddDrug)) }
            </button>
        </Section>
    }
}
