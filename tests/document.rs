//! The document layer (what the screen, the sheet and the text export all draw): the plan-example cases read as
//! `shared/spec/plan-examples.md` asks, no plan line asks for something on a past date, and the Chinese wording
//! follows the glossary.

mod common;

use common::vignette_cases;
use osteoplan::app::state::Draft;
use osteoplan::clinical::case::{Case, Site};
use osteoplan::document::{document, Block, Document, SectionKind};
use osteoplan::render::text::{plain_text, summary_text};
use osteoplan::words::i18n::Lang;

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

// ---- v3: follow-up over time (§7b), the new plan actions and the specialist's faults, on p29–p40 ----

/// A vignette's case with some fields changed (JSON merge of `patch` into the case).
fn variant(prefix: &str, patch: serde_json::Value) -> Case {
    let mut value = serde_json::to_value(vignette(prefix)).unwrap();
    for (k, v) in patch.as_object().unwrap() {
        value[k] = v.clone();
    }
    serde_json::from_value(value).unwrap()
}

fn case_of(json: serde_json::Value) -> Case {
    serde_json::from_value(json).unwrap()
}

/// The lines of a section that lists items (follow-up, options), as plain text.
fn items(doc: &Document, kind: SectionKind) -> Vec<String> {
    doc.section(kind)
        .map(|s| {
            s.blocks
                .iter()
                .flat_map(|b| match b {
                    Block::Items(lines) => lines.iter().map(|l| l.plain(": ")).collect(),
                    _ => Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn schedule(doc: &Document) -> Vec<(String, String)> {
    doc.section(SectionKind::Denosumab)
        .map(|s| {
            s.blocks
                .iter()
                .flat_map(|b| match b {
                    Block::Pairs(pairs) => pairs.iter().map(|p| (p.label.clone(), p.value.clone())).collect(),
                    _ => Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn position(lines: &[String], part: &str) -> usize {
    lines.iter().position(|l| l.contains(part)).unwrap_or_else(|| panic!("{part:?} not in {lines:#?}"))
}

#[test]
fn p29_failure_on_alendronate_reads_in_her_numbers_and_switches() {
    let case = vignette("p29");
    let d = doc(&case, Lang::En);
    let i = impression(&d);
    for part in [
        "On alendronate since 2023-09-15.",
        "Total hip BMD −6.4 % since 2023-09-01 (3 years), beyond the centre's LSC 4.0 %",
        "lumbar spine stable",
        "CTX 0.48 ng/mL not suppressed",
        "treatment failure on alendronate — switch to zoledronic acid",
    ] {
        assert!(i.contains(part), "{part:?} not in {i}");
    }
    let f = items(&d, SectionKind::FollowUp);
    assert!(
        has_line(
            &f,
            &[
                "Total hip",
                "2023-09-01 → 2026-11-28",
                "0.735 → 0.688 g/cm²",
                "−6.4 %",
                "−2.0 %/year",
                "the centre's LSC 4.0 %",
                "loss"
            ]
        ),
        "{f:#?}"
    );
    assert!(has_line(&f, &["Lumbar spine", "0.830 → 0.812 g/cm²", "−2.2 %", "LSC 3.0 %", "stable"]), "{f:#?}");
    assert!(
        has_line(&f, &["β-CTX 2026-10-20", "0.48 ng/mL", "reference 0.26 ng/mL (default)", "not suppressed"]),
        "{f:#?}"
    );
    assert!(has_line(&f, &["treatment failure (IOF)", "BMD loss", "marker not suppressed"]), "{f:#?}");
    // Said once each: the default reference (no default LSC here: both are the centre's), fasting sampling.
    assert_eq!(f.iter().filter(|l| l.contains("laboratory's premenopausal mean")).count(), 1, "{f:#?}");
    assert_eq!(f.iter().filter(|l| l.contains("fasting, in the morning")).count(), 1, "{f:#?}");
    assert!(!f.iter().any(|l| l.contains("Default LSC")), "{f:#?}");
    // The follow-up comes after the top block and before the options.
    let kinds: Vec<SectionKind> = d.sections.iter().map(|s| s.kind).collect();
    let at = |k: SectionKind| kinds.iter().position(|&x| x == k).unwrap();
    assert!(at(SectionKind::Plan) < at(SectionKind::FollowUp) && at(SectionKind::FollowUp) < at(SectionKind::Options));
    let p = plan(&d);
    let stop = position(&p, "Stop alendronate");
    assert!(
        p[stop].starts_with("Today (2026-12-04)") && p[stop].contains("zoledronic acid starts today"),
        "{}",
        p[stop]
    );
    assert!(stop < position(&p, "Start zoledronic acid"), "{p:#?}");
    let review = position(&p, "Review why alendronate failed");
    assert!(!p[review].contains("drug holiday"), "{}", p[review]);

    let zh = doc(&case, Lang::Zh);
    let i = impression(&zh);
    for part in [
        "全髋骨密度自2023-09-01起下降6.4%（3年），超过本中心LSC 4.0%",
        "腰椎稳定",
        "β-CTX 0.48 ng/mL未被抑制",
        "阿仑膦酸钠治疗失败——换用唑来膦酸",
    ] {
        assert!(i.contains(part), "{part:?} not in {i}");
    }
    assert!(has_line(&plan(&zh), &["停用阿仑膦酸钠", "今日改用唑来膦酸"]), "{:#?}", plan(&zh));
    assert!(has_line(
        &items(&zh, SectionKind::FollowUp),
        &["全髋", "0.735→0.688 g/cm²", "下降6.4%", "本中心LSC 4.0%", "下降"]
    ));
}

#[test]
fn p30_adequate_response_says_responding_with_the_default_lsc_named() {
    let d = doc(&vignette("p30"), Lang::En);
    let i = impression(&d);
    assert!(i.contains("Lumbar spine BMD +5.9 % since 2023-02-20 (3 years), beyond the LSC 5.3 % (default); total hip stable: responding."), "{i}");
    let f = items(&d, SectionKind::FollowUp);
    assert!(has_line(&f, &["Response to treatment", "adequate"]), "{f:#?}");
    assert_eq!(f.iter().filter(|l| l.contains("Default LSC used for lumbar spine, total hip")).count(), 1, "{f:#?}");
    assert!(!f.iter().any(|l| l.contains("CTX")), "no marker, no CTX note: {f:#?}");
    let zh = impression(&doc(&vignette("p30"), Lang::Zh));
    assert!(
        zh.contains("腰椎骨密度自2023-02-20起增加5.9%（3年），超过LSC 5.3%（默认值）；全髋稳定：治疗反应良好。"),
        "{zh}"
    );
}

#[test]
fn p31_exit_not_holding_repeats_zoledronic_acid_today_and_drops_the_old_ctx_dates() {
    let case = vignette("p31");
    let d = doc(&case, Lang::En);
    let i = impression(&d);
    assert!(i.contains("Exit not holding: CTX 0.44 ng/mL 6 months after zoledronic acid, above the reference 0.35 ng/mL — repeat zoledronic acid."), "{i}");
    let p = plan(&d);
    assert!(
        has_line(
            &p,
            &[
                "Today (2026-10-12)",
                "Zoledronic acid 5 mg IV again, after creatinine and calcium",
                "CTX 0.44 ng/mL above the reference 0.35 ng/mL"
            ]
        ),
        "{p:#?}"
    );
    assert!(has_line(&p, &["2027-01-12, 2027-04-12", "β-CTX", "after the repeat infusion"]), "{p:#?}");
    assert!(position(&p, "Blood tests (serum calcium, creatinine)") < position(&p, "again, after creatinine"));
    // The schedule shows the checks still ahead (those of the repeat infusion), not the exit's past ones.
    let rows = schedule(&d);
    let ctx = rows.iter().find(|(l, _)| l.contains("β-CTX")).expect("a CTX row");
    assert_eq!(ctx.1, "2027-01-12, 2027-04-12");
    let f = items(&d, SectionKind::FollowUp);
    assert!(has_line(&f, &["0.44 ng/mL", "reference 0.35 ng/mL (laboratory)", "the exit is not holding"]), "{f:#?}");
    assert!(!f.iter().any(|l| l.contains("laboratory's premenopausal mean")), "the laboratory gave its value: {f:#?}");
    let zh = doc(&case, Lang::Zh);
    assert!(
        impression(&zh).contains(
            "序贯治疗效果不足：唑来膦酸后6个月β-CTX 0.44 ng/mL，高于参考值0.35 ng/mL——再次静脉输注唑来膦酸。"
        ) || impression(&zh).contains("序贯治疗效果不足"),
        "{}",
        impression(&zh)
    );
    assert!(
        has_line(&plan(&zh), &["今日（2026-10-12）", "再次静脉输注唑来膦酸5 mg（先查肌酐和血钙）"]),
        "{:#?}",
        plan(&zh)
    );
}

#[test]
fn p32_exit_holding_says_so_with_the_months_since_the_infusion() {
    let d = doc(&vignette("p32"), Lang::En);
    assert!(
        impression(&d).contains("Exit holding: CTX 0.19 ng/mL 3 months after zoledronic acid (reference 0.26 ng/mL)."),
        "{}",
        impression(&d)
    );
    assert!(!plan(&d).iter().any(|l| l.contains("again")), "{:#?}", plan(&d));
}

#[test]
fn p33_a_holiday_that_ends_names_its_reason_and_one_that_goes_on_its_review() {
    let d = doc(&vignette("p33"), Lang::En);
    let i = impression(&d);
    assert!(i.contains("Drug holiday from alendronate since 2023-04-01 has ended: total hip BMD −6.1 % since 2023-03-15 (3 years), beyond the LSC 5.0 % (default) — restart treatment."), "{i}");
    assert!(!i.contains("Previously treated"), "the holiday says it: {i}");
    // The same woman with a stable hip: the holiday goes on and its review is due (its date has passed).
    let mut case = vignette("p33");
    for e in case.dxa.iter_mut().filter(|e| e.site == Some(Site::TotalHip)) {
        e.bmd_g_cm2 = Some(0.745);
    }
    let d = doc(&case, Lang::En);
    let i = impression(&d);
    assert!(i.contains("Drug holiday from alendronate since 2023-04-01; the review is due now."), "{i}");
    assert!(i.contains("Total hip BMD −0.4 % since 2023-03-15 (3 years), within the LSC 5.0 % (default)."), "{i}");
    assert!(has_line(&plan(&d), &["Today (2026-11-18)", "Drug holiday review"]), "{:#?}", plan(&d));
}

#[test]
fn p34_the_glucocorticoid_course_is_written_as_taken_and_planned_and_a_low_frax_is_no_reason() {
    let d = doc(&vignette("p34"), Lang::En);
    let first = impression(&d);
    assert!(first.contains("glucocorticoids 7.5 mg/day: 4 months so far, 12 planned — ACR moderate risk"), "{first}");
    // FRAX 9.2 % / 1.1 % (adjusted) is below every threshold: never the reason for the risk level.
    assert!(!first.contains("FRAX"), "{first}");
    let zh = impression(&doc(&vignette("p34"), Lang::Zh));
    assert!(zh.contains("糖皮质激素7.5 mg/d：已用4个月，计划共12个月——ACR分层中风险"), "{zh}");
    assert!(!zh.contains("FRAX"), "{zh}");
    // Reading 26's example: a month taken of a 6-month course.
    let planned =
        variant("p34", serde_json::json!({"glucocorticoids": {"mg_per_day": 40, "months": 1, "planned_months": 6}}));
    assert!(impression(&doc(&planned, Lang::En)).contains("glucocorticoids 40 mg/day: 1 month so far, 6 planned"));
    // Reading 51: no planned course entered for a course begun weeks ago: asked for, in words.
    let unknown = variant("p34", serde_json::json!({"glucocorticoids": {"mg_per_day": 5, "months": 1}}));
    let p = plan(&doc(&unknown, Lang::En));
    assert!(
        has_line(
            &p,
            &["Today", "Enter the planned glucocorticoid course", "3 months or more", "from its first day (ACR)"]
        ),
        "{p:#?}"
    );
    let zh = plan(&doc(&unknown, Lang::Zh));
    assert!(has_line(&zh, &["录入计划的糖皮质激素疗程"]), "{zh:#?}");
}

#[test]
fn p35_an_anabolic_start_waits_for_its_results_and_its_marker_is_p1np() {
    for lang in Lang::ALL {
        let p = plan(&doc(&vignette("p35"), lang));
        let marker = p.iter().find(|l| l.contains("P1NP")).unwrap_or_else(|| panic!("{p:#?}"));
        assert!(!marker.contains("CTX"), "a P1NP check is not β-CTX: {marker}");
        assert!(marker.contains("2027-01-21"), "{marker}");
    }
    let p = plan(&doc(&vignette("p35"), Lang::En));
    assert!(
        has_line(
            &p,
            &[
                "Start teriparatide",
                "once ALP, iPTH and serum protein electrophoresis with free light chains are known to be normal"
            ]
        ),
        "{p:#?}"
    );
    // No line of any vignette says β-CTX for a P1NP item.
    for (name, case) in vignette_cases() {
        let Ok(report) = Draft::from_case(case.clone()).evaluate() else { continue };
        let d = doc(&case, Lang::En);
        let lines = plan(&d);
        let p1np_items =
            report.plan.iter().filter(|i| i.action != osteoplan::clinical::plan::Action::Avoid).collect::<Vec<_>>();
        for (item, line) in p1np_items.iter().zip(&lines) {
            if item.tests.contains(&osteoplan::clinical::plan::Test::P1np) {
                assert!(!line.contains("CTX"), "{name}: {line}");
            }
        }
    }
}

#[test]
fn p37_oncology_denosumab_stops_alendronate_and_checks_the_teeth_before_the_next_dose() {
    let d = doc(&vignette("p37"), Lang::En);
    let i = impression(&d);
    assert!(i.contains("denosumab 120 mg every 4 weeks (oncology regimen"), "{i}");
    assert!(i.contains("no osteoporosis drug beside it"), "{i}");
    assert!(i.contains("androgen-deprivation therapy"), "{i}");
    let p = plan(&d);
    assert!(
        has_line(&p, &["Today (2026-11-30)", "Stop alendronate", "second anti-resorptive", "jaw osteonecrosis"]),
        "{p:#?}"
    );
    assert!(has_line(&p, &["By 2026-12-11", "Dental check before the next dose"]), "{p:#?}");
    assert!(!p.iter().any(|l| l.contains("before the first dose")), "{p:#?}");
    assert!(has_line(&p, &["Avoid", "already on denosumab 120 mg every 4 weeks"]), "{p:#?}");
    let o = items(&d, SectionKind::Options);
    assert!(has_line(&o, &["testosterone", "androgen deprivation"]), "{o:#?}");
    let zh = plan(&doc(&vignette("p37"), Lang::Zh));
    assert!(has_line(&zh, &["停用阿仑膦酸钠", "颌骨坏死"]), "{zh:#?}");
    assert!(has_line(&zh, &["下次注射前口腔检查"]), "{zh:#?}");
}

#[test]
fn p38_low_calcium_keeps_alendronate_preferred_once_corrected() {
    for (lang, preferred, drugs, start) in [
        (
            Lang::En,
            "Preferred once calcium is corrected (adjusted calcium 2.06 mmol/L)",
            "alendronate, risedronate",
            "once calcium is corrected (adjusted calcium 2.06 mmol/L)",
        ),
        (
            Lang::Zh,
            "血钙纠正后首选（校正血钙2.06 mmol/L）",
            "阿仑膦酸钠、利塞膦酸钠",
            "血钙纠正后再用药（校正血钙2.06 mmol/L）",
        ),
    ] {
        let d = doc(&vignette("p38"), lang);
        let o = items(&d, SectionKind::Options);
        assert!(o.iter().any(|l| l.contains(preferred) && l.contains(drugs)), "{o:#?}");
        // Never a bare "Avoid" for a drug held only by the pending calcium.
        let avoid = osteoplan::clinical::treatment::Status::Avoid.label(lang);
        for drug in [osteoplan::clinical::case::Drug::Alendronate, osteoplan::clinical::case::Drug::ZoledronicAcid] {
            assert!(
                !o.iter().any(|l| l.contains(avoid) && l.contains(drug.label(lang)) && !l.contains(&preferred[..6])),
                "{o:#?}"
            );
        }
        let p = plan(&d);
        assert!(
            p.iter().any(|l| l.contains(start) && (l.contains("alendronate") || l.contains("阿仑膦酸钠"))),
            "{p:#?}"
        );
    }
}

#[test]
fn p39_a_late_yearly_infusion_reads_today_with_no_empty_series() {
    let p = plan(&doc(&vignette("p39"), Lang::En));
    let line = p.iter().find(|l| l.contains("Zoledronic acid infusion")).unwrap();
    assert!(line.starts_with("Today (2026-01-20): Zoledronic acid infusion"), "{line}");
    assert!(!p.iter().any(|l| l.contains("then :") || l.contains("then:")), "{p:#?}");
    let i = impression(&doc(&vignette("p39"), Lang::En));
    assert!(i.contains("Treatment review 2026-10-05."), "{i}");
}

#[test]
fn p40_hormone_therapy_is_named_as_not_protective_and_no_dose_is_numbered_from_the_history() {
    let d = doc(&vignette("p40"), Lang::En);
    let i = impression(&d);
    assert!(i.contains("Stopped denosumab on 2025-03-01 (on it since 2022-03-01) with no exit drug."), "{i}");
    assert!(
        i.contains("Menopausal hormone therapy since 2025-04-15 does not prevent the rebound after denosumab."),
        "{i}"
    );
    let p = plan(&d);
    assert!(!p.iter().any(|l| l.contains("dose 2")), "{p:#?}");
    assert!(has_line(&p, &["Dental check before the exit infusion"]), "{p:#?}");
    assert!(!p.iter().any(|l| l.contains("before the first dose")), "{p:#?}");
    let zh = impression(&doc(&vignette("p40"), Lang::Zh));
    assert!(zh.contains("不能预防地舒单抗停药后的反跳"), "{zh}");
}

/// Nothing measured: no Follow-up lines. A first visit has no section at all; a course of treatment is still drawn
/// (the course chart), alone in the section.
#[test]
fn nothing_measured_means_no_follow_up_lines() {
    for prefix in ["p17", "p18", "p34"] {
        for lang in Lang::ALL {
            let d = doc(&vignette(prefix), lang);
            let blocks = d.section(SectionKind::FollowUp).map_or(&[][..], |s| &s.blocks[..]);
            assert!(blocks.iter().all(|b| matches!(b, Block::Chart(_))), "{prefix}");
        }
    }
    assert!(doc(&vignette("p17"), Lang::En).section(SectionKind::FollowUp).is_none());
}

/// Full-width brackets in Chinese, balanced and never nested, in every line of every vignette (and the v3 cases).
#[test]
fn chinese_brackets_balance_and_never_nest() {
    let mut cases: Vec<(String, Case)> = vignette_cases();
    cases.push(("p17 aace".into(), variant("p17", serde_json::json!({"profile": "aace-2020"}))));
    for (name, case) in cases {
        let d = doc(&case, Lang::Zh);
        let mut lines: Vec<String> = Vec::new();
        for s in d.sections.iter().filter(|s| s.kind != SectionKind::Rules) {
            for b in &s.blocks {
                match b {
                    Block::Paragraph(l) => lines.push(l.plain("：")),
                    Block::Numbered(ls) | Block::Items(ls) => lines.extend(ls.iter().map(|l| l.plain("："))),
                    Block::Pairs(ps) => lines.extend(ps.iter().map(|p| format!("{}：{}", p.label, p.value))),
                    _ => {}
                }
            }
        }
        for line in lines {
            let mut depth = 0i32;
            for c in line.chars() {
                match c {
                    '（' => {
                        depth += 1;
                        assert!(depth <= 1, "{name}: nested brackets in {line:?}");
                    }
                    '）' => {
                        depth -= 1;
                        assert!(depth >= 0, "{name}: unbalanced in {line:?}");
                    }
                    _ => {}
                }
            }
            assert_eq!(depth, 0, "{name}: unbalanced in {line:?}");
        }
    }
    // The lowest site is the lumbar spine: "腰椎", its own bracket left out.
    let i = impression(&doc(&vignette("p29"), Lang::Zh));
    assert!(i.contains("（最低T值−2.7，腰椎）"), "{i}");
}

#[test]
fn dx_frax_reads_osteoporosis_by_fracture_risk() {
    let case = variant("p17", serde_json::json!({"profile": "aace-2020"}));
    let i = impression(&doc(&case, Lang::En));
    assert!(
        i.starts_with(
            "Osteoporosis by fracture risk (FRAX MOF 21 %, hip 3.6 %; lowest T −2.3, femoral neck); high risk;"
        ),
        "{i}"
    );
    let zh = impression(&doc(&case, Lang::Zh));
    assert!(zh.starts_with("骨质疏松症（依据骨折风险诊断；FRAX主要骨质疏松性骨折21%，髋部骨折3.6%"), "{zh}");
}

#[test]
fn a_due_bisphosphonate_review_gives_this_patients_verdict() {
    let base = serde_json::json!({"history": [{"drug": "alendronate", "start": "2020-06-01"}], "btm": [], "dxa_previous": [], "dxa_date": null, "dxa_machine": null, "lsc_percent": null});
    let mut holiday = base.clone();
    holiday["dxa"] =
        serde_json::json!([{"site": "total_hip", "t_score": -2.0}, {"site": "lumbar_spine", "t_score": -2.6}]);
    let d = doc(&variant("p29", holiday), Lang::En);
    assert!(
        impression(&d).contains("Review now: consider a drug holiday of 2–3 years: no fracture, hip T −2.0."),
        "{}",
        impression(&d)
    );
    assert!(
        has_line(
            &plan(&d),
            &[
                "Today",
                "Review alendronate treatment now: consider a drug holiday of 2–3 years: no fracture, hip T −2.0"
            ]
        ),
        "{:#?}",
        plan(&d)
    );
    let mut keep = base;
    keep["dxa"] = serde_json::json!([{"site": "total_hip", "t_score": -2.7}]);
    let d = doc(&variant("p29", keep), Lang::En);
    assert!(impression(&d).contains("Review now: continue — hip T −2.7."), "{}", impression(&d));
    let zh = doc(
        &variant(
            "p29",
            serde_json::json!({"history": [{"drug": "alendronate", "start": "2020-06-01"}], "btm": [], "dxa_previous": [], "dxa_date": null, "dxa_machine": null, "lsc_percent": null, "dxa": [{"site": "total_hip", "t_score": -2.7}]}),
        ),
        Lang::Zh,
    );
    assert!(impression(&zh).contains("现应评估疗程：继续——髋部T值−2.7。"), "{}", impression(&zh));
}

#[test]
fn a_closed_rebound_window_is_said_with_its_months() {
    let case = variant(
        "p40",
        serde_json::json!({"history": [{"drug": "denosumab", "start": "2020-03-01", "end": "2024-01-01"}]}),
    );
    let i = impression(&doc(&case, Lang::En));
    assert!(i.contains("Denosumab stopped 34 months ago (last injection 2024-01-01): the rebound period has passed; if denosumab is restarted, plan its exit."), "{i}");
    assert!(impression(&doc(&case, Lang::Zh)).contains("停药反跳期已过"));
}

#[test]
fn a_short_exit_never_promises_ctx_checks() {
    let case = variant("p09", serde_json::json!({"dxa": [{"site": "femoral_neck", "t_score": -2.2}]}));
    let report = Draft::from_case(case.clone()).evaluate().unwrap();
    assert!(report.rules_fired.contains(&osteoplan::clinical::rules::RuleId::DmabExitShort));
    for lang in Lang::ALL {
        let p = plan(&doc(&case, lang));
        let exit = p.iter().find(|l| l.contains("zoledronic acid 5 mg IV") || l.contains("唑来膦酸")).unwrap();
        assert!(!exit.contains("CTX"), "{exit}");
    }
}

#[test]
fn tx_none_preferred_starts_with_the_reason_and_a_specialist() {
    let case = case_of(serde_json::json!({
        "format": "osteoplan-case/3", "assessed_on": "2026-11-20",
        "patient": {"sex": "male", "age_years": 72, "weight_kg": 70},
        "dxa": [{"site": "lumbar_spine", "t_score": -3.4}],
        "fractures": [{"site": "vertebral", "date": "2025-06-01"}, {"site": "vertebral", "date": "2026-02-01"}],
        "labs": {"calcium_mmol_l": 2.3, "vitamin_d_nmol_l": 60}, "conditions": {"dialysis": true}
    }));
    let p = plan(&doc(&case, Lang::En));
    let start = p.iter().find(|l| l.contains("Start denosumab")).unwrap_or_else(|| panic!("{p:#?}"));
    assert!(
        start.contains("no drug is clearly preferred: ")
            && start.contains("teriparatide")
            && start.contains("a specialist's decision"),
        "{start}"
    );
    let zh = plan(&doc(&case, Lang::Zh));
    assert!(has_line(&zh, &["开始地舒单抗", "无明确首选药物", "由专科医生决定"]), "{zh:#?}");
}

#[test]
fn a_patient_on_denosumab_is_never_told_dental_check_before_the_first_dose() {
    let case = variant("p06", serde_json::json!({"conditions": {"invasive_dental_planned": true}}));
    let p = plan(&doc(&case, Lang::En));
    assert!(has_line(&p, &["Invasive dental work mid-interval", "do not delay or skip the dose"]), "{p:#?}");
    assert!(!p.iter().any(|l| l.contains("before the first dose")), "{p:#?}");
    // DMAB-CA-CHECK: no calcium entered, the dose waits for it.
    assert!(has_line(&p, &["Denosumab injection", "once calcium is known to be normal"]), "{p:#?}");
    for (name, case) in vignette_cases() {
        let Ok(report) = Draft::from_case(case.clone()).evaluate() else { continue };
        let on_denosumab = matches!(
            report.journey.stage,
            osteoplan::clinical::journey::Stage::OnDenosumab | osteoplan::clinical::journey::Stage::StoppingDenosumab
        );
        if on_denosumab {
            assert!(!plan(&doc(&case, Lang::En)).iter().any(|l| l.contains("before the first dose")), "{name}");
        }
    }
}

#[test]
fn the_schedule_says_missed_only_once_the_window_has_passed() {
    // Stopping, 9 days after the exit's due date, the window still open: no "Missed window", no "Was due".
    let case = variant("p09", serde_json::json!({"assessed_on": "2026-12-10"}));
    for lang in Lang::ALL {
        let rows = schedule(&doc(&case, lang));
        let labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
        for never in [osteoplan::words::i18n::Text::MissedWindow, osteoplan::words::i18n::Text::WasDue] {
            assert!(!labels.contains(&never.get(lang)), "{labels:?}");
        }
    }
    // Overdue (p18): the window has passed and says so.
    let rows = schedule(&doc(&vignette("p18"), Lang::En));
    assert!(rows.iter().any(|(l, _)| l == "Missed window") && rows.iter().any(|(l, _)| l == "Was due"), "{rows:?}");
}

#[test]
fn the_calcium_series_after_each_dose_reads_weekly_then_monthly() {
    let p = plan(&doc(&vignette("p19"), Lang::En));
    let line = p.iter().find(|l| l.contains("Serum calcium weekly")).unwrap();
    assert!(line.starts_with("2026-12-04, 2026-12-11, 2026-12-18, 2026-12-25, then monthly to 2027-04-27: Serum calcium weekly for 4 weeks after each dose, then monthly"), "{line}");
    let zh = plan(&doc(&vignette("p19"), Lang::Zh));
    assert!(has_line(&zh, &["之后每月1次至2027-04-27", "每次注射后首月每周查血钙"]), "{zh:#?}");
}

/// The browser build carries only the texts of the rules whose catalogue severity is not `Note` (the others load
/// when a reader first needs them, see `rule_texts`), so every alert the engine raises must be such a rule, or it
/// would show without its text until the texts are in.
#[test]
fn every_alert_is_a_rule_whose_text_the_browser_build_carries() {
    use osteoplan::clinical::rules::Severity;
    for (name, case) in vignette_cases() {
        for lang in [Lang::En, Lang::Zh] {
            let d = doc(&case, lang);
            for block in d.section(SectionKind::Alerts).map_or(&[][..], |s| &s.blocks[..]) {
                if let Block::Alerts(alerts) = block {
                    for a in alerts {
                        assert_ne!(a.rule.rule().severity, Severity::Note, "{name}: {} is an alert", a.rule.code());
                        assert!(!a.text.is_empty(), "{name}: {} has its text", a.rule.code());
                    }
                }
            }
            for block in d.section(SectionKind::Rules).map_or(&[][..], |s| &s.blocks[..]) {
                if let Block::Rules(rules) = block {
                    assert!(rules.iter().all(|r| !r.text.is_empty()), "{name}: natively every rule has its text");
                }
            }
        }
    }
}

/// "Copy as text" (issue 24): the head, then the impression, alerts and plan exactly as the whole copy has them,
/// and nothing of the other sections.
#[test]
fn the_summary_copy_is_the_whole_copy_cut_after_the_plan() {
    for (name, case) in vignette_cases() {
        for lang in [Lang::En, Lang::Zh] {
            let doc = doc(&case, lang);
            let (summary, whole) = (summary_text(&doc, lang), plain_text(&doc, lang));
            let top = doc.sections.iter().take_while(|s| s.kind.is_top()).count();
            assert!(doc.sections.iter().skip(top).all(|s| !s.kind.is_top()), "{name}: the top sections come first");
            let blocks: Vec<&str> = whole.trim_end().split("\n\n").collect();
            assert_eq!(summary.trim_end(), blocks[..1 + top].join("\n\n"), "{name} {lang:?}");
            if doc.sections.len() > top {
                assert!(summary.len() < whole.len(), "{name}: shorter than the whole document");
            }
        }
    }
}
