//! How each outlet reported the same facts (`neardup frame FILES...`).
//!
//! Pure library: documents in, a [`FrameReport`] out; no I/O.
//!
//! ```text
//! documents → units → pairwise same-fact scores → facts (stars, no chaining)
//!            (units)   (similarity, names)          (group)
//!                    → main event: trigger class of the leads → event fact(s),
//!                      split by the places named with it    (event)
//!          → per fact: wording diffs, silent outlets; coverage, exclusives,
//!            omissions, quotes, disagreements, term choices   (analysis)
//! ```
//!
//! * [`units`] splits documents into sentence units (headlines, bullets,
//!   Q&A items and quoted paragraphs are units; `U.S.` or `Mr.` do not end a
//!   sentence).
//! * [`crate::align::fact`] scores two units (the same decision pairs the
//!   sentence rows of `compare`): shared stemmed content words weighted by
//!   rarity, in the given documents and in general English; names matched
//!   across transliterations ([`names`]); numbers and dates as anchors; a
//!   verbatim shared passage as a certain link.
//! * [`group`] builds facts as stars around a centre unit, so facts never
//!   chain (every member is close to the centre, and members are not far
//!   from each other).
//! * [`event`] finds the story's main event (a trigger class such as
//!   `death` in most leads) and every sentence of each outlet reporting it:
//!   the first fact, of kind `event`, or one per event of the class when
//!   the places named with the trigger tell several apart.
//! * `analysis` fills the report.
//!
//! ## The general-English word list
//!
//! Rarity in general English comes from `src/align/fact/english_words.txt`, a
//! ranked list of about 30,000 English words merged from the `english_wikipedia`
//! and `us_tv_and_film` frequency lists of zxcvbn (Dropbox), as shipped in
//! the Rust crate zxcvbn 3.1.1. Licence: MIT (copyright Dan Wheeler and
//! Dropbox, Inc.; Joshua Holmer), reproduced in the file's header.
//!
//! ```
//! use neardup::frame::{FrameOptions, Framer};
//!
//! let framer = Framer::new(FrameOptions::default());
//! let a = framer.document("Russia recognised the Taliban government on Thursday.".into()).unwrap();
//! let b = framer.document("On Thursday Moscow formally recognised the Taliban government.".into()).unwrap();
//! let report = framer.frame(&["a".into(), "b".into()], &[&a, &b]);
//! assert_eq!(report.facts.len(), 1);
//! assert_eq!(report.facts[0].outlets, 2);
//! ```

mod analysis;
pub mod event;
pub mod group;
pub mod report;
pub mod units;

pub use crate::align::fact::{names, reference};

pub use report::{FrameReport, SCHEMA_VERSION};

use crate::align::fact::{self, DocWords, Scorer, UnitRef};
use crate::align::units::Analyser;
use crate::error::Result;
use crate::text::{Document, Language, Pipeline, TextOptions};

/// Default lowest same-fact score between a fact's centre and a member:
/// the same-fact decision of [`crate::align::fact`].
pub const DEFAULT_THRESHOLD: f64 = fact::SAME_FACT;
/// Default most units of one document in one fact.
pub const DEFAULT_PER_OUTLET: usize = 2;
/// Default fewest shared content words of a link.
pub const DEFAULT_MIN_SHARED: usize = fact::DEFAULT_MIN_SHARED;

/// Settings of [`Framer`].
#[derive(Debug, Clone, PartialEq)]
pub struct FrameOptions {
    /// Language of the documents (stemmer and function words).
    pub language: Language,
    /// Lowest same-fact score of a member with its fact's centre (0–1).
    pub threshold: f64,
    /// Lowest same-fact score between two members of a fact from different
    /// documents (default: half the threshold).
    pub pair_threshold: Option<f64>,
    /// Most units of one document in one fact.
    pub per_outlet: usize,
    /// Fewest content words (or name variants) two units must share to be
    /// linked at all.
    pub min_shared: usize,
}

impl Default for FrameOptions {
    fn default() -> Self {
        FrameOptions {
            language: Language::English,
            threshold: DEFAULT_THRESHOLD,
            pair_threshold: None,
            per_outlet: DEFAULT_PER_OUTLET,
            min_shared: DEFAULT_MIN_SHARED,
        }
    }
}

impl FrameOptions {
    /// Group settings derived from these options.
    pub fn group_options(&self) -> group::GroupOptions {
        group::GroupOptions {
            threshold: self.threshold,
            pair_threshold: self.pair_threshold.unwrap_or(self.threshold * PAIR_FACTOR),
            per_outlet: self.per_outlet,
            novelty: NOVELTY,
        }
    }
}

/// Two members of a fact from different documents score at least this
/// share of the threshold with each other.
const PAIR_FACTOR: f64 = 0.5;
/// Least share of new cross-document pairs a fact must bring.
const NOVELTY: f64 = 0.5;

/// Finds facts across documents; build once, use for many sets.
#[derive(Debug)]
pub struct Framer {
    pipeline: Pipeline,
    analyser: Analyser,
    options: FrameOptions,
}

impl Framer {
    /// A framer with `options`.
    pub fn new(options: FrameOptions) -> Self {
        Framer {
            pipeline: Pipeline::new(TextOptions {
                language: options.language,
                ..TextOptions::default()
            }),
            analyser: Analyser::new(options.language),
            options,
        }
    }

    /// The options it was built with.
    pub fn options(&self) -> &FrameOptions {
        &self.options
    }

    /// Tokenize a text for [`Framer::frame`].
    pub fn document(&self, text: String) -> Result<Document> {
        self.pipeline.document(text)
    }

    /// Find the facts of `docs` (named `paths`, same order).
    pub fn frame(&self, paths: &[String], docs: &[&Document]) -> FrameReport {
        analysis::frame(self, paths, docs)
    }

    /// The same-fact score of two texts, each taken whole as one unit, with
    /// word rarity from the two texts and general English (what `frame`
    /// compares two units with; a fact's member scores at least
    /// [`FrameOptions::threshold`] with its centre).
    pub fn same_fact(&self, a: &str, b: &str) -> Result<f64> {
        let da = self.document(a.to_string())?;
        let db = self.document(b.to_string())?;
        let docs = [&da, &db];
        let words = docs.map(|d| DocWords::new(d, &self.analyser.content_words(d)));
        let word_refs = [&words[0], &words[1]];
        let units = UnitRef::whole(&docs);
        let scorer = Scorer::new(&docs, &word_refs, units, self.options.min_shared);
        Ok(scorer.link(0, 1).score)
    }
}
