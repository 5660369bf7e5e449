//! Bone turnover markers: each result's test (serum β-CTX or P1NP), date, value and unit, as the case format has
//! them; a pasted table adds rows.

use yew::prelude::*;

use super::{remove_button, section};
use crate::app::state::{Action, List};
use crate::clinical::case::BtmTest;
use crate::clinical::plan::Test;
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{date_field, number_field, select_field};
use crate::words::i18n::Text;

pub fn markers(form: &FormCtx) -> Html {
    let lang = form.lang;
    // Option values written out: `key` would bring in a serializer for each enum.
    let tests: Vec<(String, String)> =
        [("ctx", Test::Ctx), ("p1np", Test::P1np)].iter().map(|(t, l)| (t.to_string(), l.label(lang).into())).collect();
    let rows = form.draft.case.btm.iter().enumerate().map(|(i, result)| {
        let at = |field: &str| format!("btm[{i}].{field}");
        // P1NP is reported in ng/mL or µg/L only (case-format.md).
        let units = [("ng_ml", "ng/mL"), ("ug_l", "µg/L"), ("pg_ml", "pg/mL"), ("ng_l", "ng/L")];
        let units = &units[..if result.test == Some(BtmTest::P1np) { 2 } else { 4 }];
        let units: Vec<(String, String)> = units.iter().map(|(u, l)| (u.to_string(), l.to_string())).collect();
        let what = format!("{} {}", form.t(Text::SectionMarkers), i + 1);
        html! {
            <div class="list-row" data-row={format!("btm[{i}]")} role="group" aria-label={what.clone()}>
                <div class="row">
                    { select_field(form, &at("test"), form.t(Text::MarkerTest), &tests, false, false) }
                    { date_field(form, &at("date"), form.t(Text::Date)) }
                    { number_field(form, &at("value"), form.t(Text::MarkerValue), "", "> 0") }
                    { select_field(form, &at("unit"), form.t(Text::MarkerUnit), &units, true, false) }
                </div>
                { remove_button(form, "btm", i, &what) }
            </div>
        }
    });
    let dispatch = form.dispatch.clone();
    html! {
        { section(form, Text::SectionMarkers, html! { <>
            { for rows }
            <button type="button" class="add" data-action="add" data-list="btm"
                onclick={move |_| dispatch.emit(Action::AddRow(List::Btm))}>
                { format!("+ {}", form.t(Text::AddMarker)) }
            </button>
            { super::follow_up::paste_box(form, false, Text::PasteBtm) }
        </> }) }
    }
}
