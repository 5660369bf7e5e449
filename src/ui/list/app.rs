//! The clinic list page's root (`list.html`): owns the list's state and every side effect of the page (the build,
//! the language kept with the calculator's, printing, opening a patient in the calculator).

use gloo_events::EventListener;
use web_sys::Element;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{build, ClinicListPage};
use crate::app::list_state::{ListPage, Progress, SharedList};
use crate::app::share;
use crate::clinic_list::ListFilter;
use crate::clinical::case::{Case, CaseDate};
use crate::render::sheet::Escaped;
use crate::render::worklist::{worklist_foot, worklist_head, worklist_rows, worklist_sheet};
use crate::ui::header::{header, Page};
use crate::ui::offline::{update_banner, use_update_ready};
use crate::ui::{browser, storage};
use crate::words::i18n::{Lang, Text};
use crate::words::list_texts::ListText;

/// The most patients the Print button prints without asking first (issue 25).
const PRINT_WITHOUT_ASKING: usize = 2000;

#[component]
pub fn ListApp() -> Html {
    // The language is the calculator's: one choice for both pages.
    let lang = use_state_eq(|| Lang::at_start(storage::load_lang(), storage::browser_lang_tag().as_deref()));
    let lang_now = *lang;
    let update_ready = use_update_ready();
    // In memory only: the register is never stored.
    let list = use_reducer(|| {
        let mut page = ListPage::new(CaseDate(browser::today()).parse().unwrap_or_default());
        page.no_names_in_calendar = storage::load_calendar_no_names();
        page
    });
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
    // The calculator reads and removes it; it is a new tab with an id and a draft of its own, whatever copy of
    // this tab's sessionStorage it starts with, so it shows that patient without asking about any other tab's case
    // (issue 24). The list stays as it is in this tab.
    let on_open_patient = Callback::from(|case: Case| {
        let Some(key) = share::handoff::hand_over(&share::encode(&case)) else { return };
        let url = format!("{}#{}", Page::Calculator.href(), share::open_fragment(&key));
        if let Some(window) = web_sys::window() {
            let _ = window.open_with_url_and_target(&url, "_blank");
        }
        share::handoff::forget_handed(&key);
    });
    // The worklist exists only on paper (the print rules in style.css) and is made when the page is printed, not on
    // every change: for 5 000 patients it is about half a second of work and some 200 pages of table.
    let print_sheet = use_node_ref();
    // Set while the Print button's worklist is in the sheet, so `beforeprint` does not make it again.
    let prepared = use_mut_ref(|| false);
    // The Print button making a big worklist: how far it is (None when it is not).
    let print_progress = use_state_eq(|| None::<Progress>);
    // A big worklist is hundreds of pages and seconds of work: the Print button asks first (the browser's own menu
    // cannot be asked from), then writes it into the sheet in slices with its progress shown (issue 25), and prints.
    let on_print = {
        let (shown, filter) = (list.list.clone(), list.filter.clone());
        let (print_sheet, prepared, progress) = (print_sheet.clone(), prepared.clone(), print_progress.clone());
        Callback::from(move |_| {
            if progress.is_some() {
                return; // already making it
            }
            let count = shown.as_ref().map_or(0, |l| filter.apply(&l.rows).len());
            let count_text = count.to_string();
            let ask = || {
                let message = crate::words::rule_text::fill(ListText::ListPrintMany.get(lang_now), |name| {
                    (name == "count").then_some(count_text.as_str())
                });
                browser::confirm(&message)
            };
            match (shown.clone(), print_sheet.cast::<Element>()) {
                (Some(shown), Some(sheet)) if count > PRINT_WITHOUT_ASKING => {
                    if ask() {
                        let job = PrintJob { shown, filter: filter.clone(), lang: lang_now, sheet };
                        spawn_local(job.print(prepared.clone(), progress.setter()));
                    }
                }
                _ => browser::print(),
            }
        })
    };
    // The browser's own print menu (and the Print button for a small list) fires `beforeprint` with no time to
    // slice: the worklist is made there in one go (see docs/clinicians.md, "The clinic list").
    let printed = use_mut_ref(|| (None::<SharedList>, ListFilter::default(), lang_now));
    *printed.borrow_mut() = (list.list.clone(), list.filter.clone(), lang_now);
    {
        let (print_sheet, printed, prepared) = (print_sheet.clone(), printed.clone(), prepared.clone());
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a page has a window");
            let fill = {
                let print_sheet = print_sheet.clone();
                EventListener::new(&window, "beforeprint", move |_| {
                    if *prepared.borrow() {
                        return; // the Print button has made it
                    }
                    let Some(sheet) = print_sheet.cast::<Element>() else { return };
                    let (shown, filter, lang) = &*printed.borrow();
                    // Printed before a register is open (from the browser's menu): a line that says so, not a
                    // blank page.
                    let html = match shown {
                        Some(shown) => worklist_sheet(shown, filter, *lang, &storage::load_clinic_header()),
                        None => {
                            format!(r#"<p class="worklist-none">{}</p>"#, Escaped(ListText::WorklistNoFile.get(*lang)))
                        }
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
    let print_progress = print_progress.as_ref().map(|p| {
        html! {
            <p class="list-progress" role="status" data-print-progress="">
                { ListText::ListPrintPreparing.get(lang_now) }{ " " }
                <progress max={p.total.max(1).to_string()} value={p.done.to_string()}></progress>
                { format!(" {} / {}", p.done, p.total) }
            </p>
        }
    });
    html! {
        <div class="app">
            { header(lang_now, &on_lang, Page::ClinicList) }
            { update_banner(lang_now, update_ready) }
            <p class="notice" role="note">{ Text::Notice.get(lang_now) }</p>
            { for print_progress }
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

/// The rows written into the sheet per step of a slice.
const PRINT_STEP_ROWS: usize = 100;

/// A big worklist made by the Print button: the list and filter shown when it was clicked.
struct PrintJob {
    shown: SharedList,
    filter: ListFilter,
    lang: Lang,
    sheet: Element,
}

impl PrintJob {
    /// Writes the worklist's head and foot into the sheet, then its rows into the table's body in slices of about
    /// a frame (`build::in_slices`, as the list itself is built), showing `progress`; then prints.
    async fn print(self, prepared: std::rc::Rc<std::cell::RefCell<bool>>, progress: UseStateSetter<Option<Progress>>) {
        let PrintJob { shown, filter, lang, sheet } = self;
        let rows = filter.apply(&shown.rows);
        let total = rows.len();
        progress.set(Some(Progress { done: 0, total }));
        let head = worklist_head(&shown, &filter, lang, &storage::load_clinic_header());
        sheet.set_inner_html(&(head + &worklist_foot(&shown, rows.is_empty(), lang)));
        *prepared.borrow_mut() = true;
        if let Some(body) = sheet.query_selector("tbody").ok().flatten() {
            let mut next = 0;
            let step = |next: &mut usize| {
                let end = (*next + PRINT_STEP_ROWS).min(total);
                let _ = body.insert_adjacent_html("beforeend", &worklist_rows(&rows, *next..end, lang));
                *next = end;
                end < total
            };
            let report = |next: &usize| progress.set(Some(Progress { done: *next, total }));
            build::in_slices(&mut next, &std::cell::Cell::new(false), step, report).await;
        }
        progress.set(None);
        browser::print();
        // `print()` returns once the print dialog is closed; `afterprint` empties the sheet.
        *prepared.borrow_mut() = false;
    }
}
