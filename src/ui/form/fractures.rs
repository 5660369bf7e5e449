//! Fractures: rows with a site, a date, and whether it was a fragility fracture, on treatment, or a non-union.

use serde_json::Value;
use yew::prelude::*;

use super::{key, RemoveButton, Section};
use crate::clinical::case::FractureSite;
use crate::i18n::Text;
use crate::state::{Action, List};
use crate::ui::ctx::use_form;
use crate::ui::fields::{CheckField, FlagField, SelectField, TextField};

#[component]
pub fn Fractures() -> Html {
    let form = use_form();
    let lang = form.lang;
    let sites: Vec<(String, String)> = FractureSite::ALL.iter().map(|s| (key(s), s.label(lang).to_string())).collect();
    let rows = form.draft.case.fractures.iter().enumerate().map(|(i, fracture)| {
        let at = |field: &str| AttrValue::from(format!("fractures[{i}].{field}"));
        let what = format!("{} {}", form.t(Text::SectionFractures), i + 1);
        // Absent means a fragility fracture (case-format), so the box starts ticked.
        let fragility = fracture.fragility != Some(false);
        let on_fragility = {
            let (dispatch, path) = (form.dispatch.clone(), at("fragility").to_string());
            Callback::from(move |on: bool| dispatch.emit(Action::Set { path: path.clone(), value: Some(Value::Bool(on)) }))
        };
        html! {
            <div class="list-row" data-row={format!("fractures[{i}]")} role="group" aria-label={what.clone()}>
                <div class="row">
                    <SelectField path={at("site")} label={form.t(Text::Site)} options={sites.clone()} />
                    <TextField path={at("date")} label={form.t(Text::Date)} hint={form.t(Text::DateHint)} />
                </div>
                <div class="row checks">
                    <CheckField path={at("fragility")} label={form.t(Text::Fragility)} checked={fragility} onchange={on_fragility} />
                    <FlagField path={at("on_treatment")} label={form.t(Text::OnTreatment)} />
                    <FlagField path={at("nonunion")} label={form.t(Text::Nonunion)} />
                </div>
                <RemoveButton list="fractures" index={i} {what} />
            </div>
        }
    });
    let dispatch = form.dispatch.clone();
    html! {
        <Section title={Text::SectionFractures}>
            { for rows }
            <button type="button" class="add" data-action="add" data-list="fractures"
                onclick={move |_| dispatch.emit(Action::AddRow(List::Fractures))}>
                { format!("+ {}", form.t(Text::AddFracture)) }
            </button>
        </Section>
    }
}
