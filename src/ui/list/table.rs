//! The list's rows on screen: one row a patient, most urgent first, each with a button that opens the patient.

use yew::prelude::*;

use crate::app::list_state::SharedList;
use crate::clinic_list::{ListFilter, ListRow};
use crate::document::plan::action_summary;
use crate::ui::form::key;
use crate::words::i18n::{Lang, Text};
use crate::words::list_texts::ListText;
use crate::words::names::alert_words;

/// Rows drawn at first, and added by each "Show more": a 5 000-patient register stays quick to draw, and the
/// filters are the way to a short list. The printed worklist always holds every row shown by the filter.
pub const ROWS_AT_A_TIME: usize = 500;

#[derive(Properties, PartialEq)]
pub struct ListTableProps {
    pub lang: Lang,
    pub list: SharedList,
    pub filter: ListFilter,
    /// Opens `list.rows[i]` in the calculator.
    pub on_open: Callback<usize>,
}

#[component]
pub fn ListTable(props: &ListTableProps) -> Html {
    let lang = props.lang;
    let t = |text: Text| text.get(lang);
    let limit = use_state_eq(|| ROWS_AT_A_TIME);
    {
        // A new list or filter starts from the top again.
        let limit = limit.clone();
        use_effect_with((props.list.clone(), props.filter.clone()), move |_| limit.set(ROWS_AT_A_TIME));
    }
    // With each row its place in the whole list, for opening it.
    let shown: Vec<(usize, &ListRow)> =
        props.list.rows.iter().enumerate().filter(|(_, row)| props.filter.matches(row)).collect();
    let rows = shown.iter().take(*limit).enumerate().map(|(n, &(index, row))| {
        let on_open = props.on_open.reform(move |_: MouseEvent| index);
        table_row(n + 1, row, lang, on_open)
    });
    let left = shown.len().saturating_sub(*limit);
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + ROWS_AT_A_TIME))
    };
    html! {
        <div class="list-table-wrap">
            <table class="list-table" data-list-table="">
                <thead>
                    <tr>
                        <th scope="col">{ t(Text::ColRow) }</th>
                        <th scope="col">{ t(Text::PatientIdShort) }</th>
                        <th scope="col">{ t(Text::PatientName) }</th>
                        <th scope="col">{ t(Text::Status) }</th>
                        <th scope="col">{ t(Text::ColStage) }</th>
                        <th scope="col">{ t(Text::SectionDenosumab) }</th>
                        <th scope="col">{ ListText::ColDaysLate.get(lang) }</th>
                        <th scope="col">{ t(Text::ListNextAppointment) }</th>
                        <th scope="col">{ t(Text::Date) }</th>
                        <th scope="col">{ t(Text::ListAlsoDue) }</th>
                        <th scope="col">{ t(Text::Alerts) }</th>
                        <th scope="col"><span class="visually-hidden">{ ListText::ListOpenPatientLabel.get(lang) }</span></th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            if shown.is_empty() {
                <p class="hint" data-list-none="">{ t(Text::WorklistNone) }</p>
            }
            if left > 0 {
                <button type="button" class="list-more" data-action="list-more" onclick={on_more}>
                    { format!("{} ({})", ListText::ListShowMore.get(lang), left.min(ROWS_AT_A_TIME)) }
                </button>
            }
        </div>
    }
}

fn table_row(n: usize, row: &ListRow, lang: Lang, on_open: Callback<MouseEvent>) -> Html {
    let status = row.status.map_or_else(|| "–".to_string(), |s| s.label(lang).to_string());
    let days_late = if row.days_late > 0 { row.days_late.to_string() } else { String::new() };
    // Issue 26: an alert in a few words, its rule code (and severity) in the tooltip.
    let alerts = row.alerts().iter().map(|a| {
        let words = alert_words(a.rule, lang).unwrap_or(a.rule.code());
        html! {
            <span class={classes!("chip", key(&a.severity))} data-severity={key(&a.severity)} data-rule={a.rule.code()}
                title={format!("{} · {}", a.rule.code(), a.severity.label(lang))}>
                { words }
            </span>
        }
    });
    let open_label = format!(
        "{}: {}",
        ListText::ListOpenPatientLabel.get(lang),
        if row.id.is_empty() { &row.name } else { &row.id }
    );
    let action = row.next_item().map(|item| action_summary(item, lang)).unwrap_or_default();
    let window = row.window().map(|[open, close]| format!("{open} – {close}"));
    html! {
        <tr class={classes!("bucket", row.bucket.key())} data-bucket={row.bucket.key()} data-id={row.id.clone()}
            data-schedule-only={row.schedule_only.then_some("")}>
            <td class="num">{ n }</td>
            <td class="id">{ &row.id }</td>
            <td>{ &row.name }</td>
            <td class="bucket-label">{ row.bucket.label(lang) }
                if row.schedule_only {
                    <span class="schedule-only">{ Text::ListScheduleOnly.get(lang) }</span>
                }
            </td>
            <td class="stage">{ row.stage.label(lang) }</td>
            <td>{ status }</td>
            <td class="num">{ days_late }</td>
            <td data-appointment="">{ action }</td>
            <td class="date">{ row.next_date().map(|d| d.to_string()).unwrap_or_default() }
                if let Some(window) = window {
                    <span class="schedule-only" data-window="">{ window }</span>
                }
            </td>
            <td data-also-due="">{ row.also_due_text(lang) }</td>
            <td class="alert-codes"><div class="chips">{ for alerts }</div></td>
            <td class="open"><button type="button" data-action="open-patient" aria-label={open_label} onclick={on_open}>{ ListText::ListOpenPatient.get(lang) }</button></td>
        </tr>
    }
}
