//! The input column: one section per group of the case.

mod conditions;
mod denosumab;
mod dxa;
mod follow_up;
mod fractures;
mod history;
mod labs;
mod markers;
mod patient;
mod risk;

use serde::Serialize;
use yew::prelude::*;

use super::ctx::FormCtx;
use super::fields::focus_after_render;
use crate::app::state::{Action, List};
use crate::words::i18n::Text;

/// The spec's name for an enum value (`femoral_neck`), as used in `<option value>`.
pub fn key<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).map(|s| s.trim_matches('"').to_string()).unwrap_or_default()
}

/// A titled group of fields.
pub fn section(form: &FormCtx, title: Text, children: Html) -> Html {
    html! {
        <fieldset class="form-section">
            <legend>{ form.t(title) }</legend>
            { children }
        </fieldset>
    }
}

/// The form. Its `<select>`s show the draft's choice once the page calls `fields::after_render` after rendering.
/// One listener for every field says which field the user left (its `data-path`, else its `name`).
pub fn case_form(form: &FormCtx, node: &NodeRef) -> Html {
    let onfocusout = form.dispatch.reform(|e: FocusEvent| {
        let field = e.target_unchecked_into::<web_sys::Element>();
        Action::Leave(field.get_attribute("data-path").or_else(|| field.get_attribute("name")).unwrap_or_default())
    });
    html! {
        <form ref={node.clone()} class="case-form" onsubmit={|e: SubmitEvent| e.prevent_default()} autocomplete="off" {onfocusout}>
            // In the order of a visit (issue 24): who, what they are on now, today's DXA, fractures, labs,
            // then risk factors and conditions.
            { patient::patient(form) }
            { denosumab::denosumab(form) }
            { history::history(form) }
            { dxa::dxa(form) }
            { follow_up::earlier_dxa(form) }
            { markers::markers(form) }
            { fractures::fractures(form) }
            { labs::labs(form) }
            { risk::risk(form) }
            { conditions::conditions(form) }
        </form>
    }
}

/// The remove button of a list row (`list` is its case path); `what` names the row for screen readers ("Remove
/// Fractures 2").
pub fn remove_button(form: &FormCtx, list: &str, index: usize, what: &str) -> Html {
    let onclick = {
        let (dispatch, list) = (form.dispatch.clone(), list.to_string());
        Callback::from(move |_| dispatch.emit(Action::RemoveRow { list: list.clone(), index }))
    };
    let label = format!("{} {}", form.t(Text::Remove), what);
    html! {
        <button type="button" class="remove" data-action="remove" aria-label={label} {onclick}>
            { form.t(Text::Remove) }
        </button>
    }
}

/// A "+ Add" button of `list`; the focus goes to `first`, the path of the new row's first field, so the keyboard
/// carries on there.
pub fn add_button(form: &FormCtx, list: List, label: Text, first: &str) -> Html {
    let onclick = {
        let (dispatch, first) = (form.dispatch.clone(), first.to_string());
        Callback::from(move |e: MouseEvent| {
            dispatch.emit(Action::AddRow(list));
            focus_after_render(&e, &first);
        })
    };
    html! {
        <button type="button" class="add" data-action="add" data-list={list.path()} {onclick}>
            { format!("+ {}", form.t(label)) }
        </button>
    }
}
