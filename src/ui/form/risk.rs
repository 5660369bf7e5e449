//! Risk factors: FRAX, falls, glucocorticoids and secondary causes.

use serde_json::Value;
use yew::prelude::*;

use super::{key, Section};
use crate::clinical::case::SecondaryCause;
use crate::i18n::Text;
use crate::state::Action;
use crate::ui::ctx::use_form;
use crate::ui::fields::{CheckField, FlagField, NumberField};

#[component]
pub fn Risk() -> Html {
    let form = use_form();
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
            <CheckField path={format!("secondary_causes.{}", key(&cause))} label={cause.label(lang)}
                checked={chosen.contains(&cause)} {onchange} />
        }
    });
    // RISK-GC-FRAX: FRAX is entered as calculated and adjusted here for the dose.
    let on_glucocorticoids =
        form.draft.case.glucocorticoids.as_ref().is_some_and(|g| g.mg_per_day.unwrap_or(0.0) > 0.0);
    html! {
        <Section title={Text::SectionRisk}>
            <div class="row">
                <NumberField path="frax.mof_percent" label={form.t(Text::FraxMof)} unit="%" hint="0–100" />
                <NumberField path="frax.hip_percent" label={form.t(Text::FraxHip)} unit="%" hint="0–100" />
            </div>
            if on_glucocorticoids {
                <p class="hint" data-hint="frax-gc">{ form.t(Text::FraxGcNote) }</p>
            }
            <div class="row">
                <NumberField path="falls_last_12_months" label={form.t(Text::Falls)} hint="0–100" />
                <FlagField path="injurious_fall" label={form.t(Text::InjuriousFall)} />
            </div>
            <div class="row">
                <NumberField path="glucocorticoids.mg_per_day" label={form.t(Text::GcDose)} unit={form.t(Text::MgPerDay)} hint="0–200" />
                <NumberField path="glucocorticoids.months" label={form.t(Text::GcMonths)} unit={form.t(Text::Months)} hint="0–600" />
            </div>
            <div class="checks-group" role="group" aria-label={form.t(Text::SecondaryCauses)}>
                <p class="group-label">{ form.t(Text::SecondaryCauses) }</p>
                <div class="checks">{ for causes }</div>
            </div>
        </Section>
    }
}
