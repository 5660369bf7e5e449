//! Runs every clinical vignette in tests/vignettes/ through the same text entry point the command line uses,
//! with the expectation vocabulary of shared/tools/check_vignettes.py.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use std::path::Path;

use osteoplan::clinical::evaluate_json;
use serde_json::Value;

/// One step of a dotted path: `name`, `name[i]` or `name[key=value]`.
fn step<'a>(node: &'a Value, part: &str) -> Option<&'a Value> {
    let (name, selector) = match part.find('[') {
        Some(i) => (&part[..i], Some(part[i + 1..].strip_suffix(']')?)),
        None => (part, None),
    };
    let node = node.get(name)?;
    match selector {
        None => Some(node),
        Some(sel) => match sel.split_once('=') {
            None => node.get(sel.parse::<usize>().ok()?),
            Some((key, want)) => node.as_array()?.iter().find(|item| {
                // Like the Python runner's str(value): a string as is, anything else as its JSON text.
                #[allow(clippy::cmp_owned)]
                item.get(key).is_some_and(|v| match v {
                    Value::String(s) => s == want,
                    other => other.to_string() == want,
                })
            }),
        },
    }
}

fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, step)
}

/// The list of failures for one vignette (empty when it passes).
fn check(vignette: &Value) -> Vec<String> {
    let expect = &vignette["expect"];
    let text = match &vignette["case"] {
        Value::String(s) => s.clone(),
        case => case.to_string(),
    };
    let (out, exit) = match evaluate_json(&text) {
        Ok(report) => (report, 0),
        Err(errors) => (errors, 2),
    };
    let want_exit = expect.get("exit").and_then(Value::as_i64).unwrap_or(0);
    if exit != want_exit {
        return vec![format!("exit {exit}, expected {want_exit}: {out}")];
    }
    let doc: Value = match serde_json::from_str(&out) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("output is not JSON ({e}): {out}")],
    };
    let mut bad = Vec::new();
    let entries = |key: &str| expect.get(key).and_then(Value::as_object).cloned().unwrap_or_default();
    for (path, want) in entries("equals") {
        match get(&doc, &path) {
            Some(got) if *got == want => {}
            got => bad.push(format!("{path} = {got:?}, expected {want}")),
        }
    }
    for (path, want) in entries("not_equals") {
        match get(&doc, &path) {
            Some(got) if *got != want => {}
            got => bad.push(format!("{path} = {got:?}, must not be {want}")),
        }
    }
    for (path, pair) in entries("approx") {
        let (want, tol) = (pair[0].as_f64().unwrap_or(f64::NAN), pair[1].as_f64().unwrap_or(0.0));
        match get(&doc, &path).and_then(Value::as_f64) {
            Some(got) if (got - want).abs() <= tol => {}
            got => bad.push(format!("{path} = {got:?}, expected {want} ± {tol}")),
        }
    }
    for (path, item) in entries("contains") {
        match get(&doc, &path).and_then(Value::as_array) {
            Some(list) if list.contains(&item) => {}
            got => bad.push(format!("{path} = {got:?}, expected to contain {item}")),
        }
    }
    let fired: Vec<&str> =
        doc["rules_fired"].as_array().map(|l| l.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let ids = |key: &str| -> Vec<String> {
        expect
            .get(key)
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default()
    };
    for rule in ids("rules_include") {
        if !fired.contains(&rule.as_str()) {
            bad.push(format!("rule {rule} did not fire"));
        }
    }
    for rule in ids("rules_exclude") {
        if fired.contains(&rule.as_str()) {
            bad.push(format!("rule {rule} fired"));
        }
    }
    let error_paths: Vec<&str> =
        doc["errors"].as_array().map(|l| l.iter().filter_map(|e| e["path"].as_str()).collect()).unwrap_or_default();
    for prefix in ids("error_paths") {
        if !error_paths.iter().any(|p| p.starts_with(&prefix)) {
            bad.push(format!("no error at {prefix:?} (errors at {error_paths:?})"));
        }
    }
    bad
}

#[test]
fn every_vignette_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vignettes");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("tests/vignettes").filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    assert!(files.len() >= 28, "expected the 28 public vignettes, found {}", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let vignette: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let bad = check(&vignette);
        if !bad.is_empty() {
            failures.push(format!("{}: {}", vignette["name"], bad.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} vignettes failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}

#[test]
fn the_checker_catches_a_wrong_expectation() {
    // The runner itself must be able to fail: flip one expectation of a real vignette.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vignettes/p01-t-exactly-minus-2-5.json"),
    )
    .unwrap();
    let mut vignette: Value = serde_json::from_str(&text).unwrap();
    assert!(check(&vignette).is_empty());
    vignette["expect"]["equals"]["diagnosis.category"] = Value::from("low_bone_mass");
    vignette["expect"]["rules_include"] = serde_json::json!(["DX-SEVERE"]);
    assert_eq!(check(&vignette).len(), 2);
    vignette["expect"] = serde_json::json!({"exit": 2});
    assert_eq!(check(&vignette).len(), 1);
}
