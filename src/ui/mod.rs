//! The browser UI (wasm32 only), two pages with a root each: the calculator (`App`: plain functions render from
//! `state::AppState`, state and side effects live in `app.rs`) and the clinic list (`list::ListApp` over
//! `list_state::ListPage`). Below the roots, parts of a page are functions returning `Html` rather than components
//! wherever they need no hook of their own: each component type links its own copy of Yew's component code into
//! the wasm, which the 320 KB budget cannot afford.

mod app;
mod browser;
mod ctx;
mod fields;
pub mod form;
mod header;
mod host;
mod list;
mod notices;
mod offline;
mod patient_print;
mod results;
mod settings;
mod storage;
mod texts;
mod toolbar;

/// An `Rc` that compares by pointer. The page memoises its document once per change of the case, the report or
/// the language, so the same pointer is the same document: Yew's prop and dependency checks need no deep
/// comparison of it (which would link a comparison of every type in the document model into the wasm).
pub struct Same<T>(pub Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Same<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

pub use storage::{DRAFT_KEY, LANG_KEY};

use std::rc::Rc;

use yew::Reducible;

use crate::app::list_state::{ListAction, ListPage};
use crate::app::state::{Action, AppState};

pub use app::App;

/// Mounts the app on the page's `<body>`.
pub fn mount() {
    host::install_api();
    yew::Renderer::<App>::new().render();
}

/// Mounts the clinic list page (`list.html`) on the page's `<body>`.
pub fn mount_list() {
    yew::Renderer::<list::ListApp>::new().render();
}

/// Mounts the app inside `root` (used by the in-browser tests).
pub fn mount_in(root: web_sys::Element) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root(root).render()
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

impl Reducible for ListPage {
    type Action = ListAction;

    fn reduce(self: Rc<Self>, action: ListAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}
