//! Passage-alignment quality on a PAN text-alignment corpus (such as the PAN
//! 2013 training corpus).
//!
//! ```text
//! cargo run --release --example pan -- DIR [--out DETDIR] [--threads N]
//!     [--shingle K] [--min-tokens N]
//! cargo run --release --example pan -- DIR --score DETDIR
//! ```
//!
//! `DIR` is a corpus in the PAN layout: `src/` and `susp/` hold the texts;
//! every sub-folder with a `pairs` file (lines `suspicious.txt source.txt`)
//! is a sub-corpus whose truth XMLs are named `SUSP-SOURCE.xml` (extensions
//! dropped). The first form aligns every pair with neardup's default
//! comparison (the one `neardup compare` runs), in parallel, and prints
//! precision, recall, granularity and plagdet per sub-corpus and for all of
//! them pooled, plus speed; `--out` also writes detection XMLs, one folder
//! per sub-corpus; `--shingle` and `--min-tokens` override the defaults, for
//! measuring them. The second form scores detection XMLs already in
//! `DETDIR/<sub-corpus>/` instead (sub-corpora without a folder are left
//! out).

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use neardup::engine::{CompareOptions, Comparer};
use neardup::eval::{self, Case, DETECTION, TRUTH};
use rayon::prelude::*;

/// Score neardup's passage alignment on a PAN text-alignment corpus.
#[derive(clap::Parser)]
struct Args {
    /// The corpus: `src/`, `susp/` and one folder per sub-corpus.
    dir: PathBuf,
    /// Shingle size (default: neardup's).
    #[arg(long)]
    shingle: Option<u32>,
    /// Shortest passage, in words (default: neardup's).
    #[arg(long)]
    min_tokens: Option<u32>,
    /// Also write detection XMLs here, one folder per sub-corpus.
    #[arg(long, value_name = "DETDIR", conflicts_with = "score")]
    out: Option<PathBuf>,
    /// Score the detection XMLs in DETDIR/<sub-corpus>/ instead of aligning.
    #[arg(long, value_name = "DETDIR")]
    score: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

/// One sub-corpus: its name and its pairs (suspicious, source file names).
struct SubCorpus {
    name: String,
    pairs: Vec<(String, String)>,
}

fn sub_corpora(dir: &Path) -> Result<Vec<SubCorpus>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        let list = path.join("pairs");
        if !path.is_dir() || !list.is_file() {
            continue;
        }
        let text = fs::read_to_string(&list)?;
        let pairs = text
            .lines()
            .filter_map(|l| {
                let mut w = l.split_whitespace();
                Some((w.next()?.to_string(), w.next()?.to_string()))
            })
            .collect();
        let name = path.file_name().context("folder name")?;
        out.push(SubCorpus {
            name: name.to_string_lossy().into_owned(),
            pairs,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    if out.is_empty() {
        bail!(
            "no sub-corpus (folder with a pairs file) in {}",
            dir.display()
        );
    }
    Ok(out)
}

fn stem(name: &str) -> &str {
    name.strip_suffix(".txt").unwrap_or(name)
}

fn xml_name(susp: &str, src: &str) -> String {
    format!("{}-{}.xml", stem(susp), stem(src))
}

/// The features named `name` in `path`; a missing file has none.
fn read_features(path: &Path, name: &str) -> Result<Vec<Case>> {
    match fs::read_to_string(path) {
        Ok(xml) => Ok(eval::features(&xml, name)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// What became of one pair.
enum Outcome {
    /// Aligned: its detections, and whether the work budget ran out.
    Aligned(Vec<Case>, bool),
    /// A document was refused (as `neardup compare` would): no detections.
    Unreadable(String),
}

/// Align one pair; detections as (suspicious chars, source chars).
fn align_pair(comparer: &Comparer, dir: &Path, susp: &str, src: &str) -> Outcome {
    match try_align(comparer, dir, susp, src) {
        Ok((cases, partial)) => Outcome::Aligned(cases, partial),
        Err(e) => Outcome::Unreadable(e.to_string()),
    }
}

fn try_align(comparer: &Comparer, dir: &Path, susp: &str, src: &str) -> Result<(Vec<Case>, bool)> {
    let read = |p: PathBuf, id: &str| {
        neardup::corpus::read_text(&p).and_then(|t| comparer.prepare(id, t))
    };
    let a = read(dir.join("susp").join(susp), susp)?;
    let b = read(dir.join("src").join(src), src)?;
    let c = comparer.compare(&a, &b)?;
    let cases = c
        .passages
        .iter()
        .map(|p| Case {
            susp: susp.to_string(),
            this: u64::from(p.a.char_start)..u64::from(p.a.char_end),
            source: src.to_string(),
            that: u64::from(p.b.char_start)..u64::from(p.b.char_end),
        })
        .collect();
    Ok((cases, c.partial))
}

fn row(name: &str, pairs: usize, s: &eval::Scores) {
    println!(
        "{name:<28} {pairs:>6} {:>6} {:>6} {:>9.5} {:>9.5} {:>9.5} {:>9.5}",
        s.cases, s.detections, s.precision, s.recall, s.granularity, s.plagdet
    );
}

fn main() -> Result<()> {
    let args = <Args as clap::Parser>::parse();
    let subs = sub_corpora(&args.dir)?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build()?;
    let mut options = CompareOptions::default();
    if let Some(k) = args.shingle {
        options.sketch.shingle = k;
    }
    if let Some(n) = args.min_tokens {
        options.align.min_tokens = n.max(1);
    }
    let comparer = Comparer::new(options)?;
    let started = Instant::now();
    let (mut partial, mut unreadable) = (0usize, 0usize);
    let mut scored: Vec<(String, usize, Vec<Case>, Vec<Case>)> = Vec::new();
    for sub in &subs {
        let truth_dir = args.dir.join(&sub.name);
        let detections: Vec<Case> = match &args.score {
            Some(det) => {
                let det_dir = det.join(&sub.name);
                if !det_dir.is_dir() {
                    continue;
                }
                let mut all = Vec::new();
                for (s, r) in &sub.pairs {
                    all.extend(read_features(&det_dir.join(xml_name(s, r)), DETECTION)?);
                }
                all
            }
            None => {
                let outcomes: Vec<Outcome> = pool.install(|| {
                    sub.pairs
                        .par_iter()
                        .map(|(s, r)| align_pair(&comparer, &args.dir, s, r))
                        .collect()
                });
                let per_pair: Vec<(Vec<Case>, bool)> = outcomes
                    .into_iter()
                    .map(|o| match o {
                        Outcome::Aligned(c, p) => (c, p),
                        Outcome::Unreadable(e) => {
                            eprintln!("pan: skipped: {e}");
                            unreadable += 1;
                            (Vec::new(), false)
                        }
                    })
                    .collect();
                if let Some(out) = &args.out {
                    let folder = out.join(&sub.name);
                    fs::create_dir_all(&folder)?;
                    for ((s, r), (cases, _)) in sub.pairs.iter().zip(&per_pair) {
                        let ranges: Vec<_> = cases
                            .iter()
                            .map(|c| (c.this.clone(), c.that.clone()))
                            .collect();
                        fs::write(
                            folder.join(xml_name(s, r)),
                            eval::detections_xml(s, r, &ranges),
                        )?;
                    }
                }
                partial += per_pair.iter().filter(|(_, p)| *p).count();
                per_pair.into_iter().flat_map(|(c, _)| c).collect()
            }
        };
        let mut truth = Vec::new();
        for (s, r) in &sub.pairs {
            truth.extend(read_features(&truth_dir.join(xml_name(s, r)), TRUTH)?);
        }
        scored.push((sub.name.clone(), sub.pairs.len(), truth, detections));
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{:<28} {:>6} {:>6} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "sub-corpus", "pairs", "cases", "dets", "precision", "recall", "gran", "plagdet"
    );
    let (mut all_truth, mut all_det, mut all_pairs) = (Vec::new(), Vec::new(), 0);
    for (name, pairs, truth, det) in &scored {
        row(name, *pairs, &eval::score(truth, det));
        all_truth.extend_from_slice(truth);
        all_det.extend_from_slice(det);
        all_pairs += pairs;
    }
    row("entire", all_pairs, &eval::score(&all_truth, &all_det));
    if args.score.is_none() {
        println!(
            "{all_pairs} pairs in {elapsed:.2} s ({:.0} pairs/s, {} threads), \
             {partial} partial, {unreadable} unreadable",
            all_pairs as f64 / elapsed,
            pool.current_num_threads()
        );
    }
    Ok(())
}
