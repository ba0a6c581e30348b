//! Two documents → [`Comparison`].

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, PoisonError};

use rayon::prelude::*;

use super::{Emit, Observer};
use crate::align::{self, AlignOptions, Aligner, Alignment, Run};
use crate::corpus::{PairLine, display_path};
use crate::derive;
use crate::error::Result;
use crate::prepare::{Prepared, Preparer, Whole};
use crate::report::{
    Comparison, Derivation, DocInfo, Failure, Params, SCHEMA_VERSION, SentenceRow, SharedPassage,
    Similarity,
};
use crate::sketch::{self, SketchParams};
use crate::text::Document;

/// Everything a comparison depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareOptions {
    /// Tokens, shingles and MinHash (the text options are part of it).
    pub sketch: SketchParams,
    /// Passage alignment.
    pub align: AlignOptions,
    /// Which rows of the sentence alignment ([`Comparison::sentences`]) to
    /// list. With [`SentenceRows::None`] the list stays empty and sentences
    /// are not even found, which saves time and memory when only scores and
    /// passages are wanted.
    pub sentences: SentenceRows,
}

/// Which sentence rows a comparison lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SentenceRows {
    /// None: sentences are not paired at all.
    None,
    /// Pairs of sentences only, without the sentences of one side that have
    /// no counterpart.
    Matched,
    /// Every row, lone sentences included.
    #[default]
    All,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            sketch: SketchParams::default(),
            align: AlignOptions::default(),
            sentences: SentenceRows::All,
        }
    }
}

/// A configured comparer: build once, prepare each document once, compare
/// many pairs (it is `Sync`).
///
/// ```
/// use neardup::engine::{Comparer, CompareOptions};
///
/// let comparer = Comparer::new(CompareOptions::default()).unwrap();
/// let text = "Russia has officially recognized the Taliban government, becoming \
///     the first country to do so since the group returned to power in 2021, the \
///     foreign ministry in Moscow said on Thursday.";
/// let a = comparer.prepare("a.txt", text).unwrap();
/// let b = comparer.prepare("b.txt", format!("Officials confirmed it. {text}")).unwrap();
/// let c = comparer.compare(&a, &b).unwrap();
/// assert_eq!(c.similarity.containment_a_in_b, 1.0);
/// assert_eq!(c.passages.len(), 1);
/// ```
#[derive(Debug)]
pub struct Comparer {
    options: CompareOptions,
    preparer: Preparer,
}

impl Comparer {
    /// A comparer for `options`.
    ///
    /// # Errors
    ///
    /// Invalid parameters.
    pub fn new(options: CompareOptions) -> Result<Self> {
        let aligner = Aligner::new(options.align, options.sketch.text.language);
        Ok(Comparer {
            preparer: Preparer::new(
                options.sketch,
                aligner,
                options.sentences != SentenceRows::None,
            )?,
            options,
        })
    }

    /// The same comparer, with documents over `bytes` prepared huge
    /// (see [`Preparer::with_huge_bytes`]).
    pub fn with_huge_bytes(mut self, bytes: usize) -> Self {
        self.preparer = self.preparer.with_huge_bytes(bytes);
        self
    }

    /// The options.
    pub fn options(&self) -> &CompareOptions {
        &self.options
    }

    /// The preparer that makes documents for [`Comparer::compare`].
    pub fn preparer(&self) -> &Preparer {
        &self.preparer
    }

    /// Prepare a document for comparison (see [`Preparer::prepare`]).
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn prepare(&self, id: impl Into<String>, text: impl Into<Arc<str>>) -> Result<Prepared> {
        self.preparer.prepare(id, text)
    }

    /// How much of `a` derives from `b`, clause by clause, with the
    /// features the model saw ([`Comparison::derivation`] is its report
    /// form). `None` when either was prepared huge.
    pub fn derivation(&self, a: &Prepared, b: &Prepared) -> Option<derive::Derivation> {
        let (a, b) = (a.whole()?, b.whole()?);
        let runs = self.runs(a, b);
        Some(derivation_of(
            self.preparer.aligner(),
            parts(a),
            parts(b),
            &runs,
        ))
    }

    /// The runs of identical shingles of a pair; the shingles are made for
    /// it and dropped.
    fn runs(&self, a: &Whole, b: &Whole) -> Vec<Run> {
        let sketcher = self.preparer.sketcher();
        let (sa, sb) = (sketcher.shingles(a.doc()), sketcher.shingles(b.doc()));
        align::runs(&sa, &sb, false)
    }

    fn align(&self, a: &Whole, b: &Whole, runs: &[Run]) -> Alignment {
        self.preparer
            .aligner()
            .align_runs((a.doc(), a.features()), (b.doc(), b.features()), runs)
    }

    fn derive(
        &self,
        a: &Whole,
        b: &Whole,
        runs: &[Run],
        alignment: &Alignment,
    ) -> derive::Derivation {
        let in_a: Vec<_> = alignment.passages.iter().map(|p| p.a.clone()).collect();
        derive::derive(parts(a), parts(b), runs, &in_a)
    }

    /// Compare two prepared documents (named by their ids in the report).
    ///
    /// When one was prepared huge ([`crate::prepare::HUGE_BYTES`]), its
    /// text is read again and only the stretches around the passages it
    /// shares with the other are aligned: scores and statistics stay
    /// exact; passages, sentence rows and derivation are those of the
    /// stretches (the rest of a huge A counts as new). `README.md`,
    /// section Memory, tells what this changes.
    ///
    /// # Errors
    ///
    /// Documents prepared with other sketch parameters.
    pub fn compare(&self, a: &Prepared, b: &Prepared) -> Result<Comparison> {
        match (a.whole(), b.whole()) {
            (Some(wa), Some(wb)) => self.compare_whole((a, wa), (b, wb)),
            _ => super::excerpt::compare(self, a, b),
        }
    }

    /// [`Comparer::compare`] of two documents prepared whole.
    pub(super) fn compare_whole(
        &self,
        (a, wa): (&Prepared, &Whole),
        (b, wb): (&Prepared, &Whole),
    ) -> Result<Comparison> {
        let (set_a, set_b) = (wa.set(), wb.set());
        // One merge for the three exact scores.
        let shared = crate::shingle::intersection_len(set_a, set_b);
        let similarity = Similarity {
            jaccard: sketch::jaccard_of_counts(shared, set_a.len(), set_b.len()),
            jaccard_estimate: a.signature().estimate(b.signature())?,
            containment_a_in_b: sketch::containment_of_counts(shared, set_a.len()),
            containment_b_in_a: sketch::containment_of_counts(shared, set_b.len()),
        };
        let (da, db) = (wa.doc(), wb.doc());
        let runs = self.runs(wa, wb);
        let alignment = self.align(wa, wb, &runs);
        let passages: Vec<SharedPassage> = alignment
            .passages
            .iter()
            .enumerate()
            .map(|(i, p)| SharedPassage::new(i as u32 + 1, da, db, p))
            .collect();
        let sentences = match (
            self.options.sentences,
            wa.features().sentences(),
            wb.features().sentences(),
        ) {
            (rows @ (SentenceRows::Matched | SentenceRows::All), Some(fa), Some(fb)) => {
                let ranges: Vec<_> = passages
                    .iter()
                    .map(|p| (p.a.token_range(), p.b.token_range()))
                    .collect();
                let ids: Vec<u32> = passages.iter().map(|p| p.id).collect();
                let rows_wanted = rows;
                let mut rows = align::sentences::align_sentences_with(da, fa, db, fb, &ranges);
                if rows_wanted == SentenceRows::Matched {
                    // Before the rows are located and their diffs converted.
                    rows.rows.retain(|r| r.a.is_some() && r.b.is_some());
                }
                SentenceRow::from_alignment(&rows, da, db, &ids)
            }
            _ => Vec::new(),
        };
        let derivation = Derivation::new(da, &self.derive(wa, wb, &runs, &alignment));
        let o = &self.options;
        let t = &o.sketch.text;
        Ok(Comparison {
            schema_version: SCHEMA_VERSION,
            a: DocInfo::new(a.id(), da),
            b: DocInfo::new(b.id(), db),
            params: Params {
                shingle: o.sketch.shingle,
                perms: o.sketch.num_perm,
                seed: o.sketch.seed,
                hash_version: o.sketch.hash_version,
                min_tokens: o.align.min_tokens,
                lang: t.language.to_string(),
                stem: t.stem,
                stopwords: t.remove_stopwords,
                strip_diacritics: t.strip_diacritics,
            },
            similarity,
            passages,
            sentences,
            derivation,
            partial: alignment.partial,
        })
    }
}

/// What the derivation reads of one document: its tokens, its alignment
/// features and its derivation index.
pub(crate) type DeriveParts<'a> = (&'a Document, &'a align::Features, &'a derive::DocIndex);

fn parts(w: &Whole) -> DeriveParts<'_> {
    (w.doc(), w.features(), w.derive_index())
}

/// How much of `a` derives from `b`, given the runs of identical shingles
/// of the pair ([`align::runs`]): the pair is aligned, then derived, as
/// [`Comparer::compare`] does (without measuring the passages' identity,
/// which the derivation does not read).
pub(crate) fn derivation_of(
    aligner: &Aligner,
    a: DeriveParts<'_>,
    b: DeriveParts<'_>,
    runs: &[Run],
) -> derive::Derivation {
    let in_a = aligner.passages_in_a((a.0, a.1), (b.0, b.1), runs);
    derive::derive(a, b, runs, &in_a)
}

/// Pairs compared per parallel batch: bounds memory on long lists while
/// keeping output in input order.
const BATCH: usize = 256;

/// Most prepared documents kept between batches. Past it, documents the
/// next batch does not need are dropped (and prepared again if a later pair
/// needs them), so memory stays bounded on any list.
const MAX_CACHED: usize = 4096;

/// Compare every pair of `pairs`, preparing each distinct document once
/// (`read` loads a path's text), and send each comparison (or the failure
/// that replaced it) to `emit` in input order.
///
/// A batch is emitted on the calling thread while the next one is compared
/// on the pool: with JSON output, writing was a
/// tenth of the work.
///
/// # Errors
///
/// Only what `emit` returns; a pair that fails is sent as a [`Failure`].
pub fn compare_pairs(
    comparer: &Comparer,
    pairs: &[PairLine],
    read: &(dyn Fn(&Path) -> Result<String> + Sync),
    observer: &dyn Observer,
    emit: &mut Emit<'_, Comparison>,
) -> std::io::Result<()> {
    // How many pairs still need each document: a document is dropped once
    // its last pair is done.
    let mut uses: HashMap<&Path, usize> = HashMap::new();
    for (a, b) in pairs.iter().flatten() {
        *uses.entry(a).or_default() += 1;
        *uses.entry(b).or_default() += 1;
    }
    let mut cache: HashMap<&Path, Arc<Result<Prepared, String>>> = HashMap::new();
    observer.start(pairs.len() as u64);
    let mut batches = pairs.chunks(BATCH).enumerate();
    let work = |(k, batch)| {
        let results = compare_batch(comparer, batch, read, &mut cache);
        for (a, b) in batch.iter().flatten() {
            for p in [a.as_path(), b.as_path()] {
                if let Some(n) = uses.get_mut(p) {
                    *n -= 1;
                    if *n == 0 {
                        cache.remove(p);
                    }
                }
            }
        }
        if cache.len() > MAX_CACHED {
            let next: Vec<&Path> = pairs
                .chunks(BATCH)
                .nth(k + 1)
                .unwrap_or(&[])
                .iter()
                .flatten()
                .flat_map(|(a, b)| [a.as_path(), b.as_path()])
                .collect();
            cache.retain(|p, _| next.contains(p));
        }
        results
    };
    // The cache carries over from batch to batch, so one batch is in work
    // at a time (the lock is never contended).
    let work = std::sync::Mutex::new(work);
    super::pipelined(
        1,
        || batches.next(),
        |b| work.lock().unwrap_or_else(PoisonError::into_inner)(b),
        |results| emit_all(results, observer, emit),
    )?;
    observer.finish();
    Ok(())
}

/// Send `results` to `emit` in order, and count them as done.
fn emit_all(
    results: Vec<Result<Comparison, Failure>>,
    observer: &dyn Observer,
    emit: &mut Emit<'_, Comparison>,
) -> std::io::Result<()> {
    let n = results.len() as u64;
    for r in results {
        emit(r)?;
    }
    if n > 0 {
        observer.advance(n);
    }
    Ok(())
}

/// Compare the pairs of `batch`, first preparing (into `cache`) the
/// documents it needs that are not there yet.
fn compare_batch<'p>(
    comparer: &Comparer,
    batch: &'p [PairLine],
    read: &(dyn Fn(&Path) -> Result<String> + Sync),
    cache: &mut HashMap<&'p Path, Arc<Result<Prepared, String>>>,
) -> Vec<Result<Comparison, Failure>> {
    // A set for membership: comparing paths component by component in a
    // list was 3 % of the run.
    let mut missing: Vec<&Path> = Vec::new();
    let mut seen: HashSet<&Path> = HashSet::new();
    for (a, b) in batch.iter().flatten() {
        for p in [a.as_path(), b.as_path()] {
            if !cache.contains_key(p) && seen.insert(p) {
                missing.push(p);
            }
        }
    }
    let prepared: Vec<_> = missing
        .par_iter()
        .map(|p| {
            let id = display_path(p);
            let doc = read(p)
                .and_then(|text| comparer.prepare(id, text))
                .map_err(|e| e.to_string());
            Arc::new(doc)
        })
        .collect();
    cache.extend(missing.into_iter().zip(prepared));
    batch
        .par_iter()
        .map(|line| {
            let (a, b) = line.as_ref().map_err(|e| Failure {
                inputs: Vec::new(),
                error: e.to_string(),
            })?;
            let inputs = || vec![display_path(a), display_path(b)];
            let (pa, pb) = (&*cache[a.as_path()], &*cache[b.as_path()]);
            match (pa, pb) {
                (Ok(pa), Ok(pb)) => comparer.compare(pa, pb).map_err(|e| Failure {
                    inputs: inputs(),
                    error: e.to_string(),
                }),
                (Err(e), _) | (_, Err(e)) => Err(Failure {
                    inputs: inputs(),
                    error: e.clone(),
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_over_several_batches_equal_each_pair_compared_alone() {
        // More than two batches, documents reused within and across
        // batches (so some are prepared a step ahead, some dropped and
        // prepared again), and one that cannot be read.
        let texts: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "Report {i} on the council vote. The budget rose by {} percent. \
                     Members met for {} hours before the vote on the plan.",
                    i % 7,
                    i % 5 + 2
                )
            })
            .collect();
        let path = |i: usize| std::path::PathBuf::from(format!("d{i}"));
        let pairs: Vec<PairLine> = (0..BATCH * 2 + 50)
            .map(|k| {
                Ok((
                    path(k % 40),
                    path(if k % 97 == 5 { 99 } else { (k * 7 + 3) % 40 }),
                ))
            })
            .collect();
        let read = |p: &Path| -> Result<String> {
            let i: usize = p.to_str().unwrap()[1..].parse().unwrap();
            texts
                .get(i)
                .cloned()
                .ok_or_else(|| crate::error::Error::Io {
                    path: p.to_path_buf(),
                    source: std::io::ErrorKind::NotFound.into(),
                })
        };
        let comparer = Comparer::new(CompareOptions::default()).unwrap();
        let mut got = Vec::new();
        compare_pairs(&comparer, &pairs, &read, &super::super::Quiet, &mut |r| {
            got.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(got.len(), pairs.len());
        for (line, r) in pairs.iter().zip(&got) {
            let (a, b) = line.as_ref().unwrap();
            let (ta, tb) = (read(a), read(b));
            match (ta, tb, r) {
                (Ok(ta), Ok(tb), Ok(c)) => {
                    let da = comparer.prepare(display_path(a), ta).unwrap();
                    let db = comparer.prepare(display_path(b), tb).unwrap();
                    assert_eq!(c, &comparer.compare(&da, &db).unwrap());
                }
                (_, Err(_), Err(f)) => assert!(f.error.contains("d99"), "{f:?}"),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn sentence_rows_only_when_asked() {
        let text = "Russia recognised the Taliban government. Kabul welcomed it.";
        let other = "Kabul welcomed it. Nothing else was said about the matter.";
        for (sentences, n, m) in [
            (SentenceRows::All, 2, 3),
            (SentenceRows::Matched, 2, 1),
            (SentenceRows::None, 0, 0),
        ] {
            let comparer = Comparer::new(CompareOptions {
                sentences,
                ..CompareOptions::default()
            })
            .unwrap();
            let d = comparer.prepare("a", text).unwrap();
            let whole = d.whole().unwrap();
            assert_eq!(whole.features().sentences().is_some(), n > 0);
            let c = comparer.compare(&d, &d).unwrap();
            assert_eq!(c.sentences.len(), n);
            let e = comparer.prepare("b", other).unwrap();
            let c = comparer.compare(&d, &e).unwrap();
            assert_eq!(c.sentences.len(), m, "{sentences:?}: {:?}", c.sentences);
        }
    }

    /// The prepared path (features computed once per document) gives the
    /// passages and sentence rows the per-pair path computes from scratch.
    #[test]
    fn prepared_once_equals_the_per_pair_path() {
        let texts = [
            include_str!("../../samples/seeds/1-wider-discourse.txt"),
            include_str!("../../samples/seeds/5-first-nation.txt"),
            include_str!("../../samples/pairs/04-reordered-paragraphs/a.txt"),
            include_str!("../../samples/pairs/04-reordered-paragraphs/b.txt"),
            include_str!("../../samples/pairs/90-views-edited-paragraph/a.txt"),
            include_str!("../../samples/pairs/90-views-edited-paragraph/b.txt"),
        ];
        let comparer = Comparer::new(CompareOptions::default()).unwrap();
        let prepared: Vec<Prepared> = texts
            .iter()
            .map(|t| comparer.prepare("d", *t).unwrap())
            .collect();
        let aligner = comparer.preparer().aligner();
        for a in &prepared {
            for b in &prepared {
                let c = comparer.compare(a, b).unwrap();
                let (da, db) = (a.whole().unwrap().doc(), b.whole().unwrap().doc());
                let sketcher = comparer.preparer().sketcher();
                let fresh = aligner.align(da, &sketcher.shingles(da), db, &sketcher.shingles(db));
                let passages: Vec<SharedPassage> = fresh
                    .passages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| SharedPassage::new(i as u32 + 1, da, db, p))
                    .collect();
                assert_eq!(c.passages, passages);
                let ranges: Vec<_> = passages
                    .iter()
                    .map(|p| (p.a.token_range(), p.b.token_range()))
                    .collect();
                let ids: Vec<u32> = passages.iter().map(|p| p.id).collect();
                let language = comparer.options().sketch.text.language;
                let rows = align::sentences::align_sentences(da, db, language, &ranges);
                assert_eq!(
                    c.sentences,
                    SentenceRow::from_alignment(&rows, da, db, &ids)
                );
            }
        }
    }
}
