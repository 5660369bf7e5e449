//! The page header: app name, tagline and the language switch.

use yew::prelude::*;

use crate::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub on_lang: Callback<Lang>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    html! {
        <header class="app-header">
            <div class="brand">
                <h1>{ Text::AppName.get(lang) }</h1>
                <p class="tagline">{ Text::Tagline.get(lang) }</p>
            </div>
            <LangSwitch {lang} on_lang={props.on_lang.clone()} />
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct LangSwitchProps {
    lang: Lang,
    on_lang: Callback<Lang>,
}

/// Two toggle buttons; the active one is marked by `aria-pressed` and by weight, not by colour alone.
#[component]
fn LangSwitch(props: &LangSwitchProps) -> Html {
    let buttons = Lang::ALL.iter().map(|&choice| {
        let on_lang = props.on_lang.clone();
        let pressed = choice == props.lang;
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
        <div class="lang-switch" role="group" aria-label={Text::LanguageSwitch.get(props.lang)}>
            { for buttons }
        </div>
    }
}
