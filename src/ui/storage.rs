//! What the app keeps in localStorage, under versioned keys. Only the root component calls these.
//! Everything stays on this device: nothing here is ever sent anywhere.
//!
//! One patient per tab (issue 24): each calculator tab has an id, kept in its sessionStorage (`TAB_KEY`: it
//! survives a reload of that tab, and goes with the tab), and keeps its draft in localStorage under
//! `TAB_DRAFT_PREFIX` + id, with the time of its last save under `SAVED_PREFIX` + id. So a reload finds the tab's own
//! case, another tab's edits never replace it, and a closed tab's case stays on the device to be reopened (see
//! `crate::app::drafts` for how many are kept). The single draft of earlier versions (`DRAFT_KEY`) is adopted by
//! the first tab that starts without a case of its own.
//!
//! Storage may be missing altogether (a frame on another site whose browser blocks third-party storage, a sandboxed
//! frame, storage turned off: reading `window.localStorage` throws `SecurityError`) or refuse a write (quota full,
//! some private modes). Nothing here panics: a load gives `None`, a save says whether it worked.

use std::cell::{Cell, RefCell};

use crate::app::drafts::Kept;
use crate::app::state::Draft;
use crate::clinical::case::CASE_FORMATS;
use crate::words::i18n::Lang;

use super::browser;

pub const LANG_KEY: &str = "osteoplan.lang.v1";
/// The one draft of versions before issue 24, shared by every tab: adopted, then removed.
pub const DRAFT_KEY: &str = "osteoplan.draft.v1";
/// In sessionStorage: this tab's id.
pub const TAB_KEY: &str = "osteoplan.tab.v1";
/// A tab's draft: this prefix and the tab's id.
pub const TAB_DRAFT_PREFIX: &str = "osteoplan.draft.v1.";
/// Marks a tab open (`mark_open`): this prefix and the tab's id. No patient data.
pub const OPEN_PREFIX: &str = "osteoplan.open.v1.";
/// When a tab's draft was last saved and whose it is (`1764918000 Wang Li · P001`: seconds since 1970, a space, the
/// patient's name and ID): this prefix and the tab's id.
pub const SAVED_PREFIX: &str = "osteoplan.saved.v1.";
pub const CLINIC_HEADER_KEY: &str = "osteoplan.clinic-header.v1";
/// "No names in calendar" (issue 26), one setting for the calculator's and the clinic list's calendars.
pub const CALENDAR_NO_NAMES_KEY: &str = "osteoplan.calendar-no-names.v1";
/// The clinic settings (issues 24, 27): profile, LSC per site, marker reference means, as a partial case.
pub const CLINIC_SETTINGS_KEY: &str = "osteoplan.clinic-settings.v1";
/// A saved draft this version cannot read is moved to this prefix plus the local time it was found
/// (`osteoplan.draft.unreadable.2026-11-25T19-46-12`), never deleted.
pub const UNREADABLE_PREFIX: &str = "osteoplan.draft.unreadable.";

thread_local! {
    /// Set when this tab's unreadable draft could not be moved aside (no room for a copy): it then stays under the
    /// tab's key, and this session never writes over it.
    static DRAFT_KEY_HELD: Cell<bool> = const { Cell::new(false) };
    /// Set when the last save of this tab's case failed.
    static SAVE_FAILED: Cell<bool> = const { Cell::new(false) };
    /// This tab's id (`start_tab`).
    static TAB: RefCell<String> = const { RefCell::new(String::new()) };
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

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Gives this tab its id: the one its sessionStorage keeps over reloads. A tab without one, or opened for a patient
/// from the clinic list (`fresh`), gets a new one; so does a copy of a tab that is open (the browser's "Duplicate
/// tab" copies sessionStorage, id and all), which takes a copy of that tab's draft with it. The tab is then marked
/// open until the page goes (`mark_open`): a reload unmarks it before it starts again, a copy finds it marked.
pub fn start_tab(fresh: bool) {
    let kept = session().and_then(|s| s.get_item(TAB_KEY).ok().flatten()).filter(|id| !fresh && !id.is_empty());
    match kept {
        Some(id) => {
            TAB.set(id.clone());
            if get(&format!("{OPEN_PREFIX}{id}")).is_some() {
                new_tab_id();
                copy_tab(&id);
            }
        }
        None => new_tab_id(),
    }
    mark_open(true);
}

/// Marks this tab open (at start, and when the browser brings the page back from its cache) or no longer open
/// (when the page goes: closed, reloaded, left).
pub fn mark_open(open: bool) {
    let key = format!("{OPEN_PREFIX}{}", tab_id());
    if open {
        let _ = set(&key, "1");
    } else {
        remove(&key);
    }
}

/// This tab's id.
pub fn tab_id() -> String {
    TAB.with_borrow(Clone::clone)
}

/// A new id for this tab, kept in its sessionStorage (in memory only when that is refused).
fn new_tab_id() {
    let id = ((js_sys::Math::random() * 1e9) as usize).to_string();
    if let Some(session) = session() {
        let _ = session.set_item(TAB_KEY, &id);
    }
    TAB.set(id);
}

/// Copies another tab's draft and its time to this tab.
fn copy_tab(from: &str) {
    for prefix in [TAB_DRAFT_PREFIX, SAVED_PREFIX] {
        if let Some(text) = get(&format!("{prefix}{from}")) {
            let _ = set(&format!("{prefix}{}", tab_id()), &text);
        }
    }
}

fn draft_key() -> String {
    format!("{TAB_DRAFT_PREFIX}{}", tab_id())
}

fn stamp_saved(draft: &Draft) -> Result<(), NotSaved> {
    set(&format!("{SAVED_PREFIX}{}", tab_id()), &Kept::stamp((js_sys::Date::now() / 1000.0) as usize, &draft.case))
}

/// Every tab's draft on this device, this tab's included.
pub fn kept() -> Vec<Kept> {
    keys_starting(TAB_DRAFT_PREFIX)
        .iter()
        .map(|key| {
            let tab = &key[TAB_DRAFT_PREFIX.len()..];
            Kept {
                stamp: get(&format!("{SAVED_PREFIX}{tab}")).unwrap_or_default(),
                open: get(&format!("{OPEN_PREFIX}{tab}")).is_some(),
                tab: tab.to_string(),
            }
        })
        .collect()
}

/// Makes this tab the closed tab `tab`, to be loaded again with its draft (a tab reopened). This tab's own id is
/// left with no draft: it is a new tab, with nothing entered yet.
pub fn become_tab(tab: &str) {
    mark_open(false);
    if let Some(session) = session() {
        let _ = session.set_item(TAB_KEY, tab);
    }
}

/// Deletes a tab's draft and its time.
pub fn remove_tab(tab: &str) {
    remove(&format!("{TAB_DRAFT_PREFIX}{tab}"));
    remove(&format!("{SAVED_PREFIX}{tab}"));
}

fn keys_starting(prefix: &str) -> Vec<String> {
    let Some(store) = store() else { return Vec::new() };
    (0..store.length().unwrap_or(0))
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect()
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
/// copy, still under its key (which this session then leaves alone).
#[derive(Clone)]
pub struct SetAside {
    /// When it was found (`2026-11-25T19-46-12`, local time), for the file name.
    pub stamp: String,
    pub text: String,
}

/// This tab's saved draft: `Ok(None)` when there is none (or no storage), `Err` when there is one this version
/// cannot read — broken JSON, a wrong type, or fields or a format from a newer version. That text is moved aside,
/// not deleted, so the app can start blank and the user can still have it.
///
/// A tab without a draft of its own and without a case to show (`adopt`: no link) takes the single draft of
/// earlier versions, if one is still there.
pub fn load_draft(adopt: bool) -> Result<Option<Draft>, SetAside> {
    let own = draft_key();
    let (key, text) = match get(&own) {
        Some(text) => (own, text),
        None => match get(DRAFT_KEY).filter(|_| adopt) {
            Some(text) => (DRAFT_KEY.to_string(), text),
            None => return Ok(None),
        },
    };
    let Some(draft) = read_draft(&text) else { return Err(set_aside(&key, text)) };
    // The old single draft becomes this tab's: copied first, removed once the copy is there.
    if key == DRAFT_KEY && set(&draft_key(), &text).and_then(|()| stamp_saved(&draft)).is_ok() {
        remove(DRAFT_KEY);
    }
    Ok(Some(draft))
}

/// A draft as this version wrote it. `Draft` and `Case` refuse unknown fields; the format must be one it knows.
fn read_draft(text: &str) -> Option<Draft> {
    let draft: Draft = serde_json::from_str(text).ok()?;
    match draft.case.format.as_deref() {
        Some(format) if !CASE_FORMATS.contains(&format) => None,
        _ => Some(draft),
    }
}

fn set_aside(from: &str, text: String) -> SetAside {
    let stamp = browser::now_stamp();
    let mut key = format!("{UNREADABLE_PREFIX}{stamp}");
    let mut n = 1;
    while get(&key).is_some() {
        n += 1;
        key = format!("{UNREADABLE_PREFIX}{stamp}-{n}");
    }
    // The copy first: the original goes only once the copy is there.
    if set(&key, &text).is_ok() {
        remove(from);
    } else if from != DRAFT_KEY {
        DRAFT_KEY_HELD.set(true);
    }
    SetAside { stamp, text }
}

/// Saves the case being entered. An untouched new patient is not stored, so after "Forget this device's data"
/// nothing is left behind.
pub fn save_draft(draft: &Draft) -> Result<(), NotSaved> {
    let saved = write_draft(draft);
    SAVE_FAILED.set(saved.is_err());
    saved
}

/// Whether the case on screen is the one kept on this device (storage works, and took the last save): a reload
/// then loses nothing.
pub fn case_is_kept() -> bool {
    available() && !SAVE_FAILED.get()
}

fn write_draft(draft: &Draft) -> Result<(), NotSaved> {
    if DRAFT_KEY_HELD.get() {
        return Err(NotSaved);
    }
    if draft.is_blank() {
        remove_tab(&tab_id());
        return Ok(());
    }
    set(&draft_key(), &serde_json::to_string(draft).map_err(|_| NotSaved)?)?;
    mark_open(true);
    stamp_saved(draft)
}

/// Removes everything the app keeps in this browser: every tab's draft, drafts set aside, the settings, and the
/// marks of open tabs (this one is marked again when its next case is saved).
pub fn forget_all() {
    DRAFT_KEY_HELD.set(false);
    let drafts = [UNREADABLE_PREFIX, TAB_DRAFT_PREFIX, SAVED_PREFIX, OPEN_PREFIX].into_iter().flat_map(keys_starting);
    for key in drafts.chain([DRAFT_KEY, LANG_KEY, CLINIC_HEADER_KEY, CALENDAR_NO_NAMES_KEY].map(String::from)) {
        remove(&key);
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

/// The clinic settings as chosen on this device; `None` when never chosen (or unreadable: chosen again, nothing
/// else depends on them).
pub fn load_clinic_settings() -> Option<Draft> {
    read_draft(&get(CLINIC_SETTINGS_KEY)?)
}

/// Best effort, like the language.
pub fn save_clinic_settings(settings: &Draft) {
    if let Ok(json) = serde_json::to_string(settings) {
        let _ = set(CLINIC_SETTINGS_KEY, &json);
    }
}

/// "Forget this device's data" forgets the settings too.
pub fn forget_clinic_settings() {
    remove(CLINIC_SETTINGS_KEY);
}
