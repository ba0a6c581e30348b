//! Stage 3: shingle hashes → MinHash [`Signature`].
//!
//! Classic k-permutation MinHash. A 64-bit shingle hash is folded to 32 bits
//! (`x ^ x >> 32`, the shingle hash is already avalanched), and permutation
//! `i` maps it to `a_i * x + b_i (mod 2^32)` with odd `a_i` (a bijection of
//! the 32-bit values), `a_i` and `b_i` drawn from SplitMix64 seeded by
//! [`SketchParams::seed`]. 32-bit lanes are what SIMD units multiply fastest,
//! so the inner loop vectorizes. A signature keeps the minimum of each
//! permutation: `num_perm` × 4 bytes.
//!
//! Signatures carry their [`SketchParams`]; comparing signatures built with
//! different parameters is an error ([`Signature::estimate`]). The estimate of
//! Jaccard similarity is the share of equal positions; its standard error is
//! `sqrt(J(1-J)/num_perm)`, about 0.044 at J = 0.5 with 128 permutations.
//! An empty shingle set gives an empty signature whose estimate against
//! anything is 0, never a match.
//!
//! Cost: `O(shingles × num_perm)` multiply-adds per document.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hash::{HASH_VERSION, SplitMix64};

/// Default number of permutations.
pub const DEFAULT_PERMS: u32 = 128;
/// Default seed.
pub const DEFAULT_SEED: u64 = 0;

/// Everything that determines a signature's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SketchParams {
    /// Number of permutations (signature length).
    pub num_perm: u32,
    /// Seed of the permutation coefficients.
    pub seed: u64,
    /// Shingle size in words.
    pub shingle: u32,
    /// Version of the token and shingle hashes ([`crate::hash::HASH_VERSION`]).
    pub hash_version: u32,
}

impl Default for SketchParams {
    fn default() -> Self {
        SketchParams {
            num_perm: DEFAULT_PERMS,
            seed: DEFAULT_SEED,
            shingle: crate::shingle::DEFAULT_K as u32,
            hash_version: HASH_VERSION,
        }
    }
}

impl SketchParams {
    /// Check that the parameters are usable.
    pub fn validate(&self) -> Result<()> {
        if !(1..=4096).contains(&self.num_perm) {
            return Err(Error::InvalidParams(format!(
                "--perms must be between 1 and 4096, not {}",
                self.num_perm
            )));
        }
        if !(1..=64).contains(&self.shingle) {
            return Err(Error::InvalidParams(format!(
                "--shingle must be between 1 and 64, not {}",
                self.shingle
            )));
        }
        Ok(())
    }

    /// Refuse to compare signatures built with other parameters.
    pub fn check_compatible(&self, other: &SketchParams) -> Result<()> {
        let diff = |field, ours: String, theirs: String| {
            Err(Error::IncompatibleSketch {
                field,
                ours,
                theirs,
            })
        };
        if self.num_perm != other.num_perm {
            return diff(
                "num_perm",
                self.num_perm.to_string(),
                other.num_perm.to_string(),
            );
        }
        if self.seed != other.seed {
            return diff("seed", self.seed.to_string(), other.seed.to_string());
        }
        if self.shingle != other.shingle {
            return diff(
                "shingle",
                self.shingle.to_string(),
                other.shingle.to_string(),
            );
        }
        if self.hash_version != other.hash_version {
            return diff(
                "hash_version",
                self.hash_version.to_string(),
                other.hash_version.to_string(),
            );
        }
        Ok(())
    }
}

/// A family of `num_perm` hash permutations; build once, sketch many sets.
#[derive(Debug, Clone)]
pub struct MinHasher {
    params: SketchParams,
    a: Vec<u32>,
    b: Vec<u32>,
}

impl MinHasher {
    /// The permutations for `params`.
    pub fn new(params: SketchParams) -> Result<Self> {
        params.validate()?;
        let mut rng = SplitMix64::new(params.seed);
        let n = params.num_perm as usize;
        let mut a = Vec::with_capacity(n);
        let mut b = Vec::with_capacity(n);
        for _ in 0..n {
            a.push((rng.next() >> 32) as u32 | 1);
            b.push((rng.next() >> 32) as u32);
        }
        Ok(MinHasher { params, a, b })
    }

    /// The parameters.
    pub fn params(&self) -> &SketchParams {
        &self.params
    }

    /// The signature of a set of shingle hashes. Order and duplicates do not
    /// matter.
    pub fn sketch(&self, hashes: impl IntoIterator<Item = u64>) -> Signature {
        let mut values = vec![u32::MAX; self.a.len()];
        let mut empty = true;
        for x in hashes {
            empty = false;
            let x = (x ^ (x >> 32)) as u32;
            for ((v, &a), &b) in values.iter_mut().zip(&self.a).zip(&self.b) {
                *v = (*v).min(a.wrapping_mul(x).wrapping_add(b));
            }
        }
        Signature {
            params: self.params,
            values,
            empty,
        }
    }
}

/// A MinHash signature with the parameters that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    params: SketchParams,
    values: Vec<u32>,
    empty: bool,
}

impl Signature {
    /// The parameters.
    pub fn params(&self) -> &SketchParams {
        &self.params
    }

    /// The per-permutation minima.
    pub fn values(&self) -> &[u32] {
        &self.values
    }

    /// Whether it was built from an empty set.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Estimated Jaccard similarity: the share of equal positions. 0 when
    /// either side is empty.
    pub fn estimate(&self, other: &Signature) -> Result<f64> {
        self.params.check_compatible(&other.params)?;
        if self.empty || other.empty {
            return Ok(0.0);
        }
        let same = self
            .values
            .iter()
            .zip(&other.values)
            .filter(|(a, b)| a == b)
            .count();
        Ok(same as f64 / self.values.len() as f64)
    }

    /// The signature of the union of both sets: the element-wise minimum.
    pub fn union(&self, other: &Signature) -> Result<Signature> {
        self.params.check_compatible(&other.params)?;
        Ok(Signature {
            params: self.params,
            values: self
                .values
                .iter()
                .zip(&other.values)
                .map(|(a, b)| *a.min(b))
                .collect(),
            empty: self.empty && other.empty,
        })
    }
}

/// Exact Jaccard similarity of two sorted, duplicate-free sets (0 when both
/// are empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let inter = crate::shingle::intersection_len(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Exact containment of `a` in `b`: the share of `a`'s elements that are in
/// `b` (0 when `a` is empty).
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() {
        0.0
    } else {
        crate::shingle::intersection_len(a, b) as f64 / a.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher(n: u32) -> MinHasher {
        MinHasher::new(SketchParams {
            num_perm: n,
            ..SketchParams::default()
        })
        .unwrap()
    }

    #[test]
    fn identical_sets_estimate_one() {
        let h = hasher(64);
        let a = h.sketch([1, 2, 3]);
        assert_eq!(a.estimate(&h.sketch([3, 2, 1, 1])).unwrap(), 1.0);
    }

    #[test]
    fn empty_is_never_a_match() {
        let h = hasher(64);
        let e = h.sketch([]);
        assert!(e.is_empty());
        assert_eq!(e.estimate(&h.sketch([])).unwrap(), 0.0);
        assert_eq!(e.estimate(&h.sketch([1])).unwrap(), 0.0);
    }

    #[test]
    fn incompatible_params_are_refused() {
        let a = hasher(64).sketch([1]);
        let b = hasher(128).sketch([1]);
        let err = a.estimate(&b).unwrap_err().to_string();
        assert!(err.contains("num_perm is 64 here and 128 there"), "{err}");
        let c = MinHasher::new(SketchParams {
            seed: 7,
            num_perm: 64,
            ..SketchParams::default()
        })
        .unwrap()
        .sketch([1]);
        assert!(a.estimate(&c).is_err());
    }

    #[test]
    fn params_are_validated() {
        assert!(
            MinHasher::new(SketchParams {
                num_perm: 0,
                ..SketchParams::default()
            })
            .is_err()
        );
        assert!(
            MinHasher::new(SketchParams {
                shingle: 0,
                ..SketchParams::default()
            })
            .is_err()
        );
    }

    #[test]
    fn exact_measures() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(containment(&[1, 2], &[1, 2, 3, 4]), 1.0);
        assert_eq!(containment(&[1, 2, 3, 4], &[1, 2]), 0.5);
        assert_eq!(containment(&[], &[1]), 0.0);
    }
}
