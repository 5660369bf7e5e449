//! `Case` → `Facts`, collecting every input error with its path and code (case-format.md, value domains).

use chrono::NaiveDate;

use super::case::{BtmTest, BtmUnit, Case, CaseDate, Sex, CASE_FORMATS, PRE_V3_FORMATS};
use super::errors::{ErrorCode, InputError};
use super::facts::{BtmFact, DenosumabFacts, DxaFact, Facts, FractureFact, Period, PreviousDxaFact};
use super::kidney;
use super::units::{Lab, LabUnit};

pub fn validate(case: &Case) -> Result<Facts, Vec<InputError>> {
    let mut v = Checker::default();

    match case.format.as_deref() {
        None => v.error("format", ErrorCode::Missing, "format is required (\"osteoplan-case/3\")"),
        Some(format) if CASE_FORMATS.contains(&format) => {}
        Some(other) => v.error(
            "format",
            ErrorCode::UnknownValue,
            format!("unknown format \"{other}\"; expected \"osteoplan-case/3\", \"/2\" or \"/1\""),
        ),
    }
    if case.format.as_deref().is_some_and(|f| PRE_V3_FORMATS.contains(&f)) {
        v3_fields_in_older_format(case, &mut v);
    }
    let assessed_on = match &case.assessed_on {
        None => {
            v.error("assessed_on", ErrorCode::Missing, "assessed_on (the assessment date) is required");
            None
        }
        Some(date) => v.date("assessed_on", date),
    };

    let p = &case.patient;
    if let Some(name) = &p.name {
        if name.chars().count() > 200 {
            v.error("patient.name", ErrorCode::OutOfRange, "name must be at most 200 characters");
        }
    }
    if let Some(id) = &p.id {
        if id.chars().count() > 64 {
            v.error("patient.id", ErrorCode::OutOfRange, "patient ID must be at most 64 characters");
        }
    }
    if p.sex.is_none() {
        v.error("patient.sex", ErrorCode::Missing, "sex is required");
    }
    match p.age_years {
        None => v.error("patient.age_years", ErrorCode::Missing, "age is required"),
        Some(age) if !(18..=120).contains(&age) => {
            v.error("patient.age_years", ErrorCode::OutOfRange, "age must be a whole number of years from 18 to 120")
        }
        Some(_) => {}
    }
    match (p.sex, p.menopause) {
        (Some(Sex::Female), None) => {
            v.error("patient.menopause", ErrorCode::Missing, "menopause status is required for women")
        }
        (Some(Sex::Male), Some(_)) => {
            v.error("patient.menopause", ErrorCode::Inconsistent, "menopause status must be absent for men")
        }
        _ => {}
    }
    v.range("patient.weight_kg", p.weight_kg, 20.0, 300.0, "weight (kg)");
    v.range("patient.height_cm", p.height_cm, 100.0, 250.0, "height (cm)");

    let mut dxa = Vec::new();
    let dxa_entries = v.at_most("dxa", case.dxa.len(), MAX_ENTRIES);
    for (i, entry) in case.dxa.iter().take(dxa_entries).enumerate() {
        let at = |field: &str| format!("dxa[{i}].{field}");
        v.range(&at("t_score"), entry.t_score, -8.0, 6.0, "T-score");
        v.range(&at("z_score"), entry.z_score, -8.0, 6.0, "Z-score");
        v.range(&at("bmd_g_cm2"), entry.bmd_g_cm2, 0.1, 2.5, "BMD (g/cm²)");
        if let Some(reference) = &entry.reference {
            match reference.mean {
                None => v.error(at("reference.mean"), ErrorCode::Missing, "reference mean is required"),
                mean => v.range(&at("reference.mean"), mean, 0.1, 2.5, "reference mean (g/cm²)"),
            }
            match reference.sd {
                None => v.error(at("reference.sd"), ErrorCode::Missing, "reference SD is required"),
                sd => v.range(&at("reference.sd"), sd, 0.01, 0.5, "reference SD (g/cm²)"),
            }
        }
        match entry.site {
            None => v.error(at("site"), ErrorCode::Missing, "DXA site is required"),
            Some(site) if dxa.iter().any(|d: &DxaFact| d.site == site) => {
                v.error(at("site"), ErrorCode::Duplicate, "each DXA site may appear only once")
            }
            Some(site) => dxa.push(DxaFact {
                index: i,
                site,
                t_score: entry.t_score,
                z_score: entry.z_score,
                bmd_g_cm2: entry.bmd_g_cm2,
                reference: entry.reference,
            }),
        }
    }

    v.range("pre_treatment_t_score", case.pre_treatment_t_score, -8.0, 6.0, "pre-treatment T-score");

    let mut fractures = Vec::new();
    let fracture_entries = v.at_most("fractures", case.fractures.len(), MAX_ENTRIES);
    for (i, fracture) in case.fractures.iter().take(fracture_entries).enumerate() {
        let date = fracture.date.as_ref().and_then(|d| v.date(&format!("fractures[{i}].date"), d));
        v.not_after(&format!("fractures[{i}].date"), date, assessed_on, "a fracture date");
        let surgery_path = format!("fractures[{i}].surgery_date");
        let surgery_date = fracture.surgery_date.as_ref().and_then(|d| v.date(&surgery_path, d));
        v.not_after(&surgery_path, surgery_date, assessed_on, "a surgery date");
        if let (Some(repair), Some(broken)) = (surgery_date, date) {
            if repair < broken {
                v.error(surgery_path, ErrorCode::Inconsistent, "the surgery date is before the fracture date");
            }
        }
        match fracture.site {
            None => v.error(format!("fractures[{i}].site"), ErrorCode::Missing, "fracture site is required"),
            Some(site) => fractures.push(FractureFact {
                site,
                date,
                fragility: fracture.fragility.unwrap_or(true),
                on_treatment: fracture.on_treatment,
                nonunion: fracture.nonunion,
                surgery_date,
            }),
        }
    }

    let frax = case.frax.unwrap_or_default();
    v.range("frax.mof_percent", frax.mof_percent, 0.0, 100.0, "FRAX major osteoporotic fracture probability (%)");
    v.range("frax.hip_percent", frax.hip_percent, 0.0, 100.0, "FRAX hip fracture probability (%)");
    if let Some(falls) = case.falls_last_12_months {
        if !(0..=100).contains(&falls) {
            v.error(
                "falls_last_12_months",
                ErrorCode::OutOfRange,
                "falls in the last 12 months must be a whole number from 0 to 100",
            );
        }
    }
    let gc = case.glucocorticoids.unwrap_or_default();
    v.range(
        "glucocorticoids.mg_per_day",
        gc.mg_per_day,
        0.0,
        200.0,
        "glucocorticoid dose (mg/day prednisone-equivalent)",
    );
    v.range("glucocorticoids.months", gc.months, 0.0, 600.0, "glucocorticoid duration (months)");
    v.range("glucocorticoids.planned_months", gc.planned_months, 0.0, 600.0, "planned glucocorticoid course (months)");
    if let (Some(planned), Some(taken)) = (gc.planned_months, gc.months) {
        if planned < taken {
            v.error(
                "glucocorticoids.planned_months",
                ErrorCode::OutOfRange,
                "the planned course (months) includes the months taken: it cannot be less than them",
            );
        }
    }

    let mut secondary_causes = Vec::new();
    let cause_entries = v.at_most("secondary_causes", case.secondary_causes.len(), MAX_ENTRIES);
    for (i, cause) in case.secondary_causes.iter().take(cause_entries).enumerate() {
        if secondary_causes.contains(cause) {
            v.error(
                format!("secondary_causes[{i}]"),
                ErrorCode::Duplicate,
                "each secondary cause may appear only once",
            );
        } else {
            secondary_causes.push(*cause);
        }
    }

    let labs = &case.labs;
    v.range("labs.egfr_ml_min", labs.egfr_ml_min, 1.0, 200.0, "eGFR (mL/min)");
    let lab = |lab: Lab, values: [Option<f64>; 2]| {
        let [a, b] = lab.units();
        (Unit::of(a, values[0]), Unit::of(b, values[1]))
    };
    let (a, b) = lab(Lab::Creatinine, [labs.creatinine_umol_l, labs.creatinine_mg_dl]);
    let creatinine_mg_dl = v.one_unit(a, b);
    let (a, b) = lab(Lab::Calcium, [labs.calcium_mmol_l, labs.calcium_mg_dl]);
    let calcium_mmol_l = v.one_unit(a, b);
    let (a, b) = lab(Lab::VitaminD, [labs.vitamin_d_nmol_l, labs.vitamin_d_ng_ml]);
    let vitamin_d_nmol_l = v.one_unit(a, b);
    v.range("labs.albumin_g_l", labs.albumin_g_l, 10.0, 60.0, "albumin (g/L)");
    let creatinine_given = labs.creatinine_umol_l.is_some() || labs.creatinine_mg_dl.is_some();

    let mut history = Vec::new();
    let history_entries = v.at_most("history", case.history.len(), MAX_ENTRIES);
    for (i, period) in case.history.iter().take(history_entries).enumerate() {
        let at = |field: &str| format!("history[{i}].{field}");
        let start = v.required_date(&at("start"), period.start.as_ref(), "start date is required");
        let end = period.end.as_ref().and_then(|d| v.date(&at("end"), d));
        v.not_after(&at("start"), start, assessed_on, "a start date");
        v.not_after(&at("end"), end, assessed_on, "an end date");
        if let (Some(s), Some(e)) = (start, end) {
            if s > e {
                v.error(at("end"), ErrorCode::Inconsistent, "end date is before the start date");
            }
        }
        match (period.drug, start) {
            (None, _) => v.error(at("drug"), ErrorCode::Missing, "drug is required"),
            (Some(drug), Some(start)) => history.push(Period { drug, start, end }),
            _ => {}
        }
    }

    let denosumab = case.denosumab.as_ref().map(|block| {
        let mut injections: Vec<NaiveDate> = Vec::new();
        let count = v.at_most("denosumab.injections", block.injections.len(), MAX_INJECTIONS);
        for (i, text) in block.injections.iter().take(count).enumerate() {
            let path = format!("denosumab.injections[{i}]");
            let Some(date) = v.date(&path, text) else { continue };
            v.not_after(&path, Some(date), assessed_on, "an injection date");
            if injections.contains(&date) {
                v.error(path, ErrorCode::Duplicate, "the same injection date is entered twice");
            } else {
                injections.push(date);
            }
        }
        crate::clinical::sorting::sort(&mut injections);
        DenosumabFacts { regimen: block.regimen, injections, plan: block.plan }
    });

    let followup = follow_up_data(case, assessed_on, &mut v);

    let path = match (p.sex, p.age_years) {
        (Some(sex), Some(age)) => Some(super::diagnosis::path_for(sex, age, p.menopause)),
        _ => None,
    };
    let clinical_fracture = fractures.iter().any(|f| f.fragility && f.site.is_hip_or_vertebral());
    if dxa_entries == case.dxa.len() {
        super::diagnosis::check_scores(path, &dxa, clinical_fracture, &mut v.errors);
    }

    let (Some(assessed_on), Some(sex), Some(age_years)) = (assessed_on, p.sex, p.age_years) else {
        return Err(v.errors);
    };
    let crcl_ml_min = match (p.weight_kg, creatinine_mg_dl) {
        (Some(weight), Some(creatinine)) => Some(kidney::cockcroft_gault(age_years, weight, sex, creatinine)),
        _ => None,
    };
    let kidney = kidney::kidney_function(crcl_ml_min, labs.egfr_ml_min, case.conditions.dialysis);
    // BASE-CA-ADJ: total calcium + 0.02 × (40 − albumin g/L), when both are known.
    let adjusted_calcium = match (calcium_mmol_l, labs.albumin_g_l) {
        (Some(ca), Some(albumin)) => Some(ca + 0.02 * (40.0 - albumin)),
        (ca, _) => ca,
    };
    let mut conditions = case.conditions;
    conditions.mi_or_stroke_ever |= conditions.mi_or_stroke_last_12_months;
    let facts = Facts {
        assessed_on,
        profile: case.profile,
        sex,
        age_years,
        menopause: p.menopause,
        weight_kg: p.weight_kg,
        dxa,
        dxa_date: followup.dxa_date.unwrap_or(assessed_on),
        dxa_machine: case.dxa_machine.clone(),
        dxa_previous: followup.dxa_previous,
        lsc_percent: case.lsc_percent.unwrap_or_default(),
        btm: followup.btm,
        btm_reference: case.btm_reference.unwrap_or_default(),
        pre_treatment_t_score: case.pre_treatment_t_score,
        fractures,
        frax_mof_percent: frax.mof_percent,
        frax_hip_percent: frax.hip_percent,
        falls_last_12_months: case.falls_last_12_months.unwrap_or(0),
        injurious_fall: case.injurious_fall,
        glucocorticoid_mg_per_day: gc.mg_per_day.unwrap_or(0.0),
        glucocorticoid_months: gc.months.unwrap_or(0.0),
        glucocorticoid_planned_months: gc.planned_months,
        secondary_causes,
        crcl_ml_min,
        egfr_ml_min: labs.egfr_ml_min,
        creatinine_given,
        kidney_ml_min: kidney.map(|(k, _)| k),
        kidney_from: kidney.map(|(_, from)| from),
        total_calcium_mmol_l: calcium_mmol_l,
        albumin_g_l: labs.albumin_g_l,
        calcium_mmol_l: adjusted_calcium,
        vitamin_d_nmol_l,
        conditions,
        history,
        denosumab,
    };
    if v.errors.is_empty() {
        Ok(facts)
    } else {
        Err(v.errors)
    }
}

/// A v3 field in a case that says `/1` or `/2` is an `unknown_field` (the version says what the file may hold);
/// a v3 secondary cause is an `unknown_value` (reading 50).
fn v3_fields_in_older_format(case: &Case, v: &mut Checker) {
    let present = [
        ("dxa_date", case.dxa_date.is_some()),
        ("dxa_machine", case.dxa_machine.is_some()),
        ("dxa_previous", !case.dxa_previous.is_empty()),
        ("lsc_percent", case.lsc_percent.is_some()),
        ("btm", !case.btm.is_empty()),
        ("btm_reference", case.btm_reference.is_some()),
        ("glucocorticoids.planned_months", case.glucocorticoids.is_some_and(|g| g.planned_months.is_some())),
    ];
    for (path, _) in present.into_iter().filter(|(_, here)| *here) {
        v.error(path, ErrorCode::UnknownField, format!("unknown field `{path}` in a case before osteoplan-case/3"));
    }
    for (i, _) in case.fractures.iter().enumerate().filter(|(_, f)| f.surgery_date.is_some()) {
        let path = format!("fractures[{i}].surgery_date");
        v.error(path, ErrorCode::UnknownField, "unknown field `surgery_date` in a case before osteoplan-case/3");
    }
    for (i, cause) in case.secondary_causes.iter().enumerate().filter(|(_, c)| c.is_v3()) {
        let message = format!("secondary cause {cause:?} needs a case of format osteoplan-case/3");
        v.error(format!("secondary_causes[{i}]"), ErrorCode::UnknownValue, message);
    }
}

/// The follow-up data of a v3 case, validated.
struct FollowUp {
    dxa_date: Option<NaiveDate>,
    dxa_previous: Vec<PreviousDxaFact>,
    btm: Vec<BtmFact>,
}

/// The longest text of a DXA machine's name.
const MAX_MACHINE_CHARS: usize = 64;

fn follow_up_data(case: &Case, assessed_on: Option<NaiveDate>, v: &mut Checker) -> FollowUp {
    let dxa_date = case.dxa_date.as_ref().and_then(|d| v.date("dxa_date", d));
    v.not_after("dxa_date", dxa_date, assessed_on, "the DXA date");
    let today_study = dxa_date.or(assessed_on);
    let machine_ok = |v: &mut Checker, path: &str, machine: &Option<String>| {
        if machine.as_ref().is_some_and(|m| m.chars().count() > MAX_MACHINE_CHARS) {
            v.error(path, ErrorCode::OutOfRange, format!("the machine must be at most {MAX_MACHINE_CHARS} characters"));
        }
    };
    machine_ok(v, "dxa_machine", &case.dxa_machine);

    let mut dxa_previous: Vec<PreviousDxaFact> = Vec::new();
    let count = v.at_most("dxa_previous", case.dxa_previous.len(), MAX_ENTRIES);
    for (i, study) in case.dxa_previous.iter().take(count).enumerate() {
        let at = |field: &str| format!("dxa_previous[{i}].{field}");
        let date = v.required_date(&at("date"), study.date.as_ref(), "the date of an earlier DXA study is required");
        if let (Some(date), Some(today)) = (date, today_study) {
            if date >= today {
                v.error(at("date"), ErrorCode::Inconsistent, "an earlier DXA study must be dated before today's study");
            }
        }
        v.range(&at("bmd_g_cm2"), study.bmd_g_cm2, 0.1, 2.5, "BMD (g/cm²)");
        v.range(&at("t_score"), study.t_score, -8.0, 6.0, "T-score");
        machine_ok(v, &at("machine"), &study.machine);
        if study.bmd_g_cm2.is_none() && study.t_score.is_none() {
            v.error(at("bmd_g_cm2"), ErrorCode::Missing, "an earlier DXA study needs a BMD (g/cm²) or a T-score");
        }
        match (study.site, date) {
            (None, _) => v.error(at("site"), ErrorCode::Missing, "DXA site is required"),
            (Some(site), Some(date)) if dxa_previous.iter().any(|p| p.site == site && p.date == date) => {
                v.error(at("site"), ErrorCode::Duplicate, "each site may appear only once per study date")
            }
            (Some(site), Some(date)) => dxa_previous.push(PreviousDxaFact {
                date,
                site,
                bmd_g_cm2: study.bmd_g_cm2,
                t_score: study.t_score,
                machine: study.machine.clone(),
            }),
            _ => {}
        }
    }
    crate::clinical::sorting::sort_by_key(&mut dxa_previous, |p| p.date);

    if let Some(lsc) = &case.lsc_percent {
        for (site, value) in super::case::Site::ALL.iter().map(|&s| (s, lsc.of(s))) {
            let path = format!("lsc_percent.{}", site.key());
            v.range(&path, value, 0.5, 15.0, "least significant change (%)");
        }
    }
    if let Some(reference) = &case.btm_reference {
        v.range("btm_reference.ctx_ng_ml", reference.ctx_ng_ml, 0.05, 2.0, "CTX reference (ng/mL)");
        v.range("btm_reference.p1np_ng_ml", reference.p1np_ng_ml, 5.0, 200.0, "P1NP reference (ng/mL)");
    }

    let mut btm = Vec::new();
    let count = v.at_most("btm", case.btm.len(), MAX_ENTRIES);
    for (i, result) in case.btm.iter().take(count).enumerate() {
        let at = |field: &str| format!("btm[{i}].{field}");
        if result.test.is_none() {
            v.error(at("test"), ErrorCode::Missing, "the marker (ctx or p1np) is required");
        }
        let date = v.required_date(&at("date"), result.date.as_ref(), "the date of the marker result is required");
        v.not_after(&at("date"), date, assessed_on, "a marker date");
        match result.value {
            None => v.error(at("value"), ErrorCode::Missing, "the marker value is required"),
            Some(x) if !(x > 0.0) => v.error(at("value"), ErrorCode::OutOfRange, "the marker value must be above 0"),
            _ => {}
        }
        let unit = match (result.test, result.unit) {
            (_, None) => {
                v.error(at("unit"), ErrorCode::Missing, "the unit of the marker result is required");
                None
            }
            (Some(BtmTest::P1np), Some(BtmUnit::PgMl | BtmUnit::NgL)) => {
                v.error(at("unit"), ErrorCode::UnknownValue, "P1NP is reported in ng/mL or µg/L");
                None
            }
            (_, unit) => unit,
        };
        if let (Some(test), Some(date), Some(value), Some(unit)) = (result.test, date, result.value, unit) {
            let value_ng_ml = value * unit.to_ng_ml();
            let (max, what) = match test {
                BtmTest::Ctx => (10.0, "CTX must be at most 10 ng/mL"),
                BtmTest::P1np => (2000.0, "P1NP must be at most 2000 ng/mL"),
            };
            if value_ng_ml > max {
                v.error(at("value"), ErrorCode::OutOfRange, what);
            } else if value > 0.0 {
                btm.push(BtmFact { test, date, value_ng_ml });
            }
        }
    }
    crate::clinical::sorting::sort_by_key(&mut btm, |b| b.date);
    FollowUp { dxa_date, dxa_previous, btm }
}

/// The longest lists a case may hold: far above any patient's record (200 injections are 100 years of denosumab),
/// and low enough that a pasted or generated document cannot stall the page.
pub const MAX_ENTRIES: usize = 100;
pub const MAX_INJECTIONS: usize = 200;

/// The lists of `case` longer than their limit, each as the `out_of_range` error `validate` reports for it. A share
/// link refuses such a case outright (as import does), so that the form never fills with thousands of rows.
pub fn lists_over_limits(case: &Case) -> Vec<InputError> {
    let injections = case.denosumab.as_ref().map_or(0, |d| d.injections.len());
    [
        ("dxa", case.dxa.len(), MAX_ENTRIES),
        ("fractures", case.fractures.len(), MAX_ENTRIES),
        ("history", case.history.len(), MAX_ENTRIES),
        ("secondary_causes", case.secondary_causes.len(), MAX_ENTRIES),
        ("dxa_previous", case.dxa_previous.len(), MAX_ENTRIES),
        ("btm", case.btm.len(), MAX_ENTRIES),
        ("denosumab.injections", injections, MAX_INJECTIONS),
    ]
    .into_iter()
    .filter(|&(_, len, max)| len > max)
    .map(|(path, len, max)| too_many(path, len, max))
    .collect()
}

fn too_many(path: &str, len: usize, max: usize) -> InputError {
    InputError::new(path, ErrorCode::OutOfRange, format!("at most {max} entries are allowed here ({len} given)"))
}

/// Collects errors while checking.
#[derive(Default)]
struct Checker {
    errors: Vec<InputError>,
}

impl Checker {
    fn error(&mut self, path: impl Into<String>, code: ErrorCode, message: impl Into<String>) {
        self.errors.push(InputError::new(path, code, message));
    }

    /// How many entries of a list to check: all of them, or none when the list is longer than `max` (one error
    /// on the list's path; its entries are not read one by one).
    fn at_most(&mut self, path: &str, len: usize, max: usize) -> usize {
        if len > max {
            self.errors.push(too_many(path, len, max));
            0
        } else {
            len
        }
    }

    /// An optional number that, when present, must lie in [lo, hi] (NaN never does).
    fn range(&mut self, path: &str, value: Option<f64>, lo: f64, hi: f64, what: &str) {
        if let Some(x) = value {
            if !(lo..=hi).contains(&x) {
                self.error(
                    path,
                    ErrorCode::OutOfRange,
                    format!("{what} must be between {} and {}", bound(lo), bound(hi)),
                );
            }
        }
    }

    fn date(&mut self, path: &str, date: &CaseDate) -> Option<NaiveDate> {
        let parsed = date.parse();
        if parsed.is_none() {
            let message = format!("\"{}\" is not a valid date (YYYY-MM-DD, years 1900-2100)", date.0);
            self.error(path, ErrorCode::InvalidDate, message);
        }
        parsed
    }

    /// A date that must be given: `missing` with `message` when absent, else parsed as `date` does.
    fn required_date(&mut self, path: &str, date: Option<&CaseDate>, message: &str) -> Option<NaiveDate> {
        match date {
            None => {
                self.error(path, ErrorCode::Missing, message);
                None
            }
            Some(d) => self.date(path, d),
        }
    }

    fn not_after(&mut self, path: &str, date: Option<NaiveDate>, assessed_on: Option<NaiveDate>, what: &str) {
        if let (Some(date), Some(today)) = (date, assessed_on) {
            if date > today {
                self.error(path, ErrorCode::Inconsistent, format!("{what} cannot be after the assessment date"));
            }
        }
    }

    /// A quantity that may be given in either of two units, not both; returns it in the rules' unit.
    fn one_unit(&mut self, a: Unit, b: Unit) -> Option<f64> {
        self.range(a.path, a.value, a.lo, a.hi, a.what);
        self.range(b.path, b.value, b.lo, b.hi, b.what);
        match (a.value, b.value) {
            (Some(_), Some(_)) => {
                self.error(b.path, ErrorCode::Inconsistent, format!("give {} or {}, not both", a.what, b.what));
                None
            }
            (Some(x), None) => Some(x * a.factor),
            (None, Some(x)) => Some(x * b.factor),
            (None, None) => None,
        }
    }
}

/// One unit of a lab value: its field, domain, and the factor to the unit the rules use.
struct Unit<'a> {
    path: &'a str,
    value: Option<f64>,
    lo: f64,
    hi: f64,
    what: &'a str,
    factor: f64,
}

impl Unit<'static> {
    fn of(unit: LabUnit, value: Option<f64>) -> Self {
        Unit { path: unit.path, value, lo: unit.lo, hi: unit.hi, what: unit.what, factor: unit.to_rule_unit }
    }
}

/// A limit as the messages write it ("-8.0", "0.05", "2000.0": at least one decimal, at most three), by integer
/// arithmetic: formatting a float would link core's float formatter into the page only for these messages.
fn bound(x: f64) -> String {
    let thousandths = (x * 1000.0).round() as i64;
    let sign = if thousandths < 0 { "-" } else { "" };
    let (whole, fraction) = (thousandths.unsigned_abs() / 1000, thousandths.unsigned_abs() % 1000);
    let fraction = format!("{fraction:03}");
    let fraction = fraction.trim_end_matches('0');
    format!("{sign}{whole}.{}", if fraction.is_empty() { "0" } else { fraction })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_written_as_the_format_shows_them() {
        for x in [-8.0, 6.0, 0.5, 0.05, 15.0, 2000.0, 0.01, 100.0, 1.0, 0.1, 2.5, 600.0] {
            assert_eq!(bound(x), format!("{x:?}"));
        }
    }
}
