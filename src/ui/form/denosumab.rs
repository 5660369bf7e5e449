//! Denosumab: whether the case has a block, its regimen and plan, and the injection dates.

use yew::prelude::*;

use super::{key, RemoveButton, Section};
use crate::clinical::case::{Plan, Regimen};
use crate::i18n::Text;
use crate::state::{Action, List};
use crate::ui::ctx::use_form;
use crate::ui::fields::{CheckField, SelectField, TextField};

#[component]
pub fn Denosumab() -> Html {
    let form = use_form();
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
        let regimens: Vec<(String, String)> =
            [Regimen::Osteoporosis60mgQ6m, Regimen::Oncology120mgQ4w].iter().map(|r| (key(r), r.label(lang).to_string())).collect();
        let plans: Vec<(String, String)> =
            [Plan::Continue, Plan::Stop].iter().map(|p| (key(p), p.label(lang).to_string())).collect();
        let injections = (0..block.injections.len()).map(|i| {
            let path = format!("denosumab.injections[{i}]");
            let what = format!("{} {}", form.t(Text::Injections), i + 1);
            html! {
                <div class="list-row inline" data-row={path.clone()}>
                    <TextField path={path.clone()} label={what.clone()} hint={form.t(Text::DateHint)} />
                    <RemoveButton list="denosumab.injections" index={i} {what} />
                </div>
            }
        });
        let dispatch = form.dispatch.clone();
        html! {
            <>
                <div class="row">
                    <SelectField path="denosumab.regimen" label={form.t(Text::RegimenField)} options={regimens} allow_empty={false} />
                    <SelectField path="denosumab.plan" label={form.t(Text::PlanField)} options={plans} allow_empty={false} />
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
        <Section title={Text::SectionDenosumab}>
            <CheckField path="denosumab" label={form.t(Text::OnDenosumab)} checked={block.is_some()} onchange={on_toggle} />
            { details.unwrap_or_default() }
        </Section>
    }
}
