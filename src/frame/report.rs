//! What `frame` finds, as plain structs: the renderers read these, and the
//! JSON output is their serde form (`schema_version` 3; version 2 had at
//! most one event fact and no `arguments`, version 1 no fact `kind` and no
//! event facts).
//!
//! Offsets: `char_start`/`char_end` count Unicode scalar values of the
//! decoded text (end exclusive), `byte_start`/`byte_end` UTF-8 bytes.
//! Documents are numbered in input order from 0 (`doc`) and named by
//! `path` as given.

use std::ops::Range;

use serde::Serialize;

use super::units::UnitKind;

/// Version of the JSON layout below.
pub const SCHEMA_VERSION: u32 = 3;

/// The whole result.
#[derive(Debug, Clone, Serialize)]
pub struct FrameReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The inputs.
    pub documents: Vec<DocumentSummary>,
    /// Facts reported by at least two outlets: the story's main event first
    /// (when the articles agree on one; one fact per event of its class
    /// that the arguments tell apart), then the statements, most widely
    /// reported first.
    pub facts: Vec<Fact>,
    /// The coverage matrix: one row per fact (same order), one column per
    /// document.
    pub coverage: Vec<CoverageRow>,
    /// Per document: what no other document reports.
    pub exclusive: Vec<OutletPassages>,
    /// Per document: facts that most of the other documents report and it
    /// does not.
    pub omissions: Vec<Omission>,
    /// Quotations by speaker.
    pub quotes: Vec<SpeakerQuotes>,
    /// Names, numbers and dates that fill the same slot differently.
    pub disagreements: Vec<Disagreement>,
    /// Words used in the same slot by different outlets.
    pub framing: Vec<TermChoice>,
}

/// One input document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    /// As given.
    pub path: String,
    /// Words (tokens).
    pub words: usize,
    /// Sentence units.
    pub units: usize,
}

/// A stretch of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// The document's path.
    pub path: String,
    /// The document's index.
    pub doc: usize,
    /// First char.
    pub char_start: u32,
    /// One past the last char.
    pub char_end: u32,
    /// First byte.
    pub byte_start: u32,
    /// One past the last byte.
    pub byte_end: u32,
    /// The text, white space collapsed.
    pub text: String,
}

/// What a fact groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// Every sentence of each outlet that reports the story's main event
    /// (in any words: "dies", "her death"), found by its trigger class;
    /// one such fact per event of the class that the places named with it
    /// tell apart.
    Event,
    /// Sentences that state the same thing (a star of same-fact links).
    Statement,
}

/// One fact and how each outlet words it.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// 1-based, in report order.
    pub id: usize,
    /// Event or statement.
    pub kind: FactKind,
    /// For an event, its trigger classes (such as `death`); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event: Vec<String>,
    /// For one of several events of the class, the place or facility
    /// names that set it apart (`Betty Ford Center`); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// Number of documents that report it.
    pub outlets: usize,
    /// Index into `members` of the most central wording.
    pub centre: usize,
    /// The units that report it, in document order.
    pub members: Vec<Member>,
    /// Paths of the documents that do not report it.
    pub silent: Vec<String>,
}

/// One outlet's unit in a fact.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Where it is.
    #[serde(flatten)]
    pub passage: Passage,
    /// What kind of unit.
    pub kind: UnitKind,
    /// Same-fact score with the centre (1 for the centre).
    pub score: f64,
    /// Shares a verbatim passage with the centre.
    pub verbatim: bool,
    /// Words that differ from the centre's wording.
    pub changed: Vec<Change>,
    /// Its tokens.
    #[serde(skip)]
    pub tokens: Range<u32>,
    /// Token ranges of `changed`.
    #[serde(skip)]
    pub changed_tokens: Vec<Range<u32>>,
}

/// A run of words that differs from the centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// First char.
    pub char_start: u32,
    /// One past the last char.
    pub char_end: u32,
    /// The words.
    pub text: String,
}

/// A row of the coverage matrix.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    /// The fact's id.
    pub fact: usize,
    /// Per document: reports it.
    pub reported: Vec<bool>,
}

/// Passages of one document.
#[derive(Debug, Clone, Serialize)]
pub struct OutletPassages {
    /// The document's path.
    pub path: String,
    /// The document's index.
    pub doc: usize,
    /// The passages.
    pub passages: Vec<Passage>,
}

/// What one document leaves out.
#[derive(Debug, Clone, Serialize)]
pub struct Omission {
    /// The document's path.
    pub path: String,
    /// The document's index.
    pub doc: usize,
    /// Ids of facts most other documents report.
    pub facts: Vec<usize>,
}

/// How one speaker is quoted.
#[derive(Debug, Clone, Serialize)]
pub struct SpeakerQuotes {
    /// The speaker's longest name form.
    pub speaker: String,
    /// Number of documents quoting them.
    pub outlets: usize,
    /// The quotes, in document order.
    pub quotes: Vec<Quote>,
}

/// One quotation.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The quoted words (inside the quote marks).
    #[serde(flatten)]
    pub passage: Passage,
    /// How the speaker was found: `same_sentence`, `previous_sentence` or
    /// `following_quote` (a quoted heading attributed to the next quote of
    /// a named speaker).
    pub attribution: &'static str,
}

/// Two outlets filling one slot differently.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// `conflict` (different values) or `variant` (spellings of one name).
    pub kind: &'static str,
    /// What the slot is: `name`, `number`, `date`, or a role such as
    /// `ambassador`.
    pub slot: String,
    /// The fact holding both, if any (names are also compared between
    /// related units that no fact holds together).
    pub fact: Option<usize>,
    /// The two values.
    pub values: [Passage; 2],
}

/// Different words for one slot.
#[derive(Debug, Clone, Serialize)]
pub struct TermChoice {
    /// Each term and who uses it, most used first.
    pub terms: Vec<TermUse>,
    /// The less common (marked) term, when one is clearly rarer in general
    /// English than the other.
    pub marked: Option<String>,
    /// Facts where the terms meet.
    pub facts: Vec<usize>,
}

/// One term of a [`TermChoice`].
#[derive(Debug, Clone, Serialize)]
pub struct TermUse {
    /// The word as written (lower case).
    pub term: String,
    /// Documents using it in that slot.
    pub docs: Vec<usize>,
    /// Its rarity in general English, 0 to 1.
    pub rarity: f64,
}
