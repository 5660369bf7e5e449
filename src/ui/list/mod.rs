//! The clinic list page (issue 16): open a register, see every patient most urgent first with a count per status,
//! filter by status and date, open one patient in the calculator, print the worklist, export the list as CSV and
//! the next actions as a calendar. The list is built by `crate::clinic_list`; its state is `crate::app::list_state`.

mod app;
pub mod build;
mod table;

pub use app::ListApp;

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::browser;
use crate::app::list_state::{readable_size, FileProblem, ListAction, ListFile, ListPage, SharedList};
use crate::clinic_list::{csv_table, csv_template, decode, replaced, ClinicList, Encoding, RowError, MAX_WEEKS};
use crate::clinical::case::{Case, CaseDate};
use crate::render::calendar::list_icalendar;
use crate::words::i18n::{Lang, Text};
use crate::words::list_texts::ListText;
use table::ListTable;

/// A spreadsheet opens a CSV as UTF-8 (Chinese names and labels) only when it starts with a byte-order mark; the
/// list's reader ignores it, so a downloaded template reads back as it is.
const BOM: &str = "\u{feff}";

#[derive(Properties, PartialEq)]
pub struct ClinicListPageProps {
    pub lang: Lang,
    pub state: UseReducerHandle<ListPage>,
    pub dispatch: Callback<ListAction>,
    /// Opens one patient in the calculator.
    pub on_open: Callback<Case>,
    pub on_print: Callback<MouseEvent>,
}

#[component]
pub fn ClinicListPage(props: &ClinicListPageProps) -> Html {
    let lang = props.lang;
    let t = |text: Text| text.get(lang);
    let state: &ListPage = &props.state;
    let dispatch = &props.dispatch;

    let on_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                open_file(file, dispatch.clone());
            }
            input.set_value("");
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
                open_file(file, dispatch.clone());
            }
        })
    };
    // A date being typed is not a date yet: the list keeps its date until the field holds a real one.
    let on_date = on_value(dispatch, |value| CaseDate(value).parse().map(ListAction::SetDate));
    let template = |choice: Lang| {
        Callback::from(move |_: MouseEvent| {
            let name = format!("osteoplan-register-template-{}.csv", choice.html_tag());
            browser::download(&name, "text/csv", &format!("{BOM}{}", csv_template(choice)));
        })
    };
    let templates = Lang::ALL.iter().map(|&choice| {
        html! {
            <button type="button" lang={choice.html_tag()} data-action={format!("template-{}", choice.html_tag())} onclick={template(choice)}>
                { format!("{} · {}", ListText::ListTemplate.get(choice), choice.native_name()) }
            </button>
        }
    });

    html! {
        <section class="clinic-list" aria-labelledby="list-heading" data-list-state={list_state_key(state)}>
            <h2 id="list-heading">{ t(Text::PageClinicList) }</h2>
            <p class="hint">{ ListText::ListIntro.get(lang) }</p>
            <div class="list-open" ondragover={on_drag_over} ondrop={on_drop} data-drop-zone="">
                <label class="file-button">
                    { ListText::ListOpen.get(lang) }
                    <input type="file" name="register" accept=".csv,.jsonl,.ndjson,.txt,text/csv" onchange={on_file} />
                </label>
                <span class="hint">{ ListText::ListDrop.get(lang) }</span>
                <span class="list-templates">{ for templates }</span>
            </div>
            <div class="list-options">
                <label>
                    { ListText::ListDate.get(lang) }
                    <input type="date" name="list-date" required=true value={state.options.today.to_string()} onchange={on_date} />
                </label>
                <label>
                    { ListText::ListWeeks.get(lang) }
                    <input type="number" name="list-weeks" min="0" max={MAX_WEEKS.to_string()} step="1" value={state.options.weeks.to_string()}
                        onchange={on_value(dispatch, |value| weeks(&value))} />
                </label>
                if state.file.is_some() {
                    <button type="button" data-action="list-close" onclick={on_close(dispatch)}>{ ListText::ListClose.get(lang) }</button>
                }
            </div>
            { problem(state, lang) }
            { progress(state, lang) }
            if let Some(list) = state.list.clone() {
                { loaded(state, list, props, lang) }
            }
        </section>
    }
}

/// `ready` once a list is shown and no build runs (tests and the benchmark wait for it).
fn list_state_key(state: &ListPage) -> &'static str {
    match (&state.list, state.progress) {
        (_, Some(_)) => "building",
        (Some(_), None) => "ready",
        (None, None) => "empty",
    }
}

/// Close file: the register and the list are dropped, then the page is loaded again, so that the memory which held
/// them (a wasm module's memory never shrinks, and freed bytes stay until written over) goes with the old module.
/// The language is kept (storage); the list's date starts at today again.
fn on_close(dispatch: &Callback<ListAction>) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| {
        dispatch.emit(ListAction::Close);
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    })
}

/// Reads a chosen or dropped file, refusing one too big before reading it.
fn open_file(file: web_sys::File, dispatch: Callback<ListAction>) {
    let name = file.name();
    if !readable_size(file.size()) {
        dispatch.emit(ListAction::Refused(name, FileProblem::TooBig));
        return;
    }
    yew::platform::spawn_local(async move {
        // Bytes, read as text by the command line's reader (UTF-8, UTF-16, GB18030, Windows-1252).
        let bytes = gloo_file::futures::read_as_bytes(&gloo_file::File::from(file)).await;
        match bytes.as_deref().map(decode) {
            Ok(Ok((text, encoding))) => {
                let replaced = replaced(&text);
                dispatch.emit(ListAction::Read(Rc::new(ListFile { name, text: text.into_owned(), encoding, replaced })))
            }
            _ => dispatch.emit(ListAction::Refused(name, FileProblem::Unreadable)),
        }
    });
}

/// A field's change, as the action its value asks for (none: the value is not taken).
fn on_value(dispatch: &Callback<ListAction>, action: fn(String) -> Option<ListAction>) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: Event| {
        if let Some(action) = action(e.target_unchecked_into::<HtmlInputElement>().value()) {
            dispatch.emit(action);
        }
    })
}

/// The horizon typed, if it is a whole number of weeks the list takes; otherwise the horizon stays as it was.
fn weeks(value: &str) -> Option<ListAction> {
    value.trim().parse::<u32>().ok().filter(|&w| w <= MAX_WEEKS).map(ListAction::SetWeeks)
}

fn problem(state: &ListPage, lang: Lang) -> Html {
    let Some((name, problem)) = &state.problem else { return Html::default() };
    let text = match problem {
        FileProblem::TooBig => ListText::ListTooBig,
        FileProblem::Unreadable => ListText::ListUnreadable,
    };
    html! {
        <p class="list-problem" role="alert" data-list-problem="">{ format!("{name}{}{}", lang.colon(), text.get(lang)) }</p>
    }
}

fn progress(state: &ListPage, lang: Lang) -> Html {
    let Some(p) = state.progress else { return Html::default() };
    html! {
        <p class="list-progress" role="status" data-list-progress="">
            { ListText::ListEvaluating.get(lang) }{ " " }
            <progress max={p.total.max(1).to_string()} value={p.done.to_string()}></progress>
            { format!(" {} / {}", p.done, p.total) }
        </p>
    }
}

fn loaded(state: &ListPage, list: SharedList, props: &ClinicListPageProps, lang: Lang) -> Html {
    let t = |text: Text| text.get(lang);
    let dispatch = &props.dispatch;
    let filter = &state.filter;
    let shown = filter.apply(&list.rows);
    let counts = list.counts().into_iter().map(|(bucket, n)| {
        let checked = filter.buckets.contains(&bucket);
        html! {
            <label class={classes!("count", bucket.key())} data-count={bucket.key()}>
                <input type="checkbox" checked={checked} onchange={dispatch.reform(move |_| ListAction::ToggleBucket(bucket))} />
                { bucket.label(lang) }{ " " }<strong>{ n }</strong>
            </label>
        }
    });
    // An empty or unfinished date leaves that end open.
    let on_from = on_value(dispatch, |value| Some(ListAction::SetFrom(CaseDate(value).parse())));
    let on_to = on_value(dispatch, |value| Some(ListAction::SetTo(CaseDate(value).parse())));
    let date_value = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let on_open = {
        let (list, on_open) = (list.clone(), props.on_open.clone());
        Callback::from(move |i: usize| on_open.emit(list.rows[i].case.clone()))
    };
    let stem = format!("osteoplan-list-{}", list.options.today);
    let on_csv = {
        let (list, filter, stem) = (list.clone(), filter.clone(), stem.clone());
        Callback::from(move |_: MouseEvent| {
            let csv = csv_table(&filter.apply(&list.rows), lang);
            browser::download(&format!("{stem}.csv"), "text/csv", &format!("{BOM}{csv}"));
        })
    };
    let on_calendar = {
        let (list, filter, no_names) = (list.clone(), filter.clone(), state.no_names_in_calendar);
        Callback::from(move |_: MouseEvent| {
            if let Some(ics) = list_icalendar(&list, &filter.apply(&list.rows), lang, no_names) {
                browser::download(&format!("{stem}.ics"), "text/calendar", &ics);
            }
        })
    };
    let has_dated = shown.iter().any(|r| r.next_date().is_some());
    let file_name = state.file.as_ref().map(|f| f.name.clone()).unwrap_or_default();
    // Issue 26: the encoding the file was read in is always said.
    let encoding = state.file.as_ref().map_or("", |f| f.encoding.name());
    let schedule_only = list.schedule_only();
    html! {
        <>
            <p class="list-summary" data-list-summary="" data-encoding={encoding}>
                { format!("{}{}{file_name} ({} {encoding}) · {}{}{} / {}", ListText::ListFileLabel.get(lang), lang.colon(), ListText::ListReadAs.get(lang), t(Text::ListPatientsShown), lang.colon(), shown.len(), list.rows.len()) }
                if schedule_only > 0 {
                    { format!(" · {}{}{schedule_only}", t(Text::ListScheduleOnly), lang.colon()) }
                }
            </p>
            if let Some((count, line)) = state.file.as_ref().and_then(|f| f.replaced) {
                <p class="list-problem" role="alert" data-list-replaced={count.to_string()}>{ replaced_text(count, line, lang) }</p>
            }
            <fieldset class="list-counts">
                <legend>{ ListText::ListStatusFilter.get(lang) }</legend>
                { for counts }
            </fieldset>
            <div class="list-filter">
                <label>{ ListText::ListFrom.get(lang) }
                    <input type="date" name="list-from" value={date_value(filter.from)} onchange={on_from} />
                </label>
                <label>{ ListText::ListTo.get(lang) }
                    <input type="date" name="list-to" value={date_value(filter.to)} onchange={on_to} />
                </label>
                if filter.is_active() {
                    <button type="button" data-action="list-show-all" onclick={dispatch.reform(|_| ListAction::ClearFilter)}>{ ListText::ListShowAll.get(lang) }</button>
                }
            </div>
            <div class="list-actions">
                <button type="button" data-action="list-csv" onclick={on_csv}>{ ListText::ListExportCsv.get(lang) }</button>
                <button type="button" data-action="list-calendar" disabled={!has_dated} onclick={on_calendar}>{ ListText::ListExportCalendar.get(lang) }</button>
                <label class="check">
                    <input type="checkbox" name="list-no-names-in-calendar" checked={state.no_names_in_calendar}
                        onchange={dispatch.reform(|e: Event| {
                            let no_names = e.target_unchecked_into::<HtmlInputElement>().checked();
                            super::storage::save_calendar_no_names(no_names);
                            ListAction::SetNoNamesInCalendar(no_names)
                        })} />
                    { t(Text::CalendarNoNames) }
                </label>
                <button type="button" class="print-button" data-action="list-print" onclick={props.on_print.clone()}>{ ListText::ListPrint.get(lang) }</button>
            </div>
            if state.file.as_ref().is_some_and(|f| f.encoding == Encoding::Windows1252) {
                <p class="list-problem" role="alert" data-list-encoding="">{ ListText::ListReadAsWindows1252.get(lang) }</p>
            }
            <RowErrors {lang} list={list.clone()} />
            <ListTable {lang} list={list.clone()} filter={filter.clone()} {on_open} />
        </>
    }
}

/// "3 characters could not be read and show as � … (the first at line 12)".
fn replaced_text(count: usize, line: usize, lang: Lang) -> String {
    let (count, line) = (count.to_string(), line.to_string());
    crate::words::rule_text::fill(ListText::ListReplaced.get(lang), |name| match name {
        "count" => Some(count.as_str()),
        "line" => Some(line.as_str()),
        _ => None,
    })
}

/// Row errors shown a page at a time, so that a file of bad rows never draws thousands of items at once.
const ERRORS_PER_PAGE: usize = 100;

#[derive(Properties, PartialEq)]
struct RowErrorsProps {
    lang: Lang,
    list: SharedList,
}

/// Why the file is not a register, or the rows not listed: a summary ("12 000 rows not listed — the first 1 000
/// below"), then the kept errors in pages of `ERRORS_PER_PAGE`.
#[component]
fn RowErrors(props: &RowErrorsProps) -> Html {
    let lang = props.lang;
    let page = use_state(|| 0usize);
    let list: &ClinicList = &props.list;
    if let Some(reason) = &list.refused {
        return html! {
            <div class="list-errors" role="alert" data-list-refused="">
                <p>{ ListText::ListNotRegister.get(lang) }</p>
                <p>{ reason }</p>
            </div>
        };
    }
    let errors: &[RowError] = &list.errors;
    if errors.is_empty() {
        return Html::default();
    }
    let pages = errors.len().div_ceil(ERRORS_PER_PAGE);
    let current = (*page).min(pages - 1);
    let shown = &errors[current * ERRORS_PER_PAGE..((current + 1) * ERRORS_PER_PAGE).min(errors.len())];
    // Rows, not messages (issue 26): those left out, and those listed with a cell not used.
    let total = list.error_count().to_string();
    let kept = errors.len().to_string();
    let summary = if list.more_errors > 0 {
        crate::words::rule_text::fill(ListText::ListRowsNotListedFirst.get(lang), |name| match name {
            "total" => Some(total.as_str()),
            "kept" => Some(kept.as_str()),
            _ => None,
        })
    } else {
        let mut summary = format!("{} ({})", ListText::ListRowsNotListed.get(lang), list.left_out);
        if list.flawed > 0 {
            summary = format!("{summary} · {} ({})", Text::ListRowsFlawed.get(lang), list.flawed);
        }
        summary
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    html! {
        <div class="list-errors" role="alert" data-list-errors="" data-errors-total={total.clone()}>
            <p>{ summary }</p>
            <ul>{ for shown.iter().map(|e| html! { <li data-row={e.row.to_string()} data-field={e.field.clone()} data-listed={e.listed.then_some("")}>{ e.text(lang) }</li> }) }</ul>
            if pages > 1 {
                <p class="list-error-pages">
                    <button type="button" data-action="errors-previous" disabled={current == 0} onclick={go(current.saturating_sub(1))}>{ ListText::ListErrorsPrevious.get(lang) }</button>
                    { format!(" {} / {pages} ", current + 1) }
                    <button type="button" data-action="errors-next" disabled={current + 1 == pages} onclick={go(current + 1)}>{ ListText::ListErrorsNext.get(lang) }</button>
                </p>
            }
        </div>
    }
}
