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
//! Signatures carry their [`SketchParams`]: the shingle size, permutations,
//! seed, hash version and the text options that shape tokens. Comparing
//! signatures built with different parameters is an error
//! ([`Signature::estimate`]), and a stored signature is validated when it is
//! read back (its length, its hash version, its parameters), so a truncated
//! or foreign signature is refused instead of giving a silently wrong score.
//!
//! [`Sketcher`] is the one text → signature call: built from a
//! [`SketchParams`], which gives the shingle size once for both the shingles
//! and the signature. The estimate of
//! Jaccard similarity is the share of equal positions; its standard error is
//! `sqrt(J(1-J)/num_perm)`, about 0.044 at J = 0.5 with 128 permutations.
//! An empty shingle set gives an empty signature whose estimate against
//! anything is 0, never a match.
//!
//! Cost: `O(shingles × num_perm)` multiply-adds per document.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hash::{HASH_VERSION, SplitMix64};
use crate::shingle::{self, Shingle};
use crate::text::{Document, Pipeline, TextOptions};

/// Default number of permutations.
pub const DEFAULT_PERMS: u32 = 128;
/// Default seed.
pub const DEFAULT_SEED: u64 = 0;

/// Everything that determines a signature's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SketchParams {
    /// Number of permutations (signature length).
    pub num_perm: u32,
    /// Seed of the permutation coefficients.
    pub seed: u64,
    /// Shingle size in words.
    pub shingle: u32,
    /// Version of the token and shingle hashes ([`crate::hash::HASH_VERSION`]).
    pub hash_version: u32,
    /// How text became tokens (language, stemming, stopwords, diacritics;
    /// case and typography folding are fixed by the hash version).
    pub text: TextOptions,
}

impl Default for SketchParams {
    fn default() -> Self {
        SketchParams {
            num_perm: DEFAULT_PERMS,
            seed: DEFAULT_SEED,
            shingle: crate::shingle::DEFAULT_K as u32,
            hash_version: HASH_VERSION,
            text: TextOptions::default(),
        }
    }
}

impl SketchParams {
    /// Check that the parameters are usable.
    ///
    /// # Errors
    ///
    /// Permutations outside 1–4096, a shingle size outside 1–64, or a hash
    /// version other than this build's.
    pub fn validate(&self) -> Result<()> {
        if self.hash_version != HASH_VERSION {
            return Err(Error::InvalidParams(format!(
                "hash version {} is not this build's ({HASH_VERSION}); sketch the documents again",
                self.hash_version
            )));
        }
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
    ///
    /// # Errors
    ///
    /// [`Error::IncompatibleSketch`] naming the first parameter that differs.
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
        let (t, u) = (&self.text, &other.text);
        if t.language != u.language {
            return diff("lang", t.language.to_string(), u.language.to_string());
        }
        for (field, ours, theirs) in [
            ("stem", t.stem, u.stem),
            ("stopwords", t.remove_stopwords, u.remove_stopwords),
            ("strip_diacritics", t.strip_diacritics, u.strip_diacritics),
        ] {
            if ours != theirs {
                return diff(field, ours.to_string(), theirs.to_string());
            }
        }
        Ok(())
    }
}

/// The one text → signature path: tokens, shingles and MinHash, all from
/// one [`SketchParams`]. Build once, sign many texts (it is `Sync`).
///
/// ```
/// use neardup::sketch::{SketchParams, Sketcher};
///
/// let sketcher = Sketcher::new(SketchParams::default()).unwrap();
/// let a = sketcher.signature("the quick brown fox jumps over the lazy dog").unwrap();
/// let b = sketcher.signature("The quick brown fox jumps over the lazy dog!").unwrap();
/// assert_eq!(a.estimate(&b).unwrap(), 1.0);
/// ```
#[derive(Debug)]
pub struct Sketcher {
    pipeline: Pipeline,
    hasher: MinHasher,
}

impl Sketcher {
    /// A sketcher for `params`.
    ///
    /// # Errors
    ///
    /// Invalid parameters (see [`SketchParams::validate`]).
    pub fn new(params: SketchParams) -> Result<Self> {
        Ok(Sketcher {
            pipeline: Pipeline::new(params.text),
            hasher: MinHasher::new(params)?,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &SketchParams {
        self.hasher.params()
    }

    /// The tokenizer.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The signature of a text.
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn signature(&self, text: &str) -> Result<Signature> {
        let tokens = self.pipeline.tokens(text)?;
        let shingles = shingle::shingles(&tokens, self.params().shingle as usize);
        Ok(self.sign(&shingle::hash_set(&shingles)))
    }

    /// The shingles of a tokenized document, at this sketcher's size.
    pub fn shingles(&self, doc: &Document) -> Vec<Shingle> {
        shingle::shingles(doc.tokens(), self.params().shingle as usize)
    }

    /// The signature of a set of shingle hashes.
    pub fn sign(&self, set: &[u64]) -> Signature {
        self.hasher.sketch(set.iter().copied())
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
    ///
    /// # Errors
    ///
    /// Invalid parameters (see [`SketchParams::validate`]).
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
        let mut batch = [0u32; BATCH];
        let mut n = 0;
        for x in hashes {
            empty = false;
            batch[n] = (x ^ (x >> 32)) as u32;
            n += 1;
            if n == BATCH {
                self.fold(&batch, &mut values);
                n = 0;
            }
        }
        self.fold(&batch[..n], &mut values);
        Signature {
            params: self.params,
            values,
            empty,
        }
    }

    /// Fold folded shingle hashes `xs` into the minima `values`, with the
    /// widest vector unit this CPU has (chosen at run time, so a plain build
    /// gets AVX2 where the machine has it; every path computes the same
    /// values).
    fn fold(&self, xs: &[u32], values: &mut [u32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            #[allow(unsafe_code)]
            unsafe {
                return fold_avx2(&self.a, &self.b, xs, values);
            }
        }
        fold_portable(&self.a, &self.b, xs, values);
    }
}

/// Shingle hashes folded into the minima per pass over the permutations:
/// the minima stay in registers or L1 while a batch is applied.
const BATCH: usize = 16;

/// The MinHash inner loop: for every permutation `i`,
/// `values[i] = min(values[i], a[i] * x + b[i])` over the hashes `xs`.
/// Written so the compiler vectorizes it across permutations.
#[inline(always)]
fn fold_portable(a: &[u32], b: &[u32], xs: &[u32], values: &mut [u32]) {
    for &x in xs {
        for ((v, &a), &b) in values.iter_mut().zip(a).zip(b) {
            *v = (*v).min(a.wrapping_mul(x).wrapping_add(b));
        }
    }
}

/// [`fold_portable`] compiled for AVX2 (8 lanes of 32-bit multiply).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fold_avx2(a: &[u32], b: &[u32], xs: &[u32], values: &mut [u32]) {
    fold_portable(a, b, xs, values)
}

/// A MinHash signature with the parameters that made it.
///
/// Reading one back (`Deserialize`, or [`Signature::from_parts`]) checks
/// it: the parameters must be valid for this build (same hash version) and
/// the values as many as the permutations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StoredSignature")]
pub struct Signature {
    params: SketchParams,
    values: Vec<u32>,
    empty: bool,
}

/// A signature as stored, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredSignature {
    params: SketchParams,
    values: Vec<u32>,
    empty: bool,
}

impl TryFrom<StoredSignature> for Signature {
    type Error = Error;

    fn try_from(s: StoredSignature) -> Result<Self> {
        Signature::from_parts(s.params, s.values, s.empty)
    }
}

impl Signature {
    /// A signature from stored parts.
    ///
    /// # Errors
    ///
    /// Parameters this build cannot use (another hash version, out of
    /// range), or a number of values other than the permutation count.
    pub fn from_parts(params: SketchParams, values: Vec<u32>, empty: bool) -> Result<Self> {
        params.validate()?;
        if values.len() != params.num_perm as usize {
            return Err(Error::InvalidParams(format!(
                "a stored signature has {} values but its parameters say {} permutations",
                values.len(),
                params.num_perm
            )));
        }
        Ok(Signature {
            params,
            values,
            empty,
        })
    }

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
    ///
    /// # Errors
    ///
    /// Signatures built with other parameters.
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
    ///
    /// # Errors
    ///
    /// Signatures built with other parameters.
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
    jaccard_of_counts(crate::shingle::intersection_len(a, b), a.len(), b.len())
}

/// Jaccard from the sizes of two sets and of their intersection (what
/// [`jaccard`] computes once it has counted them).
pub fn jaccard_of_counts(inter: usize, a: usize, b: usize) -> f64 {
    let union = a + b - inter.min(a + b);
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Exact containment of `a` in `b`: the share of `a`'s elements that are in
/// `b` (0 when `a` is empty).
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    containment_of_counts(crate::shingle::intersection_len(a, b), a.len())
}

/// Containment from the size of a set and of its intersection with the
/// other (what [`containment`] computes once it has counted them).
pub fn containment_of_counts(inter: usize, a: usize) -> f64 {
    if a == 0 { 0.0 } else { inter as f64 / a as f64 }
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
    fn every_vector_path_gives_the_same_values() {
        let h = hasher(128);
        let xs: Vec<u32> = (0..1000u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect();
        let mut portable = vec![u32::MAX; 128];
        fold_portable(&h.a, &h.b, &xs, &mut portable);
        let mut dispatched = vec![u32::MAX; 128];
        for chunk in xs.chunks(7) {
            h.fold(chunk, &mut dispatched);
        }
        assert_eq!(portable, dispatched);
    }

    #[test]
    fn fuzz_sketch_short_text_with_nul_bytes_is_an_empty_signature() {
        // Found by the `sketch` fuzz target (issue 14): five pieces between
        // white space but four words, so no 5-shingle. The signature is
        // empty and resembles nothing, itself included; the target's own
        // check was wrong, not the sketch.
        let s = Sketcher::new(SketchParams::default()).unwrap();
        let text = "d seawHH\0\t\0\0\0\0 tha s";
        let (x, y) = (s.signature(text).unwrap(), s.signature(text).unwrap());
        assert_eq!(x, y);
        assert!(x.is_empty());
        assert_eq!(x.estimate(&y).unwrap(), 0.0);
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
    fn text_options_are_part_of_compatibility() {
        let stemmed = SketchParams {
            text: TextOptions {
                stem: true,
                ..TextOptions::default()
            },
            ..SketchParams::default()
        };
        let err = SketchParams::default()
            .check_compatible(&stemmed)
            .unwrap_err()
            .to_string();
        assert!(err.contains("stem is false here and true there"), "{err}");
    }

    #[test]
    fn stored_signature_round_trips() {
        let s = Sketcher::new(SketchParams::default())
            .unwrap()
            .signature("one two three four five six seven")
            .unwrap();
        let json = serde_json::to_string(&s).unwrap();
        let back: Signature = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn stored_signature_refuses_truncated_values() {
        let s = hasher(8).sketch([1, 2]);
        let mut v: serde_json::Value = serde_json::to_value(&s).unwrap();
        v["values"].as_array_mut().unwrap().pop();
        let err = serde_json::from_value::<Signature>(v)
            .unwrap_err()
            .to_string();
        assert!(err.contains("7 values but its parameters say 8"), "{err}");
    }

    #[test]
    fn stored_signature_refuses_other_hash_version() {
        let s = hasher(8).sketch([1, 2]);
        let mut v: serde_json::Value = serde_json::to_value(&s).unwrap();
        v["params"]["hash_version"] = serde_json::json!(HASH_VERSION + 1);
        let err = serde_json::from_value::<Signature>(v)
            .unwrap_err()
            .to_string();
        assert!(err.contains("hash version"), "{err}");
    }

    #[test]
    fn stored_signature_refuses_foreign_fields_and_bad_params() {
        let s = hasher(8).sketch([1]);
        let mut v: serde_json::Value = serde_json::to_value(&s).unwrap();
        v["params"]["bands"] = serde_json::json!(4);
        assert!(serde_json::from_value::<Signature>(v).is_err());
        let mut v: serde_json::Value = serde_json::to_value(&s).unwrap();
        v["params"]["num_perm"] = serde_json::json!(0);
        v["values"] = serde_json::json!([]);
        assert!(serde_json::from_value::<Signature>(v).is_err());
        let mut v: serde_json::Value = serde_json::to_value(&s).unwrap();
        v["params"]["text"]["language"] = serde_json::json!("klingon");
        assert!(serde_json::from_value::<Signature>(v).is_err());
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
