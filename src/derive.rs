//! Stage 5d: did A come from B, how much, and which of its clauses?
//!
//! Runs after [`crate::align`] and before [`crate::report`], for one pair:
//! A (say a newspaper article) against B (say the wire story it may have
//! been written from). Every clause of A is classified as
//!
//! * **verbatim**: its words were copied (most of its tokens lie in runs of
//!   identical tokens shared with B, the exact layer's `align::runs`);
//! * **rewritten**: the same content in other words: the rare content words
//!   of the clause (names, numbers, the words that say what happened) are
//!   found together in one sentence of B or a short window of B's
//!   sentences, whatever their order;
//! * **new**: neither.
//!
//! **Clauses.** A's sentences ([`crate::text::SourceText::sentences`]) are cut at commas,
//! semicolons, colons, dashes, brackets and quotation marks into clauses of
//! at least [`MIN_CLAUSE_TOKENS`] tokens, because a journalist often keeps
//! half a wire sentence and adds an attribution or a detail of their own.
//!
//! **Features** ([`Features`]), per clause: the share of its tokens in
//! shared runs (any, and long ones); the share of its content words, each
//! weighted by its rarity within the pair (inverse sentence frequency over
//! the sentences of A and B), found in the best-matching sentence of B, in
//! the best window of [`WINDOW`] consecutive B sentences and anywhere in B;
//! the share of its tokens inside aligned passages; its number of content
//! words; the share of its pairs of consecutive content words that B has
//! too (a rewrite keeps short phrases such as names and titles); the mean
//! window share of its neighbours; the share of its tokens inside
//! quotation marks, and of those also in shared runs (a reporter in court
//! hears the quotes the wire carries); and three document-level values (the
//! share of A in shared runs, the mean window share and the share of A's
//! content-word weight found in B), so that the few names and facts two
//! independent reports of one event share do not make a clause look
//! rewritten when nothing else in A comes from B.
//!
//! **Model.** A logistic model of the features gives each clause a
//! probability of being derived ([`Clause::probability`]); from
//! [`DERIVED_PROBABILITY`] on it is derived, and a derived clause
//! is verbatim when at least [`VERBATIM_COPIED`] of its tokens are in
//! shared runs, else rewritten. The weights are fitted on the METER
//! development half by `scripts/fit_derivation.py` (clause labels from
//! METER's phrase annotation); see that script and `benches/README.md` for
//! the command and the cross-validated figures. A clause's kind says
//! whether B holds its content; whether A was written from B is the
//! document's verdict.
//!
//! **Document.** Shares are measured in characters of A's clauses (white
//! space between sentences is not counted). The verdict comes from a second
//! pair of logistic models over a handful of document measurements
//! ([`DocFeatures`]: the derived share, the mean clause probability, the
//! share of A in shared runs, the content of A found in B, the mean window
//! share, the length ratio, the share of A's consecutive content-word
//! pairs found in B and the share of A's quoted words in shared runs): one gives the probability that A derives
//! from B at all ([`DOC_DERIVED`]), the other that it derives wholly
//! ([`DOC_WHOLLY`]). A is `wholly` derived from [`WHOLLY_PROBABILITY`] of the
//! second on, else `partially` from [`PARTIAL_PROBABILITY`] of the first
//! on, else `not`. Fitted by the same script, on METER's article labels. The
//! [`Derivation::score`] maps the deciding probability into the verdict's
//! third of 0–1: below 1/3 is `not`, from 2/3 `wholly`.
//!
//! **Evidence.** Two outlets reporting one event independently share its
//! names, numbers, quotes and stock phrases, and every clause that repeats
//! them looks rewritten. So A counts as `partially` derived only when A
//! and B also share some wording: a run of [`EVIDENCE_RUN`] identical
//! tokens, or [`EVIDENCE_COPIED`] of A in shorter shared runs. A journalist
//! taking part of a wire story keeps some of its wording; independent
//! reports rarely share seven words in a row, or many runs of five. A
//! rewrite that keeps no wording still counts when it retells most of A:
//! [`EVIDENCE_DERIVED`] of A's characters in derived clauses. Without
//! such evidence, A is `wholly` derived (the whole of it retells B) or
//! `not`: on METER, articles without it are as often independent as partly
//! derived, and the document features cannot tell them apart.
//!
//! **Revision.** How much a derived A changed B's wording ([`Revision`],
//! after Clough and Stevenson's cut / light / heavy revisions): `copied`
//! when [`REVISION_COPIED`] of A lies in shared runs of [`COPIED_RUN`]
//! tokens (cut and paste keeps whole sentences; a light revision breaks
//! them every few words), else `light` when [`REVISION_LIGHT`] of A's word
//! trigrams are B's, else `heavy`. The shares of A's clauses no longer tell
//! these apart: a light revision is mostly verbatim clauses too. The two
//! thresholds are fitted on Clough and Stevenson's short answers by
//! `scripts/score_clough.py`, which reports them cross-validated.
//!
//! Cost: linear in the tokens of both texts, plus at most
//! [`MAX_CANDIDATES`] candidate B sentences per clause, each with
//! [`WINDOW`] windows; words found in more than [`MAX_POSTINGS`] sentences
//! of B propose no candidates. Deterministic: no clocks, no hash-map
//! iteration into output.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::align::{self, Run};
use crate::text::{Document, Span};

/// Fewest tokens in a clause: shorter pieces stay with their neighbour.
pub const MIN_CLAUSE_TOKENS: u32 = 4;

/// Shared runs at least this long count as long.
pub const LONG_RUN: u32 = 10;

/// Shortest shared run of identical tokens that shows A was written from B
/// (see "Evidence" in the module docs). The five seed articles, which
/// report one event independently, share at most six words in a row.
pub const EVIDENCE_RUN: u32 = 7;

/// Consecutive B sentences a clause may draw its content words from.
pub const WINDOW: usize = 3;

/// Best single B sentences per clause whose windows are examined.
pub const MAX_CANDIDATES: usize = 8;

/// Words in more sentences of B than this propose no candidates.
pub const MAX_POSTINGS: usize = 64;

/// Share of a derived clause's tokens in shared runs for it to be verbatim.
pub const VERBATIM_COPIED: f64 = 0.5;

/// Logistic model of a clause being derived: bias, then one weight per
/// feature in the order of [`Features::values`].
///
/// Fitted, with the seven constants below, by
///
/// ```text
/// cargo build --release --example derive_features
/// python3 scripts/fit_derivation.py --meter ../shared/data/meter-dev \
///     --bin target/release/examples/derive_features --seeds samples/seeds
/// ```
pub const WEIGHTS: [f64; 1 + Features::COUNT] = [
    -4.4775, 0.1131, -0.0973, 0.2549, 2.2509, 0.6862, 0.1989, 0.5611, -0.9626, 2.9563, 0.5962,
    1.1943, 0.6520, -1.7391, 2.3984,
];

/// Probability from which a clause counts as derived (fitted with
/// [`WEIGHTS`]).
pub const DERIVED_PROBABILITY: f64 = 0.45;

/// Logistic model of A deriving from B at all: bias, then one weight per
/// document feature in the order of [`DocFeatures::values`] (fitted with
/// [`WEIGHTS`]).
pub const DOC_DERIVED: [f64; 1 + DocFeatures::COUNT] = [
    -1.1611, 1.6874, 1.0556, 1.1750, -0.0993, 0.5876, -0.1315, 0.8871, 0.7671,
];

/// Logistic model of A deriving wholly from B, like [`DOC_DERIVED`].
pub const DOC_WHOLLY: [f64; 1 + DocFeatures::COUNT] = [
    -5.2922, 1.4342, 0.9753, 1.8501, 0.9559, 0.9040, -0.9362, 1.4787, -0.7161,
];

/// Probability of [`DOC_DERIVED`] from which the verdict is `partially`
/// (with evidence, see the module docs).
pub const PARTIAL_PROBABILITY: f64 = 0.575;

/// Probability of [`DOC_WHOLLY`] from which the verdict is `wholly`.
pub const WHOLLY_PROBABILITY: f64 = 0.5;

/// Share of A's tokens in shared runs that is evidence too, without a run
/// of [`EVIDENCE_RUN`] tokens (see the module docs): fitted with
/// [`WEIGHTS`] on a grid whose least value, 0.1, sits above the seed
/// articles' (at most 0.07), so the fit cannot make them derived.
pub const EVIDENCE_COPIED: f64 = 0.1;

/// Share of A's clause characters in derived clauses that is evidence too
/// (see the module docs): a rewrite that keeps no wording but retells most
/// of A. Fitted with [`WEIGHTS`] on a grid whose least value, 0.8, sits
/// above the seed articles' (at most 0.75).
pub const EVIDENCE_DERIVED: f64 = 0.8;

/// Shared runs at least this long are copied stretches: a cut-and-paste
/// keeps whole sentences, a light revision breaks them every few words
/// (see [`Revision`]).
pub const COPIED_RUN: u32 = 30;

/// Share of A's tokens in shared runs of [`COPIED_RUN`] tokens from which a
/// derived A is [`Revision::Copied`]. Fitted on the Clough & Stevenson short
/// answers by `scripts/score_clough.py`, which reports it cross-validated.
pub const REVISION_COPIED: f64 = 0.17;

/// Share of A's word trigrams found in B from which a derived A that is
/// not [`Revision::Copied`] is [`Revision::Light`], else
/// [`Revision::Heavy`] (fitted with [`REVISION_COPIED`]).
pub const REVISION_LIGHT: f64 = 0.46;

/// What a clause of A is with respect to B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    /// Copied words.
    Verbatim,
    /// B's content in other words.
    Rewritten,
    /// Not from B.
    New,
}

impl SpanKind {
    /// Whether the clause comes from B (verbatim or rewritten).
    pub fn is_derived(self) -> bool {
        self != SpanKind::New
    }
}

/// How much of A comes from B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A is (almost) all B's text, copied or rewritten.
    Wholly,
    /// A takes part of its text from B.
    Partially,
    /// A does not come from B (it may report the same facts).
    Not,
}

/// How much a derived A changed B's wording (the categories of Clough and
/// Stevenson's corpus of short answers written from a source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Revision {
    /// Cut and paste: much of A is long stretches of B's text (at least
    /// [`REVISION_COPIED`] of it in shared runs of [`COPIED_RUN`] tokens).
    Copied,
    /// B's text with small edits: no long stretches, but at least
    /// [`REVISION_LIGHT`] of A's word trigrams are B's.
    Light,
    /// B's content in A's own words: fewer of B's trigrams.
    Heavy,
}

/// How much a derived A revised B's wording (`None` when the verdict is
/// `not`): two thresholds on `doc`'s shares, fitted on answers labelled
/// cut, light and heavy (see [`Revision`]).
pub fn revision(doc: &DocFeatures, verdict: Verdict) -> Option<Revision> {
    if verdict == Verdict::Not {
        None
    } else if doc.copied_stretches >= REVISION_COPIED {
        Some(Revision::Copied)
    } else if doc.trigrams >= REVISION_LIGHT {
        Some(Revision::Light)
    } else {
        Some(Revision::Heavy)
    }
}

/// The features of one clause of A (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Features {
    /// Share of the clause's tokens in shared runs of identical tokens.
    pub copied: f64,
    /// The same for runs of at least [`LONG_RUN`] tokens.
    pub copied_long: f64,
    /// Weighted share of its content words found in the best B sentence.
    pub best: f64,
    /// The same in the best window of [`WINDOW`] B sentences.
    pub window: f64,
    /// The same anywhere in B.
    pub anywhere: f64,
    /// Share of its tokens inside aligned passages.
    pub passage: f64,
    /// `ln(1 + content words)`.
    pub words: f64,
    /// Share of all of A's tokens in shared runs.
    pub doc_copied: f64,
    /// Mean of `window` over A's clauses, weighted by tokens.
    pub doc_window: f64,
    /// Share of A's content-word weight found anywhere in B.
    pub doc_anywhere: f64,
    /// Share of its pairs of consecutive content words that are consecutive
    /// content words of B too.
    pub pairs: f64,
    /// Mean `window` of the clauses before and after it in A (derived
    /// clauses come in stretches).
    pub neighbours: f64,
    /// Share of its tokens inside quotation marks ([`quoted`]): a reporter
    /// in court hears the words the wire quotes, so quoted words found in
    /// B say less about A coming from B than the reporter's own do.
    pub quoted: f64,
    /// Share of its tokens both inside quotation marks and in shared runs.
    pub quoted_copied: f64,
}

impl Features {
    /// Number of features.
    pub const COUNT: usize = 14;

    /// The features in model order.
    pub fn values(&self) -> [f64; Features::COUNT] {
        [
            self.copied,
            self.copied_long,
            self.best,
            self.window,
            self.anywhere,
            self.passage,
            self.words,
            self.doc_copied,
            self.doc_window,
            self.doc_anywhere,
            self.pairs,
            self.neighbours,
            self.quoted,
            self.quoted_copied,
        ]
    }

    /// The model's probability that the clause is derived.
    pub fn probability(&self) -> f64 {
        logistic(&WEIGHTS, &self.values())
    }
}

/// The logistic model `weights` (bias first) of the values `x`.
fn logistic(weights: &[f64], x: &[f64]) -> f64 {
    let z = weights[0] + x.iter().zip(&weights[1..]).map(|(x, w)| x * w).sum::<f64>();
    1.0 / (1.0 + (-z).exp())
}

/// The document measurements of a pair that the verdict reads (see the
/// module docs).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct DocFeatures {
    /// Share of A's clause characters in derived clauses.
    pub derived: f64,
    /// Mean of the clauses' probabilities, weighted by characters.
    pub probability: f64,
    /// Share of A's tokens in shared runs.
    pub copied: f64,
    /// Share of A's content-word weight found anywhere in B.
    pub anywhere: f64,
    /// Mean window share of A's clauses, weighted by tokens.
    pub window: f64,
    /// `ln(tokens of A / tokens of B)`, over their sentences.
    pub length_ratio: f64,
    /// Share of A's pairs of consecutive content words found in B.
    pub pairs: f64,
    /// Share of A's tokens inside quotation marks that are in shared runs
    /// (0 without quotations): a reporter who heard the speaker quotes
    /// other sentences than the wire, or the same ones in other words.
    pub quoted_copied: f64,
    /// Share of A's tokens in shared runs of at least [`COPIED_RUN`]
    /// tokens (read by [`revision`], not by the verdict's models).
    pub copied_stretches: f64,
    /// Share of A's word trigrams (three consecutive tokens) that B has
    /// too (read by [`revision`] only).
    pub trigrams: f64,
}

impl DocFeatures {
    /// Number of document features.
    pub const COUNT: usize = 8;

    /// The features in model order.
    pub fn values(&self) -> [f64; DocFeatures::COUNT] {
        [
            self.derived,
            self.probability,
            self.copied,
            self.anywhere,
            self.window,
            self.length_ratio,
            self.pairs,
            self.quoted_copied,
        ]
    }

    /// The features when only `share` of A (in characters) was analysed and
    /// the rest counts as new (a huge A, see [`crate::engine::Comparer::compare`]):
    /// the shares of A shrink in proportion.
    pub fn scaled(&self, share: f64) -> DocFeatures {
        DocFeatures {
            derived: self.derived * share,
            probability: self.probability * share,
            copied: self.copied * share,
            anywhere: self.anywhere * share,
            window: self.window * share,
            length_ratio: self.length_ratio,
            pairs: self.pairs * share,
            quoted_copied: self.quoted_copied * share,
            copied_stretches: self.copied_stretches * share,
            trigrams: self.trigrams * share,
        }
    }
}

/// Room left below each third of the score, so that a rounded score never
/// reaches the next verdict's third.
const SCORE_GAP: f64 = 1e-3;

/// Score and verdict of a pair's document features, `long_run` saying
/// whether A and B share a run of [`EVIDENCE_RUN`] tokens (see the module
/// docs).
pub fn judge(doc: &DocFeatures, long_run: bool) -> (f64, Verdict) {
    let evidence = long_run || doc.copied >= EVIDENCE_COPIED || doc.derived >= EVIDENCE_DERIVED;
    let x = doc.values();
    let (derived, wholly) = (logistic(&DOC_DERIVED, &x), logistic(&DOC_WHOLLY, &x));
    // `at` in [0, 1] placed in the verdict's third of the score.
    let third = |k: f64, at: f64| (k + at.clamp(0.0, 1.0) * (1.0 - 3.0 * SCORE_GAP)) / 3.0;
    if wholly >= WHOLLY_PROBABILITY {
        let at = (wholly - WHOLLY_PROBABILITY) / (1.0 - WHOLLY_PROBABILITY);
        (third(2.0, at), Verdict::Wholly)
    } else if evidence && derived >= PARTIAL_PROBABILITY {
        let at = (derived - PARTIAL_PROBABILITY) / (1.0 - PARTIAL_PROBABILITY);
        (third(1.0, at), Verdict::Partially)
    } else {
        (third(0.0, derived / PARTIAL_PROBABILITY), Verdict::Not)
    }
}

/// One clause of A.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Its tokens.
    pub tokens: Range<u32>,
    /// Its byte span, from its first token to the next clause (trailing
    /// white space excluded), so punctuation belongs to a clause.
    pub span: Span,
    /// What the model saw.
    pub features: Features,
    /// The model's probability that it is derived.
    pub probability: f64,
    /// The decision.
    pub kind: SpanKind,
}

/// The derivation analysis of A against B.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    /// A's clauses in order.
    pub clauses: Vec<Clause>,
    /// Share of A's clause characters that are verbatim.
    pub verbatim_share: f64,
    /// The same, rewritten.
    pub rewritten_share: f64,
    /// The same, new.
    pub new_share: f64,
    /// Calibrated score from 0 (nothing from B) to 1 (all of it).
    pub score: f64,
    /// The verdict.
    pub verdict: Verdict,
    /// How much a derived A revised B's wording (`None` when `not`).
    pub revision: Option<Revision>,
    /// Whether A and B share a run of [`EVIDENCE_RUN`] tokens; without one,
    /// [`EVIDENCE_COPIED`] of A in shorter runs or [`EVIDENCE_DERIVED`] of
    /// A derived, A is not `partially` derived.
    pub evidence: bool,
    /// What the verdict read.
    pub document: DocFeatures,
}

/// What the derivation reads of one document: its content words per
/// sentence and which sentences hold each word, plus, made on first use,
/// what it reads of A (its clauses and quoted tokens) and of B (its pairs
/// of consecutive content words, its word trigrams). Made once per
/// document ([`crate::prepare::Whole`] keeps it), so a document in many
/// pairs is read once; a pair then costs one merge of the two
/// vocabularies and the clause scores.
#[derive(Debug, Clone, Default)]
pub struct DocIndex {
    /// Distinct content words and their ids, sorted by word; ids number
    /// the words by first appearance in the sentences, so every per-pair
    /// sum over ids runs in text order.
    by_key: Vec<(u64, u32)>,
    /// Each token's word id (`u32::MAX` for none).
    token_ids: Vec<u32>,
    /// Each sentence's distinct word ids, sorted: sentence `i` is
    /// `sentence_words[sentence_starts[i]..sentence_starts[i + 1]]`.
    sentence_words: Vec<u32>,
    sentence_starts: Vec<u32>,
    /// The sentences holding each word, ascending, laid out the same way
    /// (so a word's sentence frequency is the length of its list).
    postings: Vec<u32>,
    posting_starts: Vec<u32>,
    /// Tokens in the sentences.
    sentence_tokens: usize,
    /// As B: its consecutive content words (stopwords skipped), because a
    /// rewrite keeps short phrases that are no run of identical tokens.
    pairs: OnceLock<FxHashSet<(u64, u64)>>,
    /// As B: its word trigrams ([`trigram`]).
    trigrams: OnceLock<FxHashSet<u64>>,
    /// As A: its clauses.
    clauses: OnceLock<Clauses>,
}

/// A's side of a [`DocIndex`]: its clauses, their words and its quoted
/// tokens.
#[derive(Debug, Clone, Default)]
struct Clauses {
    /// Whether each token stands inside quotation marks ([`quoted`]).
    quoted: Vec<bool>,
    clauses: Vec<ClauseIndex>,
    /// Each clause's distinct word ids, sorted.
    words: Vec<u32>,
    /// Each clause's pairs of consecutive content words.
    pairs: Vec<(u64, u64)>,
}

/// A clause of [`Clauses`]: where it is and where its words are.
#[derive(Debug, Clone)]
struct ClauseIndex {
    tokens: Range<u32>,
    span: Span,
    words: Range<u32>,
    pairs: Range<u32>,
}

impl DocIndex {
    /// Index `doc` from its alignment features.
    pub fn new(doc: &Document, features: &align::Features) -> DocIndex {
        let words = features.words();
        let sentences = features.sentence_spans();
        let mut ids: FxHashMap<std::num::NonZeroU64, u32> = FxHashMap::with_capacity_and_hasher(
            align::units::distinct_guess(words.len()),
            Default::default(),
        );
        let mut token_ids = vec![u32::MAX; doc.tokens().len()];
        let mut sentence_words = Vec::new();
        let mut sentence_starts = vec![0u32];
        for s in sentences {
            let from = sentence_words.len();
            for t in s.tokens.clone() {
                if let Some(w) = words[t as usize] {
                    let next = ids.len() as u32;
                    let id = *ids.entry(w).or_insert(next);
                    token_ids[t as usize] = id;
                    sentence_words.push(id);
                }
            }
            sentence_words[from..].sort_unstable();
            let distinct = dedup_tail(&mut sentence_words, from);
            sentence_starts.push(distinct as u32);
        }
        let vocab = ids.len();
        let mut by_key: Vec<(u64, u32)> = ids.iter().map(|(w, &i)| (w.get(), i)).collect();
        by_key.sort_unstable();
        // Sentences are visited in order, so each word's list comes out
        // ascending.
        let (posting_starts, postings) = align::group_by_key(vocab, || {
            (0u32..).zip(sentence_starts.windows(2)).flat_map(|(j, r)| {
                sentence_words[r[0] as usize..r[1] as usize]
                    .iter()
                    .map(move |&w| (w, j))
            })
        });
        DocIndex {
            by_key,
            token_ids,
            sentence_words,
            sentence_starts,
            postings,
            posting_starts,
            sentence_tokens: sentences.iter().map(|s| s.tokens.len()).sum(),
            pairs: OnceLock::new(),
            trigrams: OnceLock::new(),
            clauses: OnceLock::new(),
        }
    }

    /// Its number of sentences.
    fn sentences(&self) -> usize {
        self.sentence_starts.len() - 1
    }

    fn sentence(&self, i: usize) -> &[u32] {
        &self.sentence_words[self.sentence_starts[i] as usize..self.sentence_starts[i + 1] as usize]
    }

    fn postings(&self, w: u32) -> &[u32] {
        let w = w as usize;
        &self.postings[self.posting_starts[w] as usize..self.posting_starts[w + 1] as usize]
    }

    /// For each word id of `self`, the id of the same word in `other`.
    fn matches(&self, other: &DocIndex) -> Vec<Option<u32>> {
        let mut out = vec![None; self.posting_starts.len() - 1];
        let (mut i, mut j) = (0, 0);
        let (x, y) = (&self.by_key, &other.by_key);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out[x[i].1 as usize] = Some(y[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }

    /// Its pairs of consecutive content words (`words`: its features'
    /// content words).
    fn pairs(&self, words: &[align::ContentWord]) -> &FxHashSet<(u64, u64)> {
        self.pairs.get_or_init(|| {
            let content: Vec<u64> = words.iter().flatten().map(|w| w.get()).collect();
            let mut pairs = FxHashSet::default();
            pairs.reserve(content.len());
            pairs.extend(content.windows(2).map(|w| (w[0], w[1])));
            pairs
        })
    }

    /// Its word trigrams (`doc`: the document it indexes).
    fn trigrams(&self, doc: &Document) -> &FxHashSet<u64> {
        self.trigrams.get_or_init(|| {
            let tokens = doc.tokens();
            let mut set = FxHashSet::default();
            set.reserve(tokens.len().saturating_sub(2));
            set.extend(tokens.windows(3).map(trigram));
            set
        })
    }

    /// Its clauses, made from `doc` and its features.
    fn clauses(&self, doc: &Document, features: &align::Features) -> &Clauses {
        self.clauses.get_or_init(|| {
            let words = features.words();
            let mut out = Clauses {
                quoted: quoted(doc),
                ..Clauses::default()
            };
            for s in features.sentence_spans() {
                for (tokens, span) in clauses_of(doc, s.span, s.tokens.clone()) {
                    let from = out.words.len();
                    out.words.extend(
                        tokens
                            .clone()
                            .map(|t| self.token_ids[t as usize])
                            .filter(|&id| id != u32::MAX),
                    );
                    out.words[from..].sort_unstable();
                    let to = dedup_tail(&mut out.words, from);
                    let first_pair = out.pairs.len();
                    let mut last: Option<u64> = None;
                    for w in tokens.clone().filter_map(|t| words[t as usize]) {
                        if let Some(l) = last {
                            out.pairs.push((l, w.get()));
                        }
                        last = Some(w.get());
                    }
                    out.clauses.push(ClauseIndex {
                        tokens,
                        span,
                        words: from as u32..to as u32,
                        pairs: first_pair as u32..out.pairs.len() as u32,
                    });
                }
            }
            out
        })
    }
}

/// Drop repeats from the sorted tail `v[from..]`; the new length.
fn dedup_tail(v: &mut Vec<u32>, from: usize) -> usize {
    let mut to = from;
    for k in from..v.len() {
        if to == from || v[k] != v[to - 1] {
            v[to] = v[k];
            to += 1;
        }
    }
    v.truncate(to);
    to
}

/// Analyse A against B from their indexes ([`DocIndex`]), the shared runs
/// of identical tokens (`align::runs`) and the token ranges in A of the
/// passages of their alignment.
pub(crate) fn derive(
    (a, fa, ia): (&Document, &align::Features, &DocIndex),
    (b, fb, ib): (&Document, &align::Features, &DocIndex),
    runs: &[Run],
    passages: &[Range<u32>],
) -> Derivation {
    let n = a.tokens().len();
    let ca = ia.clauses(a, fa);
    let pairs_b = ib.pairs(fb.words());
    let (mut in_run, mut in_long, mut in_passage) =
        (vec![false; n], vec![false; n], vec![false; n]);
    let mut in_stretch = vec![false; n];
    for r in runs {
        let long = r.a.1 - r.a.0 >= LONG_RUN;
        let stretch = r.a.1 - r.a.0 >= COPIED_RUN;
        for t in r.a.0..r.a.1.min(n as u32) {
            in_run[t as usize] = true;
            in_long[t as usize] |= long;
            in_stretch[t as usize] |= stretch;
        }
    }
    for p in passages {
        for t in p.start..p.end.min(n as u32) {
            in_passage[t as usize] = true;
        }
    }
    let in_quote = &ca.quoted;
    let quoted_run: Vec<bool> = in_quote
        .iter()
        .zip(&in_run)
        .map(|(q, r)| *q && *r)
        .collect();

    // A's words, with their rarity in the pair (inverse sentence frequency
    // over the sentences of A and B) and the sentences of B holding them.
    let nb = ib.sentences();
    let total = (ia.sentences() + nb) as f64;
    let in_b = ia.matches(ib);
    let freq: Vec<usize> = (0u32..)
        .zip(&in_b)
        .map(|(w, j)| ia.postings(w).len() + j.map_or(0, |j| ib.postings(j).len()))
        .collect();
    // A logarithm per frequency, not per word (words share few).
    let by_freq: Vec<f64> = (0..=freq.iter().copied().max().unwrap_or(0))
        .map(|f| (1.0 + total / f.max(1) as f64).ln())
        .collect();
    let weight: Vec<f64> = freq.iter().map(|&f| by_freq[f]).collect();
    let postings: Vec<&[u32]> = in_b
        .iter()
        .map(|j| j.map_or(&[][..], |j| ib.postings(j)))
        .collect();

    let (mut pairs_found, mut pairs_all) = (0usize, 0usize);
    let mut clauses: Vec<Clause> = Vec::with_capacity(ca.clauses.len());
    let mut scratch = Scratch::new(nb);
    for c in &ca.clauses {
        let tokens = c.tokens.clone();
        let cw = &ca.words[c.words.start as usize..c.words.end as usize];
        let len = tokens.len().max(1) as f64;
        let share = |flags: &[bool]| {
            let of_clause = &flags[tokens.start as usize..tokens.end as usize];
            of_clause.iter().filter(|&&f| f).count() as f64 / len
        };
        let (best, window, anywhere) = scratch.content(cw, &weight, &postings, nb);
        let ps = &ca.pairs[c.pairs.start as usize..c.pairs.end as usize];
        let (found, all) = (ps.iter().filter(|p| pairs_b.contains(p)).count(), ps.len());
        pairs_found += found;
        pairs_all += all;
        let features = Features {
            copied: share(&in_run),
            copied_long: share(&in_long),
            best,
            window,
            anywhere,
            passage: share(&in_passage),
            words: (1.0 + cw.len() as f64).ln(),
            pairs: if all > 0 {
                found as f64 / all as f64
            } else {
                0.0
            },
            quoted: share(in_quote),
            quoted_copied: share(&quoted_run),
            ..Features::default()
        };
        clauses.push(Clause {
            tokens,
            span: c.span,
            features,
            probability: 0.0,
            kind: SpanKind::New,
        });
    }

    // Document-level context.
    let tokens_a: usize = clauses.iter().map(|c| c.tokens.len()).sum();
    let doc_copied = in_run.iter().filter(|&&x| x).count() as f64 / n.max(1) as f64;
    let doc_window = clauses
        .iter()
        .map(|c| c.features.window * c.tokens.len() as f64)
        .sum::<f64>()
        / tokens_a.max(1) as f64;
    let (mut found, mut all) = (0.0, 0.0);
    for i in 0..ia.sentences() {
        for &w in ia.sentence(i) {
            all += weight[w as usize];
            if in_b[w as usize].is_some() {
                found += weight[w as usize];
            }
        }
    }
    let doc_anywhere = if all > 0.0 { found / all } else { 0.0 };
    // Without one long shared run, what A and B share is names, numbers and
    // short phrases of the same event: not evidence that A took part of B.
    let evidence = runs.iter().any(|r| r.a.1 - r.a.0 >= EVIDENCE_RUN);
    let windows: Vec<f64> = clauses.iter().map(|c| c.features.window).collect();
    for (k, c) in clauses.iter_mut().enumerate() {
        let before = k.checked_sub(1).map_or(0.0, |j| windows[j]);
        let after = windows.get(k + 1).copied().unwrap_or(0.0);
        c.features.neighbours = (before + after) / 2.0;
        c.features.doc_copied = doc_copied;
        c.features.doc_window = doc_window;
        c.features.doc_anywhere = doc_anywhere;
        c.probability = c.features.probability();
        c.kind = if c.probability < DERIVED_PROBABILITY {
            SpanKind::New
        } else if c.features.copied >= VERBATIM_COPIED {
            SpanKind::Verbatim
        } else {
            SpanKind::Rewritten
        };
    }
    let document = DocFeatures {
        copied: doc_copied,
        anywhere: doc_anywhere,
        window: doc_window,
        length_ratio: (tokens_a.max(1) as f64 / ib.sentence_tokens.max(1) as f64).ln(),
        pairs: pairs_found as f64 / pairs_all.max(1) as f64,
        quoted_copied: quoted_run.iter().filter(|&&x| x).count() as f64
            / in_quote.iter().filter(|&&x| x).count().max(1) as f64,
        copied_stretches: in_stretch.iter().filter(|&&x| x).count() as f64 / n.max(1) as f64,
        trigrams: trigram_share(a, ib.trigrams(b)),
        ..DocFeatures::default()
    };
    summarise(a, clauses, evidence, document)
}

/// Shares, score and verdict of classified clauses; `document` lacks the
/// measurements of the clauses, which this adds.
fn summarise(
    a: &Document,
    clauses: Vec<Clause>,
    evidence: bool,
    mut document: DocFeatures,
) -> Derivation {
    let mut chars = [0f64; 3];
    let mut probability = 0.0;
    for c in &clauses {
        let n = f64::from(a.char_offset(c.span.end) - a.char_offset(c.span.start));
        chars[c.kind as usize] += n;
        probability += n * c.probability;
    }
    let shares = Shares::of(chars);
    let all: f64 = chars.iter().sum();
    document.derived = shares.verbatim + shares.rewritten;
    document.probability = if all > 0.0 { probability / all } else { 0.0 };
    // A text without words derives from nothing.
    let (score, verdict) = if all > 0.0 {
        judge(&document, evidence)
    } else {
        (0.0, Verdict::Not)
    };
    Derivation {
        clauses,
        verbatim_share: shares.verbatim,
        rewritten_share: shares.rewritten,
        new_share: shares.new,
        score,
        verdict,
        revision: revision(&document, verdict),
        evidence,
        document,
    }
}

/// Share of A's word trigrams that B has too (`of_b`, from
/// [`DocIndex::trigrams`]): how much of B's wording survives at the scale
/// of short phrases, which a light revision keeps between its edits and a
/// heavy one does not.
fn trigram_share(a: &Document, of_b: &FxHashSet<u64>) -> f64 {
    let ta = a.tokens();
    if ta.len() < 3 || of_b.is_empty() {
        return 0.0;
    }
    ta.windows(3).filter(|w| of_b.contains(&trigram(w))).count() as f64 / (ta.len() - 2) as f64
}

/// The key of three consecutive tokens: token keys are already hashes, and
/// rotations keep their order.
fn trigram(w: &[crate::text::Token]) -> u64 {
    w[0].key ^ w[1].key.rotate_left(21) ^ w[2].key.rotate_left(42)
}

/// A derivation's shares of A's clause characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shares {
    pub(crate) verbatim: f64,
    pub(crate) rewritten: f64,
    pub(crate) new: f64,
}

impl Shares {
    /// From the characters of A's clauses of each kind (indexed by
    /// [`SpanKind`]).
    pub(crate) fn of(chars: [f64; 3]) -> Shares {
        let all: f64 = chars.iter().sum();
        let share = |k: SpanKind| {
            if all > 0.0 {
                chars[k as usize] / all
            } else {
                0.0
            }
        };
        let (verbatim, rewritten) = (share(SpanKind::Verbatim), share(SpanKind::Rewritten));
        let new = if all > 0.0 {
            1.0 - verbatim - rewritten
        } else {
            0.0
        };
        Shares {
            verbatim,
            rewritten,
            new: new.max(0.0),
        }
    }
}

/// Reusable per-call buffers for the content-word shares.
struct Scratch {
    hits: Vec<f64>,
    touched: Vec<u32>,
    starts: Vec<u32>,
}

impl Scratch {
    fn new(nb: usize) -> Self {
        Scratch {
            hits: vec![0.0; nb],
            touched: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// `(best, window, anywhere)` weighted shares of the words `cw`.
    fn content(
        &mut self,
        cw: &[u32],
        weight: &[f64],
        postings: &[&[u32]],
        nb: usize,
    ) -> (f64, f64, f64) {
        let total: f64 = cw.iter().map(|&w| weight[w as usize]).sum();
        if total <= 0.0 || nb == 0 {
            return (0.0, 0.0, 0.0);
        }
        let mut anywhere = 0.0;
        for &w in cw {
            let ps = postings[w as usize];
            if ps.is_empty() {
                continue;
            }
            anywhere += weight[w as usize];
            if ps.len() > MAX_POSTINGS {
                continue;
            }
            for &j in ps {
                if self.hits[j as usize] == 0.0 {
                    self.touched.push(j);
                }
                self.hits[j as usize] += weight[w as usize];
            }
        }
        let mut cands: Vec<(u32, f64)> = self
            .touched
            .iter()
            .map(|&j| (j, std::mem::take(&mut self.hits[j as usize])))
            .collect();
        self.touched.clear();
        cands.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        cands.truncate(MAX_CANDIDATES);
        let best = cands.first().map_or(0.0, |c| c.1);
        let mut window = best;
        // The windows holding a candidate, each once (neighbouring
        // candidates share most of theirs).
        self.starts.clear();
        for &(j, _) in &cands {
            let lo = (j as usize + 1).saturating_sub(WINDOW);
            self.starts.extend(lo as u32..=j);
        }
        self.starts.sort_unstable();
        self.starts.dedup();
        // The words B has at all, in order (so each sum adds the same
        // terms in the same order as over all of `cw`).
        let found: Vec<(&[u32], f64)> = cw
            .iter()
            .map(|&w| (postings[w as usize], weight[w as usize]))
            .filter(|(ps, _)| !ps.is_empty() && ps.len() <= MAX_POSTINGS)
            .collect();
        for &start in &self.starts {
            let end = (start as usize + WINDOW).min(nb) as u32;
            let got: f64 = found
                .iter()
                .filter(|(ps, _)| {
                    let k = ps.partition_point(|&x| x < start);
                    ps.get(k).is_some_and(|&x| x < end)
                })
                .map(|&(_, w)| w)
                .sum();
            window = f64::max(window, got);
        }
        (best / total, window / total, anywhere / total)
    }
}

/// Whether each token of `doc` stands inside quotation marks. A quotation
/// mark after white space or a bracket and before a word opens a
/// quotation; one elsewhere before white space or punctuation closes it;
/// so does a line break, because newspapers open every quoted paragraph
/// anew and a lost closing mark must not quote the rest of the text. An
/// apostrophe inside a word (`don't`) or after one (`parents'`) opens
/// nothing.
pub fn quoted(doc: &Document) -> Vec<bool> {
    let text = doc.text();
    let mut open = false;
    let mut from = 0usize;
    let mut out = Vec::with_capacity(doc.tokens().len());
    for t in doc.tokens() {
        let to = (t.span.start as usize).max(from);
        for (i, c) in text[from..to].char_indices() {
            let at = from + i;
            if c == '\n' {
                open = false;
            } else if matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’') {
                let before = text[..at].chars().next_back();
                let after = text[at + c.len_utf8()..].chars().next();
                if before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[')) {
                    open |= after.is_some_and(char::is_alphanumeric);
                } else if after.is_none_or(|a| a.is_whitespace() || ".,;:!?)]".contains(a)) {
                    open = false;
                }
            }
        }
        out.push(open);
        from = to.max(t.span.end as usize);
    }
    out
}

/// Whether the text between two tokens ends a clause.
fn clause_break(gap: &str) -> bool {
    gap.contains([
        ',', ';', ':', '(', ')', '"', '“', '”', '—', '–', '‘', '’', '\'',
    ]) || gap.contains(" - ")
}

/// The clauses of a sentence: token ranges and byte spans.
fn clauses_of(doc: &Document, span: Span, tokens: Range<u32>) -> Vec<(Range<u32>, Span)> {
    let toks = doc.tokens();
    let mut cuts: Vec<u32> = vec![tokens.start];
    for t in tokens.start + 1..tokens.end {
        let gap = &doc.text()
            [toks[t as usize - 1].span.end as usize..toks[t as usize].span.start as usize];
        if clause_break(gap)
            && t - cuts[cuts.len() - 1] >= MIN_CLAUSE_TOKENS
            && tokens.end - t >= MIN_CLAUSE_TOKENS
        {
            cuts.push(t);
        }
    }
    cuts.push(tokens.end);
    let text = doc.text();
    cuts.windows(2)
        .enumerate()
        .map(|(k, w)| {
            let start = if k == 0 {
                span.start
            } else {
                toks[w[0] as usize].span.start
            };
            let end = if w[1] == tokens.end {
                span.end
            } else {
                let next = toks[w[1] as usize].span.start as usize;
                (start as usize + text[start as usize..next].trim_end().len()) as u32
            };
            (w[0]..w[1], Span::new(start, end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{AlignOptions, Aligner, runs};
    use crate::shingle::shingles;
    use crate::text::{Language, test_doc as doc};

    fn analyse(a: &str, b: &str) -> (Document, Derivation) {
        let (a, b) = (doc(a), doc(b));
        let (sa, sb) = (shingles(a.tokens(), 5), shingles(b.tokens(), 5));
        let aligner = Aligner::new(AlignOptions::default(), Language::English);
        let al = aligner.align(&a, &sa, &b, &sb);
        let (fa, fb) = (aligner.features(&a, false), aligner.features(&b, false));
        let (ia, ib) = (DocIndex::new(&a, &fa), DocIndex::new(&b, &fb));
        let d = derive(
            (&a, &fa, &ia),
            (&b, &fb, &ib),
            &runs(&sa, &sb, false),
            &al.passages.iter().map(|p| p.a.clone()).collect::<Vec<_>>(),
        );
        (a, d)
    }

    #[test]
    fn clauses_split_at_punctuation_and_cover_the_sentence() {
        let d =
            doc("Smith, who is 34 and lives in Leeds, told the court he had never seen the money.");
        let ss = d.sentences();
        let cs = clauses_of(&d, ss[0].span, ss[0].tokens.clone());
        let texts: Vec<&str> = cs.iter().map(|(_, s)| d.slice(*s)).collect();
        assert_eq!(
            texts,
            [
                "Smith, who is 34 and lives in Leeds,",
                "told the court he had never seen the money."
            ]
        );
        assert_eq!(cs[0].0.start, 0);
        assert_eq!(cs[1].0.end, ss[0].tokens.end);
    }

    #[test]
    fn quotations_are_found_and_closed() {
        let d = doc(
            "He said: 'I was never there.' Then the parents' car \"failed\" today.\n\"Open quote\nnext line",
        );
        let q = quoted(&d);
        let marked: Vec<&str> = d
            .tokens()
            .iter()
            .zip(&q)
            .filter(|(_, q)| **q)
            .map(|(t, _)| d.slice(t.span))
            .collect();
        assert_eq!(
            marked,
            ["I", "was", "never", "there", "failed", "Open", "quote"]
        );
    }

    #[test]
    fn empty_and_unrelated_texts() {
        let (_, d) = analyse("", "");
        assert!(d.clauses.is_empty());
        assert_eq!(d.verdict, Verdict::Not);
        assert_eq!(d.score, 0.0);
        let (_, d) = analyse(
            "Markets rallied after the central bank cut interest rates.",
            "The village fete raised money for a new church roof.",
        );
        assert_eq!(d.verdict, Verdict::Not);
        assert!(d.clauses.iter().all(|c| c.kind == SpanKind::New));
    }

    #[test]
    fn a_copy_is_wholly_verbatim() {
        let text = "A man who stole paintings worth two million pounds from a \
            stately home in Norfolk was jailed for six years yesterday. Police \
            recovered the paintings from a lock-up garage in Essex after a tip-off.";
        let (_, d) = analyse(text, text);
        assert_eq!(d.verdict, Verdict::Wholly);
        assert!(d.verbatim_share > 0.9, "{d:?}");
        assert!(d.score > 0.8, "{d:?}");
    }

    #[test]
    fn scores_fall_in_the_verdicts_third() {
        let nothing = DocFeatures {
            length_ratio: 0.0,
            ..DocFeatures::default()
        };
        let all = DocFeatures {
            derived: 1.0,
            probability: 1.0,
            copied: 1.0,
            anywhere: 1.0,
            window: 1.0,
            length_ratio: 0.0,
            pairs: 1.0,
            quoted_copied: 1.0,
            copied_stretches: 1.0,
            trigrams: 1.0,
        };
        let (s, v) = judge(&nothing, true);
        assert_eq!(v, Verdict::Not);
        assert!((0.0..1.0 / 3.0).contains(&s));
        let (s, v) = judge(&all, true);
        assert_eq!(v, Verdict::Wholly);
        assert!((2.0 / 3.0..=1.0).contains(&s));
        // Between the two, a long shared run or enough shorter ones decide
        // `partially`.
        let half = DocFeatures {
            copied: EVIDENCE_COPIED / 2.0,
            ..all.scaled(0.6)
        };
        let (s, v) = judge(&half, true);
        assert_eq!(v, Verdict::Partially);
        assert!((1.0 / 3.0..2.0 / 3.0).contains(&s));
        let (s, v) = judge(&half, false);
        assert_eq!(v, Verdict::Not);
        assert!(s < 1.0 / 3.0);
        let more = DocFeatures {
            copied: EVIDENCE_COPIED,
            ..half
        };
        assert_eq!(judge(&more, false).1, Verdict::Partially);
        // So does a retelling of most of A without shared wording.
        let retold = DocFeatures {
            derived: EVIDENCE_DERIVED,
            ..half
        };
        assert_eq!(judge(&retold, false).1, Verdict::Partially);
        for x in [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] {
            for evidence in [false, true] {
                let (s, v) = judge(&all.scaled(x), evidence);
                let third = (crate::report::round(s) * 3.0).floor().min(2.0);
                assert_eq!(third as usize, 2 - v as usize, "{x} {evidence}: {s} {v:?}");
            }
        }
    }

    #[test]
    fn revision_reads_stretches_then_trigrams() {
        let doc = |copied_stretches, trigrams| DocFeatures {
            copied_stretches,
            trigrams,
            ..DocFeatures::default()
        };
        let light = doc(REVISION_COPIED / 2.0, REVISION_LIGHT);
        assert_eq!(revision(&light, Verdict::Not), None);
        for verdict in [Verdict::Partially, Verdict::Wholly] {
            assert_eq!(
                revision(&doc(REVISION_COPIED, 0.0), verdict),
                Some(Revision::Copied)
            );
            assert_eq!(revision(&light, verdict), Some(Revision::Light));
            let heavy = doc(REVISION_COPIED / 2.0, REVISION_LIGHT / 2.0);
            assert_eq!(revision(&heavy, verdict), Some(Revision::Heavy));
        }
    }

    /// B, a source; A, a light revision of it: a word changed every few
    /// words, so no long shared run but most trigrams kept.
    const SOURCE: &str = "In object oriented programming inheritance is a way to form new \
        classes using classes that have already been defined. The new classes, known as \
        derived classes, take over the attributes and behaviour of the existing classes, \
        which are referred to as base classes. It is intended to help reuse existing code \
        with little or no modification. Inheritance provides support for representation by \
        categorization in computer languages, a powerful mechanism of information \
        processing that is crucial to human learning by means of generalization.";

    #[test]
    fn a_cut_and_paste_is_copied_and_a_light_edit_is_light() {
        let (_, d) = analyse(SOURCE, SOURCE);
        assert_eq!(d.revision, Some(Revision::Copied), "{:?}", d.document);
        let light = "In object oriented programming inheritance is a method to form new \
            classes using classes that have previously been defined. The new classes, called \
            derived classes, take over the attributes and behaviour of the existing classes, \
            which are known as base classes. It is meant to help reuse existing code \
            with little or no change. Inheritance gives support for representation by \
            categorization in computer languages, a strong mechanism of information \
            processing that is vital to human learning by means of generalization.";
        let (_, d) = analyse(light, SOURCE);
        assert!(
            d.document.copied_stretches < REVISION_COPIED,
            "{:?}",
            d.document
        );
        assert!(d.document.trigrams >= REVISION_LIGHT, "{:?}", d.document);
        assert_ne!(d.verdict, Verdict::Not);
        assert_eq!(d.revision, Some(Revision::Light));
    }

    #[test]
    fn trigrams_count_a_s_word_triples_found_in_b() {
        let (a, b) = (
            doc("one two three four five"),
            doc("zero two three four six"),
        );
        // Of A's three trigrams, only "two three four" is B's.
        let of_b: FxHashSet<u64> = b.tokens().windows(3).map(trigram).collect();
        assert!((trigram_share(&a, &of_b) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(trigram_share(&doc("one two"), &of_b), 0.0);
    }
}
