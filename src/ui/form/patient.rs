//! Patient: assessment date, guideline profile, name, ID, sex, age, menopause, weight, height.

use yew::prelude::*;

use super::{key, Section};
use crate::clinical::case::{Menopause, Profile, Sex};
use crate::i18n::Text;
use crate::ui::ctx::use_form;
use crate::ui::fields::{NumberField, SelectField, TextField};

#[component]
pub fn Patient() -> Html {
    let form = use_form();
    let lang = form.lang;
    let options = |items: Vec<(String, &str)>| items.into_iter().map(|(k, l)| (k, l.to_string())).collect::<Vec<_>>();
    let sexes = options([Sex::Female, Sex::Male].iter().map(|s| (key(s), s.label(lang))).collect());
    let menopause = options(
        [Menopause::Premenopausal, Menopause::Perimenopausal, Menopause::Postmenopausal]
            .iter()
            .map(|m| (key(m), m.label(lang)))
            .collect(),
    );
    let profiles = options([Profile::Cn2022, Profile::Aace2020].iter().map(|p| (key(p), p.label(lang))).collect());
    let is_man = form.draft.case.patient.sex == Some(Sex::Male);
    html! {
        <Section title={Text::SectionPatient}>
            <div class="row">
                <TextField path="assessed_on" label={form.t(Text::AssessedOn)} hint={form.t(Text::DateHint)} />
                <SelectField path="profile" label={form.t(Text::ProfileField)} options={profiles} allow_empty={false} />
            </div>
            <div class="row">
                <TextField path="patient.name" label={form.t(Text::Name)} />
                <TextField path="patient.id" label={form.t(Text::PatientId)} />
            </div>
            <div class="row">
                <SelectField path="patient.sex" label={form.t(Text::Sex)} options={sexes} />
                <NumberField path="patient.age_years" label={form.t(Text::Age)} unit={form.t(Text::Years)} hint="18–120" />
                <SelectField path="patient.menopause" label={form.t(Text::MenopauseField)} options={menopause} disabled={is_man} />
            </div>
            <div class="row">
                <NumberField path="patient.weight_kg" label={form.t(Text::Weight)} unit="kg" hint="20–300" />
                <NumberField path="patient.height_cm" label={form.t(Text::Height)} unit="cm" hint="100–250" />
            </div>
        </Section>
    }
}
