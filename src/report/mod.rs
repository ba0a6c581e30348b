//! Stage 6: the result data model. No formatting happens here: renderers in
//! [`crate::render`] consume these structs, and their `Serialize` output is
//! the JSON wire format (schema documented in the README, pinned by a strict
//! deserialize test).
//!
//! Scores are rounded to [`DECIMALS`] decimals when serialized so output is
//! stable. Offsets: `start`/`end` are UTF-8 byte offsets, `char_start` /
//! `char_end` count Unicode scalar values from the start of the decoded file
//! (a byte-order mark counts), ends exclusive; `line`/`end_line` are 1-based.
//!
//! # Schema history
//!
//! * **v5** adds three fields to `derivation`: `revision`, how much a
//!   derived A changed B's wording (`"copied"`, `"light"` or `"heavy"`;
//!   null when the verdict is `not`, see [`crate::derive::Revision`]), and
//!   the two shares it reads: `copied_stretches`, the share of A's tokens
//!   in runs of at least [`crate::derive::COPIED_RUN`] tokens shared with
//!   B, and `trigrams`, the share of A's word trigrams that B has too.
//!   Every v4 field is unchanged.
//! * **v4**: the same fields; `derivation.verdict` and `.score` come from a
//!   document-level model ([`crate::derive::judge`]), no longer from the
//!   shares, and a clause's kind no longer depends on the pair sharing a
//!   long run: a verdict of `not` may come with rewritten clauses (two
//!   reports of one event retell the same facts).
//! * **v3** adds `derivation` to the comparison: whether A was derived from
//!   B ([`crate::derive`]). `{"verdict": "wholly" | "partially" | "not",
//!   "score", "verbatim_share", "rewritten_share", "new_share", "spans":
//!   [{"kind": "verbatim" | "rewritten" | "new", "start", "end",
//!   "char_start", "char_end"}…]}`: `score` runs from 0 to 1 (below 1/3 is
//!   `not`, from 2/3 `wholly`); the shares are of A's characters inside its
//!   clauses and add up to 1 (all 0 for a text without words); `spans` are
//!   A's clauses in order, each with its kind (byte and char offsets as
//!   everywhere else). Every v2 field is unchanged.
//! * **v2** adds `sentences` to the comparison: the sentences of A and B in
//!   reading order, paired where they report the same thing (see
//!   [`crate::align::sentences`]), each pair with its word diff. Every v1
//!   field is unchanged. A row ([`SentenceRow`]) is
//!   `{"a": Location | null, "b": Location | null, "similarity", "moved",
//!   "passages": [id…], "diff": [{"op", "a": {"start","end","tokens"},
//!   "b": {…}}…]}`: `a`/`b` locate the sentence (null when the other text
//!   has no counterpart), `similarity` is the pair score (0 for a lone
//!   sentence), `moved` says the pair is out of order (shown at A's
//!   position), `passages` lists the ids of the shared passages touching
//!   the row, and `diff` is the word diff of a pair (empty for a lone
//!   sentence): `op` is `equal`, `delete` (words only in A), `insert`
//!   (words only in B) or `replace`, with the byte span and token count of
//!   its words on each side (an empty span where a side has none).
//! * **v1**: documents, parameters, similarity, passages.

pub mod check;
pub mod padding;
pub mod scan;

use serde::{Deserialize, Serialize, Serializer};

use crate::align::sentences::SentenceAlignment;
use crate::align::{Passage, PassageKind};
use crate::derive::{self, SpanKind, Verdict};
use crate::diff::DiffKind;
use crate::text::{Document, Sentence, SourceText, Span};

/// Version of the JSON output. Bumped whenever a field is added, removed or
/// changes meaning.
pub const SCHEMA_VERSION: u32 = 5;

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

/// How a run ended, the contract with scripts and pipelines (see the
/// README's exit codes): errors outrank findings, findings outrank a clean
/// run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Finished, and nothing passed a `--fail-over` threshold: exit 0.
    Clean,
    /// Something passed a threshold: exit 1.
    Findings,
    /// Bad usage or input, even if only one input of many failed: exit 2.
    Error,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Error => 2,
        }
    }
}

/// A text's content hash as reports write it: XXH3-64 of its UTF-8 bytes,
/// 16 lowercase hex digits.
pub fn content_hash(text: &str) -> String {
    content_hash_hex(content_hash_value(text))
}

/// The value [`content_hash`] writes in hex.
pub fn content_hash_value(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// [`content_hash`] of a text whose [`content_hash_value`] is `h`.
pub fn content_hash_hex(h: u64) -> String {
    format!("{h:016x}")
}

/// Whether `score` fails a `--fail-over` threshold: the one rule every
/// command uses. A score at the threshold fails (`--fail-over 1` fails only
/// on complete copies; `--fail-over 0` on anything).
pub fn over(score: f64, threshold: f64) -> bool {
    score >= threshold
}

/// An input that produced no result, and why: it takes the result's place
/// in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The paths or ids of the inputs involved (two for a pair).
    pub inputs: Vec<String>,
    /// What went wrong, in one line.
    pub error: String,
}

/// The counts a run ends with, written last by every machine-readable
/// format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Results produced.
    pub items: u64,
    /// Inputs that failed (each reported where its result would be).
    pub errors: u64,
    /// Results over a `--fail-over` threshold.
    pub findings: u64,
    /// How the run ended.
    pub status: Status,
    /// The process exit code for `status`.
    pub exit_code: u8,
}

impl Summary {
    /// A summary of these counts; the status follows from them.
    pub fn new(items: u64, errors: u64, findings: u64) -> Self {
        let status = if errors > 0 {
            Status::Error
        } else if findings > 0 {
            Status::Findings
        } else {
            Status::Clean
        };
        Summary {
            items,
            errors,
            findings,
            status,
            exit_code: status.code(),
        }
    }
}

/// One document's vital statistics, and its text for renderers.
///
/// The text is not part of the wire format: a report read back from JSON
/// has an empty one, and renderers then show locations without excerpts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocInfo {
    /// The path as given (or `-` for standard input).
    pub path: String,
    /// Number of word tokens.
    pub tokens: u32,
    /// Number of Unicode scalar values.
    pub chars: u32,
    /// Number of bytes.
    pub bytes: u32,
    /// The text and its offset tables (shared with the document, not
    /// copied).
    #[serde(skip)]
    pub text: SourceText,
}

impl PartialEq for DocInfo {
    /// Reports are equal when their wire fields are; the text is what they
    /// describe, not part of the result.
    fn eq(&self, o: &Self) -> bool {
        (&self.path, self.tokens, self.chars, self.bytes) == (&o.path, o.tokens, o.chars, o.bytes)
    }
}

impl DocInfo {
    /// Statistics of `doc`, known as `path`.
    pub fn new(path: &str, doc: &Document) -> Self {
        DocInfo::of_source(path, doc.source())
    }

    /// Statistics of the text `source` (one span per token), known as
    /// `path`.
    pub fn of_source(path: &str, source: &SourceText) -> Self {
        DocInfo {
            path: path.to_string(),
            tokens: source.token_spans().len() as u32,
            chars: source.char_len(),
            bytes: source.text().len() as u32,
            text: source.clone(),
        }
    }
}

/// The parameters a comparison ran with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Params {
    /// Shingle size in words.
    pub shingle: u32,
    /// MinHash values per signature (`--perms`).
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Column of the first char in its line (1-based, in chars).
    #[serde(default)]
    pub column: u32,
    /// Column one past the last char, in `end_line` (1-based, in chars).
    #[serde(default)]
    pub end_column: u32,
    /// Number of tokens.
    pub tokens: u32,
    /// First token index (not serialized; for renderers).
    #[serde(skip)]
    pub first_token: u32,
}

impl Location {
    /// The location of token range `tokens` in `doc`.
    pub fn new(doc: &SourceText, tokens: std::ops::Range<u32>) -> Self {
        Location::of_span(doc, doc.token_span(tokens.clone()), tokens)
    }

    /// The location of `span`, which holds token range `tokens` (a span may
    /// reach past its tokens, e.g. to a sentence's final punctuation).
    pub fn of_span(doc: &SourceText, span: Span, tokens: std::ops::Range<u32>) -> Self {
        let (char_start, char_end) = (doc.char_offset(span.start), doc.char_offset(span.end));
        let line = doc.line_of(span.start);
        let end_line = doc.line_of(span.end.saturating_sub(1).max(span.start));
        let line_char = |l: u32| doc.char_offset(doc.line_span(l).start);
        Location {
            start: span.start,
            end: span.end,
            char_start,
            char_end,
            line,
            end_line,
            column: char_start - line_char(line) + 1,
            end_column: char_end.saturating_sub(line_char(end_line)) + 1,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    /// Sentences of both documents in reading order, paired where they
    /// correspond (schema v2).
    pub sentences: Vec<SentenceRow>,
    /// Whether, how much and where A derives from B (schema v3, decided
    /// by a document model since v4).
    pub derivation: Derivation,
    /// Whether alignment stopped at its work budget, so `passages` may miss
    /// some (see [`crate::align::WORK_BUDGET`]).
    pub partial: bool,
}

/// Whether A derives from B and how much: the verdict and the shares of
/// [`Derivation`], without the spans (what `scan` reports of a copied pair).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DerivationSummary {
    /// `wholly`, `partially` or `not`.
    pub verdict: Verdict,
    /// Calibrated score, 0 to 1: below 1/3 `not`, from 2/3 `wholly`.
    #[serde(serialize_with = "rounded")]
    pub score: f64,
    /// Share of A's clause characters copied from B.
    #[serde(serialize_with = "rounded")]
    pub verbatim_share: f64,
    /// Share of A's clause characters that reword B.
    #[serde(serialize_with = "rounded")]
    pub rewritten_share: f64,
    /// Share of A's clause characters not from B.
    #[serde(serialize_with = "rounded")]
    pub new_share: f64,
    /// How much a derived A revised B's wording: `copied`, `light` or
    /// `heavy`; null when the verdict is `not` (schema v5).
    pub revision: Option<derive::Revision>,
}

impl DerivationSummary {
    /// The summary of an analysis.
    pub fn new(d: &derive::Derivation) -> Self {
        DerivationSummary {
            verdict: d.verdict,
            score: d.score,
            verbatim_share: d.verbatim_share,
            rewritten_share: d.rewritten_share,
            new_share: d.new_share,
            revision: d.revision,
        }
    }

    /// How a person says the verdict: `wholly`, `mostly` (partially, less
    /// than half of A new), `partly`; `None` when A is not derived.
    pub fn degree(&self) -> Option<&'static str> {
        match self.verdict {
            Verdict::Not => None,
            Verdict::Wholly => Some("wholly"),
            Verdict::Partially if self.new_share < 0.5 => Some("mostly"),
            Verdict::Partially => Some("partly"),
        }
    }
}

/// How much of A derives from B, and where (see [`crate::derive`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    /// The verdict and the shares (in JSON, the first keys of the
    /// object).
    #[serde(flatten)]
    pub summary: DerivationSummary,
    /// Share of A's tokens in runs of at least [`derive::COPIED_RUN`]
    /// tokens shared with B (schema v5).
    #[serde(serialize_with = "rounded")]
    pub copied_stretches: f64,
    /// Share of A's word trigrams that B has too (schema v5).
    #[serde(serialize_with = "rounded")]
    pub trigrams: f64,
    /// A's clauses in order, each with its kind. JSON lists runs of them
    /// instead: consecutive clauses of one kind as one span from the first
    /// to the last (a long text has thousands of clauses, mostly new, and
    /// one record each made the derivation most of `compare --pairs`'s
    /// output; schema v5).
    #[serde(serialize_with = "runs_of_a_kind")]
    pub spans: Vec<DerivedSpan>,
    /// What the verdict read (not serialized; for a huge A, whose verdict
    /// is judged again over the whole of it).
    #[serde(skip)]
    pub document: derive::DocFeatures,
    /// Whether A and B share a run of [`derive::EVIDENCE_RUN`] tokens (not
    /// serialized; as for `document`).
    #[serde(skip)]
    pub evidence: bool,
}

/// Write `spans` with consecutive spans of one kind joined.
fn runs_of_a_kind<S: Serializer>(spans: &[DerivedSpan], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(spans.chunk_by(|x, y| x.kind == y.kind).map(|run| {
        let (first, last) = (&run[0], &run[run.len() - 1]);
        DerivedSpan {
            end: last.end,
            char_end: last.char_end,
            end_token: last.end_token,
            ..first.clone()
        }
    }))
}

/// One clause of A and what it is with respect to B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedSpan {
    /// Verbatim, rewritten or new.
    pub kind: SpanKind,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// First char (Unicode scalar value).
    pub char_start: u32,
    /// One past the last char.
    pub char_end: u32,
    /// First token index (not serialized; for renderers).
    #[serde(skip)]
    pub first_token: u32,
    /// One past the last token index (not serialized; for renderers).
    #[serde(skip)]
    pub end_token: u32,
}

impl Derivation {
    /// The report form of an analysis of `a`.
    pub fn new(a: &Document, d: &derive::Derivation) -> Self {
        Derivation {
            summary: DerivationSummary::new(d),
            copied_stretches: d.document.copied_stretches,
            trigrams: d.document.trigrams,
            document: d.document,
            evidence: d.evidence,
            spans: d
                .clauses
                .iter()
                .map(|c| DerivedSpan {
                    kind: c.kind,
                    start: c.span.start,
                    end: c.span.end,
                    char_start: a.char_offset(c.span.start),
                    char_end: a.char_offset(c.span.end),
                    first_token: c.tokens.start,
                    end_token: c.tokens.end,
                })
                .collect(),
        }
    }
}

/// The words of one side of a diff operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpSide {
    /// First byte of the first word (where the words would go, if none).
    pub start: u32,
    /// One past the last byte of the last word.
    pub end: u32,
    /// Number of words.
    pub tokens: u32,
    /// First token index (not serialized; for renderers).
    #[serde(skip)]
    pub first_token: u32,
}

impl OpSide {
    fn new(doc: &SourceText, tokens: std::ops::Range<u32>) -> Self {
        OpSide::at(doc.token_span(tokens.clone()), tokens)
    }

    /// The side covering `span`, which holds the tokens `tokens`.
    pub(crate) fn at(span: Span, tokens: std::ops::Range<u32>) -> Self {
        OpSide {
            start: span.start,
            end: span.end,
            tokens: tokens.len() as u32,
            first_token: tokens.start,
        }
    }

    /// The token range.
    pub fn token_range(&self) -> std::ops::Range<u32> {
        self.first_token..self.first_token + self.tokens
    }
}

/// One operation of a sentence pair's word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordOp {
    /// What it does.
    pub op: DiffKind,
    /// Its words in A.
    pub a: OpSide,
    /// Its words in B.
    pub b: OpSide,
}

/// One row of the sentence alignment: a pair of sentences that report the
/// same thing, or a sentence without counterpart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRow {
    /// The sentence in A (`null`: B's sentence has no counterpart).
    pub a: Option<Location>,
    /// The sentence in B (`null`: A's sentence has no counterpart).
    pub b: Option<Location>,
    /// Pair score from 0 to 1: the better of the passage anchor and the
    /// same-fact score ([`crate::align::sentences`]); 0 for a lone
    /// sentence.
    #[serde(serialize_with = "rounded")]
    pub similarity: f64,
    /// The pair is out of order: listed at A's position, while B's
    /// sentence stands elsewhere in B (its `b.line` says where).
    pub moved: bool,
    /// Ids of the shared passages touching this row (both sentences, for a
    /// pair), ascending.
    pub passages: Vec<u32>,
    /// Word diff of a pair, in order; empty for a lone sentence.
    pub diff: Vec<WordOp>,
}

impl SentenceRow {
    /// Report rows for an alignment of `a` and `b`; `ids` gives the id of
    /// each passage index the alignment refers to.
    pub fn from_alignment(
        al: &SentenceAlignment,
        a: &Document,
        b: &Document,
        ids: &[u32],
    ) -> Vec<SentenceRow> {
        // Each sentence stands in one row at most: locate only those of
        // the rows kept (with `--sentences matched`, a few of them).
        let locate = |doc: &Document, ss: &[Sentence], i: Option<u32>| {
            ss.get(i? as usize).map(|s| sentence_location(doc, s))
        };
        al.rows
            .iter()
            .map(|r| SentenceRow {
                a: locate(a, &al.a, r.a),
                b: locate(b, &al.b, r.b),
                similarity: r.similarity,
                moved: r.moved,
                passages: r
                    .passages
                    .iter()
                    .filter_map(|&p| ids.get(p as usize).copied())
                    .collect(),
                diff: r
                    .ops
                    .iter()
                    .map(|op| WordOp {
                        op: op.kind,
                        a: OpSide::new(a, op.a.clone()),
                        b: OpSide::new(b, op.b.clone()),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The location of a sentence (its span includes punctuation).
fn sentence_location(doc: &SourceText, s: &Sentence) -> Location {
    Location::of_span(doc, s.span, s.tokens.clone())
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
    fn sentence_locations_count_chars_like_char_offset() {
        let p = crate::text::Pipeline::new(crate::text::TextOptions::default());
        let d = p
            .document("\u{feff}Été — “first.” Second one?\r\nThird 塔利班.")
            .unwrap();
        let ss = d.sentences();
        let locs: Vec<Location> = ss.iter().map(|s| sentence_location(&d, s)).collect();
        assert_eq!(locs.len(), 3);
        for (l, s) in locs.iter().zip(&ss) {
            assert_eq!(l.char_start, d.char_offset(s.span.start));
            assert_eq!(l.char_end, d.char_offset(s.span.end));
            assert_eq!(l.span(), s.span);
        }
        assert_eq!(locs[2].line, 2);
    }
}
