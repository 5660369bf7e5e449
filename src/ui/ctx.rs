//! What every form field needs, passed down from the form: the language, the draft, the messages for fields with
//! a problem, and the one way to change anything (a reducer action).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::state::{Action, Draft};
use crate::input::small_map::SmallMap;
use crate::words::i18n::{Lang, Text};

#[derive(Clone, PartialEq)]
pub struct FormCtx {
    pub lang: Lang,
    pub draft: Rc<Draft>,
    pub messages: Rc<SmallMap<String, String>>,
    pub dispatch: Callback<Action>,
}

impl FormCtx {
    pub fn t(&self, text: Text) -> &'static str {
        text.get(self.lang)
    }
}

/// A DOM id for a field path (`dxa[0].t_score` → `f-dxa-0--t_score`).
pub fn field_id(path: &str) -> String {
    format!("f-{}", path.replace(['.', '[', ']'], "-"))
}
