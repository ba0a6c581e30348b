//! What a scan keeps of each document after its first reading: band keys,
//! passage fingerprints (winnowed shingle hashes) and the hashes of its
//! boilerplate items (short lines, first and last sentences of paragraphs),
//! plus how HTML documents become text.

use crate::hash;

/// Longest line or sentence, in characters, that can count as boilerplate:
/// page furniture (bylines, footers, sign-up prompts, titles) is short, and
/// skipping long ones keeps the counts small on large corpora.
pub const MAX_LINE_CHARS: usize = 120;

/// Winnowing window, in shingles: every run of `WINDOW` consecutive
/// shingles selects its smallest hash, about `2 / (WINDOW + 1)` of a
/// document's shingles (12%).
pub const WINDOW: usize = 16;

/// The passage fingerprints of a document's shingle hashes in text order
/// ([`crate::sketch::Sketcher::shingle_hashes`]): winnowing (Schleimer,
/// Wilkerson and Aiken, 2003) selects, in every window of [`WINDOW`]
/// consecutive shingles, the smallest hash (rightmost on ties); the
/// fingerprints are the selections and the hashes of every two consecutive
/// selections, truncated to 32 bits. Sorted, without duplicates.
///
/// The windows lying inside a passage that two documents share select the
/// same shingles in both, in the same order, so a shared run of `WINDOW + k
/// - 1` tokens (20 with 5-word shingles) shares at least one fingerprint and
/// one of `2 × WINDOW + k - 1` (36) at least three; about one shingle in
/// eight is selected, so a run of 25 to 30 tokens typically shares three.
/// A selection is one 5-word phrase, often a common one that a large corpus
/// holds in more documents than `--max-df`; a pair of selections spans
/// about twelve words, which common phrases seldom fill together, so a long
/// passage still shares fingerprints under the cut-off. On a generated
/// corpus of 100,000 news-like documents, adding the pairs (and asking for
/// three shared fingerprints instead of two selections) lifted the recall
/// of lifted paragraphs from 0.877 to 0.977 for 10% more pairs to align
/// (`benches/README.md`).
pub fn winnow(shingles: &[u64]) -> Vec<u32> {
    fingerprints(&selections(shingles))
}

/// The winnowed selections of a document's shingle hashes ([`winnow`]),
/// in text order: what a scan keeps of a document, half the size of its
/// fingerprints, which [`fingerprints`] derives from them.
pub fn selections(shingles: &[u64]) -> Vec<u32> {
    let h: Vec<u32> = shingles
        .iter()
        .map(|&s| (hash::fmix64(s) >> 32) as u32)
        .collect();
    let mut out: Vec<u32> = Vec::new();
    if h.is_empty() {
        return out;
    }
    let w = WINDOW.min(h.len());
    // Monotone deque of indices whose hashes increase.
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut last: Option<usize> = None;
    for i in 0..h.len() {
        while deque.back().is_some_and(|&j| h[j] >= h[i]) {
            deque.pop_back();
        }
        deque.push_back(i);
        if deque.front().is_some_and(|&j| j + w <= i) {
            deque.pop_front();
        }
        if i + 1 >= w
            && let Some(&m) = deque.front()
            && last != Some(m)
        {
            out.push(h[m]);
            last = Some(m);
        }
    }
    out
}

/// Each fingerprint of `selections` (in text order): the selections, then
/// the hash of every two consecutive ones. A value may come more than once.
pub fn for_each_fingerprint(selections: &[u32], mut f: impl FnMut(u32)) {
    for &s in selections {
        f(s);
    }
    for p in selections.windows(2) {
        f((hash::fmix64(u64::from(p[0]) << 32 | u64::from(p[1])) >> 32) as u32);
    }
}

/// The fingerprints of `selections` (in text order), sorted, without
/// duplicates.
pub fn fingerprints(selections: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(2 * selections.len());
    for_each_fingerprint(selections, |p| out.push(p));
    out.sort_unstable();
    out.dedup();
    out
}

/// A line or sentence as compared for boilerplate: trimmed, inner
/// whitespace collapsed to single spaces. `None` for an empty one, one
/// longer than [`MAX_LINE_CHARS`] or one without a letter or digit.
pub fn line_key(line: &str) -> Option<String> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    // At least one letter or digit: rules and separators are not content.
    if !t.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The hash of a line key, ignoring case.
pub fn line_hash(key: &str) -> u64 {
    key_hash(key, &mut Vec::new())
}

/// The hash of `s` compared as [`line_key`] does (trimmed, whitespace
/// collapsed, lower case), at any length; `buf` is scratch space.
fn key_hash(s: &str, buf: &mut Vec<u8>) -> u64 {
    buf.clear();
    if s.is_ascii() {
        // The same bytes as the general path below, a word at a time.
        let words = s
            .as_bytes()
            .split(|c| matches!(c, b'\t'..=b'\r' | b' '))
            .filter(|w| !w.is_empty());
        for w in words {
            if !buf.is_empty() {
                buf.push(b' ');
            }
            buf.extend_from_slice(w);
        }
        buf.make_ascii_lowercase();
    } else {
        let mut tmp = [0u8; 4];
        for w in s.split_whitespace() {
            if !buf.is_empty() {
                buf.push(b' ');
            }
            for c in w.chars().flat_map(char::to_lowercase) {
                buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
    }
    hash::fmix64(xxhash_rust::xxh3::xxh3_64(buf))
}

/// [`key_hash`] of `t`, a trimmed line or sentence, when it has a
/// [`line_key`].
fn short_key_hash(t: &str, buf: &mut Vec<u8>) -> Option<u64> {
    // A character is at most four bytes: count only when it can matter.
    let short = t.len() <= MAX_LINE_CHARS
        || (t.len() <= 4 * MAX_LINE_CHARS && t.chars().count() <= MAX_LINE_CHARS);
    let content = |t: &str| match t.is_ascii() {
        true => t.bytes().any(|c| c.is_ascii_alphanumeric()),
        false => t.chars().any(char::is_alphanumeric),
    };
    (!t.is_empty() && short && content(t)).then(|| key_hash(t, buf))
}

/// The hash of a sentence next to its neighbour inside the paragraph.
pub fn context_hash(item: u64, inner: u64) -> u64 {
    hash::fmix64(item ^ inner.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15)
}

/// One place in a text that can be boilerplate: a short line, or the first
/// or last sentence of a longer line (a paragraph).
///
/// Page furniture stands on its own line (bylines, sign-up prompts) or is
/// glued to the start or end of a paragraph ("Additional reporting by …",
/// "Read more on our website."). A sentence in the middle of a paragraph
/// is not an item: the same sentence met in many articles in mid-paragraph
/// is a stock phrase or a quote of the story, not furniture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// [`line_hash`] of its key.
    pub hash: u64,
    /// Its bytes in the text (the line without its line break, or the
    /// sentence without the space after it).
    pub range: std::ops::Range<usize>,
    /// For a sentence, the bytes of the sentence next to it in its
    /// paragraph (the second for the first, the one before for the last):
    /// a sentence that documents hold with the same neighbour is part of a
    /// passage they share, not furniture ([`Item::inner`]).
    pub neighbour: Option<std::ops::Range<usize>>,
}

impl Item {
    /// The hash of its neighbour ([`Item::neighbour`]) in `text`, the text
    /// it was found in.
    pub fn inner(&self, text: &str) -> Option<u64> {
        let r = self.neighbour.clone()?;
        Some(key_hash(&text[r], &mut Vec::new()))
    }
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "no", "vs",
    "col", "lt", "sgt", "capt", "rev", "inc", "co", "corp", "ltd",
];

/// The sentences of one line, as byte ranges (trimmed): a sentence ends
/// at `.`, `!` or `?` (with any closing quotes or brackets after it)
/// followed by white space and a capital letter, a digit or an opening
/// quote, unless the full stop ends an initial or a common abbreviation
/// ("Mr.", "J."). A deliberately small rule, not UAX #29 segmentation: the
/// same text is always cut the same way, which is all boilerplate needs, and
/// it runs at the scan's reading speed.
pub fn line_sentences(line: &str) -> Vec<std::ops::Range<usize>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr3(b'.', b'!', b'?', &b[i..]) {
        i += off;
        let dot = i;
        let mut end = i + 1;
        // Closing quotes, brackets and repeated marks.
        loop {
            match b.get(end) {
                Some(b'"' | b'\'' | b')' | b']' | b'.' | b'!' | b'?') => end += 1,
                Some(0xE2) if matches!(b.get(end + 1..end + 3), Some([0x80, 0x99 | 0x9D])) => {
                    end += 3
                }
                _ => break,
            }
        }
        i = end;
        let rest = &line[end..];
        let next = rest.trim_start();
        if next.len() == rest.len() || next.is_empty() {
            continue;
        }
        let starts = next.chars().next().is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '\'' | '“' | '‘' | '(')
        });
        if !starts {
            continue;
        }
        if b[dot] == b'.' {
            let word = line[start..dot]
                .rsplit(|w: char| !w.is_alphanumeric())
                .next()
                .unwrap_or("");
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
                continue;
            }
        }
        push_trimmed(line, start..end, &mut out);
        start = b.len() - next.len();
        i = start;
    }
    push_trimmed(line, start..b.len(), &mut out);
    out
}

fn push_trimmed(line: &str, r: std::ops::Range<usize>, out: &mut Vec<std::ops::Range<usize>>) {
    let s = &line[r.clone()];
    let t = s.trim_start();
    let from = r.start + (s.len() - t.len());
    let to = from + t.trim_end().len();
    if to > from {
        out.push(from..to);
    }
}

/// The lines of `text` with their line breaks, as `str::split_inclusive`
/// gives them, found with `memchr` (short lines of code are most of some
/// corpora, and the per-line cost of the generic searcher showed).
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain([text.len()])
        .filter_map(move |end| {
            let line = &text[start..end];
            start = end;
            (!line.is_empty()).then_some(line)
        })
}

/// The boilerplate items of `text` ([`Item`]), in text order.
pub fn items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut at = 0;
    for line in lines_inclusive(text) {
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let t = body[lead..].trim_end();
        if let Some(hash) = short_key_hash(t, &mut buf) {
            let from = at + lead;
            out.push(Item {
                hash,
                range: from..from + t.len(),
                neighbour: None,
            });
        } else if body.len() > MAX_LINE_CHARS {
            let s = line_sentences(body);
            if s.len() >= 2 {
                let last = s.len() - 1;
                for (this, other) in [(0, 1), (last, last - 1)] {
                    let r = s[this].clone();
                    let sentence = &body[r.clone()];
                    // One word ("Photo.") is not a sentence to count.
                    if !sentence.contains(char::is_whitespace) {
                        continue;
                    }
                    let Some(hash) = short_key_hash(sentence, &mut buf) else {
                        continue;
                    };
                    out.push(Item {
                        hash,
                        range: at + r.start..at + r.end,
                        neighbour: Some(at + s[other].start..at + s[other].end),
                    });
                }
            }
        }
        at += line.len();
    }
    out
}

/// The distinct item hashes of `text` ([`items`]), sorted: what a scan
/// counts across documents.
pub fn boilerplate_hashes(text: &str) -> Vec<u64> {
    let mut v: Vec<u64> = items(text).into_iter().map(|i| i.hash).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Which items a scan found to be boilerplate: item hashes, and the
/// neighbour contexts ([`context_hash`]) in which such an item is part of
/// a shared passage and stays. Both sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Furniture {
    /// Hashes of boilerplate items.
    pub items: Vec<u64>,
    /// Contexts in which they are kept.
    pub kept: Vec<u64>,
}

impl Furniture {
    /// Whether this item of `text` is boilerplate.
    pub fn contains(&self, item: &Item, text: &str) -> bool {
        self.items.binary_search(&item.hash).is_ok()
            && item.inner(text).is_none_or(|i| {
                self.kept
                    .binary_search(&context_hash(item.hash, i))
                    .is_err()
            })
    }

    /// Whether nothing is boilerplate.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// `text` with every boilerplate item blanked out: each character
/// replaced by whitespace of the same UTF-8 length (U+0020, U+00A0,
/// U+2000), so byte offsets into the result are byte offsets into `text`.
/// (A 4-byte character becomes two U+00A0, the one case where character
/// offsets after it move by one.) `None` when nothing is blanked.
pub fn blank(text: &str, furniture: &Furniture) -> Option<String> {
    if furniture.is_empty() {
        return None;
    }
    let ranges: Vec<std::ops::Range<usize>> = items(text)
        .into_iter()
        .filter(|i| furniture.contains(i, text))
        .map(|i| i.range)
        .collect();
    if ranges.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&text[at..r.start]);
        for c in text[r.clone()].chars() {
            match c.len_utf8() {
                1 => out.push(' '),
                2 => out.push('\u{a0}'),
                3 => out.push('\u{2000}'),
                _ => out.push_str("\u{a0}\u{a0}"),
            }
        }
        at = r.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Whether a document id names an HTML file (`.html`, `.htm`, any case).
pub fn is_html(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// The text of an HTML document: markup, scripts and styles removed,
/// block elements on their own lines, no wrapping (the `html2text` crate,
/// plain, undecorated). Offsets reported for an HTML document are offsets
/// into this text, not into the file.
///
/// # Errors
///
/// The HTML cannot be parsed.
pub fn html_text(html: &str) -> crate::Result<String> {
    html2text::config::plain_no_decorate()
        .raw_mode(true)
        .string_from_read(html.as_bytes(), 10_000)
        .map_err(|e| crate::Error::InvalidParams(format!("cannot extract text from HTML: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random shingle hashes `from..to`.
    fn run(from: u64, to: u64) -> Vec<u64> {
        (from..to).map(hash::fmix64).collect()
    }

    fn shared(a: &[u64], b: &[u64]) -> usize {
        let (fa, fb) = (winnow(a), winnow(b));
        fa.iter().filter(|x| fb.binary_search(x).is_ok()).count()
    }

    #[test]
    fn shared_runs_share_fingerprints_by_length() {
        for seed in 0..50u64 {
            let base = 1_000_000 * (seed + 1);
            for (len, at_least) in [(WINDOW, 1), (2 * WINDOW, 3)] {
                let common = run(base, base + len as u64);
                let a: Vec<u64> = run(base + 1000, base + 1200)
                    .into_iter()
                    .chain(common.iter().copied())
                    .chain(run(base + 2000, base + 2100))
                    .collect();
                let b: Vec<u64> = run(base + 5000, base + 5100)
                    .into_iter()
                    .chain(common.iter().copied())
                    .collect();
                assert!(shared(&a, &b) >= at_least, "seed {seed}, run of {len}");
            }
        }
    }

    #[test]
    fn unrelated_texts_share_no_fingerprint_and_few_are_kept() {
        let (a, b) = (run(0, 2000), run(10_000, 12_000));
        assert_eq!(shared(&a, &b), 0);
        assert!(winnow(&a).len() < a.len() / 3);
        assert_eq!(winnow(&[]), Vec::<u32>::new());
        assert_eq!(winnow(&[7]).len(), 1);
        // One repeated shingle: itself and the pair of it with itself.
        assert_eq!(winnow(&[7; 100]).len(), 2);
    }

    #[test]
    fn lines_and_blanking_keep_offsets() {
        assert_eq!(
            line_key("  Share   this\tarticle "),
            Some("Share this article".into())
        );
        assert_eq!(line_key("----"), None);
        assert_eq!(line_key(&"x".repeat(MAX_LINE_CHARS + 1)), None);
        let text = "Title\nShare this article\nBody text é here.\r\nÉtat\n";
        let furniture = Furniture {
            items: {
                let mut v = vec![line_hash("Share this article"), line_hash("État")];
                v.sort_unstable();
                v
            },
            kept: Vec::new(),
        };
        let out = blank(text, &furniture).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("Title\n "));
        assert!(out.contains("Body text é here.\r\n"));
        assert_eq!(boilerplate_hashes(text).len(), 4);
        assert_eq!(blank(text, &Furniture::default()), None);
    }

    #[test]
    fn sentences_end_at_stops_before_capitals_but_not_after_abbreviations() {
        let line = "Mr. Smith met J. Doe in the U.S. capital. \"It went well.\" 3 deals followed! why not? Fine.";
        let got: Vec<&str> = line_sentences(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(
            got,
            [
                "Mr. Smith met J. Doe in the U.S. capital.",
                "\"It went well.\"",
                "3 deals followed! why not?",
                "Fine."
            ]
        );
        assert_eq!(line_sentences("  no stop at all ").len(), 1);
        assert!(line_sentences("   ").is_empty());
    }

    /// A paragraph of `n` filler sentences with `first` and `last` around.
    fn paragraph(first: &str, last: &str) -> String {
        format!(
            "{first} The council met on Monday to discuss the budget for next year. \
             Officials said the plan would be published in the spring. {last}"
        )
    }

    #[test]
    fn items_are_short_lines_and_the_edge_sentences_of_paragraphs() {
        let p = paragraph("Reporting by the desk.", "Read more on our site.");
        let text = format!("By Anna\n\n{p}\n");
        let items = items(&text);
        let got: Vec<&str> = items.iter().map(|i| &text[i.range.clone()]).collect();
        assert_eq!(
            got,
            [
                "By Anna",
                "Reporting by the desk.",
                "Read more on our site."
            ]
        );
        assert_eq!(items[0].neighbour, None);
        assert_eq!(
            items[1].inner(&text),
            Some(line_hash(
                "The council met on Monday to discuss the budget for next year."
            ))
        );
        assert_eq!(
            items[2].inner(&text),
            Some(line_hash(
                "Officials said the plan would be published in the spring."
            ))
        );
        // The same sentence on its own line or inside a paragraph is one item.
        assert_eq!(items[2].hash, line_hash("read more  on our site."));
    }

    #[test]
    fn a_kept_context_is_not_blanked() {
        let text = paragraph("Reporting by the desk.", "Read more on our site.");
        let items = items(&text);
        let item = line_hash("Read more on our site.");
        let inner = items[1].inner(&text).unwrap();
        let mut f = Furniture {
            items: vec![item],
            kept: Vec::new(),
        };
        let out = blank(&text, &f).unwrap();
        assert!(out.trim_end().ends_with("spring."), "{out}");
        f.kept = vec![context_hash(item, inner)];
        assert_eq!(blank(&text, &f), None);
    }

    proptest::proptest! {
        #[test]
        fn key_hash_ascii_path_equals_the_general_one(s in "[ -~\t\n\x0b\x0c\r]{0,40}") {
            let general = hash::fmix64(xxhash_rust::xxh3::xxh3_64(
                s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().as_bytes(),
            ));
            proptest::prop_assert_eq!(key_hash(&s, &mut Vec::new()), general);
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_inclusive_equals_split_inclusive(s in "[a\n\r é]{0,20}") {
            let ours: Vec<&str> = lines_inclusive(&s).collect();
            let std: Vec<&str> = s.split_inclusive('\n').collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn html_becomes_text() {
        let t = html_text("<html><head><style>p{}</style><script>x()</script></head><body><h1>Title &amp; more</h1><p>One paragraph.</p><p>Two</p></body></html>").unwrap();
        assert!(t.contains("Title & more"), "{t}");
        assert!(t.contains("One paragraph."), "{t}");
        assert!(!t.contains("x()"), "{t}");
        assert!(is_html("a/B.HTM") && !is_html("a.txt"));
    }
}
