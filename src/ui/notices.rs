//! Notices about keeping the case, shown in the page (never as a dialog) above the case tools: storage is not
//! available here, a saved case could not be read and was kept aside, saving is failing, a share link could not
//! be read. The root component decides which are shown and owns their state; this only draws them (a plain
//! function rather than a component: 0.8 KB gzip less).

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use super::storage::SetAside;
use crate::app::drafts::Kept;
use crate::clinical::errors::InputError;
use crate::render::sheet::Escaped;
use crate::words::i18n::{Lang, Text};
use crate::words::messages::engine_message;

/// What to draw.
pub struct Notices<'a> {
    pub lang: Lang,
    /// localStorage was refused when the page started: said once, quietly.
    pub no_storage: bool,
    /// A saved draft this version could not read, kept aside.
    pub set_aside: Option<Rc<SetAside>>,
    pub on_dismiss_set_aside: Callback<MouseEvent>,
    /// The last save of the case failed (quota full, private mode).
    pub not_saved: bool,
    pub on_export: Callback<MouseEvent>,
    /// Why the case in the share link could not be read (`None` without a reason).
    pub link_error: Option<Option<InputError>>,
    pub on_dismiss_link: Callback<MouseEvent>,
    /// Drafts of closed tabs, while this tab's patient is blank: calm, folded away.
    pub offers: &'a [Kept],
    /// A click in the list (on a draft's button: its `data-tab` names the tab).
    pub on_reopen: Callback<MouseEvent>,
}

pub fn view(props: Notices) -> Html {
    let lang = props.lang;
    let t = move |text: Text| text.get(lang);
    let on_download = props.set_aside.clone().map(|aside| {
        Callback::from(move |_| {
            let name = format!("osteoplan-unreadable-draft-{}.json", aside.stamp);
            browser::download(&name, "application/json", &aside.text);
        })
    });
    html! {
        <>
            if props.no_storage {
                <p class="storage-note" role="status" data-notice="no-storage">{ t(Text::NotKeptHere) }</p>
            }
            if let Some(on_download) = on_download {
                <div class="case-notice" role="alert" data-notice="draft-unreadable">
                    <p>{ t(Text::DraftUnreadable) }</p>
                    <button type="button" data-action="download-unreadable" onclick={on_download}>
                        { t(Text::DownloadUnreadable) }
                    </button>
                    <button type="button" data-action="dismiss" onclick={props.on_dismiss_set_aside.clone()}>
                        { t(Text::Dismiss) }
                    </button>
                </div>
            }
            if props.not_saved {
                <div class="case-notice" role="alert" data-notice="not-saved">
                    <p>{ t(Text::NotSaving) }</p>
                    <button type="button" data-action="export-unsaved" onclick={props.on_export.clone()}>
                        { t(Text::Export) }
                    </button>
                </div>
            }
            if let Some(reason) = &props.link_error {
                <div class="case-notice" role="alert" data-notice="link-unreadable">
                    <p>{ t(Text::LinkUnreadable) }</p>
                    if let Some(error) = reason {
                        <p data-reason="">{ format!("{}{}{}", t(Text::Reason), lang.colon(), engine_message(error, lang)) }</p>
                    }
                    <button type="button" data-action="dismiss" onclick={props.on_dismiss_link.clone()}>
                        { t(Text::Dismiss) }
                    </button>
                </div>
            }
            if !props.offers.is_empty() {
                <details class="reopen" data-notice="reopen" onclick={props.on_reopen.clone()}>
                    <summary>{ t(Text::ReopenDraft) }</summary>
                    { Html::from_html_unchecked(offers(props.offers, lang).into()) }
                </details>
            }
        </>
    }
}

/// The buttons of the drafts offered, as HTML: one click handler for the list rather than one per button.
fn offers(offers: &[Kept], lang: Lang) -> String {
    let mut html = String::new();
    for offer in offers {
        let who = Some(offer.who()).filter(|who| !who.is_empty()).unwrap_or(Text::NoNameOrId.get(lang));
        html += &format!(
            r#"<button type="button" data-action="reopen" data-tab="{}">{}</button>"#,
            Escaped(&offer.tab),
            Escaped(who)
        );
    }
    html
}
