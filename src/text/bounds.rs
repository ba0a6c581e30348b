//! UAX #29 sentence boundaries, as `unicode-segmentation` finds them, with
//! a fast path for ASCII and the commonest other chars of Western text.
//!
//! The crate looks every char up in a range table by binary search; on
//! English text that lookup and its state machine were a quarter of the
//! instructions of `compare --pairs`. Here the text is cut after each line
//! feed (the rules always break there, and no rule looks back past one), a
//! piece whose chars all have a category in a small table (ASCII, Latin-1,
//! the dashes and curly quotes of U+2010..U+2027) goes through a port of
//! the crate's state machine, and any other piece goes to the crate. The
//! property tests below hold the two paths equal on arbitrary text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{Sentence, SourceText, Span};

/// Sentence category of a char of the fast path (the crate's
/// `SentenceCat`, minus the classes the fast path leaves to the crate:
/// Extend, Format, OLetter, Sep).
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

/// The category of a non-ASCII char the fast path knows (Unicode 16's
/// Sentence_Break property, as the crate's table has it), `None` for the
/// others. Latin-1 letters, the no-break space, guillemets, dashes and
/// curly quotes are most of the non-ASCII chars of English and Western
/// European news.
fn wide_cat(c: char) -> Option<Cat> {
    Some(match c {
        '\u{85}' | '\u{ad}' => return None, // Sep, Format
        '\u{a0}' => Cat::Sp,
        '\u{aa}' | '\u{b5}' | '\u{ba}' | '\u{df}'..='\u{f6}' | '\u{f8}'..='\u{ff}' => Cat::Lower,
        '\u{ab}' | '\u{bb}' => Cat::Close,
        '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}' => Cat::Upper,
        '\u{80}'..='\u{ff}' => Cat::Any,
        '\u{2013}' | '\u{2014}' => Cat::SContinue,
        '\u{2018}'..='\u{201f}' => Cat::Close,
        '\u{2024}' => Cat::ATerm,
        '\u{2010}'..='\u{2027}' | '\u{20ac}' | '\u{2122}' => Cat::Any,
        _ => return None,
    })
}

/// One entry of the crate's four-part history (`StatePart`; Sep never
/// occurs on the fast path and the end of text is handled apart).
const SOT: u32 = 0;
const OTHER: u32 = 1;
const CR: u32 = 2;
const LF: u32 = 3;
const ATERM: u32 = 4;
const UPPER_LOWER: u32 = 5;
const CLOSE_PLUS: u32 = 6;
const SP_PLUS: u32 = 7;
const STERM: u32 = 8;

/// The history, four parts of a byte each, the newest in the low byte
/// (the crate's `[StatePart; 4]` with its last entry here in bits 0..8).
type State = u32;

fn newest(s: State) -> u32 {
    s & 0xff
}

const fn part(cat: Cat) -> u32 {
    match cat {
        Cat::Cr => CR,
        Cat::Lf => LF,
        Cat::ATerm => ATERM,
        Cat::Upper | Cat::Lower => UPPER_LOWER,
        Cat::Close => CLOSE_PLUS,
        Cat::Sp => SP_PLUS,
        Cat::STerm => STERM,
        _ => OTHER,
    }
}

/// [`part`] of each ASCII byte.
const ASCII_PARTS: [u32; 128] = {
    let mut t = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = part(CATS[b]);
        b += 1;
    }
    t
};

/// The bytes that can end a quiet stretch: sentence terminators, line
/// breaks and non-ASCII. From a quiet history, any run of other bytes
/// (letters, digits, spaces, closing punctuation…) keeps the newest entry
/// that is neither `Close+` nor `Sp+` a letter or other char, so no rule
/// breaks inside it (every break needs that entry to be Sot, a paragraph
/// separator or an `SATerm`) and SB8's look-ahead is not asked: only the
/// history after it matters ([`advance_run`]).
const STOPS: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = matches!(b as u8, b'.' | b'!' | b'?' | b'\r' | b'\n');
        b += 1;
    }
    t
};

/// The number of bytes before the first of [`STOPS`] in `bytes` (all of
/// them when there is none).
fn until_stop(bytes: &[u8]) -> usize {
    // The next sentence mark by memchr; a line break or non-ASCII byte
    // before it is rarer, and ruled out a word at a time.
    let end = memchr::memchr3(b'.', b'!', b'?', bytes).unwrap_or(bytes.len());
    let head = &bytes[..end];
    if head.is_ascii() && memchr::memchr2(b'\n', b'\r', head).is_none() {
        return end;
    }
    head.iter()
        .position(|&b| STOPS[usize::from(b)])
        .unwrap_or(end)
}

/// The history after the ASCII bytes `run` from `s`: `advance_part` with
/// each byte's part in turn, reading only the bytes of the last four
/// entries (the history keeps no more; a `Close+` or `Sp+` run is one).
fn advance_run(s: State, run: &[u8]) -> State {
    let part = |k: usize| ASCII_PARTS[usize::from(run[k])];
    let (mut start, mut entries) = (run.len(), 0);
    while start > 0 && entries < 4 {
        start -= 1;
        let p = part(start);
        if p == CLOSE_PLUS || p == SP_PLUS {
            while start > 0 && part(start - 1) == p {
                start -= 1;
            }
        }
        entries += 1;
    }
    // Four whole entries shift every older one out; Sot never merges
    // with the first of them.
    let from = if start == 0 { s } else { SOT };
    run[start..]
        .iter()
        .fold(from, |s, &b| advance_part(s, ASCII_PARTS[usize::from(b)]))
}

fn advance(s: State, cat: Cat) -> State {
    advance_part(s, part(cat))
}

fn advance_part(s: State, p: u32) -> State {
    // `Close+` and `Sp+` are one entry however long the run.
    if p == newest(s) && (p == CLOSE_PLUS || p == SP_PLUS) {
        s
    } else {
        (s << 8) | p
    }
}

/// Whether no rule can break before the next char, whatever it is: the
/// history ends in a letter, digit or other char, then maybe `Close*
/// Sp*`. Every break needs it to end in Sot, a paragraph separator or
/// `SATerm Close* Sp*` (SB1, SB4, SB11); the rules before only forbid
/// breaks. Most positions of a text are quiet.
#[inline]
fn quiet(s: State) -> bool {
    // Inside a word first: the common case, one test.
    matches!(newest(s), OTHER | UPPER_LOWER) || matches!(before_close_sp(s), OTHER | UPPER_LOWER)
}

fn is_saterm(p: u32) -> bool {
    p == STERM || p == ATERM
}

/// The part before `Close* Sp*` at the head of the history (SB8, SB8a).
fn before_close_sp(mut s: State) -> u32 {
    if newest(s) == SP_PLUS {
        s >>= 8;
    }
    if newest(s) == CLOSE_PLUS {
        s >>= 8;
    }
    newest(s)
}

/// SB9: `SATerm Close*`.
fn sb9(s: State) -> bool {
    is_saterm(if newest(s) == CLOSE_PLUS {
        newest(s >> 8)
    } else {
        newest(s)
    })
}

/// SB11: `SATerm Close* Sp* ParaSep?`.
fn sb11(mut s: State) -> bool {
    if matches!(newest(s), CR | LF) {
        s >>= 8;
    }
    is_saterm(before_close_sp(s))
}

/// The category of the char at byte `i` of `text` and its length in
/// bytes, `None` for a char the fast path leaves to the crate.
#[inline]
fn cat_at(text: &str, i: usize) -> Option<(Cat, usize)> {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return Some((CATS[usize::from(b)], 1));
    }
    let c = text[i..].chars().next()?;
    Some((wide_cat(c)?, c.len_utf8()))
}

/// Break positions of `text`, as the crate's `SentenceBreaks`: 0 first (for
/// a non-empty text), the length last. `false` (with `out` in any state)
/// when a char is not on the fast path.
fn fast_breaks(text: &str, out: &mut Vec<usize>) -> bool {
    let mut state: State = SOT;
    // SB8 looks ahead for a lower-case letter; the answer holds for every
    // position up to the char that decided it, so one scan serves them all
    // (the crate scans again from each position).
    let mut sb8_until: Option<(usize, bool)> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if quiet(state) {
            // Skip to the next byte that can end the quiet stretch.
            let run = until_stop(&bytes[i..]);
            if run > 0 {
                state = advance_run(state, &bytes[i..i + run]);
                i += run;
                continue;
            }
            // No break before an ASCII terminator or line break either.
            if bytes[i] < 0x80 {
                state = advance_part(state, ASCII_PARTS[usize::from(bytes[i])]);
                i += 1;
                continue;
            }
        }
        let Some((cat, len)) = cat_at(text, i) else {
            return false;
        };
        let before = state;
        state = advance(state, cat);
        let at = i;
        i += len;
        if quiet(before) {
            continue;
        }
        let last = newest(before);
        // The crate's rules, in its order.
        let brk = match cat {
            _ if last == SOT => true,               // SB1
            Cat::Lf if last == CR => false,         // SB3
            _ if last == CR || last == LF => true,  // SB4
            Cat::Numeric if last == ATERM => false, // SB6
            Cat::Upper if newest(before >> 8) == UPPER_LOWER && last == ATERM => false, // SB7
            _ if before_close_sp(before) == ATERM && {
                let (until, lower) = match sb8_until {
                    Some((until, lower)) if at <= until => (until, lower),
                    _ => sb8_scan(text, at),
                };
                sb8_until = Some((until, lower));
                lower
            } =>
            {
                false // SB8
            }
            Cat::SContinue | Cat::STerm | Cat::ATerm if is_saterm(before_close_sp(before)) => {
                false // SB8a
            }
            Cat::Close | Cat::Sp | Cat::Cr | Cat::Lf if sb9(before) => false, // SB9
            Cat::Sp | Cat::Cr | Cat::Lf if is_saterm(before_close_sp(before)) => false, // SB10
            _ => sb11(before),                                                // SB11, else SB998
        };
        if brk {
            out.push(at);
        }
    }
    if state != SOT {
        out.push(text.len()); // SB2
    }
    true
}

/// SB8's look-ahead from byte `from`: `(¬(OLetter | Upper | Lower |
/// ParaSep | SATerm))* Lower`. Returns the position of the deciding char
/// (or the length) and whether it is a lower-case letter. Only called on
/// text the fast path knows.
fn sb8_scan(text: &str, from: usize) -> (usize, bool) {
    let mut k = from;
    while let Some((cat, len)) = (k < text.len()).then(|| cat_at(text, k)).flatten() {
        match cat {
            Cat::Lower => return (k, true),
            Cat::Upper | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => return (k, false),
            _ => k += len,
        }
    }
    (text.len(), false)
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
        if !fast_segments(line, start, breaks, out) {
            let mut from = 0;
            for cut in cuts(line.as_bytes()).chain([line.len()]) {
                let piece = &line[from..cut];
                let base = start + from;
                if !fast_segments(piece, base, breaks, out) {
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

/// The segments of `piece`, which starts at byte `base`, added to `out`
/// (`breaks` is scratch space); `false`, adding nothing, when a char of
/// it is not on the fast path.
fn fast_segments<'a>(
    piece: &'a str,
    base: usize,
    breaks: &mut Vec<usize>,
    out: &mut Vec<(usize, &'a str)>,
) -> bool {
    breaks.clear();
    if !fast_breaks(piece, breaks) {
        return false;
    }
    out.extend(breaks.windows(2).map(|w| (base + w[0], &piece[w[0]..w[1]])));
    true
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

    /// Text mixing every non-ASCII char of the fast path with the ASCII
    /// chars the rules tell apart, so each wide char meets every context.
    fn wide_text() -> impl Strategy<Value = String> {
        let ascii: Vec<char> = "aZ7.!? \n\r\",-(#".chars().collect();
        let wide: Vec<char> = ('\u{80}'..='\u{ff}')
            .chain('\u{2010}'..='\u{2027}')
            .chain(['\u{20ac}', '\u{2122}'])
            .collect();
        let c = prop_oneof![
            3 => prop::sample::select(ascii),
            1 => prop::sample::select(wide),
        ];
        prop::collection::vec(c, 0..30).prop_map(|v| v.into_iter().collect())
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
        fn fast_path_equals_the_crate_on_its_chars(s in wide_text()) {
            prop_assert_eq!(sentence_bound_indices(&s), crate_bounds(&s));
        }

        #[test]
        fn fast_path_equals_the_crate_on_any_ascii(s in "[\\x00-\\x7f]{0,60}") {
            prop_assert_eq!(sentence_bound_indices(&s), crate_bounds(&s));
        }

        #[test]
        fn the_next_stop_is_the_first_byte_of_the_table(
            bytes in prop::collection::vec(
                prop::sample::select(b"a .!?\n\r\xc3\xa9Z".to_vec()),
                0..40,
            ),
        ) {
            let first = bytes
                .iter()
                .position(|&b| STOPS[usize::from(b)])
                .unwrap_or(bytes.len());
            prop_assert_eq!(until_stop(&bytes), first);
        }

        #[test]
        fn a_run_advances_as_its_bytes_one_by_one(
            s in 0u32..=u32::MAX,
            run in prop::collection::vec(prop::sample::select(b"aZ7#,\" \t)(]".to_vec()), 0..12),
        ) {
            let one_by_one = run
                .iter()
                .fold(s, |s, &b| advance_part(s, ASCII_PARTS[usize::from(b)]));
            prop_assert_eq!(advance_run(s, &run), one_by_one);
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
