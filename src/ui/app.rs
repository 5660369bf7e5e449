//! The root component: owns the state and every side effect (storage, the document's language).

use yew::prelude::*;

use super::header::Header;
use super::storage;
use crate::i18n::{Lang, Text};
use crate::state::{Action, AppState};

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState::initial(storage::load_lang(), storage::browser_lang_tag().as_deref()));
    let lang = state.lang;

    use_effect_with(lang, |&lang| {
        storage::save_lang(lang);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.html_tag());
            }
            doc.set_title(&format!("{} — {}", Text::AppName.get(lang), Text::Tagline.get(lang)));
        }
    });

    let on_lang = {
        let state = state.clone();
        Callback::from(move |choice: Lang| state.dispatch(Action::SetLang(choice)))
    };
    let on_print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });

    html! {
        <div class="app">
            <Header {lang} {on_lang} />
            <p class="notice" role="note">{ Text::Notice.get(lang) }</p>
            <main class="columns">
                <section class="column inputs" aria-labelledby="inputs-heading">
                    <h2 id="inputs-heading">{ Text::InputsHeading.get(lang) }</h2>
                    <p class="placeholder">{ Text::InputsPlaceholder.get(lang) }</p>
                </section>
                <section class="column results" aria-labelledby="results-heading">
                    <h2 id="results-heading">{ Text::ResultsHeading.get(lang) }</h2>
                    <p class="placeholder">{ Text::ResultsPlaceholder.get(lang) }</p>
                    <div class="actions">
                        <button type="button" class="print-button" onclick={on_print}>
                            { Text::Print.get(lang) }
                        </button>
                    </div>
                </section>
            </main>
            <footer class="app-footer">
                <p>{ Text::Notice.get(lang) }</p>
            </footer>
        </div>
    }
}
