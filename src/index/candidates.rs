//! Band keys → candidate pairs.
//!
//! Documents are dense indices `0..n`; document `i` comes with its band keys
//! ([`super::lsh::band_keys`]), key `b` being the key of band `b`. Two
//! documents are a candidate pair when they hold the same key in the same
//! band. The output is every such pair `(i, j)` with `i < j`, sorted and
//! without duplicates, identical from run to run.
//!
//! # How
//!
//! Band by band, each band on a worker: its `(key, doc)` tuples are
//! sorted, and each run of equal keys (a *bucket*) yields its pairs, which
//! are sorted. The bands' sorted lists are merged, as they come in, into
//! the sorted, deduplicated union; a union does not depend on the order of
//! merging, and no hash map is involved, so nothing depends on the thread
//! count or on iteration order.
//!
//! # The bucket cap
//!
//! A bucket of `m` documents gives `m(m−1)/2` pairs. Text shared by very
//! many documents (boilerplate that survived cleaning, templated pages) can
//! make that quadratic. A bucket with more than `max_bucket` members
//! ([`DEFAULT_MAX_BUCKET`]) therefore does not produce all pairs: each
//! member is paired with the bucket's first (lowest-index) member only, a
//! star of `m − 1` pairs. After verification and [`super::cluster`] the
//! members that verify against the first one still end up in one group;
//! pairs among the other members of that bucket are only found if another
//! band or another verified edge brings them together. [`CandidateStats`]
//! reports how many buckets were capped.
//!
//! # Cost
//!
//! Time `O(bands · n log n + P log P)` for `P` pairs per band, spread over
//! the workers. Memory: the caller's keys (8 bytes per band per document),
//! one band's tuples per worker (16 bytes per document) and the pair lists
//! (8 bytes a pair) being merged: the union and a band's list or two per
//! worker. With 16 bands and two workers that is about 160 bytes per
//! document plus the pairs.

use std::cmp::Ordering;

use rayon::prelude::*;

/// Default bucket cap: buckets with more members than this become stars.
///
/// 2,000 members are about two million pairs for one bucket, verified in
/// seconds; identical files (licence texts, copied sources) make buckets of
/// a thousand and more in real corpora, and a star over them misses pairs
/// of members that are near-duplicates of each other but not of the first
/// (on the 160k-document benchmark corpus a cap of 200 kept 0.96 of the
/// exact pairs in one cluster, 2,000 all of them), while a bucket of
/// boilerplate can hold a large share of a corpus.
pub const DEFAULT_MAX_BUCKET: usize = 2000;

/// Counts from one [`candidate_pairs`] run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CandidateStats {
    /// Bands processed (the most keys any document has).
    pub bands: u32,
    /// Documents with at least one key.
    pub documents: u64,
    /// Buckets with at least two members, over all bands.
    pub buckets: u64,
    /// Of those, the buckets over the cap (turned into stars).
    pub capped_buckets: u64,
    /// Members of the largest bucket.
    pub largest_bucket: u64,
    /// Distinct candidate pairs.
    pub pairs: u64,
}

/// Candidate pairs with their counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Pairs `(i, j)` with `i < j`, sorted, without duplicates.
    pub pairs: Vec<(u32, u32)>,
    /// What the run saw.
    pub stats: CandidateStats,
}

/// The candidate pairs of documents `0..keys.len()`, where `keys[i]` holds
/// document `i`'s band keys in band order (an empty list for an empty
/// document, which never becomes a candidate). Buckets over `max_bucket`
/// members become stars (see the [module docs](self)).
///
/// # Panics
///
/// If there are more than `u32::MAX` documents.
pub fn candidate_pairs<K: AsRef<[u64]> + Sync>(keys: &[K], max_bucket: usize) -> Candidates {
    weighted_candidate_pairs(keys, |_| 1, max_bucket)
}

/// [`candidate_pairs`] of items that stand for `weight(i)` documents each
/// (documents with one text, whose keys are the same): a bucket's size,
/// and so the cap and the counts, is that of its documents, while the pairs
/// are pairs of items (an item's documents pair among themselves too, which
/// the caller knows). `stats.pairs` counts the item pairs. A capped
/// bucket's star is one of items, not of documents: with `capped_buckets`
/// above 0, [`candidate_pairs`] of the documents gives the documents' pairs.
pub fn weighted_candidate_pairs<K: AsRef<[u64]> + Sync>(
    keys: &[K],
    weight: impl Fn(usize) -> u64 + Sync,
    max_bucket: usize,
) -> Candidates {
    assert!(
        keys.len() <= u32::MAX as usize,
        "at most {} documents can be indexed",
        u32::MAX
    );
    let bands = keys.iter().map(|k| k.as_ref().len()).max().unwrap_or(0);
    let mut stats = CandidateStats {
        bands: bands as u32,
        documents: (0..keys.len())
            .filter(|&i| !keys[i].as_ref().is_empty())
            .map(&weight)
            .sum(),
        ..CandidateStats::default()
    };
    // Bands are independent: each gives its sorted pairs and bucket
    // counts on a worker, and the union is merged as the lists come in
    // (the union and the counts do not depend on the order).
    let band = |band: usize| -> (Vec<(u32, u32)>, CandidateStats) {
        let mut counts = CandidateStats::default();
        let mut tuples: Vec<(u64, u32)> = keys
            .iter()
            .enumerate()
            .filter_map(|(doc, k)| k.as_ref().get(band).map(|&key| (key, doc as u32)))
            .collect();
        tuples.sort_unstable();
        let mut band_pairs: Vec<(u32, u32)> = Vec::new();
        for bucket in tuples.chunk_by(|a, b| a.0 == b.0) {
            let m: u64 = bucket.iter().map(|&(_, i)| weight(i as usize)).sum();
            if m < 2 {
                continue;
            }
            counts.buckets += 1;
            counts.largest_bucket = counts.largest_bucket.max(m);
            if m > max_bucket as u64 {
                counts.capped_buckets += 1;
                let first = bucket[0].1;
                band_pairs.extend(bucket[1..].iter().map(|&(_, doc)| (first, doc)));
            } else {
                for (x, &(_, a)) in bucket.iter().enumerate() {
                    band_pairs.extend(bucket[x + 1..].iter().map(|&(_, b)| (a, b)));
                }
            }
        }
        // A document has one key per band, so a band holds no repeated pair.
        band_pairs.sort_unstable();
        (band_pairs, counts)
    };
    let union = |(a, x): (Vec<(u32, u32)>, CandidateStats),
                 (b, y): (Vec<(u32, u32)>, CandidateStats)| {
        let mut merged = Vec::new();
        merge_into(&a, &b, &mut merged);
        let counts = CandidateStats {
            buckets: x.buckets + y.buckets,
            capped_buckets: x.capped_buckets + y.capped_buckets,
            largest_bucket: x.largest_bucket.max(y.largest_bucket),
            ..CandidateStats::default()
        };
        (merged, counts)
    };
    let (pairs, counts) = (0..bands)
        .into_par_iter()
        .map(band)
        .reduce(|| (Vec::new(), CandidateStats::default()), union);
    stats.buckets = counts.buckets;
    stats.capped_buckets = counts.capped_buckets;
    stats.largest_bucket = counts.largest_bucket;
    stats.pairs = pairs.len() as u64;
    Candidates { pairs, stats }
}

/// `out` = the sorted union of two sorted, duplicate-free lists.
pub(crate) fn merge_into(a: &[(u32, u32)], b: &[(u32, u32)], out: &mut Vec<(u32, u32)>) {
    out.clear();
    out.reserve(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_hand_example() {
        // Band 0: {0, 2} share 10; band 1: {1, 2, 3} share 20; band 2: {0, 2}
        // again. Document 4 is empty; 5 has one band only.
        let keys: Vec<Vec<u64>> = vec![
            vec![10, 11, 30],
            vec![12, 20, 31],
            vec![10, 20, 30],
            vec![13, 20, 32],
            vec![],
            vec![14],
        ];
        let c = candidate_pairs(&keys, DEFAULT_MAX_BUCKET);
        assert_eq!(c.pairs, [(0, 2), (1, 2), (1, 3), (2, 3)]);
        assert_eq!(
            c.stats,
            CandidateStats {
                bands: 3,
                documents: 5,
                buckets: 3,
                capped_buckets: 0,
                largest_bucket: 3,
                pairs: 4,
            }
        );
    }

    /// Items standing for several documents give the counts of those
    /// documents and the pairs of the items.
    #[test]
    fn weighted_items_count_their_documents() {
        // Item 0 stands for 3 documents, item 1 for 1, item 2 for 2.
        let keys: Vec<Vec<u64>> = vec![vec![10, 20], vec![10, 21], vec![11, 22]];
        let w = [3u64, 1, 2];
        let c = weighted_candidate_pairs(&keys, |i| w[i], DEFAULT_MAX_BUCKET);
        assert_eq!(c.pairs, [(0, 1)]);
        // Buckets of two documents or more: {0, 1} (4), {0} (3), {2} twice.
        assert_eq!(c.stats.buckets, 4);
        assert_eq!(c.stats.largest_bucket, 4);
        assert_eq!(c.stats.documents, 6);
        assert_eq!(c.stats.capped_buckets, 0);
        let capped = weighted_candidate_pairs(&keys, |i| w[i], 3);
        assert_eq!(capped.stats.capped_buckets, 1);
    }

    #[test]
    fn same_key_in_other_band_is_no_match() {
        let keys = [vec![1, 2], vec![2, 1]];
        assert!(candidate_pairs(&keys, 10).pairs.is_empty());
    }

    #[test]
    fn nothing_in_nothing_out() {
        let none: [Vec<u64>; 0] = [];
        assert_eq!(candidate_pairs(&none, 10), Candidates::default());
        let empty = [Vec::<u64>::new(), Vec::new()];
        assert!(candidate_pairs(&empty, 10).pairs.is_empty());
    }

    #[test]
    fn cap_makes_a_star() {
        // Documents 1..=5 share key 7 in band 0; with a cap of 3 they link
        // to document 1 only. Band 1 pairs 3 and 5 on its own.
        let mut keys: Vec<Vec<u64>> = (0..6).map(|i| vec![100 + i, 200 + i]).collect();
        for k in &mut keys[1..] {
            k[0] = 7;
        }
        keys[5][1] = 203;
        let c = candidate_pairs(&keys, 3);
        assert_eq!(c.pairs, [(1, 2), (1, 3), (1, 4), (1, 5), (3, 5)]);
        assert_eq!(c.stats.capped_buckets, 1);
        assert_eq!(c.stats.largest_bucket, 5);
        // At the cap itself, all pairs.
        let c = candidate_pairs(&keys, 5);
        assert_eq!(c.pairs.len(), 10);
        assert_eq!(c.stats.capped_buckets, 0);
    }

    #[test]
    fn input_order_of_slices_does_not_matter() {
        let flat: Vec<u64> = vec![1, 2, 1, 3, 4, 2];
        let views: Vec<&[u64]> = flat.chunks(2).collect();
        let owned: Vec<Vec<u64>> = flat.chunks(2).map(<[u64]>::to_vec).collect();
        assert_eq!(candidate_pairs(&views, 10), candidate_pairs(&owned, 10));
        assert_eq!(candidate_pairs(&views, 10).pairs, [(0, 1), (0, 2)]);
    }

    #[test]
    fn merge_is_a_sorted_union() {
        let mut out = Vec::new();
        merge_into(
            &[(0, 1), (0, 3), (2, 5)],
            &[(0, 2), (0, 3), (4, 5)],
            &mut out,
        );
        assert_eq!(out, [(0, 1), (0, 2), (0, 3), (2, 5), (4, 5)]);
    }
}
