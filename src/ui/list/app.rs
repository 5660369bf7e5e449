//! The clinic list page's root (`list.html`): owns the list's state and every side effect of the page (the build,
//! the language kept with the calculator's, printing, opening a patient in the calculator).

use gloo_events::EventListener;
use web_sys::Element;
use yew::prelude::*;

use super::{build, ClinicListPage};
use crate::clinic_list::ListFilter;
use crate::clinical::case::{Case, CaseDate};
use crate::i18n::{Lang, Text};
use crate::list_state::{ListPage, SharedList};
use crate::share;
use crate::sheet::Escaped;
use crate::ui::header::{header, Page};
use crate::ui::offline::{update_banner, use_update_ready};
use crate::ui::{browser, storage};
use crate::worklist::worklist_sheet;

/// The most patients the Print button prints without asking first (issue 25).
const PRINT_WITHOUT_ASKING: usize = 2000;

#[component]
pub fn ListApp() -> Html {
    // The language is the calculator's: one choice for both pages.
    let lang = use_state_eq(|| Lang::at_start(storage::load_lang(), storage::browser_lang_tag().as_deref()));
    let lang_now = *lang;
    let update_ready = use_update_ready();
    // In memory only: the register is never stored.
    let list = use_reducer(|| ListPage::new(CaseDate(browser::today()).parse().unwrap_or_default()));
    {
        let (file, options, needs_build, dispatcher) =
            (list.file.clone(), list.options, list.needs_build(), list.dispatcher());
        use_effect_with(list.generation, move |&generation| {
            let cancelled =
                file.filter(|_| needs_build).map(|file| build::start(file, options, generation, dispatcher));
            move || cancelled.into_iter().for_each(|c| c.set(true))
        });
    }
    use_effect_with(lang_now, |&lang| {
        storage::save_lang(lang);
        browser::show_language(lang, &format!("{} — {}", Text::AppName.get(lang), Text::PageClinicList.get(lang)));
    });
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |choice| lang.set(choice))
    };
    let on_list_action = {
        let list = list.clone();
        Callback::from(move |action| list.dispatch(action))
    };
    // The calculator opens in its own tab; the patient goes through sessionStorage (which the new tab starts with
    // a copy of) under a one-time key, so the address the browser's history keeps holds no patient data (issue 25).
    // The calculator reads and removes it, and asks before replacing a case in progress there. The list stays as
    // it is in this tab.
    let on_open_patient = Callback::from(|case: Case| {
        let Some(key) = share::handoff::hand_over(&share::encode(&case)) else { return };
        let url = format!("{}#{}", Page::Calculator.href(), share::open_fragment(&key));
        if let Some(window) = web_sys::window() {
            let _ = window.open_with_url_and_target(&url, "_blank");
        }
        share::handoff::forget_handed(&key);
    });
    // A big worklist is hundreds of pages and seconds of work: the Print button asks first (the browser's own menu
    // cannot be asked from).
    let on_print = {
        let (shown, filter) = (list.list.clone(), list.filter.clone());
        Callback::from(move |_| {
            let count = shown.as_ref().map_or(0, |l| filter.apply(&l.rows).len());
            let count_text = count.to_string();
            let ask = || {
                let message = crate::rule_text::fill(Text::ListPrintMany.get(lang_now), |name| {
                    (name == "count").then_some(count_text.as_str())
                });
                browser::confirm(&message)
            };
            if count <= PRINT_WITHOUT_ASKING || ask() {
                browser::print();
            }
        })
    };
    // The worklist exists only on paper (the print rules in style.css) and is made when the page is printed, from the
    // Print button or the browser's own menu (both fire `beforeprint`), not on every change: for 5 000 patients it
    // is about half a second of work and some 200 pages of table.
    let print_sheet = use_node_ref();
    let printed = use_mut_ref(|| (None::<SharedList>, ListFilter::default(), lang_now));
    *printed.borrow_mut() = (list.list.clone(), list.filter.clone(), lang_now);
    {
        let (print_sheet, printed) = (print_sheet.clone(), printed.clone());
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a page has a window");
            let fill = {
                let print_sheet = print_sheet.clone();
                EventListener::new(&window, "beforeprint", move |_| {
                    let Some(sheet) = print_sheet.cast::<Element>() else { return };
                    let (shown, filter, lang) = &*printed.borrow();
                    // Printed before a register is open (from the browser's menu): a line that says so, not a
                    // blank page.
                    let html = match shown {
                        Some(shown) => worklist_sheet(shown, filter, *lang, &storage::load_clinic_header()),
                        None => format!(r#"<p class="worklist-none">{}</p>"#, Escaped(Text::WorklistNoFile.get(*lang))),
                    };
                    sheet.set_inner_html(&html);
                })
            };
            let empty = EventListener::new(&window, "afterprint", move |_| {
                if let Some(sheet) = print_sheet.cast::<Element>() {
                    sheet.set_inner_html("");
                }
            });
            move || drop((fill, empty))
        });
    }
    html! {
        <div class="app">
            { header(lang_now, &on_lang, Page::ClinicList) }
            { update_banner(lang_now, update_ready) }
            <p class="notice" role="note">{ Text::Notice.get(lang_now) }</p>
            <main class="list-page">
                <ClinicListPage lang={lang_now} state={list} dispatch={on_list_action} on_open={on_open_patient} {on_print} />
            </main>
            <footer class="app-footer">
                <p>{ Text::Notice.get(lang_now) }</p>
            </footer>
            <div class="print-sheet" ref={print_sheet}></div>
        </div>
    }
}
