//! Patient: assessment date, the case's guideline profile (chosen in the clinic settings, shown here), name, ID, sex, age, menopause, weight, height.

use yew::prelude::*;

use super::{key, section};
use crate::clinical::case::{Menopause, Sex};
use crate::ui::ctx::FormCtx;
use crate::ui::fields::{date_field, number_field, select_field, text_field};
use crate::words::i18n::Text;

pub fn patient(form: &FormCtx) -> Html {
    let lang = form.lang;
    let options = |items: Vec<(String, &str)>| items.into_iter().map(|(k, l)| (k, l.to_string())).collect::<Vec<_>>();
    let sexes = options([Sex::Female, Sex::Male].iter().map(|s| (key(s), s.label(lang))).collect());
    let menopause = options(
        [Menopause::Premenopausal, Menopause::Perimenopausal, Menopause::Postmenopausal]
            .iter()
            .map(|m| (key(m), m.label(lang)))
            .collect(),
    );
    // The profile is the clinic's (issue 24): chosen once in the clinic settings, shown here for this case.
    let profile = form.draft.case.profile;
    let is_man = form.draft.case.patient.sex == Some(Sex::Male);
    html! {
        { section(form, Text::SectionPatient, html! { <>
            <div class="row">
                { date_field(form, "assessed_on", form.t(Text::AssessedOn)) }
                <p class="field" data-profile={key(&profile)}>
                    { form.t(Text::ProfileField) }<strong>{ profile.label(lang) }</strong>
                    <span class="hint">{ form.t(Text::ProfileInSettings) }</span>
                </p>
            </div>
            <div class="row">
                { text_field(form, "patient.name", form.t(Text::Name), "") }
                { text_field(form, "patient.id", form.t(Text::PatientId), "") }
            </div>
            <div class="row">
                { select_field(form, "patient.sex", form.t(Text::Sex), &sexes, true, false) }
                { number_field(form, "patient.age_years", form.t(Text::Age), form.t(Text::Years), "18–120") }
                { select_field(form, "patient.menopause", form.t(Text::MenopauseField), &menopause, true, is_man) }
            </div>
            <div class="row">
                { number_field(form, "patient.weight_kg", form.t(Text::Weight), "kg", "20–300") }
                { number_field(form, "patient.height_cm", form.t(Text::Height), "cm", "100–250") }
            </div>
        </> }) }
    }
}
