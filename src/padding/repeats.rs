//! Text a document repeats from earlier in itself.
//!
//! Two kinds of candidates:
//!
//! 1. **Passages.** The document is aligned with itself ([`crate::align`]
//!    with only later-against-earlier seeds): runs of shared shingles,
//!    chained across edits of up to `max_gap` words, so a paragraph restated
//!    with a few words changed is one candidate. Passages shorter than
//!    `min_tokens` words are dropped: two paragraphs on the same topic share
//!    names and stock phrases, not eight words in a row with edits between.
//! 2. **Lines and sentences.** A line whose words equal those of an earlier
//!    line (case, quotes and dashes folded), from [`MIN_LINE_TOKENS`] words:
//!    this catches repeated titles and headings too short to be passages. A
//!    sentence of at least `min_tokens` words equal to an earlier one: this
//!    catches sentences repeated so often that their shingles are too common
//!    to seed ([`crate::align::MAX_OCCURRENCES`]).
//!
//! Candidates are taken in order of where the copy starts, longest first.
//! A copy may not overlap a copy already taken (its start is trimmed, or it
//! is dropped), and its source may not overlap any copy taken: so removing
//! every copy keeps every source, that is every first occurrence. A copy
//! that overlaps its own source (text repeating with a short period) keeps
//! one period as the source. Finally a repeat spanning several lines is
//! split where both copy and source break lines, so each repeated paragraph
//! is reported on its own, and pieces below [`MIN_IDENTITY`] are dropped.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Range;

use super::{Line, PaddingOptions};
use crate::align;
use crate::diff::{self, DiffKind};
use crate::shingle;
use crate::text::Document;

/// Shortest line, in words, reported when it repeats an earlier line word
/// for word.
pub(crate) const MIN_LINE_TOKENS: usize = 3;

/// Least identity (share of words the two sides share) of a repeat: a
/// restatement with a few words changed stays above it; two passages that
/// only share a phrase or two fall below it.
pub(crate) const MIN_IDENTITY: f64 = 0.8;

/// A repeat as token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The earlier text.
    pub a: Range<u32>,
    /// The later copy.
    pub b: Range<u32>,
    /// Words the two share, in order.
    pub equal: u32,
}

/// Every repeat in `doc`, sorted by the copy's position; copies are disjoint
/// and no source overlaps a copy.
pub(crate) fn find(doc: &Document, lines: &[Line], opts: &PaddingOptions) -> Vec<Found> {
    let min = opts.min_tokens.max(1);
    let mut candidates: Vec<(Range<u32>, Range<u32>, bool)> = passages(doc, opts)
        .into_iter()
        .map(|(a, b)| (a, b, false))
        .collect();
    let line_ranges = lines.iter().map(|l| l.tokens.clone());
    let sentence_ranges = doc.sentences().into_iter().map(|s| s.tokens);
    candidates.extend(
        repeated(doc, line_ranges, MIN_LINE_TOKENS)
            .into_iter()
            .chain(repeated(doc, sentence_ranges, min as usize))
            .map(|(a, b)| (a, b, true)),
    );
    resolve(candidates, min)
        .into_iter()
        .flat_map(|(a, b)| split_at_lines(doc, a, b))
        .map(|(a, b)| Found {
            equal: diff::equal_tokens(doc, a.clone(), doc, b.clone()) as u32,
            a,
            b,
        })
        .filter(|f| 2.0 * f64::from(f.equal) >= MIN_IDENTITY * (f.a.len() + f.b.len()) as f64)
        .collect()
}

/// Self-aligned passages of at least `min_tokens` words.
fn passages(doc: &Document, opts: &PaddingOptions) -> Vec<(Range<u32>, Range<u32>)> {
    let shingles = shingle::shingles(doc.tokens(), opts.shingle as usize);
    let runs = align::runs(&shingles, &shingles, true);
    let min = opts.min_tokens.max(1) as usize;
    align::chain(&runs, opts.max_gap)
        .into_iter()
        .flat_map(|(a, b)| untangle(a, b, min as u32))
        .filter(|(a, b)| a.len() >= min && b.len() >= min)
        .collect()
}

/// A copy that overlaps its source is text repeating with a short period
/// (`b.start - a.start` tokens: one word, a phrase, a paragraph), from
/// `a.start` to `b.end`. Its first block of whole periods, at least `min`
/// tokens and at least the square root of the stretch long, is the source;
/// every later block is a copy of it (the last one of its first tokens).
/// So the whole stretch but its first block counts as repeated, in at most
/// about √n copies (a word printed a million times is a thousand copies of
/// a thousand words, not none). A stretch too short for two such blocks
/// keeps one period as the block. Blocks shorter than `min` are dropped
/// by the caller (a repeated short title is a line candidate).
fn untangle(a: Range<u32>, b: Range<u32>, min: u32) -> Vec<(Range<u32>, Range<u32>)> {
    if a.start >= b.start || a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    if a.end <= b.start {
        return vec![(a, b)];
    }
    let period = b.start - a.start;
    let whole = b.end - a.start;
    let want = min.max(f64::from(whole).sqrt() as u32).max(1);
    let mut block = want.div_ceil(period) * period;
    if 2 * block > whole {
        block = period;
    }
    let mut out = Vec::new();
    let mut at = a.start + block;
    while at < b.end {
        let n = block.min(b.end - at);
        out.push((a.start..a.start + n, at..at + n));
        at += n;
    }
    out
}

/// Pairs (earliest equal range, later range) among `ranges` (lines or
/// sentences) of at least `min` tokens with the same words.
fn repeated(
    doc: &Document,
    ranges: impl Iterator<Item = Range<u32>>,
    min: usize,
) -> Vec<(Range<u32>, Range<u32>)> {
    let keys: Vec<u64> = doc.tokens().iter().map(|t| t.key).collect();
    // Only looked up, never iterated: output order stays the text's.
    let mut first: HashMap<&[u64], Range<u32>> = HashMap::new();
    let mut out = Vec::new();
    for r in ranges.filter(|r| r.len() >= min) {
        let words = &keys[r.start as usize..r.end as usize];
        match first.get(words) {
            Some(earlier) => out.push((earlier.clone(), r)),
            None => {
                first.insert(words, r);
            }
        }
    }
    out
}

/// Pick disjoint copies whose sources survive (see the module docs).
/// `whole` marks candidates that are whole lines or sentences: those are
/// never trimmed.
fn resolve(
    mut candidates: Vec<(Range<u32>, Range<u32>, bool)>,
    min: u32,
) -> Vec<(Range<u32>, Range<u32>)> {
    candidates.sort_by_key(|(a, b, _)| (b.start, Reverse(b.end), a.start, a.end));
    let mut taken: Vec<(Range<u32>, Range<u32>)> = Vec::new();
    for (mut a, mut b, whole) in candidates {
        let cut_end = taken.last().map_or(0, |(_, b)| b.end);
        if b.start < cut_end {
            let d = cut_end - b.start;
            if whole || d >= b.len() as u32 {
                continue;
            }
            // Shift both sides along the diagonal.
            b.start += d;
            a.start = (a.start + d).min(a.end);
            if (b.len() as u32) < min || (a.len() as u32) < min {
                continue;
            }
        }
        // Copies taken so far are sorted and disjoint.
        let i = taken.partition_point(|(_, c)| c.end <= a.start);
        if taken.get(i).is_some_and(|(_, c)| c.start < a.end) {
            continue;
        }
        taken.push((a, b));
    }
    taken
}

/// Split a repeat where both sides cross a line break between two words
/// they share.
fn split_at_lines(doc: &Document, a: Range<u32>, b: Range<u32>) -> Vec<(Range<u32>, Range<u32>)> {
    let line = |t: u32| doc.line_of(doc.tokens()[t as usize].span.start);
    // First token after `from` (up to `to`) on a later line than `from`.
    let next_line = |from: u32, to: u32| {
        let l = line(from);
        (from + 1..=to).find(|&t| line(t) > l).unwrap_or(to)
    };
    let mut pieces = Vec::new();
    let (mut sa, mut sb) = (a.start, b.start);
    let mut prev: Option<(u32, u32)> = None;
    let ops = diff::word_diff(doc, a.clone(), doc, b.clone(), None);
    for op in ops.iter().filter(|o| o.kind == DiffKind::Equal) {
        for t in 0..op.a.len() as u32 {
            let (i, j) = (op.a.start + t, op.b.start + t);
            if let Some((pi, pj)) = prev
                && line(i) > line(pi)
                && line(j) > line(pj)
            {
                let (ca, cb) = (next_line(pi, i), next_line(pj, j));
                pieces.push((sa..ca, sb..cb));
                (sa, sb) = (ca, cb);
            }
            prev = Some((i, j));
        }
    }
    pieces.push((sa..a.end, sb..b.end));
    pieces
}
