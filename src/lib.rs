//! OsteoPlan: decision support for osteoporosis care.
//!
//! The crate is split so that everything clinical or stateful is plain Rust that builds and tests natively,
//! and only `ui` touches the browser (it exists on wasm32 only).

// The layers, bottom up; each imports only from the ones above it in this list (tests/layers.rs).
pub mod app;
pub mod clinic_list;
pub mod clinical;
pub mod document;
pub mod input;
pub mod render;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod words;

pub use clinical::case::Case;
pub use clinical::errors::InputError;
pub use clinical::evaluate;
pub use clinical::report::Report;
