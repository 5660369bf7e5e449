//! Conditions: the checkboxes behind the contraindication rules.

use yew::prelude::*;

use super::section;
use crate::ui::ctx::FormCtx;
use crate::ui::fields::flag_field;
use crate::words::i18n::Text;
use crate::words::names::{condition_label, CONDITIONS};

pub fn conditions(form: &FormCtx) -> Html {
    html! {
        { section(form, Text::SectionConditions, html! { <>
            <div class="checks">
                { for CONDITIONS.iter().map(|(key, _, _)| html! {
                    { flag_field(form, &format!("conditions.{key}"), condition_label(key, form.lang)) }
                }) }
            </div>
        </> }) }
    }
}
