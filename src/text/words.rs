//! Word boundaries: UAX #29 (via `unicode-segmentation`), with an exact
//! fast path for ASCII.
//!
//! Most news text is ASCII between a few curly quotes, and running the full
//! Unicode word-boundary tables over every byte is the tokenizer's largest
//! cost. So the text is cut at ASCII white space into chunks (no UAX #29
//! rule joins anything across white space, and every rule that looks past a
//! character's neighbour is stopped by it); a chunk of ASCII letters,
//! digits and punctuation is segmented by [`ascii_words`], which implements
//! the UAX #29 rules that can apply to ASCII (WB5–WB13b); any other chunk
//! goes to `unicode-segmentation` together with the one white-space
//! character before it, so rules that attach marks to a preceding
//! character (WB4) see the same context as in the whole text. A property
//! test holds the result equal to running `unicode_word_indices` over the
//! whole text, on arbitrary input.
//!
//! As before, only words holding a letter or digit are kept, and words in
//! scripts written without spaces are cut into one word per character.

use unicode_segmentation::UnicodeSegmentation;

/// Raw words of `text` with their byte offsets, as `f(start, word)` calls
/// in text order.
pub(crate) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        if ascii {
            ascii_words(&text[start..i], |s, w| f(start + s, w));
        } else {
            // One white-space byte of context before the chunk (WB4).
            let from = start.saturating_sub(1);
            for (s, w) in text[from..i].unicode_word_indices() {
                split_unspaced(from + s, w, &mut f);
            }
        }
    }
}

/// Words of a chunk of ASCII without white space, by the UAX #29 rules
/// that apply to ASCII: letters and digits join (WB5, WB8–WB10), `_` joins
/// anything word-like (WB13a/b), `'` `.` `:` join two letters (WB6/7),
/// `'` `.` `,` `;` join two digits (WB11/12). Words without a letter or
/// digit are left out.
fn ascii_words<'t>(chunk: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let b = chunk.as_bytes();
    let word_like = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !word_like(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            if i < b.len() && word_like(b[i]) {
                i += 1;
                continue;
            }
            // A joiner between two letters or two digits.
            if i + 1 < b.len() {
                let (prev, mid, next) = (b[i - 1], b[i], b[i + 1]);
                let letters = prev.is_ascii_alphabetic()
                    && next.is_ascii_alphabetic()
                    && matches!(mid, b'\'' | b'.' | b':');
                let digits = prev.is_ascii_digit()
                    && next.is_ascii_digit()
                    && matches!(mid, b'\'' | b'.' | b',' | b';');
                if letters || digits {
                    i += 2;
                    continue;
                }
            }
            break;
        }
        let word = &chunk[start..i];
        if word.bytes().any(|c| c.is_ascii_alphanumeric()) {
            f(start, word);
        }
    }
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
        for_each_word(text, |s, w| out.push((s, w)));
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
