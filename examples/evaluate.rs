//! The native command line (case-format.md):
//!
//!     cargo run --quiet --release --example evaluate -- [--jsonl | --text en|zh] [FILE]
//!     cargo run --quiet --release --example evaluate -- --list [--csv] [--today YYYY-MM-DD] [--weeks N] FILE
//!
//! Reads FILE or stdin. One case: prints the report and exits 0, or prints the error document and exits 2.
//! `--jsonl`: one case per line in, one report or error document per line out, exit 0 unless I/O fails.
//! `--text en|zh`: one case in, the assessment and plan as text out (what the page's "Copy as text" gives), in that
//! language; an incomplete case prints what is missing and exits 2.
//! `--list`: a clinic's patients (JSON Lines or CSV) as one list, most urgent first, as a text table or (`--csv`)
//! CSV; rows that cannot be listed go to stderr with their row and field (the first 1 000, then a count); exit 0
//! when the list is printed, 1 when the file is not a register or no row of it could be read.
//! The register may be UTF-8, UTF-16 with its byte-order mark, GB18030 or (with a warning) Windows-1252.
//! Text for a terminal (`--text`, the `--list` table, stderr) shows control characters escaped (`\u{1b}`); JSON and
//! CSV keep them. FILE must be a regular file. Exit 1 on an I/O failure or bad arguments. Never panics.

use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

use chrono::NaiveDate;
use osteoplan::clinic_list::{
    csv_table, decode, escape_controls, replaced, text_table, ClinicList, Encoding, ListOptions, DEFAULT_WEEKS,
    MAX_LIST_BYTES, MAX_WEEKS,
};
use osteoplan::clinical::case::CaseDate;
use osteoplan::clinical::parse::{parse_case, MAX_CASE_BYTES};
use osteoplan::clinical::{evaluate, evaluate_json};
use osteoplan::document::document;
use osteoplan::input::problems::Problems;
use osteoplan::render::text::plain_text;
use osteoplan::words::lang::Lang;
use osteoplan::Case;

const USAGE: &str = "usage: evaluate [--jsonl | --text en|zh] [FILE]   (reads stdin when FILE is absent)\n       evaluate --list [--csv] [--today YYYY-MM-DD] [--weeks N] [FILE]";

fn main() -> ExitCode {
    let mut jsonl = false;
    let mut text: Option<Lang> = None;
    let mut file = None;
    let mut list = false;
    let mut csv = false;
    let mut today: Option<NaiveDate> = None;
    let mut weeks = DEFAULT_WEEKS;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jsonl" => jsonl = true,
            "--list" => list = true,
            "--csv" => csv = true,
            "--today" => match args.next().map(|d| CaseDate(d).parse()) {
                Some(Some(date)) => today = Some(date),
                _ => return usage_error("--today needs a date YYYY-MM-DD"),
            },
            "--weeks" => match args.next().and_then(|n| n.parse::<u32>().ok()).filter(|&n| n <= MAX_WEEKS) {
                Some(n) => weeks = n,
                None => return usage_error("--weeks needs a whole number of weeks (0 to 520)"),
            },
            "--text" => {
                text = match args.next().as_deref() {
                    Some("en") => Some(Lang::En),
                    Some("zh") => Some(Lang::Zh),
                    _ => return usage_error("--text needs a language: en or zh"),
                }
            }
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
        Some(path) => match open_file(path) {
            Ok(f) => Box::new(f),
            Err(message) => return io_error(&message),
        },
    };
    if list {
        if jsonl || text.is_some() {
            return usage_error("--list cannot be combined with --jsonl or --text");
        }
        let options = ListOptions { today: today.unwrap_or_else(clock_today), weeks };
        let name = file.as_deref().unwrap_or("stdin");
        return run_list(input, name, options, csv).unwrap_or_else(|e| io_error(&e.to_string()));
    }
    if csv || today.is_some() || weeks != DEFAULT_WEEKS {
        return usage_error("--csv, --today and --weeks go with --list");
    }
    if jsonl && text.is_some() {
        return usage_error("--jsonl and --text cannot be combined");
    }
    let result = match (jsonl, text) {
        (true, _) => run_lines(input),
        (false, Some(lang)) => run_text(input, lang),
        (false, None) => run_one(input),
    };
    result.unwrap_or_else(|e| io_error(&e.to_string()))
}

/// One document: exit 0 with a report, 2 with an error document.
fn run_one(input: impl Read) -> io::Result<ExitCode> {
    // Never more than one byte past the limit is read: the engine refuses a larger case with an error document.
    let mut bytes = Vec::new();
    input.take(MAX_CASE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    let (out, code) = match evaluate_json(&String::from_utf8_lossy(&bytes)) {
        Ok(report) => (report, ExitCode::SUCCESS),
        Err(errors) => (errors, ExitCode::from(2)),
    };
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{out}")?;
    stdout.flush()?;
    Ok(code)
}

/// One document as the text of its assessment and plan: exit 0, or 2 with what is missing or wrong.
fn run_text(input: impl Read, lang: Lang) -> io::Result<ExitCode> {
    let mut bytes = Vec::new();
    input.take(MAX_CASE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    let (case, result) = match parse_case(&String::from_utf8_lossy(&bytes)) {
        Ok(parsed) => {
            let result = match evaluate(&parsed.case) {
                Ok(report) if parsed.unknown_fields.is_empty() => Ok(report),
                Ok(_) => Err(parsed.unknown_fields),
                Err(mut errors) => {
                    errors.splice(0..0, parsed.unknown_fields);
                    Err(errors)
                }
            };
            (parsed.case, result)
        }
        Err(errors) => (Case::default(), Err(errors)),
    };
    let code = if result.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(2) };
    let result = result.map_err(|engine| Problems { typing: Vec::new(), engine });
    let mut stdout = io::stdout().lock();
    // A text for a terminal: a name's escape sequence or carriage return is shown escaped, not obeyed.
    let text = plain_text(&document(&case, &result, lang), lang);
    write!(stdout, "{}", escape_controls(&text, true))?;
    stdout.flush()?;
    Ok(code)
}

/// Lines evaluated together: enough to keep every core busy, few enough to keep memory small.
const BATCH_LINES: usize = 2048;

/// JSON Lines: a line in, a line out, in order; blank lines are skipped. Each batch of lines is shared out among
/// the machine's cores (the cases are independent), and the answers are written in input order.
fn run_lines(input: impl Read) -> io::Result<ExitCode> {
    let mut reader = io::BufReader::with_capacity(1 << 16, input);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let mut batch: Vec<String> = Vec::with_capacity(BATCH_LINES);
    let mut line = Vec::new();
    loop {
        line.clear();
        let end = read_line_bounded(&mut reader, &mut line)? == 0;
        if !end {
            let text = String::from_utf8_lossy(&line);
            if !text.trim().is_empty() {
                batch.push(text.into_owned());
            }
        }
        if batch.len() == BATCH_LINES || (end && !batch.is_empty()) {
            for doc in evaluate_batch(&batch, workers) {
                out.write_all(doc.as_bytes())?;
                out.write_all(b"\n")?;
            }
            batch.clear();
        }
        if end {
            break;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Reads one line, keeping at most one byte past the case limit (the engine then answers with its size error)
/// and skipping the rest of a longer line, so a huge or endless line never fills the memory. Returns the bytes
/// read, 0 at the end of the input.
fn read_line_bounded(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<usize> {
    let limit = MAX_CASE_BYTES as u64 + 1;
    let mut read = reader.by_ref().take(limit).read_until(b'\n', line)?;
    if line.len() as u64 >= limit && line.last() != Some(&b'\n') {
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let n = reader.by_ref().take(1 << 16).read_until(b'\n', &mut rest)?;
            read += n;
            if n == 0 || rest.last() == Some(&b'\n') {
                break;
            }
        }
    }
    Ok(read)
}

/// The report or error document of each line, in order.
fn evaluate_batch(lines: &[String], workers: usize) -> Vec<String> {
    let one = |text: &String| evaluate_json(text).unwrap_or_else(|errors| errors);
    if workers <= 1 || lines.len() < 2 * workers {
        return lines.iter().map(one).collect();
    }
    let chunk = lines.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            lines.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>())).collect();
        // A worker only panics if the engine does, which the command line promises never happens.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// A FILE to read: only a regular file, so that a directory is refused with its path and a FIFO or device (which
/// could block forever or never end) is not opened at all.
fn open_file(path: &str) -> Result<std::fs::File, String> {
    let shown = escape_controls(path, false);
    match std::fs::metadata(path) {
        Err(e) => Err(format!("cannot open {shown}: {e}")),
        Ok(meta) if meta.is_dir() => Err(format!("{shown} is a directory, not a file")),
        Ok(meta) if !meta.is_file() => Err(format!("{shown} is not a regular file (a pipe, socket or device)")),
        Ok(_) => std::fs::File::open(path).map_err(|e| format!("cannot open {shown}: {e}")),
    }
}

/// The clinic list: the whole file is read (5 000 patients are about 2 MB; at most `MAX_LIST_BYTES`), listed, printed.
/// Exit 1 when the file is not a register or no row of it could be read, so a nightly job can tell "nobody due"
/// from "wrong file".
fn run_list(input: impl Read, name: &str, options: ListOptions, csv: bool) -> io::Result<ExitCode> {
    let mut bytes = Vec::new();
    input.take(MAX_LIST_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_LIST_BYTES {
        let message = format!("the file is larger than {} MB, the most a clinic list may be", MAX_LIST_BYTES >> 20);
        return Err(io::Error::new(io::ErrorKind::InvalidData, message));
    }
    let mut stderr = io::stderr().lock();
    let name = escape_controls(name, false);
    let text = match decode(&bytes) {
        Ok((text, encoding)) => {
            // Issue 26: which encoding was used, when it is not plain UTF-8 (the default needs no word).
            match encoding.warning() {
                Some(warning) => writeln!(stderr, "evaluate: {name}: warning: {warning}")?,
                None if encoding != Encoding::Utf8 => {
                    writeln!(stderr, "evaluate: {name}: read as {}", encoding.name())?
                }
                None => {}
            }
            if let Some((count, line)) = replaced(&text) {
                writeln!(
                    stderr,
                    "evaluate: {name}: warning: {count} characters could not be read and show as U+FFFD (the first at line {line}); check the file's encoding"
                )?;
            }
            text
        }
        Err(reason) => {
            writeln!(stderr, "evaluate: {name}: {reason}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let list = ClinicList::from_text(&text, options);
    if let Some(reason) = &list.refused {
        writeln!(stderr, "evaluate: {name}: {}", escape_controls(reason, false))?;
        return Ok(ExitCode::FAILURE);
    }
    for error in &list.errors {
        writeln!(stderr, "evaluate: {error}")?;
    }
    if list.more_errors > 0 {
        writeln!(
            stderr,
            "evaluate: … and {} more rows not listed (the first {} shown)",
            list.more_errors,
            list.errors.len()
        )?;
    }
    if list.rows.is_empty() && list.error_count() > 0 {
        writeln!(stderr, "evaluate: {name}: no row could be read; nothing listed")?;
        return Ok(ExitCode::FAILURE);
    }
    let rows: Vec<_> = list.rows.iter().collect();
    let out = if csv { csv_table(&rows, Lang::En) } else { text_table(&list, &rows, Lang::En) };
    let mut stdout = io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date (UTC) from the machine clock: only the command line reads it; the library takes the date as input.
fn clock_today() -> NaiveDate {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(days))).unwrap_or_default()
}

/// Stderr is a terminal's: a message (which may quote an argument or a path) is shown with its control characters
/// escaped.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("evaluate: {}\n{USAGE}", escape_controls(message, false));
    ExitCode::FAILURE
}

fn io_error(message: &str) -> ExitCode {
    eprintln!("evaluate: {}", escape_controls(message, false));
    ExitCode::FAILURE
}
