//! Case tools: new patient, export and import a case file, and the share link.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::browser;
use crate::clinical::case::Case;
use crate::clinical::errors::InputError;
use crate::i18n::{Lang, Text};
use crate::import::read_case_file;
use crate::messages::{engine_message, field_label};
use crate::share;
use crate::state::{Action, Draft};

/// `osteoplan-<patient ID or "case">-<assessment date>`, safe as a file name, for every file the app saves.
pub fn file_stem(case: &Case) -> String {
    let stem = case.patient.id.as_deref().filter(|id| !id.is_empty()).unwrap_or("case");
    let safe: String = stem.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let date = case.assessed_on.as_ref().map_or(String::new(), |d| format!("-{}", d.0));
    format!("osteoplan-{safe}{date}")
}

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

/// What the toolbar keeps between renders: the errors of the last import and the share link made.
pub struct ToolbarState {
    import_errors: UseStateHandle<Vec<InputError>>,
    share_link: UseStateHandle<String>,
}

#[hook]
pub fn use_toolbar_state() -> ToolbarState {
    ToolbarState { import_errors: use_state(Vec::<InputError>::new), share_link: use_state(String::new) }
}

/// The toolbar. A function rather than a component: each component type adds its own copy of Yew's component code
/// to the wasm.
pub fn toolbar(props: ToolbarProps) -> Html {
    let lang = props.lang;
    let t = move |text: Text| text.get(lang);
    let import_errors = &props.state.import_errors;
    let share_link = &props.state.share_link;

    let on_new = {
        let dispatch = props.dispatch.clone();
        let (import_errors, share_link) = (import_errors.clone(), share_link.clone());
        Callback::from(move |_| {
            if browser::confirm(t(Text::ConfirmNewPatient)) {
                dispatch.emit(Action::Load(Box::new(Draft::new(&browser::today()))));
                import_errors.set(Vec::new());
                share_link.set(String::new());
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
    let on_share = {
        let (case, share_link) = (props.case.clone(), share_link.clone());
        Callback::from(move |_| {
            share_link.set(format!("{}#{}", browser::url_without_fragment(), share::encode(&case)));
        })
    };
    let on_select_link = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());

    html! {
        <div class="toolbar" role="toolbar" aria-label={t(Text::CaseTools)}>
            <button type="button" data-action="new-patient" onclick={on_new}>{ t(Text::NewPatient) }</button>
            <button type="button" data-action="export" onclick={on_export}>{ t(Text::Export) }</button>
            <label class="file-button">
                { t(Text::Import) }
                <input type="file" name="import" accept=".json,application/json" onchange={on_import} />
            </label>
            <button type="button" data-action="share" onclick={on_share}>{ t(Text::Share) }</button>
            <button type="button" data-action="forget" onclick={props.on_forget.clone()}>{ t(Text::ForgetDevice) }</button>
            if !share_link.is_empty() {
                <div class="share">
                    <label for="share-link">{ t(Text::ShareLink) }</label>
                    <input id="share-link" name="share-link" type="text" readonly=true value={(**share_link).clone()} onfocus={on_select_link} />
                    <p class="hint">{ t(Text::ShareHint) }</p>
                </div>
            }
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
