//! Labelled form fields. Each takes its case path, shows the value from the draft and its problem (if any), and
//! sends one action per change. Numbers and dates are text inputs so that what is typed is never lost.

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::ctx::{field_id, FormCtx};
use crate::app::edit::text_at;
use crate::app::state::Action;
use crate::words::i18n::Text;

/// The message under a field (`path` is the case path it is about), tied to the input by `aria-describedby`
/// through `{id}-error`; an icon as well as colour marks it.
pub fn problem(id: &str, path: &str, message: Option<&String>) -> Html {
    match message {
        Some(message) => html! {
            <p class="field-error" id={format!("{id}-error")} data-error-for={path.to_string()}>
                <span aria-hidden="true">{ "⚠ " }</span>{ message.clone() }
            </p>
        },
        None => html! {},
    }
}

fn described_by(path: &str, has_problem: bool) -> Option<String> {
    has_problem.then(|| format!("{}-error", field_id(path)))
}

/// A number, as typed: its case path, label, unit (may be empty) and hint (the allowed range, as the placeholder).
///
/// The form's fields are plain functions of the form's context rather than components: the whole form draws again
/// with every change of the draft anyway, and each component type would add its own copy of Yew's component code
/// to the wasm.
pub fn number_field(form: &FormCtx, path: &str, label: &str, unit: &str, hint: &str) -> Html {
    let message = form.messages.get(path);
    let oninput = {
        let (dispatch, path) = (form.dispatch.clone(), path.to_string());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::Type { path: path.clone(), text });
        })
    };
    html! {
        <div class="field">
            <label for={field_id(path)}>{ label }</label>
            <span class="with-unit">
                // T- and Z-scores are signed: a decimal keypad (iOS) has no minus key.
                <input id={field_id(path)} type="text" inputmode={if path.ends_with("_score") { "text" } else { "decimal" }} name={path.to_string()}
                    value={form.draft.text(path)} placeholder={hint.to_string()} autocomplete="off"
                    aria-invalid={message.is_some().then_some("true")}
                    aria-describedby={described_by(path, message.is_some())} {oninput} />
                if !unit.is_empty() { <span class="unit">{ unit }</span> }
            </span>
            { problem(&field_id(path), path, message) }
        </div>
    }
}

/// Free text or a date (`YYYY-MM-DD`); an empty field is absent from the case, except in a list of dates.
pub fn text_field(form: &FormCtx, path: &str, label: &str, hint: &str) -> Html {
    let message = form.messages.get(path);
    let in_list = path.ends_with(']');
    let oninput = {
        let (dispatch, path) = (form.dispatch.clone(), path.to_string());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let value = (!text.is_empty() || in_list).then_some(Value::String(text));
            dispatch.emit(Action::Set { path: path.clone(), value });
        })
    };
    html! {
        <div class="field">
            <label for={field_id(path)}>{ label }</label>
            <input id={field_id(path)} type="text" name={path.to_string()} value={form.draft.text(path)}
                placeholder={hint.to_string()} autocomplete="off"
                aria-invalid={message.is_some().then_some("true")}
                aria-describedby={described_by(path, message.is_some())} {oninput} />
            { problem(&field_id(path), path, message) }
        </div>
    }
}

/// A choice among `options`, (value, label) pairs; with `allow_empty`, a first "not chosen" option whose empty value
/// is absent from the case. `data-value` holds the choice the draft has: an option's `selected` attribute does not
/// move the shown choice once the user has picked one, so the form sets the property after each render
/// (`sync_selects`) for whole-case changes (import, new patient).
pub fn select_field(
    form: &FormCtx,
    path: &str,
    label: &str,
    options: &[(String, String)],
    allow_empty: bool,
    disabled: bool,
) -> Html {
    let message = form.messages.get(path);
    let current = form.draft.text(path); // one tree per render (`Draft::text`)
    let onchange = {
        let (dispatch, path) = (form.dispatch.clone(), path.to_string());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let value = (!value.is_empty()).then_some(Value::String(value));
            dispatch.emit(Action::Set { path: path.clone(), value });
        })
    };
    html! {
        <div class="field">
            <label for={field_id(path)}>{ label }</label>
            <select id={field_id(path)} name={path.to_string()} data-value={current.clone()} {disabled}
                aria-invalid={message.is_some().then_some("true")}
                aria-describedby={described_by(path, message.is_some())} {onchange}>
                if allow_empty {
                    <option value="" selected={current.is_empty()}>{ form.t(Text::Choose) }</option>
                }
                { for options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == current}>{ label.clone() }</option>
                }) }
            </select>
            { problem(&field_id(path), path, message) }
        </div>
    }
}

/// Sets each `<select data-value>` under `root` to the choice it names (see `select_field`).
pub fn sync_selects(root: &web_sys::Element) {
    let Ok(selects) = root.query_selector_all("select[data-value]") else { return };
    for i in 0..selects.length() {
        if let Some(select) = selects.item(i).and_then(|n| n.dyn_into::<HtmlSelectElement>().ok()) {
            let wanted = select.get_attribute("data-value").unwrap_or_default();
            if select.value() != wanted {
                select.set_value(&wanted);
            }
        }
    }
}

/// A checkbox with its own handler.
pub fn check_field(path: &str, label: &str, checked: bool, onchange: Callback<bool>) -> Html {
    let onchange =
        Callback::from(move |e: Event| onchange.emit(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let id = field_id(path);
    html! {
        <div class="check">
            <input id={id.clone()} type="checkbox" name={path.to_string()} {checked} {onchange} />
            <label for={id}>{ label }</label>
        </div>
    }
}

/// A checkbox for a boolean case field.
pub fn flag_field(form: &FormCtx, path: &str, label: &str) -> Html {
    let checked = text_at(&form.draft.case, path) == "true";
    let onchange = {
        let (dispatch, path) = (form.dispatch.clone(), path.to_string());
        Callback::from(move |on: bool| dispatch.emit(Action::Set { path: path.clone(), value: Some(Value::Bool(on)) }))
    };
    check_field(path, label, checked, onchange)
}
