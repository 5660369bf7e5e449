//! The course chart (document::chart → render::chart): what it draws comes from the case and its report, the points
//! sit at the dates and values entered, late doses and losses beyond the LSC are marked, and the planned dates are
//! the plan's.

mod common;

use common::vignette_cases;
use osteoplan::app::state::Draft;
use osteoplan::clinical::case::Case;
use osteoplan::clinical::evaluate;
use osteoplan::document::chart::{chart, EventKind};
use osteoplan::document::{document, Block, SectionKind};
use osteoplan::render::chart::chart_svg;
use osteoplan::render::sheet::print_sheet;
use osteoplan::words::i18n::Lang;

fn vignette(prefix: &str) -> Case {
    vignette_cases().into_iter().find(|(n, _)| n.starts_with(prefix)).unwrap().1
}

/// `(series, date, value)` of every point in the SVG, read back from its data attributes.
fn points(svg: &str) -> Vec<(String, String, f64)> {
    let mut out = Vec::new();
    for group in svg.split(r#"<g data-series=""#).skip(1) {
        let series = group.split('"').next().unwrap().to_string();
        for circle in group.split("<circle").skip(1) {
            let attr = |name: &str| circle.split(&format!(r#"{name}=""#)).nth(1).unwrap().split('"').next().unwrap();
            out.push((series.clone(), attr("data-date").to_string(), attr("data-value").parse().unwrap()));
        }
    }
    out
}

#[test]
fn the_alendronate_follow_up_draws_each_study_and_marker_where_it_was_measured() {
    let case = vignette("p29");
    let report = evaluate(&case).unwrap();
    let c = chart(&case, &report, Lang::En).expect("a follow-up has a chart");
    let svg = chart_svg(&c);
    let mut expected: Vec<(String, String, f64)> = case
        .dxa_previous
        .iter()
        .map(|e| (e.site.unwrap().key().to_string(), e.date.clone().unwrap().0, e.bmd_g_cm2.unwrap()))
        .collect();
    for e in &case.dxa {
        expected.push((e.site.unwrap().key().to_string(), case.dxa_date.clone().unwrap().0, e.bmd_g_cm2.unwrap()));
    }
    for b in &case.btm {
        expected.push(("ctx".into(), b.date.clone().unwrap().0, b.value.unwrap()));
    }
    let mut got = points(&svg);
    got.sort_by(|a, b| a.partial_cmp(b).unwrap());
    expected.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(got, expected);
    // The axis runs from the first study or treatment to the last planned action.
    assert_eq!(c.from.to_string(), "2023-09-01");
    let last_planned = report.plan.iter().flat_map(|i| i.dates.iter().copied().chain(i.on).chain(i.by)).max().unwrap();
    assert_eq!(c.to, last_planned);
    assert!(c.planned.iter().any(|(d, l)| l == "DXA" && report.plan.iter().any(|i| i.on == Some(*d))));
}

#[test]
fn a_hip_loss_beyond_the_lsc_is_marked_and_the_band_is_the_reports() {
    let case = vignette("p29");
    let report = evaluate(&case).unwrap();
    let c = chart(&case, &report, Lang::En).unwrap();
    let hip = c.panels.iter().find(|p| p.key == "total_hip").unwrap();
    let change = report.monitoring.dxa_changes.iter().find(|d| d.site.key() == "total_hip").unwrap();
    let band = hip.band.expect("an LSC band");
    let base = change.from_bmd.unwrap();
    assert!((band.low - base * (1.0 - change.lsc_percent.unwrap() / 100.0)).abs() < 1e-9);
    let losses: Vec<_> = hip.points.iter().filter(|p| p.loss).map(|p| p.value).collect();
    assert_eq!(losses, vec![0.688], "today's 0.688 g/cm² is below {:.3}", band.low);
    assert!(chart_svg(&c).contains("ch-loss"));
    let ctx = c.panels.iter().find(|p| p.key == "ctx").unwrap();
    assert_eq!(ctx.reference, Some(report.monitoring.btm[0].reference_ng_ml));
}

#[test]
fn late_and_overdue_doses_and_the_exit_infusion_are_marked() {
    let mut case = vignette("p31");
    let report = evaluate(&case).unwrap();
    let c = chart(&case, &report, Lang::En).unwrap();
    assert_eq!(c.events.iter().filter(|e| e.kind == EventKind::Dose).count(), 7);
    assert!(c.events.iter().any(|e| e.kind == EventKind::Infusion));
    // The second dose 7 weeks after its due date is late; the fourth 5 months after its due date is overdue.
    let injections = &mut case.denosumab.as_mut().unwrap().injections;
    injections[1].0 = "2023-05-15".into();
    injections[3].0 = "2024-08-20".into();
    let report = evaluate(&case).unwrap();
    let c = chart(&case, &report, Lang::En).unwrap();
    let late: Vec<_> = c.events.iter().filter(|e| e.kind != EventKind::Dose && e.kind != EventKind::Infusion).collect();
    assert_eq!(late.len(), 2, "{late:?}");
    assert_eq!((late[0].date.to_string(), late[0].kind), ("2023-05-15".into(), EventKind::LateDose));
    assert_eq!((late[1].date.to_string(), late[1].kind), ("2024-08-20".into(), EventKind::OverdueDose));
    let svg = chart_svg(&c);
    assert!(svg.contains(r#"data-dose="late" data-date="2023-05-15""#) && svg.contains(r#"data-dose="overdue""#));
}

#[test]
fn a_first_visit_has_no_chart_and_the_follow_up_section_leads_with_it() {
    let first = vignette("p17");
    assert!(chart(&first, &evaluate(&first).unwrap(), Lang::En).is_none());
    let case = vignette("p29");
    for lang in [Lang::En, Lang::Zh] {
        let d = document(&case, &Draft::from_case(case.clone()).evaluate(), lang);
        let section = d.section(SectionKind::FollowUp).unwrap();
        assert!(matches!(section.blocks[0], Block::Chart(_)));
        assert!(matches!(section.blocks[1], Block::Items(_)), "the words follow the picture");
        let sheet = print_sheet(&case, &Draft::from_case(case.clone()).evaluate(), lang, "");
        assert!(sheet.contains(r#"<svg class="chart""#), "the sheet draws it too");
    }
    let zh = chart(&case, &evaluate(&case).unwrap(), Lang::Zh).unwrap();
    assert_eq!(zh.today_label, "今日");
    assert!(chart_svg(&zh).contains("阿仑膦酸钠"));
}
