//! In-browser tests of the Yew shell (wasm-bindgen-test in headless Chromium; see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_storage::{LocalStorage, Storage};
use osteoplan::words::i18n::{Lang, Text};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh mount point, so tests do not see each other's DOM.
fn fresh_root() -> web_sys::Element {
    let doc = gloo_utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

/// Yew renders and runs effects asynchronously: poll until `ready` holds, for at most 5 s, then fail
/// with `what`. Polling instead of a fixed sleep keeps the test fast and not flaky on a slow CI machine.
async fn wait_until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..500 {
        if ready() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for: {what}");
}

fn has_text(root: &web_sys::Element, needle: &str) -> bool {
    root.text_content().unwrap_or_default().contains(needle)
}

fn button_for(root: &web_sys::Element, lang: Lang) -> web_sys::HtmlElement {
    root.query_selector(&format!("button[data-lang='{}']", lang.html_tag()))
        .unwrap()
        .expect("language button")
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn shell_shows_title_notice_columns_and_print_button() {
    LocalStorage::set(osteoplan::ui::LANG_KEY, Lang::En).unwrap();
    let root = fresh_root();
    let app = osteoplan::ui::mount_in(root.clone());
    wait_until("the page to render", || has_text(&root, Text::Notice.get(Lang::En))).await;

    let text = root.text_content().unwrap_or_default();
    assert!(root.query_selector("h1").unwrap().unwrap().text_content().unwrap() == "OsteoPlan");
    assert!(text.contains(Text::Notice.get(Lang::En)), "notice missing: {text}");
    assert!(root.query_selector("section.inputs h2").unwrap().is_some());
    assert!(root.query_selector("section.results h2").unwrap().is_some());
    assert!(root.query_selector("button.print-button").unwrap().is_some());
    app.destroy();
}

#[wasm_bindgen_test]
async fn language_switch_translates_and_persists() {
    LocalStorage::set(osteoplan::ui::LANG_KEY, Lang::En).unwrap();
    let root = fresh_root();
    let app = osteoplan::ui::mount_in(root.clone());
    wait_until("the page to render", || has_text(&root, Text::Notice.get(Lang::En))).await;

    button_for(&root, Lang::Zh).click();
    // The root effect saves the language after the render, so wait for both.
    wait_until("Chinese text and the saved language", || {
        has_text(&root, Text::Notice.get(Lang::Zh))
            && LocalStorage::get::<Lang>(osteoplan::ui::LANG_KEY).ok() == Some(Lang::Zh)
            && gloo_utils::document_element().get_attribute("lang").as_deref() == Some("zh-CN")
    })
    .await;

    let text = root.text_content().unwrap_or_default();
    assert!(text.contains(Text::Notice.get(Lang::Zh)), "Chinese notice missing: {text}");
    assert!(!text.contains(Text::Notice.get(Lang::En)));
    assert_eq!(button_for(&root, Lang::Zh).get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(button_for(&root, Lang::En).get_attribute("aria-pressed").as_deref(), Some("false"));
    assert_eq!(LocalStorage::get::<Lang>(osteoplan::ui::LANG_KEY).ok(), Some(Lang::Zh));
    let html_lang = gloo_utils::document_element().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("zh-CN"));
    app.destroy();

    // A new mount (a reload) starts in the saved language.
    let root = fresh_root();
    let app = osteoplan::ui::mount_in(root.clone());
    wait_until("the page to render", || has_text(&root, Text::Notice.get(Lang::Zh))).await;
    assert!(has_text(&root, Text::ResultsHeading.get(Lang::Zh)));
    app.destroy();
}
