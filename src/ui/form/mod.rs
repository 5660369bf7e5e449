//! The input column: one section per group of the case.

mod conditions;
mod denosumab;
mod dxa;
mod fractures;
mod history;
mod labs;
mod patient;
mod risk;

use serde::Serialize;
use yew::prelude::*;

use super::ctx::use_form;
use crate::i18n::Text;

/// The spec's name for an enum value (`femoral_neck`), as used in `<option value>`.
pub fn key<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).map(|s| s.trim_matches('"').to_string()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct SectionProps {
    pub title: Text,
    pub children: Html,
}

/// A titled group of fields.
#[component]
pub fn Section(props: &SectionProps) -> Html {
    let form = use_form();
    html! {
        <fieldset class="form-section">
            <legend>{ form.t(props.title) }</legend>
            { props.children.clone() }
        </fieldset>
    }
}

#[component]
pub fn CaseForm() -> Html {
    html! {
        <form class="case-form" onsubmit={|e: SubmitEvent| e.prevent_default()} autocomplete="off">
            <patient::Patient />
            <dxa::Dxa />
            <fractures::Fractures />
            <risk::Risk />
            <labs::Labs />
            <conditions::Conditions />
            <history::History />
            <denosumab::Denosumab />
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct RemoveProps {
    pub list: AttrValue,
    pub index: usize,
    /// What the row is, for screen readers ("Remove Fractures 2").
    pub what: AttrValue,
}

/// The remove button of a list row.
#[component]
pub fn RemoveButton(props: &RemoveProps) -> Html {
    let form = use_form();
    let onclick = {
        let (dispatch, list, index) = (form.dispatch.clone(), props.list.to_string(), props.index);
        Callback::from(move |_| dispatch.emit(crate::state::Action::RemoveRow { list: list.clone(), index }))
    };
    let label = format!("{} {}", form.t(Text::Remove), props.what);
    html! {
        <button type="button" class="remove" data-action="remove" aria-label={label} {onclick}>
            { form.t(Text::Remove) }
        </button>
    }
}
