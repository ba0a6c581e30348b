//! Output does not depend on the thread count or on the order inputs are
//! given in (issue 14): `compare --pairs` is byte-identical, and `padding`
//! gives each document the same record.

use std::collections::BTreeMap;
use std::fs;

use crate::util::{neardup, root, sample, stderr, stdout, tempdir};

const PAIRS: [&str; 8] = [
    "01-exact-copy",
    "02-light-edit",
    "03-lifted-paragraph",
    "04-reordered-paragraphs",
    "05-shared-quote",
    "06-independent-same-topic",
    "07-typography",
    "90-views-edited-paragraph",
];

/// Every sample pair plus every seed against every other seed.
fn pair_lines() -> Vec<String> {
    let mut lines: Vec<String> = PAIRS
        .iter()
        .map(|p| {
            let dir = sample(&format!("pairs/{p}"));
            format!(
                "{}\t{}",
                dir.join("a.txt").display(),
                dir.join("b.txt").display()
            )
        })
        .collect();
    let seeds: Vec<String> = (1..=5)
        .map(|k| {
            let name = fs::read_dir(root().join("samples/seeds"))
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.starts_with(&format!("{k}-")))
                .unwrap();
            sample(&format!("seeds/{name}")).display().to_string()
        })
        .collect();
    for a in &seeds {
        for b in &seeds {
            if a != b {
                lines.push(format!("{a}\t{b}"));
            }
        }
    }
    lines
}

/// A fixed shuffle (reversed, then every other line first).
fn shuffled<T: Clone>(v: &[T]) -> Vec<T> {
    let rev: Vec<T> = v.iter().rev().cloned().collect();
    rev.iter()
        .step_by(2)
        .chain(rev.iter().skip(1).step_by(2))
        .cloned()
        .collect()
}

#[test]
fn compare_pairs_output_is_the_same_at_any_thread_count() {
    let dir = tempdir();
    let lines = pair_lines();
    let list = dir.path().join("pairs.tsv");
    fs::write(&list, lines.join("\n") + "\n").unwrap();
    let run = |threads: &str, list: &std::path::Path| {
        let out = neardup()
            .args([
                "compare",
                "--format",
                "jsonl",
                "--threads",
                threads,
                "--pairs",
            ])
            .arg(list)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let one = run("1", &list);
    assert_eq!(one.lines().count(), lines.len() + 1);
    assert_eq!(run("2", &list), one);
    // Shuffled input: the same record for each pair.
    let mixed = dir.path().join("mixed.tsv");
    fs::write(&mixed, shuffled(&lines).join("\n") + "\n").unwrap();
    let by_pair = |out: &str| -> BTreeMap<String, String> {
        out.lines()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let key = format!("{}\t{}", v["a"]["path"].as_str()?, v["b"]["path"].as_str()?);
                Some((key, l.to_string()))
            })
            .collect()
    };
    assert_eq!(by_pair(&run("2", &mixed)), by_pair(&one));
}

#[test]
fn padding_records_are_the_same_at_any_thread_count_and_order() {
    let mut files: Vec<String> = fs::read_dir(root().join("samples/seeds"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| {
            sample(&format!("seeds/{}", e.file_name().to_string_lossy()))
                .display()
                .to_string()
        })
        .collect();
    files.sort();
    for p in PAIRS {
        for side in ["a.txt", "b.txt"] {
            files.push(sample(&format!("pairs/{p}/{side}")).display().to_string());
        }
    }
    let run = |threads: &str, files: &[String]| {
        let out = neardup()
            .args(["padding", "--format", "jsonl", "--threads", threads])
            .args(files)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let one = run("1", &files);
    assert_eq!(run("2", &files), one);
    let records = |out: &str| -> BTreeMap<String, String> {
        out.lines()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let doc = v["documents"].get(0)?;
                Some((doc["path"].as_str()?.to_string(), doc.to_string()))
            })
            .collect()
    };
    let want = records(&one);
    assert_eq!(want.len(), files.len());
    assert_eq!(records(&run("2", &shuffled(&files))), want);
}
