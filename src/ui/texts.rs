//! The rule texts the browser build leaves out (see `crate::words::rule_texts`), fetched once, when a reader first needs
//! them: from the page itself in the single-file edition (it opens from file://, where nothing can be fetched:
//! scripts/post-build.mjs puts the file in a `<script type="application/json" id="osteoplan-rule-texts">`), else
//! from the file the page names in `<meta name="osteoplan-rule-texts">` (content-hashed, in the service worker's
//! cache, so it works offline too).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::words::rule_texts;

/// Loads the texts unless they are in already; whether every rule now has its text.
pub async fn load() -> bool {
    if rule_texts::all_loaded() {
        return true;
    }
    match read().await {
        Some(text) => rule_texts::install_json(&text),
        None => false,
    }
}

async fn read() -> Option<String> {
    let window = web_sys::window()?;
    let document = window.document()?;
    if let Some(inline) = document.get_element_by_id("osteoplan-rule-texts") {
        return inline.text_content();
    }
    let meta = document.query_selector(r#"meta[name="osteoplan-rule-texts"]"#).ok()??;
    let url = meta.get_attribute("content")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}
