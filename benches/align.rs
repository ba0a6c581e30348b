//! Comparing two news-length articles: shingles, exact measures, MinHash and
//! passage alignment together (`Comparer::compare`), on sample pairs and on a
//! synthetic pair with one lifted paragraph. Throughput is in bytes of both
//! texts.

#![allow(clippy::unwrap_used)] // benches fail loudly on bad fixtures

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neardup::engine::{CompareOptions, Comparer};

mod common;

fn compare(c: &mut Criterion) {
    let comparer = Comparer::new(CompareOptions::default()).unwrap();
    let lifted = common::synthetic(600, 3);
    let pairs = [
        (
            "seeds 1 vs 5",
            include_str!("../samples/seeds/1-wider-discourse.txt").to_string(),
            include_str!("../samples/seeds/5-first-nation.txt").to_string(),
        ),
        (
            "light edit",
            include_str!("../samples/pairs/02-light-edit/a.txt").to_string(),
            include_str!("../samples/pairs/02-light-edit/b.txt").to_string(),
        ),
        (
            "lifted paragraph 40kB",
            format!("{}{lifted}", common::synthetic(20_000, 1)),
            format!("{}{lifted}", common::synthetic(20_000, 2)),
        ),
    ];
    let mut g = c.benchmark_group("compare");
    for (name, a, b) in pairs {
        let (da, db) = (
            comparer.prepare("a", a.as_str()).unwrap(),
            comparer.prepare("b", b.as_str()).unwrap(),
        );
        g.throughput(Throughput::Bytes((a.len() + b.len()) as u64));
        g.bench_function(BenchmarkId::new("pair", name), |bench| {
            bench.iter(|| comparer.compare(black_box(&da), black_box(&db)).unwrap())
        });
        g.bench_function(BenchmarkId::new("prepare", name), |bench| {
            bench.iter(|| comparer.prepare("a", black_box(a.as_str())).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
