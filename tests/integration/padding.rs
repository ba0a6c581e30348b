//! `neardup padding`: the seed articles as snapshots, exit codes, unreadable
//! inputs among good ones, `--emit-clean`, and the JSON schema pinned by a
//! strict deserialize.

use std::fs;

use serde::Deserialize;

use crate::util::{neardup, sample, stderr, stdout, tempdir};

const SEEDS: [&str; 5] = [
    "1-wider-discourse",
    "2-setting-precedent",
    "3-blow-to-human-rights",
    "4-moscow-extends",
    "5-first-nation",
];

fn seed(name: &str) -> std::path::PathBuf {
    sample(&format!("seeds/{name}.txt"))
}

#[test]
fn seed_articles_human() {
    for name in SEEDS {
        let out = neardup()
            .args(["padding", "--color", "never", "--width", "100"])
            .arg(seed(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        insta::assert_snapshot!(format!("padding_human_{name}"), stdout(&out));
    }
}

#[test]
fn seed_articles_json() {
    for name in SEEDS {
        let out = neardup()
            .args(["padding", "--format", "json"])
            .arg(seed(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        insta::assert_snapshot!(format!("padding_json_{name}"), stdout(&out));
    }
}

#[test]
fn fail_over_sets_the_exit_code() {
    let run = |ratio: &str| {
        neardup()
            .args(["padding", "--fail-over", ratio])
            .args(SEEDS.map(seed))
            .output()
            .unwrap()
            .status
            .code()
    };
    // The padded article repeats about a third of itself.
    assert_eq!(run("0.5"), Some(0));
    assert_eq!(run("0.3"), Some(1));
    assert_eq!(run("1.5"), Some(2));
}

#[test]
fn unreadable_documents_are_reported_and_the_rest_still_run() {
    let dir = tempdir();
    let empty = dir.path().join("empty.txt");
    let bad = dir.path().join("latin1.txt");
    let binary = dir.path().join("binary.txt");
    fs::write(&empty, "").unwrap();
    fs::write(&bad, b"caf\xe9").unwrap();
    fs::write(&binary, b"ab\0cd").unwrap();
    let missing = dir.path().join("missing.txt");
    let out = neardup()
        .args(["padding", "--color", "never"])
        .arg(seed("1-wider-discourse"))
        .args([&missing, &empty, dir.path(), &bad, &binary])
        .arg(seed("2-setting-precedent"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("1-wider-discourse.txt · "), "{text}");
    assert!(text.contains("2-setting-precedent.txt · "), "{text}");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 5, "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    assert!(err.contains("empty file"), "{err}");
    assert!(err.contains("is a directory"), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(err.contains("binary file"), "{err}");

    let out = neardup()
        .args(["padding", "--format", "json"])
        .arg(&missing)
        .arg(seed("2-setting-precedent"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: Report = serde_json::from_str(&stdout(&out)).unwrap();
    match &report.documents[..] {
        [Entry::Failed(f), Entry::Analyzed(d)] => {
            assert!(f.path.ends_with("missing.txt"));
            assert!(!f.error.is_empty());
            assert!(d.path.ends_with("2-setting-precedent.txt"));
        }
        other => panic!("unexpected entries {other:?}"),
    }
}

#[test]
fn jsonl_prints_one_report_per_document() {
    let out = neardup()
        .args(["padding", "--format", "jsonl"])
        .args(SEEDS.map(seed))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let (summary, reports) = text.trim_end().rsplit_once('\n').map(|(r, s)| (s, r)).unwrap();
    let lines: Vec<Report> = reports
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert!(lines.iter().all(|r| r.documents.len() == 1));
    let summary: serde_json::Value = serde_json::from_str(summary).unwrap();
    assert_eq!(summary["summary"]["items"], 5);
    assert_eq!(summary["summary"]["exit_code"], 0);
}

#[test]
fn the_padded_article_is_about_one_third_repeats() {
    let out = neardup()
        .args(["padding", "--format", "json"])
        .args(SEEDS.map(seed))
        .output()
        .unwrap();
    let report: Report = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report.schema_version, 1);
    let docs: Vec<&Doc> = report
        .documents
        .iter()
        .map(|e| match e {
            Entry::Analyzed(d) => d,
            Entry::Failed(f) => panic!("{f:?}"),
        })
        .collect();
    let padded = docs[1];
    assert!((0.3..0.37).contains(&padded.padding_ratio), "{padded:?}");
    let copies: Vec<(u32, u32)> = padded
        .repeats
        .iter()
        .map(|r| (r.source.line, r.copy.line))
        .collect();
    assert_eq!(copies, [(2, 4), (7, 10), (8, 11), (9, 12)]);
    let text = fs::read_to_string(seed("2-setting-precedent")).unwrap();
    for r in &padded.repeats {
        let (s, c) = (&r.source, &r.copy);
        assert_eq!(
            text[s.start as usize..s.end as usize],
            text[c.start as usize..c.end as usize]
        );
    }
    for d in [docs[0], docs[2], docs[3], docs[4]] {
        assert!(d.padding_ratio < 0.05, "{d:?}");
    }
}

#[test]
fn emit_clean_writes_unpadded_copies_and_never_overwrites_inputs() {
    let dir = tempdir();
    let out_dir = dir.path().join("clean");
    let out = neardup()
        .args(["padding", "--emit-clean"])
        .arg(&out_dir)
        .args(SEEDS.map(seed))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let original = fs::read_to_string(seed("2-setting-precedent")).unwrap();
    let clean = fs::read_to_string(out_dir.join("2-setting-precedent.txt")).unwrap();
    // The repeated title (line 4) and paragraphs (lines 10-12) go; their
    // first occurrences stay.
    let kept: Vec<&str> = original
        .lines()
        .enumerate()
        .filter(|(i, _)| ![3, 9, 10, 11].contains(i))
        .map(|(_, l)| l)
        .collect();
    assert_eq!(clean.lines().collect::<Vec<_>>(), kept);
    let untouched = fs::read_to_string(seed("5-first-nation")).unwrap();
    assert!(
        fs::read_to_string(out_dir.join("5-first-nation.txt"))
            .unwrap()
            .len()
            <= untouched.len()
    );

    // An input inside the target directory is never overwritten.
    let input = dir.path().join("a.txt");
    let padded = "A Title Here\n\nA Title Here\n";
    fs::write(&input, padded).unwrap();
    let out = neardup()
        .args(["padding", "--emit-clean"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refusing to overwrite"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&input).unwrap(), padded);

    // Two inputs with one name: the second is refused.
    let other = dir.path().join("sub");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("a.txt"), padded).unwrap();
    let out = neardup()
        .args(["padding", "--emit-clean"])
        .arg(&out_dir)
        .arg(&input)
        .arg(other.join("a.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already wrote"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(out_dir.join("a.txt")).unwrap(),
        "A Title Here\n\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let code = |args: &[&str]| neardup().args(args).output().unwrap().status.code();
    assert_eq!(code(&["padding"]), Some(2));
    assert_eq!(code(&["padding", "--fail-over", "x", "a.txt"]), Some(2));
    for bad in [["--min-tokens", "0"], ["--shingle", "1"]] {
        let out = neardup()
            .arg("padding")
            .args(bad)
            .arg(seed("1-wider-discourse"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("invalid parameters"),
            "{}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty());
    }
}

// The JSON schema, pinned: unknown fields fail the tests.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    schema_version: u32,
    #[allow(dead_code)]
    params: Params,
    documents: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Params {
    shingle: u32,
    min_tokens: u32,
    max_gap: u32,
    lang: String,
    stem: bool,
    stopwords: bool,
    strip_diacritics: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Entry {
    Analyzed(Doc),
    Failed(Failed),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Failed {
    path: String,
    error: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    path: String,
    tokens: u32,
    chars: u32,
    bytes: u32,
    padding_ratio: f64,
    repeated_chars: u32,
    clean_ratio: f64,
    clean_chars: u32,
    repeats: Vec<Repeat>,
    keyword_lines: Vec<KeywordLine>,
    boilerplate: Vec<Boilerplate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Repeat {
    id: u32,
    kind: String,
    #[serde(rename = "match")]
    matched: String,
    source: Location,
    copy: Location,
    tokens: u32,
    identity: f64,
}

use crate::json::Location;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct KeywordLine {
    location: Location,
    reasons: Vec<Reason>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Reason {
    measure: String,
    value: f64,
    threshold: f64,
    terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Boilerplate {
    location: Location,
    rule: String,
}
