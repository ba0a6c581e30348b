//! The hashing core, stage by stage: tokenize, shingle, MinHash at 64, 128
//! and 256 values (next to classic 128-permutation MinHash, the scheme it
//! replaced, as a reference), and the whole text → signature path.
//! Throughput is in bytes of input text.

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
        let classic = Classic::new(128);
        g.bench_with_input(BenchmarkId::new("classic 128 perms", name), &set, |b, s| {
            b.iter(|| classic.sketch(black_box(s)))
        });
    }
    g.finish();
}

/// Classic MinHash as neardup computed it before one-permutation hashing
/// (hash version 1): per value, an affine map `a·x + b (mod 2^32)` of the
/// folded shingle hash, the inner loop vectorized across values (AVX2 when
/// the CPU has it). Kept here only to measure the two schemes in one run.
struct Classic {
    a: Vec<u32>,
    b: Vec<u32>,
}

impl Classic {
    fn new(n: usize) -> Self {
        let mut x: u64 = 0;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            neardup::hash::fmix64(x)
        };
        let (a, b) = (0..n)
            .map(|_| ((next() >> 32) as u32 | 1, (next() >> 32) as u32))
            .unzip();
        Classic { a, b }
    }

    fn sketch(&self, set: &[u64]) -> Vec<u32> {
        let mut values = vec![u32::MAX; self.a.len()];
        for chunk in set.chunks(16) {
            let xs: Vec<u32> = chunk.iter().map(|&x| (x ^ (x >> 32)) as u32).collect();
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2, checked just above.
                #[allow(unsafe_code)]
                unsafe {
                    fold_avx2(&self.a, &self.b, &xs, &mut values);
                }
                continue;
            }
            fold(&self.a, &self.b, &xs, &mut values);
        }
        values
    }
}

#[inline(always)]
fn fold(a: &[u32], b: &[u32], xs: &[u32], values: &mut [u32]) {
    for &x in xs {
        for ((v, &a), &b) in values.iter_mut().zip(a).zip(b) {
            *v = (*v).min(a.wrapping_mul(x).wrapping_add(b));
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fold_avx2(a: &[u32], b: &[u32], xs: &[u32], values: &mut [u32]) {
    fold(a, b, xs, values)
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
