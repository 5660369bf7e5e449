//! Fractures: rows with a site, a date, and whether it was a fragility fracture, on treatment, or a non-union.

use serde_json::Value;
use yew::prelude::*;

use super::{add_button, key, remove_button, section};
use crate::app::state::{Action, List};
use crate::clinical::case::FractureSite;
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{check_field, date_field, flag_field, select_field};
use crate::words::i18n::Text;

pub fn fractures(form: &FormCtx) -> Html {
    let lang = form.lang;
    let sites: Vec<(String, String)> = FractureSite::ALL.iter().map(|s| (key(s), s.label(lang).to_string())).collect();
    let rows = form.draft.case.fractures.iter().enumerate().map(|(i, fracture)| {
        let at = |field: &str| AttrValue::from(format!("fractures[{i}].{field}"));
        let what = format!("{} {}", form.t(Text::SectionFractures), i + 1);
        // Absent means a fragility fracture (case-format), so the box starts ticked.
        let fragility = fracture.fragility != Some(false);
        let on_fragility = {
            let (dispatch, path) = (form.dispatch.clone(), at("fragility").to_string());
            Callback::from(move |on: bool| {
                dispatch.emit(Action::Set { path: path.clone(), value: Some(Value::Bool(on)) })
            })
        };
        html! {
            <div class="list-row" data-row={format!("fractures[{i}]")} role="group" aria-label={what.clone()}>
                <div class="row">
                    { select_field(form, &at("site"), form.t(Text::Site), &sites, true, false) }
                    { date_field(form, &at("date"), form.t(Text::Date)) }
                </div>
                <div class="row checks">
                    { check_field(&at("fragility"), form.t(Text::Fragility), fragility, on_fragility) }
                    { flag_field(form, &at("on_treatment"), form.t(Text::OnTreatment)) }
                    { flag_field(form, &at("nonunion"), form.t(Text::Nonunion)) }
                </div>
                { remove_button(form, "fractures", i, &what) }
            </div>
        }
    });
    let next = format!("fractures[{}].site", form.draft.case.fractures.len());
    html! {
        { section(form, Text::SectionFractures, html! { <>
            { for rows }
            { add_button(form, List::Fractures, Text::AddFracture, &next) }
        </> }) }
    }
}
