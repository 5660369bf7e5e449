//! The document written out for one medium: the printed sheet (HTML for A4), plain text for the record, the
//! iCalendar file and the printed clinic worklist. Imports the layers below (engine, words, document, clinic list).

pub mod calendar;
pub mod chart;
pub mod patient;
pub mod sheet;
pub mod text;
pub mod worklist;
