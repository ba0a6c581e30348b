//! Token normalisation: what makes `Russia’s` and `RUSSIA'S` the same word.
//!
//! Steps, in order: Unicode NFKC (compatibility forms such as full-width
//! letters and ligatures fold to their plain form), full Unicode lower-casing,
//! then folding of typographic variants: every single quote or apostrophe to
//! `'`, every double quote to `"`, every dash or minus to `-`. With
//! `strip_diacritics`, letters lose their combining marks (`é` → `e`).
//!
//! The result is idempotent: normalising a normalised token changes nothing.
//! ASCII input takes a fast path (ASCII is already NFKC).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalise one token into `out` (which is cleared first).
pub fn normalize_into(raw: &str, strip_diacritics: bool, out: &mut String) {
    out.clear();
    if raw.is_ascii() {
        out.push_str(raw);
        out.make_ascii_lowercase();
        return;
    }
    one_pass(raw, strip_diacritics, out);
    // ASCII after a pass (`Russia’s`) is already the fixed point: ASCII is
    // its own NFKC and NFKD, has no combining marks, and a pass leaves no
    // upper-case letter (lower-case mappings are lower case, and the folds
    // give `'`, `"` and `-`). A property test holds the shortcuts to the definition.
    if out.is_ascii() {
        return;
    }
    settle(strip_diacritics, out);
}

/// Pass over `out` until it no longer changes: lower-casing can leave text
/// that is not NFKC, and NFKC can produce upper-case letters from
/// compatibility forms (one round in all but contrived cases).
fn settle(strip_diacritics: bool, out: &mut String) {
    let mut next = String::with_capacity(out.len());
    for _ in 0..3 {
        next.clear();
        one_pass(out, strip_diacritics, &mut next);
        if next == *out {
            return;
        }
        std::mem::swap(out, &mut next);
    }
}

fn one_pass(src: &str, strip_diacritics: bool, out: &mut String) {
    if strip_diacritics {
        let stripped: String = src.nfkd().filter(|c| !is_combining_mark(*c)).collect();
        fold_lower(stripped.nfkc(), out);
    } else {
        fold_lower(src.nfkc(), out);
    }
}

/// Normalise one token.
pub fn normalize(raw: &str, strip_diacritics: bool) -> String {
    let mut out = String::new();
    normalize_into(raw, strip_diacritics, &mut out);
    out
}

fn fold_lower(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        if c.is_uppercase() {
            out.extend(c.to_lowercase().map(fold_char));
        } else {
            out.push(fold_char(c));
        }
    }
}

/// Fold typographic quote and dash variants to their ASCII form.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn folds_case_quotes_and_width() {
        assert_eq!(normalize("Russia’s", false), "russia's");
        assert_eq!(normalize("RUSSIA'S", false), "russia's");
        assert_eq!(normalize("ＴＡＬＩＢＡＮ", false), "taliban");
        assert_eq!(normalize("ﬁrst", false), "first");
        assert_eq!(normalize("Straße", false), "straße");
        assert_eq!(normalize("İstanbul", false), normalize("i̇stanbul", false));
    }

    #[test]
    fn strips_diacritics_on_request() {
        assert_eq!(normalize("Türkiye", false), "türkiye");
        assert_eq!(normalize("Türkiye", true), "turkiye");
        assert_eq!(normalize("Café", true), "cafe");
    }

    /// The definition: passes of NFKC (after NFKD without marks, if
    /// stripping) and folding to the fixed point, without any shortcut.
    fn reference(raw: &str, strip: bool) -> String {
        let pass = |s: &str| {
            let mut out = String::new();
            if strip {
                let stripped: String = s.nfkd().filter(|c| !is_combining_mark(*c)).collect();
                fold_lower(stripped.nfkc(), &mut out);
            } else {
                fold_lower(s.nfkc(), &mut out);
            }
            out
        };
        let mut out = pass(raw);
        for _ in 0..3 {
            let next = pass(&out);
            if next == out {
                break;
            }
            out = next;
        }
        out
    }

    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "a", "Z", "é", "E\u{301}", "’", "“", "—", "İ", "ǅ", "ẞ", "Ω", "ﬃ", "㎒", "ΐ", "ﾞ", "Å",
            "K", "Ｔ", "ß", "\u{300}", "\u{327}", "\u{1100}", "\u{1161}", "Σ", "ς", "ﬁ", "Ⅻ", "①",
            "'", "-",
        ]);
        proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn shortcuts_equal_the_definition(s in tricky(), strip: bool) {
            proptest::prop_assert_eq!(normalize(&s, strip), reference(&s, strip));
        }

        #[test]
        fn shortcuts_hold_on_any_string(s in proptest::arbitrary::any::<String>(), strip: bool) {
            proptest::prop_assert_eq!(normalize(&s, strip), reference(&s, strip));
        }
    }

    #[test]
    fn idempotent_on_tricky_input() {
        for s in ["İ", "ǅ", "ẞ", "Ω", "ﬃ", "㎒", "ΐ", "ﾞ", "\u{1E9E}x", "Å"] {
            for strip in [false, true] {
                let once = normalize(s, strip);
                assert_eq!(normalize(&once, strip), once, "{s:?} strip={strip}");
            }
        }
    }
}
