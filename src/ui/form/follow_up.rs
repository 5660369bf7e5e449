//! The follow-up visit's DXA: today's study's date and machine, and the earlier studies, one per date, each with
//! the sites of today's DXA (BMD and/or T-score) and its machine. The case keeps one entry per site and date; a
//! study's date and machine fields stand for all its entries (`app::follow_up`).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::{remove_button, section};
use crate::app::follow_up::studies;
use crate::app::state::Action;
use crate::ui::ctx::{field_id, FormCtx};
use crate::ui::fields::{date_field, number_field, problem, text_field};
use crate::words::i18n::Text;

/// Today's study: its date (absent: the assessment date) and machine.
pub fn this_study(form: &FormCtx) -> Html {
    html! {
        <div class="row">
            { date_field(form, "dxa_date", form.t(Text::DxaDate)) }
            { text_field(form, "dxa_machine", form.t(Text::DxaMachine), "") }
        </div>
    }
}

pub fn earlier_dxa(form: &FormCtx) -> Html {
    let lang = form.lang;
    let previous = &form.draft.case.dxa_previous;
    let rows = studies(previous).into_iter().enumerate().map(|(n, run)| {
        let first = run.start;
        let what = format!("{} {}", form.t(Text::SectionEarlierDxa), n + 1);
        let sites = run.map(|i| {
            let at = |field: &str| format!("dxa_previous[{i}].{field}");
            let site = previous[i].site.map_or("", |s| s.label(lang));
            html! {
                <div class="row" data-row={format!("dxa_previous[{i}]")}>
                    <div class="row-title">{ site }</div>
                    { number_field(form, &at("bmd_g_cm2"), form.t(Text::Bmd), "g/cm²", "0.1–2.5") }
                    { number_field(form, &at("t_score"), form.t(Text::TScore), "", "−8 … 6") }
                    { problem(&field_id(&at("site")), &at("site"), form.messages.get(&at("site"))) }
                    { remove_button(form, "dxa_previous", i, &format!("{what} {site}")) }
                </div>
            }
        });
        html! {
            <div class="list-row" data-study={n.to_string()} role="group" aria-label={what.clone()}>
                <div class="row">
                    { text_field(form, &format!("dxa_previous[{first}].date"), form.t(Text::Date), form.t(Text::DateHint)) }
                    { text_field(form, &format!("dxa_previous[{first}].machine"), form.t(Text::DxaMachine), "") }
                </div>
                // Removing every site removes the study.
                { for sites }
            </div>
        }
    });
    let dispatch = form.dispatch.clone();
    html! {
        { section(form, Text::SectionEarlierDxa, html! { <>
            { for rows }
            <button type="button" class="add" data-action="add-study" onclick={move |_| dispatch.emit(Action::AddStudy)}>
                { format!("+ {}", form.t(Text::AddStudy)) }
            </button>
            { paste_box(form, true, Text::PasteDxa) }
        </> }) }
    }
}

/// A box a small table is pasted into: its lines become rows at once, and the box empties; a line with a problem
/// becomes a row all the same, its problem beside its field.
pub fn paste_box(form: &FormCtx, dxa: bool, label: Text) -> Html {
    let name = if dxa { "paste-dxa" } else { "paste-btm" };
    // Pasted: its lines become rows at once (typed text stays in the box).
    let oninput = {
        let dispatch = form.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if e.input_type() == "insertFromPaste" {
                let area: HtmlTextAreaElement = e.target_unchecked_into();
                dispatch.emit(Action::Paste { dxa, text: area.value() });
                area.set_value("");
            }
        })
    };
    html! {
        <div class="field paste">
            <label for={name}>{ form.t(label) }</label>
            <textarea id={name} {name} rows="2" placeholder="2024-03-12  0.31" {oninput} />
        </div>
    }
}
