//! Labs: eGFR, and creatinine, 25(OH)D and calcium each with a unit switch (the value converts when switched).

use crate::words::numbers::trimmed;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::section;
use crate::app::state::Action;
use crate::clinical::units::Lab;
use crate::ui::ctx::{field_id, FormCtx};
use crate::ui::fields::{number_field, problem};
use crate::words::i18n::Text;

/// A lab's value with its unit switch; the value converts when the unit is switched.
fn lab_field(form: &FormCtx, lab: Lab, label: Text) -> Html {
    let unit = lab.unit(form.draft.unit(lab)).unwrap_or(lab.units()[0]);
    let path = unit.path;
    let name = lab.field();
    let id = field_id(name);
    let message = form.messages.get(path);
    let oninput = {
        let dispatch = form.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::Type { path: path.to_string(), text });
        })
    };
    let onchange = {
        let dispatch = form.dispatch.clone();
        Callback::from(move |e: Event| {
            let unit = e.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.emit(Action::SetUnit { lab, unit });
        })
    };
    let error_id = format!("{id}-error");
    html! {
        <div class="field">
            <label for={id.clone()}>{ form.t(label) }</label>
            <span class="with-unit">
                <input id={id.clone()} type="text" inputmode="decimal" name={name} value={form.draft.text(path)}
                    placeholder={format!("{}–{}", trimmed(unit.lo, 3), trimmed(unit.hi, 3))} autocomplete="off"
                    aria-invalid={message.is_some().then_some("true")}
                    aria-describedby={message.is_some().then(|| error_id.clone())} {oninput} />
                <select name={format!("{name}.unit")} data-value={unit.id} aria-label={format!("{} {}", form.t(label), form.t(Text::UnitOf))} {onchange}>
                    { for lab.units().iter().map(|u| html! {
                        <option value={u.id} selected={u.id == unit.id}>{ u.symbol }</option>
                    }) }
                </select>
            </span>
            { problem(&id, path, message) }
        </div>
    }
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
