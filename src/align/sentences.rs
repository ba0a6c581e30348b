//! Stage 5c: pair the sentences of A with their counterparts in B.
//!
//! Two sentences are paired only when they say the same thing: either a
//! shared passage runs through both, or they report the same fact. So a
//! sentence pair is scored two ways and the better score counts:
//!
//! * **anchor**: tokens that a shared passage aligns one-to-one (the equal
//!   operations of the passage's word diff), as a Dice coefficient
//!   `2 × anchored / (len A + len B)`; a pair anchored at least
//!   [`MIN_ANCHOR`] is a certain link;
//! * **same fact**: the score `neardup frame` decides facts with
//!   ([`super::fact`]: stemmed content words weighted by their rarity in
//!   general English and among the sentences of both documents, names
//!   matched across spellings, numbers and dates as anchors, a shared
//!   verbatim run of six words as a certain link), at least
//!   [`fact::SAME_FACT`], the threshold of a fact's member with its centre.
//!   Sentences with fewer than two content words that are not numbers
//!   (date lines, one-word headings) and repeats of an earlier sentence of
//!   their document are paired only through a passage.
//!
//! A sentence that reports nothing the other document reports stands
//! alone, opposite a blank, rather than be painted as a diff of an
//! unrelated sentence.
//!
//! Candidates come from an inverted index of B's sentences; words found in
//! more than [`MAX_POSTINGS`] sentences of B do not propose candidates
//! (they carry almost no weight, though they count in the score), and each
//! sentence of A scores its [`MAX_CANDIDATES`] best candidates by their
//! shared weight, so the work is `O(tokens × MAX_POSTINGS)` however long
//! the documents are. Pairs are matched one-to-one, best score first (ties
//! broken by position), which does not depend on the order of either text.
//!
//! **Rows.** The result is a list of rows in reading order: the longest
//! chain of pairs that is in order in both texts stays in place, B's
//! unpaired sentences are slotted in between, and every other pair is shown
//! at A's position and marked `moved` (its B location says where it went).
//! Unpaired sentences stand alone in a row.
//!
//! Each pair carries its word diff from [`crate::diff`]. Very long sentences
//! (a text with no punctuation is one sentence) and passages get a coarse
//! diff instead: common prefix and suffix equal, the middle replaced; see
//! [`MAX_DIFF_TOKENS`]. So the whole step costs `O(tokens × MAX_POSTINGS)`
//! plus diffs of at most `MAX_DIFF_TOKENS` tokens each (and as much for
//! the same-fact score's verbatim check of each candidate). Everything here is
//! deterministic: no clocks, no hash-map iteration.

use std::ops::Range;

use super::fact::{self, DocWords, Scorer, UnitRef, WordSets};
use super::units::{Analyser, Word};
use crate::diff::{self, DiffKind, DiffOp};
use crate::text::{Document, Language, Sentence};

/// Keys in more sentences of B than this do not propose candidates.
pub const MAX_POSTINGS: usize = 64;

/// Best candidates kept per sentence of A.
pub const MAX_CANDIDATES: usize = 8;

/// Lowest anchor score (Dice coefficient of the tokens a shared passage
/// aligns) for two sentences to be paired through a passage.
pub const MIN_ANCHOR: f64 = 0.2;

/// Longest pair, in tokens on both sides together, that gets a full word
/// diff; longer pairs get a coarse one. Myers costs up to the square of
/// this per pair, so the total stays within `MAX_DIFF_TOKENS × tokens`.
/// News sentences run to about 60 words, so only unpunctuated text is cut.
pub const MAX_DIFF_TOKENS: usize = 1000;

/// One row of a sentence alignment: a pair, or a sentence standing alone.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedRow {
    /// Index into [`SentenceAlignment::a`], if A has a sentence here.
    pub a: Option<u32>,
    /// Index into [`SentenceAlignment::b`], if B has a sentence here.
    pub b: Option<u32>,
    /// Pair score in `0..=1`: the better of the anchor and the same-fact
    /// score (see the module docs); 0 for a lone sentence.
    pub similarity: f64,
    /// The pair is out of order: shown at A's position, B's sentence stands
    /// elsewhere in B.
    pub moved: bool,
    /// Indices into the passages given to [`align_sentences`] that touch
    /// this row's sentences (both of them, for a pair), ascending.
    pub passages: Vec<u32>,
    /// Word diff of a pair (absolute token indices); empty for a lone
    /// sentence.
    pub ops: Vec<DiffOp>,
}

/// Sentences of both documents and how they pair up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SentenceAlignment {
    /// A's sentences in text order.
    pub a: Vec<Sentence>,
    /// B's sentences in text order.
    pub b: Vec<Sentence>,
    /// Rows in reading order; every sentence of A and of B is in exactly one.
    pub rows: Vec<AlignedRow>,
}

/// What sentence pairing reads of one document: its sentences and the
/// analysis of its words for the same-fact score, computed once per
/// document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SentenceFeatures {
    sentences: Vec<Sentence>,
    words: DocWords,
    /// Per sentence: whether it repeats an earlier sentence word for word.
    repeat: Vec<bool>,
    /// Per sentence: its distinct content words.
    sets: WordSets,
}

impl SentenceFeatures {
    /// The sentences of `doc` and their words, read in `language` (stemmer
    /// and function words).
    pub fn new(doc: &Document, language: Language) -> Self {
        let content = Analyser::new(language).content_words(doc);
        SentenceFeatures::of(doc, &content, doc.sentences(), true)
    }

    /// `sentences` of `doc`, and, `with_words`, the analysis of its
    /// `content` words (else none).
    pub(crate) fn of(
        doc: &Document,
        content: &[Word],
        sentences: Vec<Sentence>,
        with_words: bool,
    ) -> Self {
        if !with_words {
            return SentenceFeatures {
                sentences,
                ..SentenceFeatures::default()
            };
        }
        let repeat = fact::repeat_of(doc, sentences.iter().map(|s| s.tokens.clone()))
            .into_iter()
            .map(|r| r.is_some())
            .collect();
        let words = DocWords::new(doc, content);
        let sets = WordSets::of(&words, sentences.iter().map(|s| s.tokens.clone()));
        SentenceFeatures {
            words,
            sentences,
            repeat,
            sets,
        }
    }

    /// The sentences, in text order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }
}

/// Pair the sentences of `a` and `b`, read in `language`. `passages` are
/// the shared passages as token ranges `(in A, in B)`; rows refer to them
/// by index.
pub fn align_sentences(
    a: &Document,
    b: &Document,
    language: Language,
    passages: &[(Range<u32>, Range<u32>)],
) -> SentenceAlignment {
    let (fa, fb) = (
        SentenceFeatures::new(a, language),
        SentenceFeatures::new(b, language),
    );
    align_sentences_with(a, &fa, b, &fb, passages)
}

/// [`align_sentences`] with each document's [`SentenceFeatures`] computed
/// beforehand.
pub fn align_sentences_with(
    a: &Document,
    fa: &SentenceFeatures,
    b: &Document,
    fb: &SentenceFeatures,
    passages: &[(Range<u32>, Range<u32>)],
) -> SentenceAlignment {
    let (sa, sb) = (&fa.sentences, &fb.sentences);
    let anchors = anchor_counts(a, sa, b, sb, passages);
    let pairs = match_pairs((a, fa), (b, fb), &anchors);
    let touching_a = touching(sa, passages.iter().map(|p| p.0.clone()));
    let touching_b = touching(sb, passages.iter().map(|p| p.1.clone()));
    let rows = layout(sa.len(), sb.len(), &pairs)
        .into_iter()
        .map(|(ia, ib, similarity, moved)| {
            let passages = match (ia, ib) {
                (Some(i), Some(j)) => intersect(&touching_a[i as usize], &touching_b[j as usize]),
                (Some(i), None) => touching_a[i as usize].clone(),
                (None, Some(j)) => touching_b[j as usize].clone(),
                (None, None) => Vec::new(),
            };
            let ops = match (ia, ib) {
                (Some(i), Some(j)) => pair_diff(
                    a,
                    sa[i as usize].tokens.clone(),
                    b,
                    sb[j as usize].tokens.clone(),
                ),
                _ => Vec::new(),
            };
            AlignedRow {
                a: ia,
                b: ib,
                similarity,
                moved,
                passages,
                ops,
            }
        })
        .collect();
    SentenceAlignment {
        a: sa.clone(),
        b: sb.clone(),
        rows,
    }
}

/// Word diff of two sentences, coarse past [`MAX_DIFF_TOKENS`].
fn pair_diff(a: &Document, ra: Range<u32>, b: &Document, rb: Range<u32>) -> Vec<DiffOp> {
    if ra.len() + rb.len() <= MAX_DIFF_TOKENS {
        return absorb_filler(a, diff::word_diff(a, ra, b, rb, None));
    }
    let (ka, kb) = (
        &a.tokens()[ra.start as usize..ra.end as usize],
        &b.tokens()[rb.start as usize..rb.end as usize],
    );
    let prefix = ka
        .iter()
        .zip(kb)
        .take_while(|(x, y)| x.key == y.key)
        .count() as u32;
    let rest = (ka.len().min(kb.len()) as u32) - prefix;
    let suffix = ka
        .iter()
        .rev()
        .zip(kb.iter().rev())
        .take(rest as usize)
        .take_while(|(x, y)| x.key == y.key)
        .count() as u32;
    let (mid_a, mid_b) = (
        ra.start + prefix..ra.end - suffix,
        rb.start + prefix..rb.end - suffix,
    );
    let mut ops = Vec::new();
    if prefix > 0 {
        ops.push(DiffOp {
            kind: DiffKind::Equal,
            a: ra.start..mid_a.start,
            b: rb.start..mid_b.start,
        });
    }
    let kind = match (mid_a.is_empty(), mid_b.is_empty()) {
        (true, true) => None,
        (false, true) => Some(DiffKind::Delete),
        (true, false) => Some(DiffKind::Insert),
        (false, false) => Some(DiffKind::Replace),
    };
    if let Some(kind) = kind {
        ops.push(DiffOp {
            kind,
            a: mid_a.clone(),
            b: mid_b.clone(),
        });
    }
    if suffix > 0 {
        ops.push(DiffOp {
            kind: DiffKind::Equal,
            a: mid_a.end..ra.end,
            b: mid_b.end..rb.end,
        });
    }
    ops
}

/// In a reworded pair (under half its words shared), fold an equal run of
/// at most two short words (`the`, `to a`) that sits between two changes
/// into one change: such scattered function words break the changes into
/// confetti without telling the reader anything. Closer pairs (a lightly
/// edited copy) keep every shared word.
fn absorb_filler(a: &Document, ops: Vec<DiffOp>) -> Vec<DiffOp> {
    let (mut equal, mut total) = (0, 0);
    for op in &ops {
        total += op.a.len() + op.b.len();
        if op.kind == DiffKind::Equal {
            equal += op.a.len() + op.b.len();
        }
    }
    if 2 * equal >= total {
        return ops;
    }
    let filler = |op: &DiffOp| {
        op.kind == DiffKind::Equal
            && op.a.len() <= 2
            && op.a.clone().all(|t| a.tokens()[t as usize].span.len() <= 3)
    };
    let mut out: Vec<DiffOp> = Vec::with_capacity(ops.len());
    let mut k = 0;
    while k < ops.len() {
        let op = &ops[k];
        let between = out.last().is_some_and(|p| p.kind != DiffKind::Equal)
            && ops.get(k + 1).is_some_and(|n| n.kind != DiffKind::Equal);
        if between && filler(op) {
            let next = &ops[k + 1];
            if let Some(prev) = out.last_mut() {
                prev.a.end = next.a.end;
                prev.b.end = next.b.end;
                prev.kind = DiffKind::Replace;
            }
            k += 2;
        } else {
            out.push(op.clone());
            k += 1;
        }
    }
    out
}

/// For each token, the index of the sentence holding it (`u32::MAX` for
/// none).
fn sentence_of_token(doc: &Document, ss: &[Sentence]) -> Vec<u32> {
    let mut of = vec![u32::MAX; doc.tokens().len()];
    for (i, s) in ss.iter().enumerate() {
        for t in s.tokens.clone() {
            of[t as usize] = i as u32;
        }
    }
    of
}

/// Tokens aligned one-to-one by the passages, counted per sentence pair:
/// sorted `((i, j), count)`.
fn anchor_counts(
    a: &Document,
    sa: &[Sentence],
    b: &Document,
    sb: &[Sentence],
    passages: &[(Range<u32>, Range<u32>)],
) -> Vec<((u32, u32), u32)> {
    let (of_a, of_b) = (sentence_of_token(a, sa), sentence_of_token(b, sb));
    let mut hits: Vec<(u32, u32)> = Vec::new();
    for (pa, pb) in passages {
        // Bounded like a sentence pair: a huge edited passage anchors only
        // its common prefix and suffix; the overlap score covers the rest.
        for op in pair_diff(a, pa.clone(), b, pb.clone()) {
            if op.kind != DiffKind::Equal {
                continue;
            }
            for (ta, tb) in op.a.zip(op.b) {
                let (i, j) = (of_a[ta as usize], of_b[tb as usize]);
                if i != u32::MAX && j != u32::MAX {
                    hits.push((i, j));
                }
            }
        }
    }
    hits.sort_unstable();
    let mut out: Vec<((u32, u32), u32)> = Vec::new();
    for h in hits {
        match out.last_mut() {
            Some((k, n)) if *k == h => *n += 1,
            _ => out.push((h, 1)),
        }
    }
    out
}

/// One-to-one sentence pairs `(i, j, score)`, sorted by `i`.
fn match_pairs(
    (a, fa): (&Document, &SentenceFeatures),
    (b, fb): (&Document, &SentenceFeatures),
    anchors: &[((u32, u32), u32)],
) -> Vec<(u32, u32, f64)> {
    let (sa, sb) = (&fa.sentences, &fb.sentences);
    let (na, nb) = (sa.len(), sb.len());
    let mut candidates: Vec<(u32, u32, f64)> = Vec::new();
    // Sentences of A are units 0..na, those of B na..na + nb.
    let units = [(0, fa), (1, fb)]
        .into_iter()
        .flat_map(|(doc, f)| {
            f.sentences
                .iter()
                .zip(&f.repeat)
                .map(move |(s, &repeat)| UnitRef {
                    doc,
                    tokens: s.tokens.clone(),
                    repeat,
                })
        })
        .collect();
    let (docs, words) = ([a, b], [&fa.words, &fb.words]);
    let scorer = Scorer::with_sets(
        &docs,
        &words,
        units,
        &[&fa.sets, &fb.sets],
        fact::DEFAULT_MIN_SHARED,
    );
    let active: Vec<bool> = (0..na + nb).map(|u| scorer.active(u)).collect();
    // The sentences of B holding each word, in one buffer: `starts[w]..
    // starts[w + 1]` of `postings` (a vector per word was most of the
    // allocations of a comparison).
    let (starts, postings) = super::group_by_key(scorer.vocabulary(), || {
        (0..nb).filter(|&j| active[na + j]).flat_map(|j| {
            scorer
                .features(na + j)
                .items
                .iter()
                .map(move |&(w, _)| (w, j as u32))
        })
    });
    // Per candidate in B: the weight it shares with the sentence of A.
    let mut shared = vec![0f64; nb];
    let mut touched: Vec<u32> = Vec::new();
    let mut scored: Vec<(u32, f64)> = Vec::new();
    for i in (0..na).filter(|&i| active[i]) {
        let f = scorer.features(i);
        for &(w, weight) in &f.items {
            let js = &postings[starts[w as usize] as usize..starts[w as usize + 1] as usize];
            if js.len() > MAX_POSTINGS {
                continue;
            }
            for &j in js {
                let s = &mut shared[j as usize];
                if *s == 0.0 {
                    touched.push(j);
                }
                // Weights are positive, so a touched candidate is never 0.
                *s += weight;
            }
        }
        scored.clear();
        for &j in &touched {
            let total = f.total * scorer.features(na + j as usize).total;
            let s = std::mem::take(&mut shared[j as usize]);
            scored.push((j, s / total.sqrt()));
        }
        touched.clear();
        // Each candidate once: no ties, so no need for a stable sort (and
        // its buffer).
        scored.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        scored.truncate(MAX_CANDIDATES);
        for &(j, _) in &scored {
            let link = scorer.link(i, na + j as usize);
            if link.score >= fact::SAME_FACT {
                candidates.push((i as u32, j, link.score));
            }
        }
    }
    for &((i, j), count) in anchors {
        let len = sa[i as usize].tokens.len() + sb[j as usize].tokens.len();
        let dice = (2.0 * count as f64 / len as f64).min(1.0);
        if dice >= MIN_ANCHOR {
            candidates.push((i, j, dice));
        }
    }

    // Best first; a pair listed twice (same fact and anchor) keeps its best.
    // Only identical candidates tie (`total_cmp` tells every two bit
    // patterns apart), so their order cannot matter.
    candidates.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let (mut used_a, mut used_b) = (vec![false; na], vec![false; nb]);
    let mut pairs = Vec::new();
    for (i, j, s) in candidates {
        if !used_a[i as usize] && !used_b[j as usize] {
            used_a[i as usize] = true;
            used_b[j as usize] = true;
            pairs.push((i, j, s));
        }
    }
    pairs.sort_unstable_by_key(|p| p.0); // one pair per sentence of A
    pairs
}

/// Indices of the pairs (sorted by `i`) forming the longest chain that is
/// increasing in `j` too; ties go to the earliest pairs.
fn longest_in_order(pairs: &[(u32, u32, f64)]) -> Vec<usize> {
    // tails[k]: index of the pair ending the best chain of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (x, p) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&t| pairs[t].1 < p.1);
        prev[x] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(x);
        } else {
            tails[k] = x;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(x) = at {
        chain.push(x);
        at = prev[x];
    }
    chain.reverse();
    chain
}

/// Rows `(a, b, score, moved)` in reading order (see the module docs).
#[allow(clippy::type_complexity)]
fn layout(
    na: usize,
    nb: usize,
    pairs: &[(u32, u32, f64)],
) -> Vec<(Option<u32>, Option<u32>, f64, bool)> {
    let mut partner_a: Vec<Option<(u32, f64)>> = vec![None; na];
    let mut paired_b = vec![false; nb];
    for &(i, j, s) in pairs {
        partner_a[i as usize] = Some((j, s));
        paired_b[j as usize] = true;
    }
    let in_order = longest_in_order(pairs);
    let mut rows = Vec::with_capacity(na + nb);
    let (mut next_a, mut next_b) = (0u32, 0u32);
    let stops = in_order
        .iter()
        .map(|&x| (pairs[x].0, pairs[x].1, Some(pairs[x].2)))
        .chain(std::iter::once((na as u32, nb as u32, None)));
    for (ia, jb, score) in stops {
        for i in next_a..ia {
            match partner_a[i as usize] {
                Some((j, s)) => rows.push((Some(i), Some(j), s, true)),
                None => rows.push((Some(i), None, 0.0, false)),
            }
        }
        for j in next_b..jb {
            if !paired_b[j as usize] {
                rows.push((None, Some(j), 0.0, false));
            }
        }
        if let Some(s) = score {
            rows.push((Some(ia), Some(jb), s, false));
        }
        (next_a, next_b) = (ia + 1, jb + 1);
    }
    rows
}

/// For each sentence, the indices of the ranges that overlap it, ascending.
fn touching(ss: &[Sentence], ranges: impl Iterator<Item = Range<u32>>) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); ss.len()];
    for (p, r) in ranges.enumerate() {
        // Sentences are sorted and disjoint: find the first that ends after
        // the range starts, then walk while they start before it ends.
        let first = ss.partition_point(|s| s.tokens.end <= r.start);
        for (i, s) in ss.iter().enumerate().skip(first) {
            if s.tokens.start >= r.end {
                break;
            }
            out[i].push(p as u32);
        }
    }
    out
}

/// Sorted intersection of two sorted lists.
fn intersect(x: &[u32], y: &[u32]) -> Vec<u32> {
    x.iter()
        .filter(|v| y.binary_search(v).is_ok())
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::test_doc as doc;

    /// Rows as (A sentence text, B sentence text, moved).
    fn rows(a: &str, b: &str) -> Vec<(String, String, bool)> {
        let (a, b) = (doc(a), doc(b));
        let al = align_sentences(&a, &b, Language::English, &[]);
        al.rows
            .iter()
            .map(|r| {
                let side = |d: &Document, ss: &[Sentence], i: Option<u32>| {
                    i.map_or(String::new(), |i| d.slice(ss[i as usize].span).to_string())
                };
                (side(&a, &al.a, r.a), side(&b, &al.b, r.b), r.moved)
            })
            .collect()
    }

    #[test]
    fn empty_and_one_word_documents() {
        assert!(rows("", "").is_empty());
        assert_eq!(rows("word", ""), [("word".into(), String::new(), false)]);
        // One word is not a fact: without a shared passage, no pair.
        assert_eq!(
            rows("word", "word"),
            [
                ("word".into(), String::new(), false),
                (String::new(), "word".into(), false)
            ]
        );
        assert_eq!(
            rows(" ... ", "Word."),
            [(String::new(), "Word.".into(), false)]
        );
    }

    #[test]
    fn pairs_reworded_sentences_and_leaves_others_alone() {
        let a = "Muttaqi called the decision courageous. Markets fell sharply on Monday.";
        let b = "Oil prices rose. Muttaqi said the decision was brave and courageous.";
        let r = rows(a, b);
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r.contains(&(
            "Muttaqi called the decision courageous.".into(),
            "Muttaqi said the decision was brave and courageous.".into(),
            false
        )));
        assert!(r.contains(&(
            "Markets fell sharply on Monday.".into(),
            String::new(),
            false
        )));
        assert!(r.contains(&(String::new(), "Oil prices rose.".into(), false)));
    }

    /// Pairs of a comparison as (A sentence, B sentence).
    fn pairs(a: &str, b: &str) -> Vec<(String, String)> {
        rows(a, b)
            .into_iter()
            .filter(|r| !r.0.is_empty() && !r.1.is_empty())
            .map(|r| (r.0, r.1))
            .collect()
    }

    #[test]
    fn issue_10_compare_does_not_pair_unrelated_sentences() {
        // Sentences of two seed articles that `compare` used to pair and
        // paint as a diff: a date line with a date line, two statements
        // that share a few common words of the story.
        let a = "Published on July 04, 2025\n\n\
            While most countries closed their diplomatic missions after the Taliban seized \
            control in 2021, a few, including China and the UAE, have remained engaged.\n\n\
            Foreign Minister Amir Khan Muttaqi touted Moscow's recognition as a \"courageous\" \
            example that other nations might follow.";
        let b = "July 4, 2025\n\n\
            While China welcomed Russia's decision with cautious optimism, most Western \
            nations remain opposed.\n\n\
            Women's rights activists reacted with particular anguish.";
        assert_eq!(pairs(a, b), Vec::<(String, String)>::new());
        // Every sentence still has its row, opposite a blank.
        assert_eq!(rows(a, b).len(), 6);
    }

    #[test]
    fn issue_10_compare_pairs_sentences_that_report_the_same_fact() {
        // The same meeting, the ambassador's name spelt two ways.
        let a = "During a meeting in Kabul with Russia's ambassador, Dmitry Zhirnov, \
            Muttaqi expressed hope for a new phase of positive relations.\n\n\
            Women's rights activists reacted with particular anguish.";
        let b = "The decision, made following a meeting between Afghan Foreign Minister Amir \
            Khan Muttaqi and Russian ambassador to Kabul Dmitri Jirnov, was initially \
            announced by Russian official news agencies.\n\n\
            Trade, minerals, and access to the Indian Ocean";
        let p = pairs(a, b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].0.contains("Zhirnov") && p[0].1.contains("Jirnov"));
    }

    #[test]
    fn reordered_sentences_are_paired_and_marked_moved() {
        let a = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu.";
        let b = "Iota kappa lambda mu. Alpha beta gamma delta. Epsilon zeta eta theta.";
        let r = rows(a, b);
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(r.iter().all(|(x, y, _)| x == y));
        let moved: Vec<_> = r.iter().filter(|x| x.2).map(|x| x.0.as_str()).collect();
        assert_eq!(moved, ["Iota kappa lambda mu."]);
    }

    #[test]
    fn every_sentence_appears_once() {
        let a = "One two three. Four five six. One two three. Seven.";
        let b = "Four five six. One two three. Eight nine. One two.";
        let (da, db) = (doc(a), doc(b));
        let al = align_sentences(&da, &db, Language::English, &[]);
        let mut seen_a: Vec<u32> = al.rows.iter().filter_map(|r| r.a).collect();
        let mut seen_b: Vec<u32> = al.rows.iter().filter_map(|r| r.b).collect();
        seen_a.sort_unstable();
        seen_b.sort_unstable();
        assert_eq!(seen_a, (0..al.a.len() as u32).collect::<Vec<_>>());
        assert_eq!(seen_b, (0..al.b.len() as u32).collect::<Vec<_>>());
    }

    #[test]
    fn passages_anchor_pairs_and_are_listed() {
        let a = "The quick brown fox jumps over the lazy dog. Nothing else here.";
        let b = "Intro text. The quick brown fox leaps over the lazy dog.";
        let (da, db) = (doc(a), doc(b));
        let al = align_sentences(&da, &db, Language::English, &[(0..9, 2..11)]);
        let pair = al.rows.iter().find(|r| r.a == Some(0)).unwrap();
        assert_eq!(pair.b, Some(1));
        assert_eq!(pair.passages, [0]);
        let kinds: Vec<_> = pair.ops.iter().map(|o| o.kind).collect();
        assert_eq!(kinds, [DiffKind::Equal, DiffKind::Replace, DiffKind::Equal]);
        let lone = al.rows.iter().find(|r| r.a == Some(1)).unwrap();
        assert!(lone.passages.is_empty() && lone.ops.is_empty() && lone.b.is_none());
    }

    #[test]
    fn filler_between_changes_is_absorbed() {
        let (a, b) = (
            doc("Muttaqi praised the courageous move"),
            doc("Muttaqi criticised the cowardly step"),
        );
        let ops = pair_diff(&a, 0..5, &b, 0..5);
        let kinds: Vec<_> = ops.iter().map(|o| o.kind).collect();
        assert_eq!(kinds, [DiffKind::Equal, DiffKind::Replace]);
        assert_eq!((ops[1].a.clone(), ops[1].b.clone()), (1..5, 1..5));
        // A close pair keeps every shared word.
        let c = doc("Muttaqi praised the cowardly step");
        assert_eq!(pair_diff(&c, 0..5, &b, 0..5).len(), 3);
        let d = doc("Muttaqi praised the courageous step");
        assert_eq!(pair_diff(&d, 0..5, &b, 0..5).len(), 5);
    }

    #[test]
    fn coarse_diff_for_long_sentences() {
        let body: String = (0..MAX_DIFF_TOKENS).map(|i| format!("w{i} ")).collect();
        let (a, b) = (
            doc(&format!("start {body} end")),
            doc(&format!("start {body} finish")),
        );
        let (na, nb) = (a.tokens().len() as u32, b.tokens().len() as u32);
        let ops = pair_diff(&a, 0..na, &b, 0..nb);
        let kinds: Vec<_> = ops.iter().map(|o| o.kind).collect();
        assert_eq!(kinds, [DiffKind::Equal, DiffKind::Replace]);
        assert_eq!(ops[1].a, na - 1..na);
        let same = pair_diff(&a, 0..na, &a, 0..na);
        assert_eq!(same.len(), 1);
        assert_eq!(same[0].kind, DiffKind::Equal);
    }

    #[test]
    fn many_identical_sentences_stay_bounded_and_deterministic() {
        let text = "Same words again. ".repeat(500);
        let (a, b) = (doc(&text), doc(&text));
        let x = align_sentences(&a, &b, Language::English, &[]);
        let y = align_sentences(&a, &b, Language::English, &[]);
        assert_eq!(x, y);
        assert_eq!(
            x.rows.len(),
            500 + 500
                - x.rows
                    .iter()
                    .filter(|r| r.a.is_some() && r.b.is_some())
                    .count()
        );
    }

    /// Ops that hold A's words, and B's.
    const A_KINDS: [DiffKind; 3] = [DiffKind::Equal, DiffKind::Delete, DiffKind::Replace];
    const B_KINDS: [DiffKind; 3] = [DiffKind::Equal, DiffKind::Insert, DiffKind::Replace];

    /// Concatenated token ranges of the ops of `kinds` on one side.
    fn rebuilt(ops: &[DiffOp], side_a: bool, kinds: &[DiffKind]) -> Vec<u32> {
        ops.iter()
            .filter(|op| kinds.contains(&op.kind))
            .flat_map(|op| if side_a { op.a.clone() } else { op.b.clone() })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
            )),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Equal + Delete + Replace ops rebuild A's words and Equal + Insert +
        /// Replace ops rebuild B's, in order, for every pair, with equal ops
        /// pairing equal words.
        #[test]
        fn diff_ops_rebuild_both_sides(
            wa in proptest::collection::vec(0usize..8, 0..40),
            wb in proptest::collection::vec(0usize..8, 0..40),
        ) {
            const VOCAB: [&str; 8] =
                ["the", "a", "Taliban", "Russia’s", "RUSSIA'S", "brave", "bold", "move."];
            let text = |w: &[usize]| w.iter().map(|&i| VOCAB[i]).collect::<Vec<_>>().join(" ");
            let (a, b) = (doc(&text(&wa)), doc(&text(&wb)));
            let al = align_sentences(&a, &b, Language::English, &[]);
            for row in al.rows.iter().filter(|r| r.a.is_some() && r.b.is_some()) {
                let ra = al.a[row.a.unwrap_or(0) as usize].tokens.clone();
                let rb = al.b[row.b.unwrap_or(0) as usize].tokens.clone();
                let ops = &row.ops;
                proptest::prop_assert_eq!(rebuilt(ops, true, &A_KINDS), ra.collect::<Vec<_>>());
                proptest::prop_assert_eq!(rebuilt(ops, false, &B_KINDS), rb.collect::<Vec<_>>());
                for op in ops.iter().filter(|o| o.kind == DiffKind::Equal) {
                    for (x, y) in op.a.clone().zip(op.b.clone()) {
                        proptest::prop_assert_eq!(a.tokens()[x as usize].key, b.tokens()[y as usize].key);
                    }
                }
            }
            // The same holds for the plain word diff of the whole texts.
            let (na, nb) = (a.tokens().len() as u32, b.tokens().len() as u32);
            let ops = diff::word_diff(&a, 0..na, &b, 0..nb, None);
            proptest::prop_assert_eq!(rebuilt(&ops, true, &A_KINDS), (0..na).collect::<Vec<_>>());
            proptest::prop_assert_eq!(rebuilt(&ops, false, &B_KINDS), (0..nb).collect::<Vec<_>>());
        }
    }

    #[test]
    fn longest_chain_prefers_order() {
        let p = [(0, 2, 1.0), (1, 0, 1.0), (2, 1, 1.0), (3, 3, 1.0)];
        assert_eq!(longest_in_order(&p), [1, 2, 3]);
        assert!(longest_in_order(&[]).is_empty());
    }
}
