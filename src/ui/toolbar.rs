//! Case tools: new patient, export and import a case file, and the share link.

use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::browser;
use super::fields::check_field;
use crate::app::file_name::file_stem;
use crate::app::import::read_case_file;
use crate::app::share;
use crate::app::state::{Action, Draft};
use crate::clinical::case::Case;
use crate::clinical::errors::InputError;
use crate::words::i18n::{Lang, Text};
use crate::words::messages::{engine_message, field_label};

/// Saves the case as `<file stem>.json`: the toolbar's "Export case", also offered when saving on this device fails.
pub fn export_case(case: &Case) {
    let json = serde_json::to_string(case).unwrap_or_default();
    browser::download(&format!("{}.json", file_stem(case)), "application/json", &json);
}

/// What the toolbar draws from.
pub struct ToolbarProps<'a> {
    pub lang: Lang,
    pub case: &'a Case,
    pub dispatch: &'a Callback<Action>,
    /// Clears everything this browser keeps (after asking).
    pub on_forget: &'a Callback<MouseEvent>,
    pub state: &'a ToolbarState,
}

/// What the toolbar keeps between renders: the errors of the last import and the share panel.
pub struct ToolbarState {
    import_errors: UseStateHandle<Vec<InputError>>,
    /// The share panel: `None` closed, `Some(true)` open with a link that carries the name and patient ID,
    /// `Some(false)` (how it opens) one without them. The link is made from the case at each render, so it follows
    /// the case while the panel is open.
    share: UseStateHandle<Option<bool>>,
    /// The Share link button, which gets the focus back when the panel closes.
    share_button: NodeRef,
}

#[hook]
pub fn use_toolbar_state() -> ToolbarState {
    ToolbarState {
        import_errors: use_state(Vec::<InputError>::new),
        share: use_state(|| None),
        share_button: use_node_ref(),
    }
}

/// The toolbar. A function rather than a component: each component type adds its own copy of Yew's component code
/// to the wasm.
pub fn toolbar(props: ToolbarProps) -> Html {
    let lang = props.lang;
    let t = move |text: Text| text.get(lang);
    let import_errors = &props.state.import_errors;
    let share = &props.state.share;

    let on_new = {
        let dispatch = props.dispatch.clone();
        let (import_errors, share) = (import_errors.clone(), share.clone());
        Callback::from(move |_| {
            if browser::confirm(t(Text::ConfirmNewPatient)) {
                dispatch.emit(Action::Load(Box::new(Draft::new(&browser::today()))));
                import_errors.set(Vec::new());
                share.set(None);
            }
        })
    };
    let on_export = {
        let case = props.case.clone();
        Callback::from(move |_| export_case(&case))
    };
    let on_import = {
        let dispatch = props.dispatch.clone();
        let import_errors = import_errors.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let (dispatch, import_errors) = (dispatch.clone(), import_errors.clone());
            yew::platform::spawn_local(async move {
                let text = gloo_file::futures::read_as_text(&gloo_file::File::from(file)).await.unwrap_or_default();
                match read_case_file(&text) {
                    Ok(case) => {
                        dispatch.emit(Action::Load(Box::new(Draft::from_case(case))));
                        import_errors.set(Vec::new());
                    }
                    Err(errors) => import_errors.set(errors),
                }
            });
        })
    };
    // Share link opens (or closes) a panel that says what a link holds and where it ends up before the user copies
    // one (issue 25); the link leaves out the name and patient ID unless the box is ticked.
    let on_share = {
        let share = share.clone();
        Callback::from(move |_| share.set(if share.is_some() { None } else { Some(false) }))
    };
    let close_share = {
        let (share, button) = (share.clone(), props.state.share_button.clone());
        Callback::from(move |()| {
            share.set(None);
            if let Some(button) = button.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        })
    };
    let on_share_key = {
        let close = close_share.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close.emit(());
            }
        })
    };
    let on_select_link = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());
    // Opened from disk (the single file), a link would name a file on this computer: offer the case file instead.
    let from_disk = web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "file:");
    let share_panel = share.map(|with_identity| {
        if from_disk {
            return html! {
                <div id="share-panel" class="share" role="group" aria-labelledby="share-notice" onkeydown={on_share_key.clone()}>
                    <p id="share-notice">{ t(Text::ShareFromDisk) }</p>
                    <button type="button" data-action="export-instead" onclick={on_export.clone()}>{ t(Text::Export) }</button>
                    <button type="button" data-action="close-share" onclick={close_share.reform(|_| ())}>{ t(Text::Dismiss) }</button>
                </div>
            };
        }
        let link = if with_identity { share::encode(props.case) } else { share::encode(&share::without_identity(props.case)) };
        let on_identity = {
            let share = share.clone();
            Callback::from(move |on: bool| share.set(Some(on)))
        };
        html! {
            <div id="share-panel" class="share" role="group" aria-labelledby="share-notice" onkeydown={on_share_key}>
                <p id="share-notice">{ t(Text::ShareNotice) }</p>
                { check_field("share-identity", t(Text::ShareWithIdentity), with_identity, on_identity) }
                <label for="share-link">{ t(if with_identity { Text::ShareLinkWithIdentity } else { Text::ShareLink }) }</label>
                <input id="share-link" name="share-link" type="text" readonly=true aria-describedby="share-hint"
                    value={format!("{}#{link}", browser::url_without_fragment())} onfocus={on_select_link} />
                <p id="share-hint" class="hint">{ t(Text::ShareHint) }</p>
                <button type="button" data-action="close-share" onclick={close_share.reform(|_| ())}>{ t(Text::Dismiss) }</button>
            </div>
        }
    });

    html! {
        <div class="toolbar" role="toolbar" aria-label={t(Text::CaseTools)}>
            <button type="button" data-action="new-patient" onclick={on_new}>{ t(Text::NewPatient) }</button>
            <button type="button" data-action="export" onclick={on_export.clone()}>{ t(Text::Export) }</button>
            <label class="file-button">
                { t(Text::Import) }
                <input type="file" name="import" accept=".json,application/json" onchange={on_import} />
            </label>
            <button type="button" data-action="share" aria-expanded={share.is_some().to_string()} aria-controls="share-panel"
                ref={props.state.share_button.clone()} onclick={on_share}>{ t(Text::Share) }</button>
            // Right after its button, so that Tab goes from the button into the panel. Always one node (an empty
            // one when closed): an `Option` would add or remove a child, and Yew, matching unkeyed children from
            // the end, would then rebuild the buttons before it, and the Share link button would lose the focus.
            { share_panel.unwrap_or_default() }
            <button type="button" data-action="forget" onclick={props.on_forget.clone()}>{ t(Text::ForgetDevice) }</button>
            if !import_errors.is_empty() {
                <div class="import-errors" data-import-errors="" role="alert">
                    <p>{ t(Text::ImportFailed) }</p>
                    <ul>
                        { for import_errors.iter().map(|e| html! {
                            <li>{ format!("{}{}{}", if e.path.is_empty() { "—".to_string() } else { field_label(&e.path, lang) }, lang.colon(), engine_message(e, lang)) }</li>
                        }) }
                    </ul>
                </div>
            }
        </div>
    }
}
