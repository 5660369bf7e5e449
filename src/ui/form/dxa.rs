//! DXA: one row per site (each site at most once), with a T-score, a Z-score, or a BMD and its reference.

use yew::prelude::*;

use super::{key, remove_button, section};
use crate::app::state::Action;
use crate::clinical::case::Site;
use crate::ui::ctx::{field_id, FormCtx};
use crate::ui::fields::{focus_after_render, number_field, problem};
use crate::words::i18n::Text;

pub fn dxa(form: &FormCtx) -> Html {
    let lang = form.lang;
    let rows = form.draft.case.dxa.iter().enumerate().map(|(i, entry)| {
        let at = |field: &str| AttrValue::from(format!("dxa[{i}].{field}"));
        let site = entry.site.map_or("", |s| s.label(lang));
        html! {
            <div class="list-row" data-row={format!("dxa[{i}]")} role="group" aria-label={site}>
                <div class="row-title">{ site }</div>
                <div class="row">
                    { number_field(form, &at("t_score"), form.t(Text::TScore), "", "−8 … 6") }
                    { number_field(form, &at("z_score"), form.t(Text::ZScore), "", "−8 … 6") }
                    { number_field(form, &at("bmd_g_cm2"), form.t(Text::Bmd), "g/cm²", "0.1–2.5") }
                    { number_field(form, &at("reference.mean"), form.t(Text::RefMean), "g/cm²", "0.1–2.5") }
                    { number_field(form, &at("reference.sd"), form.t(Text::RefSd), "g/cm²", "0.01–0.5") }
                </div>
                { remove_button(form, "dxa", i, site) }
            </div>
        }
    });
    let add_buttons = Site::ALL.iter().map(|&site| {
        let taken = form.draft.case.dxa.iter().any(|e| e.site == Some(site));
        let dispatch = form.dispatch.clone();
        let first = format!("dxa[{}].t_score", form.draft.case.dxa.len());
        let onclick = move |e: MouseEvent| {
            dispatch.emit(Action::AddDxa(site));
            focus_after_render(&e, &first);
        };
        html! {
            <button type="button" class="add" data-action="add-dxa" data-site={key(&site)} disabled={taken} {onclick}>
                { format!("+ {}", site.label(lang)) }
            </button>
        }
    });
    let message = form.messages.get("dxa");
    html! {
        { section(form, Text::SectionDxa, html! { <>
            <p class="hint">{ form.t(Text::RefHint) }</p>
            <p class="hint">{ form.t(Text::DxaOptionalHint) }</p>
            { for rows }
            <div class="add-row" role="group" aria-label={form.t(Text::AddSite)}>{ for add_buttons }</div>
            { problem(&field_id("dxa"), "dxa", message) }
            { super::follow_up::this_study(form) }
            <div class="row">
                { number_field(form, "pre_treatment_t_score", form.t(Text::PreTreatmentT), "", "−8 … 6") }
            </div>
        </> }) }
    }
}
