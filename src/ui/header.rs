//! The page header: app name, tagline, the two pages (one patient, the clinic list) and the language switch.

use yew::prelude::*;

use super::browser;
use crate::words::i18n::{Lang, Text};

/// The two pages: one patient (the calculator), or the clinic's whole register. Each is its own page with its own
/// wasm, so the calculator's download does not carry the clinic list's code, nor the list's the calculator's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Calculator,
    ClinicList,
}

impl Page {
    /// The page's address beside the current one: the served app's `./` and `list.html`, or the single-file
    /// edition's `osteoplan.html` and `osteoplan-list.html` (post-build.mjs writes both pairs).
    pub fn href(self) -> &'static str {
        match (self, browser::is_single_file_edition()) {
            (Page::Calculator, false) => "./",
            (Page::ClinicList, false) => "./list.html",
            (Page::Calculator, true) => "./osteoplan.html",
            (Page::ClinicList, true) => "./osteoplan-list.html",
        }
    }
}

/// The header of `page` in `lang`; `on_lang` switches the language. A function rather than a component: each
/// component type adds its own copy of Yew's component code to the wasm.
pub fn header(lang: Lang, on_lang: &Callback<Lang>, page: Page) -> Html {
    html! {
        <header class="app-header">
            <div class="brand">
                <h1>{ Text::AppName.get(lang) }</h1>
                <p class="tagline">{ Text::Tagline.get(lang) }</p>
            </div>
            <nav class="pages" aria-label={Text::Pages.get(lang)}>
                { for [(Page::Calculator, Text::PageCalculator, "calculator"), (Page::ClinicList, Text::PageClinicList, "clinic-list")].map(|(link, text, key)| {
                    let current = link == page;
                    html! {
                        <a class={classes!("page-option", current.then_some("active"))} data-page={key} href={link.href()}
                            aria-current={current.then_some("page")}>
                            { text.get(lang) }
                        </a>
                    }
                }) }
            </nav>
            { lang_switch(lang, on_lang) }
        </header>
    }
}

/// Two toggle buttons; the active one is marked by `aria-pressed` and by weight, not by colour alone.
fn lang_switch(lang: Lang, on_lang: &Callback<Lang>) -> Html {
    let buttons = Lang::ALL.iter().map(|&choice| {
        let on_lang = on_lang.clone();
        let pressed = choice == lang;
        html! {
            <button
                type="button"
                class={classes!("lang-option", pressed.then_some("active"))}
                lang={choice.html_tag()}
                aria-pressed={pressed.to_string()}
                data-lang={choice.html_tag()}
                onclick={move |_| on_lang.emit(choice)}
            >
                { choice.native_name() }
            </button>
        }
    });
    html! {
        <div class="lang-switch" role="group" aria-label={Text::LanguageSwitch.get(lang)}>
            { for buttons }
        </div>
    }
}
