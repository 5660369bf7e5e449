//! Risk factors: FRAX, falls, glucocorticoids and secondary causes.

use serde_json::Value;
use yew::prelude::*;

use super::{key, section};
use crate::app::state::Action;
use crate::clinical::case::SecondaryCause;
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{check_field, flag_field, number_field};
use crate::words::i18n::Text;

pub fn risk(form: &FormCtx) -> Html {
    let lang = form.lang;
    let chosen = form.draft.case.secondary_causes.clone();
    let causes = SecondaryCause::ALL.iter().map(|&cause| {
        let onchange = {
            let (dispatch, chosen) = (form.dispatch.clone(), chosen.clone());
            Callback::from(move |on: bool| {
                let list: Vec<Value> = SecondaryCause::ALL
                    .iter()
                    .filter(|&&c| if c == cause { on } else { chosen.contains(&c) })
                    .map(|c| Value::String(key(c)))
                    .collect();
                dispatch.emit(Action::Set { path: "secondary_causes".into(), value: Some(Value::Array(list)) })
            })
        };
        html! {
            { check_field(&format!("secondary_causes.{}", key(&cause)), cause.label(lang), chosen.contains(&cause), onchange) }
        }
    });
    // RISK-GC-FRAX: FRAX is entered as calculated and adjusted here for the dose.
    let on_glucocorticoids =
        form.draft.case.glucocorticoids.as_ref().is_some_and(|g| g.mg_per_day.unwrap_or(0.0) > 0.0);
    html! {
        { section(form, Text::SectionRisk, html! { <>
            <div class="row">
                { number_field(form, "frax.mof_percent", form.t(Text::FraxMof), "%", "0–100") }
                { number_field(form, "frax.hip_percent", form.t(Text::FraxHip), "%", "0–100") }
            </div>
            if on_glucocorticoids {
                <p class="hint" data-hint="frax-gc">{ form.t(Text::FraxGcNote) }</p>
            }
            <div class="row">
                { number_field(form, "falls_last_12_months", form.t(Text::Falls), "", "0–100") }
                { flag_field(form, "injurious_fall", form.t(Text::InjuriousFall)) }
            </div>
            <div class="row">
                { number_field(form, "glucocorticoids.mg_per_day", form.t(Text::GcDose), form.t(Text::MgPerDay), "0–200") }
                { number_field(form, "glucocorticoids.months", form.t(Text::GcMonths), form.t(Text::Months), "0–600") }
            </div>
            <div class="checks-group" role="group" aria-label={form.t(Text::SecondaryCauses)}>
                <p class="group-label">{ form.t(Text::SecondaryCauses) }</p>
                <div class="checks">{ for causes }</div>
            </div>
        </> }) }
    }
}
