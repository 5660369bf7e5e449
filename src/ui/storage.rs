//! What the app keeps in localStorage, under versioned keys. Only the root component calls these.
//! Everything stays on this device: nothing here is ever sent anywhere.

use gloo_storage::{LocalStorage, Storage};

use crate::i18n::Lang;
use crate::state::Draft;

pub const LANG_KEY: &str = "osteoplan.lang.v1";
pub const DRAFT_KEY: &str = "osteoplan.draft.v1";
pub const CLINIC_HEADER_KEY: &str = "osteoplan.clinic-header.v1";

/// The user's saved language; `None` on a first visit or when storage is unavailable or holds junk.
pub fn load_lang() -> Option<Lang> {
    LocalStorage::get(LANG_KEY).ok()
}

/// Saving is best effort: private modes may refuse storage, and the app must keep working.
pub fn save_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG_KEY, lang);
}

/// The case being entered, as it was left.
pub fn load_draft() -> Option<Draft> {
    LocalStorage::get(DRAFT_KEY).ok()
}

/// An untouched new patient is not stored, so after "Forget this device's data" nothing is left behind.
pub fn save_draft(draft: &Draft) {
    if draft.is_blank() {
        LocalStorage::delete(DRAFT_KEY);
    } else {
        let _ = LocalStorage::set(DRAFT_KEY, draft);
    }
}

/// Removes everything the app keeps in this browser.
pub fn forget_all() {
    for key in [DRAFT_KEY, LANG_KEY, CLINIC_HEADER_KEY] {
        LocalStorage::delete(key);
    }
}

/// The clinic header line for printed sheets, as last typed on this device.
pub fn load_clinic_header() -> String {
    LocalStorage::get(CLINIC_HEADER_KEY).unwrap_or_default()
}

pub fn save_clinic_header(text: &str) {
    if text.is_empty() {
        LocalStorage::delete(CLINIC_HEADER_KEY);
    } else {
        let _ = LocalStorage::set(CLINIC_HEADER_KEY, text);
    }
}

/// The browser's preferred language tag, e.g. "zh-CN".
pub fn browser_lang_tag() -> Option<String> {
    web_sys::window()?.navigator().language()
}
