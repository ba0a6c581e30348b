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
    Some(short_token(lower, n))
}

/// The first 56 bytes of XXH3's default secret: all that its inputs of up
/// to 16 bytes read.
const XXH3_SECRET: [u8; 56] = [
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e,
];

/// The little-endian word of [`XXH3_SECRET`] at byte `at`.
const fn secret64(at: usize) -> u64 {
    let mut w = 0u64;
    let mut i = 8;
    while i > 0 {
        i -= 1;
        w = w << 8 | XXH3_SECRET[at + i] as u64;
    }
    w
}

/// [`token`] of the first `n` bytes (1 to 16) of `w`, little-endian, the
/// bytes after them being anything: XXH3-64's short-input branches with
/// [`TOKEN_SEED`] folded into constants, reading the bytes from registers
/// instead of memory. Equal to `token` (a property test holds it on
/// arbitrary bytes and lengths 0 to 16).
#[inline]
fn short_token(w: u128, n: usize) -> u64 {
    const SEED: u64 = TOKEN_SEED;
    const FLIP_9: u64 = (secret64(24) ^ secret64(32)).wrapping_add(SEED);
    const FLIP_9_HI: u64 = (secret64(40) ^ secret64(48)).wrapping_sub(SEED);
    const FLIP_4: u64 =
        (secret64(8) ^ secret64(16)).wrapping_sub(SEED ^ ((SEED as u32).swap_bytes() as u64) << 32);
    const FLIP_1: u64 =
        ((secret64(0) as u32 ^ (secret64(0) >> 32) as u32) as u64).wrapping_add(SEED);
    let lo = w as u64;
    if n > 8 {
        // The first and the last eight bytes.
        let a = lo ^ FLIP_9;
        let b = (w >> (8 * (n - 8))) as u64 ^ FLIP_9_HI;
        let product = u128::from(a) * u128::from(b);
        let acc = (n as u64)
            .wrapping_add(a.swap_bytes())
            .wrapping_add(b)
            .wrapping_add(product as u64 ^ (product >> 64) as u64);
        let acc = (acc ^ acc >> 37).wrapping_mul(0x1656_6791_9e37_79f9);
        acc ^ acc >> 32
    } else if n >= 4 {
        // The first and the last four bytes.
        let first = u64::from(lo as u32);
        let last = u64::from((lo >> (8 * (n - 4))) as u32);
        let mut h = (last.wrapping_add(first << 32)) ^ FLIP_4;
        h ^= h.rotate_left(49) ^ h.rotate_left(24);
        h = h.wrapping_mul(0x9fb2_1c65_1e98_df25);
        h ^= (h >> 35).wrapping_add(n as u64);
        h = h.wrapping_mul(0x9fb2_1c65_1e98_df25);
        h ^ h >> 28
    } else if n > 0 {
        // The first, middle and last byte, and the length.
        let byte = |i: usize| (lo >> (8 * i)) as u8 as u64;
        let combo = byte(0) << 16 | byte(n >> 1) << 24 | byte(n - 1) | (n as u64) << 8;
        let mut h = combo ^ FLIP_1;
        h ^= h >> 33;
        h = h.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
        h ^= h >> 29;
        h = h.wrapping_mul(0x1656_67b1_9e37_79f9);
        h ^ h >> 32
    } else {
        token(&[])
    }
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

    proptest::proptest! {
        #[test]
        fn short_token_equals_xxh3(bytes in proptest::array::uniform16(proptest::num::u8::ANY), n in 0usize..=16) {
            proptest::prop_assert_eq!(short_token(u128::from_le_bytes(bytes), n), token(&bytes[..n]));
        }
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
