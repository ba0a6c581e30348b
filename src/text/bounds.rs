//! UAX #29 sentence boundaries, as `unicode-segmentation` finds them, with
//! a fast path for ASCII.
//!
//! The crate looks every char up in a range table by binary search; on
//! English text that lookup and its state machine were a quarter of the
//! instructions of `compare --pairs`. Here the text is cut after each line
//! feed (the rules always break there, and no rule looks back past one), an
//! ASCII piece goes through a port of the crate's state machine that reads
//! a 128-entry table, and any other piece goes to the crate. The property
//! tests below hold the two paths equal on arbitrary text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{Sentence, SourceText, Span};

/// Sentence category of an ASCII byte (the crate's `SentenceCat`, minus the
/// classes no ASCII byte has: Extend, Format, OLetter, Sep).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Any,
    Cr,
    Lf,
    Sp,
    STerm,
    ATerm,
    Close,
    SContinue,
    Numeric,
    Upper,
    Lower,
}

const fn cat_of(b: u8) -> Cat {
    match b {
        b'\t' | 0x0b | 0x0c | b' ' => Cat::Sp,
        b'\n' => Cat::Lf,
        b'\r' => Cat::Cr,
        b'!' | b'?' => Cat::STerm,
        b'.' => Cat::ATerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
        b',' | b'-' | b':' | b';' => Cat::SContinue,
        b'0'..=b'9' => Cat::Numeric,
        b'A'..=b'Z' => Cat::Upper,
        b'a'..=b'z' => Cat::Lower,
        _ => Cat::Any,
    }
}

const CATS: [Cat; 128] = {
    let mut t = [Cat::Any; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = cat_of(b as u8);
        b += 1;
    }
    t
};

/// One entry of the crate's four-part history (`StatePart`; Sep never
/// occurs in ASCII and the end of text is handled apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

type State = [Part; 4];

fn advance(s: State, cat: Cat) -> State {
    match (s[3], cat) {
        (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => s,
        _ => [
            s[1],
            s[2],
            s[3],
            match cat {
                Cat::Cr => Part::Cr,
                Cat::Lf => Part::Lf,
                Cat::ATerm => Part::ATerm,
                Cat::Upper | Cat::Lower => Part::UpperLower,
                Cat::Close => Part::ClosePlus,
                Cat::Sp => Part::SpPlus,
                Cat::STerm => Part::STerm,
                _ => Part::Other,
            },
        ],
    }
}

fn is_saterm(p: Part) -> bool {
    p == Part::STerm || p == Part::ATerm
}

/// The part before `Close* Sp*` at the head of the history (SB8, SB8a).
fn before_close_sp(s: &State) -> Part {
    let mut idx = if s[3] == Part::SpPlus { 2 } else { 3 };
    if s[idx] == Part::ClosePlus {
        idx -= 1;
    }
    s[idx]
}

/// SB9: `SATerm Close*`.
fn sb9(s: &State) -> bool {
    is_saterm(if s[3] == Part::ClosePlus { s[2] } else { s[3] })
}

/// SB11: `SATerm Close* Sp* ParaSep?`.
fn sb11(s: &State) -> bool {
    let mut idx = if matches!(s[3], Part::Cr | Part::Lf) {
        2
    } else {
        3
    };
    if s[idx] == Part::SpPlus {
        idx -= 1;
    }
    if s[idx] == Part::ClosePlus {
        idx -= 1;
    }
    is_saterm(s[idx])
}

/// Break positions of an ASCII text, as the crate's `SentenceBreaks`:
/// 0 first (for a non-empty text), the length last.
fn ascii_breaks(bytes: &[u8], out: &mut Vec<usize>) {
    let mut state: State = [Part::Sot; 4];
    // SB8 looks ahead for a lower-case letter; the answer holds for every
    // position up to the byte that decided it, so one scan serves them all
    // (the crate scans again from each position).
    let mut sb8_until: Option<(usize, bool)> = None;
    for (i, &b) in bytes.iter().enumerate() {
        let before = state;
        let cat = CATS[usize::from(b & 0x7f)];
        state = advance(state, cat);
        // After a letter, digit or other char no rule breaks (a break
        // needs the history to end in Sot, a paragraph separator or
        // `SATerm Close* Sp*`): most bytes stop here.
        if matches!(before[3], Part::Other | Part::UpperLower) {
            continue;
        }
        // The crate's rules, in its order.
        let brk = match cat {
            _ if before[3] == Part::Sot => true,                   // SB1
            Cat::Lf if before[3] == Part::Cr => false,             // SB3
            _ if matches!(before[3], Part::Cr | Part::Lf) => true, // SB4
            Cat::Numeric if before[3] == Part::ATerm => false,     // SB6
            Cat::Upper if before[2] == Part::UpperLower && before[3] == Part::ATerm => false, // SB7
            _ if before_close_sp(&before) == Part::ATerm && {
                let (until, lower) = match sb8_until {
                    Some((until, lower)) if i <= until => (until, lower),
                    _ => sb8_scan(bytes, i),
                };
                sb8_until = Some((until, lower));
                lower
            } =>
            {
                false // SB8
            }
            Cat::SContinue | Cat::STerm | Cat::ATerm if is_saterm(before_close_sp(&before)) => {
                false // SB8a
            }
            Cat::Close | Cat::Sp | Cat::Cr | Cat::Lf if sb9(&before) => false, // SB9
            Cat::Sp | Cat::Cr | Cat::Lf if is_saterm(before_close_sp(&before)) => false, // SB10
            _ => sb11(&before),                                                // SB11, else SB998
        };
        if brk {
            out.push(i);
        }
    }
    if state[3] != Part::Sot {
        out.push(bytes.len()); // SB2
    }
}

/// SB8's look-ahead from `from`: `(¬(OLetter | Upper | Lower | ParaSep |
/// SATerm))* Lower`. Returns the position of the deciding byte (or the
/// length) and whether it is a lower-case letter.
fn sb8_scan(bytes: &[u8], from: usize) -> (usize, bool) {
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match CATS[usize::from(b & 0x7f)] {
            Cat::Lower => return (k, true),
            Cat::Upper | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => return (k, false),
            _ => {}
        }
    }
    (bytes.len(), false)
}

/// The sentence segments of `text` with their byte offsets: exactly what
/// `text.split_sentence_bound_indices()` yields, found faster.
pub(crate) fn sentence_bound_indices(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    bounds_into(text, &mut Vec::new(), &mut out);
    out
}

/// [`sentence_bound_indices`] into `out` (cleared first), `breaks` being
/// scratch space: splitting every line of a document then allocates once.
fn bounds_into<'a>(text: &'a str, breaks: &mut Vec<usize>, out: &mut Vec<(usize, &'a str)>) {
    out.clear();
    let mut start = 0;
    while start < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |k| start + k + 1);
        let line = &text[start..end];
        if line.is_ascii() {
            ascii_segments(line, start, breaks, out);
        } else {
            let mut from = 0;
            for cut in cuts(line.as_bytes()).chain([line.len()]) {
                let piece = &line[from..cut];
                if piece.is_ascii() {
                    ascii_segments(piece, start + from, breaks, out);
                } else {
                    let base = start + from;
                    out.extend(
                        piece
                            .split_sentence_bound_indices()
                            .map(|(off, s)| (base + off, s)),
                    );
                }
                from = cut;
            }
        }
        start = end;
    }
}

/// The segments of ASCII `piece`, which starts at byte `base`, added to
/// `out` (`breaks` is scratch space).
fn ascii_segments<'a>(
    piece: &'a str,
    base: usize,
    breaks: &mut Vec<usize>,
    out: &mut Vec<(usize, &'a str)>,
) {
    breaks.clear();
    ascii_breaks(piece.as_bytes(), breaks);
    out.extend(breaks.windows(2).map(|w| (base + w[0], &piece[w[0]..w[1]])));
}

/// Positions inside `line` (no line feed but at its end) where the rules
/// surely break and nothing before counts for what follows: an ASCII
/// capital after `.`, `!` or `?` and spaces. The history then ends in
/// `SATerm Sp+`, so SB11 breaks; no rule walks back over the capital
/// (`Upper` is neither `Close` nor `Sp`), and SB8's look-ahead stops at it.
/// Cutting there lets the ASCII sentences of a line with a few non-ASCII
/// chars take the fast path.
fn cuts(line: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(b'.', b'!', b'?', line).filter_map(|k| {
        let spaces = line[k + 1..].iter().take_while(|&&b| b == b' ').count();
        let at = k + 1 + spaces;
        (spaces > 0 && line.get(at).is_some_and(u8::is_ascii_uppercase)).then_some(at)
    })
}

/// The document's sentences ([`SourceText::sentences`]): UAX #29
/// boundaries plus one at every line break, sentences without tokens left
/// out.
pub(super) fn sentences(doc: &SourceText) -> Vec<Sentence> {
    let text = doc.text();
    let mut out = Vec::new();
    let (mut breaks, mut segments) = (Vec::new(), Vec::new());
    for line in lines(text) {
        bounds_into(&text[line.clone()], &mut breaks, &mut segments);
        for &(off, s) in &segments {
            let trimmed = s.trim();
            if trimmed.is_empty() {
                continue;
            }
            let lead = s.len() - s.trim_start().len();
            let start = (line.start + off + lead) as u32;
            let span = Span::new(start, start + trimmed.len() as u32);
            let first = doc.token_at_or_after(span.start);
            let last = doc.token_at_or_after(span.end);
            if first < last {
                out.push(Sentence {
                    span,
                    tokens: first..last,
                });
            }
        }
    }
    out
}

/// Byte ranges of the lines of `text` (`\n`, `\r\n` and `\r` end a line;
/// the break is not part of it).
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut rest = 0usize;
    std::iter::from_fn(move || {
        if rest >= bytes.len() {
            return None;
        }
        let end = memchr::memchr2(b'\n', b'\r', &bytes[rest..]).map_or(bytes.len(), |k| rest + k);
        let line = rest..end;
        rest = if bytes[end..].starts_with(b"\r\n") {
            end + 2
        } else {
            end + 1
        };
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_bounds(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    #[test]
    fn known_cases() {
        for text in [
            "",
            "a",
            "Mr. Smith went. He said \"no.\" Then (he left.) ok? Yes!  Fine.\n\nNew para",
            "etc. and so on. U.S. Army 3.5 percent. e.g. this. X. y",
            "Hello.\r\nWorld.\rAgain.\n",
            "Ünïcode. Straße ist \u{2029}lang. Ende",
            "a.\u{301}b. c. 1. \u{85}z",
        ] {
            assert_eq!(sentence_bound_indices(text), crate_bounds(text), "{text:?}");
        }
    }

    /// The sentences as the crate alone finds them, line by line: the
    /// oracle for [`sentences`].
    fn crate_sentences(d: &SourceText) -> Vec<Sentence> {
        let text = d.text();
        let mut out = Vec::new();
        for line in text.split_inclusive(['\n', '\r']) {
            let start = line.as_ptr() as usize - text.as_ptr() as usize;
            let body = line.trim_end_matches(['\n', '\r']);
            for (off, s) in body.split_sentence_bound_indices() {
                let trimmed = s.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let from = (start + off + s.len() - s.trim_start().len()) as u32;
                let span = Span::new(from, from + trimmed.len() as u32);
                let tokens = d.token_at_or_after(span.start)..d.token_at_or_after(span.end);
                if !tokens.is_empty() {
                    out.push(Sentence { span, tokens });
                }
            }
        }
        out
    }

    #[test]
    fn sentences_equal_the_crates() {
        let p = crate::text::Pipeline::new(crate::text::TextOptions::default());
        let d = p
            .document("\u{feff}Été — “first.” Second one?\r\nThird 塔利班.\n\nA. b. C\rd")
            .unwrap();
        assert_eq!(sentences(&d), crate_sentences(&d));
    }

    /// Text built from the bytes and chars the rules tell apart.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "b", "Z", "Q", "7", ".", "!", "?", " ", "\t", "\n", "\r", "\r\n", "\"", "'", "(",
            ")", ",", "-", ":", ";", "#", "\u{a0}", "é", "É", "\u{301}", "\u{ad}", "\u{85}",
            "\u{2029}", "。", "塔", "”", "\u{2024}", "\u{ff0e}", "Mr", "etc", "U.S.", ". ", "? ",
            "! T", ". A",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn fast_path_equals_the_crate_on_chosen_pieces(s in text()) {
            prop_assert_eq!(sentence_bound_indices(&s), crate_bounds(&s));
        }

        #[test]
        fn fast_path_equals_the_crate_on_any_ascii(s in "[\\x00-\\x7f]{0,60}") {
            prop_assert_eq!(sentence_bound_indices(&s), crate_bounds(&s));
        }

        #[test]
        fn fast_path_equals_the_crate_on_any_text(s in any::<String>()) {
            prop_assert_eq!(sentence_bound_indices(&s), crate_bounds(&s));
        }

        #[test]
        fn sentences_equal_the_general_path(s in text()) {
            let p = crate::text::Pipeline::new(crate::text::TextOptions::default());
            let d = p.document(s.as_str()).unwrap();
            prop_assert_eq!(sentences(&d), crate_sentences(&d));
        }
    }
}
