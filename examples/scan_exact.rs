//! Check a scan's near-duplicate pairs against an exact computation on a
//! random sample of documents, with neardup's own shingles.
//!
//! ```text
//! neardup scan --format json CORPUS.jsonl -o report.json
//! cargo run --release --example scan_exact -- CORPUS.jsonl report.json [SAMPLE] [SEED]
//! ```
//!
//! For each sampled document A (2,000 by default, chosen with a seeded
//! generator) every document B with exact Jaccard J(A, B) at or over the
//! report's threshold is found without MinHash: B must hold at least one
//! of A's `|A| − ⌈t·|A|⌉ + 1` rarest shingles (otherwise |A ∩ B| < t·|A|),
//! so only the documents on those shingles' posting lists are compared
//! exactly (prefix filtering). Prints, as one JSON object, the recall of
//! those pairs among the report's verified pairs (and among pairs placed in
//! one cluster), and the precision of the report's verified pairs that
//! involve a sampled document (their exact Jaccard recomputed here).
//! Default sketch parameters only (those of a scan without options).

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::process::ExitCode;

use neardup::report::scan::ScanReport;
use neardup::{SketchParams, Sketcher};

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: scan_exact CORPUS.jsonl REPORT.json [SAMPLE] [SEED]");
        return ExitCode::from(2);
    }
    match run(&args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("scan_exact: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<serde_json::Value, String> {
    let sample: usize = args
        .get(2)
        .map_or(Ok(2000), |s| s.parse())
        .map_err(|e| format!("SAMPLE: {e}"))?;
    let mut seed: u64 = args
        .get(3)
        .map_or(Ok(1), |s| s.parse())
        .map_err(|e| format!("SEED: {e}"))?;
    let report: ScanReport = serde_json::from_reader(std::io::BufReader::new(
        std::fs::File::open(&args[1]).map_err(|e| format!("{}: {e}", args[1]))?,
    ))
    .map_err(|e| format!("{}: {e}", args[1]))?;
    let t = report.params.threshold;

    // Shingle sets of every document.
    let sk = Sketcher::new(SketchParams::default()).map_err(|e| e.to_string())?;
    let file = std::fs::File::open(&args[0]).map_err(|e| format!("{}: {e}", args[0]))?;
    let mut ids: Vec<String> = Vec::new();
    let mut sets: Vec<Vec<u64>> = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(|e| e.to_string())?;
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| e.to_string())?;
        let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else {
            return Err("a line without id or text".into());
        };
        let doc = sk.pipeline().document(text).map_err(|e| e.to_string())?;
        ids.push(id.to_string());
        sets.push(neardup::shingle::hash_set(&sk.shingles(&doc)));
    }
    let n = ids.len();
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (d, s) in sets.iter().enumerate() {
        for &h in s {
            postings.entry(h).or_default().push(d as u32);
        }
    }

    // A seeded sample (xorshift), without repeats.
    let mut chosen: Vec<u32> = Vec::new();
    let mut taken = HashSet::new();
    while chosen.len() < sample.min(n) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let d = (seed % n as u64) as u32;
        if taken.insert(d) {
            chosen.push(d);
        }
    }

    // Exact pairs with a sampled document.
    let mut exact: HashMap<(String, String), f64> = HashMap::new();
    for &a in &chosen {
        let sa = &sets[a as usize];
        if sa.is_empty() {
            continue;
        }
        let mut by_rarity: Vec<(usize, u64)> = sa.iter().map(|h| (postings[h].len(), *h)).collect();
        by_rarity.sort_unstable();
        let prefix = sa.len() - (t * sa.len() as f64).ceil() as usize + 1;
        let mut seen = HashSet::new();
        for &(_, h) in by_rarity.iter().take(prefix) {
            for &b in &postings[&h] {
                if b == a || !seen.insert(b) {
                    continue;
                }
                let j = neardup::sketch::jaccard(sa, &sets[b as usize]);
                if j >= t {
                    exact.insert(key(&ids[a as usize], &ids[b as usize]), j);
                }
            }
        }
    }

    // What the report says about the same documents.
    let sampled: HashSet<&str> = chosen.iter().map(|&d| ids[d as usize].as_str()).collect();
    let mut verified: std::collections::BTreeMap<(String, String), f64> = Default::default();
    let mut cluster_of: HashMap<&str, u32> = HashMap::new();
    for c in &report.clusters {
        for m in &c.members {
            cluster_of.insert(m.id.as_str(), c.id);
        }
        for p in &c.pairs {
            verified.insert(key(&p.a, &p.b), p.jaccard);
        }
    }
    let found = exact.keys().filter(|k| verified.contains_key(*k)).count();
    let clustered = exact
        .keys()
        .filter(|(a, b)| {
            cluster_of
                .get(a.as_str())
                .is_some_and(|c| cluster_of.get(b.as_str()) == Some(c))
        })
        .count();
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut reported = 0usize;
    let mut correct = 0usize;
    for (a, b) in verified.keys() {
        if !sampled.contains(a.as_str()) && !sampled.contains(b.as_str()) {
            continue;
        }
        reported += 1;
        let (Some(&x), Some(&y)) = (index.get(a.as_str()), index.get(b.as_str())) else {
            continue;
        };
        if neardup::sketch::jaccard(&sets[x], &sets[y]) >= t {
            correct += 1;
        }
    }
    let ratio = |x: usize, y: usize| if y == 0 { 1.0 } else { x as f64 / y as f64 };
    Ok(serde_json::json!({
        "documents": n,
        "sample": chosen.len(),
        "threshold": t,
        "exact_pairs": exact.len(),
        "found_as_verified_pairs": found,
        "recall": ratio(found, exact.len()),
        "found_in_one_cluster": clustered,
        "cluster_recall": ratio(clustered, exact.len()),
        "reported_pairs_with_sampled_doc": reported,
        "precision": ratio(correct, reported),
    }))
}

/// A pair's key, in id order.
fn key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}
