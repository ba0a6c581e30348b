//! What a scan keeps of each document after its first reading: band keys,
//! passage fingerprints (winnowed shingle hashes) and the hashes of its
//! short lines, plus how HTML documents become text.

use crate::hash;
use crate::shingle::Shingle;

/// Longest line, in characters, that can count as boilerplate: page
/// furniture (bylines, footers, sign-up prompts, titles) is short, and
/// skipping long lines keeps the line counts small on large corpora.
pub const MAX_LINE_CHARS: usize = 120;

/// Winnowing window, in shingles: every run of `WINDOW` consecutive
/// shingles selects its smallest hash, about `2 / (WINDOW + 1)` of a
/// document's shingles (12%).
pub const WINDOW: usize = 16;

/// The passage fingerprints of a shingle sequence: winnowing (Schleimer,
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
pub fn winnow(shingles: &[Shingle]) -> Vec<u32> {
    let h: Vec<u32> = shingles
        .iter()
        .map(|s| (hash::fmix64(s.hash) >> 32) as u32)
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
    let pairs: Vec<u32> = out
        .windows(2)
        .map(|p| (hash::fmix64(u64::from(p[0]) << 32 | u64::from(p[1])) >> 32) as u32)
        .collect();
    out.extend(pairs);
    out.sort_unstable();
    out.dedup();
    out
}

/// A line as compared for boilerplate: trimmed, inner whitespace collapsed
/// to single spaces. `None` for an empty line or one longer than
/// [`MAX_LINE_CHARS`].
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
    hash::fmix64(xxhash_rust::xxh3::xxh3_64(key.to_lowercase().as_bytes()))
}

/// The distinct line hashes of `text` (see [`line_key`]), sorted.
pub fn line_hashes(text: &str) -> Vec<u64> {
    let mut v: Vec<u64> = text
        .lines()
        .filter_map(line_key)
        .map(|k| line_hash(&k))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// `text` with every line whose hash is in `boilerplate` (sorted) blanked
/// out: each character replaced by whitespace of the same UTF-8 length
/// (U+0020, U+00A0, U+2000), so byte offsets into the result are byte
/// offsets into `text`. (A 4-byte character becomes two U+00A0, the one
/// case where character offsets after it move by one.)
pub fn blank_lines(text: &str, boilerplate: &[u64]) -> Option<String> {
    if boilerplate.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let hit = line_key(body).is_some_and(|k| boilerplate.binary_search(&line_hash(&k)).is_ok());
        if hit {
            changed = true;
            for c in body.chars() {
                match c.len_utf8() {
                    1 => out.push(' '),
                    2 => out.push('\u{a0}'),
                    3 => out.push('\u{2000}'),
                    _ => out.push_str("\u{a0}\u{a0}"),
                }
            }
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    changed.then_some(out)
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

    fn sh(hashes: &[u64]) -> Vec<Shingle> {
        hashes
            .iter()
            .map(|&hash| Shingle {
                hash,
                start: 0,
                end: 1,
            })
            .collect()
    }

    /// Pseudo-random shingle hashes `from..to`.
    fn run(from: u64, to: u64) -> Vec<u64> {
        (from..to).map(hash::fmix64).collect()
    }

    fn shared(a: &[u64], b: &[u64]) -> usize {
        let (fa, fb) = (winnow(&sh(a)), winnow(&sh(b)));
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
        assert!(winnow(&sh(&a)).len() < a.len() / 3);
        assert_eq!(winnow(&[]), Vec::<u32>::new());
        assert_eq!(winnow(&sh(&[7])).len(), 1);
        // One repeated shingle: itself and the pair of it with itself.
        assert_eq!(winnow(&sh(&[7; 100])).len(), 2);
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
        let mut bp = vec![line_hash("Share this article"), line_hash("État")];
        bp.sort_unstable();
        let out = blank_lines(text, &bp).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("Title\n "));
        assert!(out.contains("Body text é here.\r\n"));
        assert_eq!(line_hashes(text).len(), 4);
        assert_eq!(blank_lines(text, &[]), None);
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
