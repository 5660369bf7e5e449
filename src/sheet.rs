//! The printable recommendation sheet: the case and its report as one HTML document fragment, in the order the
//! chart needs it (clinic header, patient, DXA, diagnosis and risk, basic care, drug options, denosumab schedule,
//! alerts, the rules applied with their sources, the notice, the signature lines).
//!
//! Plain Rust, no UI framework: the page shows it only when printing, and tests read it natively. Every text
//! comes from the rule catalogue, the display names and `i18n`, like the screen. Everything is HTML-escaped,
//! including rule texts (they contain `<`).

use std::fmt::{self, Display, Write};

use serde_json::Value;

use crate::clinical::case::{Case, CaseDate};
use crate::clinical::denosumab::DenosumabReport;
use crate::clinical::plan::{Action, PlanItem};
use crate::clinical::report::Report;
use crate::clinical::rules::RuleId;
use crate::clinical::treatment::DrugOption;
use crate::clinical::units::Lab;
use crate::i18n::{Lang, Text};
use crate::messages::{field_label, problem_messages};
use crate::names::{condition_label, CONDITIONS};
use crate::problems::Problems;
use crate::rule_text::RuleValues;
use crate::wording::{dmab_status, lowest_score, plan_line, plan_when, risk_details};

/// Text made safe for HTML element content and quoted attribute values.
struct Escaped<'a>(&'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                _ => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The sheet for `case`. Without a report (the case is incomplete) it lists what is missing instead of a
/// recommendation, so a printout can never pass for advice on a half-entered case.
pub fn print_sheet(case: &Case, result: &Result<Report, Problems>, lang: Lang, clinic_header: &str) -> String {
    let values = match result {
        Ok(report) => RuleValues::new(case, report, lang),
        Err(_) => RuleValues::none(),
    };
    let mut sheet =
        Sheet { out: String::with_capacity(8 * 1024), lang, values, spelled_out: Vec::new(), alerted: Vec::new() };
    // Writing to a String cannot fail.
    let _ = sheet.write(case, result, clinic_header);
    sheet.out
}

struct Sheet {
    out: String,
    lang: Lang,
    /// The patient's values for the rule texts.
    values: RuleValues,
    /// Rules already printed with their text; the rules table gives the text of the others.
    spelled_out: Vec<RuleId>,
    /// Rules that are also alerts: the alerts section quotes them, so other sections point there (↓).
    alerted: Vec<RuleId>,
}

impl Sheet {
    fn t(&self, text: Text) -> Escaped<'static> {
        Escaped(text.get(self.lang))
    }

    fn write(&mut self, case: &Case, result: &Result<Report, Problems>, clinic_header: &str) -> fmt::Result {
        write!(self.out, r#"<article class="sheet" lang="{}">"#, self.lang.html_tag())?;
        if !clinic_header.trim().is_empty() {
            write!(self.out, r#"<p class="sheet-clinic">{}</p>"#, Escaped(clinic_header.trim()))?;
        }
        write!(self.out, r#"<h1>{} · {}</h1>"#, self.t(Text::AppName), self.t(Text::SheetTitle))?;
        self.patient(case)?;
        self.dxa(case)?;
        self.findings(case)?;
        match result {
            Ok(report) => self.report(report)?,
            Err(problems) => self.incomplete(problems)?,
        }
        // The notice and the signature lines stay together on the last page.
        write!(self.out, r#"<div class="sheet-end"><p class="sheet-notice">{}</p>"#, self.t(Text::Notice))?;
        let colon = self.lang.colon();
        write!(
            self.out,
            r#"<div class="sheet-sign"><span>{}{colon}</span><span class="line"></span><span>{}{colon}</span><span class="line short"></span></div></div>"#,
            self.t(Text::Signature),
            self.t(Text::Date)
        )?;
        self.out.push_str("</article>");
        Ok(())
    }

    fn patient(&mut self, case: &Case) -> fmt::Result {
        let p = &case.patient;
        let lang = self.lang;
        let age = p.age_years.map(|a| format!("{a} {}", Text::Years.get(lang)));
        let cells = [
            (Text::PatientName, p.name.clone()),
            (Text::PatientIdShort, p.id.clone()),
            (Text::Sex, p.sex.map(|s| s.label(lang).to_string())),
            (Text::Age, age),
            (Text::AssessedOn, case.assessed_on.as_ref().map(|d| d.0.clone())),
        ];
        self.out.push_str(r#"<table class="sheet-patient"><tr>"#);
        for (label, value) in &cells {
            write!(self.out, "<th>{}</th><td>{}</td>", self.t(*label), Escaped(value.as_deref().unwrap_or("—")))?;
        }
        self.out.push_str("</tr></table>");
        Ok(())
    }

    fn dxa(&mut self, case: &Case) -> fmt::Result {
        write!(self.out, "<h2>{}</h2>", self.t(Text::SectionDxa))?;
        write!(
            self.out,
            r#"<table class="sheet-grid"><tr><th>{}</th><th>{}</th><th>{}</th><th>{} (g/cm²)</th><th>{}</th></tr>"#,
            self.t(Text::Site),
            self.t(Text::TScore),
            self.t(Text::ZScore),
            self.t(Text::Bmd),
            self.t(Text::Reference)
        )?;
        for entry in &case.dxa {
            let number = |x: Option<f64>, places: usize| x.map_or(String::new(), |x| format!("{x:.places$}"));
            let reference = entry
                .reference
                .as_ref()
                .map_or(String::new(), |r| format!("{} / {}", number(r.mean, 3), number(r.sd, 3)));
            write!(
                self.out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                Escaped(entry.site.map_or("", |s| s.label(self.lang))),
                number(entry.t_score, 1),
                number(entry.z_score, 1),
                number(entry.bmd_g_cm2, 3),
                reference
            )?;
        }
        self.out.push_str("</table>");
        Ok(())
    }

    /// The other entries the rules read (fractures, risk factors, labs, conditions, drug history), one row each and
    /// only those entered, so a reader can check a reason such as "eGFR < 35" against the value it came from.
    fn findings(&mut self, case: &Case) -> fmt::Result {
        let lang = self.lang;
        let date = |d: &Option<CaseDate>| d.as_ref().map_or("?", |d| d.0.as_str()).to_string();
        let mut rows: Vec<(Text, Vec<String>)> = Vec::new();

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
            let percent = |x: Option<f64>| x.map_or("?".into(), |x| format!("{x}%"));
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
            let dose = gc.mg_per_day.map_or("?".into(), |x| x.to_string());
            let months = gc.months.map_or("?".into(), |x| lang.months(x));
            risk.push(format!("{} {dose} {} × {months}", Text::GcDose.get(lang), Text::MgPerDay.get(lang)));
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
            (Text::VitaminD, l.vitamin_d_nmol_l, vitamin_d_si),
            (Text::VitaminD, l.vitamin_d_ng_ml, vitamin_d_us),
        ];
        let labs =
            labs.iter().filter_map(|(label, value, unit)| value.map(|x| format!("{} {x} {unit}", label.get(lang))));
        rows.push((Text::SectionLabs, labs.collect()));

        // The flags by their case keys, read once, in the form's order.
        let flags = serde_json::to_value(case.conditions).unwrap_or_default();
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

        rows.retain(|(_, items)| !items.is_empty());
        if rows.is_empty() {
            return Ok(());
        }
        write!(self.out, r#"<h2>{}</h2><table class="sheet-pairs">"#, self.t(Text::SheetFindings))?;
        for (label, items) in rows {
            write!(
                self.out,
                "<tr><th>{}</th><td>{}</td></tr>",
                self.t(label),
                Escaped(&items.join(lang.list_separator()))
            )?;
        }
        self.out.push_str("</table>");
        Ok(())
    }

    fn report(&mut self, report: &Report) -> fmt::Result {
        let lang = self.lang;
        let (d, r) = (&report.diagnosis, &report.risk);
        self.alerted = report.alerts.iter().map(|a| a.rule).collect();

        write!(self.out, "<h2>{}</h2>", self.t(Text::Diagnosis))?;
        write!(
            self.out,
            "<p><strong>{}</strong> · {}",
            Escaped(d.category.label(lang)),
            Escaped(&lowest_score(d, lang))
        )?;
        for c in &d.computed_t_scores {
            write!(
                self.out,
                " · {} ({}){}{:.1} ({})",
                self.t(Text::ComputedT),
                Escaped(c.site.label(lang)),
                lang.colon(),
                c.t_score,
                Escaped(&c.reference)
            )?;
        }
        self.codes(&d.rules)?;
        self.out.push_str("</p>");

        write!(self.out, "<h2>{}</h2>", self.t(Text::Risk))?;
        write!(self.out, "<p><strong>{}</strong>", Escaped(r.level.label(lang)))?;
        let details = risk_details(r, lang);
        if !details.is_empty() {
            write!(self.out, " · {}", Escaped(&details))?;
        }
        self.out.push_str("</p>");
        self.rule_texts(&r.rules)?;

        write!(self.out, "<h2>{}</h2>", self.t(Text::BasicCare))?;
        self.rule_texts(&report.basic_care.rules)?;

        self.options(report)?;
        if let Some(dmab) = &report.denosumab {
            self.denosumab(dmab)?;
        }
        self.plan(report)?;
        self.alerts(report)?;
        self.rules_applied(&report.rules_fired)
    }

    /// The plan, numbered: each action with its drug, tests and date or deadline; its rules by ID (their texts
    /// are under "Rules applied").
    fn plan(&mut self, report: &Report) -> fmt::Result {
        let lang = self.lang;
        write!(self.out, r#"<h2>{}</h2><ol class="sheet-plan">"#, self.t(Text::Plan))?;
        // The drugs to avoid share one line, as a clinician writes "Avoid: …".
        let avoid: Vec<&PlanItem> = report.plan.iter().filter(|i| i.action == Action::Avoid).collect();
        for item in report.plan.iter().filter(|i| i.action != Action::Avoid) {
            if item.action == Action::BasicCare && !avoid.is_empty() {
                let drugs: Vec<&str> = avoid.iter().filter_map(|i| i.drug).map(|d| d.label(lang)).collect();
                let line =
                    format!("{}{}{}", Action::Avoid.label(lang), lang.colon(), drugs.join(lang.list_separator()));
                write!(self.out, "<li>{}", Escaped(&line))?;
                let mut rules: Vec<RuleId> = avoid.iter().flat_map(|i| i.rules.iter().copied()).collect();
                rules.sort();
                rules.dedup();
                self.codes(&rules)?;
                self.out.push_str("</li>");
            }
            write!(self.out, "<li>{}", Escaped(&plan_line(item, lang)))?;
            let when = plan_when(item, lang);
            if !when.is_empty() {
                write!(self.out, " · <b>{}</b>", Escaped(&when))?;
            }
            self.codes(&item.rules)?;
            self.out.push_str("</li>");
        }
        self.out.push_str("</ol>");
        Ok(())
    }

    fn options(&mut self, report: &Report) -> fmt::Result {
        let lang = self.lang;
        let t = &report.treatment;
        write!(self.out, "<h2>{}</h2>", self.t(Text::Options))?;
        self.rule_texts(&t.rules)?;
        if !t.options.is_empty() {
            write!(
                self.out,
                r#"<table class="sheet-grid"><tr><th>{}</th><th>{}</th><th>{}</th></tr>"#,
                self.t(Text::Status),
                self.t(Text::DrugField),
                self.t(Text::Reasons)
            )?;
            // One row per status and set of reasons keeps a long list on the page. The report lists options
            // preferred first and avoided last, so the rows come in that order.
            let mut rows: Vec<(&DrugOption, Vec<&str>)> = Vec::new();
            for o in &t.options {
                match rows.iter_mut().find(|(first, _)| first.status == o.status && first.rules == o.rules) {
                    Some((_, drugs)) => drugs.push(o.drug.label(lang)),
                    None => rows.push((o, vec![o.drug.label(lang)])),
                }
            }
            for (o, drugs) in rows {
                write!(
                    self.out,
                    "<tr><td>{} {}</td><td>{}</td><td>",
                    o.status.icon(),
                    Escaped(o.status.label(lang)),
                    Escaped(&drugs.join(lang.list_separator()))
                )?;
                if o.rules.is_empty() {
                    // No rule names this drug for the risk level, so it is second line by default.
                    self.out.push('—');
                }
                self.codes(&o.rules)?;
                self.out.push_str("</td></tr>");
            }
            self.out.push_str("</table>");
            // The reasons in words, right under the table (cautions and contraindications above all).
            let mut reasons: Vec<RuleId> = Vec::new();
            for id in t.options.iter().flat_map(|o| &o.rules) {
                if !reasons.contains(id) && !self.spelled_out.contains(id) {
                    reasons.push(*id);
                }
            }
            self.rule_texts(&reasons)?;
        }
        if !report.sequencing.rules.is_empty() {
            write!(self.out, "<h3>{}</h3>", self.t(Text::Sequencing))?;
            self.rule_texts(&report.sequencing.rules)?;
        }
        Ok(())
    }

    fn denosumab(&mut self, d: &DenosumabReport) -> fmt::Result {
        let lang = self.lang;
        write!(self.out, "<h2>{}</h2>", self.t(Text::Schedule))?;
        write!(
            self.out,
            r#"<table class="sheet-pairs"><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td><strong>{}</strong>"#,
            self.t(Text::RegimenField),
            Escaped(d.regimen.label(lang)),
            self.t(Text::Status),
            Escaped(dmab_status(d, lang))
        )?;
        if d.days_late > 0 {
            write!(self.out, " · {}", lang.days_late(d.days_late))?;
        }
        self.out.push_str("</td></tr>");
        if let Some(last) = d.last_injection {
            write!(
                self.out,
                "<tr><th>{}</th><td>{last} (#{})</td></tr>",
                self.t(Text::LastInjection),
                d.injections_count
            )?;
        }
        if let Some(next) = d.next_due {
            write!(self.out, "<tr><th>{}</th><td><strong>{next}</strong></td></tr>", self.t(Text::NextDue))?;
        }
        if let Some([open, close]) = d.window {
            write!(self.out, "<tr><th>{}</th><td>{open} – {close}</td></tr>", self.t(Text::Window))?;
        }
        if let Some(exit) = &d.exit_plan {
            let drug = exit.drug.map_or(Text::NoSafeExit.get(lang), |drug| drug.label(lang));
            write!(
                self.out,
                "<tr><th>{}</th><td><strong>{}</strong></td></tr>",
                self.t(Text::ExitDrug),
                Escaped(drug)
            )?;
            // Without an exit drug there is no transition: the advice is to keep injecting.
            if exit.drug.is_some() {
                write!(self.out, "<tr><th>{}</th><td>{}</td></tr>", self.t(Text::Transition), exit.transition_on)?;
            }
            if !exit.ctx_checks.is_empty() {
                let dates: Vec<String> = exit.ctx_checks.iter().map(|c| c.to_string()).collect();
                write!(
                    self.out,
                    "<tr><th>{}</th><td>{}</td></tr>",
                    self.t(Text::CtxChecks),
                    dates.join(lang.list_separator())
                )?;
            }
            if !exit.alternatives.is_empty() {
                let names: Vec<&str> = exit.alternatives.iter().map(|a| a.label(lang)).collect();
                write!(
                    self.out,
                    "<tr><th>{}</th><td>{}</td></tr>",
                    self.t(Text::Alternatives),
                    Escaped(&names.join(lang.list_separator()))
                )?;
            }
        }
        self.out.push_str("</table>");
        let rules: Vec<RuleId> = d.rules.iter().chain(d.exit_plan.iter().flat_map(|e| &e.rules)).copied().collect();
        self.out.push_str("<p>");
        self.codes(&rules)?;
        self.out.push_str("</p>");
        Ok(())
    }

    fn alerts(&mut self, report: &Report) -> fmt::Result {
        write!(self.out, "<h2>{}</h2>", self.t(Text::Alerts))?;
        if report.alerts.is_empty() {
            write!(self.out, "<p>{}</p>", self.t(Text::NoAlerts))?;
            return Ok(());
        }
        self.out.push_str(r#"<ul class="sheet-alerts">"#);
        for alert in &report.alerts {
            let rule = alert.rule.rule();
            self.spelled_out.push(alert.rule);
            write!(
                self.out,
                r#"<li><strong>{}</strong> <b>{}</b> {}</li>"#,
                Escaped(alert.severity.label(self.lang)),
                rule.code,
                Escaped(&self.values.text(alert.rule, self.lang))
            )?;
        }
        self.out.push_str("</ul>");
        Ok(())
    }

    /// Every rule behind the sheet with its source, so a reader can check each line. Rules quoted above are not
    /// quoted again; the others (those cited by ID only) get their text here.
    fn rules_applied(&mut self, fired: &[RuleId]) -> fmt::Result {
        write!(self.out, r#"<h2>{}</h2><ul class="sheet-rules">"#, self.t(Text::RulesApplied))?;
        for id in fired {
            let rule = id.rule();
            let text = if self.spelled_out.contains(id) { "↑".to_string() } else { self.values.text(*id, self.lang) };
            write!(
                self.out,
                "<li><b>{}</b> {} <i>{}{}{}</i></li>",
                rule.code,
                Escaped(&text),
                self.t(Text::Source),
                self.lang.colon(),
                Escaped(rule.source)
            )?;
        }
        self.out.push_str("</ul>");
        Ok(())
    }

    /// Rules whose words are the content (reasons, doses): ID and text.
    fn rule_texts(&mut self, rules: &[RuleId]) -> fmt::Result {
        if rules.is_empty() {
            return Ok(());
        }
        self.out.push_str(r#"<ul class="sheet-rule-texts">"#);
        for id in rules {
            let rule = id.rule();
            if self.alerted.contains(id) {
                write!(self.out, "<li><b>{}</b> ↓</li>", rule.code)?;
                continue;
            }
            self.spelled_out.push(*id);
            write!(self.out, "<li><b>{}</b> {}</li>", rule.code, Escaped(&self.values.text(*id, self.lang)))?;
        }
        self.out.push_str("</ul>");
        Ok(())
    }

    /// Rule IDs only, where the sheet's own words say the result (badges, tables).
    fn codes(&mut self, rules: &[RuleId]) -> fmt::Result {
        for (i, id) in rules.iter().enumerate() {
            let sep = if i == 0 { r#" <span class="sheet-codes">"# } else { ", " };
            write!(self.out, "{sep}{}", id.code())?;
        }
        if !rules.is_empty() {
            self.out.push_str("</span>");
        }
        Ok(())
    }

    fn incomplete(&mut self, problems: &Problems) -> fmt::Result {
        let lang = self.lang;
        write!(
            self.out,
            r#"<h2>{}</h2><p class="sheet-incomplete">{}</p><ul>"#,
            self.t(Text::ResultsHeading),
            self.t(Text::Incomplete)
        )?;
        for (path, message) in problem_messages(problems, lang) {
            write!(self.out, "<li>{}{}{}</li>", Escaped(&field_label(path, lang)), lang.colon(), Escaped(&message))?;
        }
        self.out.push_str("</ul>");
        Ok(())
    }
}
