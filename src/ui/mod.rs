//! The browser UI (wasm32 only). Components render from `state::AppState`; side effects live in `app.rs`.

mod app;
mod browser;
mod ctx;
mod fields;
pub mod form;
mod header;
mod host;
mod notices;
mod offline;
mod results;
mod storage;
mod toolbar;

pub use storage::{DRAFT_KEY, LANG_KEY};

use std::rc::Rc;

use yew::Reducible;

use crate::state::{Action, AppState};

pub use app::App;

/// Mounts the app on the page's `<body>`.
pub fn mount() {
    host::install_api();
    yew::Renderer::<App>::new().render();
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
