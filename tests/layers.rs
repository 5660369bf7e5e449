//! The crate's layers, checked by reading the source (issues 14 and 28). Bottom up:
//!
//! `clinical` (the engine) → `input` (what people type) → `words` (everything the product says) → `document`
//! (what a clinician reads) → `clinic_list` (a register read and assessed) → `render` (sheet, text, calendar,
//! worklist) → `app` (the pages' state) → `ui` (the browser).
//!
//! Each folder under `src/` is one layer and names only its own and lower layers; the engine holds no language
//! text and reaches nothing outside itself, not even by `super::`.
//!
//! Paths are read after `crate::` and, in top-level modules, after `super::` (which names the crate root there),
//! including the items of a group (`use crate::{words::lang::Lang, app}`). Comment lines are skipped.

use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The file's code with comment lines blanked (line numbers are kept).
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|line| if line.trim_start().starts_with("//") { "" } else { line }).collect::<Vec<_>>().join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The leading path segment of `s` ("i18n" of "i18n::Lang"), or the glob/brace character that starts it.
fn first_segment(s: &str) -> &str {
    let s = s.trim_start();
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    if end == 0 {
        &s[..s.chars().next().map_or(0, char::len_utf8)]
    } else {
        &s[..end]
    }
}

/// Every (line, path) that `code` names right after `prefix` (`crate::` or `super::`), with the whole path as
/// written after the prefix: `crate::words::i18n::Lang` gives "i18n::Lang"; `use crate::{lang::Lang, state}` gives
/// "lang::Lang" and "state". `my_crate::` is not `crate::`.
fn paths_after(code: &str, prefix: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let rest = code[at + prefix.len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            // The top-level items of the group.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push((line, item.trim().to_string()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            if !item.trim().is_empty() {
                out.push((line, item.trim().to_string()));
            }
        } else {
            let end = rest.find(|c: char| !(is_ident(c) || c == ':')).unwrap_or(rest.len());
            out.push((line, rest[..end].to_string()));
        }
    }
    out.retain(|(_, p)| !p.is_empty());
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// How many `super::` a file under `src/clinical/` may chain before it leaves the engine: `clinical/mod.rs` is the
/// engine itself (0), `clinical/x.rs` is one module inside it (1), `clinical/a/x.rs` two.
fn depth_inside_clinical(path: &Path) -> usize {
    let inner = path.strip_prefix(src().join("clinical")).unwrap();
    let parts = inner.components().count();
    if inner.file_name().is_some_and(|n| n == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// Every way a file under `src/clinical/` reaches outside the engine, or holds Chinese text.
fn engine_violations() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&src().join("clinical"), &mut files);
    assert!(files.len() > 10, "src/clinical/ not found");
    let mut found = Vec::new();
    for path in files {
        let name = path.strip_prefix(src()).unwrap().display().to_string();
        let code = code(&path);
        for (line, p) in paths_after(&code, "crate::") {
            if first_segment(&p) != "clinical" {
                found.push(format!("src/{name}:{line}: crate::{p}"));
            }
        }
        let depth = depth_inside_clinical(&path);
        for (at, _) in code.match_indices("super::") {
            let before = &code[..at];
            if before.ends_with("super::") || before.chars().next_back().is_some_and(is_ident) {
                continue; // counted from the first `super::` of the chain
            }
            let chain = code[at..].split("::").take_while(|s| s.trim() == "super").count();
            if chain > depth {
                let line = before.matches('\n').count() + 1;
                found.push(format!("src/{name}:{line}: {} `super::` leave the engine", chain));
            }
        }
        for (i, line) in code.lines().enumerate() {
            // A rule's source may quote a guideline in its own words (RISK-VH-GC cites CN-2022's "超大剂量"): a
            // citation, the same in both languages, not text to translate.
            if line.trim_start().starts_with("source:") {
                continue;
            }
            if line.chars().any(|c| ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{FF00}'..='\u{FFEF}').contains(&c)) {
                found.push(format!("src/{name}:{}: Chinese text", i + 1));
            }
        }
    }
    found
}

/// The layers, bottom up, as named in `src/lib.rs`.
const LAYERS: [&str; 8] = ["clinical", "input", "words", "document", "clinic_list", "render", "app", "ui"];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// Every place a file under `src/<layer>/` names a higher layer or a module that is not a layer.
fn layer_violations() -> Vec<String> {
    let mut found = Vec::new();
    for layer in LAYERS {
        let mut files = Vec::new();
        rust_files(&src().join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer}/ not found");
        for path in files {
            let name = path.strip_prefix(src()).unwrap().display().to_string();
            for (line, p) in paths_after(&code(&path), "crate::") {
                let named = first_segment(&p);
                match rank(named) {
                    Some(r) if r <= rank(layer).unwrap() => {}
                    Some(_) => {
                        found.push(format!("src/{name}:{line}: the {layer} layer names crate::{p}, a layer above it"))
                    }
                    None => found.push(format!("src/{name}:{line}: crate::{p} is not in a layer")),
                }
            }
        }
    }
    found
}

#[test]
fn the_engine_imports_nothing_outside_itself_and_holds_no_language_text() {
    let found = engine_violations();
    assert!(found.is_empty(), "the clinical engine reaches outside itself:\n{}", found.join("\n"));
}

#[test]
fn each_layer_names_only_itself_and_the_layers_below() {
    let found = layer_violations();
    assert!(found.is_empty(), "a layer reaches up:\n{}", found.join("\n"));
}

#[test]
fn src_has_no_module_outside_the_layers() {
    let mut stray = Vec::new();
    for entry in fs::read_dir(src()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let module = name.trim_end_matches(".rs");
        let entry_point = ["lib.rs", "main.rs", "list_main.rs"].contains(&name.as_str());
        if !entry_point && rank(module).is_none() {
            stray.push(name);
        }
    }
    assert!(stray.is_empty(), "files in src/ outside the layers: {stray:?}");
}

#[test]
fn the_checks_see_every_form_of_path() {
    let code =
        "use crate::clinical::case::Case;\nuse crate::{i18n::Lang, state};\nfn f() { crate::app::state::x(); }\n\
                use my_crate::state;\n";
    let paths = paths_after(code, "crate::");
    assert_eq!(
        paths,
        vec![
            (1, "clinical::case::Case".to_string()),
            (2, "i18n::Lang".to_string()),
            (2, "state".to_string()),
            (3, "app::state::x".to_string()),
        ]
    );
    assert_eq!(first_segment("{a, b}"), "{");
    assert_eq!(depth_inside_clinical(&src().join("clinical/mod.rs")), 0);
    assert_eq!(depth_inside_clinical(&src().join("clinical/risk.rs")), 1);
    assert_eq!(depth_inside_clinical(&src().join("clinical/a/b.rs")), 2);
}
