//! The clinical data entered, one row per kind and only what was entered, so a reader can check a reason such as
//! "CrCl 15 mL/min" against the values it came from.

use crate::words::numbers::{fixed, trimmed};
use serde_json::Value;

use super::fill;
use super::model::{Mark, Pair};
use super::sentences::Sentence::OstaValue;
use crate::clinical::case::{Case, CaseDate};
use crate::clinical::report::Report;
use crate::clinical::units::Lab;
use crate::words::i18n::{Lang, Text};
use crate::words::names::{condition_label, CONDITIONS};
use crate::words::rule_text::score;
use crate::words::rule_text::RuleValues;

pub fn data_rows(case: &Case, report: &Report, values: &RuleValues, lang: Lang) -> Vec<Pair> {
    let date = |d: &Option<CaseDate>| d.as_ref().map_or("?", |d| d.0.as_str()).to_string();
    let mut rows: Vec<(Text, Vec<String>)> = Vec::new();

    let dxa = case.dxa.iter().map(|e| {
        let site = e.site.map_or("?", |s| s.label(lang));
        let mut parts = vec![site.to_string()];
        if let Some(t) = e.t_score {
            parts.push(format!("T {}", score(t)));
        }
        if let Some(z) = e.z_score {
            parts.push(format!("Z {}", score(z)));
        }
        if let Some(bmd) = e.bmd_g_cm2 {
            parts.push(format!("{} {} g/cm²", Text::Bmd.get(lang), fixed(bmd, 3)));
            // DX-FROM-BMD: the T-score computed from the BMD, with the reference it used.
            let computed = report.diagnosis.computed_t_scores.iter().find(|c| Some(c.site) == e.site);
            if let Some(c) = computed.filter(|_| e.t_score.is_none()) {
                let t = format!("T {}", score(c.t_score));
                parts.push(format!(
                    "→ {}",
                    lang.parenthesised(&t, &format!("{}{}{}", Text::ComputedT.get(lang), lang.colon(), c.reference))
                ));
            }
        }
        parts.join(" ")
    });
    let mut dxa: Vec<String> = dxa.collect();
    // v3: the date and machine of today's study, and the centre's LSC, as entered.
    if let Some(d) = &case.dxa_date {
        dxa.push(d.0.clone());
    }
    if let Some(m) = &case.dxa_machine {
        dxa.push(m.clone());
    }
    rows.push((Text::SectionDxa, dxa));
    let earlier = case.dxa_previous.iter().map(|p| {
        let mut parts = vec![date(&p.date), p.site.map_or("?", |s| s.label(lang)).to_string()];
        if let Some(t) = p.t_score {
            parts.push(format!("T {}", score(t)));
        }
        if let Some(bmd) = p.bmd_g_cm2 {
            parts.push(format!("{} {} g/cm²", Text::Bmd.get(lang), fixed(bmd, 3)));
        }
        let text = parts.join(" ");
        match &p.machine {
            Some(m) => lang.parenthesised(&text, m),
            None => text,
        }
    });
    rows.push((Text::EarlierDxa, earlier.collect()));
    let markers = case.btm.iter().map(|b| {
        let test = match b.test {
            Some(crate::clinical::case::BtmTest::Ctx) => "CTX",
            Some(crate::clinical::case::BtmTest::P1np) => "P1NP",
            None => "?",
        };
        use crate::clinical::case::BtmUnit;
        let unit = match b.unit {
            Some(BtmUnit::NgMl) => "ng/mL",
            Some(BtmUnit::UgL) => "µg/L",
            Some(BtmUnit::PgMl) => "pg/mL",
            Some(BtmUnit::NgL) => "ng/L",
            None => "",
        };
        let value = b.value.map_or("?".to_string(), |v| trimmed(v, 3));
        format!("{test} {} {value} {unit}", date(&b.date)).trim_end().to_string()
    });
    rows.push((Text::BtmResults, markers.collect()));
    if let Some(t) = case.pre_treatment_t_score {
        rows.push((Text::PreTreatmentT, vec![score(t)]));
    }

    let fractures = case.fractures.iter().map(|f| {
        let item = format!("{} {}", f.site.map_or("?", |s| s.label(lang)), date(&f.date));
        let flags: Vec<&str> = [
            (f.fragility == Some(true), Text::Fragility),
            (f.on_treatment, Text::OnTreatment),
            (f.nonunion, Text::Nonunion),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, text)| text.get(lang))
        .collect();
        if flags.is_empty() {
            item
        } else {
            lang.parenthesised(&item, &flags.join(lang.list_separator()))
        }
    });
    rows.push((Text::SectionFractures, fractures.collect()));

    let mut risk = Vec::new();
    if let Some(frax) = &case.frax {
        let percent = |x: Option<f64>| x.map_or("?".into(), |x| format!("{}%", trimmed(x, 2)));
        risk.push(format!("{} {}", Text::FraxMof.get(lang), percent(frax.mof_percent)));
        risk.push(format!("{} {}", Text::FraxHip.get(lang), percent(frax.hip_percent)));
    }
    if let Some(falls) = case.falls_last_12_months {
        risk.push(format!("{} {falls}", Text::Falls.get(lang)));
    }
    if case.injurious_fall {
        risk.push(Text::InjuriousFall.get(lang).into());
    }
    if let Some(gc) = &case.glucocorticoids {
        let dose = gc.mg_per_day.map_or("?".into(), |x| trimmed(x, 2));
        let months = gc.months.map_or("?".into(), |x| lang.months(x));
        let mut text = format!("{} {dose} {} × {months}", Text::GcDose.get(lang), Text::MgPerDay.get(lang));
        // Reading 26: the planned course beside the months taken.
        if let Some(planned) = gc.planned_months {
            let planned = match lang {
                Lang::En => format!("{} months planned", trimmed(planned, 1)),
                Lang::Zh => format!("计划{}个月", trimmed(planned, 1)),
            };
            text = lang.parenthesised(&text, &planned);
        }
        risk.push(text);
    }
    risk.extend(case.secondary_causes.iter().map(|c| c.label(lang).to_string()));
    rows.push((Text::SectionRisk, risk));

    let l = &case.labs;
    let [creatinine_si, creatinine_us] = Lab::Creatinine.units().map(|u| u.symbol);
    let [calcium_si, calcium_us] = Lab::Calcium.units().map(|u| u.symbol);
    let [vitamin_d_si, vitamin_d_us] = Lab::VitaminD.units().map(|u| u.symbol);
    let labs = [
        (Text::Egfr, l.egfr_ml_min, "mL/min"),
        (Text::Creatinine, l.creatinine_umol_l, creatinine_si),
        (Text::Creatinine, l.creatinine_mg_dl, creatinine_us),
        (Text::Calcium, l.calcium_mmol_l, calcium_si),
        (Text::Calcium, l.calcium_mg_dl, calcium_us),
        (Text::Albumin, l.albumin_g_l, "g/L"),
        (Text::VitaminD, l.vitamin_d_nmol_l, vitamin_d_si),
        (Text::VitaminD, l.vitamin_d_ng_ml, vitamin_d_us),
    ];
    let labs = labs
        .iter()
        .filter_map(|(label, value, unit)| value.map(|x| format!("{} {} {unit}", label.get(lang), trimmed(x, 2))));
    rows.push((Text::SectionLabs, labs.collect()));
    // What the rules computed from the entries: kidney function with its source, and OSTA.
    if values.has("kidney") {
        rows.push((Text::KidneyFunction, vec![fill("{kidney}", values, &[])]));
    }
    if let Some(osta) = &report.risk.osta {
        let band = osta.band.label(lang).to_string();
        rows.push((
            Text::Osta,
            vec![fill(OstaValue.get(lang), values, &[("index", score(osta.index)), ("band", band)])],
        ));
    }

    // The flags by their case keys, read once, in the form's order. Through JSON text, whose serde code the app has
    // anyway (`to_value` would link a second serializer into the wasm).
    let flags: Value = serde_json::to_string(&case.conditions)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let conditions = CONDITIONS
        .iter()
        .filter(|(key, _, _)| flags.get(key) == Some(&Value::Bool(true)))
        .map(|(key, _, _)| condition_label(key, lang).to_string());
    rows.push((Text::SectionConditions, conditions.collect()));

    let history = case.history.iter().map(|h| {
        let end = h.end.as_ref().map_or(Text::Ongoing.get(lang), |d| d.0.as_str());
        format!("{} {} – {end}", h.drug.map_or("?", |d| d.label(lang)), date(&h.start))
    });
    rows.push((Text::SectionHistory, history.collect()));

    if let Some(d) = &case.denosumab {
        let dates: Vec<String> = d.injections.iter().map(|x| x.0.clone()).collect();
        rows.push((Text::Injections, dates));
    }

    rows.retain(|(_, items)| !items.is_empty());
    rows.into_iter()
        .map(|(label, items)| Pair {
            label: label.get(lang).to_string(),
            value: items.join(lang.list_separator()),
            strong: false,
            mark: Mark::None,
        })
        .collect()
}
