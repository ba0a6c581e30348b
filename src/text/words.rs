//! Word boundaries: UAX #29 (via `unicode-segmentation`), with an exact
//! fast path for ASCII.
//!
//! Most news text is ASCII between a few curly quotes, and running the full
//! Unicode word-boundary tables over every byte is the tokenizer's largest
//! cost. So the text is cut at ASCII white space into chunks (no UAX #29
//! rule joins anything across white space, and every rule that looks past a
//! character's neighbour is stopped by it). Runs of chunks that are all
//! ASCII, which is most of a text, are segmented by [`ascii_words`]: the
//! UAX #29 rules that can apply to ASCII (WB5–WB13b) as bit-mask
//! operations on 64 bytes at a time, classified with SSE2 compares on
//! x86-64. A chunk holding any other character goes to
//! `unicode-segmentation` together with the one white-space character
//! before it, so rules that attach marks to a preceding character (WB4)
//! see the same context as in the whole text. A property test holds the
//! result equal to running `unicode_word_indices` over the whole text, on
//! arbitrary input.
//!
//! As before, only words holding a letter or digit are kept, and words in
//! scripts written without spaces are cut into one word per character.

use unicode_segmentation::UnicodeSegmentation;

/// Raw words of `text` with their byte offsets, as `f(start, word, ascii)`
/// calls in text order (`ascii`: the word is ASCII).
pub(crate) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str, bool)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let na = next_non_ascii(bytes, i);
        if na == n {
            ascii_words(text, i, n, &mut f);
            return;
        }
        // The chunk holding the non-ASCII byte starts after the last white
        // space before it; everything before is whole ASCII chunks.
        let chunk = bytes[i..na]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(i, |p| i + p + 1);
        ascii_words(text, i, chunk, &mut f);
        let end = bytes[na..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(n, |p| na + p);
        // One white-space byte of context before the chunk (WB4).
        let from = chunk.saturating_sub(1);
        for (s, w) in text[from..end].unicode_word_indices() {
            split_unspaced(from + s, w, &mut |s, w| f(s, w, w.is_ascii()));
        }
        i = end;
    }
}

/// Offset of the first non-ASCII byte at or after `from` (`b.len()` if none),
/// sixteen bytes at a time.
fn next_non_ascii(b: &[u8], from: usize) -> usize {
    const HIGH: u128 = u128::from_ne_bytes([0x80; 16]);
    let mut i = from;
    while let Some(block) = b.get(i..i + 16) {
        let w = u128::from_le_bytes(block.try_into().unwrap_or([0; 16]));
        if w & HIGH != 0 {
            return i + ((w & HIGH).trailing_zeros() / 8) as usize;
        }
        i += 16;
    }
    b[i..]
        .iter()
        .position(|c| !c.is_ascii())
        .map_or(b.len(), |p| i + p)
}

/// The byte classes the ASCII word rules read, one bit per byte of a
/// 64-byte block (bit `j` is byte `j`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Masks {
    /// Letters (UAX #29 ALetter).
    letter: u64,
    /// Digits (Numeric).
    digit: u64,
    /// `_` (ExtendNumLet).
    under: u64,
    /// `'` `.` `:`: join two letters (MidLetter, MidNumLet, Single_Quote).
    mid_letter: u64,
    /// `'` `.` `,` `;`: join two digits (MidNum, MidNumLet, Single_Quote).
    mid_num: u64,
}

/// Words of `text[start..end]`, a run of whole ASCII chunks (white space or
/// the text's ends on both sides), by the UAX #29 rules that apply to
/// ASCII: letters and digits join (WB5, WB8–WB10), `_` joins anything
/// word-like (WB13a/b), `'` `.` `:` join two letters (WB6/7), `'` `.` `,`
/// `;` join two digits (WB11/12). So a word is a maximal run of bytes that
/// are word-like or a joiner between two letters or two digits, found with
/// bit masks 64 bytes at a time instead of a branch per byte. Words without
/// a letter or digit are left out.
fn ascii_words<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    f: &mut impl FnMut(usize, &'t str, bool),
) {
    let bytes = &text.as_bytes()[start..end];
    let block = |k: usize| {
        let from = k * 64;
        if let Some(full) = bytes.get(from..from + 64) {
            return classify(full.try_into().unwrap_or(&[0; 64]));
        }
        // The last, short block, padded with bytes of no class.
        let mut b = [0u8; 64];
        b[..bytes.len() - from].copy_from_slice(&bytes[from..]);
        classify(&b)
    };
    let blocks = bytes.len().div_ceil(64);
    let mut cur = if blocks > 0 { block(0) } else { return };
    // The previous block's last letter, digit and word bits.
    let (mut last_letter, mut last_digit, mut last_word) = (0u64, 0u64, 0u64);
    let mut open: Option<usize> = None;
    let mut emit = |s: usize, e: usize| {
        let word = &text[start + s..start + e];
        // A word starts with a letter, digit or `_` (joiners need a letter
        // or digit before them), so only one starting with `_` needs a look.
        if word.as_bytes()[0] != b'_' || word.bytes().any(|c| c.is_ascii_alphanumeric()) {
            f(start + s, word, true);
        }
    };
    for k in 0..blocks {
        let next = if k + 1 < blocks {
            block(k + 1)
        } else {
            Masks::default()
        };
        let before = |m: u64, carry: u64| (m << 1) | carry;
        let after = |m: u64, n: u64| (m >> 1) | (n << 63);
        let joins_letters =
            cur.mid_letter & before(cur.letter, last_letter) & after(cur.letter, next.letter & 1);
        let joins_digits =
            cur.mid_num & before(cur.digit, last_digit) & after(cur.digit, next.digit & 1);
        let word = cur.letter | cur.digit | cur.under | joins_letters | joins_digits;
        let mut starts = word & !before(word, last_word);
        // One past a word's end: the first byte after it that is not in it.
        let mut ends = !word & before(word, last_word);
        let base = k * 64;
        loop {
            if open.is_none() {
                if starts == 0 {
                    break;
                }
                open = Some(base + starts.trailing_zeros() as usize);
                starts &= starts - 1;
            }
            if ends == 0 {
                break;
            }
            let e = base + ends.trailing_zeros() as usize;
            ends &= ends - 1;
            if let Some(s) = open.take() {
                emit(s, e);
            }
        }
        last_letter = cur.letter >> 63;
        last_digit = cur.digit >> 63;
        last_word = word >> 63;
        cur = next;
    }
    if let Some(s) = open {
        emit(s, bytes.len());
    }
}

/// The masks of a 64-byte block, sixteen bytes per SSE2 compare.
#[cfg(target_arch = "x86_64")]
fn classify(b: &[u8; 64]) -> Masks {
    // SAFETY: SSE2 is part of the x86-64 baseline: every CPU this code
    // runs on has it.
    #[allow(unsafe_code)]
    unsafe {
        classify_sse2(b)
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn classify_sse2(b: &[u8; 64]) -> Masks {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set_epi64x, _mm_set1_epi8,
    };
    let bits = |v: __m128i| u64::from(_mm_movemask_epi8(v) as u16);
    let eq = |v: __m128i, c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
    let mut m = Masks::default();
    for (q, lane) in b.chunks_exact(16).enumerate() {
        let half = |h: usize| i64::from_le_bytes(lane[h..h + 8].try_into().unwrap_or([0; 8]));
        let v = _mm_set_epi64x(half(8), half(0));
        // Range checks as signed compares: `x + (0x80 - lo)` lands in
        // -128..-128 + len exactly when `lo <= x < lo + len`.
        let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        let letter = _mm_cmplt_epi8(
            _mm_add_epi8(lower, _mm_set1_epi8(0x80u8.wrapping_sub(b'a') as i8)),
            _mm_set1_epi8(-128 + 26),
        );
        let digit = _mm_cmplt_epi8(
            _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(b'0') as i8)),
            _mm_set1_epi8(-128 + 10),
        );
        let (quote, dot) = (eq(v, b'\''), eq(v, b'.'));
        let shift = 16 * q;
        m.letter |= bits(letter) << shift;
        m.digit |= bits(digit) << shift;
        m.under |= bits(eq(v, b'_')) << shift;
        m.mid_letter |= bits(_mm_or_si128(_mm_or_si128(quote, dot), eq(v, b':'))) << shift;
        m.mid_num |= bits(_mm_or_si128(
            _mm_or_si128(quote, dot),
            _mm_or_si128(eq(v, b','), eq(v, b';')),
        )) << shift;
    }
    m
}

/// The masks of a 64-byte block, a byte at a time (other CPUs, and the
/// reference the SSE2 version is tested against).
#[cfg(any(not(target_arch = "x86_64"), test))]
fn classify_bytes(b: &[u8; 64]) -> Masks {
    let mut m = Masks::default();
    for (j, &c) in b.iter().enumerate() {
        let bit = |yes: bool| u64::from(yes) << j;
        m.letter |= bit(c.is_ascii_alphabetic());
        m.digit |= bit(c.is_ascii_digit());
        m.under |= bit(c == b'_');
        m.mid_letter |= bit(matches!(c, b'\'' | b'.' | b':'));
        m.mid_num |= bit(matches!(c, b'\'' | b'.' | b',' | b';'));
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
fn classify(b: &[u8; 64]) -> Masks {
    classify_bytes(b)
}

/// Pass on a word from UAX #29, keeping only words with a letter or digit
/// and cutting words of unspaced scripts into characters.
fn split_unspaced<'t>(start: usize, word: &'t str, f: &mut impl FnMut(usize, &'t str)) {
    if word.chars().any(is_unspaced_script) {
        for (i, c) in word.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
            f(start + i, &word[i..i + c.len_utf8()]);
        }
    } else {
        f(start, word);
    }
}

/// Scripts written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x3FFFF  // CJK extensions B..
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition: UAX #29 over the whole text.
    fn reference(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        for (s, w) in text.unicode_word_indices() {
            split_unspaced(s, w, &mut |s, w| out.push((s, w)));
        }
        out
    }

    fn fast(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        for_each_word(text, |s, w, ascii| {
            assert_eq!(ascii, w.is_ascii());
            out.push((s, w));
        });
        out
    }

    #[test]
    fn ascii_rules() {
        let t = "U.S. don't 3.14 1,000,000 a:b foo_bar _ x.y.z 12ab ab12 a..b 1,,2 'tis end' e.g.";
        assert_eq!(fast(t), reference(t));
        assert_eq!(
            fast("U.S. don't").iter().map(|w| w.1).collect::<Vec<_>>(),
            ["U.S", "don't"]
        );
    }

    #[test]
    fn block_masks_equal_the_bytewise_reference() {
        let mut b = [0u8; 64];
        for round in 0u32..2000 {
            for (j, x) in b.iter_mut().enumerate() {
                *x = (round.wrapping_mul(2_654_435_761) ^ (j as u32).wrapping_mul(40_503)) as u8;
            }
            assert_eq!(classify(&b), classify_bytes(&b), "{b:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        for chunk in all.chunks(64) {
            let b: [u8; 64] = chunk.try_into().unwrap();
            assert_eq!(classify(&b), classify_bytes(&b));
        }
    }

    #[test]
    fn words_across_block_edges() {
        // Joiners and words on every side of the 64-byte block boundaries.
        for pad in 0..70 {
            for tail in ["ab.cd", "1,2", "x'y", "_a", "a_", "3.x", ".a", "__", "a:"] {
                let t = format!("{}{tail} {}{tail}", "z".repeat(pad), "9".repeat(pad));
                assert_eq!(fast(&t), reference(&t), "{t:?}");
            }
        }
    }

    #[test]
    fn mixed_scripts_and_marks() {
        for t in [
            "Russia’s “courageous” move — 塔利班 ประเทศไทย",
            "a \u{301}b c\u{200d}\u{1F600} \u{feff}Hello",
            "x\u{a0}y z\u{200b}w",
            "\u{301}start",
            "ｆｕｌｌ ｗｉｄｔｈ ﾀﾘﾊﾞﾝ",
        ] {
            assert_eq!(fast(t), reference(t), "{t:?}");
        }
    }

    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            "7",
            "0",
            "_",
            "'",
            ".",
            ",",
            ";",
            ":",
            "-",
            "!",
            " ",
            "\n",
            "\r\n",
            "\t",
            "ab",
            "U.S.",
            "é",
            "e\u{301}",
            "’",
            "“",
            "—",
            "塔",
            "ท",
            "ﾀ",
            "\u{200d}",
            "\u{200b}",
            "\u{a0}",
            "\u{feff}",
            "\u{1F600}",
            "\u{1F1FA}\u{1F1F8}",
            "א",
            "'",
            "\u{2060}",
            "\u{ad}",
            "٣",
            "①",
            "Ⅻ",
            "\u{300}",
            "ß",
            "İ",
            "\u{85}",
            "\u{2028}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_path_equals_uax29(t in text()) {
            prop_assert_eq!(fast(&t), reference(&t));
        }

        #[test]
        fn fast_path_equals_uax29_on_any_string(t in any::<String>()) {
            prop_assert_eq!(fast(&t), reference(&t));
        }
    }
}
