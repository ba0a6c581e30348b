//! The one place where hashing is defined.
//!
//! Everything neardup persists or compares across runs is hashed here, with
//! fixed seeds and a [`HASH_VERSION`] that is stored in every sketch's
//! parameters. `std::hash` is never used for such values: its output is not
//! promised to be stable across Rust releases.
//!
//! * Tokens: XXH3-64 of the normalised UTF-8 bytes with [`TOKEN_SEED`].
//! * Shingles: an order-dependent fold of the token hashes (multiply, rotate,
//!   xor) finished with the `fmix64` avalanche of MurmurHash3, so a shingle is
//!   hashed in O(k) integer operations without touching the text again.
//! * LSH band keys: the same kind of fold over one band's MinHash values,
//!   started from [`BAND_SEED`] mixed with the band index, finished with
//!   `fmix64`; see [`band`].

/// Version of everything that determines a signature's values: the token
/// and shingle hashes here and the MinHash scheme of [`crate::sketch`]. It
/// also covers the LSH band keys ([`band`]), which an index stores next to
/// its signatures. Bump it whenever any of them changes its output.
/// Version 1 was classic MinHash (one affine permutation per value);
/// version 2 is one-permutation MinHash filled in rounds.
pub const HASH_VERSION: u32 = 2;

/// Seed of the token hash.
pub const TOKEN_SEED: u64 = 0x6e65_6172_6475_7031; // "neardup1"

/// Hash of one normalised token: XXH3-64 with [`TOKEN_SEED`].
#[inline]
pub fn token(norm: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(norm, TOKEN_SEED)
}

/// [`token`] of the ASCII lower case of a word of `n` bytes whose first
/// sixteen bytes (or fewer, if it is shorter) are the low bytes of `head`,
/// the bytes beyond the word being anything. This is how the tokenizer
/// keys an ASCII word without a `String`: it reads the sixteen bytes at the
/// word's start from the text and lower-cases them eight at a time. Equal
/// to `token(&word.to_ascii_lowercase())`, which a test holds; `None` for a
/// word over 16 bytes.
#[inline]
pub fn short_ascii_token_lower(head: u128, n: usize) -> Option<u64> {
    if n > 16 {
        return None;
    }
    let (lo, hi) = (head as u64, (head >> 64) as u64);
    let lower = u128::from(lower_ascii_word(lo)) | u128::from(lower_ascii_word(hi)) << 64;
    Some(token(&lower.to_le_bytes()[..n]))
}

/// ASCII upper-case letters of the eight bytes of `w` to lower case, as
/// `u8::to_ascii_lowercase` would: a byte from `A` to `Z` gains 0x20. A
/// byte below 0x80 never carries into the next one; one above (past the end
/// of a word) can only disturb the bytes after it, which are past it too.
#[inline]
fn lower_ascii_word(w: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let at_least_a = w.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let above_z = w.wrapping_add(ONES * u64::from(0x7f - b'Z'));
    w | ((at_least_a & !above_z & (ONES * 0x80)) >> 2)
}

/// Hash of a sequence of token hashes (a shingle). Order matters.
#[inline]
pub fn shingle(keys: &[u64]) -> u64 {
    // The default size unrolled, for the signature path's tight loop.
    if let Ok(five) = <&[u64; 5]>::try_from(keys) {
        return shingle_of(five.as_slice());
    }
    shingle_of(keys)
}

/// The fold of [`shingle`]: xor, multiply, rotate per key, then [`fmix64`].
#[inline(always)]
fn shingle_of(keys: &[u64]) -> u64 {
    shingle_of_keys(keys.iter().copied())
}

/// [`shingle`] of keys read from an iterator (the keys of a window of
/// tokens, without copying them out first).
#[inline(always)]
pub fn shingle_of_keys(keys: impl ExactSizeIterator<Item = u64>) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ (keys.len() as u64);
    for k in keys {
        h = (h ^ k).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(29);
    }
    fmix64(h)
}

/// Seed of the LSH band keys.
pub const BAND_SEED: u64 = 0x6e64_7570_6261_6e64; // "ndupband"

/// Key of one LSH band: a hash of the band index and the band's MinHash
/// values, in order.
///
/// The state starts as `fmix64(BAND_SEED ^ band)` xor the number of values;
/// each value is folded in with xor, a multiply by an odd constant and a
/// rotation (the same step as [`shingle`], another multiplier), and the
/// result is finished with [`fmix64`]. Two documents share a key in band `i`
/// exactly when their `rows` values in that band are equal (up to 64-bit
/// collisions); equal values in different bands give different keys. Covered
/// by [`HASH_VERSION`].
#[inline]
pub fn band(band: u32, values: &[u32]) -> u64 {
    let mut h = fmix64(BAND_SEED ^ u64::from(band)) ^ (values.len() as u64);
    for &v in values {
        h = (h ^ u64::from(v))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(31);
    }
    fmix64(h)
}

/// MurmurHash3's 64-bit finaliser: a bijective avalanche step.
#[inline]
pub fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// SplitMix64: a small, fixed generator for deriving per-permutation
/// coefficients from a user seed.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next value.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hash_is_pinned() {
        // A change here changes every stored sketch: bump HASH_VERSION.
        assert_eq!(token(b"russia"), token(b"russia"));
        assert_ne!(token(b"russia"), token(b"russian"));
        assert_eq!(shingle(&[1, 2, 3]), shingle(&[1, 2, 3]));
        assert_ne!(shingle(&[1, 2, 3]), shingle(&[3, 2, 1]));
        assert_ne!(shingle(&[1, 2]), shingle(&[1, 2, 0]));
        assert_eq!(band(3, &[7, 8, 9]), band(3, &[7, 8, 9]));
        assert_ne!(band(3, &[7, 8, 9]), band(4, &[7, 8, 9]));
        assert_ne!(band(3, &[7, 8, 9]), band(3, &[9, 8, 7]));
        assert_ne!(band(3, &[7, 8]), band(3, &[7, 8, 0]));
    }

    #[test]
    fn ascii_lower_case_token_equals_the_general_hash() {
        for w in [
            "a",
            "Ab",
            "ABC",
            "Word",
            "MiXeD12",
            "eightchr",
            "NINE_CHAR",
            "Sixteen-Letters!",
            "@[`{AZaz",
        ] {
            let lower = w.to_ascii_lowercase();
            let mut head = [b'X'; 16];
            head[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(
                short_ascii_token_lower(u128::from_le_bytes(head), w.len()),
                Some(token(lower.as_bytes())),
                "{w}"
            );
        }
        assert_eq!(short_ascii_token_lower(0, 17), None);
    }

    #[test]
    fn hash_values_are_stable() {
        insta::assert_snapshot!(format!(
            "{:016x} {:016x} {:016x}\n{:016x} {:016x}",
            token(b"taliban"),
            shingle(&[token(b"the"), token(b"taliban")]),
            SplitMix64::new(42).next(),
            band(0, &[1, 2, 3, 4, 5, 6]),
            band(15, &[1, 2, 3, 4, 5, 6]),
        ));
    }
}
