//! Conditions: the checkboxes behind the contraindication rules.

use yew::prelude::*;

use super::Section;
use crate::i18n::Text;
use crate::names::{condition_label, CONDITIONS};
use crate::ui::ctx::use_form;
use crate::ui::fields::FlagField;

#[component]
pub fn Conditions() -> Html {
    let form = use_form();
    html! {
        <Section title={Text::SectionConditions}>
            <div class="checks">
                { for CONDITIONS.iter().map(|(key, _, _)| html! {
                    <FlagField path={format!("conditions.{key}")} label={condition_label(key, form.lang)} />
                }) }
            </div>
        </Section>
    }
}
