//! A generated 500-patient register with known statuses on 2026-11-25, as CSV and JSON Lines, with the counts and
//! the first rows the list must give. Shared by tests/clinic_list.rs and examples/register.rs, which writes the files
//! for the browser test (`#[path]` modules: this file is no test of its own).
#![allow(dead_code)]

use chrono::{Days, Months, NaiveDate};
use osteoplan::clinic_list::{Bucket, COLUMNS};

/// The register's list date.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// A generated patient: its expected bucket and, for the late ones, its days late.
#[derive(Clone, Debug)]
pub struct Patient {
    pub id: String,
    pub kind: Bucket,
    /// Injections (none: no denosumab); the last one's next dose is `today + offset`.
    pub injections: Vec<NaiveDate>,
    pub stop: bool,
    pub egfr: u32,
    pub days_late: i64,
}

/// 500 patients in a fixed shuffled order: 6 exit-restart, 40 overdue, 50 late, 30 CKD danger, 24 exit due,
/// 100 due soon, 150 not due, 100 without denosumab.
pub fn register() -> Vec<Patient> {
    let plan: [(Bucket, usize); 8] = [
        (Bucket::ExitRestart, 6),
        (Bucket::Overdue, 40),
        (Bucket::Late, 50),
        (Bucket::Danger, 30),
        (Bucket::ExitDue, 24),
        (Bucket::DueSoon, 100),
        (Bucket::Rest, 150),
        (Bucket::Rest, 100), // no denosumab
    ];
    let mut specs = Vec::new();
    for (k, &(kind, n)) in plan.iter().enumerate() {
        for j in 0..n as i64 {
            // Days from today to the next dose (negative: past), distinct within a kind so the order is known.
            let offset = match (k, kind) {
                (_, Bucket::ExitRestart) => Some(-(40 + 37 * j)),
                (_, Bucket::Overdue) => Some(-(113 + 13 * j)),
                (_, Bucket::Late) => Some(-(29 + j)),
                (_, Bucket::Danger) => Some(-10 + j % 30),
                (_, Bucket::ExitDue) => Some(j % 20),
                (_, Bucket::DueSoon) => Some(1 + j % 27),
                (6, _) => Some(40 + j % 130),
                _ => None,
            };
            specs.push((kind, offset, kind == Bucket::ExitRestart || kind == Bucket::ExitDue));
        }
    }
    // A fixed shuffle (a linear congruential generator), so urgent patients are spread through the file.
    let mut seed: u64 = 16;
    for i in (1..specs.len()).rev() {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        specs.swap(i, (seed >> 33) as usize % (i + 1));
    }
    specs
        .into_iter()
        .enumerate()
        .map(|(i, (kind, offset, stop))| {
            let injections = offset.map_or_else(Vec::new, |days| {
                let next = if days >= 0 { today() + Days::new(days as u64) } else { today() - Days::new(-days as u64) };
                let last = next - Months::new(6);
                vec![last - Months::new(6), last]
            });
            let days_late = injections.last().map_or(0, |&last| (today() - (last + Months::new(6))).num_days().max(0));
            Patient {
                id: format!("P{:04}", i + 1),
                kind,
                injections,
                stop,
                egfr: if kind == Bucket::Danger { 25 } else { 60 },
                days_late,
            }
        })
        .collect()
}

pub fn csv_file(patients: &[Patient]) -> String {
    let mut out = COLUMNS.join(",") + "\n";
    for p in patients {
        let injections: Vec<String> = p.injections.iter().map(|d| d.to_string()).collect();
        let (plan, history) = match (p.injections.is_empty(), p.stop) {
            (true, _) => ("", "alendronate:2023-01-02:"),
            (false, true) => ("stop", ""),
            (false, false) => ("continue", ""),
        };
        out.push_str(&format!(
            "{},\"Patient, {}\",female,72,postmenopausal,,{},{plan},,{},,60,2.30,40,60,-2.9,total_hip,,{history}\n",
            p.id,
            &p.id[1..],
            injections.join(";"),
            p.egfr
        ));
    }
    out
}

pub fn jsonl_file(patients: &[Patient]) -> String {
    let mut out = String::new();
    for p in patients {
        let mut doc = serde_json::json!({
            "format": "osteoplan-case/2",
            "patient": {"id": p.id, "name": format!("Patient, {}", &p.id[1..]), "sex": "female", "age_years": 72,
                        "menopause": "postmenopausal", "weight_kg": 60},
            "dxa": [{"site": "total_hip", "t_score": -2.9}],
            "labs": {"egfr_ml_min": p.egfr, "calcium_mmol_l": 2.3, "albumin_g_l": 40, "vitamin_d_nmol_l": 60},
        });
        if p.injections.is_empty() {
            doc["history"] = serde_json::json!([{"drug": "alendronate", "start": "2023-01-02"}]);
        } else {
            let dates: Vec<String> = p.injections.iter().map(|d| d.to_string()).collect();
            doc["denosumab"] =
                serde_json::json!({"injections": dates, "plan": if p.stop { "stop" } else { "continue" }});
        }
        out.push_str(&doc.to_string());
        out.push('\n');
    }
    out
}

/// The expected order of the first rows: exit-restart then overdue, each by days late (most first), ties in file order.
pub fn expected_first(patients: &[Patient], n: usize) -> Vec<String> {
    let mut urgent: Vec<&Patient> =
        patients.iter().filter(|p| matches!(p.kind, Bucket::ExitRestart | Bucket::Overdue)).collect();
    urgent.sort_by_key(|p| (p.kind, -p.days_late));
    urgent.iter().take(n).map(|p| p.id.clone()).collect()
}

pub fn expected_counts(patients: &[Patient]) -> Vec<(Bucket, usize)> {
    Bucket::ALL.into_iter().map(|b| (b, patients.iter().filter(|p| p.kind == b).count())).collect()
}

/// Issue 26: a register as clinics really keep it, for 300 of the patients — Chinese names; a third of the
/// patients with injection dates kept as a nurse keeps them (ID, name, sex, date of birth, injections, plan: a
/// schedule-only row); a tenth of all rows with one bad cell; injection dates in four formats; CRLF line ends. The
/// text (to be saved as GB18030, as Chinese Excel does) and every bad cell as (spreadsheet row, column).
pub struct Mixed {
    pub text: String,
    pub bad_cells: Vec<(usize, &'static str)>,
    /// The IDs of the schedule-only rows.
    pub schedule_only: Vec<String>,
    pub patients: Vec<Patient>,
}

pub fn mixed_register() -> Mixed {
    let patients: Vec<Patient> = register().into_iter().take(300).collect();
    let mut text = format!("{},date_of_birth\r\n", COLUMNS.join(","));
    let (mut bad_cells, mut schedule_only) = (Vec::new(), Vec::new());
    let mut with_injections = 0;
    for (i, p) in patients.iter().enumerate() {
        let row = i + 2;
        let injections: Vec<String> = p
            .injections
            .iter()
            .map(|d| {
                use chrono::Datelike;
                let (y, m, day) = (d.year(), d.month(), d.day());
                match i % 4 {
                    0 => d.to_string(),
                    1 => format!("{y}/{m}/{day}"),
                    2 => format!("{y}{m:02}{day:02}"),
                    _ => format!("{y}年{m}月{day}日"),
                }
            })
            .collect();
        let (plan, history) = match (p.injections.is_empty(), p.stop) {
            (true, _) => ("", "alendronate:2023-01-02:"),
            (false, true) => ("stop", ""),
            (false, false) => ("continue", ""),
        };
        let name = format!("王丽{}", &p.id[1..]);
        let schedule = !p.injections.is_empty() && {
            with_injections += 1;
            with_injections % 5 < 2
        };
        let bad = i % 10 == 7;
        let line = if schedule {
            schedule_only.push(p.id.clone());
            // Born 1954-03-02: 72 on the list's date, as the full rows say.
            let birth = if bad { "02/03/1954" } else { "1954/3/2" };
            if bad {
                bad_cells.push((row, "date_of_birth"));
            }
            let mut cells = vec![""; COLUMNS.len() + 1];
            let set = |cells: &mut Vec<&str>, column: &str, value: &'static str| {
                let at = COLUMNS.iter().position(|c| *c == column).unwrap_or(COLUMNS.len());
                cells[at] = value;
            };
            let (id, name, injections) = (leak(p.id.clone()), leak(name), leak(injections.join(";")));
            set(&mut cells, "id", id);
            set(&mut cells, "name", name);
            set(&mut cells, "sex", "女");
            set(&mut cells, "injections", injections);
            set(&mut cells, "plan", plan);
            set(&mut cells, "date_of_birth", birth);
            cells.join(",")
        } else {
            let vitamin_d = if bad { "n/a" } else { "60" };
            if bad {
                bad_cells.push((row, "vitamin_d_nmol_l"));
            }
            format!(
                "{},{name},female,72,postmenopausal,,{},{plan},,{},,60,\"2,30\",40,{vitamin_d},−2.9,total_hip,,{history},",
                p.id,
                injections.join(";"),
                p.egfr
            )
        };
        text.push_str(&line);
        text.push_str("\r\n");
    }
    Mixed { text, bad_cells, schedule_only, patients }
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}
