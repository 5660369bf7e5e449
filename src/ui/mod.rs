//! The browser UI (wasm32 only), two pages with a root each: the calculator (`App`: components render from
//! `state::AppState`, side effects live in `app.rs`) and the clinic list (`list::ListApp` over `list_state::ListPage`).

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
mod results;
mod storage;
mod toolbar;

pub use storage::{DRAFT_KEY, LANG_KEY};

use std::rc::Rc;

use yew::Reducible;

use crate::list_state::{ListAction, ListPage};
use crate::state::{Action, AppState};

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
