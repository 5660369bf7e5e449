//! The app's state and its one reducer, free of any UI or browser code so it tests natively.
//! The Yew root wraps it (`ui::Store`) and owns the side effects (localStorage).

use crate::i18n::Lang;

/// Everything the app remembers. Later features add the case here; results are derived, never stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppState {
    pub lang: Lang,
}

/// Every change the user can make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    SetLang(Lang),
}

impl AppState {
    /// The state at start-up: the user's saved choice of language wins; on a first visit, the browser's.
    pub fn initial(saved_lang: Option<Lang>, browser_tag: Option<&str>) -> AppState {
        let lang = saved_lang.unwrap_or_else(|| browser_tag.map(Lang::from_browser_tag).unwrap_or_default());
        AppState { lang }
    }

    pub fn apply(&self, action: Action) -> AppState {
        match action {
            Action::SetLang(lang) => AppState { lang },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_visit_follows_the_browser() {
        assert_eq!(AppState::initial(None, Some("zh-CN")).lang, Lang::Zh);
        assert_eq!(AppState::initial(None, Some("en-GB")).lang, Lang::En);
        assert_eq!(AppState::initial(None, None).lang, Lang::En);
    }

    #[test]
    fn saved_choice_beats_the_browser() {
        assert_eq!(AppState::initial(Some(Lang::En), Some("zh-CN")).lang, Lang::En);
        assert_eq!(AppState::initial(Some(Lang::Zh), Some("en-US")).lang, Lang::Zh);
    }

    #[test]
    fn set_lang_switches_both_ways() {
        let start = AppState::initial(None, Some("en"));
        let zh = start.apply(Action::SetLang(Lang::Zh));
        assert_eq!(zh.lang, Lang::Zh);
        assert_eq!(zh.apply(Action::SetLang(Lang::En)), start);
    }
}
