//! The course chart as inline SVG markup, for the screen and the printed sheet alike (one drawing). Styles live in
//! style.css (`.ch-*`); every point carries `data-series`, `data-date` and `data-value` (what was measured, BMD in
//! g/cm², markers in ng/mL), so tests read the chart back. A fixed 720-unit width: the sheet scales it to A4, and
//! a phone scrolls it sideways inside its frame. Coordinates are whole units (a quarter of a millimetre on A4),
//! written as integers: no float formatter in the page (see `words::numbers`).

use std::fmt::{self, Write};

use chrono::{Datelike, NaiveDate};

use super::sheet::Escaped;
use crate::clinical::case::Drug;
use crate::document::chart::{Chart, EventKind, Panel};
use crate::words::numbers::trimmed;

const WIDTH: i32 = 720;
/// The label column on the left.
const LEFT: i32 = 104;
const RIGHT: i32 = WIDTH - 12;
const TOP: i32 = 22;
const ROW: i32 = 18;
const PANEL: i32 = 54;

struct Axis {
    from: NaiveDate,
    days: i64,
}

impl Axis {
    fn x(&self, d: NaiveDate) -> i32 {
        LEFT + ((d - self.from).num_days() * i64::from(RIGHT - LEFT) / self.days) as i32
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
    let axis = Axis { from: c.from - pad, days: span + 2 * pad.num_days() };
    let mut drugs: Vec<Drug> = Vec::new();
    for p in &c.periods {
        if !drugs.contains(&p.drug) {
            drugs.push(p.drug);
        }
    }
    let has_events = c.events.iter().any(|e| matches!(e.kind, EventKind::Infusion | EventKind::Fracture));
    let lanes_end = TOP + ROW * (drugs.len() as i32 + i32::from(has_events));
    let panels_end = lanes_end + PANEL * c.panels.len() as i32;
    let height = panels_end + 3 * 14 + 22;
    write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" data-from="{}" data-to="{}" xmlns="http://www.w3.org/2000/svg">"#,
        Escaped(&c.title),
        c.from,
        c.to
    )?;
    // Years along the top, with a faint line down.
    for year in c.from.year()..=c.to.year() + 1 {
        let Some(jan) = NaiveDate::from_ymd_opt(year, 1, 1) else { continue };
        let x = axis.x(jan);
        if (LEFT..RIGHT).contains(&x) {
            write!(
                out,
                r#"<line class="ch-grid" x1="{x}" y1="14" x2="{x}" y2="{panels_end}"/><text class="ch-year" x="{}" y="11">{year}</text>"#,
                x + 2
            )?;
        }
    }
    // One row per drug: its periods as bands; on denosumab's row its doses and the next dose's window.
    for (row, drug) in drugs.iter().enumerate() {
        let y = TOP + ROW * row as i32;
        let label = c.periods.iter().find(|p| p.drug == *drug).map_or("", |p| p.label);
        write!(out, r#"<text class="ch-label" x="2" y="{}">{}</text>"#, y + 12, Escaped(label))?;
        for p in c.periods.iter().filter(|p| p.drug == *drug) {
            let x = axis.x(p.from);
            write!(
                out,
                r#"<rect class="ch-period{}" x="{x}" y="{}" width="{}" height="12" data-from="{}" data-to="{}"/>"#,
                if p.ongoing { " ch-ongoing" } else { "" },
                y + 2,
                (axis.x(p.to) - x).max(2),
                p.from,
                p.to
            )?;
        }
        if *drug != Drug::Denosumab {
            continue;
        }
        if let Some([open, close]) = c.window {
            let x = axis.x(open);
            write!(
                out,
                r#"<rect class="ch-window" x="{x}" y="{y}" width="{}" height="16" data-from="{open}" data-to="{close}"/>"#,
                axis.x(close) - x
            )?;
        }
        for e in &c.events {
            let (kind, glyph) = match e.kind {
                EventKind::Dose => ("dose", ""),
                EventKind::LateDose => ("late", "▲"),
                EventKind::OverdueDose => ("overdue", "✖"),
                _ => continue,
            };
            let x = axis.x(e.date);
            write!(
                out,
                r#"<line class="ch-dose" x1="{x}" y1="{y}" x2="{x}" y2="{}" data-dose="{kind}" data-date="{}"/>"#,
                y + 16,
                e.date
            )?;
            if !glyph.is_empty() {
                write!(out, r#"<text class="ch-{kind}" x="{x}" y="{}">{glyph}</text>"#, y - 1)?;
            }
        }
    }
    if has_events {
        let y = lanes_end - 5;
        for e in &c.events {
            let (kind, glyph) = match e.kind {
                EventKind::Infusion => ("infusion", "◆"),
                EventKind::Fracture => ("fracture", "✚"),
                _ => continue,
            };
            write!(
                out,
                r#"<text class="ch-{kind}" x="{}" y="{y}" data-event="{kind}" data-date="{}">{glyph}</text>"#,
                axis.x(e.date),
                e.date
            )?;
        }
    }
    for (i, panel) in c.panels.iter().enumerate() {
        write_panel(out, panel, &axis, lanes_end + PANEL * i as i32)?;
    }
    // Today, and the planned dates ahead in a lighter style, their words staggered on three rows.
    let today = axis.x(c.today);
    write!(
        out,
        r#"<line class="ch-today" x1="{today}" y1="14" x2="{today}" y2="{panels_end}"/><text class="ch-today-label" x="{today}" y="{}" data-date="{}">{}</text>"#,
        panels_end + 12,
        c.today,
        Escaped(c.today_label)
    )?;
    let width = |text: &str| text.chars().map(|ch| if ch.is_ascii() { 6 } else { 11 }).sum::<i32>();
    let mut row_ends = [today + width(c.today_label) / 2 + 4, i32::MIN, i32::MIN];
    for (date, label) in &c.planned {
        let x = axis.x(*date);
        let half = width(label) / 2;
        let row = (0..3).find(|&r| row_ends[r] < x - half).unwrap_or(2);
        row_ends[row] = x + half + 4;
        let y = panels_end + 12 + 14 * row as i32;
        write!(
            out,
            r#"<line class="ch-planned" x1="{x}" y1="14" x2="{x}" y2="{}"/><text class="ch-planned-label" x="{x}" y="{y}" data-planned="{date}">{}</text>"#,
            y - 9,
            Escaped(label)
        )?;
    }
    write!(out, r#"<text class="ch-legend" x="2" y="{}">{}</text></svg>"#, height - 4, Escaped(c.legend))
}

/// A series in its own band of height `PANEL`: name and unit on the left, its range on the right, the LSC band or
/// the reference line, the points joined.
fn write_panel(out: &mut String, p: &Panel, axis: &Axis, top: i32) -> fmt::Result {
    let values = p.points.iter().map(|x| x.value).chain(p.reference).chain(p.band.iter().flat_map(|b| [b.low, b.high]));
    let (mut lo, mut hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let margin = ((hi - lo) * 0.12).max(hi.abs() * 0.02).max(0.01);
    lo -= margin;
    hi += margin;
    let (y0, y1) = (top + 8, top + PANEL - 6);
    let y = |v: f64| y1 - ((v - lo) / (hi - lo) * f64::from(y1 - y0)) as i32;
    let digits = |v: f64| trimmed(v, if v.abs() >= 10.0 { 0 } else { 3 });
    write!(
        out,
        r#"<g data-series="{}"><line class="ch-axis" x1="{LEFT}" y1="{y1}" x2="{RIGHT}" y2="{y1}"/><text class="ch-label" x="2" y="{}">{}</text><text class="ch-unit" x="2" y="{}">{}</text><text class="ch-range" x="{RIGHT}" y="{}">{}</text><text class="ch-range" x="{RIGHT}" y="{y1}">{}</text>"#,
        p.key,
        top + 22,
        Escaped(&p.label),
        top + 35,
        p.unit,
        y0 + 6,
        digits(hi),
        digits(lo)
    )?;
    if let Some(b) = p.band {
        let (x, top) = (axis.x(b.from), y(b.high));
        write!(out, r#"<rect class="ch-lsc" x="{x}" y="{top}" width="{}" height="{}"/>"#, RIGHT - x, y(b.low) - top)?;
    }
    if let Some(r) = p.reference {
        write!(
            out,
            r#"<line class="ch-reference" x1="{LEFT}" y1="{0}" x2="{RIGHT}" y2="{0}" data-reference="{1}"/>"#,
            y(r),
            trimmed(r, 4)
        )?;
    }
    if p.points.len() > 1 {
        out.push_str(r#"<polyline class="ch-line" points=""#);
        for pt in &p.points {
            write!(out, "{},{} ", axis.x(pt.date), y(pt.value))?;
        }
        out.push_str(r#""/>"#);
    }
    for pt in &p.points {
        write!(
            out,
            r#"<circle class="ch-point{}" cx="{}" cy="{}" r="3" data-date="{}" data-value="{}"/>"#,
            if pt.loss { " ch-loss" } else { "" },
            axis.x(pt.date),
            y(pt.value),
            pt.date,
            trimmed(pt.value, 4)
        )?;
    }
    out.push_str("</g>");
    Ok(())
}
