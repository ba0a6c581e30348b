//! The hashing core, stage by stage: tokenize, shingle, MinHash at 64, 128
//! and 256 permutations, and the whole text → signature path. Throughput is
//! in bytes of input text.

#![allow(clippy::unwrap_used)] // benches fail loudly on bad fixtures

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::shingle::{hash_set, shingles};
use neardup::sketch::{MinHasher, SketchParams, Sketcher};
use neardup::text::{Pipeline, TextOptions};

mod common;

fn inputs() -> Vec<(&'static str, String)> {
    vec![
        ("seeds", common::seeds()),
        ("synthetic-1MB", common::synthetic(1 << 20, 7)),
    ]
}

fn tokenize(c: &mut Criterion) {
    let mut g = c.benchmark_group("tokenize");
    let plain = Pipeline::new(TextOptions::default());
    let stemmed = Pipeline::new(TextOptions {
        stem: true,
        remove_stopwords: true,
        ..TextOptions::default()
    });
    for (name, text) in inputs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("default", name), &text, |b, t| {
            b.iter(|| plain.document(black_box(t.clone())).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("stem+stopwords", name), &text, |b, t| {
            b.iter(|| stemmed.document(black_box(t.clone())).unwrap())
        });
    }
    g.finish();
}

fn shingle(c: &mut Criterion) {
    let mut g = c.benchmark_group("shingle");
    let p = Pipeline::new(TextOptions::default());
    for (name, text) in inputs() {
        let doc = p.document(text.clone()).unwrap();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("k=5", name), &doc, |b, d| {
            b.iter(|| hash_set(&shingles(black_box(d.tokens()), 5)))
        });
    }
    g.finish();
}

fn minhash(c: &mut Criterion) {
    let mut g = c.benchmark_group("minhash");
    let p = Pipeline::new(TextOptions::default());
    for (name, text) in inputs() {
        let set = hash_set(&shingles(p.document(text.clone()).unwrap().tokens(), 5));
        g.throughput(Throughput::Bytes(text.len() as u64));
        for perms in [64, 128, 256] {
            let h = MinHasher::new(SketchParams {
                num_perm: perms,
                ..SketchParams::default()
            })
            .unwrap();
            g.bench_with_input(
                BenchmarkId::new(format!("{perms} perms"), name),
                &set,
                |b, s| b.iter(|| h.sketch(black_box(s).iter().copied())),
            );
        }
    }
    g.finish();
}

fn text_to_signature(c: &mut Criterion) {
    let mut g = c.benchmark_group("text-to-signature");
    let sketcher = Sketcher::new(SketchParams::default()).unwrap();
    for (name, text) in inputs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("128 perms", name), &text, |b, t| {
            b.iter(|| sketcher.signature(black_box(t)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, tokenize, shingle, minhash, text_to_signature);
criterion_main!(benches);
