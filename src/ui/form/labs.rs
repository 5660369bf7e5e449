//! Labs: eGFR, and creatinine, 25(OH)D and calcium each with a unit switch (the value converts when switched).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Section;
use crate::clinical::units::Lab;
use crate::i18n::Text;
use crate::state::Action;
use crate::ui::ctx::{field_id, use_form};
use crate::ui::fields::{problem, use_select_value, NumberField};

#[derive(Properties, PartialEq)]
struct LabProps {
    lab: Lab,
    label: Text,
}

#[component]
fn LabField(props: &LabProps) -> Html {
    let form = use_form();
    let lab = props.lab;
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
    let node = use_select_value(unit.id.to_string());
    html! {
        <div class="field">
            <label for={id.clone()}>{ form.t(props.label) }</label>
            <span class="with-unit">
                <input id={id.clone()} type="text" inputmode="decimal" name={name} value={form.draft.text(path)}
                    placeholder={format!("{}–{}", unit.lo, unit.hi)} autocomplete="off"
                    aria-invalid={message.is_some().then_some("true")}
                    aria-describedby={message.is_some().then(|| error_id.clone())} {oninput} />
                <select ref={node} name={format!("{name}.unit")} aria-label={format!("{} {}", form.t(props.label), form.t(Text::UnitOf))} {onchange}>
                    { for lab.units().iter().map(|u| html! {
                        <option value={u.id} selected={u.id == unit.id}>{ u.symbol }</option>
                    }) }
                </select>
            </span>
            { problem(&id, path, message) }
        </div>
    }
}

#[component]
pub fn Labs() -> Html {
    let form = use_form();
    html! {
        <Section title={Text::SectionLabs}>
            <div class="row">
                <NumberField path="labs.egfr_ml_min" label={form.t(Text::Egfr)} unit="mL/min" hint="1–200" />
                <LabField lab={Lab::Creatinine} label={Text::Creatinine} />
            </div>
            <div class="row">
                <LabField lab={Lab::VitaminD} label={Text::VitaminD} />
                <LabField lab={Lab::Calcium} label={Text::Calcium} />
            </div>
            <div class="row">
                <NumberField path="labs.albumin_g_l" label={form.t(Text::Albumin)} unit="g/L" hint="10–60" />
            </div>
        </Section>
    }
}
