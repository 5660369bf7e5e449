//! The root component: owns the state and every side effect (storage, the document's language, the share link).

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::ctx::FormCtx;
use super::form::CaseForm;
use super::header::{Header, Page};
use super::host;
use super::notices::{self, Notices};
use super::offline::UpdateBanner;
use super::results::Results;
use super::storage;
use super::storage::SetAside;
use super::toolbar::{export_case, file_stem, Toolbar};
use crate::calendar::{has_events, icalendar};
use crate::clinical::errors::InputError;
use crate::document::document;
use crate::i18n::Text;
use crate::import::read_case_file;
use crate::messages::field_messages;
use crate::rule_text::RuleValues;
use crate::share;
use crate::sheet::sheet_of;
use crate::state::{Action, AppState, Draft};
use crate::text::plain_text;

/// What the page found at start-up that the user should know about (see `notices.rs`).
#[derive(Default)]
struct StartNotes {
    no_storage: bool,
    set_aside: Option<SetAside>,
    /// The case in the share link could not be read, and the first reason (if any was given).
    link_error: Option<Option<InputError>>,
}

/// The state at start-up: a case from a share link wins (after asking, if another case is in progress), then the
/// saved draft, then a blank case assessed today. An embedded frame shows the host's patient, so it never starts
/// from the draft saved by the full app on this device (which may be another patient), and never touches it.
fn initial_state(embedded: bool) -> (AppState, StartNotes) {
    let mut notes = StartNotes { no_storage: !embedded && !storage::available(), ..StartNotes::default() };
    let saved = if embedded {
        None
    } else {
        storage::load_draft().unwrap_or_else(|set_aside| {
            notes.set_aside = Some(set_aside);
            None
        })
    };
    let lang = storage::load_lang();
    let mut state = AppState::initial(lang, storage::browser_lang_tag().as_deref(), Draft::new(&browser::today()));
    state.clinic_header = storage::load_clinic_header();
    if let Some(saved) = saved.clone() {
        state.draft = saved;
    }
    if let Some(linked) = share::decode(&browser::fragment()) {
        match linked {
            Ok(case) => {
                let in_progress = saved.is_some_and(|d| d.case != case && d != Draft::new(&browser::today()));
                if !in_progress || browser::confirm(Text::ConfirmReplaceFromLink.get(state.lang)) {
                    state.draft = Draft::from_case(case);
                }
            }
            // Said in the page, not in a dialog; the saved case stays as it was.
            Err(errors) => notes.link_error = Some(errors.into_iter().next()),
        }
        browser::clear_fragment();
    }
    (state, notes)
}

#[component]
pub fn App() -> Html {
    let embedded = *use_memo((), |_| host::is_embedded());
    let start = use_memo((), move |_| initial_state(embedded));
    let state = use_reducer({
        let start = start.clone();
        move || start.0.clone()
    });
    let lang = state.lang;
    let set_aside = use_state(|| start.1.set_aside.clone().map(Rc::new));
    let link_error = use_state(|| start.1.link_error.clone());
    // The last save of the case failed; cleared by the next one that works.
    let not_saved = use_state_eq(|| false);

    // The host owns an embedded frame's case and language: saving them would overwrite the full app's draft (a case
    // in progress in another tab) and its language, so a frame keeps both in memory only.
    let persist = !embedded;
    // Without storage at all the page has said so once; there is nothing to retry.
    let can_store = !start.1.no_storage;
    use_effect_with(lang, move |&lang| {
        if persist {
            storage::save_lang(lang);
        }
        browser::show_language(lang, &format!("{} — {}", Text::AppName.get(lang), Text::Tagline.get(lang)));
    });
    {
        let not_saved = not_saved.clone();
        use_effect_with(state.draft.clone(), move |draft| {
            if persist && can_store {
                not_saved.set(storage::save_draft(draft).is_err());
            }
        });
    }
    use_effect_with(state.clinic_header.clone(), |header| storage::save_clinic_header(header));

    let result = use_memo(state.draft.clone(), |draft| draft.evaluate());
    // One document for the screen, the printed sheet and "Copy as text".
    let doc = use_memo((state.draft.case.clone(), result.clone(), lang), |(case, result, lang)| {
        document(case, result, *lang)
    });
    // "Copied" answers the click; once the document changes, the copy is out of date and the word goes.
    let copied = use_state_eq(|| false);
    {
        let copied = copied.clone();
        use_effect_with(doc.clone(), move |_| copied.set(false));
    }
    let messages = use_memo((result.clone(), lang), |(result, lang)| match result.as_ref() {
        Ok(_) => Default::default(),
        Err(problems) => field_messages(problems, *lang),
    });

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            // Only a frame opened with ?embed=1 takes cases from a host: the full app keeps the user's own case.
            if embedded {
                host::listen(move |sent| {
                    if let Ok(case) = read_case_file(&sent.text) {
                        dispatch.emit(Action::Load(Box::new(Draft::from_case(case))));
                    }
                    if let Some(lang) = sent.lang {
                        dispatch.emit(Action::SetLang(lang));
                    }
                    sent.reply();
                });
            }
        });
    }
    let on_forget = {
        let (dispatch, set_aside) = (dispatch.clone(), set_aside.clone());
        Callback::from(move |_| {
            if browser::confirm(Text::ConfirmForget.get(lang)) {
                storage::forget_all();
                set_aside.set(None);
                dispatch.emit(Action::Load(Box::new(Draft::new(&browser::today()))));
                dispatch.emit(Action::SetClinicHeader(String::new()));
            }
        })
    };
    let on_export = {
        let case = state.draft.case.clone();
        Callback::from(move |_| export_case(&case))
    };
    let on_dismiss_set_aside = {
        let set_aside = set_aside.clone();
        Callback::from(move |_| set_aside.set(None))
    };
    let on_dismiss_link = {
        let link_error = link_error.clone();
        Callback::from(move |_| link_error.set(None))
    };
    let on_lang = dispatch.reform(Action::SetLang);
    let on_print = Callback::from(|_| browser::print());
    let on_clinic_header = dispatch.reform(|e: InputEvent| {
        Action::SetClinicHeader(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
    });
    let on_calendar = {
        let (result, case) = (result.clone(), state.draft.case.clone());
        Callback::from(move |_| {
            let ics = result
                .as_ref()
                .as_ref()
                .ok()
                .and_then(|report| icalendar(report, &RuleValues::new(&case, report, lang), lang));
            if let Some(ics) = ics {
                browser::download(&format!("{}-plan.ics", file_stem(&case)), "text/calendar", &ics);
            }
        })
    };
    let on_copy = {
        let (doc, copied) = (doc.clone(), copied.clone());
        Callback::from(move |_| {
            browser::copy_text(&plain_text(&doc, lang));
            copied.set(true);
        })
    };
    // Rendered with every change but shown only on paper (see the print rules in style.css).
    let sheet = use_memo((doc.clone(), lang, state.clinic_header.clone()), |(doc, lang, header)| {
        Html::from_html_unchecked(sheet_of(doc, *lang, header).into())
    });
    let has_events = result.as_ref().as_ref().is_ok_and(has_events);
    let form = FormCtx {
        lang,
        draft: Rc::new(state.draft.clone()),
        messages: Rc::new((*messages).clone()),
        dispatch: dispatch.clone(),
    };
    let notices = notices::view(Notices {
        lang,
        no_storage: start.1.no_storage,
        set_aside: (*set_aside).clone(),
        on_dismiss_set_aside,
        not_saved: *not_saved,
        on_export,
        link_error: (*link_error).clone(),
        on_dismiss_link,
    });
    html! {
        <div class={classes!("app", embedded.then_some("embedded"))}>
            if !embedded {
                <Header {lang} {on_lang} page={Page::Calculator} />
            }
            <UpdateBanner {lang} />
            <p class="notice" role="note">{ Text::Notice.get(lang) }</p>
            { notices }
            <Toolbar {lang} case={state.draft.case.clone()} dispatch={dispatch.clone()} {on_forget} />
            <main class="columns">
                <section class="column inputs" aria-labelledby="inputs-heading">
                    <h2 id="inputs-heading">{ Text::InputsHeading.get(lang) }</h2>
                    <ContextProvider<FormCtx> context={form}>
                        <CaseForm />
                    </ContextProvider<FormCtx>>
                </section>
                <section class="column results" aria-labelledby="results-heading" aria-live="polite">
                    <h2 id="results-heading" class="visually-hidden">{ Text::ResultsHeading.get(lang) }</h2>
                    <Results doc={doc.clone()} {lang} {has_events} {on_calendar} {on_copy} copied={*copied} />
                    <div class="actions">
                        <label class="field" for="clinic-header">{ Text::ClinicHeader.get(lang) }</label>
                        <input id="clinic-header" name="clinic-header" type="text" maxlength="200"
                            value={state.clinic_header.clone()} oninput={on_clinic_header} />
                        <button type="button" class="print-button" data-action="print" onclick={on_print}>
                            { Text::Print.get(lang) }
                        </button>
                    </div>
                </section>
            </main>
            <footer class="app-footer">
                <p>{ Text::Notice.get(lang) }</p>
            </footer>
            <div class="print-sheet">{ (*sheet).clone() }</div>
        </div>
    }
}
