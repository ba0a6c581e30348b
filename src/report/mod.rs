//! Stage 6: the result data model. No formatting happens here: renderers in
//! [`crate::render`] consume these structs, and their `Serialize` output is
//! the JSON wire format (schema documented in the README, pinned by a strict
//! deserialize test).
//!
//! Scores are rounded to [`DECIMALS`] decimals when serialized so output is
//! stable. Offsets: `start`/`end` are UTF-8 byte offsets, `char_start` /
//! `char_end` count Unicode scalar values from the start of the decoded file
//! (a byte-order mark counts), ends exclusive; `line`/`end_line` are 1-based.

use serde::{Serialize, Serializer};

use crate::align::{Passage, PassageKind};
use crate::text::{Document, Span};

/// Version of the JSON output. Bumped whenever a field is added, removed or
/// changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// Decimals kept for scores in serialized output.
pub const DECIMALS: i32 = 4;

/// Round a score for output.
pub fn round(x: f64) -> f64 {
    let f = 10f64.powi(DECIMALS);
    (x * f).round() / f
}

fn rounded<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round(*x))
}

/// One document's vital statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocInfo {
    /// The path as given (or `-` for standard input).
    pub path: String,
    /// Number of word tokens.
    pub tokens: u32,
    /// Number of Unicode scalar values.
    pub chars: u32,
    /// Number of bytes.
    pub bytes: u32,
}

impl DocInfo {
    /// Statistics of `doc`, known as `path`.
    pub fn new(path: &str, doc: &Document) -> Self {
        DocInfo {
            path: path.to_string(),
            tokens: doc.tokens().len() as u32,
            chars: doc.char_len(),
            bytes: doc.text().len() as u32,
        }
    }
}

/// The parameters a comparison ran with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    /// Shingle size in words.
    pub shingle: u32,
    /// MinHash permutations.
    pub perms: u32,
    /// MinHash seed.
    pub seed: u64,
    /// Version of the token and shingle hashes.
    pub hash_version: u32,
    /// Shortest passage reported, in tokens.
    pub min_tokens: u32,
    /// Language for stemming and stopwords.
    pub lang: String,
    /// Whether words were stemmed.
    pub stem: bool,
    /// Whether stopwords were skipped in shingles.
    pub stopwords: bool,
    /// Whether diacritics were stripped.
    pub strip_diacritics: bool,
}

/// Document-level similarity. `jaccard` and both containments are exact,
/// computed from the shingle sets; `jaccard_estimate` is MinHash's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similarity {
    /// Exact Jaccard similarity of the shingle sets.
    #[serde(serialize_with = "rounded")]
    pub jaccard: f64,
    /// MinHash estimate of the same.
    #[serde(serialize_with = "rounded")]
    pub jaccard_estimate: f64,
    /// Share of A's shingles that occur in B.
    #[serde(serialize_with = "rounded")]
    pub containment_a_in_b: f64,
    /// Share of B's shingles that occur in A.
    #[serde(serialize_with = "rounded")]
    pub containment_b_in_a: f64,
}

/// Where a passage stands in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// First char (Unicode scalar value).
    pub char_start: u32,
    /// One past the last char.
    pub char_end: u32,
    /// Line of the first byte (1-based).
    pub line: u32,
    /// Line of the last byte (1-based).
    pub end_line: u32,
    /// Number of tokens.
    pub tokens: u32,
    /// First token index (not serialized; for renderers).
    #[serde(skip)]
    pub first_token: u32,
}

impl Location {
    /// The location of token range `tokens` in `doc`.
    pub fn new(doc: &Document, tokens: std::ops::Range<u32>) -> Self {
        let span = doc.token_span(tokens.clone());
        Location {
            start: span.start,
            end: span.end,
            char_start: doc.char_offset(span.start),
            char_end: doc.char_offset(span.end),
            line: doc.line_of(span.start),
            end_line: doc.line_of(span.end.saturating_sub(1).max(span.start)),
            tokens: tokens.len() as u32,
            first_token: tokens.start,
        }
    }

    /// The byte span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The token range.
    pub fn token_range(&self) -> std::ops::Range<u32> {
        self.first_token..self.first_token + self.tokens
    }
}

/// A shared passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedPassage {
    /// 1-based number, in A order; renderers use it as the passage's name.
    pub id: u32,
    /// Where it stands in A.
    pub a: Location,
    /// Where it stands in B.
    pub b: Location,
    /// Number of tokens on A's side.
    pub tokens: u32,
    /// Share of identical tokens, `2 × equal / (tokens A + tokens B)`.
    #[serde(serialize_with = "rounded")]
    pub identity: f64,
    /// How it was found.
    pub kind: PassageKind,
}

impl SharedPassage {
    /// Locate an aligned passage in both documents.
    pub fn new(id: u32, a: &Document, b: &Document, p: &Passage) -> Self {
        SharedPassage {
            id,
            a: Location::new(a, p.a.clone()),
            b: Location::new(b, p.b.clone()),
            tokens: p.a.len() as u32,
            identity: p.identity,
            kind: p.kind,
        }
    }
}

/// The comparison of two documents: `neardup compare A B`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Document A.
    pub a: DocInfo,
    /// Document B.
    pub b: DocInfo,
    /// Parameters.
    pub params: Params,
    /// Document-level scores.
    pub similarity: Similarity,
    /// Shared passages, sorted by position in A, then B.
    pub passages: Vec<SharedPassage>,
    /// Whether alignment stopped at its work budget, so `passages` may miss
    /// some (see [`crate::align::WORK_BUDGET`]).
    pub partial: bool,
}

impl Comparison {
    /// Share of A's tokens covered by at least one passage.
    pub fn coverage_a(&self) -> f64 {
        coverage(
            self.a.tokens,
            self.passages.iter().map(|p| p.a.token_range()),
        )
    }

    /// Share of B's tokens covered by at least one passage.
    pub fn coverage_b(&self) -> f64 {
        coverage(
            self.b.tokens,
            self.passages.iter().map(|p| p.b.token_range()),
        )
    }
}

fn coverage(total: u32, ranges: impl Iterator<Item = std::ops::Range<u32>>) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let mut rs: Vec<_> = ranges.collect();
    rs.sort_by_key(|r| r.start);
    let (mut covered, mut end) = (0u32, 0u32);
    for r in rs {
        let start = r.start.max(end);
        if r.end > start {
            covered += r.end - start;
            end = r.end;
        }
    }
    covered as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(round(0.123_456), 0.1235);
        assert_eq!(round(1.0), 1.0);
    }

    #[test]
    fn coverage_merges_overlaps() {
        assert_eq!(coverage(10, [0..4, 2..6, 8..9].into_iter()), 0.7);
        assert_eq!(coverage(0, std::iter::empty()), 0.0);
    }
}
