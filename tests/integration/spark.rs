//! Issue 15: Parquet shards for the Spark band join (`sketch --format
//! parquet`), and `scan --candidates DIR` over a hand-made output of that
//! job: the same report as a local scan, and refusals with exit 2.
//!
//! The job itself (`spark/neardup_lsh.py`) is checked against a local scan
//! by `spark/equivalence.sh`, which CI runs where Java and pyspark are.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use ::parquet::data_type::{Int32Type, Int64Type};
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::parser::parse_message_type;
use neardup::scan::parquet::{self, BandRow, DocumentRow};
use serde_json::Value;

use crate::util::{neardup, stderr, stdout, tempdir};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// A pseudo-random article of `n` words (as in `scan.rs`).
fn article(seed: u64, n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "tu", "ra", "so", "vi", "de", "pa", "gro", "sha", "tri", "bel",
        "dun", "fa",
    ];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut out = String::new();
    for i in 0..n {
        for _ in 0..3 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push_str(SYLLABLES[(x >> 40) as usize % SYLLABLES.len()]);
        }
        out.push_str(if i % 12 == 11 { ".\n" } else { " " });
    }
    out
}

/// Two folders, as two machines would hold them: articles, near copies
/// (across the folders too), a bucket of five identical documents, a
/// shared footer line and an empty document.
fn corpus(dir: &Path) {
    for i in 0..12u64 {
        let mut text = article(i, 150);
        if i % 3 == 0 {
            text.push_str("\nShare this article with your friends\n");
        }
        write(dir, &format!("east/doc-{i:02}.txt"), &text);
        if i % 4 == 0 {
            let copy = text.replacen("ka", "KO", 2);
            write(dir, &format!("west/copy-{i:02}.txt"), &copy);
        }
    }
    let same = article(99, 120);
    for i in 0..5 {
        write(dir, &format!("west/same-{i}.txt"), &same);
    }
    write(dir, "west/punctuation.txt", "... !!! ???\n");
}

/// The corpus in `d`, its two folders sketched to Parquet shards.
fn two_shards(d: &Path) -> [std::path::PathBuf; 2] {
    corpus(d);
    sketch_parquet(d, "east", "pq-east");
    sketch_parquet(d, "west", "pq-west");
    [d.join("pq-east"), d.join("pq-west")]
}

fn sketch_parquet(dir: &Path, input: &str, out: &str) {
    let o = neardup()
        .current_dir(dir)
        .args(["sketch", input, "--format", "parquet", "-o", out, "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// neardup's band join over the shards' tables (the model the Spark job
/// follows): pairs of doc ids, `a < b`, and the buckets over `cap`.
fn band_join(bands: &[BandRow], docs: &[DocumentRow], cap: usize) -> (Vec<(i64, i64)>, u64) {
    let source: BTreeMap<i64, &str> = docs.iter().map(|d| (d.doc_id, d.source.as_str())).collect();
    let mut buckets: BTreeMap<(i32, i64), Vec<i64>> = BTreeMap::new();
    for r in bands {
        buckets
            .entry((r.band, r.band_key))
            .or_default()
            .push(r.doc_id);
    }
    let mut pairs = Vec::new();
    let mut capped = 0;
    for members in buckets.values_mut() {
        members.sort_by_key(|d| source[d]);
        if members.len() > cap {
            capped += 1;
            pairs.extend(
                members[1..]
                    .iter()
                    .map(|&d| (members[0].min(d), members[0].max(d))),
            );
        } else {
            for (i, &a) in members.iter().enumerate() {
                pairs.extend(members[i + 1..].iter().map(|&b| (a.min(b), a.max(b))));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, capped)
}

/// Pairs as Spark writes them: nullable int64 columns `a` and `b`.
fn write_pairs(path: &Path, pairs: &[(i64, i64)]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let schema = Arc::new(
        parse_message_type("message spark_schema { optional int64 a; optional int64 b; }").unwrap(),
    );
    let props = Arc::new(WriterProperties::builder().build());
    let mut w = SerializedFileWriter::new(fs::File::create(path).unwrap(), schema, props).unwrap();
    let mut g = w.next_row_group().unwrap();
    let defs = vec![1i16; pairs.len()];
    for column in [
        pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
        pairs.iter().map(|p| p.1).collect(),
    ] {
        let mut c = g.next_column().unwrap().unwrap();
        c.typed::<Int64Type>()
            .write_batch(&column, Some(&defs), None)
            .unwrap();
        c.close().unwrap();
    }
    g.close().unwrap();
    w.close().unwrap();
}

/// A candidates directory as the Spark job writes it, for `shards` and a
/// bucket cap.
fn candidates_dir(out: &Path, shards: &[&Path], cap: usize) -> Value {
    let (mut bands, mut docs) = (Vec::new(), Vec::new());
    for s in shards {
        bands.extend(parquet::read_bands(s).unwrap());
        docs.extend(parquet::read_documents(s).unwrap());
    }
    let (pairs, capped) = band_join(&bands, &docs, cap);
    write_pairs(&out.join("pairs/part-00000-x.snappy.parquet"), &pairs);
    fs::write(out.join("pairs/_SUCCESS"), "").unwrap();
    let header: Value =
        serde_json::from_str(&fs::read_to_string(shards[0].join("params.json")).unwrap()).unwrap();
    let run = serde_json::json!({
        "format": "neardup-candidates", "version": 1, "sketch": header,
        "shards": shards.len(), "documents": docs.len(), "band_rows": bands.len(),
        "max_bucket": cap, "buckets": 0, "capped_buckets": capped, "largest_bucket": 0,
        "pairs": pairs.len(), "components": 0, "iterations": 1,
    });
    write(out, "run/part-00000-x.txt", &format!("{run}\n"));
    run
}

fn scan(dir: &Path, extra: &[&str]) -> std::process::Output {
    neardup()
        .current_dir(dir)
        .args(["scan", "east", "west", "--format", "json"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn parquet_shards_read_back() {
    let dir = tempdir();
    let d = dir.path();
    corpus(d);
    sketch_parquet(d, "west", "pq");
    let o = neardup()
        .current_dir(d)
        .args(["sketch", "west", "-o", "west.jsonl"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let jsonl = fs::read_to_string(d.join("west.jsonl")).unwrap();
    let mut lines = jsonl.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    // The parameters are the JSON Lines shard's header.
    let params = parquet::read_params(&d.join("pq")).unwrap();
    assert_eq!(serde_json::to_value(&params).unwrap(), header);
    let docs = parquet::read_documents(&d.join("pq")).unwrap();
    let bands = parquet::read_bands(&d.join("pq")).unwrap();
    assert_eq!(docs.len(), 3 + 5 + 1);
    let mut seen = 0;
    for line in lines {
        let v: Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        let row = docs
            .iter()
            .find(|r| r.source == id)
            .expect("a documents row");
        assert_eq!(row.doc_id, parquet::doc_id(id));
        assert_eq!(row.length, v["tokens"].as_i64().unwrap());
        let text = fs::read_to_string(d.join(id)).unwrap();
        assert_eq!(row.content_hash, parquet::content_hash(&text));
        // One band row per band key, in band order, keys as signed bits.
        let keys: Vec<i64> = bands
            .iter()
            .filter(|b| b.doc_id == row.doc_id)
            .map(|b| b.band_key)
            .collect();
        let want: Vec<i64> = v["band_keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_u64().unwrap() as i64)
            .collect();
        assert_eq!(keys, want, "{id}");
        seen += 1;
    }
    assert_eq!(seen, docs.len());
    // The empty document is a documents row without band rows.
    let empty = docs
        .iter()
        .find(|r| r.source.ends_with("punctuation.txt"))
        .unwrap();
    assert_eq!(empty.length, 0);
    assert!(bands.iter().all(|b| b.doc_id != empty.doc_id));
    assert_eq!(bands.len(), 8 * 16);
    // Nothing is left next to the shard.
    let names: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
}

#[test]
fn candidates_from_outside_give_the_local_report() {
    let dir = tempdir();
    let d = dir.path();
    let shards = two_shards(d);
    let shards: Vec<&Path> = shards.iter().map(|p| p.as_path()).collect();
    for (cap, extra) in [(2000, None), (2, Some("2"))] {
        let out = d.join(format!("out-{cap}"));
        let run = candidates_dir(&out, &shards, cap);
        if cap == 2 {
            assert!(run["capped_buckets"].as_u64().unwrap() > 0, "{run}");
        }
        let mut local_args = vec![];
        if let Some(n) = extra {
            local_args = vec!["--max-bucket", n];
        }
        let local = scan(d, &local_args);
        assert_eq!(local.status.code(), Some(0), "{}", stderr(&local));
        let out_arg = out.display().to_string();
        let spark = scan(d, &["--candidates", &out_arg]);
        assert_eq!(spark.status.code(), Some(0), "{}", stderr(&spark));
        assert_eq!(stdout(&local), stdout(&spark), "cap {cap}");
        let v: Value = serde_json::from_str(&stdout(&spark)).unwrap();
        assert!(v["clusters"].as_array().unwrap().len() >= 4, "{v}");
        assert_eq!(v["params"]["max_bucket"], cap);
    }
    // The human report too.
    let out = d.join("out-2000").display().to_string();
    let human = |extra: &[&str]| {
        let o = neardup()
            .current_dir(d)
            .args([
                "scan", "east", "west", "--color", "never", "--width", "100", "-v",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    assert_eq!(human(&[]), human(&["--candidates", &out]));
}

#[test]
fn bad_candidates_and_shards_are_refused() {
    let dir = tempdir();
    let d = dir.path();
    let shards = two_shards(d);
    let shards: Vec<&Path> = shards.iter().map(|p| p.as_path()).collect();
    let good = d.join("good");
    let run = candidates_dir(&good, &shards, 2000);
    let refused = |out: &Path, extra: &[&str], want: &str| {
        let arg = out.display().to_string();
        let mut args = vec!["--candidates", arg.as_str()];
        args.extend(extra);
        let o = scan(d, &args);
        assert_eq!(o.status.code(), Some(2), "{want}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{want}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    };
    let copy = |name: &str| {
        let to = d.join(name);
        for sub in ["pairs", "run"] {
            fs::create_dir_all(to.join(sub)).unwrap();
            for e in fs::read_dir(good.join(sub)).unwrap() {
                let e = e.unwrap();
                fs::copy(e.path(), to.join(sub).join(e.file_name())).unwrap();
            }
        }
        to
    };
    let set_run = |to: &Path, run: &Value| {
        fs::write(to.join("run/part-00000-x.txt"), format!("{run}\n")).unwrap();
    };

    // Shards made with other parameters: the run record names them.
    let other = copy("other-seed");
    let mut r = run.clone();
    r["sketch"]["params"]["seed"] = 5.into();
    set_run(&other, &r);
    refused(&other, &[], "seed");
    refused(&other, &[], "other-seed/run");
    // Another banding than this scan's.
    refused(&good, &["--threshold", "0.5"], "banded 16x6");
    // A cap other than the run's.
    refused(&good, &["--max-bucket", "7"], "the Spark run used 2000");
    // Malformed output.
    refused(
        &d.join("nowhere"),
        &[],
        "not a directory of the Spark job's output",
    );
    let no_run = copy("no-run");
    fs::remove_dir_all(no_run.join("run")).unwrap();
    refused(&no_run, &[], "no run record");
    let foreign = copy("foreign");
    set_run(&foreign, &serde_json::json!({"format": "something"}));
    refused(&foreign, &[], "not a run record");
    let newer = copy("newer");
    let mut r = run.clone();
    r["version"] = 9.into();
    set_run(&newer, &r);
    refused(&newer, &[], "version 9");
    let count = copy("count");
    let mut r = run.clone();
    r["pairs"] = 999.into();
    set_run(&count, &r);
    refused(&count, &[], "but the run record says 999");
    let garbage = copy("garbage");
    fs::write(garbage.join("pairs/part-00001.parquet"), "not parquet").unwrap();
    refused(&garbage, &[], "not a readable Parquet file");
    let unknown = copy("unknown");
    write_pairs(
        &unknown.join("pairs/part-00000-x.snappy.parquet"),
        &[(1, 2)],
    );
    let mut r = run.clone();
    r["pairs"] = 1.into();
    set_run(&unknown, &r);
    refused(&unknown, &[], "not among the documents scanned");
    let typed = copy("typed");
    {
        let path = typed.join("pairs/part-00000-x.snappy.parquet");
        let schema = Arc::new(
            parse_message_type("message m { required int32 a; required int32 b; }").unwrap(),
        );
        let mut w = SerializedFileWriter::new(
            fs::File::create(&path).unwrap(),
            schema,
            Arc::new(WriterProperties::builder().build()),
        )
        .unwrap();
        let mut g = w.next_row_group().unwrap();
        for _ in 0..2 {
            let mut c = g.next_column().unwrap().unwrap();
            c.typed::<Int32Type>()
                .write_batch(&[1], None, None)
                .unwrap();
            c.close().unwrap();
        }
        g.close().unwrap();
        w.close().unwrap();
    }
    refused(&typed, &[], "column `a` is INT32");

    // `sketch --format parquet` needs a new directory.
    let o = neardup()
        .current_dir(d)
        .args(["sketch", "east", "--format", "parquet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o DIR"), "{}", stderr(&o));
    let o = neardup()
        .current_dir(d)
        .args(["sketch", "east", "--format", "parquet", "-o", "pq-west"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    // A document that repeats an id is reported and left out.
    let dup = serde_json::json!({"id": "x", "text": article(5, 60)});
    write(d, "dup.jsonl", &format!("{dup}\n{dup}\n"));
    let o = neardup()
        .current_dir(d)
        .args(["sketch", "dup.jsonl", "--format", "parquet", "-o", "pq-dup"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("more than once"), "{}", stderr(&o));
    assert_eq!(parquet::read_documents(&d.join("pq-dup")).unwrap().len(), 1);
}
