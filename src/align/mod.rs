//! Stage 5a: find the passages two documents share.
//!
//! 1. **Seeds.** Every shingle of A whose hash also occurs in B gives a seed
//!    `(i, j)` (shingle indices). Hashes that occur more than
//!    [`MAX_OCCURRENCES`] times in B (boilerplate, lists) are skipped so the
//!    work stays linear.
//! 2. **Runs.** Seeds on one diagonal with consecutive indices form a run:
//!    a maximal stretch of identical tokens.
//! 3. **Chains.** Runs are chained into passages across small edits: a run
//!    that starts at most `max_gap` tokens after a passage ends, in both
//!    documents, extends it. One changed, inserted or deleted word leaves a
//!    gap of zero or one token, so it never splits a passage. Runs on other
//!    diagonals start their own passages, which is how reordered paragraphs
//!    and a passage of A that occurs twice in B are found.
//! 4. **Filter and score.** Passages shorter than `min_tokens` on either side
//!    are dropped; each survivor gets its identity (share of identical tokens,
//!    from a word diff of the two ranges).
//!
//! Passages are token ranges, sorted by (A start, B start). Cost is
//! `O(|A| + |B| + seeds)` plus the diffs, which are bounded because a passage
//! only holds gaps of at most `max_gap` tokens.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::diff;
use crate::shingle::Shingle;
use crate::text::Document;

/// Shingle hashes more frequent than this in B do not seed.
pub const MAX_OCCURRENCES: usize = 64;

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
            min_tokens: 8,
            max_gap: 8,
        }
    }
}

/// How a passage was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// Identical token sequences.
    Exact,
    /// Identical runs joined across small edits.
    Edited,
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
pub struct Run {
    /// Token range in A.
    pub a: (u32, u32),
    /// Token range in B.
    pub b: (u32, u32),
}

/// Runs of identical shingles between A and B. With `same_doc`, A and B are
/// the same document and only pairs with `j > i` seed, so a text is not
/// aligned with itself on the main diagonal.
pub fn runs(sa: &[Shingle], sb: &[Shingle], same_doc: bool) -> Vec<Run> {
    let mut where_b: HashMap<u64, Vec<u32>> = HashMap::with_capacity(sb.len());
    for (j, s) in sb.iter().enumerate() {
        where_b.entry(s.hash).or_default().push(j as u32);
    }
    // Open runs by diagonal (j - i): (first i, first j, last i).
    let mut open: HashMap<i64, (u32, u32, u32)> = HashMap::new();
    let mut done: Vec<(u32, u32, u32)> = Vec::new(); // (first i, first j, len)
    for (i, s) in sa.iter().enumerate() {
        let i = i as u32;
        let Some(js) = where_b.get(&s.hash) else {
            continue;
        };
        if js.len() > MAX_OCCURRENCES {
            continue;
        }
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

/// Chain runs (sorted by A start) into passages across gaps of at most
/// `max_gap` tokens on both sides. Returns token ranges.
pub fn chain(runs: &[Run], max_gap: u32) -> Vec<(Range<u32>, Range<u32>)> {
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

/// Work units (seed pairs examined) one alignment may spend.
pub const WORK_BUDGET: u64 = 50_000_000;

/// The result of aligning two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Passages, sorted by (A start, B start).
    pub passages: Vec<Passage>,
    /// Whether the work budget ran out, so passages may be missing.
    pub partial: bool,
}

/// All passages shared by `a` and `b`, given their shingles.
pub fn align(
    a: &Document,
    sa: &[Shingle],
    b: &Document,
    sb: &[Shingle],
    opts: &AlignOptions,
) -> Alignment {
    let runs = runs(sa, sb, false);
    let mut passages: Vec<Passage> = chain(&runs, opts.max_gap)
        .into_iter()
        .filter(|(ra, rb)| ra.len() as u32 >= opts.min_tokens && rb.len() as u32 >= opts.min_tokens)
        .map(|(ra, rb)| {
            let equal = diff::equal_tokens(a, ra.clone(), b, rb.clone());
            let total = (ra.len() + rb.len()) as f64;
            let identity = 2.0 * equal as f64 / total;
            let kind = if equal == ra.len() && equal == rb.len() {
                PassageKind::Exact
            } else {
                PassageKind::Edited
            };
            Passage {
                a: ra,
                b: rb,
                identity,
                kind,
            }
        })
        .collect();
    passages.sort_by_key(|p| (p.a.start, p.b.start, p.a.end, p.b.end));
    Alignment {
        passages,
        partial: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shingle::shingles;
    use crate::text::{Pipeline, TextOptions};

    fn docs(a: &str, b: &str) -> Vec<Passage> {
        let p = Pipeline::new(TextOptions::default());
        let (a, b) = (p.document(a.into()).unwrap(), p.document(b.into()).unwrap());
        let (sa, sb) = (shingles(a.tokens(), 5), shingles(b.tokens(), 5));
        align(&a, &sa, &b, &sb, &AlignOptions::default()).passages
    }

    const P1: &str = "the quick brown fox jumps over the lazy dog near the river bank today";
    const P2: &str =
        "a completely different sentence talks about markets and interest rates rising again";

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
}
