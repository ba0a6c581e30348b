//! The JSON wire format, pinned: deserializing into structs that deny unknown
//! fields fails if a field is added or renamed without a schema bump.

#![allow(dead_code)]

use serde::Deserialize;

use crate::util::{neardup, sample};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Comparison {
    schema_version: u32,
    a: Doc,
    b: Doc,
    params: Params,
    similarity: Similarity,
    passages: Vec<Passage>,
    sentences: Vec<SentenceRow>,
    partial: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SentenceRow {
    a: Option<Location>,
    b: Option<Location>,
    similarity: f64,
    moved: bool,
    passages: Vec<u32>,
    diff: Vec<WordOp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordOp {
    op: String,
    a: OpSide,
    b: OpSide,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpSide {
    start: u32,
    end: u32,
    tokens: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    path: String,
    tokens: u32,
    chars: u32,
    bytes: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    shingle: u32,
    perms: u32,
    seed: u64,
    hash_version: u32,
    min_tokens: u32,
    lang: String,
    stem: bool,
    stopwords: bool,
    strip_diacritics: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Similarity {
    jaccard: f64,
    jaccard_estimate: f64,
    containment_a_in_b: f64,
    containment_b_in_a: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Passage {
    id: u32,
    a: Location,
    b: Location,
    tokens: u32,
    identity: f64,
    kind: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Location {
    start: u32,
    end: u32,
    char_start: u32,
    char_end: u32,
    line: u32,
    end_line: u32,
    tokens: u32,
}

#[test]
fn compare_json_matches_schema_v2() {
    let a = sample("pairs/07-typography/a.txt");
    let b = sample("pairs/07-typography/b.txt");
    let out = neardup()
        .args(["compare", "--format", "json"])
        .args([&a, &b])
        .output()
        .unwrap();
    let c: Comparison = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c.schema_version, 2);
    assert!(!c.partial);
    let text_a = std::fs::read_to_string(crate::util::root().join(&a)).unwrap();
    let p = &c.passages[0];
    // Byte and char offsets point at the same text.
    let by_bytes = &text_a[p.a.start as usize..p.a.end as usize];
    let by_chars: String = text_a
        .chars()
        .skip(p.a.char_start as usize)
        .take((p.a.char_end - p.a.char_start) as usize)
        .collect();
    assert_eq!(by_bytes, by_chars);
    assert!(by_bytes.starts_with("Minister’s"));
    assert_eq!(c.similarity.jaccard, 1.0);
    // Every sentence pairs with its twin, and the diff only has equal words.
    assert!(!c.sentences.is_empty());
    for row in &c.sentences {
        assert!(row.a.is_some() && row.b.is_some() && !row.moved);
        assert!(row.diff.iter().all(|op| op.op == "equal"));
        assert_eq!(row.passages, [1]);
    }
}
