//! The course chart as data: the drug periods, denosumab doses, infusions and fractures, BMD per site and the bone
//! turnover markers on one time axis, from the first treatment or study to the last planned action. Built from the
//! case and its report, in the reader's language; `render::chart` draws it as SVG for the screen and the sheet
//! alike. The Follow-up section and the schedule say the same in words (the chart's text alternative).

use chrono::NaiveDate;

use super::follow_up::{site_name, test_name};
use super::sentences::Sentence::*;
use crate::clinical::case::{BtmTest, Case, CaseDate, Drug, Site};
use crate::clinical::dates::add_months;
use crate::clinical::denosumab::{schedule, status_on, DmabStatus};
use crate::clinical::monitoring::default_reference;
use crate::clinical::plan::{Action, Test};
use crate::clinical::report::Report;
use crate::clinical::sorting::{sort, sort_by_key};
use crate::words::i18n::Lang;
use crate::words::rule_text::fill;

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    /// The chart's name for screen readers ("Course of treatment 2023-09-15 – 2027-05-28").
    pub title: String,
    pub today_label: &'static str,
    pub legend: &'static str,
    /// One band per drug period; `to` is today for a period still going on.
    pub periods: Vec<Period>,
    /// Doses, infusions and fractures, each a mark on its date.
    pub events: Vec<Event>,
    /// The next denosumab dose's window (planned).
    pub window: Option<[NaiveDate; 2]>,
    /// BMD per site, then CTX and P1NP.
    pub panels: Vec<Panel>,
    /// The dates ahead: next dose, CTX, DXA, review.
    pub planned: Vec<(NaiveDate, String)>,
}

// The values are finite numbers from a validated case: equality is total.
impl Eq for Chart {}

#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    pub drug: Drug,
    pub label: &'static str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub ongoing: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Dose,
    LateDose,
    OverdueDose,
    /// The exit infusion after denosumab, or a repeat of it.
    Infusion,
    Fracture,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub date: NaiveDate,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// `lumbar_spine`, `ctx` …: the series' key (`data-series`).
    pub key: &'static str,
    pub label: String,
    pub unit: &'static str,
    pub points: Vec<Point>,
    /// BMD: the LSC band around the earliest comparable value, from that study on.
    pub band: Option<Band>,
    /// Markers: the reference (ng/mL).
    pub reference: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub from: NaiveDate,
    pub low: f64,
    pub high: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub date: NaiveDate,
    pub value: f64,
    /// BMD below the LSC band: a loss.
    pub loss: bool,
}

fn date(d: &Option<CaseDate>) -> Option<NaiveDate> {
    d.as_ref().and_then(CaseDate::parse)
}

/// The chart for a case with a history to draw (a drug period, a dose, two studies of a site or a marker result);
/// none for a first visit.
pub fn chart(case: &Case, report: &Report, lang: Lang) -> Option<Chart> {
    let today = report.assessed_on;
    let mut injections: Vec<NaiveDate> = Vec::new();
    if let Some(d) = &case.denosumab {
        injections.extend(d.injections.iter().filter_map(CaseDate::parse));
    }
    sort(&mut injections);
    let mut periods = Vec::new();
    for p in &case.history {
        let (Some(drug), Some(from)) = (p.drug, date(&p.start)) else { continue };
        // Denosumab's course is drawn from its injections when they are entered.
        if drug == Drug::Denosumab && !injections.is_empty() {
            continue;
        }
        let end = date(&p.end);
        periods.push(Period { drug, label: drug.label(lang), from, to: end.unwrap_or(today), ongoing: end.is_none() });
    }
    let dmab = report.denosumab.as_ref();
    let exit_given = dmab.and_then(|d| d.exit_plan.as_ref()).and_then(|e| e.given_on);
    let mut events = Vec::new();
    if let (Some(&first), Some(&last), Some(d)) = (injections.first(), injections.last(), dmab) {
        let ongoing = d.continues() && exit_given.is_none();
        // A dose covers six months: a gap before today shows a dose missed.
        let end = add_months(last, 6).min(exit_given.unwrap_or(today)).max(last);
        periods.push(Period {
            drug: Drug::Denosumab,
            label: Drug::Denosumab.label(lang),
            from: first,
            to: end,
            ongoing,
        });
        let mut previous: Option<NaiveDate> = None;
        for &date in &injections {
            // Each dose against the window the one before it opened (DMAB-STATUS).
            let kind = match previous.map(|p| schedule(d.regimen, p)) {
                Some((_, window, late)) => match status_on(date, window, late) {
                    DmabStatus::Late => EventKind::LateDose,
                    DmabStatus::Overdue => EventKind::OverdueDose,
                    _ => EventKind::Dose,
                },
                None => EventKind::Dose,
            };
            events.push(Event { date, kind });
            previous = Some(date);
        }
    }
    for &date in exit_given.iter().chain(&report.monitoring.repeat_given) {
        events.push(Event { date, kind: EventKind::Infusion });
    }
    let mut panels = bmd_panels(case, report, today, lang);
    marker_panels(case, report, lang, &mut panels);
    if periods.is_empty() && panels.is_empty() {
        return None;
    }
    let mut from = today;
    for d in periods.iter().map(|p| p.from).chain(panels.iter().flat_map(|p| p.points.iter().map(|x| x.date))) {
        from = from.min(d);
    }
    for f in &case.fractures {
        if let Some(date) = date(&f.date).filter(|d| *d >= from) {
            events.push(Event { date, kind: EventKind::Fracture });
        }
    }

    // The next dose's window, unless denosumab is ending.
    let window = dmab.filter(|d| d.continues()).and_then(|d| d.catch_up.as_ref().map(|c| c.window).or(d.window));
    let mut planned: Vec<(NaiveDate, String)> = Vec::new();
    for item in &report.plan {
        let label: &str = match item.action {
            Action::GiveDenosumab => ChartNextDose.get(lang),
            Action::GiveExitDrug | Action::RepeatInfusion | Action::NextInfusion => match item.drug {
                Some(d) => d.label(lang),
                None => continue,
            },
            Action::CheckBtm if item.tests.contains(&Test::P1np) => test_name(BtmTest::P1np, lang),
            Action::CheckBtm => test_name(BtmTest::Ctx, lang),
            Action::Dxa => "DXA",
            Action::ReviewTreatment => ChartReview.get(lang),
            _ => continue,
        };
        let one = item.on.or(item.by);
        for &d in if item.dates.is_empty() { one.as_slice() } else { &item.dates } {
            if d > today && !planned.iter().any(|(p, l)| *p == d && l == label) {
                planned.push((d, label.to_string()));
            }
        }
    }
    sort(&mut planned);
    let mut to = today;
    for d in planned.iter().map(|p| p.0).chain(window.map(|w| w[1])) {
        to = to.max(d);
    }
    let (first, last) = (from.to_string(), to.to_string());
    let title = fill(ChartTitle.get(lang), |name| Some(if name == "from" { first.as_str() } else { last.as_str() }));
    Some(Chart {
        from,
        to,
        today,
        title,
        today_label: ChartToday.get(lang),
        legend: ChartLegend.get(lang),
        periods,
        events,
        window,
        panels,
        planned,
    })
}

/// BMD per site over the earlier studies and today's, in g/cm² (T-scores where a site has no BMD at all), with the
/// LSC band around the value the report compares with.
fn bmd_panels(case: &Case, report: &Report, today: NaiveDate, lang: Lang) -> Vec<Panel> {
    let today_date = date(&case.dxa_date).unwrap_or(today);
    let mut panels = Vec::new();
    for site in Site::ALL {
        let mut studies: Vec<(NaiveDate, Option<f64>, Option<f64>)> = Vec::new();
        for e in case.dxa_previous.iter().filter(|e| e.site == Some(site)) {
            if let Some(d) = date(&e.date) {
                studies.push((d, e.bmd_g_cm2, e.t_score));
            }
        }
        for e in case.dxa.iter().filter(|e| e.site == Some(site)) {
            studies.push((today_date, e.bmd_g_cm2, e.t_score));
        }
        if studies.len() < 2 {
            continue;
        }
        sort_by_key(&mut studies, |s| s.0);
        let by_bmd = studies.iter().any(|s| s.1.is_some());
        let band = match report.monitoring.dxa_changes.iter().find(|c| c.site == site) {
            Some(c) if by_bmd => match (c.from_bmd, c.lsc_percent) {
                (Some(base), Some(lsc)) => {
                    Some(Band { from: c.from, low: base * (1.0 - lsc / 100.0), high: base * (1.0 + lsc / 100.0) })
                }
                _ => None,
            },
            _ => None,
        };
        let mut points = Vec::new();
        for (date, bmd, t) in studies {
            if let Some(value) = if by_bmd { bmd } else { t } {
                let loss = band.is_some_and(|b| date > b.from && value < b.low);
                points.push(Point { date, value, loss });
            }
        }
        let label = super::capitalised(&site_name(site, lang), lang);
        panels.push(Panel {
            key: site.key(),
            label,
            unit: if by_bmd { "g/cm²" } else { "T" },
            points,
            band,
            reference: None,
        });
    }
    panels
}

/// CTX and P1NP in ng/mL with the reference the report reads them against (the laboratory's, else the default).
fn marker_panels(case: &Case, report: &Report, lang: Lang, panels: &mut Vec<Panel>) {
    for (test, key) in [(BtmTest::Ctx, "ctx"), (BtmTest::P1np, "p1np")] {
        let mut points = Vec::new();
        for b in case.btm.iter().filter(|b| b.test == Some(test)) {
            if let (Some(date), Some(value), Some(unit)) = (date(&b.date), b.value, b.unit) {
                points.push(Point { date, value: value * unit.to_ng_ml(), loss: false });
            }
        }
        if points.is_empty() {
            continue;
        }
        sort_by_key(&mut points, |p| p.date);
        let lab = case.btm_reference.and_then(|r| if test == BtmTest::Ctx { r.ctx_ng_ml } else { r.p1np_ng_ml });
        let reference = match report.monitoring.btm.iter().find(|b| b.test == test) {
            Some(b) => b.reference_ng_ml,
            None => lab.unwrap_or(default_reference(test)),
        };
        let label = test_name(test, lang).to_string();
        panels.push(Panel { key, label, unit: "ng/mL", points, band: None, reference: Some(reference) });
    }
}
