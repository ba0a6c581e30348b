//! Stage 3: shingle hashes → MinHash [`Signature`].
//!
//! **Scheme: one-permutation MinHash, filled in rounds.** A signature of
//! `num_perm` values is `num_perm` bins. Each shingle hash `x` is mixed with
//! a key drawn from [`SketchParams::seed`] (`fmix64(x ^ key)`); the high half
//! of the result picks a bin, which keeps the smallest low half it is
//! given. One hash per shingle, where classic MinHash computes `num_perm`.
//! A set of fewer shingles than bins leaves bins empty, so bins still empty
//! after a pass take part in another pass, where each shingle goes to the
//! bin of its mix times an odd constant of the round and, if that bin is
//! still open, brings a fresh mix of the round as its value; and so on until
//! every bin holds a value. A value from an earlier round always wins, so
//! each bin keeps the minimum of one fixed random order of all (shingle,
//! round) pairs that fall into it.
//! That makes a bin's value a function of the set alone, and the chance
//! that two sets agree in a bin exactly their Jaccard similarity, as in
//! classic MinHash (the idea of Dahlgaard, Knudsen and Thorup's "Fast
//! Similarity Sketching", 2017, in its simplest form). Densification by
//! copying filled bins, the usual fix, was measured and dropped: its error
//! on sets of about twenty shingles was 1.2× classic MinHash's.
//!
//! **Accuracy**, measured by a test with a fixed seed (400 pairs of random
//! sets per cell, 128 bins): the root-mean-square error of the estimate
//! against the exact Jaccard, as a ratio to classic MinHash's standard
//! error `sqrt(J(1-J)/128)`, is 0.69–0.72 for sets whose union holds 20
//! shingles, 0.67–0.74 for 100, 0.83–0.90 for 500 and 0.91–0.99 for 2,000
//! (J from 0.1 to 0.9): never worse than classic, better on small sets,
//! where bins sample the set without replacement. The test fails above
//! 1.1.
//!
//! **Cost**: one mix and one compare per shingle, plus a multiply per
//! shingle and round after the first; a set of `n` shingles needs a second
//! round when a bin got none, likely below about `num_perm × ln(num_perm)`
//! shingles (620 for 128), and more rounds only when it is much smaller. Measured against classic
//! 128-permutation MinHash (32-bit affine permutations, vectorized with
//! AVX2) in `benches/README.md`.
//!
//! Signatures carry their [`SketchParams`]: the shingle size, the number of
//! values (`num_perm`, named after the classic scheme), seed, hash version
//! and the text options that shape tokens. Comparing signatures built with
//! different parameters is an error ([`Signature::estimate`]), and a stored
//! signature is validated when it is read back (its length, its hash
//! version, its parameters), so a truncated or foreign signature, or one of
//! the classic scheme (hash version 1), is refused instead of giving a
//! silently wrong score.
//!
//! [`Sketcher`] is the one text → signature call: built from a
//! [`SketchParams`], which gives the shingle size once for both the shingles
//! and the signature. The estimate of Jaccard similarity is the share of
//! equal values. An empty shingle set gives an empty signature whose
//! estimate against anything is 0, never a match.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hash::{HASH_VERSION, SplitMix64, fmix64};
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
        let (keys, _) = self.keys(text)?;
        let k = self.params().shingle as usize;
        let mixed: Vec<u64> = keys
            .windows(k)
            .map(|w| self.hasher.mix(crate::hash::shingle(w)))
            .collect();
        Ok(self.hasher.sketch_mixed(&mixed))
    }

    /// The hash of every shingle of `text` in text order (a repeated
    /// shingle comes again), and the number of its tokens: the hashes of
    /// [`Sketcher::shingles`] of its [`Document`], without building one.
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn shingle_hashes(&self, text: &str) -> Result<(Vec<u64>, u32)> {
        let (keys, tokens) = self.keys(text)?;
        let k = self.params().shingle as usize;
        Ok((keys.windows(k).map(crate::hash::shingle).collect(), tokens))
    }

    /// The keys of the tokens of `text` that are not stopwords, and the
    /// number of all its tokens. Their windows are the shingles of
    /// `shingle::shingles` (a test holds them equal), made without token
    /// or shingle vectors, in tight loops whose iterations a CPU overlaps.
    fn keys(&self, text: &str) -> Result<(Vec<u64>, u32)> {
        let mut keys: Vec<u64> = Vec::with_capacity(text.len() / 5);
        let mut tokens = 0u32;
        self.pipeline.for_each_token(text, |t| {
            tokens += 1;
            if !t.stop {
                keys.push(t.key);
            }
        })?;
        Ok((keys, tokens))
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

/// One-permutation MinHash, filled in rounds; build once, sketch many sets.
/// See the module docs for the scheme.
#[derive(Debug, Clone)]
pub struct MinHasher {
    params: SketchParams,
    /// Mixed into every shingle hash, so the seed picks the permutation.
    key: u64,
}

/// Marks a bin no element fell into; element values are capped one below.
const EMPTY: u32 = u32::MAX;

/// Rounds after which bins still empty copy a filled neighbour instead
/// (per bin: a set of one element needs about `ln(bins)` rounds per bin).
const MAX_ROUNDS_PER_BIN: u64 = 64;

impl MinHasher {
    /// The permutation for `params`.
    ///
    /// # Errors
    ///
    /// Invalid parameters (see [`SketchParams::validate`]).
    pub fn new(params: SketchParams) -> Result<Self> {
        params.validate()?;
        Ok(MinHasher {
            params,
            key: SplitMix64::new(params.seed).next(),
        })
    }

    /// The parameters.
    pub fn params(&self) -> &SketchParams {
        &self.params
    }

    /// The signature of a set of shingle hashes. Order and duplicates do not
    /// matter.
    pub fn sketch(&self, hashes: impl IntoIterator<Item = u64>) -> Signature {
        let mixed: Vec<u64> = hashes.into_iter().map(|x| self.mix(x)).collect();
        self.sketch_mixed(&mixed)
    }

    /// A shingle hash mixed with the seed's key: what every round derives
    /// its bins and values from.
    #[inline]
    fn mix(&self, x: u64) -> u64 {
        fmix64(x ^ self.key)
    }

    /// The signature of shingle hashes already [`MinHasher::mix`]ed, all
    /// mixed before the first round so that loop is loads, compares and
    /// stores alone (mixing and binning in one loop was slower).
    ///
    /// The first round: the high half of a mix picks the bin, which keeps
    /// the smallest low half. Then rounds until every bin holds a value.
    /// Round `r` sends a hash to the bin of the high half of its mix times
    /// an odd constant of the round (one multiply per hash and round, which
    /// is what most hashes cost there); only a hash that lands in a bin
    /// still open gets a value, a fresh mix of the round.
    fn sketch_mixed(&self, mixed: &[u64]) -> Signature {
        let n = self.params.num_perm as usize;
        let mut values = vec![EMPTY; n];
        for &y in mixed {
            let bin = fast_range(y >> 32, n);
            values[bin] = values[bin].min((y as u32).min(EMPTY - 1));
        }
        let mut open: Vec<bool> = values.iter().map(|&v| v == EMPTY).collect();
        let mut left = open.iter().filter(|&&o| o).count();
        let empty = mixed.is_empty();
        // Bins first filled in the current round: closed when it ends.
        let mut filled: Vec<usize> = Vec::new();
        let mut round = 0u64;
        while left > 0 && !empty {
            round += 1;
            if round > MAX_ROUNDS_PER_BIN * n as u64 {
                for i in 0..n {
                    if open[i] {
                        let donor = (1..n).map(|d| (i + d) % n).find(|&j| !open[j]);
                        values[i] = donor.map_or(EMPTY - 1, |j| values[j]);
                    }
                }
                break;
            }
            let spread = fmix64(round) | 1;
            let fresh = round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            for &y in mixed {
                let bin = fast_range(y.wrapping_mul(spread) >> 32, n);
                if open[bin] {
                    let v = (fmix64(y ^ fresh) as u32).min(EMPTY - 1);
                    if values[bin] == EMPTY {
                        filled.push(bin);
                    }
                    values[bin] = values[bin].min(v);
                }
            }
            left -= filled.len();
            for b in filled.drain(..) {
                open[b] = false;
            }
        }
        Signature {
            params: self.params,
            values,
            empty,
        }
    }
}

/// `x` (below 2^32) mapped onto `0..n` by a multiply and a shift (Lemire's
/// fast range reduction), without a division.
#[inline]
fn fast_range(x: u64, n: usize) -> usize {
    ((x * n as u64) >> 32) as usize
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
}

/// Exact Jaccard similarity of two sorted, duplicate-free sets (0 when both
/// are empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    jaccard_of_counts(
        crate::shingle::hashes_at_least(a, b, 0).unwrap_or(0),
        a.len(),
        b.len(),
    )
}

/// [`jaccard`] when it is at least `threshold`, else `None`, found
/// without reading all of both sets when the sizes or the elements read
/// so far rule it out.
pub fn jaccard_at_least(a: &[u64], b: &[u64], threshold: f64) -> Option<f64> {
    // J >= t needs |A ∩ B| >= t (|A| + |B|) / (1 + t); one less than that,
    // rounded down, so that rounding never drops a pair `jaccard` keeps.
    let need = (threshold * (a.len() + b.len()) as f64 / (1.0 + threshold)).floor() as usize;
    let inter = crate::shingle::hashes_at_least(a, b, need.saturating_sub(1))?;
    let j = jaccard_of_counts(inter, a.len(), b.len());
    (j >= threshold).then_some(j)
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

    /// The estimator's root-mean-square error over many pairs of random
    /// sets, for set sizes (of the union) and Jaccard values, next to the
    /// theoretical standard error of classic MinHash, `sqrt(J(1-J)/k)`.
    fn estimator_errors(k: u32, trials: u32) -> Vec<(usize, f64, f64, f64)> {
        let h = hasher(k);
        let mut rng = SplitMix64::new(20_261_202);
        let mut out = Vec::new();
        for union in [20usize, 100, 500, 2000] {
            for j in [0.1, 0.3, 0.5, 0.7, 0.9] {
                let shared = (union as f64 * j).round() as usize;
                let exact = shared as f64 / union as f64;
                let mut squares = 0.0;
                for _ in 0..trials {
                    let all: Vec<u64> = (0..union).map(|_| rng.next()).collect();
                    // Shared first, then the rest split between A and B.
                    let (both, rest) = all.split_at(shared);
                    let (only_a, only_b) = rest.split_at(rest.len() / 2);
                    let a = h.sketch(both.iter().chain(only_a).copied());
                    let b = h.sketch(both.iter().chain(only_b).copied());
                    let e = a.estimate(&b).unwrap() - exact;
                    squares += e * e;
                }
                let rmse = (squares / f64::from(trials)).sqrt();
                let theory = (exact * (1.0 - exact) / f64::from(k)).sqrt();
                out.push((union, exact, rmse, theory));
            }
        }
        out
    }

    #[test]
    fn estimator_error_is_within_ten_percent_of_theory() {
        // `cargo test --release --lib estimator -- --nocapture` prints the
        // table quoted in the module docs.
        for (union, j, rmse, theory) in estimator_errors(128, 400) {
            println!(
                "union {union:5}  J {j:.2}  rmse {rmse:.4}  theory {theory:.4}  ratio {:.2}",
                rmse / theory
            );
            assert!(
                rmse <= 1.1 * theory,
                "union {union}, J {j}: rmse {rmse:.4} > 1.1 × {theory:.4}"
            );
        }
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
    fn jaccard_at_least_keeps_exactly_the_pairs_over_the_threshold() {
        let sets: Vec<Vec<u64>> = (0..40u64)
            .map(|i| (i..i + 20 + i % 7).chain([100, 101]).collect())
            .collect();
        for a in &sets {
            for b in &sets {
                for t in [0.0, 0.3, 0.5, 0.8, 0.9, 1.0] {
                    let j = jaccard(a, b);
                    assert_eq!(jaccard_at_least(a, b, t), (j >= t).then_some(j), "{t}");
                }
            }
        }
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
