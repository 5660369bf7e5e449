//! Everything the product says, in English and Chinese: the language and its writing rules, the UI strings, the
//! display names of the engine's values, each rule's text (and with this patient's values), and input problems as
//! messages. Imports only the engine and `input`.

pub mod i18n;
pub mod lang;
pub mod list_texts;
pub mod messages;
pub mod names;
pub mod numbers;
pub mod packed;
pub mod patient_texts;
pub mod rule_text;
pub mod rule_texts;
