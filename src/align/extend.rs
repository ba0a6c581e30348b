//! The sentence layer: seeds on similar sentence pairs, clustered into
//! fragments across gaps, validated, filtered.
//!
//! 1. **Seeds.** Unit `i` of A and unit `j` of B are a candidate when the
//!    cosine of their tf·isf vectors (term frequency times inverse
//!    *sentence* frequency over the units of both documents) and the Dice
//!    coefficient of their word sets both exceed [`SUMMARY_SEED`].
//!    Candidates come from an inverted index of B, so unrelated pairs cost
//!    little. Ordinary seeds must also pass [`SEED_COSINE`] and
//!    [`SEED_DICE`] and be within [`BEST_SHARE`] of the best cosine of both
//!    their units, so a sentence similar to several others does not drag a
//!    fragment over its neighbours.
//! 2. **Extension.** Seeds are split into clusters wherever two neighbours,
//!    taken in A order, lie more than `gap` units apart in A, then the same
//!    in B order, alternately until nothing splits. A cluster spans the
//!    units from its first to its last seed on each side.
//! 3. **Validation.** A cluster is kept when the cosine of its two sides,
//!    taken as wholes, exceeds [`VALID_COSINE`] (a single seed needs
//!    [`SINGLE_SEED_COSINE`]); otherwise its seeds are clustered again with
//!    a gap one smaller, down to zero.
//! 4. **Summary mode.** All candidates are also clustered with a large gap
//!    on B's side ([`SUMMARY_GAP_B`]). A cluster whose B side is at least
//!    [`SUMMARY_RATIO`] times longer than its A side, spans at least
//!    [`SUMMARY_SPREAD`] of B and [`SUMMARY_MIN_UNITS`] units of A is a
//!    summary, unless one ordinary fragment inside it already covers its A
//!    side ([`SUMMARY_EXPLAINED`]); it replaces the ordinary fragments it
//!    contains.
//! 5. **Overlap.** Fragments shorter than [`MIN_FRAGMENT_TOKENS`] on a side
//!    are dropped; of fragments that overlap in A, the one with more tokens
//!    (then higher similarity) wins.
//!
//! Work (index postings visited, seeds clustered, words compared) is counted
//! against a [`Budget`]; when it runs out, the layer returns what it has and
//! the alignment is marked partial.

use std::ops::Range;

use super::units::Unit;

/// Cosine a unit pair needs to seed an ordinary fragment.
pub(super) const SEED_COSINE: f64 = 0.25;
/// Dice coefficient a unit pair needs to seed an ordinary fragment.
pub(super) const SEED_DICE: f64 = 0.30;
/// Cosine and Dice a unit pair needs to seed in summary mode (one summary
/// sentence shares fewer words with each sentence it condenses).
pub(super) const SUMMARY_SEED: f64 = 0.25;
/// Ordinary mode keeps a seed whose cosine is at least this share of the
/// best cosine of its A unit and of its B unit.
pub(super) const BEST_SHARE: f64 = 0.8;
/// Cosine a fragment needs to be kept.
pub(super) const VALID_COSINE: f64 = 0.34;
/// Cosine a fragment resting on a single seed needs to be kept.
pub(super) const SINGLE_SEED_COSINE: f64 = 0.45;
/// Fewest tokens a fragment holds on each side.
pub(super) const MIN_FRAGMENT_TOKENS: u32 = 20;
/// Starting gap, in units, bridged on both sides.
pub(crate) const GAP: u32 = 3;
/// Gap on A's side in summary mode.
pub(crate) const SUMMARY_GAP_A: u32 = 3;
/// Gap on B's side in summary mode.
pub(super) const SUMMARY_GAP_B: u32 = 24;
/// How much longer (in tokens) B's side must be for a summary.
pub(super) const SUMMARY_RATIO: f64 = 3.0;
/// Share of B's tokens a summary must span: a summary condenses a text,
/// not a sentence or two of it.
pub(super) const SUMMARY_SPREAD: f64 = 0.3;
/// Fewest sentence units a summary spans in A: one or two sentences
/// similar to a long stretch of B are topic overlap, not a summary.
pub(super) const SUMMARY_MIN_UNITS: usize = 3;
/// A summary candidate is dropped when one ordinary fragment inside it
/// covers this share of its A side.
pub(super) const SUMMARY_EXPLAINED: f64 = 0.9;

/// A deterministic allowance of work units.
#[derive(Debug, Clone)]
pub(super) struct Budget {
    left: u64,
    exhausted: bool,
}

impl Budget {
    /// A budget of `units`.
    pub(super) fn new(units: u64) -> Self {
        Budget {
            left: units,
            exhausted: false,
        }
    }

    /// Spend `n` units; false (and exhausted from then on) when they are
    /// not there.
    pub(super) fn spend(&mut self, n: u64) -> bool {
        if self.exhausted || n > self.left {
            self.exhausted = true;
            return false;
        }
        self.left -= n;
        true
    }

    /// Spend `n` units if they are there, without counting a refusal as
    /// running out (for optional work with a cheaper fallback).
    pub(super) fn afford(&mut self, n: u64) -> bool {
        if self.exhausted || n > self.left {
            return false;
        }
        self.left -= n;
        true
    }

    /// Whether it ran out.
    pub(super) fn exhausted(&self) -> bool {
        self.exhausted
    }
}

/// How a fragment was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Seeds in the same order on both sides.
    InOrder,
    /// Seeds in a different order in B.
    Reordered,
    /// Summary mode: B's side much longer.
    Summary,
}

/// A validated cluster, as unit ranges.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fragment {
    /// Units of A.
    pub(super) a: Range<u32>,
    /// Units of B.
    pub(super) b: Range<u32>,
    /// Cosine of the two sides.
    pub(super) similarity: f64,
    /// How it was found.
    pub(super) shape: Shape,
}

type Vector = Vec<(u32, f64)>;

/// Weighted, length-normalised vector of a bag of word counts.
fn vector(words: &[(u32, u32)], isf: &[f64]) -> Vector {
    let mut v: Vector = words
        .iter()
        .map(|&(w, n)| (w, f64::from(n) * isf[w as usize]))
        .collect();
    let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, x)| *x /= norm);
    }
    v
}

fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Word counts of a run of units.
fn bag(units: &[Unit], range: Range<u32>) -> Vec<(u32, u32)> {
    let mut all: Vec<(u32, u32)> = units[range.start as usize..range.end as usize]
        .iter()
        .flat_map(|u| u.words.iter().copied())
        .collect();
    all.sort_unstable_by_key(|&(w, _)| w);
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(all.len());
    for (w, n) in all {
        match out.last_mut() {
            Some((last, m)) if *last == w => *m += n,
            _ => out.push((w, n)),
        }
    }
    out
}

/// Everything the layer needs about one pair of documents.
struct Pair<'a> {
    ua: &'a [Unit],
    ub: &'a [Unit],
    isf: Vec<f64>,
    /// Tokens before each unit (prefix sums), one more entry than units.
    before_a: Vec<u32>,
    before_b: Vec<u32>,
}

impl Pair<'_> {
    fn similarity(&self, a: Range<u32>, b: Range<u32>, budget: &mut Budget) -> Option<f64> {
        // Paid before the work: a unit holds at most one word per token.
        if !budget.spend(u64::from(self.tokens_a(&a) + self.tokens_b(&b)) + 1) {
            return None;
        }
        let (ba, bb) = (bag(self.ua, a), bag(self.ub, b));
        Some(cosine(&vector(&ba, &self.isf), &vector(&bb, &self.isf)))
    }

    fn tokens_a(&self, r: &Range<u32>) -> u32 {
        self.before_a[r.end as usize] - self.before_a[r.start as usize]
    }

    fn tokens_b(&self, r: &Range<u32>) -> u32 {
        self.before_b[r.end as usize] - self.before_b[r.start as usize]
    }
}

/// Seed pairs `(i, j, cosine)`, sorted.
fn seeds(p: &Pair<'_>, budget: &mut Budget) -> Vec<(u32, u32, f64, f64)> {
    // B's vectors are indexed; A's are made one at a time (A may be huge:
    // all of its vectors at once would cost 16 bytes a word).
    let vb: Vec<Vector> = p.ub.iter().map(|u| vector(&u.words, &p.isf)).collect();
    // Each word's (unit of B, weight), in B's order, in one buffer.
    let (starts, postings) = super::group_by_key(p.isf.len(), || {
        (0u32..)
            .zip(&vb)
            .flat_map(|(j, v)| v.iter().map(move |&(w, x)| (w, (j, x))))
    });
    let mut dot = vec![0.0f64; vb.len()];
    let mut shared = vec![0u32; vb.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    for (i, u) in p.ua.iter().enumerate() {
        let v = vector(&u.words, &p.isf);
        for &(w, x) in &v {
            let list = &postings[starts[w as usize] as usize..starts[w as usize + 1] as usize];
            if !budget.spend(list.len() as u64 + 1) {
                return out;
            }
            for &(j, y) in list {
                if shared[j as usize] == 0 {
                    touched.push(j);
                }
                dot[j as usize] += x * y;
                shared[j as usize] += 1;
            }
        }
        touched.sort_unstable();
        for &j in &touched {
            let (d, s) = (dot[j as usize], shared[j as usize]);
            let dice = 2.0 * f64::from(s) / (v.len() + vb[j as usize].len()) as f64;
            if d > SUMMARY_SEED && dice > SUMMARY_SEED {
                out.push((i as u32, j, d, dice));
            }
            dot[j as usize] = 0.0;
            shared[j as usize] = 0;
        }
        touched.clear();
    }
    out
}

/// Split `group` where neighbours in `key` order are more than `gap` apart.
fn split(
    mut group: Vec<(u32, u32)>,
    key: fn(&(u32, u32)) -> u32,
    gap: u32,
) -> Vec<Vec<(u32, u32)>> {
    group.sort_unstable_by_key(|s| (key(s), *s));
    let mut out = vec![Vec::new()];
    let mut last: Option<u32> = None;
    for s in group {
        if last.is_some_and(|l| key(&s) > l + gap + 1) {
            out.push(Vec::new());
        }
        last = Some(key(&s));
        if let Some(g) = out.last_mut() {
            g.push(s);
        }
    }
    out
}

/// Clusters of `seeds` with gaps of at most `gap_a` / `gap_b` units.
fn cluster(
    seeds: Vec<(u32, u32)>,
    gap_a: u32,
    gap_b: u32,
    budget: &mut Budget,
) -> Vec<Vec<(u32, u32)>> {
    let mut todo = vec![seeds];
    let mut out = Vec::new();
    while let Some(g) = todo.pop() {
        if g.is_empty() || !budget.spend(g.len() as u64) {
            continue;
        }
        let by_a = split(g, |s| s.0, gap_a);
        if by_a.len() > 1 {
            todo.extend(by_a);
            continue;
        }
        let by_b = split(by_a.into_iter().flatten().collect(), |s| s.1, gap_b);
        if by_b.len() > 1 {
            todo.extend(by_b);
            continue;
        }
        out.extend(by_b);
    }
    out.sort_unstable();
    out
}

fn span(group: &[(u32, u32)]) -> (Range<u32>, Range<u32>) {
    let a0 = group.iter().map(|s| s.0).min().unwrap_or(0);
    let a1 = group.iter().map(|s| s.0).max().unwrap_or(0);
    let b0 = group.iter().map(|s| s.1).min().unwrap_or(0);
    let b1 = group.iter().map(|s| s.1).max().unwrap_or(0);
    (a0..a1 + 1, b0..b1 + 1)
}

fn reordered(group: &[(u32, u32)]) -> bool {
    let mut g = group.to_vec();
    g.sort_unstable();
    g.windows(2).any(|w| w[1].1 < w[0].1 && w[1].0 > w[0].0)
}

/// Validated fragments of `seeds`, shrinking the gaps until each passes.
fn extend(
    p: &Pair<'_>,
    seeds: Vec<(u32, u32)>,
    gap_a: u32,
    gap_b: u32,
    budget: &mut Budget,
    out: &mut Vec<Fragment>,
) {
    for group in cluster(seeds, gap_a, gap_b, budget) {
        let (a, b) = span(&group);
        let Some(sim) = p.similarity(a.clone(), b.clone(), budget) else {
            return;
        };
        let single = group.len() == 1;
        if sim > VALID_COSINE && (!single || sim >= SINGLE_SEED_COSINE) {
            let shape = if reordered(&group) {
                Shape::Reordered
            } else {
                Shape::InOrder
            };
            out.push(Fragment {
                a,
                b,
                similarity: sim,
                shape,
            });
        } else if !single && (gap_a > 0 || gap_b > 0) {
            extend(
                p,
                group,
                gap_a.saturating_sub(1),
                gap_b.saturating_sub(1),
                budget,
                out,
            );
        }
    }
}

/// Tokens before each unit, and the total.
fn prefix_sums(units: &[Unit]) -> Vec<u32> {
    let mut out = Vec::with_capacity(units.len() + 1);
    let mut n = 0u32;
    out.push(0);
    for u in units {
        n += u.tokens.len() as u32;
        out.push(n);
    }
    out
}

fn overlaps(x: &Range<u32>, y: &Range<u32>) -> bool {
    x.start < y.end && y.start < x.end
}

fn contains(x: &Range<u32>, y: &Range<u32>) -> bool {
    x.start <= y.start && y.end <= x.end
}

/// Fragments shared by two documents' units; `vocabulary` is the number of
/// word ids in use. `tokens_b` is B's length when its units are an excerpt
/// of a longer text (a summary spans a share of the whole text).
pub(super) fn fragments(
    ua: &[Unit],
    ub: &[Unit],
    vocabulary: usize,
    tokens_b: Option<u32>,
    budget: &mut Budget,
) -> Vec<Fragment> {
    let n = (ua.len() + ub.len()) as f64;
    let mut df = vec![0u32; vocabulary];
    for u in ua.iter().chain(ub) {
        for &(w, _) in &u.words {
            if let Some(d) = df.get_mut(w as usize) {
                *d += 1;
            }
        }
    }
    // Worked out once per frequency: words share few of them, and a
    // logarithm per word was most of this step.
    let by_df: Vec<f64> = (0..=df.iter().copied().max().unwrap_or(0))
        .map(|d| (n / f64::from(d.max(1))).ln().max(0.0))
        .collect();
    let isf: Vec<f64> = df.iter().map(|&d| by_df[d as usize]).collect();
    let p = Pair {
        ua,
        ub,
        isf,
        before_a: prefix_sums(ua),
        before_b: prefix_sums(ub),
    };
    let all = seeds(&p, budget);
    // Ordinary mode keeps a seed only when it is close to the best match of
    // both its units, so a sentence similar to several others does not
    // stretch a fragment over its neighbours.
    let mut best_a = vec![0.0f64; ua.len()];
    let mut best_b = vec![0.0f64; ub.len()];
    let strong: Vec<(u32, u32, f64)> = all
        .iter()
        .filter(|s| s.2 > SEED_COSINE && s.3 > SEED_DICE)
        .map(|&(i, j, c, _)| (i, j, c))
        .collect();
    for &(i, j, c) in &strong {
        best_a[i as usize] = best_a[i as usize].max(c);
        best_b[j as usize] = best_b[j as usize].max(c);
    }
    let mutual: Vec<(u32, u32)> = strong
        .iter()
        .filter(|&&(i, j, c)| {
            c >= BEST_SHARE * best_a[i as usize] && c >= BEST_SHARE * best_b[j as usize]
        })
        .map(|&(i, j, _)| (i, j))
        .collect();
    let mut found = Vec::new();
    extend(&p, mutual, GAP, GAP, budget, &mut found);
    // Summary mode uses every seed: one summary sentence stands for several.
    let seeds: Vec<(u32, u32)> = all.iter().map(|&(i, j, _, _)| (i, j)).collect();
    let mut summaries = Vec::new();
    extend(
        &p,
        seeds,
        SUMMARY_GAP_A,
        SUMMARY_GAP_B,
        budget,
        &mut summaries,
    );
    let total_b = f64::from(tokens_b.unwrap_or_else(|| p.tokens_b(&(0..ub.len() as u32))));
    for mut f in summaries {
        if !budget.spend(found.len() as u64 + 1) {
            break;
        }
        let (ta, tb) = (f64::from(p.tokens_a(&f.a)), f64::from(p.tokens_b(&f.b)));
        if tb < SUMMARY_RATIO * ta || tb < SUMMARY_SPREAD * total_b || f.a.len() < SUMMARY_MIN_UNITS
        {
            continue;
        }
        // An ordinary fragment covering nearly all of the candidate's A
        // side already explains it: A copies that part of B, it does not
        // condense the rest.
        let widest = found
            .iter()
            .filter(|g| contains(&f.a, &g.a) && contains(&f.b, &g.b))
            .map(|g| p.tokens_a(&g.a))
            .max()
            .unwrap_or(0);
        if f64::from(widest) >= SUMMARY_EXPLAINED * ta {
            continue;
        }
        f.shape = Shape::Summary;
        found.retain(|g| !(contains(&f.a, &g.a) && contains(&f.b, &g.b)));
        found.push(f);
    }
    // Larger fragments first; of those overlapping in A, the first wins.
    let size = |f: &Fragment| p.tokens_a(&f.a) + p.tokens_b(&f.b);
    found.sort_by(|x, y| {
        size(y)
            .cmp(&size(x))
            .then(y.similarity.total_cmp(&x.similarity))
            .then((x.a.start, x.b.start).cmp(&(y.a.start, y.b.start)))
    });
    let mut kept: Vec<Fragment> = Vec::new();
    for f in found {
        if !budget.spend(kept.len() as u64 + 1) {
            break;
        }
        let short = p.tokens_a(&f.a).min(p.tokens_b(&f.b)) < MIN_FRAGMENT_TOKENS;
        if !short && kept.iter().all(|k| !overlaps(&k.a, &f.a)) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| (f.a.start, f.b.start));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(words: &[u32]) -> Unit {
        let mut w: Vec<(u32, u32)> = words.iter().map(|&x| (x, 1)).collect();
        w.sort_unstable();
        // Ten tokens per unit, so three units make a reportable fragment.
        Unit {
            tokens: 0..10,
            words: w,
        }
    }

    #[test]
    fn budget_runs_out_once() {
        let mut b = Budget::new(10);
        assert!(b.spend(6));
        assert!(!b.spend(6));
        assert!(!b.spend(1));
        assert!(b.exhausted());
    }

    #[test]
    fn split_on_gaps() {
        let g = vec![(0, 0), (1, 1), (7, 2), (8, 3)];
        assert_eq!(split(g.clone(), |s| s.0, 4).len(), 2);
        assert_eq!(split(g, |s| s.1, 4).len(), 1);
    }

    #[test]
    fn similar_units_make_one_fragment() {
        // A: 0 1 2 3 ; B: x x 0' 1' 2' x — shared words in units 0..3.
        let ua: Vec<Unit> = (0..4)
            .map(|k| unit(&[k * 10, k * 10 + 1, k * 10 + 2, k * 10 + 3]))
            .collect();
        let mut ub: Vec<Unit> = vec![unit(&[100, 101, 102]), unit(&[110, 111, 112])];
        ub.extend((0..3).map(|k| unit(&[k * 10, k * 10 + 1, k * 10 + 2, 200 + k])));
        ub.push(unit(&[120, 121, 122]));
        let mut budget = Budget::new(1_000_000);
        let f = fragments(&ua, &ub, 300, None, &mut budget);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].a.clone(), f[0].b.clone()), (0..3, 2..5));
        assert_eq!(f[0].shape, Shape::InOrder);
        assert!(!budget.exhausted());
        let mut none = Budget::new(0);
        assert!(fragments(&ua, &ub, 300, None, &mut none).is_empty());
        assert!(none.exhausted());
    }
}
