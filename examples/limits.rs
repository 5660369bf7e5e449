//! Times hostile share links through `share::decode` (what the page does with `#case=…` at start-up), for
//! `scripts/bench-limits.py`:
//!
//!     cargo run --quiet --release --example limits
//!
//! Prints one line per link: its length, the time to an answer and the answer (the first error's code and
//! message). Asserts nothing; exits 0.

use std::time::Instant;

use osteoplan::app::share;

#[path = "../tests/common/bomb.rs"]
mod bomb;

fn main() {
    // lz-str's compressor needs seconds for ten million `a`; the ten-million bomb is written directly (tests/limits.rs
    // checks that writer against lz-str), the million one by lz-str.
    let started = Instant::now();
    let million = lz_str::compress_to_encoded_uri_component("a".repeat(1_000_000).as_str());
    println!("(one million `a` compressed by lz-str in {:.2?})", started.elapsed());

    let mut unknown = String::from(r#"{"format":"osteoplan-case/2","patient":{"sex":"female""#);
    for i in 0..10_000 {
        unknown.push_str(&format!(r#","p{i}":1"#));
    }
    unknown.push('}');
    for i in 0..10_000 {
        unknown.push_str(&format!(r#","x{i}":1"#));
    }
    unknown.push('}');
    let fields = |n: usize| (0..n).map(|i| format!(r#""x{i}":1"#)).collect::<Vec<_>>().join(",");
    let many_unknown = format!(r#"{{"format":"osteoplan-case/2",{}}}"#, fields(15_000));
    let injections = (0..10_000)
        .map(|i| format!(r#""{}-{:02}-{:02}""#, 1900 + i % 126, 1 + i / 126 % 12, 1 + i / 1512 % 28))
        .collect::<Vec<_>>()
        .join(",");
    let injections = format!(r#"{{"format":"osteoplan-case/2","denosumab":{{"injections":[{injections}]}}}}"#);

    let links = [
        ("bomb: ten million `a`", bomb::bomb(4_471)),
        ("bomb: one million `a`", million),
        ("1 MB of link data", "A".repeat(1 << 20)),
        ("20 000 unknown fields", lz_str::compress_to_encoded_uri_component(unknown.as_str())),
        ("15 000 unknown fields", lz_str::compress_to_encoded_uri_component(many_unknown.as_str())),
        ("10 000 injections (200 allowed)", lz_str::compress_to_encoded_uri_component(injections.as_str())),
    ];
    for (name, data) in links {
        let fragment = format!("#case={data}");
        let started = Instant::now();
        let answer = share::decode(&fragment);
        let took = started.elapsed();
        let summary = match answer {
            None => "no case".to_string(),
            Some(Ok(_)) => "a case".to_string(),
            Some(Err(errors)) => {
                let first = &errors[0];
                format!("{} error(s); first: {:?} at {:?}: {}", errors.len(), first.code, first.path, first.message)
            }
        };
        println!("{name}: link of {} characters, answered in {took:.2?}: {summary}", fragment.len());
    }
}
