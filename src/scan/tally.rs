//! Counting 32-bit keys in little memory: how many documents hold each
//! boilerplate candidate, over millions of documents.
//!
//! A hash map of counts takes about 18 bytes for each distinct key, and
//! most candidates of a news corpus (first and last sentences of
//! paragraphs) occur once; a plain list of every occurrence takes 4 bytes
//! each but grows without bound on corpora that repeat lines (licences,
//! templates). A tally keeps, per slice of the key range, the keys seen
//! once in a sorted list (4 bytes each), the keys seen more often with
//! their counts (8 bytes each), and a small unsorted buffer of new keys,
//! merged in when it reaches an eighth of the slice. No crate offers this
//! exact-count structure with that memory profile; it is a few merges of
//! sorted lists.

use std::cmp::Ordering;

/// The key range is cut into `2^SLICE_BITS` slices, merged separately so
/// a merge holds two copies of one slice only.
const SLICE_BITS: u32 = 8;
/// Smallest buffer merged into a slice.
const MIN_PENDING: usize = 1024;

#[derive(Debug, Default, Clone)]
struct Slice {
    pending: Vec<u32>,
    once: Vec<u32>,
    many: Vec<(u32, u32)>,
}

impl Slice {
    fn merge(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut new = std::mem::take(&mut self.pending);
        new.sort_unstable();
        let (old_once, old_many) = (
            std::mem::take(&mut self.once),
            std::mem::take(&mut self.many),
        );
        let merged = || {
            merge_counts(
                new.chunk_by(|a, b| a == b).map(|r| (r[0], r.len() as u32)),
                merge_counts(old_once.iter().map(|&k| (k, 1)), old_many.iter().copied()),
            )
        };
        // Counted first so that both lists are allocated at their size.
        let ones = merged().filter(|p| p.1 == 1).count();
        let mut once = Vec::with_capacity(ones);
        let mut many = Vec::new();
        for (k, c) in merged() {
            if c == 1 {
                once.push(k);
            } else {
                many.push((k, c));
            }
        }
        many.shrink_to_fit();
        self.once = once;
        self.many = many;
    }
}

/// Merge two lists of (key, count) sorted by key (each key once).
fn merge_counts(
    a: impl Iterator<Item = (u32, u32)>,
    b: impl Iterator<Item = (u32, u32)>,
) -> impl Iterator<Item = (u32, u32)> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (None, None) => None,
        (Some(_), None) => a.next(),
        (None, Some(_)) => b.next(),
        (Some(x), Some(y)) => match x.0.cmp(&y.0) {
            Ordering::Less => a.next(),
            Ordering::Greater => b.next(),
            Ordering::Equal => {
                let (k, c) = a.next()?;
                let (_, d) = b.next()?;
                Some((k, c + d))
            }
        },
    })
}

/// Exact counts of 32-bit keys (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    slices: Vec<Slice>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            slices: vec![Slice::default(); 1 << SLICE_BITS],
        }
    }
}

impl Tally {
    /// Count one occurrence of `key`.
    pub(crate) fn add(&mut self, key: u32) {
        let s = &mut self.slices[(key >> (32 - SLICE_BITS)) as usize];
        s.pending.push(key);
        if s.pending.len() >= MIN_PENDING.max(s.once.len() / 8) {
            s.merge();
        }
    }

    /// The keys counted at least `min` times (`min` ≥ 2), sorted.
    pub(crate) fn at_least(mut self, min: u32) -> Vec<u32> {
        let mut out = Vec::new();
        for s in &mut self.slices {
            s.merge();
            out.extend(s.many.iter().filter(|p| p.1 >= min).map(|p| p.0));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    proptest::proptest! {
        #[test]
        fn counts_like_a_map(keys in proptest::collection::vec(0u32..5000, 0..6000), min in 2u32..5) {
            let mut t = Tally::default();
            let mut m: BTreeMap<u32, u32> = BTreeMap::new();
            for &k in &keys {
                // Spread the keys over the slices.
                let k = k.wrapping_mul(0x9E37_79B9);
                t.add(k);
                *m.entry(k).or_default() += 1;
            }
            let want: Vec<u32> = m.iter().filter(|e| *e.1 >= min).map(|e| *e.0).collect();
            proptest::prop_assert_eq!(t.at_least(min), want);
        }
    }

    #[test]
    fn many_merges_keep_exact_counts() {
        let mut t = Tally::default();
        for round in 0..3u32 {
            for k in 0..200_000u32 {
                if round < 2 || k % 2 == 0 {
                    t.add(k.wrapping_mul(2_654_435_761));
                }
            }
        }
        assert_eq!(t.clone().at_least(3).len(), 100_000);
        assert_eq!(t.at_least(2).len(), 200_000);
    }
}
