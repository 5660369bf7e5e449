//! The denosumab timeline: past injections, the window and next due date, the status in colour and words,
//! and the exit plan's dates when stopping.

use yew::prelude::*;

use super::rule_lines;
use crate::clinical::denosumab::DmabStatus;
use crate::clinical::report::Report;
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::rule_text::RuleValues;
use crate::ui::form::key;
use crate::wording::dmab_status;

fn icon(status: DmabStatus) -> &'static str {
    match status {
        DmabStatus::NotStarted | DmabStatus::NotDue => "○",
        DmabStatus::ExitGiven => "✓",
        DmabStatus::Due => "●",
        DmabStatus::Late => "⚠",
        DmabStatus::Overdue => "✖",
    }
}

/// `injections`: the dates entered, oldest first. `on_calendar` downloads the .ics file.
pub fn schedule(report: &Report, injections: &[String], values: &RuleValues, lang: Lang) -> Html {
    let Some(d) = &report.denosumab else { return html! {} };
    let t = |text: Text| text.get(lang);
    let late = (d.days_late > 0).then(|| format!(" · {}", lang.days_late(d.days_late)));
    html! {
        <section class="result" data-result="denosumab" data-status={key(&d.status)} aria-labelledby="dmab-h">
            <h3 id="dmab-h">{ t(Text::Schedule) }</h3>
            <p class={classes!("badge", "dmab", key(&d.status))}>
                <span aria-hidden="true">{ icon(d.status) }</span>{ format!(" {}{}{}", t(Text::Status), lang.colon(), dmab_status(d, lang)) }
                { late.unwrap_or_default() }
            </p>
            if !injections.is_empty() {
                <ol class="injection-list" aria-label={t(Text::Injections)}>
                    { for injections.iter().map(|d| html! { <li data-date="injection">{ d.clone() }</li> }) }
                </ol>
            }
            <dl class="dates">
                if let Some(last) = d.last_injection {
                    <dt>{ t(Text::LastInjection) }</dt><dd data-date="last">{ last.to_string() }</dd>
                }
                if let Some(next) = d.next_due {
                    <dt>{ t(Text::NextDue) }</dt><dd data-date="next-due">{ next.to_string() }</dd>
                }
                if let Some([open, close]) = d.window {
                    <dt>{ t(Text::Window) }</dt><dd data-date="window">{ format!("{open} – {close}") }</dd>
                }
            </dl>
            <p class="detail">{ d.regimen.label(lang) }</p>
            if let Some(exit) = &d.exit_plan {
                <div class="exit-plan" data-exit-drug={exit.drug.map_or("none".to_string(), |drug| key(&drug))}>
                    <h4>{ t(Text::ExitPlan) }</h4>
                    <dl class="dates">
                        // Without an exit drug there is no transition: the advice is to keep injecting.
                        if exit.drug.is_some() {
                            <dt>{ t(Text::Transition) }</dt><dd data-date="transition">{ exit.transition_on.to_string() }</dd>
                        }
                        <dt>{ t(Text::ExitDrug) }</dt>
                        <dd>{ exit.drug.map_or(t(Text::NoSafeExit), |drug| drug.label(lang)) }</dd>
                        if !exit.alternatives.is_empty() {
                            <dt>{ t(Text::Alternatives) }</dt>
                            <dd>{ exit.alternatives.iter().map(|a| a.label(lang)).collect::<Vec<_>>().join(lang.list_separator()) }</dd>
                        }
                        if !exit.ctx_checks.is_empty() {
                            <dt>{ t(Text::CtxChecks) }</dt>
                            <dd>{ for exit.ctx_checks.iter().map(|c| html! { <span class="date" data-date="ctx">{ c.to_string() }</span> }) }</dd>
                        }
                    </dl>
                    { rule_lines(&exit.rules, values, lang) }
                </div>
            }
            { rule_lines(&d.rules, values, lang) }
        </section>
    }
}
