//! Labelled form fields. Each takes its case path, shows the value from the draft and its problem (if any), and
//! sends one action per change. Numbers and dates are text inputs so that what is typed is never lost.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::ctx::{field_id, use_form};
use crate::edit::text_at;
use crate::i18n::Text;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub path: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub unit: AttrValue,
    /// The allowed range or the format, shown as the placeholder.
    #[prop_or_default]
    pub hint: AttrValue,
}

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

/// A number, as typed.
#[component]
pub fn NumberField(props: &FieldProps) -> Html {
    let form = use_form();
    let path = props.path.to_string();
    let message = form.messages.get(&path);
    let oninput = {
        let (dispatch, path) = (form.dispatch.clone(), path.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::Type { path: path.clone(), text });
        })
    };
    html! {
        <div class="field">
            <label for={field_id(&path)}>{ props.label.clone() }</label>
            <span class="with-unit">
                <input id={field_id(&path)} type="text" inputmode="decimal" name={path.clone()}
                    value={form.draft.text(&path)} placeholder={props.hint.clone()} autocomplete="off"
                    aria-invalid={message.is_some().then_some("true")}
                    aria-describedby={described_by(&path, message.is_some())} {oninput} />
                if !props.unit.is_empty() { <span class="unit">{ props.unit.clone() }</span> }
            </span>
            { problem(&field_id(&path), &path, message) }
        </div>
    }
}

/// Free text or a date (`YYYY-MM-DD`); an empty field is absent from the case, except in a list of dates.
#[component]
pub fn TextField(props: &FieldProps) -> Html {
    let form = use_form();
    let path = props.path.to_string();
    let message = form.messages.get(&path);
    let in_list = path.ends_with(']');
    let oninput = {
        let (dispatch, path) = (form.dispatch.clone(), path.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let value = (!text.is_empty() || in_list).then_some(Value::String(text));
            dispatch.emit(Action::Set { path: path.clone(), value });
        })
    };
    html! {
        <div class="field">
            <label for={field_id(&path)}>{ props.label.clone() }</label>
            <input id={field_id(&path)} type="text" name={path.clone()} value={form.draft.text(&path)}
                placeholder={props.hint.clone()} autocomplete="off"
                aria-invalid={message.is_some().then_some("true")}
                aria-describedby={described_by(&path, message.is_some())} {oninput} />
            { problem(&field_id(&path), &path, message) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub path: AttrValue,
    pub label: AttrValue,
    /// (value, label) pairs; the empty value means "not chosen" and is absent from the case.
    pub options: Vec<(String, String)>,
    #[prop_or(true)]
    pub allow_empty: bool,
    #[prop_or_default]
    pub disabled: bool,
}

/// Keeps a `<select>`'s shown choice equal to `value`: an option's `selected` attribute does not move the choice
/// once the user has picked one, so a whole-case change (import, new patient) sets the property instead.
#[hook]
pub fn use_select_value(value: String) -> NodeRef {
    let node = use_node_ref();
    use_effect_with((value, node.clone()), |(value, node)| {
        if let Some(select) = node.cast::<HtmlSelectElement>() {
            select.set_value(value);
        }
    });
    node
}

#[component]
pub fn SelectField(props: &SelectProps) -> Html {
    let form = use_form();
    let path = props.path.to_string();
    let message = form.messages.get(&path);
    let current = text_at(&form.draft.case, &path);
    let node = use_select_value(current.clone());
    let onchange = {
        let (dispatch, path) = (form.dispatch.clone(), path.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let value = (!value.is_empty()).then_some(Value::String(value));
            dispatch.emit(Action::Set { path: path.clone(), value });
        })
    };
    html! {
        <div class="field">
            <label for={field_id(&path)}>{ props.label.clone() }</label>
            <select ref={node} id={field_id(&path)} name={path.clone()} disabled={props.disabled}
                aria-invalid={message.is_some().then_some("true")}
                aria-describedby={described_by(&path, message.is_some())} {onchange}>
                if props.allow_empty {
                    <option value="" selected={current.is_empty()}>{ form.t(Text::Choose) }</option>
                }
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == current}>{ label.clone() }</option>
                }) }
            </select>
            { problem(&field_id(&path), &path, message) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckProps {
    pub path: AttrValue,
    pub label: AttrValue,
    pub checked: bool,
    pub onchange: Callback<bool>,
}

#[component]
pub fn CheckField(props: &CheckProps) -> Html {
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: Event| onchange.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let id = field_id(&props.path);
    html! {
        <div class="check">
            <input id={id.clone()} type="checkbox" name={props.path.clone()} checked={props.checked} {onchange} />
            <label for={id}>{ props.label.clone() }</label>
        </div>
    }
}

/// A checkbox for a boolean case field.
#[derive(Properties, PartialEq)]
pub struct FlagProps {
    pub path: AttrValue,
    pub label: AttrValue,
}

#[component]
pub fn FlagField(props: &FlagProps) -> Html {
    let form = use_form();
    let path = props.path.to_string();
    let checked = text_at(&form.draft.case, &path) == "true";
    let onchange = {
        let dispatch = form.dispatch.clone();
        Callback::from(move |on: bool| dispatch.emit(Action::Set { path: path.clone(), value: Some(Value::Bool(on)) }))
    };
    html! { <CheckField path={props.path.clone()} label={props.label.clone()} {checked} {onchange} /> }
}
