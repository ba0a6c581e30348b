//! Do two units of text report the same fact? A score from 0 to 1.
//!
//! The decision `neardup frame` groups facts with and `compare`'s sentence
//! rows pair sentences with: two units report the same fact when their
//! score is at least [`SAME_FACT`].
//!
//! Each unit is a set of content words (stemmed, without function words,
//! via the analyser of the sentence layer), each weighted by
//!
//! * its rarity in general English ([`reference::rarity`]), times
//! * its rarity among the units scored together,
//!   `ln(1 + (N + 1) / df)` for `N` units of which `df` hold the word
//!   (a unit that repeats an earlier one word for word is not counted),
//!
//! and numbers and dates (digits, month names) count [`ANCHOR`] times as
//! much: they pin a statement down. Capitalised rare words are names; a
//! name that is not shared word for word still counts when a name of the
//! other unit is a spelling variant of it ([`names`]), scaled by
//! their similarity. The score is the weight of what the two share over the
//! geometric mean of their weights (a weighted Ochiai coefficient), so a
//! short headline and the long sentence that contains it still score well.
//! Two units that share fewer than `min_shared` content words (counting name
//! variants) score 0: one shared word is not a fact.
//!
//! A verbatim passage of at least [`VERBATIM_TOKENS`] words (with at least
//! three content words) shared by units of two documents is a certain link:
//! the score is then at least [`VERBATIM_SCORE`]. The check costs the
//! product of the two units' lengths, so it is skipped for a pair of more
//! than [`MAX_VERBATIM_TOKENS`] tokens together (a text without sentence
//! marks); such text shares its verbatim passages through the passage
//! aligner instead.
//!
//! Each document is analysed once (`DocWords`: every token's stem id,
//! class and capitalisation, ids local to the document); a `Scorer`
//! joins the vocabularies of the documents it scores (ids by first
//! occurrence over the documents in order) and weighs the units. One
//! link is a merge of two sorted word lists plus the name and
//! verbatim checks.

pub mod names;
pub mod reference;

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::units::Word;
use crate::text::{Document, normalize};

/// Lowest same-fact score of two units that report the same fact (in
/// `frame`, of a member with its fact's centre).
pub const SAME_FACT: f64 = 0.3;
/// Fewest content words (or name variants) two units must share to be
/// linked at all.
pub const DEFAULT_MIN_SHARED: usize = 2;
/// Weight factor of numbers and dates.
pub const ANCHOR: f64 = 1.5;
/// Shortest verbatim run that makes a certain link, in words.
pub const VERBATIM_TOKENS: usize = 6;
/// Lowest score of a verbatim link.
pub const VERBATIM_SCORE: f64 = 0.9;
/// Longest pair, in tokens on both sides together, that gets the verbatim
/// check (it costs the product of the two lengths).
pub const MAX_VERBATIM_TOKENS: usize = 1000;
/// Units with fewer content words (numbers and dates aside) take no part
/// in matching.
pub const MIN_CONTENT: usize = 2;

/// What a content word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// An ordinary word.
    Word,
    /// A capitalised word not common in general English.
    Name,
    /// A number or a month.
    Number,
}

/// One token's analysis, in four bytes (one is kept per token of every
/// document prepared for sentence rows): its stem's id in its document's
/// vocabulary (29 bits; documents with sentence features are at most 32
/// MiB, far fewer distinct words), its [`Class`] and whether it starts
/// with a capital letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenInfo(u32);

/// The id bits of [`TokenInfo`], all set for a function word.
const NO_WORD: u32 = (1 << 29) - 1;

impl TokenInfo {
    fn new(id: Option<u32>, class: Class, capital: bool) -> Self {
        let class = match class {
            Class::Word => 0,
            Class::Name => 1,
            Class::Number => 2,
        };
        let id = id.map_or(NO_WORD, |id| id.min(NO_WORD - 1));
        TokenInfo(id | class << 29 | u32::from(capital) << 31)
    }

    /// Id of its stem in its document's vocabulary, for content words.
    pub(crate) fn id(&self) -> Option<u32> {
        let id = self.0 & NO_WORD;
        (id != NO_WORD).then_some(id)
    }

    /// Its class (function words are [`Class::Word`]).
    pub(crate) fn class(&self) -> Class {
        match (self.0 >> 29) & 3 {
            1 => Class::Name,
            2 => Class::Number,
            _ => Class::Word,
        }
    }

    /// Whether it starts with a capital letter.
    pub(crate) fn capital(&self) -> bool {
        self.0 >> 31 == 1
    }
}

/// Normal forms one thread keeps read (rarity, number or date) by token
/// key; past it the cache starts again (16 bytes a form and the table's).
const FORM_CACHE_WORDS: usize = 1 << 18;

thread_local! {
    /// Each normal form's rarity and whether it is a number or date, by
    /// the key of its tokens, for documents whose keys are plain hashes
    /// of normal forms ([`Document::plain_keys`]): read once per thread,
    /// not once per document.
    static FORMS: std::cell::RefCell<FxHashMap<u64, (f64, bool)>> =
        std::cell::RefCell::default();
}

/// One document's words for the same-fact score, analysed once.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct DocWords {
    /// Per token.
    tokens: Vec<TokenInfo>,
    /// Per local id: the stem's hash (ids by first occurrence).
    vocab: Vec<u64>,
    /// Per local id: the lowest general-English rarity of its forms.
    rarity: Vec<f64>,
    /// The distinct spellings of its names.
    spellings: Vec<names::Spelling>,
    /// Every name token with the index of its spelling, by token index
    /// (ascending).
    names: Vec<(u32, u32)>,
}

impl DocWords {
    /// Analyse `doc`, given its content words
    /// ([`super::units::Analyser::content_words`]).
    pub(crate) fn new(doc: &Document, content: &[Word]) -> Self {
        let guess = super::units::distinct_guess(content.len());
        let mut ids: FxHashMap<u64, u32> =
            FxHashMap::with_capacity_and_hasher(guess, Default::default());
        let mut forms: FxHashMap<&str, (f64, bool)> = FxHashMap::default();
        let mut spelt: FxHashMap<&str, u32> = FxHashMap::default();
        let mut lower = String::new();
        let mut out = DocWords {
            tokens: Vec::with_capacity(content.len()),
            ..DocWords::default()
        };
        let mut cache = FORMS.with_borrow_mut(std::mem::take);
        if cache.len() > FORM_CACHE_WORDS {
            cache.clear();
        }
        let mut by_key = doc.plain_keys().then_some(&mut cache);
        for (k, (t, c)) in doc.tokens().iter().zip(content).enumerate() {
            let raw = doc.slice(t.span);
            let capital = raw.chars().next().is_some_and(char::is_uppercase);
            let Some(stem) = c else {
                out.tokens.push(TokenInfo::new(None, Class::Word, capital));
                continue;
            };
            // Words repeat: read each form once.
            let read = || {
                normalize::normalize_into(raw, false, &mut lower);
                let lower = lower.strip_suffix("'s").unwrap_or(&lower);
                let number = lower.chars().any(|c| c.is_ascii_digit())
                    || crate::text::is_english_month(lower);
                (reference::rarity(lower), number)
            };
            let (r, number) = match by_key.as_deref_mut() {
                // Both depend on the normal form alone: when the key is its
                // hash, a form read in an earlier document is not read
                // again.
                Some(by_key) => *by_key.entry(t.key).or_insert_with(read),
                None => *forms.entry(raw).or_insert_with(read),
            };
            let next = out.vocab.len() as u32;
            let id = *ids.entry(stem.get()).or_insert(next);
            if id == next {
                out.vocab.push(stem.get());
                out.rarity.push(r);
            } else if r < out.rarity[id as usize] {
                out.rarity[id as usize] = r;
            }
            let class = if number {
                Class::Number
            } else if capital && r > 0.75 {
                let next = out.spellings.len() as u32;
                let at = *spelt.entry(raw).or_insert(next);
                if at == next {
                    out.spellings.push(names::Spelling::new(raw));
                }
                out.names.push((k as u32, at));
                Class::Name
            } else {
                Class::Word
            };
            out.tokens.push(TokenInfo::new(Some(id), class, capital));
        }
        FORMS.set(cache);
        out
    }

    /// The spelling of name token `t`.
    fn spelling(&self, t: u32) -> &names::Spelling {
        let k = self.names.partition_point(|x| x.0 < t);
        &self.spellings[self.names[k].1 as usize]
    }
}

/// A unit to score: a stretch of tokens of one document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitRef {
    /// Index of its document.
    pub(crate) doc: usize,
    /// Its tokens.
    pub(crate) tokens: Range<u32>,
    /// Whether it repeats an earlier unit of its document word for word
    /// (then it does not count in the word frequencies and takes no part
    /// in matching).
    pub(crate) repeat: bool,
}

impl UnitRef {
    /// Each document taken whole as one unit.
    pub(crate) fn whole(docs: &[&Document]) -> Vec<UnitRef> {
        docs.iter()
            .enumerate()
            .map(|(doc, d)| UnitRef {
                doc,
                tokens: 0..d.tokens().len() as u32,
                repeat: false,
            })
            .collect()
    }
}

/// A unit's weighted word set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// (word id, weight), sorted by id, one entry per id.
    pub(crate) items: Vec<(u32, f64)>,
    /// Sum of the weights.
    pub(crate) total: f64,
    /// Names: (word id, weight, token index).
    pub(crate) names: Vec<(u32, f64, u32)>,
}

/// A scored pair of units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    /// The same-fact score, 0 to 1.
    pub(crate) score: f64,
    /// Whether they share a verbatim passage.
    pub(crate) verbatim: bool,
}

const NO_LINK: Link = Link {
    score: 0.0,
    verbatim: false,
};

/// Weighted units of a set of documents, ready to be scored in pairs.
#[derive(Debug)]
pub(crate) struct Scorer<'a> {
    docs: &'a [&'a Document],
    words: &'a [&'a DocWords],
    units: Vec<UnitRef>,
    /// Per unit.
    features: Vec<Features>,
    /// Per document: its local word ids → joint ids.
    maps: Vec<Vec<u32>>,
    /// Number of distinct words over all documents (word ids are below).
    vocabulary: usize,
    /// Fewest shared content words (or name variants) of a link.
    min_shared: usize,
}

/// Each unit's distinct content words, sorted by word id, with the class
/// and index of the unit's first token of each: one unit after another in
/// one buffer.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct WordSets {
    flat: Vec<(u32, Class, u32)>,
    /// Per unit, the end of its words in `flat`.
    ends: Vec<usize>,
}

impl WordSets {
    /// The sets of `units` (token ranges) of a document analysed as
    /// `words`, with its local word ids: made once per document, they
    /// spare [`Scorer::with_sets`] sorting every unit's tokens per pair.
    pub(crate) fn of(words: &DocWords, units: impl Iterator<Item = Range<u32>>) -> Self {
        let mut sets = WordSets::default();
        for u in units {
            sets.push(u.filter_map(|t| {
                let info = &words.tokens[t as usize];
                info.id().map(|id| (id, info.class(), t))
            }));
        }
        sets
    }

    /// Add a unit of `words` (id, class, token), in token order.
    fn push(&mut self, words: impl Iterator<Item = (u32, Class, u32)>) {
        let start = self.flat.len();
        self.flat.extend(words);
        self.flat[start..].sort_unstable_by_key(|&(id, _, t)| (id, t));
        let mut kept = start;
        for x in start..self.flat.len() {
            if kept == start || self.flat[kept - 1].0 != self.flat[x].0 {
                self.flat[kept] = self.flat[x];
                kept += 1;
            }
        }
        self.flat.truncate(kept);
        self.ends.push(kept);
    }

    /// The words of unit `u`.
    fn get(&self, u: usize) -> &[(u32, Class, u32)] {
        &self.flat[u.checked_sub(1).map_or(0, |p| self.ends[p])..self.ends[u]]
    }
}

impl<'a> Scorer<'a> {
    /// Weigh the words of `units` of `docs` (analysed as `words`, same
    /// order).
    pub(crate) fn new(
        docs: &'a [&'a Document],
        words: &'a [&'a DocWords],
        units: Vec<UnitRef>,
        min_shared: usize,
    ) -> Self {
        let (maps, rarity) = joint_ids(words);
        let mut sets = WordSets::default();
        for u in &units {
            let (infos, map) = (&words[u.doc].tokens, &maps[u.doc]);
            sets.push((u.tokens.start..u.tokens.end).filter_map(|t| {
                let info = &infos[t as usize];
                info.id().map(|id| (map[id as usize], info.class(), t))
            }));
        }
        Self::weigh(docs, words, units, maps, rarity, sets, min_shared)
    }

    /// [`Scorer::new`] given the [`WordSets`] of each document's units:
    /// `units` are, for each document, its units of `sets` in their order
    /// (documents may interleave). The same scorer, without sorting the
    /// units' tokens again.
    pub(crate) fn with_sets(
        docs: &'a [&'a Document],
        words: &'a [&'a DocWords],
        units: Vec<UnitRef>,
        sets: &[&WordSets],
        min_shared: usize,
    ) -> Self {
        let (maps, rarity) = joint_ids(words);
        let mut joint = WordSets::default();
        let mut next = vec![0usize; docs.len()];
        for u in &units {
            let map = &maps[u.doc];
            let set = sets[u.doc].get(next[u.doc]);
            next[u.doc] += 1;
            // Joint ids are distinct for distinct local ids: the set only
            // needs sorting again.
            let start = joint.flat.len();
            joint
                .flat
                .extend(set.iter().map(|&(id, c, t)| (map[id as usize], c, t)));
            joint.flat[start..].sort_unstable_by_key(|x| x.0);
            joint.ends.push(joint.flat.len());
        }
        Self::weigh(docs, words, units, maps, rarity, joint, min_shared)
    }

    /// The scorer of `units` whose word `sets` (joint ids) are made.
    fn weigh(
        docs: &'a [&'a Document],
        words: &'a [&'a DocWords],
        units: Vec<UnitRef>,
        maps: Vec<Vec<u32>>,
        rarity: Vec<f64>,
        sets: WordSets,
        min_shared: usize,
    ) -> Self {
        let mut df = vec![0u32; rarity.len()];
        for (u, unit) in units.iter().enumerate() {
            if !unit.repeat {
                for &(id, _, _) in sets.get(u) {
                    df[id as usize] += 1;
                }
            }
        }
        let n = units.iter().filter(|u| !u.repeat).count() as f64;
        // The rarity factor of each document frequency, worked out once
        // (a logarithm per word of every unit was a tenth of the scoring).
        let local: Vec<f64> = (0..=df.iter().copied().max().unwrap_or(0))
            .map(|d| (1.0 + (n + 1.0) / d.max(1) as f64).ln())
            .collect();
        let features = (0..units.len())
            .map(|u| {
                let set = sets.get(u);
                let mut f = Features {
                    items: Vec::with_capacity(set.len()),
                    ..Features::default()
                };
                for &(id, class, t) in set {
                    let mut w = rarity[id as usize].max(0.15) * local[df[id as usize] as usize];
                    if class == Class::Number {
                        w *= ANCHOR;
                    }
                    f.total += w;
                    f.items.push((id, w));
                    if class == Class::Name {
                        f.names.push((id, w, t));
                    }
                }
                f
            })
            .collect();
        Scorer {
            docs,
            words,
            units,
            features,
            maps,
            vocabulary: rarity.len(),
            min_shared,
        }
    }

    /// The weighted words of unit `u`.
    pub(crate) fn features(&self, u: usize) -> &Features {
        &self.features[u]
    }

    /// Number of distinct words over all documents: word ids are below it.
    pub(crate) fn vocabulary(&self) -> usize {
        self.vocabulary
    }

    /// Every token's analysis of document `doc` (word ids local to it: see
    /// [`Scorer::word`]).
    pub(crate) fn tokens(&self, doc: usize) -> &[TokenInfo] {
        &self.words[doc].tokens
    }

    /// The word id, common to all documents, of token `t` of document
    /// `doc` (`None` for a function word).
    pub(crate) fn word(&self, doc: usize, t: u32) -> Option<u32> {
        self.words[doc].tokens[t as usize]
            .id()
            .map(|id| self.maps[doc][id as usize])
    }

    /// Number of content words of unit `u`.
    pub(crate) fn content(&self, u: usize) -> usize {
        self.features[u].items.len()
    }

    /// Whether unit `u` takes part in matching: not a repeat, and at least
    /// [`MIN_CONTENT`] content words that are not numbers or dates (a date
    /// line is page furniture, not a fact).
    pub(crate) fn active(&self, u: usize) -> bool {
        let unit = &self.units[u];
        let infos = &self.words[unit.doc].tokens;
        let words = (unit.tokens.start..unit.tokens.end)
            .filter(|&t| {
                let i = &infos[t as usize];
                i.id().is_some() && i.class() != Class::Number
            })
            .count();
        !unit.repeat && words >= MIN_CONTENT
    }

    /// The raw text of token `t` of document `doc`.
    pub(crate) fn raw(&self, doc: usize, t: u32) -> &str {
        let d = self.docs[doc];
        d.slice(d.tokens()[t as usize].span)
    }

    /// The same-fact score of units `a` and `b`.
    pub(crate) fn link(&self, a: usize, b: usize) -> Link {
        let (fa, fb) = (&self.features[a], &self.features[b]);
        if fa.total <= 0.0 || fb.total <= 0.0 {
            return NO_LINK;
        }
        let (mut i, mut j) = (0, 0);
        let mut shared = 0.0;
        let mut count = 0usize;
        while i < fa.items.len() && j < fb.items.len() {
            let (ia, wa) = fa.items[i];
            let (ib, _) = fb.items[j];
            match ia.cmp(&ib) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += wa;
                    count += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let (extra, variants) = self.name_variants(a, b);
        shared += extra;
        if count + variants < self.min_shared {
            return NO_LINK;
        }
        let mut score = (shared / (fa.total * fb.total).sqrt()).min(1.0);
        let mut verbatim = false;
        if count >= 3 && self.units[a].doc != self.units[b].doc && self.verbatim(a, b) {
            verbatim = true;
            score = score.max(VERBATIM_SCORE);
        }
        Link { score, verbatim }
    }

    /// Weight added by names of `a` and `b` that are spelling variants of
    /// each other (names shared word for word are already counted).
    fn name_variants(&self, a: usize, b: usize) -> (f64, usize) {
        let (fa, fb) = (&self.features[a], &self.features[b]);
        let has = |f: &Features, id: u32| f.items.binary_search_by_key(&id, |x| x.0).is_ok();
        let (sa, sb) = (self.words[self.units[a].doc], self.words[self.units[b].doc]);
        // B's names that A does not share, with their spellings: found at
        // the first name of A that B does not share (most links have none).
        let mut candidates: Option<Vec<(u32, f64, &names::Spelling)>> = None;
        let mut used: Vec<u32> = Vec::new();
        let mut extra = 0.0;
        for &(ida, wa, ta) in &fa.names {
            if has(fb, ida) {
                continue;
            }
            let candidates = candidates.get_or_insert_with(|| {
                fb.names
                    .iter()
                    .filter(|&&(idb, _, _)| !has(fa, idb))
                    .map(|&(idb, wb, tb)| (idb, wb, sb.spelling(tb)))
                    .collect()
            });
            if candidates.is_empty() {
                break;
            }
            let spelling = sa.spelling(ta);
            let mut best: Option<(f64, u32, f64)> = None;
            for &(idb, wb, other) in candidates.iter() {
                if used.contains(&idb) {
                    continue;
                }
                if let Some(s) = spelling.matches(other)
                    && best.is_none_or(|(bs, _, _)| s > bs)
                {
                    best = Some((s, idb, wb));
                }
            }
            if let Some((s, idb, wb)) = best {
                used.push(idb);
                extra += s * wa.min(wb);
            }
        }
        (extra, used.len())
    }

    /// Whether `a` and `b` share a run of at least [`VERBATIM_TOKENS`]
    /// words holding at least three content words (not checked past
    /// [`MAX_VERBATIM_TOKENS`]).
    fn verbatim(&self, a: usize, b: usize) -> bool {
        let (ua, ub) = (&self.units[a], &self.units[b]);
        if ua.tokens.len() + ub.tokens.len() > MAX_VERBATIM_TOKENS {
            return false;
        }
        let (da, db) = (self.docs[ua.doc], self.docs[ub.doc]);
        let key = |t: &crate::text::Token| t.key;
        let ka: Vec<u64> = da.tokens()[ua.tokens.start as usize..ua.tokens.end as usize]
            .iter()
            .map(key)
            .collect();
        let kb: Vec<u64> = db.tokens()[ub.tokens.start as usize..ub.tokens.end as usize]
            .iter()
            .map(key)
            .collect();
        let infos = &self.words[ua.doc].tokens[ua.tokens.start as usize..ua.tokens.end as usize];
        let content: Vec<bool> = infos.iter().map(|i| i.id().is_some()).collect();
        shares_run(&ka, &kb, &content)
    }
}

/// Joint ids of the words of documents analysed as `words`: the first
/// document's ids stay, each later document's words map to an earlier id
/// or the next new one, in its order. Returns each document's map from
/// local to joint ids and each joint id's lowest rarity.
fn joint_ids(words: &[&DocWords]) -> (Vec<Vec<u32>>, Vec<f64>) {
    let all: usize = words.iter().map(|w| w.vocab.len()).sum();
    let mut ids: FxHashMap<u64, u32> = FxHashMap::with_capacity_and_hasher(all, Default::default());
    let mut rarity: Vec<f64> = Vec::with_capacity(all);
    let maps = words
        .iter()
        .map(|w| {
            w.vocab
                .iter()
                .zip(&w.rarity)
                .map(|(&stem, &r)| {
                    let next = rarity.len() as u32;
                    let id = *ids.entry(stem).or_insert(next);
                    if id == next {
                        rarity.push(r);
                    } else if r < rarity[id as usize] {
                        rarity[id as usize] = r;
                    }
                    id
                })
                .collect()
        })
        .collect();
    (maps, rarity)
}

/// Whether `a` and `b` (token keys) share a run of at least
/// [`VERBATIM_TOKENS`] tokens holding at least three content words of A
/// (`content`, per token of `a`). Every such run covers one of A's tokens
/// `VERBATIM_TOKENS - 1`, `2 * VERBATIM_TOKENS - 1`, …, so only those are
/// looked up in B and each match is extended both ways: linear in B per
/// sampled token, where comparing every pair of positions cost the product
/// of the lengths.
fn shares_run(a: &[u64], b: &[u64], content: &[bool]) -> bool {
    let step = VERBATIM_TOKENS;
    for i in (step - 1..a.len()).step_by(step) {
        for j in 0..b.len() {
            if a[i] != b[j] {
                continue;
            }
            let back = (1..=i.min(j)).take_while(|&k| a[i - k] == b[j - k]).count();
            let ahead = (1..(a.len() - i).min(b.len() - j))
                .take_while(|&k| a[i + k] == b[j + k])
                .count();
            let run = i - back..i + ahead + 1;
            if run.len() >= step && content[run].iter().filter(|&&c| c).count() >= 3 {
                return true;
            }
        }
    }
    false
}

/// For each of `ranges` (token ranges of `doc`), the index of the first
/// earlier range with the same words (the same token keys), if any.
pub(crate) fn repeat_of(
    doc: &Document,
    ranges: impl Iterator<Item = Range<u32>>,
) -> Vec<Option<usize>> {
    use std::hash::{Hash, Hasher};
    let keys = |r: &Range<u32>| {
        doc.tokens()[r.start as usize..r.end as usize]
            .iter()
            .map(|t| t.key)
    };
    // Ranges by the hash of their keys; ranges whose hashes collide are
    // told apart by their keys.
    let mut first: FxHashMap<u64, Vec<(Range<u32>, usize)>> = FxHashMap::default();
    ranges
        .enumerate()
        .map(|(i, r)| {
            let mut h = rustc_hash::FxHasher::default();
            keys(&r).for_each(|k| k.hash(&mut h));
            let same = first.entry(h.finish()).or_default();
            match same.iter().find(|(q, _)| keys(q).eq(keys(&r))) {
                Some(&(_, j)) => Some(j),
                None => {
                    same.push((r, i));
                    None
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_info_round_trips() {
        for id in [None, Some(0), Some(7), Some(NO_WORD - 1)] {
            for class in [Class::Word, Class::Name, Class::Number] {
                for capital in [false, true] {
                    let t = TokenInfo::new(id, class, capital);
                    assert_eq!((t.id(), t.class(), t.capital()), (id, class, capital));
                }
            }
        }
        assert_eq!(std::mem::size_of::<TokenInfo>(), 4);
    }

    use crate::align::units::Analyser;
    use crate::text::{Language, test_doc};

    /// Each document's same-fact words, as a comparison makes them.
    fn doc_words(docs: &[Document]) -> Vec<DocWords> {
        let an = Analyser::new(Language::English);
        docs.iter()
            .map(|d| DocWords::new(d, &an.content_words(d)))
            .collect()
    }

    /// Scores of every pair of the texts, each text one unit.
    fn scores(texts: &[&str]) -> Vec<Vec<f64>> {
        let docs: Vec<Document> = texts.iter().map(|t| test_doc(t)).collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let words = doc_words(&docs);
        let wrefs: Vec<&DocWords> = words.iter().collect();
        let s = Scorer::new(&refs, &wrefs, UnitRef::whole(&refs), DEFAULT_MIN_SHARED);
        (0..texts.len())
            .map(|a| (0..texts.len()).map(|b| s.link(a, b).score).collect())
            .collect()
    }

    #[test]
    fn same_fact_scores_higher_than_other_facts() {
        let s = scores(&[
            "Russia's ambassador Dmitry Zhirnov met Muttaqi in Kabul.",
            "Muttaqi met the Russian ambassador to Kabul, Dmitri Jirnov, on Thursday.",
            "Women have been barred from education since 2021.",
        ]);
        assert!(s[0][1] > 0.4, "{s:?}");
        assert!(s[0][2] < 0.1, "{s:?}");
        assert!(s[1][2] < 0.1, "{s:?}");
        assert!((s[0][1] - s[1][0]).abs() < 1e-9);
    }

    /// The verbatim check as first written: a common run ending at every
    /// pair of positions.
    fn shares_run_by_table(a: &[u64], b: &[u64], content: &[bool]) -> bool {
        let (mut run, mut words) = (vec![0usize; b.len() + 1], vec![0usize; b.len() + 1]);
        for (i, x) in a.iter().enumerate() {
            for j in (0..b.len()).rev() {
                if *x == b[j] {
                    run[j + 1] = run[j] + 1;
                    words[j + 1] = words[j] + usize::from(content[i]);
                    if run[j + 1] >= VERBATIM_TOKENS && words[j + 1] >= 3 {
                        return true;
                    }
                } else {
                    run[j + 1] = 0;
                    words[j + 1] = 0;
                }
            }
        }
        false
    }

    proptest::proptest! {
        #[test]
        fn sampled_verbatim_check_equals_the_table(
            a in proptest::collection::vec(0u64..4, 0..40),
            b in proptest::collection::vec(0u64..4, 0..40),
            content in proptest::collection::vec(proptest::bool::ANY, 40),
        ) {
            let content = &content[..a.len()];
            proptest::prop_assert_eq!(
                shares_run(&a, &b, content),
                shares_run_by_table(&a, &b, content)
            );
        }

        #[test]
        fn word_sets_made_per_document_weigh_the_same(
            texts in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "Kabul", "kabul", "Markets", "rallied", "rally", "the", "of", "May",
                        "2021", "Zhirnov", "Jirnov", "banks", "cut", ".", ",", "\n",
                    ]),
                    0..30,
                ),
                1..4,
            ),
        ) {
            let docs: Vec<Document> = texts.iter().map(|t| test_doc(&t.join(" "))).collect();
            let refs: Vec<&Document> = docs.iter().collect();
            let words = doc_words(&docs);
            let wrefs: Vec<&DocWords> = words.iter().collect();
            let units: Vec<UnitRef> = docs
                .iter()
                .enumerate()
                .flat_map(|(doc, d)| {
                    d.sentences().into_iter().map(move |s| UnitRef {
                        doc,
                        tokens: s.tokens,
                        repeat: false,
                    })
                })
                .collect();
            let sets: Vec<WordSets> = docs
                .iter()
                .zip(&words)
                .map(|(d, w)| WordSets::of(w, d.sentences().into_iter().map(|s| s.tokens)))
                .collect();
            let set_refs: Vec<&WordSets> = sets.iter().collect();
            let general = Scorer::new(&refs, &wrefs, units.clone(), DEFAULT_MIN_SHARED);
            let made = Scorer::with_sets(&refs, &wrefs, units.clone(), &set_refs, DEFAULT_MIN_SHARED);
            proptest::prop_assert_eq!(general.vocabulary(), made.vocabulary());
            for u in 0..units.len() {
                let (g, m) = (general.features(u), made.features(u));
                proptest::prop_assert_eq!(&g.items, &m.items);
                proptest::prop_assert_eq!(&g.names, &m.names);
                proptest::prop_assert_eq!(g.total.to_bits(), m.total.to_bits());
            }
        }
    }

    #[test]
    fn verbatim_passages_are_certain() {
        let s = scores(&[
            "Moscow removed the group from its list of terrorist organizations in April.",
            "Earlier, officials took the movement off, deleting it from its list of terrorist organizations.",
        ]);
        assert!(s[0][1] >= VERBATIM_SCORE);
    }

    #[test]
    fn the_verbatim_check_is_bounded() {
        let (a, b) = (
            "The list of terrorist organizations grew today.",
            "Officials said the list of terrorist organizations grew today sharply.",
        );
        assert!(scores(&[a, b])[0][1] >= VERBATIM_SCORE);
        // Past the bound the score is the word overlap alone.
        let (pad_a, pad_b) = (
            " alpha".repeat(MAX_VERBATIM_TOKENS),
            " beta".repeat(MAX_VERBATIM_TOKENS),
        );
        let s = scores(&[&format!("{a}{pad_a}"), &format!("{b}{pad_b}")]);
        assert!(s[0][1] < VERBATIM_SCORE, "{s:?}");
    }

    #[test]
    fn joint_ids_follow_first_occurrence_over_the_documents() {
        let an = Analyser::new(Language::English);
        let (a, b) = (
            test_doc("Markets rallied. Banks cut rates."),
            test_doc("Rates were cut by banks. Traders cheered."),
        );
        let wa = DocWords::new(&a, &an.content_words(&a));
        let wb = DocWords::new(&b, &an.content_words(&b));
        let docs = [&a, &b];
        let words = [&wa, &wb];
        let units = vec![
            UnitRef {
                doc: 0,
                tokens: 0..a.tokens().len() as u32,
                repeat: false,
            },
            UnitRef {
                doc: 1,
                tokens: 0..b.tokens().len() as u32,
                repeat: false,
            },
        ];
        let s = Scorer::new(&docs, &words, units, 2);
        // A's stems take ids 0 to 4 (market, rally, bank, cut, rate); B's
        // rate, cut and bank keep theirs, trader and cheer are 5 and 6.
        assert_eq!(s.vocabulary(), 7);
        let ids_b: Vec<u32> = s.features(1).items.iter().map(|x| x.0).collect();
        assert_eq!(ids_b, [2, 3, 4, 5, 6]);
    }

    #[test]
    fn repeats_point_to_the_first_copy() {
        let d = test_doc("Big news. Other words. Big news. Other words. Big news.");
        let ss = d.sentences();
        assert_eq!(
            repeat_of(&d, ss.iter().map(|s| s.tokens.clone())),
            [None, None, Some(0), Some(1), Some(0)]
        );
    }
}
