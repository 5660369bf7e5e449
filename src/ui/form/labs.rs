//! Labs: eGFR, and creatinine, 25(OH)D and calcium each with a unit switch (the value converts when switched).

use crate::words::numbers::trimmed;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::section;
use crate::app::state::Action;
use crate::clinical::units::Lab;
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{input_field, number_field, on_type};
use crate::words::i18n::Text;

/// A lab's value with its unit switch; the value converts when the unit is switched.
fn lab_field(form: &FormCtx, lab: Lab, label: Text) -> Html {
    let unit = lab.unit(form.draft.unit(lab)).unwrap_or(lab.units()[0]);
    let name = lab.field();
    let onchange = {
        let dispatch = form.dispatch.clone();
        Callback::from(move |e: Event| {
            let unit = e.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.emit(Action::SetUnit { lab, unit });
        })
    };
    let select = html! {
        <select name={format!("{name}.unit")} data-value={unit.id} aria-label={format!("{} {}", form.t(label), form.t(Text::UnitOf))} {onchange}>
            { for lab.units().iter().map(|u| html! {
                <option value={u.id} selected={u.id == unit.id}>{ u.symbol }</option>
            }) }
        </select>
    };
    let hint = format!("{}–{}", trimmed(unit.lo, 3), trimmed(unit.hi, 3));
    input_field(form, unit.path, name, form.t(label), Some("decimal"), &hint, select, None, on_type(form, unit.path))
}

pub fn labs(form: &FormCtx) -> Html {
    html! {
        { section(form, Text::SectionLabs, html! { <>
            <div class="row">
                { number_field(form, "labs.egfr_ml_min", form.t(Text::Egfr), "mL/min", "1–200") }
                { lab_field(form, Lab::Creatinine, Text::Creatinine) }
            </div>
            <div class="row">
                { lab_field(form, Lab::VitaminD, Text::VitaminD) }
                { lab_field(form, Lab::Calcium, Text::Calcium) }
            </div>
            <div class="row">
                { number_field(form, "labs.albumin_g_l", form.t(Text::Albumin), "g/L", "10–60") }
            </div>
        </> }) }
    }
}
