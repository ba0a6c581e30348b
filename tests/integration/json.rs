//! The JSON wire format, pinned: deserializing into structs that deny unknown
//! fields fails if a field is added or renamed without a schema bump.

#![allow(dead_code)]

// The mirrors below are shared with the other test modules that read JSON.

use serde::Deserialize;

use crate::util::{neardup, sample};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Comparison {
    pub(crate) schema_version: u32,
    pub(crate) a: Doc,
    pub(crate) b: Doc,
    pub(crate) params: Params,
    pub(crate) similarity: Similarity,
    pub(crate) passages: Vec<Passage>,
    pub(crate) sentences: Vec<SentenceRow>,
    pub(crate) derivation: Derivation,
    pub(crate) partial: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Derivation {
    pub(crate) verdict: String,
    pub(crate) score: f64,
    pub(crate) verbatim_share: f64,
    pub(crate) rewritten_share: f64,
    pub(crate) new_share: f64,
    pub(crate) revision: Option<String>,
    pub(crate) copied_stretches: f64,
    pub(crate) trigrams: f64,
    pub(crate) spans: Vec<DerivedSpan>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DerivedSpan {
    pub(crate) kind: String,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) char_start: u32,
    pub(crate) char_end: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SentenceRow {
    pub(crate) a: Option<Location>,
    pub(crate) b: Option<Location>,
    pub(crate) similarity: f64,
    pub(crate) moved: bool,
    pub(crate) passages: Vec<u32>,
    pub(crate) diff: Vec<WordOp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordOp {
    pub(crate) op: String,
    pub(crate) a: OpSide,
    pub(crate) b: OpSide,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OpSide {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) tokens: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Doc {
    pub(crate) path: String,
    pub(crate) tokens: u32,
    pub(crate) chars: u32,
    pub(crate) bytes: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    pub(crate) shingle: u32,
    pub(crate) perms: u32,
    pub(crate) seed: u64,
    pub(crate) hash_version: u32,
    pub(crate) min_tokens: u32,
    pub(crate) lang: String,
    pub(crate) stem: bool,
    pub(crate) stopwords: bool,
    pub(crate) strip_diacritics: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Similarity {
    pub(crate) jaccard: f64,
    pub(crate) jaccard_estimate: f64,
    pub(crate) containment_a_in_b: f64,
    pub(crate) containment_b_in_a: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Passage {
    pub(crate) id: u32,
    pub(crate) a: Location,
    pub(crate) b: Location,
    pub(crate) tokens: u32,
    pub(crate) identity: f64,
    pub(crate) kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Location {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) char_start: u32,
    pub(crate) char_end: u32,
    pub(crate) line: u32,
    pub(crate) end_line: u32,
    pub(crate) column: u32,
    pub(crate) end_column: u32,
    pub(crate) tokens: u32,
}

#[test]
fn compare_json_matches_schema_v5() {
    let a = sample("pairs/07-typography/a.txt");
    let b = sample("pairs/07-typography/b.txt");
    let out = neardup()
        .args(["compare", "--format", "json"])
        .args([&a, &b])
        .output()
        .unwrap();
    let c: Comparison = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c.schema_version, 5);
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
    // The same text twice: wholly derived, verbatim, spans in order with
    // byte and char offsets that agree.
    let d = &c.derivation;
    assert_eq!(d.verdict, "wholly");
    assert!(d.score > 2.0 / 3.0 && d.score <= 1.0);
    assert_eq!(d.revision.as_deref(), Some("copied"));
    assert!(d.copied_stretches > 0.9 && d.trigrams > 0.9);
    assert!(d.verbatim_share > 0.9);
    assert!((d.verbatim_share + d.rewritten_share + d.new_share - 1.0).abs() < 1e-3);
    assert!(d.spans.windows(2).all(|w| w[0].end <= w[1].start));
    for s in &d.spans {
        assert!(["verbatim", "rewritten", "new"].contains(&s.kind.as_str()));
        let by_chars: String = text_a
            .chars()
            .skip(s.char_start as usize)
            .take((s.char_end - s.char_start) as usize)
            .collect();
        assert_eq!(&text_a[s.start as usize..s.end as usize], by_chars);
    }
}
