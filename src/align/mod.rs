//! Stage 5a: find the passages two documents share, verbatim or reworded.
//!
//! [`Aligner`] runs two layers over a pair and merges them.
//!
//! **Exact layer** (`runs`, `chain`):
//!
//! 1. **Seeds.** Every shingle of A whose hash also occurs in B gives a seed
//!    `(i, j)` (shingle indices). A hash that occurs more than
//!    [`MAX_OCCURRENCES`] times in B (boilerplate, lists, repetitive text)
//!    seeds only its k-th occurrence in A with its k-th in B, so the work
//!    stays linear.
//! 2. **Runs.** Seeds on one diagonal with consecutive indices form a run:
//!    a maximal stretch of identical tokens.
//! 3. **Chains.** Runs are chained into passages across small edits: a run
//!    that starts at most `max_gap` tokens after a passage ends, in both
//!    documents, extends it. One changed, inserted or deleted word leaves a
//!    gap of zero or one token, so it never splits a passage. Runs on other
//!    diagonals start their own passages, which is how reordered paragraphs
//!    and a passage of A that occurs twice in B are found.
//!
//! **Sentence layer** (after Sánchez-Pérez, Sidorov and Gelbukh, PAN 2014):
//! sentences whose stemmed content words are similar (tf·isf cosine and
//! Dice) seed; seeds are clustered across gaps of a few sentences into
//! fragments, validated, and clustered again with a long gap on B's side to
//! find a short passage of A that summarises a long one of B. This finds
//! reuse with words changed, shuffled or translated back and forth, which
//! shares few shingles. Its thresholds are constants, chosen once on the
//! PAN 2013 training corpus (`benches/README.md`); nothing adapts per
//! document except the vocabulary weights, which come from the pair itself.
//!
//! **Merge.** A fragment whose A side is mostly covered by exact passages
//! (70%, or 35% for word-for-word copies) is reported with their word-exact
//! bounds: as one passage when the copies keep their order, as the copies
//! themselves when they are reordered. Otherwise it is reported as found,
//! less any stretch of `TRIM_MIN_TOKENS` (8) or more unshared words at its
//! ends, and widened to any exact passage it touches. Exact passages outside every
//! fragment stand alone. A passage lying inside a longer one (in A, or in B
//! where their A sides overlap) is dropped, so a repeated sentence does not
//! turn into a second, partial copy; equal copies of a passage all stay.
//! Passages shorter than `min_tokens` on either side are dropped, and each
//! survivor gets its identity (share of identical tokens) and
//! [`PassageKind`].
//!
//! Passages are token ranges, sorted by (A start, B start). Work is bounded
//! by a deterministic budget ([`WORK_BUDGET`]); a pair that exhausts it is
//! marked [`Alignment::partial`], so output never depends on the clock or
//! the thread count.

pub mod fact;
pub mod sentences;

use rustc_hash::FxHashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

mod extend;
pub(crate) mod units;

use crate::diff;
use crate::shingle::Shingle;
use crate::text::{Document, Language};
use extend::{Budget, Shape, fragments};
pub(crate) use extend::{GAP, SUMMARY_GAP_A};
pub use units::Word as ContentWord;
use units::{Analyser, DocUnits, pair_units};

/// Shingle hashes more frequent than this in B do not seed.
pub const MAX_OCCURRENCES: usize = 64;

/// Default shortest passage, in tokens.
///
/// Measured on the PAN 2013 training corpus with the default aligner
/// (`benches/README.md`): plagdet over the whole corpus is 0.897 at 15,
/// 0.900 at 20, 0.905 at 25 and 0.904 at 30; shorter minimums let set
/// phrases and boilerplate through as passages. 25 is about one full
/// sentence. A quotation shared by two articles is usually shorter and is
/// not reuse of their text; `--min-tokens 10` shows such quotes.
pub const DEFAULT_MIN_TOKENS: u32 = 25;

/// Alignment settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlignOptions {
    /// Shortest passage reported, in tokens (on both sides).
    pub min_tokens: u32,
    /// Largest gap, in tokens on each side, bridged inside one passage.
    pub max_gap: u32,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            min_tokens: DEFAULT_MIN_TOKENS,
            max_gap: 8,
        }
    }
}

/// How a passage was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// Identical token sequences.
    Exact,
    /// Identical runs joined across small edits.
    Edited,
    /// Similar sentences in a different order.
    Reordered,
    /// Similar sentences (reworded), in the same order.
    Paraphrased,
    /// A short passage of A condensing a much longer one of B.
    Summary,
}

impl PassageKind {
    /// Whether the words themselves were copied (exact or lightly edited),
    /// as opposed to the same content told in other words.
    pub fn is_copy(self) -> bool {
        matches!(self, PassageKind::Exact | PassageKind::Edited)
    }
}

/// A passage shared by two documents, as token ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Token range in A.
    pub a: Range<u32>,
    /// Token range in B.
    pub b: Range<u32>,
    /// Share of identical tokens: `2 × equal / (len A + len B)`.
    pub identity: f64,
    /// How it was found.
    pub kind: PassageKind,
}

/// A maximal run of identical tokens, as token ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    /// Token range in A.
    pub a: (u32, u32),
    /// Token range in B.
    pub b: (u32, u32),
}

/// Runs of identical shingles between A and B. With `same_doc`, A and B are
/// the same document and only pairs with `j > i` seed, so a text is not
/// aligned with itself on the main diagonal.
pub(crate) fn runs(sa: &[Shingle], sb: &[Shingle], same_doc: bool) -> Vec<Run> {
    // Only hashes that occur in A are ever looked up: when B is the longer,
    // index only those (a list per distinct hash costs some 60 bytes).
    let in_a: Option<Vec<u64>> = (sb.len() > sa.len()).then(|| {
        let mut h: Vec<u64> = sa.iter().map(|s| s.hash).collect();
        h.sort_unstable();
        h.dedup();
        h
    });
    let where_b = Positions::new(sb, in_a.as_deref());
    // Open runs by diagonal (j - i): (first i, first j, last i).
    let mut open: FxHashMap<i64, (u32, u32, u32)> = FxHashMap::default();
    let mut done: Vec<(u32, u32, u32)> = Vec::new(); // (first i, first j, len)
    // How often each too-frequent hash has occurred in A so far.
    let mut rank: FxHashMap<u64, usize> = FxHashMap::default();
    for (i, s) in sa.iter().enumerate() {
        let i = i as u32;
        let Some(js) = where_b.get(s.hash) else {
            continue;
        };
        let js: &[u32] = if js.len() > MAX_OCCURRENCES {
            // Too frequent to pair every occurrence with every other: pair
            // the k-th occurrence in A with the k-th in B (with the next
            // one, within one document). Identical repetitive texts still
            // align on one diagonal, and the work stays linear.
            let r = rank.entry(s.hash).or_insert(0);
            let k = *r + usize::from(same_doc);
            *r += 1;
            js.get(k..=k).unwrap_or(&[])
        } else {
            js
        };
        for &j in js {
            if same_doc && j <= i {
                continue;
            }
            let d = j as i64 - i as i64;
            match open.get_mut(&d) {
                Some(run) if run.2 + 1 == i => run.2 = i,
                Some(run) => {
                    done.push((run.0, run.1, run.2 - run.0 + 1));
                    *run = (i, j, i);
                }
                None => {
                    open.insert(d, (i, j, i));
                }
            }
        }
    }
    done.extend(open.into_values().map(|r| (r.0, r.1, r.2 - r.0 + 1)));
    done.sort_unstable();
    done.into_iter()
        .map(|(i, j, n)| {
            let (ie, je) = ((i + n - 1) as usize, (j + n - 1) as usize);
            Run {
                a: (sa[i as usize].start, sa[ie].end),
                b: (sb[j as usize].start, sb[je].end),
            }
        })
        .collect()
}

/// Where each shingle hash of B occurs, in B's order: one table of
/// positions grouped by hash, not a list per hash (a pair of long
/// documents made one allocation per distinct shingle).
struct Positions {
    /// Hash → its group.
    group: FxHashMap<u64, u32>,
    /// Group `g` holds `positions[starts[g]..starts[g + 1]]`.
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl Positions {
    /// The positions of the shingles of `sb` (of those whose hash is in
    /// the sorted `only`, when given).
    fn new(sb: &[Shingle], only: Option<&[u64]>) -> Self {
        let (group, groups) = match only {
            // A group for each hash of `only` up front: a shingle of B is
            // then one lookup (a binary search in `only` came first).
            Some(only) => {
                let group: FxHashMap<u64, u32> = only.iter().copied().zip(0u32..).collect();
                let groups: Vec<u32> = sb
                    .iter()
                    .map(|s| group.get(&s.hash).copied().unwrap_or(u32::MAX))
                    .collect();
                (group, groups)
            }
            None => {
                let mut group: FxHashMap<u64, u32> =
                    FxHashMap::with_capacity_and_hasher(sb.len(), Default::default());
                let groups: Vec<u32> = sb
                    .iter()
                    .map(|s| {
                        let next = group.len() as u32;
                        *group.entry(s.hash).or_insert(next)
                    })
                    .collect();
                (group, groups)
            }
        };
        let (starts, positions) = group_by_key(group.len(), || {
            (0u32..)
                .zip(&groups)
                .filter(|&(_, &g)| g != u32::MAX)
                .map(|(j, &g)| (g, j))
        });
        Positions {
            group,
            starts,
            positions,
        }
    }

    /// The positions of `hash` in B, in order (`None` when it has none).
    fn get(&self, hash: u64) -> Option<&[u32]> {
        let g = *self.group.get(&hash)? as usize;
        self.positions
            .get(self.starts[g] as usize..self.starts[g + 1] as usize)
            .filter(|p| !p.is_empty())
    }
}

/// Chain runs (sorted by A start) into passages across gaps of at most
/// `max_gap` tokens on both sides. Returns token ranges.
pub(crate) fn chain(runs: &[Run], max_gap: u32) -> Vec<(Range<u32>, Range<u32>)> {
    /// How many recent passages a run may join; bounds the work on
    /// repetitive text.
    const LOOKBACK: usize = 64;
    let mut out: Vec<(Range<u32>, Range<u32>)> = Vec::new();
    for r in runs {
        let lo = out.len().saturating_sub(LOOKBACK);
        let mut best: Option<(usize, u64)> = None;
        for (k, (pa, pb)) in out.iter().enumerate().skip(lo) {
            // Runs that overlap a passage by a few tokens (shingles of
            // repeated words) join too.
            let ok = |end: u32, start: u32| start + max_gap.min(4) >= end && start <= end + max_gap;
            if ok(pa.end, r.a.0) && ok(pb.end, r.b.0) && r.a.1 > pa.end && r.b.1 > pb.end {
                let cost = u64::from(r.a.0.abs_diff(pa.end)) + u64::from(r.b.0.abs_diff(pb.end));
                if best.is_none_or(|(_, c)| cost < c) {
                    best = Some((k, cost));
                }
            }
        }
        match best {
            Some((k, _)) => {
                out[k].0.end = r.a.1;
                out[k].1.end = r.b.1;
            }
            None => out.push((r.a.0..r.a.1, r.b.0..r.b.1)),
        }
    }
    out
}

/// Work units one alignment may spend (index postings visited, seeds
/// clustered, fragment words compared): about a second of work on any
/// input. Past it the result is marked [`Alignment::partial`].
pub const WORK_BUDGET: u64 = 100_000_000;

/// Passages whose two sides hold more tokens than this together get their
/// identity from word counts instead of an ordered diff, which would cost
/// too much on long reworded passages.
const DIFF_LIMIT: usize = 4_000;

/// Share of a sentence fragment's A side that exact passages must cover for
/// the fragment to be reported with the exact passages' bounds (a copy with
/// a few edits, whose sentence-level extent may stretch past the copy).
const EXACT_COVER: f64 = 0.7;

/// Share of a sentence fragment's A side that word-for-word identical
/// passages must cover for the same. Reworded reuse (random edits,
/// translation) hardly holds a long identical stretch, so a third of the
/// fragment copied verbatim means the rest is neighbouring sentences the
/// fragment swept in, not reuse.
const IDENTICAL_COVER: f64 = 0.35;

/// Unshared words at an end of a sentence fragment are cut off when there
/// are at least this many of them (see [`trim`]).
const TRIM_MIN_TOKENS: u32 = 8;

/// The result of aligning two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Passages, sorted by (A start, B start).
    pub passages: Vec<Passage>,
    /// Whether the work budget ran out, so passages may be missing.
    pub partial: bool,
}

/// One side of an alignment: a document with its shingles and
/// [`Features`].
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The tokenized document.
    pub doc: &'a Document,
    /// Its shingles, at the comparison's size.
    pub shingles: &'a [Shingle],
    /// Its content words and sentence units, from [`Aligner::features`].
    pub features: &'a Features,
}

/// What alignment reads of one document besides its tokens: computed once
/// per document by [`Aligner::features`].
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// The stemmed content word of every token (`None` for stopwords).
    words: Vec<units::Word>,
    /// Sentence units, with word ids local to the document.
    units: DocUnits,
    /// The document's sentences (what derivation reads per pair), with
    /// the analysis of their words when sentence rows are wanted (none
    /// otherwise: `with_keys` says which).
    sentences: sentences::SentenceFeatures,
    with_keys: bool,
    /// The tokens of the text this document is an excerpt of, if it is one.
    excerpt_of: Option<u32>,
}

impl Features {
    /// The stemmed content word of every token (`None` for function
    /// words), as hashes: what the sentence layer compares, and what
    /// [`crate::derive`] weighs.
    pub fn words(&self) -> &[ContentWord] {
        &self.words
    }

    /// The document's sentences, in text order
    /// ([`crate::text::SourceText::sentences`]).
    pub fn sentence_spans(&self) -> &[crate::text::Sentence] {
        self.sentences.sentences()
    }

    /// The sentence features, if their words were analysed.
    pub fn sentences(&self) -> Option<&sentences::SentenceFeatures> {
        self.with_keys.then_some(&self.sentences)
    }

    /// Mark the document as an excerpt of a text of `tokens` tokens: as B,
    /// summary mode measures a summary's spread against the whole text.
    pub(crate) fn set_excerpt_of(&mut self, tokens: u32) {
        self.excerpt_of = Some(tokens);
    }
}

/// A configured aligner: build once, align many pairs (it is `Sync`). See
/// the module docs for what it does.
///
/// Stems and stopwords for the sentence layer come from its own analyser
/// (the language given here), whatever the token options of the documents,
/// so stemming flags change shingles but not sentence similarity.
#[derive(Debug)]
pub struct Aligner {
    options: AlignOptions,
    analyser: Analyser,
}

/// Token-range overlap.
fn overlaps(x: &Range<u32>, y: &Range<u32>) -> bool {
    x.start < y.end && y.start < x.end
}

/// Tokens of `of` covered by the union of `by`.
fn covered(of: &Range<u32>, by: &mut [Range<u32>]) -> u32 {
    by.sort_unstable_by_key(|r| r.start);
    let (mut n, mut end) = (0u32, of.start);
    for r in by.iter() {
        let start = r.start.max(end);
        let stop = r.end.min(of.end);
        if stop > start {
            n += stop - start;
            end = stop;
        }
    }
    n
}

/// Whether exact passage `y` (sorted after `x`) continues `x` on both
/// sides: it starts after `x` ends in A and in B, give or take the few
/// tokens by which [`chain`] lets runs overlap. A passage that occurs twice
/// on one side gives two exact passages sharing their range on the other
/// side: those are two copies, not one edited passage.
fn in_sequence(x: &(Range<u32>, Range<u32>), y: &(Range<u32>, Range<u32>)) -> bool {
    const SLACK: u32 = 4;
    x.1.start <= y.1.start && y.0.start + SLACK >= x.0.end && y.1.start + SLACK >= x.1.end
}

fn hull(x: &Range<u32>, y: &Range<u32>) -> Range<u32> {
    x.start.min(y.start)..x.end.max(y.end)
}

/// A passage before scoring: token ranges and how it was found.
struct Candidate {
    a: Range<u32>,
    b: Range<u32>,
    /// `None` when the exact layer found it (kind decided by identity).
    shape: Option<Shape>,
}

impl Aligner {
    /// An aligner with `options`, reading content words in `language`.
    pub fn new(options: AlignOptions, language: Language) -> Self {
        Aligner {
            options,
            analyser: Analyser::new(language),
        }
    }

    /// The options.
    pub fn options(&self) -> &AlignOptions {
        &self.options
    }

    /// What alignment needs of one document beyond its tokens and
    /// shingles: content words and sentence units (and, with `sentences`,
    /// what [`sentences::align_sentences_with`] needs). Computed once per
    /// document, however many pairs it is in.
    pub fn features(&self, doc: &Document, sentences: bool) -> Features {
        let words = self.analyser.content_words(doc);
        let units = units::units(doc, &words);
        Features {
            sentences: sentences::SentenceFeatures::of(doc, &words, doc.sentences(), sentences),
            with_keys: sentences,
            words,
            units,
            excerpt_of: None,
        }
    }

    /// All passages shared by `a` and `b`, given their shingles. Computes
    /// both documents' [`Features`]; with prepared documents, call
    /// [`Aligner::align_with`].
    pub fn align(&self, a: &Document, sa: &[Shingle], b: &Document, sb: &[Shingle]) -> Alignment {
        let (fa, fb) = (self.features(a, false), self.features(b, false));
        self.align_with(
            Side {
                doc: a,
                shingles: sa,
                features: &fa,
            },
            Side {
                doc: b,
                shingles: sb,
                features: &fb,
            },
        )
    }

    /// All passages shared by two documents, from their prepared parts.
    pub fn align_with(&self, a: Side<'_>, b: Side<'_>) -> Alignment {
        let runs = runs(a.shingles, b.shingles, false);
        self.align_runs((a.doc, a.features), (b.doc, b.features), &runs)
    }

    /// [`Aligner::align_with`], given the runs of identical shingles
    /// ([`runs`]), so the shingles can be dropped before the rest of the
    /// work.
    pub(crate) fn align_runs(
        &self,
        a: (&Document, &Features),
        b: (&Document, &Features),
        runs: &[Run],
    ) -> Alignment {
        let (candidates, mut budget) = self.candidates(a, b, runs);
        let mut passages: Vec<Passage> = candidates
            .into_iter()
            .map(|c| passage(a.0, b.0, c, &mut budget))
            .collect();
        passages.sort_by_key(|p| (p.a.start, p.b.start, p.a.end, p.b.end));
        passages.dedup_by(|x, y| x.a == y.a && x.b == y.b);
        Alignment {
            passages,
            partial: budget.exhausted(),
        }
    }

    /// The token ranges in A of the passages [`Aligner::align_runs`] finds,
    /// in no particular order, without what takes a word diff (their
    /// identity and kind): what the derivation reads of them.
    pub(crate) fn passages_in_a(
        &self,
        a: (&Document, &Features),
        b: (&Document, &Features),
        runs: &[Run],
    ) -> Vec<Range<u32>> {
        self.candidates(a, b, runs)
            .0
            .into_iter()
            .map(|c| c.a)
            .collect()
    }

    /// The passages' candidates, before their identity is measured, and
    /// the budget left for that.
    fn candidates(
        &self,
        (a, fa): (&Document, &Features),
        (b, fb): (&Document, &Features),
        runs: &[Run],
    ) -> (Vec<Candidate>, Budget) {
        let opts = &self.options;
        let mut budget = Budget::new(WORK_BUDGET);
        budget.spend(runs.len() as u64);
        let exact: Vec<(Range<u32>, Range<u32>)> = chain(runs, opts.max_gap)
            .into_iter()
            .filter(|(ra, rb)| {
                ra.len() as u32 >= opts.min_tokens && rb.len() as u32 >= opts.min_tokens
            })
            .collect();

        let (wa, wb) = (&fa.words, &fb.words);
        let (ua, ub, vocabulary) = pair_units(&fa.units, &fb.units);
        let frags = fragments(ua, &ub, vocabulary, fb.excerpt_of, &mut budget);

        let mut used = vec![false; exact.len()];
        let mut cands: Vec<Candidate> = Vec::new();
        for f in &frags {
            if !budget.spend(exact.len() as u64 + 1) {
                break;
            }
            let fa = ua[f.a.start as usize].tokens.start..ua[f.a.end as usize - 1].tokens.end;
            let fb = ub[f.b.start as usize].tokens.start..ub[f.b.end as usize - 1].tokens.end;
            // Sentence units end where the sentence does, not where the
            // reused text does: cut unshared words off the ends.
            let (fa, fb) = if budget.spend(2 * (fa.len() + fb.len()) as u64) {
                (trim(wa, fa.clone(), wb, &fb), trim(wb, fb.clone(), wa, &fa))
            } else {
                (fa, fb)
            };
            let inside: Vec<usize> = (0..exact.len())
                .filter(|&k| overlaps(&exact[k].0, &fa) && overlaps(&exact[k].1, &fb))
                .collect();
            let mut ea: Vec<Range<u32>> = inside.iter().map(|&k| exact[k].0.clone()).collect();
            let eb: Vec<Range<u32>> = inside.iter().map(|&k| exact[k].1.clone()).collect();
            let cover_a = f64::from(covered(&fa, &mut ea)) / fa.len().max(1) as f64;
            let mut identical: Vec<Range<u32>> = inside
                .iter()
                .filter(|&&k| same_words(a, &exact[k].0, b, &exact[k].1))
                .map(|&k| exact[k].0.clone())
                .collect();
            let cover_same = f64::from(covered(&fa, &mut identical)) / fa.len().max(1) as f64;
            for &k in &inside {
                used[k] = true;
            }
            if !inside.is_empty() && (cover_a >= EXACT_COVER || cover_same >= IDENTICAL_COVER) {
                let mut pairs: Vec<&(Range<u32>, Range<u32>)> =
                    inside.iter().map(|&k| &exact[k]).collect();
                pairs.sort_by_key(|(ra, rb)| (ra.start, rb.start));
                // Copies one after the other on both sides make one passage;
                // copies in another order (reordered paragraphs) or on top
                // of each other on one side (a passage that occurs twice)
                // stay apart.
                if pairs.windows(2).all(|w| in_sequence(w[0], w[1])) {
                    let ha = ea.iter().fold(ea[0].clone(), |h, r| hull(&h, r));
                    let hb = eb.iter().fold(eb[0].clone(), |h, r| hull(&h, r));
                    cands.push(Candidate {
                        a: ha,
                        b: hb,
                        shape: None,
                    });
                } else {
                    cands.extend(pairs.into_iter().map(|(ra, rb)| Candidate {
                        a: ra.clone(),
                        b: rb.clone(),
                        shape: None,
                    }));
                }
            } else {
                let ha = ea.iter().fold(fa, |h, r| hull(&h, r));
                let hb = eb.iter().fold(fb, |h, r| hull(&h, r));
                cands.push(Candidate {
                    a: ha,
                    b: hb,
                    shape: Some(f.shape),
                });
            }
        }
        for (k, (ra, rb)) in exact.into_iter().enumerate() {
            if !used[k] {
                cands.push(Candidate {
                    a: ra,
                    b: rb,
                    shape: None,
                });
            }
        }
        let dominated = |c: &Candidate, d: &Candidate| {
            (d.a.start <= c.a.start && c.a.end <= d.a.end && d.a.len() > c.a.len())
                || (d.b.start <= c.b.start
                    && c.b.end <= d.b.end
                    && d.b.len() > c.b.len()
                    && overlaps(&c.a, &d.a))
        };
        let mut keep = Vec::with_capacity(cands.len());
        for c in &cands {
            let long = c.a.len() as u32 >= opts.min_tokens && c.b.len() as u32 >= opts.min_tokens;
            // Past the budget, containment goes unchecked (the result is
            // marked partial anyway).
            let checked = budget.spend(cands.len() as u64);
            keep.push(long && !(checked && cands.iter().any(|d| dominated(c, d))));
        }
        let kept = cands
            .into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect();
        (kept, budget)
    }
}

/// `r` without a stretch of at least [`TRIM_MIN_TOKENS`] tokens at either
/// end before the first or after the last content word that also occurs in
/// `other` (unchanged when none does). Shorter stretches stay: edited text
/// often replaces a word or two at the edges of what it reused.
fn trim(
    words: &[units::Word],
    r: Range<u32>,
    other_words: &[units::Word],
    other: &Range<u32>,
) -> Range<u32> {
    let mut theirs: Vec<u64> = other_words[other.start as usize..other.end as usize]
        .iter()
        .flatten()
        .map(|w| w.get())
        .collect();
    theirs.sort_unstable();
    let shared =
        |t: &u32| words[*t as usize].is_some_and(|w| theirs.binary_search(&w.get()).is_ok());
    match (r.clone().find(shared), r.clone().rev().find(shared)) {
        (Some(s), Some(e)) => {
            let s = if s - r.start >= TRIM_MIN_TOKENS {
                s
            } else {
                r.start
            };
            let e = if r.end - (e + 1) >= TRIM_MIN_TOKENS {
                e + 1
            } else {
                r.end
            };
            s..e
        }
        _ => r,
    }
}

/// Whether two token ranges hold the same words.
fn same_words(a: &Document, ra: &Range<u32>, b: &Document, rb: &Range<u32>) -> bool {
    let ka = &a.tokens()[ra.start as usize..ra.end as usize];
    let kb = &b.tokens()[rb.start as usize..rb.end as usize];
    ka.len() == kb.len() && ka.iter().zip(kb).all(|(x, y)| x.key == y.key)
}

/// Tokens two ranges share in order (multiset overlap past [`DIFF_LIMIT`] or
/// when the budget cannot pay for the diff's worst case).
fn equal_tokens(
    a: &Document,
    ra: Range<u32>,
    b: &Document,
    rb: Range<u32>,
    budget: &mut Budget,
) -> usize {
    let n = ra.len() + rb.len();
    if n <= DIFF_LIMIT && budget.afford((n * n) as u64) {
        return diff::equal_tokens(a, ra, b, rb);
    }
    let keys = |d: &Document, r: Range<u32>| {
        let mut k: Vec<u64> = d.tokens()[r.start as usize..r.end as usize]
            .iter()
            .map(|t| t.key)
            .collect();
        k.sort_unstable();
        k
    };
    crate::shingle::intersection_len(&keys(a, ra), &keys(b, rb))
}

fn passage(a: &Document, b: &Document, c: Candidate, budget: &mut Budget) -> Passage {
    let equal = equal_tokens(a, c.a.clone(), b, c.b.clone(), budget);
    let identity = 2.0 * equal as f64 / (c.a.len() + c.b.len()).max(1) as f64;
    let kind = match c.shape {
        Some(Shape::Summary) => PassageKind::Summary,
        Some(Shape::Reordered) => PassageKind::Reordered,
        Some(Shape::InOrder) => PassageKind::Paraphrased,
        None if equal == c.a.len() && equal == c.b.len() => PassageKind::Exact,
        None => PassageKind::Edited,
    };
    Passage {
        a: c.a,
        b: c.b,
        identity,
        kind,
    }
}

/// Values grouped by key in one buffer, by counting sort: `pairs` yields
/// `(key, value)` with keys below `keys` and is walked twice; key `k`'s
/// values, in the order given, are `values[starts[k]..starts[k + 1]]`.
/// Returns `(starts, values)`. One buffer instead of a vector per key,
/// whose allocations dominated the tables it replaced.
pub(crate) fn group_by_key<V: Copy + Default, I: Iterator<Item = (u32, V)>>(
    keys: usize,
    pairs: impl Fn() -> I,
) -> (Vec<u32>, Vec<V>) {
    let mut starts = vec![0u32; keys + 1];
    for (k, _) in pairs() {
        starts[k as usize + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut fill = starts[..keys].to_vec();
    let mut values = vec![V::default(); starts[keys] as usize];
    for (k, v) in pairs() {
        values[fill[k as usize] as usize] = v;
        fill[k as usize] += 1;
    }
    (starts, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_grouped_by_key_in_the_order_given() {
        let pairs = [(2, 10), (0, 11), (2, 12), (3, 13)];
        let (starts, values) = group_by_key(4, || pairs.iter().copied());
        assert_eq!(starts, [0, 1, 1, 3, 4]);
        assert_eq!(values, [11, 10, 12, 13]);
        assert_eq!(
            group_by_key(2, std::iter::empty::<(u32, u32)>),
            (vec![0, 0, 0], vec![])
        );
    }
    use crate::shingle::shingles;
    use crate::text::{Pipeline, TextOptions};

    fn docs(a: &str, b: &str) -> Vec<Passage> {
        let p = Pipeline::new(TextOptions::default());
        let (a, b) = (p.document(a).unwrap(), p.document(b).unwrap());
        let (sa, sb) = (shingles(a.tokens(), 5), shingles(b.tokens(), 5));
        let opts = AlignOptions {
            min_tokens: 8,
            ..AlignOptions::default()
        };
        Aligner::new(opts, Language::English)
            .align(&a, &sa, &b, &sb)
            .passages
    }

    const P1: &str = "the quick brown fox jumps over the lazy dog near the river bank today";
    const P2: &str =
        "a completely different sentence talks about markets and interest rates rising again";

    #[test]
    fn trim_cuts_long_unshared_ends_only() {
        // A: 10 unshared, shared 1 2, 3 unshared, shared 3, 2 unshared.
        let w = std::num::NonZeroU64::new;
        let mut wa: Vec<units::Word> = vec![w(100); 10];
        wa.extend([w(1), None, w(2), w(101), w(102), None, w(3)]);
        wa.extend([w(103), w(104)]);
        let wb = vec![w(3), w(2), w(1)];
        let n = wa.len() as u32;
        assert_eq!(trim(&wa, 0..n, &wb, &(0..3)), 10..n);
        assert_eq!(trim(&wa, 0..n, &wb, &(3..3)), 0..n);
    }

    #[test]
    fn identical_text_is_one_exact_passage() {
        let ps = docs(P1, P1);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].a, 0..14);
        assert_eq!(ps[0].kind, PassageKind::Exact);
        assert_eq!(ps[0].identity, 1.0);
    }

    #[test]
    fn one_changed_word_does_not_split() {
        let b = P1.replace("lazy", "sleepy");
        let ps = docs(P1, &b);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!(ps[0].a, 0..14);
        assert_eq!(ps[0].kind, PassageKind::Edited);
        assert!(ps[0].identity > 0.9);
        let ins = P1.replace("lazy", "very lazy");
        assert_eq!(docs(P1, &ins).len(), 1);
        let del = P1.replace("lazy ", "");
        assert_eq!(docs(P1, &del).len(), 1);
    }

    #[test]
    fn reordered_and_repeated_passages() {
        let a = format!("{P1}. {P2}.");
        let b = format!("{P2}. filler words here and there. {P1}. {P1}.");
        let ps = docs(&a, &b);
        assert_eq!(ps.len(), 3, "{ps:?}");
        assert_eq!(ps[0].a, 0..14);
        assert_eq!(ps[1].a, 0..14);
        assert_ne!(ps[0].b, ps[1].b);
        assert_eq!(ps[2].a, 14..26);
    }

    #[test]
    fn issue_14_a_paragraph_repeated_close_together_is_two_exact_copies() {
        let p = format!("{P1}. {P2}.");
        let between = "one more sentence stands between the two copies of it";
        for (a, b) in [
            (format!("{p}\n\n{p}"), p.clone()),
            (p.clone(), format!("{p}\n\n{p}")),
            (format!("{p} {between}. {p}"), p.clone()),
            (p.clone(), format!("{p} {between}. {p}")),
        ] {
            let ps = docs(&a, &b);
            assert_eq!(ps.len(), 2, "{a:?} / {b:?}: {ps:?}");
            for x in &ps {
                assert_eq!(x.kind, PassageKind::Exact, "{ps:?}");
                assert_eq!(x.identity, 1.0);
                assert_eq!(x.a.len(), 26);
                assert_eq!(x.b.len(), 26);
            }
        }
    }

    #[test]
    fn unrelated_text_shares_nothing() {
        assert!(docs(P1, P2).is_empty());
        assert!(docs("", P2).is_empty());
    }

    #[test]
    fn self_runs_skip_the_diagonal() {
        let p = Pipeline::new(TextOptions::default());
        let d = p.document(format!("{P1}. {P2}. {P1}.")).unwrap();
        let s = shingles(d.tokens(), 5);
        let rs = runs(&s, &s, true);
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].a, (0, 14));
        assert_eq!(rs[0].b, (26, 40));
    }

    #[test]
    fn reworded_sentences_are_paraphrased_passages() {
        let a = "The central bank raised interest rates again on Tuesday to fight \
            inflation. Economists expect further increases before the summer. \
            Markets fell sharply after the announcement in the capital.";
        let b = "Unrelated opening line about the weather today. On Tuesday the \
            central bank again raised its interest rates to combat inflation. \
            Further increases are expected by economists before summer. After the \
            announcement, markets in the capital fell sharply.";
        let ps = docs(a, b);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert!(matches!(
            ps[0].kind,
            PassageKind::Paraphrased | PassageKind::Reordered
        ));
        assert!(ps[0].identity < 0.9);
    }

    fn doc_of(words: &[usize]) -> Document {
        const VOCAB: [&str; 12] = [
            "market", "rates", "bank", "said", "the", "of", "growth", "policy", "minister",
            "election", "vote", "report",
        ];
        let mut text = String::new();
        for (k, &w) in words.iter().enumerate() {
            text.push_str(VOCAB[w % VOCAB.len()]);
            text.push_str(match k % 9 {
                8 => ". ",
                4 => ",\n",
                _ => " ",
            });
        }
        Pipeline::new(TextOptions::default())
            .document(text)
            .unwrap()
    }

    proptest::proptest! {
        #[test]
        fn positions_of_some_hashes_are_those_of_all(
            hashes in proptest::collection::vec(0u64..10, 0..40),
            only in proptest::collection::btree_set(0u64..10, 0..10),
        ) {
            let sb: Vec<Shingle> = (0u32..)
                .zip(&hashes)
                .map(|(i, &hash)| Shingle { hash, start: i, end: i + 1 })
                .collect();
            let only: Vec<u64> = only.into_iter().collect();
            let (some, all) = (Positions::new(&sb, Some(&only)), Positions::new(&sb, None));
            for h in 0..10 {
                let want = if only.contains(&h) { all.get(h) } else { None };
                proptest::prop_assert_eq!(some.get(h), want);
            }
        }

        #[test]
        fn passages_are_sorted_and_in_bounds(
            wa in proptest::collection::vec(0usize..12, 0..200),
            wb in proptest::collection::vec(0usize..12, 0..200),
        ) {
            let (a, b) = (doc_of(&wa), doc_of(&wb));
            let (sa, sb) = (shingles(a.tokens(), 3), shingles(b.tokens(), 3));
            let r = Aligner::new(AlignOptions::default(), Language::English).align(&a, &sa, &b, &sb);
            let keys: Vec<_> = r.passages.iter().map(|p| (p.a.start, p.b.start)).collect();
            proptest::prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]));
            for p in &r.passages {
                proptest::prop_assert!(p.a.start < p.a.end && p.a.end as usize <= a.tokens().len());
                proptest::prop_assert!(p.b.start < p.b.end && p.b.end as usize <= b.tokens().len());
                proptest::prop_assert!((0.0..=1.0).contains(&p.identity));
            }
        }

        #[test]
        fn a_document_aligned_with_itself_is_one_passage(
            words in proptest::collection::vec(0usize..12, 30..300),
        ) {
            // With 12 words a 5-shingle rarely recurs, so no shingle is
            // skipped as too frequent and the diagonal is one run.
            let d = doc_of(&words);
            let s = shingles(d.tokens(), 5);
            let r = Aligner::new(AlignOptions::default(), Language::English).align(&d, &s, &d, &s);
            let n = d.tokens().len() as u32;
            proptest::prop_assert_eq!(r.passages.len(), 1);
            proptest::prop_assert_eq!(&r.passages[0].a, &(0..n));
            proptest::prop_assert_eq!(&r.passages[0].b, &(0..n));
            proptest::prop_assert_eq!(r.passages[0].kind, PassageKind::Exact);
        }
    }
}
