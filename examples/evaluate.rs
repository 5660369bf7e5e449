//! The native command line (case-format.md):
//!
//!     cargo run --quiet --release --example evaluate -- [--jsonl] [FILE]
//!
//! Reads FILE or stdin. One case: prints the report and exits 0, or prints the error document and exits 2.
//! `--jsonl`: one case per line in, one report or error document per line out, exit 0 unless I/O fails.
//! Exit 1 on an I/O failure or bad arguments. Never panics.

use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

use osteoplan::clinical::evaluate_json;

const USAGE: &str = "usage: evaluate [--jsonl] [FILE]   (reads stdin when FILE is absent)";

fn main() -> ExitCode {
    let mut jsonl = false;
    let mut file = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--jsonl" => jsonl = true,
            "-h" | "--help" => {
                eprintln!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with("--") => return usage_error(&format!("unknown option {flag}")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return usage_error("more than one FILE given"),
        }
    }
    let input: Box<dyn Read> = match &file {
        None => Box::new(io::stdin().lock()),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => return io_error(&format!("cannot open {path}: {e}")),
        },
    };
    let result = if jsonl { run_lines(input) } else { run_one(input) };
    result.unwrap_or_else(|e| io_error(&e.to_string()))
}

/// One document: exit 0 with a report, 2 with an error document.
fn run_one(mut input: impl Read) -> io::Result<ExitCode> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let (out, code) = match evaluate_json(&String::from_utf8_lossy(&bytes)) {
        Ok(report) => (report, ExitCode::SUCCESS),
        Err(errors) => (errors, ExitCode::from(2)),
    };
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{out}")?;
    stdout.flush()?;
    Ok(code)
}

/// JSON Lines: a line in, a line out; blank lines are skipped.
fn run_lines(input: impl Read) -> io::Result<ExitCode> {
    let mut reader = io::BufReader::with_capacity(1 << 16, input);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let doc = evaluate_json(&text).unwrap_or_else(|errors| errors);
        out.write_all(doc.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("evaluate: {message}\n{USAGE}");
    ExitCode::FAILURE
}

fn io_error(message: &str) -> ExitCode {
    eprintln!("evaluate: {message}");
    ExitCode::FAILURE
}
