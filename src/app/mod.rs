//! The pages' state without the browser: the calculator's case and its one reducer, editing by field path, share
//! links, importing a case file, and the clinic list's state. Tests natively; `ui` wraps it.

pub mod drafts;
pub mod edit;
pub mod file_name;
pub mod follow_up;
pub mod import;
pub mod list_state;
pub mod settings;
pub mod share;
pub mod state;
