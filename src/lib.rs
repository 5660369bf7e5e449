//! OsteoPlan: decision support for osteoporosis care.
//!
//! The crate is split so that everything clinical or stateful is plain Rust that builds and tests natively,
//! and only `ui` touches the browser (it exists on wasm32 only).

pub mod calendar;
pub mod clinic_list;
pub mod decimal;
pub mod document;
pub mod edit;
pub mod i18n;
pub mod import;
pub mod lang;
pub mod list_state;
pub mod messages;
pub mod names;
pub mod problems;
pub mod rule_text;
pub mod rule_texts;
pub mod share;
pub mod sheet;
pub mod small_map;
pub mod state;
pub mod text;
pub mod worklist;

pub mod clinical;
#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use clinical::case::Case;
pub use clinical::errors::InputError;
pub use clinical::evaluate;
pub use clinical::report::Report;
