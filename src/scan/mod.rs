//! Corpus scan: near-duplicate clusters, passages copied across documents
//! and cross-document boilerplate, for corpora of millions of documents.
//!
//! # Two readings
//!
//! A scan reads the documents twice, so that memory holds about a kilobyte
//! per document rather than the corpus:
//!
//! 1. **Sketch** ([`Scanner::sketch`], in parallel batches): each document
//!    becomes a [`DocSketch`]: its id, token count, MinHash band keys
//!    ([`crate::index::lsh`], banding chosen from the threshold), its
//!    winnowed selections in text order ([`features::selections`], from
//!    which its passage fingerprints are derived: [`features::winnow`]) and
//!    the hashes of its boilerplate candidates (short lines, first and last
//!    sentences of paragraphs: [`features::items`]). The [`Index`] keeps the
//!    keys and selections and counts the candidates across documents; texts
//!    and shingle sets are dropped.
//! 2. **Verify** ([`Index::finish`]): LSH buckets give candidate pairs;
//!    fingerprints shared by at least [`ScanOptions::min_shared`] times and
//!    held by at most [`ScanOptions::max_df`] documents give passage
//!    candidates. The documents are read again and only those in a
//!    candidate pair are kept; every near-duplicate candidate is verified
//!    with the exact Jaccard of the shingle sets (precision 1 by
//!    construction), clusters are formed with union-find, and passage
//!    candidates with enough shared shingles go through the exact layer of
//!    the aligner (`align::runs`, `align::chain`: copied
//!    and lightly edited passages) with boilerplate blanked out (unless
//!    kept). A candidate held by enough documents is boilerplate where it
//!    stands next to a sentence that no other holder has beside it; where
//!    two holders share its neighbour it is part of a passage they share
//!    and stays ([`features::Furniture`]). With
//!    [`ScanOptions::derivation`], each copied pair is then judged both
//!    ways as `compare` judges its derivation ([`crate::derive`]).
//!
//! A scan for near-duplicates alone ([`Find`]) reads once: the first
//! reading also keeps each document's sorted shingle-hash set and content
//! hash ([`ExactSet`]) in a temporary file, which is about what the second
//! reading would give for the candidates (most documents of a real corpus
//! are in some candidate pair), without parsing and tokenizing everything
//! again. Documents with one text ([`TextKey`]; a corpus of versions of
//! one tree holds many identical files) are sketched once, their set is
//! kept once, the band join pairs texts rather than documents
//! (`TextItems`), and each pair of texts is verified once.
//!
//! Sketches can also be written to shards ([`shard`]) and merged: a scan
//! over shards gives the same report as one scan over all the documents,
//! reading the documents again only for verification. For corpora past
//! one machine, [`parquet`] writes the band keys as Parquet tables for the
//! band join on Apache Spark (`spark/neardup_lsh.py`) and reads back the
//! candidate pairs it finds; [`Index::use_candidates`] takes them in place
//! of the local band join, with the same report as a result.
//!
//! # Determinism
//!
//! Documents are numbered in id order (ties, which only a repeated id can
//! make, are refused: the later one is a failure), candidate pairs are
//! sorted, work is done in parallel but collected in order, and nothing is
//! iterated from a hash map into the report. The report never depends on
//! the thread count or on the order of the inputs.

pub mod features;
pub mod parquet;
pub mod shard;
mod spill;
mod tally;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::align::{AlignOptions, Aligner, PassageKind, Run};
use crate::corpus::Load;
use crate::derive::DocIndex;
use crate::engine::compare::{DeriveParts, derivation_of};
use crate::engine::{CompareOptions, Comparer, Observer};
use crate::error::Result;
use crate::index::{self, Keep, LshParams};
use crate::report::scan::{
    Boilerplate, Cluster, CopiedPair, CopiedPassage, FailedDocument, LshInfo, Member,
    SCHEMA_VERSION, ScanParams, ScanReport, ScanStats, VerifiedPair,
};
use crate::report::{self, Summary};
use crate::report::{DerivationSummary, Location};
use crate::shingle;
use crate::sketch::{self, SketchParams};

/// Default Jaccard threshold for near-duplicates.
pub const DEFAULT_THRESHOLD: f64 = 0.8;
/// Default number of documents a line must appear in to be boilerplate.
pub const DEFAULT_BOILERPLATE_MIN_DOCS: u32 = 3;
/// Default document-frequency cut-off of passage fingerprints.
pub const DEFAULT_MAX_DF: u32 = 20;
/// Default number of fingerprints two documents must share to be aligned.
pub const DEFAULT_MIN_SHARED: u32 = 3;

/// Documents sketched per parallel batch.
const BATCH: usize = 1024;
/// Pairs aligned per parallel batch.
const PAIR_BATCH: usize = 256;
/// Pairs verified per parallel batch: a pair of sets takes microseconds,
/// so batches of aligned pairs would spend more on joining the workers.
const SET_PAIR_BATCH: usize = 4096;
/// The fingerprint postings are sorted in `2^PRINT_SLICE_BITS` slices of
/// the hash range, one at a time.
const PRINT_SLICE_BITS: u32 = 4;

/// Everything a scan depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanOptions {
    /// Tokens, shingles, MinHash.
    pub sketch: SketchParams,
    /// Passage alignment of copy candidates.
    pub align: AlignOptions,
    /// Jaccard at which two documents are near-duplicates (`>=`).
    pub threshold: f64,
    /// Representative of a cluster.
    pub keep: Keep,
    /// Largest LSH bucket paired in full.
    pub max_bucket: usize,
    /// Passage fingerprints held by more documents are ignored.
    pub max_df: u32,
    /// Fingerprints two documents must share to be aligned.
    pub min_shared: u32,
    /// Lines and sentences in at least this many documents are boilerplate.
    pub boilerplate_min_docs: u32,
    /// Keep boilerplate in copied passages.
    pub keep_boilerplate: bool,
    /// What the report lists.
    pub find: Find,
    /// Judge each copied pair's derivation both ways, as `compare` does,
    /// and rank copied pairs by it ([`CopiedPair::rank`]).
    pub derivation: bool,
}

/// The kinds of finding a scan reports. A kind left out is not listed,
/// and the work only it needs is skipped: without copies the first
/// reading makes no passage fingerprints, and without boilerplate (and
/// without copies to blank it in) no line hashes, so a scan for
/// near-duplicates alone signs, bands and verifies. Clusters are formed
/// whenever anything is reported, since copies and boilerplate count a
/// cluster once; what is listed never depends on what else is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Find {
    /// Near-duplicate clusters.
    pub near_duplicates: bool,
    /// Passages copied across documents.
    pub copies: bool,
    /// Lines and sentences shared by many documents.
    pub boilerplate: bool,
}

impl Default for Find {
    fn default() -> Self {
        Find {
            near_duplicates: true,
            copies: true,
            boilerplate: true,
        }
    }
}

impl Find {
    /// The kinds, as the report names them ([`crate::report::scan::KINDS`]).
    pub fn names(&self) -> Vec<String> {
        [self.near_duplicates, self.copies, self.boilerplate]
            .into_iter()
            .zip(crate::report::scan::KINDS)
            .filter(|&(on, _)| on)
            .map(|(_, name)| name.to_string())
            .collect()
    }
}

impl ScanOptions {
    /// Whether boilerplate must be found: to list it, or to blank it out
    /// of copied passages.
    fn needs_boilerplate(&self) -> bool {
        self.find.boilerplate || (self.find.copies && !self.keep_boilerplate)
    }

    /// Whether the documents are read once: with neither copies nor
    /// boilerplate to find, the second reading would only give the shingle
    /// sets and content hashes of near-duplicate candidates, so the first
    /// keeps them for every document ([`ExactSet`], in a temporary file).
    pub fn reads_once(&self) -> bool {
        !self.find.copies && !self.needs_boilerplate()
    }
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            sketch: SketchParams::default(),
            align: AlignOptions::default(),
            threshold: DEFAULT_THRESHOLD,
            keep: Keep::First,
            max_bucket: index::DEFAULT_MAX_BUCKET,
            max_df: DEFAULT_MAX_DF,
            min_shared: DEFAULT_MIN_SHARED,
            boilerplate_min_docs: DEFAULT_BOILERPLATE_MIN_DOCS,
            keep_boilerplate: false,
            find: Find::default(),
            derivation: false,
        }
    }
}

/// What the first reading keeps of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSketch {
    /// Its id.
    pub id: String,
    /// Its tokens.
    pub tokens: u32,
    /// MinHash signature values (kept for shards; empty in a scan).
    pub signature: Vec<u32>,
    /// Whether the document has no shingle (its signature is meaningless).
    pub empty: bool,
    /// LSH band keys (none for an empty document).
    pub keys: Vec<u64>,
    /// Passage fingerprints.
    pub prints: Prints,
    /// Hashes of its boilerplate items, sorted ([`features::boilerplate_hashes`]).
    pub lines: Vec<u64>,
    /// What verification needs, when a scan verifies from its first
    /// reading ([`ScanOptions::reads_once`]); `None` otherwise.
    pub exact: Option<ExactSet>,
}

/// A document's exact shingle set and content hash, made by the first
/// reading of a scan that reads once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactSet {
    /// Shingle hashes, sorted, each once; `None` for a text the reading
    /// had met before ([`TextKey`]), whose set the index holds already.
    pub hashes: Option<Vec<u64>>,
    /// XXH3 of the text ([`crate::report::content_hash`]).
    pub content_hash: u64,
    /// The text's identity.
    pub key: TextKey,
}

/// The identity of a text in a scan that reads once: its 128-bit XXH3 and
/// its length in bytes. Two documents with the same key are taken to have
/// the same text: the first one met is sketched and its shingle set kept
/// once, and the others reuse both. (XXH3-128 is not a cryptographic hash,
/// but the chance that two different texts of a corpus of a billion
/// documents collide by accident is below 2^-68.)
pub type TextKey = (u128, usize);

/// The key of `text` ([`TextKey`]).
fn text_key(text: &str) -> TextKey {
    (xxhash_rust::xxh3::xxh3_128(text.as_bytes()), text.len())
}

/// What the first reading of a scan that reads once made of a text, for
/// documents with the same text met later ([`TextKey`]).
#[derive(Debug)]
struct Known {
    tokens: u32,
    empty: bool,
    keys: Vec<u64>,
    content_hash: u64,
}

/// A document's passage fingerprints as a sketch holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prints {
    /// Winnowed selections in text order ([`features::selections`]); the
    /// fingerprints are derived from them when needed, which halves what a
    /// scan holds per document.
    Selections(Vec<u32>),
    /// The fingerprints themselves, sorted ([`features::winnow`]), as
    /// shards and indexes store them.
    Set(Vec<u32>),
}

impl Prints {
    /// The fingerprints, sorted, without duplicates.
    pub fn set(&self) -> Vec<u32> {
        match self {
            Prints::Selections(s) => features::fingerprints(s),
            Prints::Set(s) => {
                let mut v = s.clone();
                v.sort_unstable();
                v.dedup();
                v
            }
        }
    }
}

/// A configured scanner: sketches documents and verifies candidates.
#[derive(Debug)]
pub struct Scanner {
    options: ScanOptions,
    comparer: Comparer,
    lsh: LshParams,
}

impl Scanner {
    /// A scanner for `options`.
    ///
    /// # Errors
    ///
    /// Invalid parameters.
    pub fn new(options: ScanOptions) -> Result<Self> {
        if !(0.0..=1.0).contains(&options.threshold) {
            return Err(crate::Error::InvalidParams(format!(
                "--threshold must be between 0 and 1, not {}",
                options.threshold
            )));
        }
        let comparer = Comparer::new(CompareOptions {
            sketch: options.sketch,
            align: options.align,
            sentences: crate::engine::compare::SentenceRows::None,
        })?;
        let lsh = index::choose(options.threshold, options.sketch.num_perm);
        Ok(Scanner {
            options,
            comparer,
            lsh,
        })
    }

    /// The options.
    pub fn options(&self) -> &ScanOptions {
        &self.options
    }

    /// The LSH banding chosen for the threshold.
    pub fn lsh(&self) -> LshParams {
        self.lsh
    }

    /// The parameters as reported.
    pub fn params(&self) -> ScanParams {
        let o = &self.options;
        let t = &o.sketch.text;
        ScanParams {
            threshold: o.threshold,
            keep: match o.keep {
                Keep::First => "first".into(),
                Keep::Longest => "longest".into(),
            },
            shingle: o.sketch.shingle,
            perms: o.sketch.num_perm,
            seed: o.sketch.seed,
            hash_version: o.sketch.hash_version,
            lang: t.language.to_string(),
            stem: t.stem,
            stopwords: t.remove_stopwords,
            strip_diacritics: t.strip_diacritics,
            lsh: LshInfo {
                bands: self.lsh.bands,
                rows: self.lsh.rows,
                false_negative_rate: index::false_negative_rate(o.threshold, self.lsh),
            },
            max_bucket: o.max_bucket as u32,
            winnow_window: features::WINDOW as u32,
            max_df: o.max_df,
            min_shared: o.min_shared,
            min_tokens: o.align.min_tokens,
            boilerplate_min_docs: o.boilerplate_min_docs,
            keep_boilerplate: o.keep_boilerplate,
            find: o.find.names(),
            derivation: o.derivation,
        }
    }

    /// Sketch one document whose text has been loaded ([`load`]).
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn sketch(&self, id: String, text: &str) -> Result<DocSketch> {
        let key = self.options.reads_once().then(|| text_key(text));
        self.sketch_keyed(id, text, key)
    }

    /// [`Scanner::sketch`] of a text whose key is `key` (`Some` in a scan
    /// that reads once).
    fn sketch_keyed(&self, id: String, text: &str, key: Option<TextKey>) -> Result<DocSketch> {
        let sk = self.comparer.preparer().sketcher();
        let (mut shingles, tokens) = sk.shingle_hashes(text)?;
        if key.is_some() {
            // Sorted first, the set has its repeats removed: fewer values
            // to sign, and the same minima.
            crate::shingle::sort_set(&mut shingles);
        }
        let signature = sk.sign(&shingles);
        let keys = index::band_keys(&signature, self.lsh);
        let o = &self.options;
        let exact = key.map(|key| ExactSet {
            hashes: Some(std::mem::take(&mut shingles)),
            content_hash: report::content_hash_value(text),
            key,
        });
        Ok(DocSketch {
            id,
            tokens,
            empty: signature.is_empty(),
            signature: signature.values().to_vec(),
            keys,
            prints: Prints::Selections(if o.find.copies {
                features::selections(&shingles)
            } else {
                Vec::new()
            }),
            lines: if o.needs_boilerplate() {
                features::boilerplate_hashes(text)
            } else {
                Vec::new()
            },
            exact,
        })
    }

    /// The exact shingle-hash set of a text.
    fn set(&self, text: &str) -> Result<Vec<u64>> {
        let (mut set, _) = self.comparer.preparer().sketcher().shingle_hashes(text)?;
        crate::shingle::sort_set(&mut set);
        Ok(set)
    }
}

/// A document's text as a scan reads it: HTML files (by their id's
/// extension) become their extracted text ([`features::html_text`]).
///
/// # Errors
///
/// HTML that cannot be parsed.
pub fn load(id: &str, text: String) -> Result<String> {
    if features::is_html(id) {
        features::html_text(&text)
    } else {
        Ok(text)
    }
}

/// Sketch every document of `docs` in parallel batches and send each
/// sketch, or the failure that replaced it, to `emit` in input order.
///
/// # Errors
///
/// Only what `emit` returns.
pub fn sketch_all<E>(
    scanner: &Scanner,
    docs: impl Iterator<Item = impl Load>,
    observer: &dyn Observer,
    emit: impl FnMut(std::result::Result<DocSketch, FailedDocument>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    sketch_all_with(docs, observer, |id, t| scanner.sketch(id, t), emit)
}

/// [`sketch_all`] with `sketch` making each loaded text's sketch.
fn sketch_all_with<E, D: Load>(
    docs: impl Iterator<Item = D>,
    observer: &dyn Observer,
    sketch: impl Fn(String, &str) -> Result<DocSketch> + Sync,
    mut emit: impl FnMut(std::result::Result<DocSketch, FailedDocument>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    observer.start(0);
    // The pool sketches three batches while this thread reads the next and
    // hands on the one before: reading and indexing are serial, and were a
    // tenth of the work; with one batch in work a batch's largest
    // documents left a worker idle at its end.
    let mut docs = docs.fuse();
    let next = || {
        let batch: Vec<D> = docs.by_ref().take(BATCH).collect();
        (!batch.is_empty()).then_some(batch)
    };
    // A document is loaded (a JSON Lines line parsed) on the workers.
    let work = |batch: Vec<D>| -> Vec<_> {
        batch
            .into_par_iter()
            .map(|doc| {
                let (id, text) = doc.load();
                text.and_then(|t| load(&id, t))
                    .and_then(|t| sketch(id.clone(), &t))
                    .map_err(|e| FailedDocument {
                        id,
                        error: e.to_string(),
                    })
            })
            .collect()
    };
    crate::engine::pipelined(3, next, work, |results| {
        let n = results.len() as u64;
        results.into_iter().try_for_each(&mut emit)?;
        observer.advance(n);
        Ok(())
    })
}

/// The top 32 bits of a boilerplate candidate's hash.
fn prefix(h: u64) -> u32 {
    (h >> 32) as u32
}

/// The documents holding one boilerplate candidate, as the second reading
/// finds them.
#[derive(Debug)]
struct Holders {
    /// Documents holding it as a line.
    lines: Vec<u32>,
    /// (neighbour inside the paragraph, document) where a document holds
    /// it as a sentence.
    sentences: Vec<(u64, u32)>,
    /// The item's key as the first holder by id has it.
    key: String,
    /// That holder.
    first: u32,
}

/// What the first reading keeps of one document in the index.
#[derive(Debug)]
struct Entry {
    id: String,
    tokens: u32,
    keys: Box<[u64]>,
    /// Winnowed selections in text order if `ordered`, else the sorted
    /// fingerprints.
    prints: Box<[u32]>,
    ordered: bool,
    /// Where its [`ExactSet`] lies in [`Index::exact`], and its content hash.
    exact: Option<(u32, u64)>,
}

impl Entry {
    /// Each fingerprint, possibly more than once.
    fn for_each_print(&self, mut f: impl FnMut(u32)) {
        if self.ordered {
            features::for_each_fingerprint(&self.prints, f);
        } else {
            self.prints.iter().for_each(|&p| f(p));
        }
    }

    /// The fingerprints, sorted, without duplicates.
    fn print_set(&self) -> Vec<u32> {
        if self.ordered {
            features::fingerprints(&self.prints)
        } else {
            self.prints.to_vec()
        }
    }
}

/// The sketches of a corpus (see the module docs): about a kilobyte per
/// document.
///
/// # Checking a few documents against a corpus
///
/// A persistent index (`crate::store`) checks new documents without
/// scanning its whole corpus again: it adds the new documents and the few
/// archived ones they may match, names the new ones with [`Index::focus`]
/// (only pairs with a focused document are verified and aligned), and
/// gives the counts that only the whole corpus knows: how many documents
/// hold each short line ([`Index::corpus_line_counts`]) and each passage
/// fingerprint ([`Index::corpus_print_df`]). The same code then verifies,
/// clusters and aligns as in a full scan.
#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<Entry>,
    /// How many documents added hold each boilerplate candidate, by the top
    /// 32 bits of its hash ([`tally`]): a rare collision only makes a
    /// candidate that the second reading counts exactly.
    items: tally::Tally,
    /// Candidate counts over a whole corpus ([`Index::corpus_line_counts`]).
    lines: HashMap<u64, u32>,
    failures: Vec<FailedDocument>,
    /// Ids of the focused documents, sorted ([`Index::focus`]).
    focus: Option<Vec<String>>,
    /// Whether `lines` counts a corpus larger than the documents added.
    corpus_lines: bool,
    /// Document frequencies of fingerprints over a larger corpus.
    print_df: HashMap<u32, u32>,
    /// Near-duplicate candidates found outside ([`Index::use_candidates`]).
    external: Option<parquet::ExternalCandidates>,
    /// The shingle sets of sketches that carry them ([`DocSketch::exact`]),
    /// numbered in order of arrival; `Err` once the temporary file failed
    /// (the documents are then read again, as in any other scan).
    exact: Option<std::result::Result<spill::SpillWriter, crate::Error>>,
    /// The slot in `exact` of each text's set ([`TextKey`]).
    texts: rustc_hash::FxHashMap<TextKey, u32>,
}

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Index::default()
    }

    /// Add one document's sketch.
    pub fn add(&mut self, mut s: DocSketch) {
        s.lines.sort_unstable();
        s.lines.dedup();
        for &h in &s.lines {
            self.items.add(prefix(h));
        }
        let exact = s.exact.and_then(|x| {
            let writer = self
                .exact
                .get_or_insert_with(spill::SpillWriter::new)
                .as_mut()
                .ok()?;
            // A text met before shares its set's slot.
            if let Some(&slot) = self.texts.get(&x.key) {
                return Some((slot, x.content_hash));
            }
            // A set left out for a text this index has not met (a sketch
            // made for another index) leaves this one without: the scan
            // then reads the documents again.
            let slot = writer.len();
            match writer.put_u64s(slot, x.hashes.as_deref()?) {
                Ok(()) => {
                    self.texts.insert(x.key, slot);
                    Some((slot, x.content_hash))
                }
                Err(e) => {
                    self.exact = Some(Err(e));
                    None
                }
            }
        });
        self.entries.push(Entry {
            exact,
            id: s.id,
            tokens: s.tokens,
            keys: s.keys.into(),
            ordered: matches!(s.prints, Prints::Selections(_)),
            prints: match s.prints {
                Prints::Selections(v) => v.into(),
                // Sorted in a sketch, but a shard may come from elsewhere.
                Prints::Set(mut v) => {
                    v.sort_unstable();
                    v.dedup();
                    v.into()
                }
            },
        });
    }

    /// Sketch every document of `docs` ([`sketch_all`]) into the index,
    /// failures included; the ids sketched, in input order.
    pub fn add_all(
        &mut self,
        scanner: &Scanner,
        docs: impl Iterator<Item = impl Load>,
        observer: &dyn Observer,
    ) -> Vec<String> {
        let mut ids = Vec::new();
        // In a scan that reads once, a text met in an earlier batch is not
        // sketched again ([`TextKey`]): a corpus of versions of one tree
        // holds many identical files.
        let known: std::sync::RwLock<rustc_hash::FxHashMap<TextKey, Known>> = Default::default();
        let sketch = |id: String, text: &str| {
            if !scanner.options().reads_once() {
                return scanner.sketch(id, text);
            }
            let key = text_key(text);
            let seen = known.read().unwrap_or_else(|p| p.into_inner());
            match seen.get(&key) {
                Some(k) => Ok(DocSketch {
                    id,
                    tokens: k.tokens,
                    signature: Vec::new(),
                    empty: k.empty,
                    keys: k.keys.clone(),
                    prints: Prints::Selections(Vec::new()),
                    lines: Vec::new(),
                    exact: Some(ExactSet {
                        hashes: None,
                        content_hash: k.content_hash,
                        key,
                    }),
                }),
                None => {
                    drop(seen);
                    scanner.sketch_keyed(id, text, Some(key))
                }
            }
        };
        let done: std::result::Result<(), std::convert::Infallible> =
            sketch_all_with(docs, observer, sketch, |r| {
                match r {
                    Ok(mut s) => {
                        s.signature = Vec::new();
                        ids.push(s.id.clone());
                        if let Some(x) = &s.exact
                            && x.hashes.is_some()
                        {
                            let k = Known {
                                tokens: s.tokens,
                                empty: s.empty,
                                keys: s.keys.clone(),
                                content_hash: x.content_hash,
                            };
                            known
                                .write()
                                .unwrap_or_else(|p| p.into_inner())
                                .insert(x.key, k);
                        }
                        self.add(s);
                    }
                    Err(f) => self.fail(f),
                }
                Ok(())
            });
        let Ok(()) = done;
        ids
    }

    /// Record a document that failed.
    pub fn fail(&mut self, f: FailedDocument) {
        self.failures.push(f);
    }

    /// Report only clusters and copied pairs that involve at least one of
    /// these documents: near-duplicate candidates are all verified, so that
    /// clusters and their representatives form as in a full scan, but only
    /// clusters with a focused member are listed; copied-passage candidates
    /// are aligned only when a focused document is in the pair once each
    /// cluster stands for its representative (as in a full scan); boilerplate
    /// lines are listed only when a focused document holds them.
    pub fn focus(&mut self, ids: impl IntoIterator<Item = String>) {
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        self.focus = Some(ids);
    }

    /// Use `counts` (line hash → documents holding it, over a whole corpus
    /// that includes the documents added) instead of counting the lines of
    /// the documents added: a line is boilerplate when its count reaches
    /// the threshold, the holders not added counting as one document each.
    pub fn corpus_line_counts(&mut self, counts: HashMap<u64, u32>) {
        self.lines = counts;
        self.corpus_lines = true;
    }

    /// Document frequencies of passage fingerprints over a whole corpus
    /// that includes the documents added: a fingerprint is frequent (over
    /// [`ScanOptions::max_df`]) by the larger of this count and the count
    /// among the documents added.
    pub fn corpus_print_df(&mut self, df: HashMap<u32, u32>) {
        self.print_df = df;
    }

    /// Take the near-duplicate candidate pairs from outside (the band join
    /// of `spark/neardup_lsh.py`, read with [`parquet::read_pairs`]) instead
    /// of computing LSH buckets from the band keys in [`Index::finish`].
    /// They are verified exactly like the pairs of the local band join;
    /// passage candidates and boilerplate still come from the sketches
    /// added here.
    pub fn use_candidates(&mut self, candidates: parquet::ExternalCandidates) {
        self.external = Some(candidates);
    }

    /// Documents added.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Find the candidates, read the documents again (`docs`, the same
    /// source, each loaded on a worker), verify, cluster, align and
    /// report. `fail_over` counts clusters and copied pairs whose score is
    /// at or over it as findings.
    ///
    /// # Errors
    ///
    /// Candidates from outside that do not fit the documents
    /// ([`parquet::ExternalCandidates::resolve`]); reading failures become
    /// [`FailedDocument`]s.
    pub fn finish(
        mut self,
        scanner: &Scanner,
        docs: impl Iterator<Item = impl Load>,
        observer: &dyn Observer,
        fail_over: Option<f64>,
    ) -> Result<ScanReport> {
        let o = scanner.options();
        // Number documents in id order; a repeated id keeps its first (the
        // sort is stable).
        self.entries.par_sort_by(|a, b| a.id.cmp(&b.id));
        let mut entries = std::mem::take(&mut self.entries);
        let failures = &mut self.failures;
        entries.dedup_by(|later, first| {
            let repeated = later.id == first.id;
            if repeated {
                failures.push(FailedDocument {
                    error: format!(
                        "{}: the id appears more than once; only the first is scanned",
                        later.id
                    ),
                    id: later.id.clone(),
                });
            }
            repeated
        });
        let n = entries.len();
        let focused: Option<Vec<bool>> = self.focus.take().map(|ids| {
            entries
                .iter()
                .map(|e| ids.binary_search(&e.id).is_ok())
                .collect()
        });
        let tokens: Vec<u32> = entries.iter().map(|e| e.tokens).collect();

        // A scan that reads once has every document's set from the first
        // reading (unless some sketch came without one: from a shard or an
        // index, or after the temporary file failed).
        let exact: Option<spill::Spill> = match self.exact.take() {
            Some(Ok(w)) if o.reads_once() && entries.iter().all(|e| e.exact.is_some()) => {
                Some(w.finish()?)
            }
            _ => None,
        };
        // Near-duplicate candidates: of texts when the sets come from the
        // first reading and no bucket is capped, else of documents.
        let by_text = match (&exact, &self.external) {
            (Some(_), None) => TextItems::new(&entries, o.max_bucket),
            _ => None,
        };
        let cand = match (self.external.take(), &by_text) {
            (Some(ext), _) => {
                let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
                let failed: Vec<&str> = self.failures.iter().map(|f| f.id.as_str()).collect();
                ext.resolve(&ids, &failed)?
            }
            (None, Some(t)) => index::Candidates {
                pairs: Vec::new(),
                stats: t.stats,
            },
            (None, None) => {
                let keys: Vec<&[u64]> = entries.iter().map(|e| &*e.keys).collect();
                index::candidate_pairs(&keys, o.max_bucket)
            }
        };

        // Passage candidates: an inverted index of the fingerprints held by
        // two to `max_df` documents (built one slice of the hash range at a
        // time, so only a slice of all postings is ever in memory), then,
        // document by document, the later documents that share at least
        // `min_shared` of them.
        // Without copies to find, no document has fingerprints (shards
        // hold them all the same).
        if !o.find.copies {
            for e in entries.iter_mut() {
                e.prints = Box::default();
            }
        }
        let mut frequent = 0u64;
        let mut shared_prints: Vec<u32> = Vec::new();
        let mut starts: Vec<usize> = vec![0];
        let mut print_docs: Vec<u32> = Vec::new();
        // Postings per slice, counted in one pass so each slice's list is
        // allocated at its size.
        let shift = 32 - PRINT_SLICE_BITS;
        let mut totals = [0usize; 1 << PRINT_SLICE_BITS];
        for e in &entries {
            e.for_each_print(|p| totals[(p >> shift) as usize] += 1);
        }
        for slice in 0..1u32 << PRINT_SLICE_BITS {
            let mut postings: Vec<(u32, u32)> = Vec::with_capacity(totals[slice as usize]);
            for (d, e) in entries.iter().enumerate() {
                e.for_each_print(|p| {
                    if p >> shift == slice {
                        postings.push((p, d as u32));
                    }
                });
            }
            postings.sort_unstable();
            // A document holds a fingerprint once.
            postings.dedup();
            for group in postings.chunk_by(|a, b| a.0 == b.0) {
                if group.len() < 2 {
                    continue;
                }
                let df = self.print_df.get(&group[0].0).map_or(0, |&c| c as usize);
                if group.len().max(df) > o.max_df as usize {
                    frequent += 1;
                    continue;
                }
                shared_prints.push(group[0].0);
                print_docs.extend(group.iter().map(|&(_, d)| d));
                starts.push(print_docs.len());
            }
        }
        let min_shared = o.min_shared.max(1) as usize;
        let mut copy_pairs: Vec<(u32, u32)> = (0..n as u32)
            .into_par_iter()
            .flat_map_iter(|a| {
                let mut partners: Vec<u32> = Vec::new();
                for p in entries[a as usize].print_set() {
                    if let Ok(i) = shared_prints.binary_search(&p) {
                        let docs = &print_docs[starts[i]..starts[i + 1]];
                        partners.extend(docs.iter().filter(|&&b| b > a));
                    }
                }
                partners.sort_unstable();
                partners
                    .chunk_by(|x, y| x == y)
                    .filter(|run| run.len() >= min_shared)
                    .map(|run| (a, run[0]))
                    .collect::<Vec<_>>()
            })
            .collect();
        drop((shared_prints, starts, print_docs));
        // Fingerprints and band keys have served; the rest needs only ids.
        for e in entries.iter_mut() {
            e.prints = Box::default();
            e.keys = Box::default();
        }

        // Boilerplate candidates: items held by at least `min_docs`
        // documents (by their hash's top bits; the second reading counts
        // exactly).
        let min_docs = o.boilerplate_min_docs.max(2);
        // A hash set: every item of every document is looked up, and a
        // binary search over millions of prefixes missed the cache.
        let candidates: rustc_hash::FxHashSet<u32> = if !o.needs_boilerplate() {
            Default::default()
        } else if self.corpus_lines {
            self.lines
                .iter()
                .filter(|&(_, &c)| c >= min_docs)
                .map(|(&h, _)| prefix(h))
                .collect()
        } else {
            std::mem::take(&mut self.items)
                .at_least(min_docs)
                .into_iter()
                .collect()
        };
        // Counts over a larger corpus: holders not read count once each.
        let corpus_counts: HashMap<u64, u32> = if self.corpus_lines {
            std::mem::take(&mut self.lines)
                .into_iter()
                .filter(|&(_, c)| c >= min_docs)
                .collect()
        } else {
            HashMap::new()
        };
        self.lines = HashMap::new();

        // Second reading: texts of documents in a candidate pair (set aside
        // in a temporary file), content hashes of near-duplicate candidates,
        // and the first holders of each boilerplate line.
        let mut need = vec![false; n];
        for &(a, b) in cand.pairs.iter().chain(&copy_pairs) {
            need[a as usize] = true;
            need[b as usize] = true;
        }
        let mut is_dup = vec![false; n];
        for &(a, b) in &cand.pairs {
            is_dup[a as usize] = true;
            is_dup[b as usize] = true;
        }
        if let Some(t) = &by_text {
            // A text is in many pairs: its documents are marked once.
            let mut paired = vec![false; t.slots.len()];
            for &(i, j) in &t.pairs {
                paired[i as usize] = true;
                paired[j as usize] = true;
            }
            for (i, _) in paired.iter().enumerate().filter(|p| *p.1) {
                for &d in t.docs(i as u32) {
                    is_dup[d as usize] = true;
                }
            }
        }
        let mut spill = spill::SpillWriter::new()?;
        let mut hashes: rustc_hash::FxHashMap<u32, String> = Default::default();
        if exact.is_some() {
            for (d, e) in entries.iter().enumerate().filter(|&(d, _)| is_dup[d]) {
                let content = e.exact.map_or(0, |x| x.1);
                hashes.insert(d as u32, report::content_hash_hex(content));
            }
        }
        let mut seen = vec![false; n];
        let mut holders: BTreeMap<u64, Holders> = BTreeMap::new();
        let mut reread_failures: HashMap<u32, String> = HashMap::new();
        let mut docs = exact
            .is_none()
            .then_some(docs)
            .into_iter()
            .flatten()
            .peekable();
        observer.start(0);
        while docs.peek().is_some() {
            let batch: Vec<_> = docs.by_ref().take(BATCH).collect();
            let len = batch.len() as u64;
            let results: Vec<_> = batch
                .into_par_iter()
                .filter_map(|doc| {
                    let (id, text) = doc.load();
                    let d = entries.binary_search_by(|e| e.id.as_str().cmp(&id)).ok()? as u32;
                    let text = text.and_then(|t| load(&id, t));
                    let mut lines: Vec<(u64, Option<u64>, String)> = match &text {
                        Ok(t) if !candidates.is_empty() => features::items(t)
                            .into_iter()
                            .filter(|i| candidates.contains(&prefix(i.hash)))
                            .filter_map(|i| {
                                let key = features::line_key(&t[i.range.clone()])?;
                                Some((i.hash, i.inner(t), key))
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    lines.sort_by_key(|l| (l.0, l.1));
                    lines.dedup_by_key(|l| (l.0, l.1));
                    let hash = match &text {
                        Ok(t) if is_dup[d as usize] => Some(report::content_hash(t)),
                        _ => None,
                    };
                    Some((d, text, lines, hash))
                })
                .collect();
            for (d, text, lines, hash) in results {
                if std::mem::replace(&mut seen[d as usize], true) {
                    continue;
                }
                for (h, inner, key) in lines {
                    let slot = holders.entry(h).or_insert_with(|| Holders {
                        lines: Vec::new(),
                        sentences: Vec::new(),
                        key: key.clone(),
                        first: d,
                    });
                    if d < slot.first {
                        slot.key = key;
                        slot.first = d;
                    }
                    match inner {
                        Some(i) => slot.sentences.push((i, d)),
                        None => slot.lines.push(d),
                    }
                }
                if need[d as usize] {
                    match text {
                        Ok(t) => {
                            spill.put(d, &t)?;
                            if let Some(hash) = hash {
                                hashes.insert(d, hash);
                            }
                        }
                        Err(e) => {
                            reread_failures.insert(d, e.to_string());
                        }
                    }
                }
            }
            observer.advance(len);
        }
        let mut missing: Vec<u32> = (0..n as u32)
            .filter(|&d| exact.is_none() && need[d as usize] && !spill.contains(d))
            .collect();
        missing.sort_unstable();
        for d in missing {
            let id = entries[d as usize].id.clone();
            let error = match reread_failures.remove(&d) {
                Some(e) => e,
                None => format!("{id}: not found among the documents read for verification"),
            };
            self.failures.push(FailedDocument { id, error });
        }

        let spill = spill.finish()?;

        // Verify near-duplicate candidates exactly. With sets from the
        // first reading, documents are taken by their set's slot, so a
        // text held by several documents counts once.
        let class = |d: u32| match &exact {
            Some(_) => entries[d as usize].exact.map_or(u32::MAX, |e| e.0),
            None => d,
        };
        let set = |c: u32| match &exact {
            Some(x) => x.get_u64s(c),
            None => Ok(spill.get(c)?.and_then(|t| scanner.set(&t).ok())),
        };
        let over = |x: &Vec<u64>, y: &Vec<u64>| sketch::jaccard_at_least(x, y, o.threshold);
        let verified: Vec<(u32, u32, f64)> = match &by_text {
            Some(t) => t.verify(set, over)?,
            None => cand
                .pairs
                .iter()
                .zip(over_classes(&cand.pairs, class, set, over)?)
                .filter_map(|(&(a, b), j)| Some((a, b, j??)))
                .collect(),
        };
        let jaccard = |x: &Vec<u64>, y: &Vec<u64>| sketch::jaccard(x, y);
        let edges: Vec<(u32, u32)> = verified.iter().map(|&(a, b, _)| (a, b)).collect();
        let groups = index::clusters(n, &edges);
        // Each member's similarity to its cluster's representative.
        let reps: Vec<u32> = groups
            .iter()
            .map(|group| o.keep.representative(group, &tokens).unwrap_or(group[0]))
            .collect();
        let to_rep: Vec<(u32, u32)> = groups
            .iter()
            .zip(&reps)
            .flat_map(|(group, &rep)| {
                group
                    .iter()
                    .filter(move |&&d| d != rep)
                    .map(move |&d| (rep.min(d), rep.max(d)))
            })
            .collect();
        // Pairs verified already are not computed again.
        let mut similarity: rustc_hash::FxHashMap<(u32, u32), f64> =
            verified.iter().map(|&(a, b, j)| ((a, b), j)).collect();
        let to_rep: Vec<(u32, u32)> = to_rep
            .into_iter()
            .filter(|p| !similarity.contains_key(p))
            .collect();
        similarity.extend(
            to_rep
                .iter()
                .copied()
                .zip(over_classes(&to_rep, class, set, jaccard)?)
                .filter_map(|(p, j)| Some((p, j?))),
        );
        let mut cluster_of = vec![u32::MAX; n];
        for (g, group) in groups.iter().enumerate() {
            for &d in group {
                cluster_of[d as usize] = g as u32;
            }
        }
        // Each cluster's verified pairs, in order: `verified[by_cluster[..]]`.
        let mut pair_starts = vec![0usize; groups.len() + 1];
        for &(a, _, _) in &verified {
            pair_starts[cluster_of[a as usize] as usize + 1] += 1;
        }
        for g in 0..groups.len() {
            pair_starts[g + 1] += pair_starts[g];
        }
        let mut fill = pair_starts.clone();
        let mut by_cluster = vec![0usize; verified.len()];
        for (i, &(a, _, _)) in verified.iter().enumerate() {
            let g = cluster_of[a as usize] as usize;
            by_cluster[fill[g]] = i;
            fill[g] += 1;
        }
        let id = |d: u32| entries[d as usize].id.clone();
        // Clusters are independent: built on the workers, in order.
        let mut clusters: Vec<Cluster> = groups
            .par_iter()
            .zip(&reps)
            .enumerate()
            .map(|(g, (group, &rep))| {
                let mut members: Vec<Member> = group
                    .iter()
                    .map(|&d| Member {
                        id: id(d),
                        tokens: tokens[d as usize],
                        similarity: if d == rep {
                            1.0
                        } else {
                            similarity
                                .get(&(rep.min(d), rep.max(d)))
                                .copied()
                                .unwrap_or(0.0)
                        },
                        content_hash: hashes.get(&d).cloned().unwrap_or_default(),
                    })
                    .collect();
                let rep_id = id(rep);
                members.sort_by(|a, b| {
                    (a.id != rep_id)
                        .cmp(&(b.id != rep_id))
                        .then(a.id.cmp(&b.id))
                });
                let max_similarity = members
                    .iter()
                    .skip(1)
                    .map(|m| m.similarity)
                    .fold(0.0, f64::max);
                let pairs = by_cluster[pair_starts[g]..pair_starts[g + 1]]
                    .iter()
                    .map(|&i| {
                        let (a, b, j) = verified[i];
                        VerifiedPair {
                            a: id(a),
                            b: id(b),
                            jaccard: j,
                        }
                    })
                    .collect();
                Cluster {
                    id: 0,
                    representative: rep_id,
                    members,
                    pairs,
                    max_similarity,
                }
            })
            .collect();
        drop(hashes);
        if let Some(f) = &focused {
            let mut g = 0;
            clusters.retain(|_| {
                g += 1;
                groups[g - 1].iter().any(|&d| f[d as usize])
            });
        }
        clusters.par_sort_by(|x, y| {
            y.members
                .len()
                .cmp(&x.members.len())
                .then(y.max_similarity.total_cmp(&x.max_similarity))
                .then(x.representative.cmp(&y.representative))
        });
        for (i, c) in clusters.iter_mut().enumerate() {
            c.id = i as u32 + 1;
        }

        // Boilerplate: items held by at least `min_docs` documents, counting
        // a near-duplicate cluster once (copies do not make boilerplate). A
        // sentence that two of them (outside one cluster) hold next to the
        // same neighbour is there part of a passage they share: those places
        // are kept, and the sentence is boilerplate only if enough holders
        // have it elsewhere.
        let unit = |d: u32| match cluster_of[d as usize] {
            u32::MAX => n as u64 + u64::from(d),
            g => u64::from(g),
        };
        let units_of = |docs: &mut dyn Iterator<Item = u32>| -> usize {
            let mut u: Vec<u64> = docs.map(unit).collect();
            u.sort_unstable();
            u.dedup();
            u.len()
        };
        let mut boilerplate: Vec<Boilerplate> = Vec::new();
        let mut furniture = features::Furniture::default();
        for (h, holder) in holders {
            let mut sentences = holder.sentences;
            sentences.sort_unstable();
            let mut kept: Vec<u64> = sentences
                .chunk_by(|x, y| x.0 == y.0)
                .filter(|run| units_of(&mut run.iter().map(|p| p.1)) >= 2)
                .map(|run| run[0].0)
                .collect();
            let free: Vec<u32> = sentences
                .iter()
                .filter(|p| kept.binary_search(&p.0).is_err())
                .map(|p| p.1)
                .chain(holder.lines.iter().copied())
                .collect();
            let mut holding: Vec<u32> = sentences
                .iter()
                .map(|p| p.1)
                .chain(holder.lines.iter().copied())
                .collect();
            holding.sort_unstable();
            holding.dedup();
            let unseen = corpus_counts
                .get(&h)
                .map_or(0, |&c| (c as usize).saturating_sub(holding.len()));
            if units_of(&mut free.iter().copied()) + unseen < min_docs as usize {
                continue;
            }
            // Blanked wherever it is free, listed only when a focused
            // document holds it.
            furniture.items.push(h);
            furniture
                .kept
                .extend(kept.drain(..).map(|i| features::context_hash(h, i)));
            let mut docs = free;
            docs.sort_unstable();
            docs.dedup();
            if let Some(f) = &focused
                && !docs.iter().any(|&d| f[d as usize])
            {
                continue;
            }
            boilerplate.push(Boilerplate {
                line: holder.key,
                documents: (docs.len() + unseen) as u64,
                examples: docs
                    .iter()
                    .take(3)
                    .map(|&d| entries[d as usize].id.clone())
                    .collect(),
            });
        }
        furniture.kept.sort_unstable();
        boilerplate.sort_by(|x, y| y.documents.cmp(&x.documents).then(x.line.cmp(&y.line)));

        // Align passage candidates that are not near-duplicates.
        // A cluster takes part through its representative only.
        let mut rep_of: Vec<u32> = (0..n as u32).collect();
        for (group, &rep) in groups.iter().zip(&reps) {
            for &d in group {
                rep_of[d as usize] = rep;
            }
        }
        for p in copy_pairs.iter_mut() {
            let (a, b) = (rep_of[p.0 as usize], rep_of[p.1 as usize]);
            *p = (a.min(b), a.max(b));
        }
        copy_pairs.sort_unstable();
        copy_pairs.dedup();
        copy_pairs.retain(|&(a, b)| a != b && spill.contains(a) && spill.contains(b));
        if let Some(f) = &focused {
            copy_pairs.retain(|&(a, b)| f[a as usize] || f[b as usize]);
        }
        // Cheap test before aligning: an exact passage of `min_tokens` words
        // shares `min_tokens - k + 1` shingles; an edited one, where a few
        // changed words break shingles, is asked for half as many. Shingle
        // sets are held as 32-bit hashes for this test only, and like the
        // prepared documents only for the documents of one batch of pairs.
        let need = (o.align.min_tokens.saturating_sub(o.sketch.shingle - 1) / 2).max(1) as usize;
        let small = |_: u32, t: String| -> Option<Vec<u32>> {
            let sketcher = scanner.comparer.preparer().sketcher();
            let (hashes, _) = sketcher.shingle_hashes(&t).ok()?;
            let mut v: Vec<u32> = hashes.iter().map(|&h| (h >> 32) as u32).collect();
            v.sort_unstable();
            v.dedup();
            Some(v)
        };
        let blank = if o.keep_boilerplate {
            features::Furniture::default()
        } else {
            furniture
        };
        let prepare = |d: u32, t: String| -> Option<Light> {
            let text: Arc<str> = match features::blank(&t, &blank) {
                Some(b) => Arc::from(b),
                None => Arc::from(t),
            };
            let sk = scanner.comparer.preparer().sketcher();
            let doc = sk.pipeline().document(text).ok()?;
            let shingles = sk.shingles(&doc);
            let set = shingle::hash_set(&shingles);
            Some(Light {
                id: entries[d as usize].id.clone(),
                doc,
                shingles,
                set,
                derive: o.derivation.then(OnceLock::new),
            })
        };
        let enough = |x: &Vec<u32>, y: &Vec<u32>| crate::shingle::intersection_len(x, y) >= need;
        let kept: Vec<(u32, u32)> = copy_pairs
            .iter()
            .zip(over_pairs(&copy_pairs, texts(&spill, small), enough)?)
            .filter_map(|(&p, ok)| ok?.then_some(p))
            .collect();
        let aligned_pairs = kept.len() as u64;
        let aligner = scanner.comparer.preparer().aligner();
        let align = |x: &Light, y: &Light| copied_pair(aligner, x, y);
        let mut copied: Vec<CopiedPair> = over_pairs(&kept, texts(&spill, prepare), align)?
            .into_iter()
            .flatten()
            .flatten()
            .collect();
        copied.sort_by(|x, y| {
            let (rx, ry) = (x.rank(), y.rank());
            ry.0.total_cmp(&rx.0)
                .then(ry.1.total_cmp(&rx.1))
                .then(x.a.cmp(&y.a))
                .then(x.b.cmp(&y.b))
        });
        for (i, c) in copied.iter_mut().enumerate() {
            c.id = i as u32 + 1;
        }
        observer.finish();
        if !o.find.near_duplicates {
            clusters.clear();
        }
        if !o.find.boilerplate {
            boilerplate.clear();
        }

        self.failures
            .sort_by(|a, b| a.id.cmp(&b.id).then(a.error.cmp(&b.error)));
        self.failures.dedup();
        let findings = match fail_over {
            Some(t) => {
                (clusters
                    .iter()
                    .filter(|c| report::over(c.max_similarity, t))
                    .count()
                    + copied.iter().filter(|c| report::over(c.score, t)).count())
                    as u64
            }
            None => 0,
        };
        let items = (clusters.len() + copied.len() + boilerplate.len()) as u64;
        let stats = ScanStats {
            documents: n as u64,
            failed: self.failures.len() as u64,
            candidate_pairs: cand.stats.pairs,
            verified_pairs: verified.len() as u64,
            capped_buckets: cand.stats.capped_buckets,
            aligned_pairs,
            frequent_fingerprints: frequent,
        };
        Ok(ScanReport {
            schema_version: SCHEMA_VERSION,
            params: scanner.params(),
            stats,
            summary: Summary::new(items, self.failures.len() as u64, findings),
            clusters,
            copied,
            boilerplate,
            failures: self.failures,
            against: None,
        })
    }
}

/// A document as the copy stage reads it.
struct Light {
    id: String,
    doc: crate::text::Document,
    shingles: Vec<crate::shingle::Shingle>,
    set: Vec<u64>,
    /// With [`ScanOptions::derivation`], what the derivation reads of it,
    /// made for the first pair it shares passages with (most documents a
    /// scan aligns share none); `None` without.
    derive: Option<OnceLock<(crate::align::Features, DocIndex)>>,
}

/// Bytes a document's derivation parts are counted as per token in the
/// cache budget of the copy stage, whether they are made or not, so that
/// what is counted in is counted out: content words (8), the derivation
/// index's word ids, sentence words and postings (12), A's clauses and
/// quoted tokens (5), B's word pairs and trigrams in hash sets (about 64).
const DERIVE_BYTES_PER_TOKEN: usize = 96;

impl Light {
    /// What the derivation reads of it; `None` without
    /// [`ScanOptions::derivation`].
    fn derive_parts(&self, aligner: &Aligner) -> Option<DeriveParts<'_>> {
        let (features, index) = self.derive.as_ref()?.get_or_init(|| {
            let features = aligner.features(&self.doc, false);
            let index = DocIndex::new(&self.doc, &features);
            (features, index)
        });
        Some((&self.doc, features, index))
    }
}

/// The documents of a scan that reads once, grouped by text (by their
/// set's slot, [`TextKey`]): each text is banded and verified once, and
/// its documents' pairs are read off the texts' pairs. Without a capped
/// bucket this gives the documents' candidate pairs exactly: documents
/// with one text hold the same keys, so they pair with each other and with
/// whatever their text pairs with.
struct TextItems {
    /// Each text's set slot.
    slots: Vec<u32>,
    /// Text `i`'s documents, ascending: `docs[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    docs: Vec<u32>,
    /// Pairs of texts to verify, sorted: candidate pairs, and each text of
    /// several documents with itself.
    pairs: Vec<(u32, u32)>,
    /// The candidates' counts, in documents.
    stats: index::CandidateStats,
}

impl TextItems {
    /// The texts of `entries` and their candidate pairs; `None` when some
    /// entry has no set or a bucket is capped (its star is one of
    /// documents).
    fn new(entries: &[Entry], max_bucket: usize) -> Option<Self> {
        let slot_count = entries
            .iter()
            .filter_map(|e| e.exact)
            .map(|x| x.0 + 1)
            .max();
        let mut text_of_slot = vec![u32::MAX; slot_count.unwrap_or(0) as usize];
        let mut slots: Vec<u32> = Vec::new();
        let mut first: Vec<usize> = Vec::new();
        let mut text_of_doc: Vec<u32> = Vec::with_capacity(entries.len());
        for (d, e) in entries.iter().enumerate() {
            let slot = e.exact?.0;
            let t = &mut text_of_slot[slot as usize];
            if *t == u32::MAX {
                *t = slots.len() as u32;
                slots.push(slot);
                first.push(d);
            }
            text_of_doc.push(*t);
        }
        let mut starts = vec![0usize; slots.len() + 1];
        for &t in &text_of_doc {
            starts[t as usize + 1] += 1;
        }
        for i in 0..slots.len() {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut docs = vec![0u32; entries.len()];
        for (d, &t) in text_of_doc.iter().enumerate() {
            docs[fill[t as usize]] = d as u32;
            fill[t as usize] += 1;
        }
        let weight = |t: usize| (starts[t + 1] - starts[t]) as u64;
        let keys: Vec<&[u64]> = first.iter().map(|&d| &*entries[d].keys).collect();
        let cand = index::weighted_candidate_pairs(&keys, weight, max_bucket);
        if cand.stats.capped_buckets > 0 {
            return None;
        }
        // A text's own pair, for its documents: merged in, both sorted.
        let own: Vec<(u32, u32)> = (0..slots.len())
            .filter(|&t| weight(t) > 1 && !keys[t].is_empty())
            .map(|t| (t as u32, t as u32))
            .collect();
        let mut pairs = Vec::new();
        index::candidates::merge_into(&cand.pairs, &own, &mut pairs);
        let mut stats = cand.stats;
        stats.pairs = pairs
            .iter()
            .map(|&(i, j)| {
                let (wi, wj) = (weight(i as usize), weight(j as usize));
                if i == j { wi * (wi - 1) / 2 } else { wi * wj }
            })
            .sum();
        Some(TextItems {
            slots,
            starts,
            docs,
            pairs,
            stats,
        })
    }

    /// The documents of text `t`.
    fn docs(&self, t: u32) -> &[u32] {
        &self.docs[self.starts[t as usize]..self.starts[t as usize + 1]]
    }

    /// The pairs of documents whose texts' sets (`fetch` by slot) give a
    /// similarity under `f`, sorted, with it.
    fn verify(
        &self,
        fetch: impl Fn(u32) -> Result<Option<Vec<u64>>> + Sync,
        f: impl Fn(&Vec<u64>, &Vec<u64>) -> Option<f64> + Sync,
    ) -> Result<Vec<(u32, u32, f64)>> {
        let fetch = |t: u32| fetch(self.slots[t as usize]);
        let found = over_pairs_within(&self.pairs, fetch, f, PAIR_CACHE_BYTES, SET_PAIR_BATCH)?;
        let mut out: Vec<(u32, u32, f64)> = Vec::new();
        for (&(i, j), r) in self.pairs.iter().zip(found) {
            let Some(Some(s)) = r else { continue };
            let (a, b) = (self.docs(i), self.docs(j));
            if i == j {
                for (x, &p) in a.iter().enumerate() {
                    out.extend(a[x + 1..].iter().map(|&q| (p, q, s)));
                }
            } else {
                for &p in a {
                    out.extend(b.iter().map(|&q| (p.min(q), p.max(q), s)));
                }
            }
        }
        // Each pair of documents comes once, so the order is one.
        out.par_sort_unstable_by_key(|&(a, b, _)| (a, b));
        Ok(out)
    }
}

/// Bytes of computed values [`over_pairs`] may keep for later batches.
const PAIR_CACHE_BYTES: usize = 24 << 20;

/// Heap bytes a value computed for a document holds (roughly).
trait Footprint {
    fn footprint(&self) -> usize;
}

impl<T> Footprint for Vec<T> {
    fn footprint(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
}

impl Footprint for Light {
    fn footprint(&self) -> usize {
        let doc = &self.doc;
        let derive = self
            .derive
            .as_ref()
            .map_or(0, |_| DERIVE_BYTES_PER_TOKEN * doc.tokens().len());
        doc.text().len()
            + std::mem::size_of_val(doc.tokens())
            + self.shingles.footprint()
            + self.set.footprint()
            + derive
    }
}

/// `f(x, y)` for every pair of documents in `pairs`, in order, where `x`
/// and `y` are what `fetch` gives for each one (`None` when it gives
/// nothing for either). Pairs are taken a batch at a
/// time. A document's value is kept while later batches need it, up to
/// [`PAIR_CACHE_BYTES`] of values; past it, those needed last are dropped
/// (and made again when their turn comes). Candidate pairs hold each
/// document in many pairs spread over the list, so this makes each value
/// about once instead of once per batch, and memory stays bounded.
fn over_pairs<V: Footprint + Send + Sync, R: Send>(
    pairs: &[(u32, u32)],
    fetch: impl Fn(u32) -> Result<Option<V>> + Sync,
    f: impl Fn(&V, &V) -> R + Sync,
) -> Result<Vec<Option<R>>> {
    over_pairs_within(pairs, fetch, f, PAIR_CACHE_BYTES, PAIR_BATCH)
}

/// [`over_pairs`] over classes of documents: `class` gives each document's
/// class, documents of one class have the same value (`fetch` takes a
/// class), and `f`, which must be symmetric, runs once per pair of classes.
fn over_classes<V: Footprint + Send + Sync, R: Clone + Send + Sync>(
    pairs: &[(u32, u32)],
    class: impl Fn(u32) -> u32 + Sync,
    fetch: impl Fn(u32) -> Result<Option<V>> + Sync,
    f: impl Fn(&V, &V) -> R + Sync,
) -> Result<Vec<Option<R>>> {
    let of = |&(a, b): &(u32, u32)| {
        let (x, y) = (class(a), class(b));
        (x.min(y), x.max(y))
    };
    let over = |pairs: &[(u32, u32)]| {
        over_pairs_within(pairs, &fetch, &f, PAIR_CACHE_BYTES, SET_PAIR_BATCH)
    };
    let mut keyed: Vec<((u32, u32), u32)> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| (of(p), i as u32))
        .collect();
    // Sorted pairs of one-document classes need no mapping back.
    if keyed.is_sorted_by(|x, y| x.0 < y.0) {
        let distinct: Vec<(u32, u32)> = keyed.into_iter().map(|k| k.0).collect();
        return over(&distinct);
    }
    keyed.par_sort_unstable();
    let mut distinct: Vec<(u32, u32)> = Vec::new();
    let mut group = vec![0u32; pairs.len()];
    for (p, i) in keyed {
        if distinct.last() != Some(&p) {
            distinct.push(p);
        }
        group[i as usize] = distinct.len() as u32 - 1;
    }
    let values = over(&distinct)?;
    Ok(group.iter().map(|&g| values[g as usize].clone()).collect())
}

/// A fetch for [`over_pairs`]: `make` applied to a document's text set
/// aside in `spill` (`None` when it was not, or when `make` fails).
fn texts<'a, V>(
    spill: &'a spill::Spill,
    make: impl Fn(u32, String) -> Option<V> + Sync + 'a,
) -> impl Fn(u32) -> Result<Option<V>> + Sync + 'a {
    move |d| Ok(spill.get(d)?.and_then(|t| make(d, t)))
}

/// [`over_pairs`] keeping at most `budget` bytes of values between batches
/// of `batch` pairs.
fn over_pairs_within<V: Footprint + Send + Sync, R: Send>(
    pairs: &[(u32, u32)],
    fetch: impl Fn(u32) -> Result<Option<V>> + Sync,
    f: impl Fn(&V, &V) -> R + Sync,
    budget: usize,
    batch: usize,
) -> Result<Vec<Option<R>>> {
    // Each batch's documents, and every (document, batch) use, by document
    // then batch; `next[d]` is the position of d's next use. Dense tables
    // and a fast hash: the bookkeeping in the loop runs on one thread
    // between the parallel steps.
    let batch_docs: Vec<Vec<u32>> = pairs.par_chunks(batch).map(distinct_docs).collect();
    let mut uses: Vec<(u32, u32)> = batch_docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(k, docs)| docs.iter().map(move |&d| (d, k as u32)))
        .collect();
    uses.par_sort_unstable();
    let docs_len = uses.last().map_or(0, |u| u.0 as usize + 1);
    let mut next: Vec<usize> = vec![0; docs_len];
    for (i, &(d, _)) in uses.iter().enumerate().rev() {
        next[d as usize] = i;
    }
    let next_use =
        |next: &[usize], d: u32| uses.get(next[d as usize]).filter(|u| u.0 == d).map(|u| u.1);
    let mut out = Vec::with_capacity(pairs.len());
    let mut cache: rustc_hash::FxHashMap<u32, Option<V>> = rustc_hash::FxHashMap::default();
    let mut held = 0usize;
    let footprint = |v: &Option<V>| v.as_ref().map_or(0, Footprint::footprint);
    for (batch, docs) in pairs.chunks(batch).zip(batch_docs) {
        let missing: Vec<u32> = docs
            .iter()
            .copied()
            .filter(|d| !cache.contains_key(d))
            .collect();
        let fresh: Vec<(u32, Option<V>)> = missing
            .par_iter()
            .map(|&d| Ok((d, fetch(d)?)))
            .collect::<Result<_>>()?;
        held += fresh.iter().map(|(_, v)| footprint(v)).sum::<usize>();
        cache.extend(fresh);
        let values = &cache;
        out.par_extend(batch.par_iter().map(|(a, b)| {
            match (values.get(a)?.as_ref(), values.get(b)?.as_ref()) {
                (Some(x), Some(y)) => Some(f(x, y)),
                _ => None,
            }
        }));
        // Only this batch's documents can have had their last use.
        for &d in &docs {
            next[d as usize] += 1;
            if next_use(&next, d).is_none()
                && let Some(v) = cache.remove(&d)
            {
                held -= footprint(&v);
            }
        }
        if held > budget {
            // Drop the values needed last, down to three quarters of the
            // budget so that this sort is rare.
            let mut order: Vec<(u32, u32)> = cache
                .keys()
                .map(|&d| (next_use(&next, d).unwrap_or(u32::MAX), d))
                .collect();
            order.sort_unstable_by(|x, y| y.cmp(x));
            for (_, d) in order {
                if held <= budget / 4 * 3 {
                    break;
                }
                held -= cache.remove(&d).as_ref().map_or(0, footprint);
            }
        }
    }
    Ok(out)
}

/// The documents of `pairs`, sorted, each once.
fn distinct_docs(pairs: &[(u32, u32)]) -> Vec<u32> {
    let mut docs: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    docs.sort_unstable();
    docs.dedup();
    docs
}

/// Share of `total` tokens covered by `ranges` (which may overlap).
fn coverage(mut ranges: Vec<std::ops::Range<u32>>, total: u32) -> f64 {
    if total == 0 {
        return 0.0;
    }
    ranges.sort_by_key(|r| r.start);
    let (mut covered, mut end) = (0u32, 0u32);
    for r in ranges {
        let start = r.start.max(end);
        if r.end > start {
            covered += r.end - start;
            end = r.end;
        }
    }
    f64::from(covered) / f64::from(total)
}

/// The copied passages of a candidate pair: the exact layer of the aligner
/// (runs of identical shingles chained across gaps of at most `max_gap`
/// tokens), passages of at least `min_tokens` tokens on both sides; `None`
/// when there is none. (The aligner's reworded layer is `compare`'s
/// business: a scan reports copies.) A pair with copied passages is then
/// derived both ways, as `compare` derives it.
fn copied_pair(aligner: &Aligner, a: &Light, b: &Light) -> Option<CopiedPair> {
    let o = aligner.options();
    let runs = crate::align::runs(&a.shingles, &b.shingles, false);
    let chains: Vec<(std::ops::Range<u32>, std::ops::Range<u32>)> =
        crate::align::chain(&runs, o.max_gap)
            .into_iter()
            .filter(|(ra, rb)| ra.len() as u32 >= o.min_tokens && rb.len() as u32 >= o.min_tokens)
            .collect();
    if chains.is_empty() {
        return None;
    }
    let (ta, tb) = (a.doc.tokens().len() as u32, b.doc.tokens().len() as u32);
    let a_in_b = coverage(chains.iter().map(|c| c.0.clone()).collect(), ta);
    let b_in_a = coverage(chains.iter().map(|c| c.1.clone()).collect(), tb);
    let (sa, sb) = (a.doc.source(), b.doc.source());
    let (ka, kb) = (a.doc.tokens(), b.doc.tokens());
    let passages = chains
        .iter()
        .map(|(ra, rb)| {
            // Identical tokens: those of the runs inside the passage.
            let inside: Vec<std::ops::Range<u32>> = runs
                .iter()
                .filter(|r| {
                    r.a.0 >= ra.start && r.a.1 <= ra.end && r.b.0 >= rb.start && r.b.1 <= rb.end
                })
                .map(|r| r.a.0..r.a.1)
                .collect();
            let equal = (coverage(inside, ra.len() as u32) * ra.len() as f64).round();
            let same = ra.len() == rb.len()
                && ka[ra.start as usize..ra.end as usize]
                    .iter()
                    .zip(&kb[rb.start as usize..rb.end as usize])
                    .all(|(x, y)| x.key == y.key);
            let identity = if same {
                1.0
            } else {
                (2.0 * equal / (ra.len() + rb.len()) as f64).min(1.0)
            };
            let (la, lb) = (Location::new(sa, ra.clone()), Location::new(sb, rb.clone()));
            CopiedPassage {
                a_text: sa.slice(la.span()).to_string(),
                b_text: sb.slice(lb.span()).to_string(),
                a: la,
                b: lb,
                tokens: ra.len() as u32,
                identity,
                kind: if same {
                    PassageKind::Exact
                } else {
                    PassageKind::Edited
                },
            }
        })
        .collect();
    // The other way round only when the derivation is judged at all.
    let a_from_b = derived(aligner, a, b, &runs);
    let b_from_a = a_from_b.and_then(|_| {
        let runs = crate::align::runs(&b.shingles, &a.shingles, false);
        derived(aligner, b, a, &runs)
    });
    Some(CopiedPair {
        id: 0,
        a: a.id.clone(),
        b: b.id.clone(),
        a_tokens: ta,
        b_tokens: tb,
        a_in_b,
        b_in_a,
        score: a_in_b.max(b_in_a),
        jaccard: sketch::jaccard(&a.set, &b.set),
        a_from_b,
        b_from_a,
        passages,
    })
}

/// The derivation of `a` from `b`, given their runs of identical shingles;
/// `None` without [`ScanOptions::derivation`].
fn derived(aligner: &Aligner, a: &Light, b: &Light, runs: &[Run]) -> Option<DerivationSummary> {
    let (pa, pb) = (a.derive_parts(aligner)?, b.derive_parts(aligner)?);
    Some(DerivationSummary::new(&derivation_of(
        aligner, pa, pb, runs,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values dropped under a small budget are made again when needed:
    /// the results are those of an unbounded cache, which makes each value
    /// once.
    #[test]
    fn over_pairs_within_a_small_budget_gives_the_same_results() {
        let mut writer = spill::SpillWriter::new().unwrap();
        for d in 0..60u32 {
            writer.put(d, &"x".repeat(d as usize % 7 + 1)).unwrap();
        }
        let spill = writer.finish().unwrap();
        // Pairs spread like candidate pairs: sorted, each document in many.
        let mut pairs: Vec<(u32, u32)> = (0..3000u64)
            .map(|i| {
                let h = crate::hash::fmix64(i);
                let (a, b) = ((h % 60) as u32, ((h >> 20) % 60) as u32);
                (a.min(b), a.max(b))
            })
            .filter(|(a, b)| a != b)
            .collect();
        pairs.sort_unstable();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |d: u32, t: String| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Some(vec![u64::from(d); t.len()])
        };
        let f = |x: &Vec<u64>, y: &Vec<u64>| x.len() * 100 + y.len() + x[0] as usize;
        let all = over_pairs_within(&pairs, texts(&spill, make), f, usize::MAX, 256).unwrap();
        assert_eq!(made.swap(0, std::sync::atomic::Ordering::Relaxed), 60);
        let tight = over_pairs_within(&pairs, texts(&spill, make), f, 64, 256).unwrap();
        assert!(made.into_inner() > 60);
        assert_eq!(all, tight);
        let expected: Vec<Option<usize>> = pairs
            .iter()
            .map(|&(a, b)| Some((a as usize % 7 + 1) * 100 + b as usize % 7 + 1 + a as usize))
            .collect();
        assert_eq!(all, expected);
    }

    /// A text met in an earlier batch is not sketched again in a scan that
    /// reads once, and pairs of documents with one text are verified once:
    /// the clusters are those of a scan that reads twice.
    #[test]
    fn repeated_texts_read_once_cluster_as_when_read_twice() {
        let word = |i: u64| format!("w{}", crate::hash::fmix64(i) % 5000);
        let base: Vec<String> = (0..400u64)
            .map(|t| {
                (0..60)
                    .map(|w| word(t * 100 + w))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        // Exact copies more than a batch apart, near-duplicates (one word
        // changed), an empty text and one shorter than a shingle.
        let mut docs: Vec<(String, String)> = Vec::new();
        for i in 0..2600usize {
            let t = &base[i % 400];
            let text = match i % 7 {
                3 => format!("{t} extra{}", i % 11),
                5 if i % 2 == 0 => String::new(),
                6 => "two words".to_string(),
                _ => t.clone(),
            };
            docs.push((format!("doc{i:05}"), text));
        }
        let report = |find: Find| {
            let scanner = Scanner::new(ScanOptions {
                find,
                ..ScanOptions::default()
            })
            .unwrap();
            let input = || docs.iter().map(|(id, t)| (id.clone(), Ok(t.clone())));
            let mut index = Index::new();
            index.add_all(&scanner, input(), &crate::engine::Quiet);
            let r = index
                .finish(&scanner, input(), &crate::engine::Quiet, None)
                .unwrap();
            serde_json::to_value(&r.clusters).unwrap()
        };
        let once = report(Find {
            near_duplicates: true,
            copies: false,
            boilerplate: false,
        });
        assert!(once.as_array().unwrap().len() > 300);
        assert_eq!(once, report(Find::default()));
    }
}
