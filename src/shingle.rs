//! Stage 2: tokens → word k-shingles.
//!
//! A shingle is `k` consecutive tokens (stopwords skipped when they are
//! marked), hashed with [`crate::hash::shingle`] over the token keys. Each
//! shingle knows the token range it covers, so anything found through
//! shingles maps back to text. `n` usable tokens give `max(0, n - k + 1)`
//! shingles; a text shorter than `k` words has none, and callers treat an
//! empty set explicitly rather than as a match.
//!
//! Default `k` is [`DEFAULT_K`]; see its docs for how it was chosen.

use crate::hash;
use crate::text::Token;

/// Default shingle size in words.
///
/// Measured on the PAN 2013 training corpus with the default aligner
/// (numbers in `benches/README.md`): plagdet on verbatim reuse is 0.964 for
/// k = 3 and 0.966 for k = 4 to 8; over the whole corpus every k from 3 to
/// 8 lies between 0.904 and 0.906, because reworded reuse is found by
/// sentence similarity, not by shingles. Shorter shingles match by chance
/// more often (phrases such as "one of the"), which inflates Jaccard,
/// containment and MinHash between unrelated texts; k = 5 is within 0.0002
/// of the best on both measures.
pub const DEFAULT_K: usize = 5;

/// One shingle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shingle {
    /// Hash of the `k` token keys.
    pub hash: u64,
    /// Index of its first token.
    pub start: u32,
    /// One past the index of its last token.
    pub end: u32,
}

/// All shingles of `tokens`, in text order. Tokens marked as stopwords are
/// skipped (they still lie inside a shingle's token range).
pub fn shingles(tokens: &[Token], k: usize) -> Vec<Shingle> {
    let k = k.max(1);
    if !tokens.iter().any(|t| t.stop) {
        // No token skipped (the signatures' hot path): hash windows of the
        // tokens in place, without the shingler's queue; same shingles.
        return tokens
            .windows(k)
            .enumerate()
            .map(|(w, window)| Shingle {
                hash: hash::shingle_of_keys(window.iter().map(|t| t.key)),
                start: w as u32,
                end: (w + k) as u32,
            })
            .collect();
    }
    let mut shingler = Shingler::new(k);
    let n = tokens.len().saturating_sub(shingler.k - 1);
    let mut out = Vec::with_capacity(n);
    for (i, t) in tokens.iter().enumerate() {
        out.extend(shingler.push(i as u32, t));
    }
    out
}

/// Shingles made one token at a time, for text too large to hold its
/// tokens: fed a document's tokens in order, it gives exactly the shingles
/// of [`shingles`].
#[derive(Debug, Clone)]
pub struct Shingler {
    k: usize,
    /// Keys and token indices of the tokens that are not stopwords, the
    /// last `k` of them at the end. A buffer of `2k` slid back by one copy
    /// every `k` tokens keeps the window contiguous for the hash.
    keys: Vec<u64>,
    indices: Vec<u32>,
}

impl Shingler {
    /// A shingler of `k` words (at least 1).
    pub fn new(k: usize) -> Self {
        let k = k.max(1);
        Shingler {
            k,
            keys: Vec::with_capacity(2 * k),
            indices: Vec::with_capacity(2 * k),
        }
    }

    /// Feed token number `index`; the shingle it completes, if any.
    pub fn push(&mut self, index: u32, token: &Token) -> Option<Shingle> {
        if token.stop {
            return None;
        }
        let k = self.k;
        if self.keys.len() == 2 * k {
            self.keys.copy_within(k.., 0);
            self.keys.truncate(k);
            self.indices.copy_within(k.., 0);
            self.indices.truncate(k);
        }
        self.keys.push(token.key);
        self.indices.push(index);
        let n = self.keys.len();
        (n >= k).then(|| Shingle {
            hash: hash::shingle(&self.keys[n - k..]),
            start: self.indices[n - k],
            end: index + 1,
        })
    }
}

/// The set of shingle hashes: sorted, without duplicates.
pub fn hash_set(shingles: &[Shingle]) -> Vec<u64> {
    let mut set: Vec<u64> = shingles.iter().map(|s| s.hash).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Size of the intersection of two sorted lists. With duplicates it is the
/// multiset intersection: a value counts as often as it occurs in both.
pub fn intersection_len<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    intersection_at_least(a, b, 0).unwrap_or(0)
}

/// Sort the shingle hashes `v` and keep each once: the set that exact
/// verification reads.
///
/// Shingle hashes are uniform, so one counting pass on their top bits,
/// with about one value per bucket, leaves only tiny buckets to sort; on
/// sets of hundreds of hashes and more this is several times faster than a
/// comparison sort. Skewed values only make bigger buckets, each sorted
/// with `sort_unstable`: the result is that of `sort_unstable` and `dedup`
/// on any input.
pub fn sort_set(v: &mut Vec<u64>) {
    const MIN_BUCKETED: usize = 256;
    if v.len() < MIN_BUCKETED {
        v.sort_unstable();
        v.dedup();
        return;
    }
    // ceil(log2(len)) bits: a bucket per value, on average.
    let bits = (usize::BITS - (v.len() - 1).leading_zeros()).min(20);
    let shift = 64 - bits;
    let mut ends = vec![0u32; 1 << bits];
    for &x in v.iter() {
        ends[(x >> shift) as usize] += 1;
    }
    let mut at = 0u32;
    for e in ends.iter_mut() {
        let count = *e;
        *e = at;
        at += count;
    }
    // `ends` holds each bucket's start; filling moves it to the bucket's end.
    let mut out = vec![0u64; v.len()];
    for &x in v.iter() {
        let b = &mut ends[(x >> shift) as usize];
        out[*b as usize] = x;
        *b += 1;
    }
    let mut start = 0usize;
    for &end in &ends {
        let bucket = &mut out[start..end as usize];
        match bucket.len() {
            0 | 1 => {}
            2 => {
                if bucket[0] > bucket[1] {
                    bucket.swap(0, 1);
                }
            }
            _ => bucket.sort_unstable(),
        }
        start = end as usize;
    }
    out.dedup();
    *v = out;
}

/// [`intersection_len`] when it is at least `need`; `None` as soon as the
/// elements left cannot reach it. Exact verification of candidate pairs
/// reads most unrelated pairs only in part this way.
pub fn intersection_at_least<T: Ord + Copy>(a: &[T], b: &[T], need: usize) -> Option<usize> {
    let (mut i, mut j, mut n) = (0, 0, 0);
    loop {
        if n + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
        if i == a.len() || j == b.len() {
            return Some(n);
        }
        // Without branches on the comparison, which random hashes would
        // mispredict half the time; the bound is checked between blocks.
        for _ in 0..64 {
            let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) else {
                break;
            };
            n += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
    }
}

/// [`intersection_at_least`] of two sets of shingle hashes (sorted, each
/// once), with AVX2 where the CPU has it (checked at run time): blocks of
/// four values of each set are compared all against all, and the block
/// with the smaller last value moves on. Exact verification spends most of
/// its time here.
pub fn hashes_at_least(a: &[u64], b: &[u64], need: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        #[allow(unsafe_code)]
        return unsafe { hashes_at_least_avx2(a, b, need) };
    }
    intersection_at_least(a, b, need)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn hashes_at_least_avx2(a: &[u64], b: &[u64], need: usize) -> Option<usize> {
    use std::arch::x86_64::{
        __m256i, _mm256_castsi256_pd, _mm256_cmpeq_epi64, _mm256_movemask_pd, _mm256_or_si256,
        _mm256_permute4x64_epi64, _mm256_set_epi64x,
    };
    let load = |s: &[u64]| -> __m256i {
        _mm256_set_epi64x(s[3] as i64, s[2] as i64, s[1] as i64, s[0] as i64)
    };
    let (mut i, mut j, mut n) = (0usize, 0usize, 0usize);
    while i + 4 <= a.len() && j + 4 <= b.len() {
        // Matches still possible lie in a[i..] and b[j..].
        if n + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
        for _ in 0..16 {
            if i + 4 > a.len() || j + 4 > b.len() {
                break;
            }
            let (x, y) = (load(&a[i..i + 4]), load(&b[j..j + 4]));
            let eq = _mm256_or_si256(
                _mm256_or_si256(
                    _mm256_cmpeq_epi64(x, y),
                    _mm256_cmpeq_epi64(x, _mm256_permute4x64_epi64::<0b00_11_10_01>(y)),
                ),
                _mm256_or_si256(
                    _mm256_cmpeq_epi64(x, _mm256_permute4x64_epi64::<0b01_00_11_10>(y)),
                    _mm256_cmpeq_epi64(x, _mm256_permute4x64_epi64::<0b10_01_00_11>(y)),
                ),
            );
            // Values are distinct within a set: a lane of x matches at most
            // one value of y.
            n += _mm256_movemask_pd(_mm256_castsi256_pd(eq)).count_ones() as usize;
            let (x_last, y_last) = (a[i + 3], b[j + 3]);
            i += 4 * usize::from(x_last <= y_last);
            j += 4 * usize::from(y_last <= x_last);
        }
    }
    // The blocks at i and j have not met: the matches left are in the tails.
    intersection_at_least(&a[i..], &b[j..], need.saturating_sub(n)).map(|m| n + m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Pipeline, TextOptions};

    fn toks(text: &str, stop: bool) -> Vec<Token> {
        Pipeline::new(TextOptions {
            remove_stopwords: stop,
            ..TextOptions::default()
        })
        .document(text)
        .unwrap()
        .tokens()
        .to_vec()
    }

    #[test]
    fn counts_and_ranges() {
        let t = toks("a b c d e f g", false);
        let s = shingles(&t, 3);
        assert_eq!(s.len(), 5);
        assert_eq!((s[0].start, s[0].end), (0, 3));
        assert_eq!((s[4].start, s[4].end), (4, 7));
        assert!(shingles(&t, 8).is_empty());
        assert_eq!(shingles(&t, 7).len(), 1);
        assert!(shingles(&[], 3).is_empty());
    }

    #[test]
    fn same_words_same_hash() {
        let a = shingles(&toks("The Taliban’s return", false), 3);
        let b = shingles(&toks("the TALIBAN'S return", false), 3);
        assert_eq!(a[0].hash, b[0].hash);
    }

    #[test]
    fn stopwords_are_skipped_inside_ranges() {
        let t = toks("return of the taliban to power", true);
        let s = shingles(&t, 3);
        // content words: return, taliban, power
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].start, s[0].end), (0, 6));
    }

    #[test]
    fn shingler_gives_the_shingles_of_the_whole_slice() {
        let text = "The return of the Taliban to power in Kabul was recognised by Moscow, \
                    the first of the major powers to do so, on Thursday.";
        for stop in [false, true] {
            let t = toks(text, stop);
            for k in 1..=6 {
                let mut shingler = Shingler::new(k);
                let streamed: Vec<Shingle> = t
                    .iter()
                    .enumerate()
                    .filter_map(|(i, tok)| shingler.push(i as u32, tok))
                    .collect();
                assert_eq!(streamed, shingles(&t, k), "stopwords {stop}, k {k}");
            }
        }
    }

    #[test]
    fn set_ops() {
        assert_eq!(intersection_len(&[1, 3, 5, 7], &[3, 4, 5]), 2);
        assert_eq!(intersection_len(&[], &[1]), 0);
        assert_eq!(intersection_len(&[1, 1, 2], &[1, 1, 1, 2]), 3);
        let (a, b): (Vec<u32>, Vec<u32>) = ((0..300).collect(), (150..1000).collect());
        assert_eq!(intersection_at_least(&a, &b, 150), Some(150));
        assert_eq!(intersection_at_least(&a, &b, 151), None);
    }

    proptest::proptest! {
        /// Uniform hashes, skewed values (all in the low bits: one bucket)
        /// and repeats all sort as a comparison sort does.
        #[test]
        fn sort_set_is_sort_and_dedup(
            mut v in proptest::collection::vec(proptest::num::u64::ANY, 0..3000),
            low in proptest::collection::vec(0u64..50, 0..600),
            repeat in 0usize..4,
        ) {
            v.extend(low);
            let copy = v[..v.len() / 3].to_vec();
            for _ in 0..repeat {
                v.extend_from_slice(&copy);
            }
            let mut expected = v.clone();
            expected.sort_unstable();
            expected.dedup();
            sort_set(&mut v);
            proptest::prop_assert_eq!(v, expected);
        }
    }

    proptest::proptest! {
        /// The AVX2 blocks count what the scalar merge counts, and stop
        /// where it does.
        #[test]
        fn hashes_at_least_is_intersection_at_least(
            a in proptest::collection::vec(0u64..400, 0..300),
            b in proptest::collection::vec(0u64..400, 0..300),
            need in 0usize..200,
        ) {
            let (mut a, mut b) = (a, b);
            sort_set(&mut a);
            sort_set(&mut b);
            proptest::prop_assert_eq!(
                hashes_at_least(&a, &b, need),
                intersection_at_least(&a, &b, need)
            );
        }
    }
}
