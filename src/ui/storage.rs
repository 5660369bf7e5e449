//! What the app keeps in localStorage, under versioned keys. Only the root component calls these.
//! Everything stays on this device: nothing here is ever sent anywhere.
//!
//! Storage may be missing altogether (a frame on another site whose browser blocks third-party storage, a sandboxed
//! frame, storage turned off: reading `window.localStorage` throws `SecurityError`) or refuse a write (quota full,
//! some private modes). Nothing here panics: a load gives `None`, a save says whether it worked.

use std::cell::Cell;

use crate::app::state::Draft;
use crate::clinical::case::CASE_FORMATS;
use crate::words::i18n::Lang;

use super::browser;

pub const LANG_KEY: &str = "osteoplan.lang.v1";
pub const DRAFT_KEY: &str = "osteoplan.draft.v1";
pub const CLINIC_HEADER_KEY: &str = "osteoplan.clinic-header.v1";
/// "No names in calendar" (issue 26), one setting for the calculator's and the clinic list's calendars.
pub const CALENDAR_NO_NAMES_KEY: &str = "osteoplan.calendar-no-names.v1";
/// A saved draft this version cannot read is moved to this prefix plus the local time it was found
/// (`osteoplan.draft.unreadable.2026-11-25T19-46-12`), never deleted.
pub const UNREADABLE_PREFIX: &str = "osteoplan.draft.unreadable.";

thread_local! {
    /// Set when an unreadable draft could not be moved aside (no room for a copy): it then stays under
    /// `DRAFT_KEY`, and this session never writes over it.
    static DRAFT_KEY_HELD: Cell<bool> = const { Cell::new(false) };
}

/// A write the browser refused, or no storage at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotSaved;

fn store() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    store()?.get_item(key).ok().flatten()
}

fn set(key: &str, value: &str) -> Result<(), NotSaved> {
    store().ok_or(NotSaved)?.set_item(key, value).map_err(|_| NotSaved)
}

fn remove(key: &str) {
    if let Some(store) = store() {
        let _ = store.remove_item(key);
    }
}

/// Whether this page may use localStorage at all.
pub fn available() -> bool {
    store().is_some()
}

/// The user's saved language; `None` on a first visit or when storage is unavailable or holds junk.
pub fn load_lang() -> Option<Lang> {
    serde_json::from_str(&get(LANG_KEY)?).ok()
}

/// Best effort: a language not kept only means choosing it again next time.
pub fn save_lang(lang: Lang) {
    if let Ok(json) = serde_json::to_string(&lang) {
        let _ = set(LANG_KEY, &json);
    }
}

/// A saved draft this version could not read, kept as it was: under a dated key, or, when there was no room for a
/// copy, still under `DRAFT_KEY` (which this session then leaves alone).
#[derive(Clone)]
pub struct SetAside {
    /// When it was found (`2026-11-25T19-46-12`, local time), for the file name.
    pub stamp: String,
    pub text: String,
}

/// The saved draft: `Ok(None)` when there is none (or no storage), `Err` when there is one this version cannot
/// read — broken JSON, a wrong type, or fields or a format from a newer version. That text is moved aside, not
/// deleted, so the app can start blank and the user can still have it.
pub fn load_draft() -> Result<Option<Draft>, SetAside> {
    let Some(text) = get(DRAFT_KEY) else { return Ok(None) };
    match read_draft(&text) {
        Some(draft) => Ok(Some(draft)),
        None => Err(set_aside(text)),
    }
}

/// A draft as this version wrote it. `Draft` and `Case` refuse unknown fields; the format must be one it knows.
fn read_draft(text: &str) -> Option<Draft> {
    let draft: Draft = serde_json::from_str(text).ok()?;
    match draft.case.format.as_deref() {
        Some(format) if !CASE_FORMATS.contains(&format) => None,
        _ => Some(draft),
    }
}

fn set_aside(text: String) -> SetAside {
    let stamp = browser::now_stamp();
    let mut key = format!("{UNREADABLE_PREFIX}{stamp}");
    let mut n = 1;
    while get(&key).is_some() {
        n += 1;
        key = format!("{UNREADABLE_PREFIX}{stamp}-{n}");
    }
    // The copy first: the original goes only once the copy is there.
    if set(&key, &text).is_ok() {
        remove(DRAFT_KEY);
    } else {
        DRAFT_KEY_HELD.set(true);
    }
    SetAside { stamp, text }
}

/// Saves the case being entered. An untouched new patient is not stored, so after "Forget this device's data"
/// nothing is left behind.
pub fn save_draft(draft: &Draft) -> Result<(), NotSaved> {
    if DRAFT_KEY_HELD.get() {
        return Err(NotSaved);
    }
    if draft.is_blank() {
        remove(DRAFT_KEY);
        return Ok(());
    }
    set(DRAFT_KEY, &serde_json::to_string(draft).map_err(|_| NotSaved)?)
}

/// Removes everything the app keeps in this browser, drafts set aside included.
pub fn forget_all() {
    DRAFT_KEY_HELD.set(false);
    let Some(store) = store() else { return };
    let set_aside: Vec<String> = (0..store.length().unwrap_or(0))
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|key| key.starts_with(UNREADABLE_PREFIX))
        .collect();
    for key in [DRAFT_KEY, LANG_KEY, CLINIC_HEADER_KEY, CALENDAR_NO_NAMES_KEY]
        .into_iter()
        .chain(set_aside.iter().map(String::as_str))
    {
        let _ = store.remove_item(key);
    }
}

/// The clinic header line for printed sheets, as last typed on this device.
pub fn load_clinic_header() -> String {
    get(CLINIC_HEADER_KEY).and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

/// Best effort, like the language.
pub fn save_clinic_header(text: &str) {
    if text.is_empty() {
        remove(CLINIC_HEADER_KEY);
    } else if let Ok(json) = serde_json::to_string(text) {
        let _ = set(CLINIC_HEADER_KEY, &json);
    }
}

/// Whether calendar events are to name nobody (set on this device).
pub fn load_calendar_no_names() -> bool {
    get(CALENDAR_NO_NAMES_KEY).is_some_and(|v| v == "1")
}

/// Best effort, like the language.
pub fn save_calendar_no_names(no_names: bool) {
    if no_names {
        let _ = set(CALENDAR_NO_NAMES_KEY, "1");
    } else {
        remove(CALENDAR_NO_NAMES_KEY);
    }
}

/// The browser's preferred language tag, e.g. "zh-CN".
pub fn browser_lang_tag() -> Option<String> {
    web_sys::window()?.navigator().language()
}
