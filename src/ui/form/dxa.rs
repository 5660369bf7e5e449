//! DXA: one row per site (each site at most once), with a T-score, a Z-score, or a BMD and its reference.

use yew::prelude::*;

use super::{key, RemoveButton, Section};
use crate::clinical::case::Site;
use crate::i18n::Text;
use crate::state::Action;
use crate::ui::ctx::{field_id, use_form};
use crate::ui::fields::{problem, NumberField};

#[component]
pub fn Dxa() -> Html {
    let form = use_form();
    let lang = form.lang;
    let rows = form.draft.case.dxa.iter().enumerate().map(|(i, entry)| {
        let at = |field: &str| AttrValue::from(format!("dxa[{i}].{field}"));
        let site = entry.site.map_or("", |s| s.label(lang));
        html! {
            <div class="list-row" data-row={format!("dxa[{i}]")} role="group" aria-label={site}>
                <div class="row-title">{ site }</div>
                <div class="row">
                    <NumberField path={at("t_score")} label={form.t(Text::TScore)} hint="−8 … 6" />
                    <NumberField path={at("z_score")} label={form.t(Text::ZScore)} hint="−8 … 6" />
                    <NumberField path={at("bmd_g_cm2")} label={form.t(Text::Bmd)} unit="g/cm²" hint="0.1–2.5" />
                    <NumberField path={at("reference.mean")} label={form.t(Text::RefMean)} unit="g/cm²" hint="0.1–2.5" />
                    <NumberField path={at("reference.sd")} label={form.t(Text::RefSd)} unit="g/cm²" hint="0.01–0.5" />
                </div>
                <RemoveButton list="dxa" index={i} what={site} />
            </div>
        }
    });
    let add_buttons = Site::ALL.iter().map(|&site| {
        let taken = form.draft.case.dxa.iter().any(|e| e.site == Some(site));
        let dispatch = form.dispatch.clone();
        html! {
            <button type="button" class="add" data-action="add-dxa" data-site={key(&site)} disabled={taken}
                onclick={move |_| dispatch.emit(Action::AddDxa(site))}>
                { format!("+ {}", site.label(lang)) }
            </button>
        }
    });
    let message = form.messages.get("dxa");
    html! {
        <Section title={Text::SectionDxa}>
            <p class="hint">{ form.t(Text::RefHint) }</p>
            <p class="hint">{ form.t(Text::DxaOptionalHint) }</p>
            { for rows }
            <div class="add-row" role="group" aria-label={form.t(Text::AddSite)}>{ for add_buttons }</div>
            { problem(&field_id("dxa"), "dxa", message) }
            <div class="row">
                <NumberField path="pre_treatment_t_score" label={form.t(Text::PreTreatmentT)} hint="−8 … 6" />
            </div>
        </Section>
    }
}
