//! The clinic settings panel: the clinic's header line, the guideline profile, the centre's least significant
//! change per site and the laboratory's premenopausal CTX and P1NP means. A setting of this device (storage.rs),
//! filled into every case that does not carry its own values (`app::settings`).

use std::rc::Rc;

use yew::prelude::*;

use super::ctx::FormCtx;
use super::fields::{number_field, select_field};
use crate::app::state::{Action, AppState};
use crate::clinical::case::{Profile, Site};
use crate::words::i18n::Text;
use crate::words::messages::{field_messages, typing_message};

/// The panel, closed until opened. Its fields are the form's, on the settings' partial case: typed text is kept as
/// typed, and a value out of range shows beside its field (from the case it is filled into, or as typed here).
pub fn settings_panel(form: &FormCtx, state: &AppState) -> Html {
    let lang = form.lang;
    let mut messages = (*form.messages).clone();
    // A setting out of range is named at once (the panel's fields are outside the form, whose fields wait until
    // they are left): from the case it was filled into.
    let case = &state.draft.case;
    if case.lsc_percent.is_some() || case.btm_reference.is_some() {
        if let Err(problems) = state.draft.evaluate() {
            let ours = |path: &str| path.starts_with("lsc_percent") || path.starts_with("btm_reference");
            for (path, message) in field_messages(&problems, lang, &ours).iter() {
                messages.insert(path.clone(), message.clone());
            }
        }
    }
    for (path, error) in state.settings.typing_errors() {
        messages.insert(path, typing_message(error, lang).to_string());
    }
    let settings = FormCtx {
        lang,
        draft: Rc::new(state.settings.clone()),
        messages: Rc::new(messages),
        dispatch: form.dispatch.reform(|action| Action::Setting(Box::new(action))),
    };
    let profiles: Vec<(String, String)> =
        [Profile::Cn2022, Profile::Aace2020].iter().map(|p| (super::form::key(p), p.label(lang).into())).collect();
    let case = &form.draft.case;
    let own =
        (case.lsc_percent, case.btm_reference) != (state.settings.case.lsc_percent, state.settings.case.btm_reference);
    let on_header = form.dispatch.reform(|e: InputEvent| {
        Action::SetClinicHeader(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
    });
    let lsc = Site::ALL
        .map(|site| number_field(&settings, &format!("lsc_percent.{}", site.key()), site.label(lang), "%", "0.5–15"));
    html! {
        <details class="settings" data-settings="">
            <summary>{ form.t(Text::ClinicSettings) }</summary>
            <p class="hint">{ form.t(Text::ClinicSettingsHint) }</p>
            <div class="field">
                <label for="clinic-header">{ form.t(Text::ClinicHeader) }</label>
                <input id="clinic-header" name="clinic-header" type="text" maxlength="200"
                    value={state.clinic_header.clone()} oninput={on_header} />
            </div>
            { select_field(&settings, "profile", form.t(Text::ProfileField), &profiles, false, false) }
            <fieldset class="form-section">
                <legend>{ form.t(Text::LscField) }</legend>
                <div class="row">{ for lsc }</div>
            </fieldset>
            <fieldset class="form-section">
                <legend>{ form.t(Text::BtmReferenceField) }</legend>
                <div class="row">
                    { number_field(&settings, "btm_reference.ctx_ng_ml", "CTX", "ng/mL", "0.05–2") }
                    { number_field(&settings, "btm_reference.p1np_ng_ml", "P1NP", "ng/mL", "5–200") }
                </div>
            </fieldset>
            if own {
                <p class="hint" data-own-values="">{ form.t(Text::CaseOwnValues) }</p>
            }
        </details>
    }
}
