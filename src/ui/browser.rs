//! The few browser calls the app makes outside Yew: dialogs, the clock, downloads, the document's language and
//! title, printing and the URL fragment.

use wasm_bindgen::JsCast;

use crate::words::lang::Lang;

/// Asks the user; `false` when there is no window.
pub fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// Today's local date as `YYYY-MM-DD`: the default assessment date (the engine itself never reads the clock).
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// The local date and time as `2026-11-25T19-46-12`: safe in a storage key and a file name.
pub fn now_stamp() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}T{:02}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes(),
        now.get_seconds()
    )
}

/// The text of a paste into the page itself, not into a field (where it is the field's own business).
pub fn pasted_outside_fields(event: &web_sys::Event) -> Option<String> {
    let target = event.target()?.dyn_into::<web_sys::HtmlElement>().ok();
    if target
        .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || t.is_content_editable())
    {
        return None;
    }
    event.dyn_ref::<web_sys::ClipboardEvent>()?.clipboard_data()?.get_data("text").ok()
}

/// Saves `text` as a file through a temporary link.
pub fn download(file_name: &str, mime: &str, text: &str) {
    let blob = gloo_file::Blob::new_with_options(text, Some(mime));
    let url = gloo_file::ObjectUrl::from(blob);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(link) = document.create_element("a") else { return };
    let Ok(link) = link.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
}

/// Shows the page in `lang`: the document's language (fonts, screen readers, hyphenation) and its title.
pub fn show_language(lang: Lang, title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("lang", lang.html_tag());
        }
        doc.set_title(title);
    }
}

/// Sets the page URL's fragment (a `hashchange` follows when it differs).
pub fn set_fragment(fragment: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(fragment);
    }
}

/// Loads the page again.
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Opens the browser's print dialog (which fires `beforeprint` first).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// The page URL's fragment, with its `#`.
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Whether this is the single-file edition (`osteoplan.html`, `osteoplan-list.html`, opened from disk or served),
/// rather than the served app (`index.html`, `list.html`): scripts/post-build.mjs marks the single files with
/// `<meta name="osteoplan-edition" content="single-file">`, which holds whatever name the file is given.
pub fn is_single_file_edition() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(r#"meta[name="osteoplan-edition"]"#).ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .is_some_and(|edition| edition == "single-file")
}

/// The page URL without its fragment.
pub fn url_without_fragment() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// Drops the fragment from the address bar without reloading, so a reload does not re-import a shared case.
pub fn clear_fragment() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url_without_fragment()));
    }
}

/// Puts `text` on the clipboard: the Clipboard API where the page may use it (https, localhost, a file), else a
/// hidden text area and the copy command (an intranet served over plain http has no Clipboard API).
pub fn copy_text(text: &str) {
    let Some(window) = web_sys::window() else { return };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into()).ok();
    if window.is_secure_context() && clipboard.as_ref().is_some_and(|c| !c.is_undefined() && !c.is_null()) {
        let _ = window.navigator().clipboard().write_text(text);
        return;
    }
    let Some(document) = window.document() else { return };
    let Ok(area) = document.create_element("textarea") else { return };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else { return };
    area.set_value(text);
    let _ = area.set_attribute("style", "position:fixed;top:0;left:0;opacity:0");
    let Some(body) = document.body() else { return };
    let _ = body.append_child(&area);
    area.select();
    if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
        let _ = html.exec_command("copy");
    }
    area.remove();
}
