//! The stages the other benches leave out, each on its own: reading bytes
//! into text and JSON Lines into documents (`read`), LSH band keys and the
//! band join (`band`), exact verification of a candidate pair (`verify`),
//! boilerplate candidates of a text (`boilerplate`), rendering one
//! comparison in every format (`render`) and a whole scan of a small
//! generated corpus (`scan`).
//! Throughput is in bytes of input text, or in documents for the join and
//! the scan.

#![allow(clippy::unwrap_used)] // benches fail loudly on bad fixtures

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::corpus::{Encoding, JsonlEntries, SourceOptions, decode_with};
use neardup::engine::Quiet;
use neardup::index::{self, candidate_pairs};
use neardup::render::{self, RenderOptions};
use neardup::scan::{Index, ScanOptions, Scanner, features};
use neardup::shingle::{hash_set, shingles};
use neardup::sketch::{SketchParams, Sketcher, jaccard};
use neardup::text::{Pipeline, TextOptions};
use neardup::{CompareOptions, Comparer};

mod common;

fn read(c: &mut Criterion) {
    let mut g = c.benchmark_group("read");
    let text = common::synthetic(1 << 20, 7);
    let latin1: Vec<u8> = text
        .bytes()
        .map(|ch| if ch == b'a' { 0xE9 } else { ch })
        .collect();
    let auto = SourceOptions {
        encoding: Encoding::Auto,
        ..SourceOptions::default()
    };
    let cases = [
        ("utf-8", text.into_bytes(), SourceOptions::default()),
        ("latin-1 detected", latin1, auto),
    ];
    for (name, bytes, opts) in cases {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(BenchmarkId::new("decode", name), &bytes, |b, bytes| {
            b.iter(|| decode_with(Path::new("x.txt"), black_box(bytes.clone()), &opts).unwrap())
        });
    }
    // Source-code-like texts: an escape (a line break, a tab, a quote)
    // every twenty bytes or so, as in the bench corpus.
    let jsonl: String = (0..300)
        .map(|i| {
            let text = common::synthetic(3_000, i)
                .replace(". ", ".\n\t")
                .replace("ta", "t\"a")
                .replace("mos", "m\\os");
            serde_json::json!({"id": format!("doc-{i}"), "text": text}).to_string() + "\n"
        })
        .collect();
    g.throughput(Throughput::Bytes(jsonl.len() as u64));
    g.bench_function("jsonl", |b| {
        let opts = SourceOptions::default();
        b.iter(|| {
            JsonlEntries::new(black_box(jsonl.as_bytes()), Path::new("x.jsonl"), &opts)
                .map(|e| e.text.unwrap().len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// `n` documents of about 3 kB, every tenth a light edit of the one before.
fn corpus(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let base = if i % 10 == 9 { i - 1 } else { i };
            let mut t = common::synthetic(3_000, base as u64);
            if base != i {
                t = t.replacen(' ', " and ", 3);
            }
            (format!("doc-{i:05}"), t)
        })
        .collect()
}

fn band(c: &mut Criterion) {
    let mut g = c.benchmark_group("band");
    let sk = Sketcher::new(SketchParams::default()).unwrap();
    let lsh = index::choose(0.8, SketchParams::default().num_perm);
    let sigs: Vec<_> = corpus(2_000)
        .iter()
        .map(|(_, t)| {
            sk.sign(&hash_set(
                &sk.shingles(&sk.pipeline().document(t.clone()).unwrap()),
            ))
        })
        .collect();
    g.throughput(Throughput::Elements(sigs.len() as u64));
    g.bench_function("keys/2000-docs", |b| {
        b.iter(|| {
            sigs.iter()
                .map(|s| index::band_keys(black_box(s), lsh))
                .collect::<Vec<_>>()
        })
    });
    let keys: Vec<Vec<u64>> = sigs.iter().map(|s| index::band_keys(s, lsh)).collect();
    g.bench_function("join/2000-docs", |b| {
        b.iter(|| candidate_pairs(black_box(&keys), index::DEFAULT_MAX_BUCKET))
    });
    g.finish();
}

fn verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("verify");
    let p = Pipeline::new(TextOptions::default());
    let a = common::synthetic(3_000, 1);
    let b = a.replacen(' ', " and ", 3);
    g.throughput(Throughput::Bytes((a.len() + b.len()) as u64));
    g.bench_function("shingle-sets+jaccard/3kB", |bench| {
        bench.iter(|| {
            let x = hash_set(&shingles(
                p.document(black_box(a.clone())).unwrap().tokens(),
                5,
            ));
            let y = hash_set(&shingles(
                p.document(black_box(b.clone())).unwrap().tokens(),
                5,
            ));
            jaccard(&x, &y)
        })
    });
    g.finish();
}

fn boilerplate(c: &mut Criterion) {
    let mut g = c.benchmark_group("boilerplate");
    let text = common::synthetic(1 << 20, 7);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("items/1MB", |b| {
        b.iter(|| features::boilerplate_hashes(black_box(&text)))
    });
    g.finish();
}

fn renders(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    let comparer = Comparer::new(CompareOptions::default()).unwrap();
    let a = include_str!("../samples/seeds/1-wider-discourse.txt");
    let b = include_str!("../samples/seeds/5-first-nation.txt");
    let cmp = comparer
        .compare(
            &comparer.prepare("a", a).unwrap(),
            &comparer.prepare("b", b).unwrap(),
        )
        .unwrap();
    g.throughput(Throughput::Bytes((a.len() + b.len()) as u64));
    let o = RenderOptions::default();
    g.bench_function("json/seeds-1-5", |bench| {
        bench.iter(|| render::json::pretty(&mut Vec::new(), black_box(&cmp)).unwrap())
    });
    g.bench_function("side-by-side/seeds-1-5", |bench| {
        bench.iter(|| render::side_by_side::compare(&mut Vec::new(), black_box(&cmp), &o).unwrap())
    });
    g.bench_function("inline/seeds-1-5", |bench| {
        bench.iter(|| render::inline::compare(&mut Vec::new(), black_box(&cmp), &o).unwrap())
    });
    g.bench_function("html/seeds-1-5", |bench| {
        bench.iter(|| render::html::compare(&mut Vec::new(), black_box(&cmp)).unwrap())
    });
    g.finish();
}

fn scan(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan");
    g.sample_size(10);
    let docs = corpus(2_000);
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let scanner = Scanner::new(ScanOptions::default()).unwrap();
    let feed = || docs.iter().map(|(id, t)| (id.clone(), Ok(t.clone())));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("whole/2000-docs", |b| {
        b.iter(|| {
            let mut index = Index::new();
            index.add_all(&scanner, feed(), &Quiet);
            index.finish(&scanner, feed(), &Quiet, None).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, read, band, verify, boilerplate, renders, scan);
criterion_main!(benches);
