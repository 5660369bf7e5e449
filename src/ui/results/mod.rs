//! The result column: the document drawn on screen. The assessment and plan (impression, alerts, plan) come first
//! and open; the drug options, the denosumab schedule, the data and the rules follow. The words all come from the
//! document, like the printed sheet and the text export; this file only lays them out.

use yew::prelude::*;

use crate::clinical::rules::{RuleId, Severity};
use crate::document::{AlertLine, Block, Document, Line, Mark, Pair, RuleLine, Section, SectionKind, Tag};
use crate::ui::form::key;
use crate::ui::Same;
use crate::words::i18n::{Lang, Text};

/// What the result column draws.
pub struct ResultsProps {
    pub doc: Same<Document>,
    pub lang: Lang,
    /// Whether the plan has dated actions for a calendar file.
    pub has_events: bool,
    /// Downloads the plan's dated actions as an .ics file.
    pub on_calendar: Callback<MouseEvent>,
    /// Copies the document as text for the patient record: `true` for all of it, `false` for the impression,
    /// alerts and plan.
    pub on_copy: Callback<bool>,
    /// Set for a moment after a copy, to say it worked.
    pub copied: bool,
    /// Prints the clinician's sheet; prints the patient's sheet (offered once there is an assessment).
    pub on_print: Callback<MouseEvent>,
    pub on_print_patient: Callback<MouseEvent>,
    /// A reader is about to need the rules' texts: "Rules applied" was opened, or a pointer or the focus is on a
    /// button whose output quotes them (so a first click usually finds them in).
    pub want_texts: Callback<()>,
    /// The result is the last one the case gave, kept while a field is half-typed or wrong: what to say over it
    /// ("Updating — finish the field"). It is dimmed, and the note laid over it rather than above, so nothing moves.
    pub updating: Option<&'static str>,
}

/// The result column. A function rather than a component: the page draws it again with every new document
/// anyway, and each component type adds its own copy of Yew's component code to the wasm.
pub fn results(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let doc: &Document = &props.doc;
    let top = doc.sections.iter().filter(|s| s.kind.is_top());
    let more = doc.sections.iter().filter(|s| !s.kind.is_top());
    let assessed = doc.section(SectionKind::Impression).is_some();
    html! {
        <div class={classes!("report", props.updating.is_some().then_some("stale"))} aria-busy={props.updating.is_some().then_some("true")}>
            { actions(props, assessed) }
            // An incomplete case has no assessment: no empty frame above the list of what is missing.
            if assessed {
                <div class="assessment" data-top="">
                    // Over the impression's heading line, which has room for it on its right.
                    if let Some(note) = &props.updating {
                        <p class="updating" role="status" data-updating="">{ note }</p>
                    }
                    { for top.map(|s| section(s, lang, &props.want_texts)) }
                    if props.has_events {
                        <div class="plan-actions">
                            <button type="button" class="calendar-button" data-action="calendar" onclick={props.on_calendar.clone()}
                                onpointerenter={props.want_texts.reform(|_| ())} onfocus={props.want_texts.reform(|_| ())}>
                                { Text::AddToCalendar.get(lang) }
                            </button>
                            // Issue 26: one setting with the clinic list's, kept on this device.
                            <label class="check">
                                <input type="checkbox" name="calendar-no-names" checked={crate::ui::storage::load_calendar_no_names()}
                                    onchange={Callback::from(|e: Event| crate::ui::storage::save_calendar_no_names(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))} />
                                { Text::CalendarNoNames.get(lang) }
                            </label>
                        </div>
                    }
                </div>
            }
            { for more.map(|s| section(s, lang, &props.want_texts)) }
        </div>
    }
}

/// Print and Copy at the top of the result (issue 24), where they are found without scrolling; "Show rules" puts
/// the rule IDs back after each line (style.css hides them on screen until it is ticked; the printed sheet always
/// has them).
fn actions(props: &ResultsProps, assessed: bool) -> Html {
    let lang = props.lang;
    html! {
        <div class="result-actions">
            <button type="button" class="print-button" data-action="print" onclick={props.on_print.clone()}
                onpointerenter={props.want_texts.reform(|_| ())} onfocus={props.want_texts.reform(|_| ())}>
                { Text::Print.get(lang) }
            </button>
            if assessed {
                <button type="button" class="print-button" data-action="print-patient" onclick={props.on_print_patient.clone()}
                    onpointerenter={props.want_texts.reform(|_| ())} onfocus={props.want_texts.reform(|_| ())}>
                    { Text::PrintForPatient.get(lang) }
                </button>
                <button type="button" data-action="copy-text" title={Text::CopyTextHint.get(lang)}
                    onclick={props.on_copy.reform(|_| false)}>
                    { Text::CopyText.get(lang) }
                </button>
                <button type="button" data-action="copy-all" title={Text::CopyAllHint.get(lang)}
                    onclick={props.on_copy.reform(|_| true)} onpointerenter={props.want_texts.reform(|_| ())} onfocus={props.want_texts.reform(|_| ())}>
                    { Text::CopyAll.get(lang) }
                </button>
                if props.copied {
                    <span class="copied" role="status">{ Text::Copied.get(lang) }</span>
                }
                <label class="check show-rules">
                    <input type="checkbox" id="show-rules" name="show-rules" />
                    { Text::ShowRules.get(lang) }
                </label>
            }
        </div>
    }
}

fn section(s: &Section, lang: Lang, want_texts: &Callback<()>) -> Html {
    let id = format!("{}-h", s.kind.key());
    let blocks = html! { <>{ for s.blocks.iter().map(|b| block(b, s.kind, lang)) }</> };
    // Reference material folds away; the assessment, the plan and every alert never do. The rules' texts are loaded
    // when their section is first opened (until then each rule shows its ID and source).
    let folded = matches!(s.kind, SectionKind::Data | SectionKind::Rules);
    let ontoggle = (s.kind == SectionKind::Rules).then(|| {
        let want_texts = want_texts.clone();
        Callback::from(move |e: Event| {
            if e.target_unchecked_into::<web_sys::Element>().has_attribute("open") {
                want_texts.emit(());
            }
        })
    });
    let status = s.blocks.iter().find_map(|b| match b {
        Block::Pairs(pairs) => pairs.iter().find_map(|p| match p.mark {
            Mark::Status(status) => Some(key(&status)),
            _ => None,
        }),
        _ => None,
    });
    html! {
        <section class={classes!("result", s.kind.key())} data-result={s.kind.key()} data-status={status} aria-labelledby={id.clone()}>
            if folded {
                <details {ontoggle}>
                    <summary><h3 id={id}>{ &s.heading }</h3></summary>
                    { blocks }
                </details>
            } else {
                <h3 id={id}>{ &s.heading }</h3>
                { blocks }
            }
        </section>
    }
}

fn block(b: &Block, kind: SectionKind, lang: Lang) -> Html {
    match b {
        Block::Paragraph(l) => html! { <p class="line" data-line="">{ line(l, lang) }</p> },
        Block::Alerts(alerts) => html! { <ul class="alerts">{ for alerts.iter().map(|a| alert(a, lang)) }</ul> },
        Block::Numbered(lines) => html! {
            <ol class={classes!(kind.key())}>{ for lines.iter().map(|l| html! { <li class="line" data-line="">{ line(l, lang) }</li> }) }</ol>
        },
        Block::Items(lines) => html! {
            <ul class="items">{ for lines.iter().map(|l| html! { <li class="line" data-line="">{ line(l, lang) }</li> }) }</ul>
        },
        Block::Pairs(pairs) => html! { <dl class="dates">{ for pairs.iter().map(pair) }</dl> },
        Block::Rules(rules) => html! { <ul class="rule-list">{ for rules.iter().map(|r| rule(r, lang)) }</ul> },
        // Drawn by the same code as the printed sheet's (a horizontal scroll on a narrow screen).
        Block::Chart(c) => html! {
            <div class="chart-frame">{ Html::from_html_unchecked(crate::render::chart::chart_svg(c).into()) }</div>
        },
    }
}

/// A line's lead in bold, its text, and its rules as links to their text and source below.
fn line(l: &Line, lang: Lang) -> Html {
    let text = match (&l.lead, l.text.is_empty()) {
        (Some(lead), true) => html! { <strong>{ lead }</strong> },
        (Some(lead), false) => html! { <><strong>{ lead }</strong>{ format!("{}{}", lang.colon(), l.text) }</> },
        (None, _) => html! { { &l.text } },
    };
    let marks = match &l.tag {
        Tag::Diagnosis { category, level } => {
            html! { <span hidden=true data-category={key(category)} data-level={key(level)}></span> }
        }
        Tag::PlanItem { action, on } => html! {
            <span hidden=true data-plan-action={key(action)} data-plan-on={on.map(|d| d.to_string())}></span>
        },
        Tag::Options { status, drugs } => html! {
            <>{ for drugs.iter().map(|d| html! { <span hidden=true data-drug={key(d)} data-status={key(status)}></span> }) }</>
        },
        Tag::Problem(path) => html! { <span hidden=true data-problem={path.clone()}></span> },
        Tag::None => html! {},
    };
    html! {
        <>
            <span class="line-text">{ text }</span>
            { codes(&l.rules) }
            { marks }
        </>
    }
}

fn codes(rules: &[RuleId]) -> Html {
    if rules.is_empty() {
        return html! {};
    }
    html! {
        <span class="codes">
            { for rules.iter().map(|r| html! { <a class="rule-id" href={format!("#rule-{}", r.code())} data-cites={r.code()}>{ r.code() }</a> }) }
        </span>
    }
}

fn alert(a: &AlertLine, lang: Lang) -> Html {
    let icon = match a.severity {
        Severity::Danger => "✖",
        Severity::Warning => "⚠",
        _ => "ℹ",
    };
    html! {
        <li class={classes!("alert", key(&a.severity))} data-alert={a.rule.code()} data-severity={key(&a.severity)}>
            <span class="line-text">
                <span class="severity"><span aria-hidden="true">{ icon }</span>{ format!(" {}", a.label) }</span>
                { format!("{}{}", lang.colon(), a.text) }
            </span>
            { codes(&[a.rule]) }
        </li>
    }
}

fn pair(p: &Pair) -> Html {
    let (date, exit_drug) = match p.mark {
        Mark::Date(kind) => (Some(kind.key()), None),
        Mark::ExitDrug(drug) => (None, Some(drug.map_or("none".to_string(), |d| key(&d)))),
        _ => (None, None),
    };
    html! {
        <>
            <dt>{ &p.label }</dt>
            <dd data-date={date} data-exit-drug={exit_drug} class={classes!(p.strong.then_some("strong"))}>{ &p.value }</dd>
        </>
    }
}

fn rule(r: &RuleLine, lang: Lang) -> Html {
    html! {
        <li class="rule" id={format!("rule-{}", r.code)} data-rule={r.code}>
            <span class="rule-id">{ r.code }</span>{ " " }<span class="rule-text">{ &r.text }</span>
            <span class="rule-source">{ lang.parenthesised("", &format!("{}{}{}", Text::Source.get(lang), lang.colon(), r.source)) }</span>
        </li>
    }
}
