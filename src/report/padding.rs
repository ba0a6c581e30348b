//! The padding report: how much of each document repeats itself or is
//! filler (`neardup padding`).
//!
//! # JSON wire format
//!
//! `--format json` prints one [`PaddingReport`]; `--format jsonl` prints one
//! compact [`PaddingReport`] per document, each holding that one document.
//! Offsets follow the conventions of [`crate::report`] (bytes, chars, 1-based
//! lines, ends exclusive); scores have [`super::DECIMALS`] decimals.
//!
//! ```text
//! {
//!   "schema_version": 1,
//!   "params": {"shingle", "min_tokens", "max_gap", "lang", "stem",
//!              "stopwords", "strip_diacritics"},
//!   "documents": [
//!     {
//!       "path", "tokens", "chars", "bytes",
//!       "padding_ratio",   // share of chars that repeat earlier text
//!       "repeated_chars",  // chars removed with the repeats
//!       "clean_ratio",     // share of chars left without repeats and flagged lines
//!       "clean_chars",
//!       "repeats": [{"id", "kind": "title"|"heading"|"passage",
//!                    "match": "exact"|"edited",
//!                    "source": Location, "copy": Location,
//!                    "tokens", "identity"}],
//!       "keyword_lines": [{"location": Location,
//!                          "reasons": [{"measure": "tag_list"|"term_share"|"term_rate",
//!                                       "value", "threshold", "terms": [..]}]}],
//!       "boilerplate": [{"location": Location, "rule": "comment_form"|…}]
//!     },
//!     {"path", "error"}    // a document that could not be read
//!   ]
//! }
//! ```
//!
//! A `Location` is `{"start", "end", "char_start", "char_end", "line",
//! "end_line", "tokens"}` and spans from the first to the last word it covers.

use serde::{Deserialize, Serialize};

use super::{DocInfo, Location, rounded};
use crate::text::Span;

/// Version of the padding JSON output. It moves independently of the
/// comparison's [`super::SCHEMA_VERSION`]: each report type versions its own
/// shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `neardup padding` found, for every document in input order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaddingReport {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The settings of the analysis.
    pub params: PaddingParams,
    /// One entry per input, in input order.
    pub documents: Vec<PaddingEntry>,
}

impl PaddingReport {
    /// A report of `documents`, analysed with `params`.
    pub fn new(params: PaddingParams, documents: Vec<PaddingEntry>) -> Self {
        PaddingReport {
            schema_version: SCHEMA_VERSION,
            params,
            documents,
        }
    }
}

/// The settings a padding analysis ran with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaddingParams {
    /// Shingle size in words (seeds of repeated passages).
    pub shingle: u32,
    /// Shortest repeated passage reported, in words (repeated whole lines
    /// of three words or more are reported whatever their length).
    pub min_tokens: u32,
    /// Largest edit, in words, bridged inside one repeated passage.
    pub max_gap: u32,
    /// Language for stemming and stopwords.
    pub lang: String,
    /// Whether words were stemmed.
    pub stem: bool,
    /// Whether stopwords were skipped in shingles.
    pub stopwords: bool,
    /// Whether diacritics were stripped.
    pub strip_diacritics: bool,
}

/// One input: analysed, or the reason it could not be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PaddingEntry {
    /// The analysis of a readable document.
    Analyzed(DocumentPadding),
    /// A document that could not be read.
    Failed(FailedDocument),
}

/// An input that could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDocument {
    /// The path as given.
    pub path: String,
    /// What went wrong.
    pub error: String,
}

/// The padding analysis of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentPadding {
    /// Path and size.
    #[serde(flatten)]
    pub doc: DocInfo,
    /// Share of the document's chars that repeat earlier text
    /// (`repeated_chars / chars`).
    #[serde(serialize_with = "rounded")]
    pub padding_ratio: f64,
    /// Chars removed with the repeats (a copy that fills whole lines takes
    /// its lines, line breaks included).
    pub repeated_chars: u32,
    /// Share of the chars left after removing repeats and flagged lines
    /// (`clean_chars / chars`).
    #[serde(serialize_with = "rounded")]
    pub clean_ratio: f64,
    /// Chars left after removing repeats and flagged lines.
    pub clean_chars: u32,
    /// Later copies of earlier text, in text order of the copy.
    pub repeats: Vec<Repeat>,
    /// Lines that look stuffed with keywords, in text order.
    pub keyword_lines: Vec<KeywordLine>,
    /// Lines that look like page furniture rather than article text.
    pub boilerplate: Vec<BoilerplateLine>,
}

/// What a repeat repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatKind {
    /// The document's title (its first heading-like line).
    Title,
    /// Another heading-like line (short, no sentence punctuation at its end).
    Heading,
    /// Running text.
    Passage,
}

/// How closely a copy follows its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatMatch {
    /// Word for word.
    Exact,
    /// Lightly edited.
    Edited,
}

/// A later copy of earlier text in the same document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repeat {
    /// 1-based number, in text order of the copy.
    pub id: u32,
    /// What is repeated.
    pub kind: RepeatKind,
    /// Whether the copy is word for word or lightly edited.
    #[serde(rename = "match")]
    pub matched: RepeatMatch,
    /// The earlier text (the first occurrence; never removed).
    pub source: Location,
    /// The later copy.
    pub copy: Location,
    /// Words in the copy.
    pub tokens: u32,
    /// Share of identical words, `2 × equal / (source words + copy words)`.
    #[serde(serialize_with = "rounded")]
    pub identity: f64,
    /// The bytes removed with this copy (its words, widened to whole lines
    /// when nothing else stands on them).
    #[serde(skip)]
    pub cut: Span,
}

/// A line that looks stuffed with keywords.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeywordLine {
    /// The line (from its first to its last word).
    pub location: Location,
    /// Every measure that flagged it.
    pub reasons: Vec<KeywordReason>,
}

/// The measures of keyword stuffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordMeasure {
    /// A list of short comma-separated items: `value` is the number of items
    /// of at most three words.
    TagList,
    /// A few terms fill the line: `value` is the share of its content words
    /// taken by `terms`, its most frequent ones.
    TermShare,
    /// A term far above its rate in the rest of the document: `value` is its
    /// rate in the line divided by its rate in the whole document.
    TermRate,
}

/// Why a line was flagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeywordReason {
    /// Which measure.
    pub measure: KeywordMeasure,
    /// Its value on this line.
    #[serde(serialize_with = "rounded")]
    pub value: f64,
    /// The value at which it flags.
    #[serde(serialize_with = "rounded")]
    pub threshold: f64,
    /// The terms concerned, normalised (empty for a tag list).
    pub terms: Vec<String>,
}

/// The patterns of scraped page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoilerplateRule {
    /// A comment form: "Leave a Reply", "Your email address will not be
    /// published", "Required fields are marked".
    CommentForm,
    /// A publication stamp: "Published on", "Posted", "Updated" and a date.
    PublicationLine,
    /// A line holding only a date (and perhaps a time).
    DateLine,
    /// A byline: "By First Last", or a short name ending in a role such as
    /// "Editor", "Reporter" or "Desk".
    Byline,
    /// Image alt text: a lower-case description opening with "a"/"an" and
    /// no sentence punctuation, as image-captioning tools write it.
    ImageAltText,
    /// An image caption or credit: "Photo:", "Image credit", "Getty Images".
    ImageCredit,
    /// Share, follow, subscribe, related-links or advertisement widgets.
    PageWidget,
    /// A copyright notice.
    Copyright,
}

/// A line that looks like page furniture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoilerplateLine {
    /// The line (from its first to its last word).
    pub location: Location,
    /// The rule that matched.
    pub rule: BoilerplateRule,
}
