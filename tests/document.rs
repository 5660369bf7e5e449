//! The document layer (what the screen, the sheet and the text export all draw): the plan-example cases read as
//! `shared/spec/plan-examples.md` asks, no plan line asks for something on a past date, and the Chinese wording
//! follows the glossary.

mod common;

use common::vignette_cases;
use osteoplan::clinical::case::Case;
use osteoplan::document::{document, Block, Document, SectionKind};
use osteoplan::i18n::Lang;
use osteoplan::state::Draft;
use osteoplan::text::plain_text;

fn vignette(prefix: &str) -> Case {
    vignette_cases().into_iter().find(|(n, _)| n.starts_with(prefix)).unwrap().1
}

fn doc(case: &Case, lang: Lang) -> Document {
    document(case, &Draft::from_case(case.clone()).evaluate(), lang)
}

/// The plan's lines as plain text, in order.
fn plan(doc: &Document) -> Vec<String> {
    let section = doc.section(SectionKind::Plan).expect("a plan");
    section
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Numbered(lines) => lines.iter().map(|l| l.plain(": ")).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn impression(doc: &Document) -> String {
    let section = doc.section(SectionKind::Impression).expect("an impression");
    section
        .blocks
        .iter()
        .filter_map(|b| if let Block::Paragraph(l) = b { Some(l.text.clone()) } else { None })
        .collect()
}

fn has_line(lines: &[String], parts: &[&str]) -> bool {
    lines.iter().any(|l| parts.iter().all(|p| l.contains(p)))
}

#[test]
fn case_a_new_osteopenia_with_high_frax_reads_like_the_example() {
    let d = doc(&vignette("p17"), Lang::En);
    let i = impression(&d);
    assert!(i.contains("Low bone mass (osteopenia; lowest T −2.3, femoral neck)"), "{i}");
    assert!(i.contains("high risk (FRAX MOF 21 %, hip 3.6 %)"), "{i}");
    let p = plan(&d);
    for parts in [
        &["Today (2026-11-24)", "Lateral thoracolumbar X-ray or VFA"][..],
        &["Today (2026-11-24)", "Dental check"],
        &["Today (2026-11-24)", "Start alendronate 70 mg once weekly", "CrCl 60 mL/min"],
        &["2027-02-24", "β-CTX"],
        &["2027-11-24", "DXA"],
        &["2031-11-24", "Review alendronate treatment", "drug holiday"],
    ] {
        assert!(has_line(&p, parts), "{parts:?} not in {p:#?}");
    }
}

#[test]
fn case_b_overdue_denosumab_reads_like_the_example() {
    let d = doc(&vignette("p18"), Lang::En);
    let i = impression(&d);
    assert!(i.contains("Dose 5 was due 2026-06-24 and is 153 days overdue"), "{i}");
    let p = plan(&d);
    for parts in [
        &["Today (2026-11-24)", "Denosumab injection", "dose 5"][..],
        &["Today (2026-11-24)", "Lateral thoracolumbar X-ray or VFA"],
        &["Today (2026-11-24), then 2027-02-24: Colecalciferol 800–2000 IU/day", "25(OH)D 48 nmol/L"],
        &["2026-12-08", "calcium", "CrCl 39 mL/min"],
        &["2027-05-24 (window 2027-04-26 – 2027-06-21)", "Denosumab injection"],
        &["Avoid", "teriparatide", "hip bone loss"],
    ] {
        assert!(has_line(&p, parts), "{parts:?} not in {p:#?}");
    }
    // The missed date is history, not something to do.
    assert!(!p.iter().any(|l| l.contains("2026-06-24")), "{p:#?}");
    let zh = plan(&doc(&vignette("p18"), Lang::Zh));
    assert!(has_line(&zh, &["今日（2026-11-24）", "地舒单抗注射", "第5针"]), "{zh:#?}");
    assert!(has_line(&zh, &["2027-05-24（注射窗口2027-04-26至2027-06-21）"]), "{zh:#?}");
}

#[test]
fn case_c_ckd4_on_denosumab_reads_like_the_example() {
    let d = doc(&vignette("p19"), Lang::En);
    let p = plan(&d);
    for parts in [
        &["By 2026-11-27", "albumin", "phosphate", "magnesium", "iPTH", "ALP", "25(OH)D", "1,25(OH)₂D"][..],
        &["2026-11-27 (at the latest 2026-12-25)", "Denosumab injection", "dose 4"],
        &["2026-12-04, 2026-12-11, 2026-12-18, 2026-12-25", "calcium", "CrCl 15 mL/min"],
        &["Falls assessment"],
        &[
            "Avoid",
            "stopping without an exit drug",
            "alendronate",
            "CrCl 15 < 35 mL/min",
            "teriparatide, abaloparatide",
        ],
    ] {
        assert!(has_line(&p, parts), "{parts:?} not in {p:#?}");
    }
    assert!(impression(&d).contains("No safe exit drug: denosumab continues long term"));
}

#[test]
fn no_plan_line_asks_for_a_date_before_the_assessment() {
    let mut checked = 0;
    for (name, case) in vignette_cases() {
        let Some(today) = case.assessed_on.as_ref().map(|d| d.0.clone()) else { continue };
        for lang in Lang::ALL {
            let d = doc(&case, lang);
            if d.section(SectionKind::Plan).is_none() {
                continue;
            }
            for line in plan(&d) {
                for date in dates_in(&line) {
                    assert!(date >= today.as_str(), "{name} {lang:?}: {date} is before {today} in {line:?}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "the plans have dates ({checked})");
}

/// Every YYYY-MM-DD in a text.
fn dates_in(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9))
        .filter(|&i| {
            let s = &bytes[i..i + 10];
            s[4] == b'-' && s[7] == b'-' && s.iter().enumerate().all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit())
        })
        .map(|i| &text[i..i + 10])
        .collect()
}

/// Fails on the wordings the glossary and the issue rule out, anywhere in the Chinese document of any vignette.
#[test]
fn chinese_wording_follows_the_glossary() {
    const NEVER: [&str; 12] = [
        "需要药物治疗", // "有抗骨质疏松药物治疗指征"
        "应注射",       // a stopping patient is never told to inject; due is "到期（在注射窗口内）"
        "为危险",       // severities are labels, never prose
        "为警告",
        "(#", // "第4针"
        "（#",
        "罗莫索珠单抗",       // "罗莫佐单抗"
        "适用于",             // reads as an indication
        "转换日期",           // "序贯用药日期"
        "停药后序贯方案药物", // "序贯药物"
        "骨转换标志物CTX",    // "血清β-CTX"
        "Review A",           // sources in Chinese: "综述A"
    ];
    let mut texts = String::new();
    for (_, case) in vignette_cases() {
        texts.push_str(&plain_text(&doc(&case, Lang::Zh), Lang::Zh));
    }
    for phrase in NEVER {
        assert!(!texts.contains(phrase), "the Chinese text says {phrase:?}");
    }
    // Full-width brackets next to Chinese text.
    let chars: Vec<char> = texts.chars().collect();
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c);
    for w in chars.windows(2) {
        let ascii_bracket = |c: char| c == '(' || c == ')';
        assert!(
            !(cjk(w[0]) && ascii_bracket(w[1]) || ascii_bracket(w[0]) && cjk(w[1])),
            "an ASCII bracket beside Chinese text: {:?}",
            w.iter().collect::<String>()
        );
    }
    for phrase in [
        "有抗骨质疏松药物治疗指征",
        "到期（在注射窗口内）",
        "第5针",
        "序贯药物",
        "序贯用药日期",
        "血清β-CTX",
        "综述A",
        "罗莫佐单抗",
    ] {
        assert!(texts.contains(phrase), "the Chinese text never says {phrase:?}");
    }
}
