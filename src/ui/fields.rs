//! Labelled form fields. Each takes its case path, shows the value from the draft and its problem (if any), and
//! sends one action per change. Numbers and dates are text inputs so that what is typed is never lost; the form
//! (`form::case_form`) tells the state when a field is left.

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::ctx::{field_id, FormCtx};
use crate::app::edit::text_at;
use crate::app::state::Action;
use crate::input::dates::read_date;
use crate::words::i18n::Text;

/// The message under a field (`path` is the case path it is about), tied to the input by `aria-describedby`
/// through `{id}-error`; an icon as well as colour marks it.
pub fn problem(id: &str, path: &str, message: Option<&String>) -> Html {
    note(id, path, message.map(|m| (m.as_str(), false)))
}

/// An error, or with `true` a warning (`data-warning-for`: the value is kept and counts), under a field; either is
/// `{id}-error` for the input's `aria-describedby`.
fn note(id: &str, path: &str, note: Option<(&str, bool)>) -> Html {
    let Some((text, warning)) = note else { return html! {} };
    let path = Some(path.to_string());
    let (class, error_for, warning_for) =
        if warning { ("field-warning", None, path) } else { ("field-error", path, None) };
    html! {
        <p {class} id={format!("{id}-error")} data-error-for={error_for} data-warning-for={warning_for}>
            <span aria-hidden="true">{ "⚠ " }</span>{ text.to_string() }
        </p>
    }
}

/// What a field typed as text (and a date's calendar) sends: `Action::Type` with the text, at every change.
pub fn on_type(form: &FormCtx, path: &str) -> Callback<InputEvent> {
    let (dispatch, path) = (form.dispatch.clone(), path.to_string());
    Callback::from(move |e: InputEvent| {
        let text = e.target_unchecked_into::<HtmlInputElement>().value();
        dispatch.emit(Action::Type { path: path.clone(), text });
    })
}

/// A number, as typed: its case path, label, unit (may be empty) and hint (the allowed range, as the placeholder).
/// `−3,1`, `–3.1` and full-width digits are read as -3.1 (`input::decimal`). A T-score of +1.0 or more is shown
/// with a warning to check the sign (a forgotten minus is common; the value is kept).
///
/// The form's fields are plain functions of the form's context rather than components: the whole form draws again
/// with every change of the draft anyway, and each component type would add its own copy of Yew's component code
/// to the wasm.
pub fn number_field(form: &FormCtx, path: &str, label: &str, unit: &str, hint: &str) -> Html {
    let value = crate::app::edit::get(&form.draft.case, path).and_then(|v| v.as_f64());
    let warn = path.ends_with("t_score") && value.is_some_and(|v| v >= 1.0);
    let unit = if unit.is_empty() {
        html! {}
    } else {
        html! { <span class="unit">{ unit }</span> }
    };
    // T- and Z-scores are signed: a decimal keypad (iOS) has no minus key.
    let keypad = if path.ends_with("_score") { "text" } else { "decimal" };
    let warning = warn.then(|| form.t(Text::CheckSign));
    input_field(form, path, path, label, Some(keypad), hint, unit, warning, on_type(form, path))
}

/// A date as people type it (`2025-03-06`, `2025/3/6`, `2025.3.6`, `20250306`, `2025年3月6日`; read by
/// `input::dates`), shown as `YYYY-MM-DD` once the field is left, with the browser's own calendar beside it. A
/// date with the year last is refused with why.
pub fn date_field(form: &FormCtx, path: &str, label: &str) -> Html {
    // Out of the tab order: the keyboard types the date; the calendar is for the pointer.
    let picker = html! {
        <input type="date" class="pick" tabindex="-1" aria-label={form.t(Text::PickDate)}
            value={read_date(&form.draft.text(path)).unwrap_or_default()} oninput={on_type(form, path)} />
    };
    input_field(form, path, path, label, None, form.t(Text::DateHint), picker, None, on_type(form, path))
}

/// Free text; an empty field is absent from the case.
pub fn text_field(form: &FormCtx, path: &str, label: &str, hint: &str) -> Html {
    let oninput = {
        let (dispatch, path) = (form.dispatch.clone(), path.to_string());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let value = (!text.is_empty()).then_some(Value::String(text));
            dispatch.emit(Action::Set { path: path.clone(), value });
        })
    };
    input_field(form, path, path, label, None, hint, html! {}, None, oninput)
}

/// Every text input of the form, drawn one way: the field at case `path` (named `name`, which is `path` but for a
/// lab, named apart from its unit), with `after` beside it (a unit, a calendar) and its problem (if shown) or
/// `warning` under it.
#[allow(clippy::too_many_arguments)]
pub fn input_field(
    form: &FormCtx,
    path: &str,
    name: &str,
    label: &str,
    keypad: Option<&'static str>,
    hint: &str,
    after: Html,
    warning: Option<&'static str>,
    oninput: Callback<InputEvent>,
) -> Html {
    let id = field_id(name);
    let shown = form.messages.get(path).map(|m| (m.as_str(), false)).or(warning.map(|w| (w, true)));
    let control = html! {
        <span class="with-unit">
            <input id={id.clone()} type="text" inputmode={keypad} name={name.to_string()}
                data-path={(name != path).then(|| path.to_string())} value={form.draft.text(path)}
                placeholder={hint.to_string()} autocomplete="off"
                aria-invalid={shown.is_some_and(|n| !n.1).then_some("true")}
                aria-describedby={shown.map(|_| format!("{id}-error"))} {oninput} />
            { after }
        </span>
    };
    labelled(&id, path, label, control, shown)
}

/// A field's frame: its label, its control and the note under it (see `note`).
fn labelled(id: &str, path: &str, label: &str, control: Html, shown: Option<(&str, bool)>) -> Html {
    html! {
        <div class="field">
            <label for={id.to_string()}>{ label }</label>
            { control }
            { note(id, path, shown) }
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
    let id = field_id(path);
    let control = html! {
        <select id={id.clone()} name={path.to_string()} data-value={current.clone()} {disabled}
            aria-invalid={message.is_some().then_some("true")}
            aria-describedby={message.map(|_| format!("{id}-error"))} {onchange}>
            if allow_empty {
                <option value="" selected={current.is_empty()}>{ form.t(Text::Choose) }</option>
            }
            { for options.iter().map(|(value, label)| html! {
                <option value={value.clone()} selected={*value == current}>{ label.clone() }</option>
            }) }
        </select>
    };
    labelled(&id, path, label, control, message.map(|m| (m.as_str(), false)))
}

/// After each render of the form at `root`: each `<select data-value>` is set to the choice it names (see
/// `select_field`), and the field a "+ Add" or Enter asked for (`focus_after_render`) takes the focus.
pub fn after_render(root: &web_sys::Element) {
    if let Some(id) = root.get_attribute("data-focus") {
        let _ = root.remove_attribute("data-focus");
        if let Ok(Some(field)) = root.query_selector(&format!("#{id}")) {
            let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
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

/// Asks for the focus to go to the field at `path` once the change just sent is drawn (a row being added):
/// `event` happened inside the form, which keeps the request until `after_render`.
pub fn focus_after_render(event: &Event, path: &str) {
    if let Ok(Some(form)) = event.target_unchecked_into::<web_sys::Element>().closest("form") {
        let _ = form.set_attribute("data-focus", &field_id(path));
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
