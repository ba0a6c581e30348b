//! The clause features of the derivation model, for fitting it.
//!
//! ```text
//! cargo run --release --example derive_features -- PAIRS.tsv > features.jsonl
//! ```
//!
//! `PAIRS.tsv` holds one `A<TAB>B` pair of UTF-8 files a line. For each pair
//! (in input order) it prints one JSON object: `{"a", "b", "clauses":
//! [{"char_start", "char_end", "kind", "probability", "x": [features…]}…],
//! "evidence", "document": [features…]}` (evidence: whether A and B share a
//! long enough run), the clause features in the order of
//! `neardup::derive::Features::values`, the document's in that of
//! `neardup::derive::DocFeatures::values`.
//! `scripts/fit_derivation.py` reads it.

#![allow(clippy::print_stdout)]

use std::fs;

use anyhow::{Context, Result};
use neardup::engine::{CompareOptions, Comparer};
use rayon::prelude::*;
use serde_json::json;

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .context("usage: derive_features PAIRS.tsv")?;
    let list = fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    let pairs: Vec<(String, String)> = list
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let comparer = Comparer::new(CompareOptions::default())?;
    let lines: Vec<String> = pairs
        .par_iter()
        .map(|(pa, pb)| -> Result<String> {
            let a = comparer.prepare(
                pa.as_str(),
                fs::read_to_string(pa).with_context(|| pa.clone())?,
            )?;
            let b = comparer.prepare(
                pb.as_str(),
                fs::read_to_string(pb).with_context(|| pb.clone())?,
            )?;
            // Both are far below the huge size, so both are prepared whole.
            let Some(d) = comparer.derivation(&a, &b) else {
                anyhow::bail!("{pa} or {pb} is too large for a derivation");
            };
            let clauses: Vec<_> = d
                .clauses
                .iter()
                .map(|c| {
                    json!({
                        "char_start": a.source().char_offset(c.span.start),
                        "char_end": a.source().char_offset(c.span.end),
                        "kind": c.kind,
                        "probability": c.probability,
                        "x": c.features.values(),
                    })
                })
                .collect();
            Ok(json!({"a": pa, "b": pb, "evidence": d.evidence, "document": d.document.values(), "clauses": clauses}).to_string())
        })
        .collect::<Result<_>>()?;
    for l in lines {
        println!("{l}");
    }
    Ok(())
}
