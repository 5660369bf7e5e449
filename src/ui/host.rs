//! The page's contract with the outside: `window.osteoplan` (case-format.md: `evaluate(text) -> text` and
//! `version`), `?embed=1`, and the postMessage protocol for a host page that frames the app (docs/clinic-it.md, "Embedding").
//!
//! Protocol: the host posts `{type: "osteoplan.case", case: {...}, lang?: "en" | "zh-CN"}`. If the sender's origin is
//! allowed (this origin, or one listed in `<meta name="osteoplan-embed-origins">`), the frame shows that case and
//! answers the sender, at its origin only, with `{type: "osteoplan.report", ok: true, report}` or `{…, ok: false,
//! errors}` (the error document). Messages from other origins are ignored. When framed, the app first posts
//! `{type: "osteoplan.ready", version}` to its parent; it carries no data.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::clinical::evaluate_json;
use crate::words::i18n::Lang;

/// `?embed=1`: the app is framed by a host page and drops its header.
pub fn is_embedded() -> bool {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    search.trim_start_matches('?').split('&').any(|pair| pair == "embed=1")
}

/// Sets `window.osteoplan = { evaluate, version }`.
pub fn install_api() {
    let Some(window) = web_sys::window() else { return };
    let api = js_sys::Object::new();
    let evaluate = Closure::<dyn Fn(String) -> String>::new(|text: String| match evaluate_json(&text) {
        Ok(report) | Err(report) => report,
    });
    let _ = js_sys::Reflect::set(&api, &"evaluate".into(), evaluate.as_ref());
    let _ = js_sys::Reflect::set(&api, &"version".into(), &env!("CARGO_PKG_VERSION").into());
    let _ = js_sys::Reflect::set(&window, &"osteoplan".into(), &api);
    // The function lives as long as the page.
    evaluate.forget();
}

/// A case sent by an allowed host page: its JSON text and the language it asks for.
pub struct HostCase {
    pub text: String,
    pub lang: Option<Lang>,
    reply_to: web_sys::Window,
    origin: String,
}

impl HostCase {
    /// Answers the sender with the report (or error document) for the case, at the sender's origin only.
    pub fn reply(&self) {
        let (ok, key, body) = match evaluate_json(&self.text) {
            Ok(report) => (true, "report", report),
            Err(errors) => (false, "errors", errors),
        };
        let message = format!(r#"{{"type":"osteoplan.report","ok":{ok},"{key}":{body}}}"#);
        if let Ok(message) = js_sys::JSON::parse(&message) {
            let _ = self.reply_to.post_message(&message, &self.origin);
        }
    }
}

/// Listens for cases from host pages for the rest of the page's life, and tells a parent frame it is ready.
pub fn listen(on_case: impl Fn(HostCase) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let allowed = allowed_origins(&window);
    let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if let Some(case) = read_message(&event, &allowed) {
            on_case(case);
        }
    });
    let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    listener.forget();

    if let Ok(Some(parent)) = window.parent() {
        if parent != window {
            let ready = format!(r#"{{"type":"osteoplan.ready","version":"{}"}}"#, env!("CARGO_PKG_VERSION"));
            if let Ok(ready) = js_sys::JSON::parse(&ready) {
                let _ = parent.post_message(&ready, "*");
            }
        }
    }
}

/// This page's origin and those the deployment lists in `<meta name="osteoplan-embed-origins">`.
fn allowed_origins(window: &web_sys::Window) -> Vec<String> {
    let mut allowed: Vec<String> = window.location().origin().ok().filter(|o| o != "null").into_iter().collect();
    let listed = window
        .document()
        .and_then(|d| d.query_selector(r#"meta[name="osteoplan-embed-origins"]"#).ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default();
    allowed.extend(listed.split_whitespace().map(|o| o.trim_end_matches('/').to_string()));
    allowed
}

fn read_message(event: &web_sys::MessageEvent, allowed: &[String]) -> Option<HostCase> {
    let origin = event.origin();
    if !allowed.contains(&origin) {
        return None;
    }
    let data = event.data();
    let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
    if field("type")?.as_string()? != "osteoplan.case" {
        return None;
    }
    let text = js_sys::JSON::stringify(&field("case")?).ok()?.as_string()?;
    let lang = field("lang").and_then(|l| l.as_string()).map(|tag| Lang::from_browser_tag(&tag));
    // The host's window belongs to another realm, so `instanceof Window` (dyn_into) would fail; a source that is
    // not a window (a MessagePort) makes the reply's postMessage fail, which is ignored.
    let reply_to = event.source()?.unchecked_into::<web_sys::Window>();
    Some(HostCase { text, lang, reply_to, origin })
}
