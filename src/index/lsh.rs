//! LSH banding: the S-curve, the choice of `bands × rows`, band keys.
//!
//! A signature of `num_perm` MinHash values is cut into `bands` bands of
//! `rows` consecutive values (`bands × rows ≤ num_perm`; values past the
//! last band are unused). Two documents become candidates when all `rows`
//! values of at least one band are equal. For a pair with Jaccard
//! similarity `s`, each value is equal with probability `s`, so
//!
//! ```text
//! P(s) = 1 − (1 − s^r)^b        (probability of becoming a candidate)
//! ```
//!
//! # Choosing `b` and `r`
//!
//! Our contract is recall: a pair at or above the threshold `t` must become
//! a candidate with probability at least 0.99. Precision is restored later by
//! exact verification, so false positives cost only time. [`choose`] looks
//! at every `(b, r)` with `b × r ≤ num_perm` and
//!
//! 1. keeps those whose false-negative probability *at the threshold*,
//!    `1 − P(t)`, is at most [`MAX_FALSE_NEGATIVE`] (1%). `P` rises with
//!    `s`, so every pair above `t` is missed even less often;
//! 2. among them picks the one with the smallest false-positive area
//!    (datasketch's weight of candidates below the threshold):
//!
//!    ```text
//!    FP(b, r) = ∫₀ᵗ P(s) ds            FN(b, r) = ∫ₜ¹ (1 − P(s)) ds
//!    ```
//!
//!    ties go to the smaller false-negative area `FN`, then to more bands;
//! 3. if no `(b, r)` qualifies (few permutations, low threshold), takes the
//!    one with the lowest `1 − P(t)`, ties by `FP`, then to more bands.
//!
//! Unlike datasketch, which minimises a weighted sum of both areas, the
//! false-negative side here is a hard constraint at the threshold: an area
//! can be small while pairs just above `t` are still missed often.
//!
//! The integrals are computed with composite Simpson's rule over
//! [`INTEGRATION_STEPS`] intervals (`P` is a smooth polynomial in `s`).
//! For a fixed `r`, both `P(t)` and `FP` grow with `b`, so only the smallest
//! qualifying `b` of each `r` can win; [`choose`] evaluates the area for that
//! one only, which makes the search `O(num_perm)` area evaluations.
//!
//! Worked example, `t = 0.8`, 128 values: `b = 16, r = 6` (96 values
//! used), `P(0.8) = 0.99228`, so the false-negative rate at the threshold is
//! 0.77%; `FP = 0.219`, `FN = 0.00015`; a pair at `s = 0.5` is a candidate
//! with probability 0.22, at `s = 0.3` with 0.012.

use serde::{Deserialize, Serialize};

use crate::hash;
use crate::sketch::Signature;

/// Largest false-negative probability at the threshold that [`choose`]
/// accepts.
pub const MAX_FALSE_NEGATIVE: f64 = 0.01;

/// Number of intervals of the Simpson integration (even).
pub const INTEGRATION_STEPS: u32 = 512;

/// How a signature is cut into bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LshParams {
    /// Number of bands (keys per document).
    pub bands: u32,
    /// MinHash values per band.
    pub rows: u32,
}

impl LshParams {
    /// Signature values used: `bands × rows`.
    pub fn used_perms(&self) -> u64 {
        u64::from(self.bands) * u64::from(self.rows)
    }
}

/// Probability that a pair with Jaccard similarity `s` shares at least one
/// band: `1 − (1 − s^rows)^bands`.
pub fn probability(s: f64, bands: u32, rows: u32) -> f64 {
    let s = s.clamp(0.0, 1.0);
    1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32)
}

/// Probability that a pair exactly at `threshold` is missed:
/// `1 − P(threshold)`. An upper bound for every pair above it.
pub fn false_negative_rate(threshold: f64, params: LshParams) -> f64 {
    1.0 - probability(threshold, params.bands, params.rows)
}

/// False-positive area `∫₀ᵗ P(s) ds`: how much of the S-curve lies below
/// the threshold.
pub fn false_positive_area(threshold: f64, params: LshParams) -> f64 {
    let t = clamp_threshold(threshold);
    simpson(|s| probability(s, params.bands, params.rows), 0.0, t)
}

/// False-negative area `∫ₜ¹ (1 − P(s)) ds`: how much of the S-curve is
/// missing above the threshold.
pub fn false_negative_area(threshold: f64, params: LshParams) -> f64 {
    let t = clamp_threshold(threshold);
    simpson(|s| 1.0 - probability(s, params.bands, params.rows), t, 1.0)
}

/// The banding for a Jaccard `threshold` and signatures of `num_perm`
/// values, by the rule in the [module docs](self). `threshold` is clamped to
/// `[0, 1]` (NaN counts as 0); `num_perm` 0 counts as 1.
pub fn choose(threshold: f64, num_perm: u32) -> LshParams {
    let t = clamp_threshold(threshold);
    let n = num_perm.max(1);
    // (fp area, fn area, params) of the best qualifying choice so far.
    let mut best: Option<(f64, f64, LshParams)> = None;
    // (fn at t, fp area, params) of the best fallback so far.
    let mut fallback: Option<(f64, f64, LshParams)> = None;
    for rows in 1..=n {
        let max_bands = n / rows;
        // The smallest qualifying b for this r, if any (P(t) grows with b).
        let qualifying = (1..=max_bands)
            .find(|&bands| false_negative_rate(t, LshParams { bands, rows }) <= MAX_FALSE_NEGATIVE);
        match qualifying {
            Some(bands) => {
                let p = LshParams { bands, rows };
                let (fp, fna) = (false_positive_area(t, p), false_negative_area(t, p));
                let better = match best {
                    None => true,
                    Some((bfp, bfn, bp)) => {
                        fp < bfp || (fp == bfp && (fna < bfn || (fna == bfn && bands > bp.bands)))
                    }
                };
                if better {
                    best = Some((fp, fna, p));
                }
            }
            None if best.is_none() => {
                // Lowest miss rate for this r: as many bands as fit.
                let p = LshParams {
                    bands: max_bands,
                    rows,
                };
                let (fnr, fp) = (false_negative_rate(t, p), false_positive_area(t, p));
                let better = match fallback {
                    None => true,
                    Some((bfn, bfp, bp)) => {
                        fnr < bfn || (fnr == bfn && (fp < bfp || (fp == bfp && p.bands > bp.bands)))
                    }
                };
                if better {
                    fallback = Some((fnr, fp, p));
                }
            }
            None => {}
        }
    }
    match (best, fallback) {
        (Some((_, _, p)), _) | (None, Some((_, _, p))) => p,
        (None, None) => LshParams { bands: n, rows: 1 },
    }
}

/// One key per band of `sig`, in band order: [`hash::band`] of the band
/// index and its `rows` values.
///
/// An empty signature (a document without shingles) has no keys, so an
/// empty document never becomes a candidate. Only complete bands that fit in
/// the signature are keyed: parameters chosen for a longer signature give
/// fewer keys.
pub fn band_keys(sig: &Signature, p: LshParams) -> Vec<u64> {
    if sig.is_empty() || p.rows == 0 {
        return Vec::new();
    }
    sig.values()
        .chunks_exact(p.rows as usize)
        .take(p.bands as usize)
        .enumerate()
        .map(|(i, values)| hash::band(i as u32, values))
        .collect()
}

fn clamp_threshold(t: f64) -> f64 {
    if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) }
}

/// Composite Simpson's rule over [`INTEGRATION_STEPS`] intervals.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    if b <= a {
        return 0.0;
    }
    let n = INTEGRATION_STEPS;
    let h = (b - a) / f64::from(n);
    let mut sum = f(a) + f(b);
    for i in 1..n {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * f(a + f64::from(i) * h);
    }
    sum * h / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::{MinHasher, SketchParams};

    /// Exhaustive search over every (b, r), the rule as written.
    fn choose_brute(t: f64, n: u32) -> LshParams {
        let mut all = Vec::new();
        for rows in 1..=n {
            for bands in 1..=n / rows {
                all.push(LshParams { bands, rows });
            }
        }
        let ok: Vec<_> = all
            .iter()
            .copied()
            .filter(|&p| false_negative_rate(t, p) <= MAX_FALSE_NEGATIVE)
            .collect();
        if ok.is_empty() {
            let key = |p: &LshParams| {
                (
                    false_negative_rate(t, *p),
                    false_positive_area(t, *p),
                    -(p.bands as i64),
                )
            };
            *all.iter()
                .min_by(|a, b| key(a).partial_cmp(&key(b)).unwrap())
                .unwrap()
        } else {
            let key = |p: &LshParams| {
                (
                    false_positive_area(t, *p),
                    false_negative_area(t, *p),
                    -(p.bands as i64),
                )
            };
            *ok.iter()
                .min_by(|a, b| key(a).partial_cmp(&key(b)).unwrap())
                .unwrap()
        }
    }

    #[test]
    fn choose_for_08_and_128() {
        let p = choose(0.8, 128);
        assert_eq!(p, LshParams { bands: 16, rows: 6 });
        assert!(p.used_perms() <= 128);
        let fnr = false_negative_rate(0.8, p);
        assert!(fnr <= 0.01, "{fnr}");
        assert!((fnr - (1.0 - 0.8f64.powi(6)).powi(16)).abs() < 1e-15);
        assert!((false_positive_area(0.8, p) - 0.2192).abs() < 1e-3);
        // The S-curve rises monotonically from 0 to 1.
        assert_eq!(probability(0.0, p.bands, p.rows), 0.0);
        assert_eq!(probability(1.0, p.bands, p.rows), 1.0);
        let curve: Vec<f64> = (0..=100)
            .map(|i| probability(f64::from(i) / 100.0, p.bands, p.rows))
            .collect();
        assert!(curve.windows(2).all(|w| w[0] <= w[1]));
        // Pairs above the threshold are missed even less often.
        assert!(false_negative_rate(0.9, p) < fnr);
    }

    #[test]
    fn choose_matches_the_exhaustive_rule() {
        for n in [1, 2, 8, 16, 64, 128] {
            for t in [0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0] {
                let p = choose(t, n);
                assert!(p.used_perms() <= u64::from(n), "{t} {n} {p:?}");
                assert_eq!(p, choose_brute(t, n), "threshold {t}, {n} perms");
            }
        }
    }

    #[test]
    fn choose_falls_back_to_the_lowest_miss_rate() {
        // 4 permutations cannot reach 99% at 0.5: 1 − (1 − 0.5)^4 = 0.9375.
        let p = choose(0.5, 4);
        assert_eq!(p, LshParams { bands: 4, rows: 1 });
        assert!(false_negative_rate(0.5, p) > MAX_FALSE_NEGATIVE);
        // Odd inputs still give usable parameters.
        assert!(choose(f64::NAN, 0).used_perms() >= 1);
        assert_eq!(choose(2.0, 128), choose(1.0, 128));
    }

    #[test]
    fn integrals_match_closed_forms() {
        // b = 1: P(s) = s^r, ∫₀ᵗ s^r ds = t^(r+1)/(r+1).
        let p = LshParams { bands: 1, rows: 3 };
        assert!((false_positive_area(0.8, p) - 0.8f64.powi(4) / 4.0).abs() < 1e-12);
        let fna = (1.0 - 0.8) - (1.0 - 0.8f64.powi(4)) / 4.0;
        assert!((false_negative_area(0.8, p) - fna).abs() < 1e-12);
    }

    #[test]
    fn band_keys_follow_the_values() {
        let h = MinHasher::new(SketchParams::default()).unwrap();
        let p = LshParams { bands: 16, rows: 6 };
        let a = h.sketch([1, 2, 3, 4, 5]);
        let ka = band_keys(&a, p);
        assert_eq!(ka.len(), 16);
        assert_eq!(ka, band_keys(&h.sketch([5, 4, 3, 2, 1, 1]), p));
        // Equal values in different bands still give different keys.
        let same = crate::sketch::MinHasher::new(SketchParams {
            num_perm: 12,
            ..SketchParams::default()
        })
        .unwrap();
        let s = same.sketch([9]);
        let vals = s.values();
        assert_eq!(
            hash::band(0, &vals[..6]),
            band_keys(&s, LshParams { bands: 2, rows: 6 })[0]
        );
        assert_ne!(hash::band(0, &vals[..6]), hash::band(1, &vals[..6]));
        let mut keys = ka.clone();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 16);
        // A different set differs in (almost) every band.
        let kb = band_keys(&h.sketch([100, 200, 300]), p);
        assert!(ka.iter().zip(&kb).all(|(x, y)| x != y));
    }

    #[test]
    fn empty_signature_has_no_keys() {
        let h = MinHasher::new(SketchParams::default()).unwrap();
        assert!(band_keys(&h.sketch([]), LshParams { bands: 16, rows: 6 }).is_empty());
        // Parameters for a longer signature key only the bands that fit.
        let p = LshParams { bands: 30, rows: 6 };
        assert_eq!(band_keys(&h.sketch([1]), p).len(), 21);
        assert!(band_keys(&h.sketch([1]), LshParams { bands: 4, rows: 0 }).is_empty());
    }
}
