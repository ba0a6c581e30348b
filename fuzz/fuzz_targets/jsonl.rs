//! The JSON Lines reader: any bytes give entries (documents or errors in
//! their place), never a panic, and never more entries than lines.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use neardup::corpus::{JsonlEntries, SourceOptions};

fuzz_target!(|data: &[u8]| {
    let opts = SourceOptions {
        max_bytes: 4096,
        ..SourceOptions::default()
    };
    let lines = data.split(|&b| b == b'\n').count();
    let n = JsonlEntries::new(data, Path::new("fuzz.jsonl"), &opts)
        .inspect(|e| {
            if let Ok(text) = &e.text {
                assert!(!text.is_empty());
            }
        })
        .count();
    assert!(n <= lines, "{n} entries from {lines} lines");
});
