//! Signature throughput of the library on a JSON Lines corpus: text →
//! tokens → 5-shingles → 128-value MinHash signature, per document, in
//! parallel. Reading and parsing the file are not timed.
//!
//! ```text
//! cargo run --release --example sign -- CORPUS.jsonl [--threads N] [--rounds R]
//! ```
//!
//! Prints one JSON object per round: `{"peer":"neardup","threads":N,
//! "docs":…,"bytes":…,"seconds":…,"mb_s":…}` (MB = 10^6 bytes of text).
//! `scripts/bench-peers.sh` runs it next to the MinHash peers.

#![allow(clippy::print_stdout)]

use std::io::BufRead;
use std::time::Instant;

use neardup::sketch::{SketchParams, Sketcher};
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let (mut threads, mut rounds) = (1usize, 1usize);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => threads = args.next().ok_or("--threads N")?.parse()?,
            "--rounds" => rounds = args.next().ok_or("--rounds R")?.parse()?,
            _ => path = Some(a),
        }
    }
    let path = path.ok_or("usage: sign CORPUS.jsonl [--threads N] [--rounds R]")?;
    let mut texts: Vec<String> = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(t) = v["text"].as_str() {
            texts.push(t.to_string());
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let sketcher = Sketcher::new(SketchParams::default())?;
    for _ in 0..rounds {
        let start = Instant::now();
        let check: u64 = pool.install(|| {
            texts
                .par_iter()
                .map(|t| {
                    sketcher
                        .signature(t)
                        .map(|s| u64::from(s.values().first().copied().unwrap_or(0)))
                        .unwrap_or(0)
                })
                .reduce(|| 0, |a, b| a ^ b)
        });
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{}",
            serde_json::json!({
                "peer": "neardup", "threads": threads, "docs": texts.len(), "bytes": bytes,
                "seconds": seconds, "mb_s": bytes as f64 / seconds / 1e6, "check": check,
            })
        );
    }
    Ok(())
}
