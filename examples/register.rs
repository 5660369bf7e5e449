//! Writes the generated 500-patient register of tests/clinic_list.rs for the browser test
//! (tests/e2e/clinic-list.test.mjs):
//!
//!     cargo run --quiet --example register -- DIR
//!
//! DIR gets `register.csv`, `register.jsonl` (the same patients) and `expected.json`: the list's date, the count
//! per status (the keys of `Bucket::key`) and the IDs of the first 20 rows; and (issue 26) `register-mixed.csv`,
//! 300 of the patients as clinics keep them, saved as GB18030 with CRLF, with its bad cells in `expected.json`.
//! Exits 1 without a directory or when a file cannot be written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "../tests/common/register.rs"]
mod register;

use register::{csv_file, expected_counts, expected_first, jsonl_file, mixed_register, register, today};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: register DIR");
        return ExitCode::from(1);
    };
    match write_files(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("register: {}: {e}", dir.display());
            ExitCode::from(1)
        }
    }
}

fn write_files(dir: &Path) -> std::io::Result<()> {
    let patients = register();
    let counts: serde_json::Map<String, serde_json::Value> =
        expected_counts(&patients).into_iter().map(|(bucket, n)| (bucket.key().to_string(), n.into())).collect();
    let mixed = mixed_register();
    let with_injections: Vec<&str> =
        mixed.patients.iter().filter(|p| !p.injections.is_empty()).map(|p| p.id.as_str()).collect();
    let expected = serde_json::json!({
        "today": today().to_string(),
        "counts": counts,
        "first": expected_first(&patients, 20),
        "mixed": {
            "bad_cells": mixed.bad_cells,
            "schedule_only": mixed.schedule_only,
            "with_injections": with_injections,
        },
    });
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("register.csv"), csv_file(&patients))?;
    std::fs::write(dir.join("register.jsonl"), jsonl_file(&patients))?;
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&mixed.text);
    std::fs::write(dir.join("register-mixed.csv"), gb18030)?;
    std::fs::write(dir.join("expected.json"), format!("{expected:#}\n"))
}
