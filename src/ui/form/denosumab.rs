//! Denosumab: whether the case has a block, its regimen and plan, and the injection dates.

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlInputElement};
use yew::prelude::*;

use super::{add_button, key, remove_button, section};
use crate::app::state::{Action, List};
use crate::clinical::case::{Plan, Regimen};
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{check_field, date_field, focus_after_render, select_field};
use crate::words::i18n::Text;

pub fn denosumab(form: &FormCtx) -> Html {
    let lang = form.lang;
    let block = form.draft.case.denosumab.as_ref();
    let on_toggle = {
        let dispatch = form.dispatch.clone();
        let has_injections = block.is_some_and(|b| !b.injections.is_empty());
        let confirm = form.t(Text::ConfirmDropDenosumab);
        Callback::from(move |on: bool| {
            // Unticking would drop entered dates: ask first.
            if on || !has_injections || super::super::browser::confirm(confirm) {
                dispatch.emit(Action::SetDenosumab(on));
            } else {
                dispatch.emit(Action::SetDenosumab(true));
            }
        })
    };
    let details = block.map(|block| {
        let regimens: Vec<(String, String)> = [Regimen::Osteoporosis60mgQ6m, Regimen::Oncology120mgQ4w]
            .iter()
            .map(|r| (key(r), r.label(lang).to_string()))
            .collect();
        // "Denosumab: continue / stop (plan an exit)".
        let plans = [(Plan::Continue, Plan::Continue.label(lang)), (Plan::Stop, form.t(Text::DenosumabStop))]
            .map(|(plan, label)| (key(&plan), label.to_string()));
        let count = block.injections.len();
        let next = format!("denosumab.injections[{count}]");
        let injections = (0..count).map(|i| {
            let path = format!("denosumab.injections[{i}]");
            let what = format!("{} {}", form.t(Text::Injections), i + 1);
            html! {
                <div class="list-row inline" data-row={path.clone()}>
                    { date_field(form, &path, &what) }
                    { remove_button(form, "denosumab.injections", i, &what) }
                </div>
            }
        });
        // Enter in the last date (once it holds one) adds the next row; a list of dates pasted into any of them
        // fills the list (`Action::PasteDates`). Both are heard once, on the group.
        let onkeydown = {
            let last = format!("denosumab.injections[{}]", count.max(1) - 1);
            let (dispatch, next) = (form.dispatch.clone(), next.clone());
            Callback::from(move |e: KeyboardEvent| {
                let input = e.target_unchecked_into::<HtmlInputElement>();
                if e.key() == "Enter" && input.name() == last && !input.value().trim().is_empty() {
                    e.prevent_default();
                    // Left for the new row: shown as YYYY-MM-DD (the focus moves while the page draws, unheard).
                    dispatch.emit(Action::Leave(last.clone()));
                    dispatch.emit(Action::AddRow(List::Injections));
                    focus_after_render(&e, &next);
                }
            })
        };
        let onpaste = {
            let dispatch = form.dispatch.clone();
            Callback::from(move |e: Event| {
                let data = e.dyn_ref::<ClipboardEvent>().and_then(|e| e.clipboard_data());
                let text = data.and_then(|d| d.get_data("text").ok()).unwrap_or_default();
                // One date pastes as text does; a list (one per line, or with spaces, commas or semicolons between)
                // fills the rows.
                if text.trim().contains(['\n', '\t', ' ', ',', ';', '，', '；']) {
                    e.prevent_default();
                    dispatch.emit(Action::PasteDates(text));
                }
            })
        };
        html! {
            <>
                <div class="row">
                    { select_field(form, "denosumab.plan", form.t(Text::SectionDenosumab), &plans, false, false) }
                    { select_field(form, "denosumab.regimen", form.t(Text::RegimenField), &regimens, false, false) }
                </div>
                <div class="injections" role="group" aria-label={form.t(Text::Injections)} {onkeydown} {onpaste}>
                    { for injections }
                </div>
                { add_button(form, List::Injections, Text::AddInjection, &next) }
            </>
        }
    });
    html! {
        { section(form, Text::SectionDenosumab, html! { <>
            { check_field("denosumab", form.t(Text::OnDenosumab), block.is_some(), on_toggle) }
            { details.unwrap_or_default() }
        </> }) }
    }
}
