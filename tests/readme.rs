//! The worked example in README.md must be what the engine really produces.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser layer is tests/web.rs

use osteoplan::clinical::evaluate_json;
use serde_json::Value;

/// The first ```json block after `marker`.
fn json_block_after(readme: &str, marker: &str) -> Value {
    let after = &readme[readme.find(marker).unwrap_or_else(|| panic!("README lacks {marker}"))..];
    let start = after.find("```json\n").expect("a json block") + "```json\n".len();
    let end = after[start..].find("```").expect("the block's end");
    serde_json::from_str(&after[start..start + end]).expect("valid JSON in README")
}

#[test]
fn readme_example_report_matches_the_engine() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let case = json_block_after(&readme, "<!-- example-case -->");
    let documented = json_block_after(&readme, "<!-- example-report -->");
    let produced: Value =
        serde_json::from_str(&evaluate_json(&case.to_string()).expect("the example case is valid")).unwrap();
    assert_eq!(produced, documented, "README's example report is stale: regenerate it with the command line");
}
