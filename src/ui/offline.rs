//! Offline use: registers the service worker that `scripts/post-build.mjs` writes as `sw.js`, and reports when a
//! new version has taken over (the page then offers a reload). Service workers need a secure context (HTTPS or
//! localhost) and do not exist for `file://`; without one the app simply runs online.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::words::i18n::{Lang, Text};

/// Registers the service worker (once, after the first render); true once a new version has taken over. Each page's
/// root calls it once.
#[hook]
pub fn use_update_ready() -> bool {
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with((), move |_| register_service_worker(move || update_ready.set(true)));
    }
    *update_ready
}

/// Once a new version has taken over (`ready`), says so with a Reload button.
pub fn update_banner(lang: Lang, ready: bool) -> Html {
    if !ready {
        return Html::default();
    }
    let on_reload = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    html! {
        <div class="update-ready" role="status" data-update-ready="">
            { Text::UpdateReady.get(lang) }{ " " }
            <button type="button" onclick={on_reload}>{ Text::Reload.get(lang) }</button>
        </div>
    }
}

fn register_service_worker(on_update_ready: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    // Reading `navigator.serviceWorker` throws in a sandboxed frame (an opaque origin), hence the checked read.
    let container = match js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into()) {
        Ok(container) if container.is_object() => container.unchecked_into::<web_sys::ServiceWorkerContainer>(),
        _ => return,
    };
    // A page that was already controlled is running the previous version when a new worker takes control.
    if container.controller().is_some() {
        let on_change = Closure::<dyn Fn()>::new(on_update_ready);
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
    }
    let registering = container.register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        // Best effort: without a worker the app still works online.
        let _ = wasm_bindgen_futures::JsFuture::from(registering).await;
    });
}
