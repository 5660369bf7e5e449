//! Denosumab: whether the case has a block, its regimen and plan, and the injection dates.

use yew::prelude::*;

use super::{key, remove_button, section};
use crate::app::state::{Action, List};
use crate::clinical::case::{Plan, Regimen};
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{check_field, select_field, text_field};
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
        let injections = (0..block.injections.len()).map(|i| {
            let path = format!("denosumab.injections[{i}]");
            let what = format!("{} {}", form.t(Text::Injections), i + 1);
            html! {
                <div class="list-row inline" data-row={path.clone()}>
                    { text_field(form, &path, &what, form.t(Text::DateHint)) }
                    { remove_button(form, "denosumab.injections", i, &what) }
                </div>
            }
        });
        let dispatch = form.dispatch.clone();
        html! {
            <>
                <div class="row">
                    { select_field(form, "denosumab.plan", form.t(Text::SectionDenosumab), &plans, false, false) }
                    { select_field(form, "denosumab.regimen", form.t(Text::RegimenField), &regimens, false, false) }
                </div>
                <div class="injections" role="group" aria-label={form.t(Text::Injections)}>
                    { for injections }
                </div>
                <button type="button" class="add" data-action="add" data-list="denosumab.injections"
                    onclick={move |_| dispatch.emit(Action::AddRow(List::Injections))}>
                    { format!("+ {}", form.t(Text::AddInjection)) }
                </button>
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
