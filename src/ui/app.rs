//! The root component: owns the state and every side effect (storage, the document's language, the share link).

use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use super::browser;
use super::ctx::FormCtx;
use super::fields::after_render;
use super::form::case_form;
use super::header::{header, Page};
use super::host;
use super::notices::{self, Notices};
use super::offline::{update_banner, use_update_ready};
use super::results::{results, ResultsProps};
use super::storage;
use super::storage::SetAside;
use super::texts;
use super::toolbar::{export_case, toolbar, use_toolbar_state, ToolbarProps};
use super::Same;
use crate::app::drafts::{self, patient_label, Kept};
use crate::app::file_name::file_stem;
use crate::app::import::read_case_file;
use crate::app::share;
use crate::app::state::{Action, AppState, Draft};
use crate::clinical::case::Case;
use crate::clinical::errors::InputError;
use crate::document::document;
use crate::document::{Block, Document, SectionKind};
use crate::render::calendar::{has_events, icalendar};
use crate::render::sheet::sheet_of;
use crate::render::text::{plain_text, summary_text};
use crate::words::i18n::{Lang, Text};
use crate::words::rule_text::RuleValues;
use crate::words::rule_texts;

/// What the page found at start-up that the user should know about (see `notices.rs`).
#[derive(Default)]
struct StartNotes {
    no_storage: bool,
    set_aside: Option<SetAside>,
    /// The case in the share link could not be read, and the first reason (if any was given).
    link_error: Option<Option<InputError>>,
    /// Drafts of tabs no longer open, newest first, offered while this tab's patient is blank.
    offers: Vec<Kept>,
}

/// The state at start-up: a case from a share link wins (after asking, if this tab has another case in progress),
/// then this tab's saved draft, then a blank case assessed today. Each tab has its own draft (`storage`): a new tab
/// starts blank, and a tab the clinic list opens shows the patient it was opened for, without asking. An embedded
/// frame shows the host's patient, so it never starts from a draft saved by the full app on this device (which may
/// be another patient), and never touches one.
fn initial_state(embedded: bool) -> (AppState, StartNotes) {
    let mut notes = StartNotes { no_storage: !embedded && !storage::available(), ..StartNotes::default() };
    let fragment = browser::fragment();
    let linked = share::decode(&fragment);
    let saved = if embedded {
        None
    } else {
        storage::start_tab(share::is_handoff(&fragment));
        let saved = storage::load_draft(linked.is_none()).unwrap_or_else(|set_aside| {
            notes.set_aside = Some(set_aside);
            None
        });
        notes.offers = settle_tabs();
        saved
    };
    let lang = storage::load_lang();
    let mut state = AppState::initial(lang, storage::browser_lang_tag().as_deref(), Draft::new(&browser::today()));
    state.clinic_header = storage::load_clinic_header();
    if let Some(saved) = saved {
        state.draft = saved;
    }
    if let Some(linked) = linked {
        match linked_draft(linked, &state.draft, state.lang) {
            Ok(Some(draft)) => state.draft = draft,
            Ok(None) => {}
            // Said in the page, not in a dialog; the saved case stays as it was.
            Err(reason) => notes.link_error = Some(reason),
        }
        browser::clear_fragment();
    }
    let settings = if embedded { None } else { storage::load_clinic_settings() };
    (state.with_settings(settings), notes)
}

/// A case arriving in a link (opened in a tab, or arriving in an open tab, which then loads again): the draft to
/// show, `None` to keep the current patient (the user said not to replace it), or why the link cannot be read.
/// Only a case in progress that differs from the link's is asked about.
fn linked_draft(
    linked: Result<Case, Vec<InputError>>,
    current: &Draft,
    lang: Lang,
) -> Result<Option<Draft>, Option<InputError>> {
    let case = linked.map_err(|errors| errors.into_iter().next())?;
    let ask = !current.is_blank() && current.case != case;
    Ok((!ask || browser::confirm(Text::ConfirmReplaceFromLink.get(lang))).then(|| Draft::from_case(case)))
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
    let update_ready = use_update_ready();
    // The form is drawn by plain functions (each component type would add its own copy of Yew's component code to
    // the wasm); after every render its selects are set to the draft's choices (`fields::select_field`).
    let form_node = use_node_ref();
    {
        let form_node = form_node.clone();
        use_effect(move || {
            if let Some(root) = form_node.cast::<web_sys::Element>() {
                after_render(&root);
            }
        });
    }
    let toolbar_state = use_toolbar_state();
    // The last save of the case failed; cleared by the next one that works.
    let not_saved = use_state_eq(|| false);

    // The host owns an embedded frame's case and language: saving them would overwrite the full app's draft (a case
    // in progress in another tab) and its language, so a frame keeps both in memory only.
    let persist = !embedded;
    // Without storage at all the page has said so once; there is nothing to retry.
    let can_store = !start.1.no_storage;
    // Whose plan this is, in the tab's title (and at the top of the results): "Wang Li · P001 — OsteoPlan". Shown
    // when the language or the case changes (the language is saved only when it is changed).
    let patient = patient_label(&state.draft.case);
    let title = match &patient {
        Some(who) => format!("{who} — {}", Text::AppName.get(lang)),
        None => format!("{} — {}", Text::AppName.get(lang), Text::Tagline.get(lang)),
    };
    {
        let title = title.clone();
        use_effect_with(lang, move |&lang| {
            if persist {
                storage::save_lang(lang);
            }
            browser::show_language(lang, &title);
        });
    }
    {
        let not_saved = not_saved.clone();
        use_effect_with(state.draft.clone(), move |draft| {
            if persist && can_store {
                not_saved.set(storage::save_draft(draft).is_err());
            }
            browser::show_language(lang, &title);
        });
    }
    // The clinic's header and settings: one effect (each effect's type adds its own code to the wasm).
    use_effect_with(
        (state.clinic_header.clone(), state.settings.clone(), state.settings_chosen),
        move |(header, settings, chosen)| {
            storage::save_clinic_header(header);
            if persist && *chosen {
                storage::save_clinic_settings(settings);
            }
        },
    );

    // Calm while typing (issue 24): while the draft has a problem, the last draft that gave a report stays on screen,
    // dimmed, and the draft's own problems show beside the fields the user has left (`AppState::field_notes`).
    let (shown, _) = state.on_screen();
    let result = Same(use_memo(shown.clone(), |draft| draft.evaluate()));
    let shown_case = shown.case.clone();
    // Whether every rule's text is in: the wasm carries only the alerts' (see `crate::words::rule_texts`); the others are
    // loaded when a reader first needs them (`with_rule_texts`), and the document is made again with them.
    let texts = use_state_eq(rule_texts::all_loaded);
    // One document for the screen, the printed sheet and "Copy as text".
    let doc = Same(use_memo((shown_case.clone(), result.clone(), lang, *texts), |(case, result, lang, _)| {
        document(case, result, *lang)
    }));
    // "Copied" answers the click; once the case or the language changes, the copy is out of date and the word goes.
    let copied = use_state_eq(|| false);
    {
        let copied = copied.clone();
        use_effect_with((result.clone(), lang), move |_| copied.set(false));
    }
    // Every alert shows in full at once. The wasm carries the text of every rule that can raise one; should an alert
    // ever lack its text all the same, the texts are loaded straight away.
    {
        let texts = texts.clone();
        use_effect_with(doc.clone(), move |doc| {
            if !rule_texts::all_loaded() && lacks_alert_text(doc) {
                with_rule_texts(texts, |_| ());
            }
        });
    }
    // Printing from the browser's menu: the sheet prints as it is, and the texts are loaded for the next time (the
    // Print button waits for them).
    {
        let texts = texts.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a page has a window");
            let listener = EventListener::new(&window, "beforeprint", move |_| with_rule_texts(texts.clone(), |_| ()));
            move || drop(listener)
        });
    }
    // The Print button asks for the texts first and prints once the sheet has them.
    let print_pending = use_state_eq(|| false);
    {
        let print_pending = print_pending.clone();
        use_effect_with(*print_pending, move |&pending| {
            if pending {
                print_pending.set(false);
                browser::print();
            }
        });
    }
    let (messages, updating) = state.field_notes(&result);

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
            // This tab is open while its page is shown (see `storage::start_tab`). A share link arriving in it — in
            // its address (a link pasted there changes only the fragment, so the page is not loaded again) or pasted
            // into the page outside a field — loads the page again, to be read as a link opened in the tab is: after
            // asking if another patient is in progress. Only while the case is kept here: a reload must not lose it.
            let window = web_sys::window().expect("a page has a window");
            let listen = |name| {
                EventListener::new(&window, name, move |event| match event.type_().as_str() {
                    "pagehide" => storage::mark_open(false),
                    "pageshow" => storage::mark_open(true),
                    "paste" => {
                        let pasted = browser::pasted_outside_fields(event).unwrap_or_default();
                        if let Some(at) = pasted.find('#').filter(|&at| share::carries_case(&pasted[at..])) {
                            browser::set_fragment(pasted[at..].trim());
                        }
                    }
                    _ => {
                        if share::carries_case(&browser::fragment()) && storage::case_is_kept() {
                            browser::reload();
                        }
                    }
                })
            };
            let listeners = persist.then(|| ["pagehide", "pageshow", "hashchange", "paste"].map(listen));
            move || drop(listeners)
        });
    }
    // A closed tab reopened: this new tab takes its id and loads again, so its draft is read as a reload reads it.
    let on_reopen = Callback::from(|e: MouseEvent| {
        let button = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("[data-tab]").ok().flatten());
        if let Some(tab) = button.and_then(|b| b.get_attribute("data-tab")) {
            storage::become_tab(&tab);
            browser::reload();
        }
    });
    let on_forget = {
        let (dispatch, set_aside) = (dispatch.clone(), set_aside.clone());
        Callback::from(move |_| {
            if browser::confirm(Text::ConfirmForget.get(lang)) {
                storage::forget_all();
                set_aside.set(None);
                dispatch.emit(Action::Load(Box::new(Draft::new(&browser::today()))));
                dispatch.emit(Action::SetClinicHeader(String::new()));
                storage::forget_clinic_settings();
                dispatch.emit(Action::ForgetSettings);
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
    // Once the texts are in, the sheet has them: print at once, within the click. Before, load them, then print
    // once the sheet has been drawn with them.
    let on_print = {
        let (texts, print_pending, dispatch) = (texts.clone(), print_pending.clone(), dispatch.clone());
        Callback::from(move |_| {
            dispatch.emit(Action::ShowAll);
            super::patient_print::print_for_clinician();
            if *texts {
                browser::print();
            } else {
                let print_pending = print_pending.clone();
                with_rule_texts(texts.clone(), move |_| print_pending.set(true));
            }
        })
    };
    let want_texts = {
        let texts = texts.clone();
        Callback::from(move |()| {
            if !*texts {
                with_rule_texts(texts.clone(), |_| ());
            }
        })
    };
    // Each event of the calendar file quotes its rules' texts.
    let on_calendar = {
        let (result, case, texts) = (result.clone(), shown_case.clone(), texts.clone());
        Callback::from(move |_| {
            let (result, case) = (result.clone(), case.clone());
            with_rule_texts(texts.clone(), move |_| {
                let ics = result.as_ref().ok().and_then(|report| {
                    let no_names = storage::load_calendar_no_names();
                    icalendar(&case, report, &RuleValues::new(&case, report, lang), lang, no_names)
                });
                if let Some(ics) = ics {
                    browser::download(&format!("{}-plan.ics", file_stem(&case)), "text/calendar", &ics);
                }
            });
        })
    };
    // The impression, alerts and plan as on screen (the alerts' texts are always in), or the whole document with every
    // rule's text, as `evaluate --text` prints it: made once the texts are in.
    let on_copy = {
        let (doc, result, case, texts, copied) =
            (doc.clone(), result.clone(), shown_case.clone(), texts.clone(), copied.clone());
        Callback::from(move |all: bool| {
            if !all {
                browser::copy_text(&summary_text(&doc, lang));
                copied.set(true);
                return;
            }
            let (result, case, copied) = (result.clone(), case.clone(), copied.clone());
            with_rule_texts(texts.clone(), move |_| {
                browser::copy_text(&plain_text(&document(&case, &result, lang), lang));
                copied.set(true);
            });
        })
    };
    // The patient's sheet has its words in the texts file (`words::patient_texts`): printed once they are in.
    let on_print_patient = {
        let (state, texts) = (state.clone(), texts.clone());
        Callback::from(move |_| {
            let state = state.clone();
            with_rule_texts(texts.clone(), move |_| super::patient_print::print_for_patient(&state));
        })
    };
    // Rendered with every change but shown only on paper (see the print rules in style.css).
    let sheet = use_memo((doc.clone(), lang, state.clinic_header.clone()), |(doc, lang, header)| {
        Html::from_html_unchecked(sheet_of(doc, *lang, header).into())
    });
    let has_events = result.as_ref().is_ok_and(has_events);
    let form =
        FormCtx { lang, draft: Rc::new(state.draft.clone()), messages: Rc::new(messages), dispatch: dispatch.clone() };
    let notices = notices::view(Notices {
        lang,
        no_storage: start.1.no_storage,
        set_aside: (*set_aside).clone(),
        on_dismiss_set_aside,
        not_saved: *not_saved,
        on_export,
        link_error: (*link_error).clone(),
        on_dismiss_link,
        offers: if state.draft.is_blank() { &start.1.offers } else { &[] },
        on_reopen,
    });
    html! {
        <div class={classes!("app", embedded.then_some("embedded"))}>
            if !embedded {
                { header(lang, &on_lang, Page::Calculator) }
            }
            { update_banner(lang, update_ready) }
            <p class="notice" role="note">{ Text::Notice.get(lang) }</p>
            { notices }
            { toolbar(ToolbarProps { lang, case: &state.draft.case, dispatch: &dispatch, on_forget: &on_forget, state: &toolbar_state }) }
            <main class="columns">
                <section class="column inputs" aria-labelledby="inputs-heading">
                    <h2 id="inputs-heading">{ Text::InputsHeading.get(lang) }</h2>
                    { super::settings::settings_panel(&form, &state) }
                    { case_form(&form, &form_node) }
                </section>
                <section id="result" class="column results" aria-labelledby="results-heading" aria-live="polite">
                    <h2 id="results-heading" class="visually-hidden">{ Text::ResultsHeading.get(lang) }</h2>
                    if let Some(who) = patient {
                        <p class="result-patient" data-result="patient">{ who }</p>
                    }
                    { results(&ResultsProps { doc: doc.clone(), lang, has_events, on_calendar, on_copy, copied: *copied, on_print, on_print_patient, want_texts: want_texts.clone(), updating }) }
                </section>
            </main>
            // On a phone the form is long: one tap brings the result back (a link: no code).
            // Asking for the result shows every problem beside its field.
            <a class="jump-result" href="#result" data-action="jump-result" onclick={dispatch.reform(|_| Action::ShowAll)}>{ Text::JumpToResult.get(lang) }</a>
            <footer class="app-footer">
                <p>{ Text::Notice.get(lang) }</p>
            </footer>
            <div class="print-sheet">{ (*sheet).clone() }</div>
            <div class="patient-sheet" id="patient-sheet"></div>
        </div>
    }
}

/// At start-up: drafts past the limit go, unless their tab is open; the newest drafts of closed tabs are offered.
fn settle_tabs() -> Vec<Kept> {
    let kept = storage::kept();
    for draft in drafts::to_prune(&kept) {
        storage::remove_tab(&draft.tab);
    }
    drafts::reopenable(&kept)
}

/// Loads the rule texts the wasm leaves out, unless they are in, then runs `then` with whether every rule has its
/// text (without them the rules show their IDs and sources). `loaded` makes the page draw the document again.
fn with_rule_texts(loaded: UseStateHandle<bool>, then: impl FnOnce(bool) + 'static) {
    if rule_texts::all_loaded() {
        loaded.set(true);
        then(true);
        return;
    }
    yew::platform::spawn_local(async move {
        let ok = texts::load().await;
        loaded.set(ok);
        then(ok);
    });
}

/// Whether an alert of the document is without its text.
fn lacks_alert_text(doc: &Document) -> bool {
    doc.section(SectionKind::Alerts).is_some_and(|s| {
        s.blocks.iter().any(|b| matches!(b, Block::Alerts(alerts) if alerts.iter().any(|a| a.text.is_empty())))
    })
}
