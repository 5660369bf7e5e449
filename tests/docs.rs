//! The documentation's examples are what the program really does (README.md, docs/*.md).
//!
//! In a doc, `<!-- file: NAME -->` before a fenced block makes that block a file; `<!-- run exit=N -->` before a
//! ```sh block holding one `cargo run … --example evaluate -- ARGS` line runs the command line with ARGS (in a
//! folder holding those files) and compares its stdout with the next fenced block (as JSON when it is JSON, else as
//! text) and its exit code with N; `<!-- run exit=N stderr -->` compares stderr with the block after that;
//! `<!-- run-only exit=N -->` checks the exit code only.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const COMMAND: &str = "cargo run --quiet --release --example evaluate --";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every doc that carries examples: README.md and docs/*.md.
fn docs() -> Vec<String> {
    let mut docs = vec!["README.md".to_string()];
    let mut more: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .expect("docs/")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// The fenced block that starts after byte `from`: (its text, the byte after its closing fence).
fn next_block(text: &str, from: usize) -> Option<(String, usize)> {
    let open = from + text[from..].find("```")?;
    let body = open + text[open..].find('\n')? + 1;
    let close = body + text[body..].find("\n```")?;
    Some((text[body..close + 1].to_string(), close + 4))
}

/// `exit=N` in a marker.
fn exit_code(marker: &str) -> i32 {
    let n = marker.split("exit=").nth(1).expect("a run marker says exit=N");
    n.split_whitespace().next().unwrap_or("").parse().expect("exit=N with a number")
}

/// `cargo test` builds the examples next to the test binaries' deps folder.
fn evaluate_bin() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    deps.parent().unwrap().join("examples").join(format!("evaluate{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn every_example_in_the_docs_is_what_the_command_line_writes() {
    let mut checked = 0;
    for doc in docs() {
        let text = read(&doc);
        let dir = std::env::temp_dir().join(format!("osteoplan-doc-{}-{}", std::process::id(), doc.replace('/', "-")));
        std::fs::create_dir_all(&dir).unwrap();
        let mut at = 0;
        while let Some(offset) = text[at..].find("<!-- ") {
            let start = at + offset;
            let marker_end = start + text[start..].find("-->").expect("a closed comment") + 3;
            let marker = &text[start..marker_end];
            at = marker_end;
            if let Some(name) = marker.strip_prefix("<!-- file: ") {
                let (body, end) =
                    next_block(&text, marker_end).unwrap_or_else(|| panic!("{doc}: {marker} has no block"));
                std::fs::write(dir.join(name.trim_end_matches("-->").trim()), body).unwrap();
                at = end;
            } else if marker.starts_with("<!-- run") {
                let (command, end) =
                    next_block(&text, marker_end).unwrap_or_else(|| panic!("{doc}: {marker} has no command"));
                let args = command
                    .trim()
                    .strip_prefix(COMMAND)
                    .unwrap_or_else(|| panic!("{doc}: a run block is one `{COMMAND} ARGS` line, not {command:?}"));
                let output = Command::new(evaluate_bin())
                    .args(args.split_whitespace())
                    .current_dir(&dir)
                    .output()
                    .expect("the evaluate example is built by cargo test");
                let stdout = String::from_utf8(output.stdout.clone()).unwrap();
                assert_eq!(
                    output.status.code(),
                    Some(exit_code(marker)),
                    "{doc}: `{args}` exits otherwise; stderr: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                at = end;
                if !marker.starts_with("<!-- run-only") {
                    let (expected, end) =
                        next_block(&text, end).unwrap_or_else(|| panic!("{doc}: `{args}` has no output block"));
                    match serde_json::from_str::<Value>(&expected) {
                        Ok(documented) => {
                            let produced: Value = serde_json::from_str(&stdout)
                                .unwrap_or_else(|e| panic!("{doc}: `{args}` wrote no JSON ({e}): {stdout}"));
                            assert_eq!(produced, documented, "{doc}: the output of `{args}` is stale");
                        }
                        Err(_) => {
                            assert_eq!(stdout.trim_end(), expected.trim_end(), "{doc}: the output of `{args}` is stale")
                        }
                    }
                    at = end;
                    if marker.contains(" stderr") {
                        let (expected, end) =
                            next_block(&text, end).unwrap_or_else(|| panic!("{doc}: `{args}` has no stderr block"));
                        let stderr = String::from_utf8_lossy(&output.stderr);
                        assert_eq!(stderr.trim_end(), expected.trim_end(), "{doc}: the stderr of `{args}` is stale");
                        at = end;
                    }
                }
                checked += 1;
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(checked >= 4, "the docs' runnable examples were found ({checked})");
}

/// The README's two commands are the scripts that do all set-up, and CI runs the README's test command.
#[test]
fn the_readme_commands_are_the_scripts_ci_runs() {
    let readme = read("README.md");
    let ci = read(".ci/run");
    for script in ["./scripts/serve.sh", "./scripts/test.sh"] {
        assert!(
            readme.contains(&format!("```sh\n{script}\n```")),
            "README.md shows `{script}` as a command of its own"
        );
        assert!(Path::new(ROOT).join(script).is_file(), "{script} exists");
    }
    let ci_command = ci.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).last().unwrap();
    assert_eq!(ci_command.trim(), "./scripts/test.sh", ".ci/run runs the README's test command");
}
