//! The course chart as inline SVG markup, for the screen and the printed sheet alike (one drawing). Styles live in
//! style.css (`.ch-*`); every point carries `data-series`, `data-date` and `data-value` (what was measured, BMD in
//! g/cm², markers in ng/mL), so tests read the chart back. A fixed 720-unit width: the sheet scales it to A4, and
//! a phone scrolls it sideways inside its frame.

use std::fmt::{self, Write};

use chrono::{Datelike, NaiveDate};

use super::sheet::Escaped;
use crate::document::chart::{Chart, EventKind, Panel};

const WIDTH: f64 = 720.0;
/// The label column on the left.
const LEFT: f64 = 104.0;
const RIGHT: f64 = 12.0;
const ROW: f64 = 18.0;
const PANEL: f64 = 54.0;

struct Axis {
    from: NaiveDate,
    days: f64,
}

impl Axis {
    fn x(&self, d: NaiveDate) -> f64 {
        LEFT + (d - self.from).num_days() as f64 / self.days * (WIDTH - LEFT - RIGHT)
    }
}

/// The chart as one `<svg>` element.
pub fn chart_svg(chart: &Chart) -> String {
    let mut out = String::with_capacity(8 * 1024);
    // Writing to a String cannot fail.
    let _ = write_chart(&mut out, chart);
    out
}

fn write_chart(out: &mut String, c: &Chart) -> fmt::Result {
    // A margin of a few weeks either side, so the first and last marks are not on the edge.
    let span = (c.to - c.from).num_days().max(30);
    let pad = chrono::Duration::days(span / 40 + 7);
    let axis = Axis { from: c.from - pad, days: (span + 2 * pad.num_days()) as f64 };
    let mut drugs: Vec<_> = Vec::new();
    for p in &c.periods {
        if !drugs.contains(&p.drug) {
            drugs.push(p.drug);
        }
    }
    let has_events = c.events.iter().any(|e| matches!(e.kind, EventKind::Infusion | EventKind::Fracture));
    let lanes_end = 22.0 + ROW * (drugs.len() + usize::from(has_events)) as f64;
    let panels_end = lanes_end + PANEL * c.panels.len() as f64;
    let planned_rows = 3.0;
    let height = panels_end + 14.0 * planned_rows + 22.0;
    write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height:.0}" role="img" aria-label="{}" data-from="{}" data-to="{}" xmlns="http://www.w3.org/2000/svg">"#,
        Escaped(&c.title),
        c.from,
        c.to
    )?;
    // Years along the top, with a faint line down.
    for year in (c.from - pad).year()..=(c.to + pad).year() {
        let Some(jan) = NaiveDate::from_ymd_opt(year, 1, 1) else { continue };
        let x = axis.x(jan);
        if x < LEFT || x > WIDTH - RIGHT {
            continue;
        }
        write!(
            out,
            r#"<line class="ch-grid" x1="{x:.1}" y1="14" x2="{x:.1}" y2="{panels_end:.0}"/><text class="ch-year" x="{:.1}" y="11">{year}</text>"#,
            x + 2.0
        )?;
    }
    // One row per drug: its periods as bands, denosumab's doses on its row, the next dose's window.
    for (row, drug) in drugs.iter().enumerate() {
        let y = 22.0 + ROW * row as f64;
        let label = c.periods.iter().find(|p| p.drug == *drug).map_or("", |p| p.label);
        write!(out, r#"<text class="ch-label" x="2" y="{:.1}">{}</text>"#, y + 12.0, Escaped(label))?;
        for p in c.periods.iter().filter(|p| p.drug == *drug) {
            let (x1, x2) = (axis.x(p.from), axis.x(p.to));
            write!(
                out,
                r#"<rect class="ch-period{}" x="{x1:.1}" y="{:.1}" width="{:.1}" height="12" data-from="{}" data-to="{}"/>"#,
                if p.ongoing { " ch-ongoing" } else { "" },
                y + 2.0,
                (x2 - x1).max(2.0),
                p.from,
                p.to
            )?;
        }
        if *drug == crate::clinical::case::Drug::Denosumab {
            if let Some([open, close]) = c.window {
                let (x1, x2) = (axis.x(open), axis.x(close));
                write!(
                    out,
                    r#"<rect class="ch-window" x="{x1:.1}" y="{:.1}" width="{:.1}" height="16" data-from="{open}" data-to="{close}"/>"#,
                    y,
                    x2 - x1
                )?;
            }
            for e in c
                .events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Dose | EventKind::LateDose | EventKind::OverdueDose))
            {
                let x = axis.x(e.date);
                let (class, glyph) = match e.kind {
                    EventKind::LateDose => ("late", "▲"),
                    EventKind::OverdueDose => ("overdue", "✖"),
                    _ => ("dose", ""),
                };
                write!(
                    out,
                    r#"<line class="ch-dose" x1="{x:.1}" y1="{y:.1}" x2="{x:.1}" y2="{:.1}" data-dose="{class}" data-date="{}"/>"#,
                    y + 16.0,
                    e.date
                )?;
                if !glyph.is_empty() {
                    write!(out, r#"<text class="ch-{class}" x="{x:.1}" y="{:.1}">{glyph}</text>"#, y - 1.0)?;
                }
            }
        }
    }
    if has_events {
        let y = 22.0 + ROW * drugs.len() as f64 + 13.0;
        for e in &c.events {
            let (class, glyph) = match e.kind {
                EventKind::Infusion => ("infusion", "◆"),
                EventKind::Fracture => ("fracture", "✚"),
                _ => continue,
            };
            write!(
                out,
                r#"<text class="ch-{class}" x="{:.1}" y="{y:.1}" data-event="{class}" data-date="{}">{glyph}</text>"#,
                axis.x(e.date),
                e.date
            )?;
        }
    }
    for (i, panel) in c.panels.iter().enumerate() {
        write_panel(out, panel, &axis, lanes_end + PANEL * i as f64)?;
    }
    // Today, and the planned dates ahead in a lighter style, their words staggered on three rows.
    let tx = axis.x(c.today);
    write!(
        out,
        r#"<line class="ch-today" x1="{tx:.1}" y1="14" x2="{tx:.1}" y2="{panels_end:.0}"/><text class="ch-today-label" x="{tx:.1}" y="{:.0}" data-date="{}">{}</text>"#,
        panels_end + 12.0,
        c.today,
        Escaped(c.today_label)
    )?;
    let mut row_ends = [tx + 4.0 + 6.0 * c.today_label.chars().count() as f64, f64::MIN, f64::MIN];
    for (date, label) in &c.planned {
        let x = axis.x(*date);
        let width = 6.2 * label.chars().map(|ch| if ch.is_ascii() { 1.0 } else { 1.8 }).sum::<f64>();
        let row = (0..3).find(|&r| row_ends[r] < x - width / 2.0).unwrap_or(2);
        row_ends[row] = x + width / 2.0 + 4.0;
        let y = panels_end + 12.0 + 14.0 * row as f64;
        write!(
            out,
            r#"<line class="ch-planned" x1="{x:.1}" y1="14" x2="{x:.1}" y2="{:.0}"/><text class="ch-planned-label" x="{x:.1}" y="{y:.0}" data-planned="{}">{}</text>"#,
            y - 9.0,
            date,
            Escaped(label)
        )?;
    }
    write!(out, r#"<text class="ch-legend" x="2" y="{:.0}">{}</text></svg>"#, height - 4.0, Escaped(c.legend))
}

/// A series in its own band of height `PANEL`: name and unit on the left, its range, the LSC band or the
/// reference line, the points joined.
fn write_panel(out: &mut String, p: &Panel, axis: &Axis, top: f64) -> fmt::Result {
    let values = p.points.iter().map(|x| x.value).chain(p.reference).chain(p.band.iter().flat_map(|b| [b.low, b.high]));
    let (mut lo, mut hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let margin = ((hi - lo) * 0.12).max(hi.abs() * 0.02).max(0.01);
    lo -= margin;
    hi += margin;
    let (y0, y1) = (top + 8.0, top + PANEL - 6.0);
    let y = |v: f64| y1 - (v - lo) / (hi - lo) * (y1 - y0);
    write!(
        out,
        r#"<g data-series="{}"><line class="ch-axis" x1="{LEFT}" y1="{y1:.1}" x2="{:.0}" y2="{y1:.1}"/><text class="ch-label" x="2" y="{:.1}">{}</text><text class="ch-unit" x="2" y="{:.1}">{}</text><text class="ch-range" x="{1:.0}" y="{:.1}">{}</text><text class="ch-range" x="{1:.0}" y="{y1:.1}">{}</text>"#,
        p.key,
        WIDTH - RIGHT,
        top + 22.0,
        Escaped(&p.label),
        top + 35.0,
        p.unit,
        y0 + 6.0,
        round(hi),
        round(lo)
    )?;
    if let Some(b) = p.band {
        let x = axis.x(b.from);
        write!(
            out,
            r#"<rect class="ch-lsc" x="{x:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
            y(b.high),
            WIDTH - RIGHT - x,
            y(b.low) - y(b.high)
        )?;
    }
    if let Some(r) = p.reference {
        write!(
            out,
            r#"<line class="ch-reference" x1="{LEFT}" y1="{0:.1}" x2="{1:.0}" y2="{0:.1}" data-reference="{r}"/>"#,
            y(r),
            WIDTH - RIGHT
        )?;
    }
    if p.points.len() > 1 {
        out.push_str(r#"<polyline class="ch-line" points=""#);
        for pt in &p.points {
            write!(out, "{:.1},{:.1} ", axis.x(pt.date), y(pt.value))?;
        }
        out.push_str(r#""/>"#);
    }
    for pt in &p.points {
        write!(
            out,
            r#"<circle class="ch-point{}" cx="{:.1}" cy="{:.1}" r="3" data-date="{}" data-value="{}"/>"#,
            if pt.loss { " ch-loss" } else { "" },
            axis.x(pt.date),
            y(pt.value),
            pt.date,
            pt.value
        )?;
    }
    out.push_str("</g>");
    Ok(())
}

/// A range label: three significant decimals at most ("0.712", "37", "0.3").
fn round(v: f64) -> String {
    let digits = if v.abs() >= 10.0 { 0 } else { 3 };
    let text = format!("{v:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}
