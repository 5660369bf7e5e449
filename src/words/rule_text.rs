//! Rule texts with this patient's values: the catalogue writes `{kidney}`, `{give_on}`…; this fills them from the
//! case and its report, in the reader's language. Values are bare numbers (the texts carry the units), except
//! `{kidney}`, which reads "15 mL/min" or "on dialysis". A value the case does not have reads "—".

use crate::clinical::case::Case;
use crate::clinical::facts::Facts;
use crate::clinical::kidney::KidneyFrom;
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::words::i18n::Lang;

/// The named values one report can put into its rule texts.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleValues {
    values: Vec<(&'static str, String)>,
}

/// "12.5", "30", "-2.4": a number with at most `decimals` decimals and no trailing zeros.
fn number(x: f64, decimals: usize) -> String {
    crate::words::numbers::trimmed(x, decimals as u32)
}

/// A T- or Z-score as clinicians write it: a true minus sign, one decimal, or two when entered so ("−3.0",
/// "−2.45": a boundary value is never shown rounded across the boundary).
pub fn score(t: f64) -> String {
    let two = crate::words::numbers::fixed(t.abs(), 2);
    let text = two.strip_suffix('0').map_or(two.clone(), str::to_string);
    if t < 0.0 && text != "0.0" {
        format!("−{text}")
    } else {
        text
    }
}

/// Kidney function with its source, as one phrase: "CrCl 15 mL/min (Cockcroft–Gault)", "eGFR 20 mL/min",
/// "on dialysis".
fn kidney_phrase(risk: &crate::clinical::risk::Risk, lang: Lang) -> Option<String> {
    let value = |k: f64| number(k, 0);
    let zh = lang == Lang::Zh;
    Some(match (risk.kidney_from?, risk.kidney_ml_min) {
        (KidneyFrom::Dialysis, _) => (if zh { "规律透析" } else { "on dialysis" }).to_string(),
        (KidneyFrom::Crcl, Some(k)) if zh => format!("肌酐清除率{} mL/min（Cockcroft–Gault）", value(k)),
        (KidneyFrom::Crcl, Some(k)) => format!("CrCl {} mL/min (Cockcroft–Gault)", value(k)),
        (KidneyFrom::Egfr, Some(k)) => format!("eGFR {} mL/min/1.73 m²", value(k)),
        (_, None) => return None,
    })
}

/// Kidney function in a few words, for a reason beside a drug: "CrCl 15 mL/min", "on dialysis".
fn kidney_short(risk: &crate::clinical::risk::Risk, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    Some(match (risk.kidney_from?, risk.kidney_ml_min) {
        (KidneyFrom::Dialysis, _) => (if zh { "规律透析" } else { "on dialysis" }).to_string(),
        (KidneyFrom::Crcl, Some(k)) if zh => format!("肌酐清除率{} mL/min", number(k, 0)),
        (KidneyFrom::Crcl, Some(k)) => format!("CrCl {} mL/min", number(k, 0)),
        (KidneyFrom::Egfr, Some(k)) => format!("eGFR {} mL/min/1.73 m²", number(k, 0)),
        (_, None) => return None,
    })
}

/// Why teriparatide and abaloparatide are marked (CI-PTH): the bone conditions entered, else the lifetime limit.
fn pth_reason(c: &crate::clinical::case::Conditions, lang: Lang) -> String {
    let flags = [
        (c.paget_or_raised_alp, "paget_or_raised_alp"),
        (c.open_epiphyses, "open_epiphyses"),
        (c.skeletal_radiation, "skeletal_radiation"),
        (c.bone_malignancy, "bone_malignancy"),
        (c.hypercalcaemia, "hypercalcaemia"),
    ];
    let named: Vec<&str> =
        flags.iter().filter(|(set, _)| *set).map(|(_, key)| crate::words::names::condition_label(key, lang)).collect();
    match (named.is_empty(), lang) {
        (false, _) => named.join(lang.list_separator()),
        (true, Lang::En) => "lifetime limit of PTH-analogue treatment reached".to_string(),
        (true, Lang::Zh) => "甲状旁腺激素类似物疗程已达终生上限".to_string(),
    }
}

impl RuleValues {
    pub fn new(case: &Case, report: &Report, lang: Lang) -> RuleValues {
        let facts: Option<Facts> = crate::clinical::validate::validate(case).ok();
        let mut values: Vec<(&'static str, String)> = Vec::new();
        let mut put = |name: &'static str, value: Option<String>| {
            if let Some(v) = value {
                values.push((name, v));
            }
        };
        let dx = &report.diagnosis;
        put("lowest_t", dx.lowest_score.map(score));
        put("lowest_site", dx.lowest_site.map(|s| s.label(lang).to_string()));
        put("pre_t", dx.pre_treatment_t_score.map(score));
        let risk = &report.risk;
        put("kidney", kidney_phrase(risk, lang));
        put("kidney_short", kidney_short(risk, lang));
        if let Some(f) = &facts {
            put("calcium", f.calcium_mmol_l.map(|c| crate::words::numbers::fixed(c, 2)));
            put("albumin", f.albumin_g_l.map(|a| number(a, 0)));
            put("vitamin_d", f.vitamin_d_nmol_l.map(|v| number(v, 0)));
            let gc = f.glucocorticoid_mg_per_day > 0.0;
            put("gc_dose", gc.then(|| number(f.glucocorticoid_mg_per_day, 1)));
            put("gc_months", gc.then(|| number(f.glucocorticoid_months, 0)));
            // Reading 26: the course is the larger of the months taken and the planned course.
            put("gc_course", gc.then(|| number(f.glucocorticoid_course(), 0)));
            let adjusted = risk.frax_adjusted.as_ref();
            let mof = adjusted.and_then(|a| a.mof_percent).or(f.frax_mof_percent);
            let hip = adjusted.and_then(|a| a.hip_percent).or(f.frax_hip_percent);
            put("frax_mof", mof.map(|p| number(p, 1)));
            put("frax_hip", hip.map(|p| number(p, 1)));
            put("pth_reason", Some(pth_reason(&f.conditions, lang)));
        }
        if let Some(a) = &risk.frax_adjusted {
            put("factor_mof", Some(number(a.factor_mof, 2)));
            put("factor_hip", Some(number(a.factor_hip, 2)));
        }
        if let Some(d) = &report.denosumab {
            put("days_late", Some(d.days_late.to_string()));
            put("next_due", d.next_due.map(|x| x.to_string()));
            put("injections", Some(d.injections_count.to_string()));
            put("catch_up_next", d.catch_up.as_ref().map(|c| c.next_due.to_string()));
            // After a catch-up dose the next step is the next injection, or the exit drug when stopping.
            let stopping = d.exit_plan.as_ref().is_some_and(|e| e.drug.is_some());
            put(
                "next_step",
                Some(match (stopping, lang) {
                    (true, Lang::En) => "exit drug".to_string(),
                    (true, Lang::Zh) => "序贯用药".to_string(),
                    (false, Lang::En) => "next dose".to_string(),
                    (false, Lang::Zh) => "下次注射".to_string(),
                }),
            );
            if let Some(e) = &d.exit_plan {
                put("transition_on", Some(e.transition_on.to_string()));
                put("give_on", e.give_on.map(|x| x.to_string()));
                put("give_by", e.give_by.map(|x| x.to_string()));
                put("given_on", e.given_on.map(|x| x.to_string()));
                put("exit_drug", e.drug.map(|x| x.label(lang).to_string()));
            }
        }
        let j = &report.journey;
        put("stage_drug", j.drug.map(|d| d.label(lang).to_string()));
        put("since", j.since.map(|x| x.to_string()));
        put("until", j.until.map(|x| x.to_string()));
        put("months_since", j.until.map(|u| crate::clinical::dates::months_between(u, report.assessed_on).to_string()));
        RuleValues { values }
    }

    /// No values: every parameter reads "—" (for places that show a rule without a case).
    pub fn none() -> RuleValues {
        RuleValues { values: Vec::new() }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The rule's text in `lang` with every `{name}` filled in; empty in the browser while the rule's text is not
    /// loaded (see `crate::words::rule_texts`).
    pub fn text(&self, rule: RuleId, lang: Lang) -> String {
        rule.text(lang).map_or_else(String::new, |text| fill(text, |name| self.get(name)))
    }
}

/// Replaces each `{name}` with its value ("—" when there is none); other braces stay as they are.
pub fn fill<'a>(template: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].bytes().all(|b| b.is_ascii_lowercase() || b == b'_') && close > 0 => {
                out.push_str(value(&after[..close]).unwrap_or("—"));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_values_and_marks_missing_ones() {
        let text = fill("CrCl {kidney} < 35; due {next_due}; {x y}", |n| (n == "kidney").then_some("15 mL/min"));
        assert_eq!(text, "CrCl 15 mL/min < 35; due —; {x y}");
    }

    #[test]
    fn scores_keep_one_decimal_and_a_true_minus() {
        assert_eq!(score(-3.0), "−3.0");
        assert_eq!(score(-2.45), "−2.45");
        assert_eq!(score(-2.5), "−2.5");
        assert_eq!(score(0.0), "0.0");
        assert_eq!(score(1.2), "1.2");
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(2.30, 2), "2.3");
        assert_eq!(number(15.39, 0), "15");
        assert_eq!(number(-2.0, 1), "-2");
    }
}
