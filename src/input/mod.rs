//! Reading what people type, below everything that shows it: plain decimals as typed, the small maps of typed
//! text per field, and why a case has no report yet. Imports only the engine.

pub mod dates;
pub mod decimal;
pub mod problems;
pub mod small_map;
