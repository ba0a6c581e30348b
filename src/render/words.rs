//! Marked text for the diff views: a sentence (or a merged pair) becomes
//! chunks of text, each plain or marked as removed (only in A) or added
//! (only in B); chunks are split into words for wrapping by display width
//! and painted line by line.
//!
//! White space inside a sentence is collapsed to single spaces: the views
//! show words, not layout.

use std::ops::Range;

use super::style::{Style, paint, width};
use crate::diff::DiffKind;
use crate::report::SentenceRow;
use crate::text::{SourceText, Span};

/// How a piece of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Shared, or outside any pair.
    Plain,
    /// Only in A.
    Removed,
    /// Only in B.
    Added,
}

impl Mark {
    fn style(self) -> Option<Style> {
        match self {
            Mark::Plain => None,
            Mark::Removed => Some(Style::Removed),
            Mark::Added => Some(Style::Added),
        }
    }

    /// The `git diff --word-diff` brackets around marked text.
    fn brackets(self) -> (&'static str, &'static str) {
        match self {
            Mark::Plain => ("", ""),
            Mark::Removed => ("[-", "-]"),
            Mark::Added => ("{+", "+}"),
        }
    }
}

/// A run of text with one mark.
pub(crate) type Chunk = (String, Mark);

/// Which side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Document A.
    A,
    /// Document B.
    B,
}

/// Split the text of `span` (holding tokens `tokens`) into runs where
/// `key_of` (per token) is constant. Text between two tokens with the same
/// key shares it; other text between tokens, and text before the first or
/// after the last token, gets `K::default()`. Adjacent runs with the same
/// key are merged.
pub(crate) fn runs<K: Copy + PartialEq + Default>(
    doc: &SourceText,
    span: Span,
    tokens: Range<u32>,
    key_of: impl Fn(u32) -> K,
) -> Vec<(Span, K)> {
    let mut out: Vec<(Span, K)> = Vec::new();
    let mut push = |s: Span, k: K| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((last, lk)) if *lk == k && last.end == s.start => last.end = s.end,
            _ => out.push((s, k)),
        }
    };
    let toks = doc.token_spans();
    let mut at = span.start;
    let mut prev: Option<K> = None;
    for t in tokens {
        let Some(tok) = toks.get(t as usize) else {
            break;
        };
        let k = key_of(t);
        let start = tok.start.clamp(at, span.end);
        let gap_key = match prev {
            Some(p) if p == k => k,
            _ => K::default(),
        };
        push(Span::new(at, start), gap_key);
        let end = tok.end.clamp(start, span.end);
        push(Span::new(start, end), k);
        at = end;
        prev = Some(k);
    }
    push(Span::new(at, span.end.max(at)), K::default());
    out
}

/// Token ranges of one side of a pair's diff that hold changed words,
/// sorted and disjoint.
pub(crate) fn changed_tokens(row: &SentenceRow, side: Side) -> Vec<Range<u32>> {
    row.diff
        .iter()
        .filter(|op| match side {
            Side::A => matches!(op.op, DiffKind::Delete | DiffKind::Replace),
            Side::B => matches!(op.op, DiffKind::Insert | DiffKind::Replace),
        })
        .map(|op| match side {
            Side::A => op.a.token_range(),
            Side::B => op.b.token_range(),
        })
        .collect()
}

/// Whether token `t` lies in one of the sorted, disjoint `ranges`.
pub(crate) fn in_ranges(ranges: &[Range<u32>], t: u32) -> bool {
    let i = ranges.partition_point(|r| r.end <= t);
    ranges.get(i).is_some_and(|r| r.contains(&t))
}

/// Chunks of one side of a row: the sentence at `loc`, its changed words
/// marked `mark` when the row is a pair.
pub(crate) fn side_chunks(doc: &SourceText, row: &SentenceRow, side: Side, mark: Mark) -> Vec<Chunk> {
    let loc = match side {
        Side::A => row.a.as_ref(),
        Side::B => row.b.as_ref(),
    };
    let Some(loc) = loc else {
        return Vec::new();
    };
    let changed = changed_tokens(row, side);
    runs(doc, loc.span(), loc.token_range(), |t| {
        in_ranges(&changed, t)
    })
    .into_iter()
    .map(|(s, c)| (doc.slice(s).to_string(), if c { mark } else { Mark::Plain }))
    .collect()
}

/// Chunks of a pair merged into one line of text, `git diff --word-diff`
/// style: shared words once (A's spelling), then removed and added words in
/// diff order. Punctuation between words comes from the side the words come
/// from.
pub(crate) fn merged_chunks(a: &SourceText, b: &SourceText, row: &SentenceRow) -> Vec<Chunk> {
    let (Some(la), Some(lb)) = (&row.a, &row.b) else {
        return Vec::new();
    };
    let mut out: Vec<Chunk> = Vec::new();
    // End of the last word written from each side, and which sides the last
    // piece came from.
    let (mut end_a, mut end_b) = (la.start, lb.start);
    let mut last: (bool, bool) = (true, false);
    let text = |d: &SourceText, s: u32, e: u32| {
        let e = (e as usize).min(d.text().len());
        d.text()[(s as usize).min(e)..e].to_string()
    };
    for op in &row.diff {
        let (sa, sb) = (op.a.start, op.b.start);
        let pieces: &[(Side, Mark)] = match op.op {
            DiffKind::Equal => &[(Side::A, Mark::Plain)],
            DiffKind::Delete => &[(Side::A, Mark::Removed)],
            DiffKind::Insert => &[(Side::B, Mark::Added)],
            DiffKind::Replace => &[(Side::A, Mark::Removed), (Side::B, Mark::Added)],
        };
        for &(side, mark) in pieces {
            let equal = op.op == DiffKind::Equal;
            let gap = match side {
                // `[-old-]{+new+}`: a replacement's halves touch.
                Side::B if op.op == DiffKind::Replace => String::new(),
                Side::A if last.0 => text(a, end_a, sa),
                _ if last.1 && (equal || side == Side::B) => text(b, end_b, sb),
                _ => " ".into(),
            };
            let body = match side {
                Side::A => text(a, sa, op.a.end),
                Side::B => text(b, sb, op.b.end),
            };
            out.push((gap, Mark::Plain));
            out.push((body, mark));
            last = match (op.op, side) {
                (DiffKind::Equal, _) => (true, true),
                (_, Side::A) => (true, false),
                (_, Side::B) => (false, true),
            };
        }
        // An empty side sits at the next word: it ends nothing.
        if op.a.tokens > 0 {
            end_a = op.a.end.max(end_a);
        }
        if op.b.tokens > 0 {
            end_b = op.b.end.max(end_b);
        }
    }
    out.push((text(a, end_a.min(la.end), la.end), Mark::Plain));
    out
}

/// A run of marked pieces with no space inside: the unit of wrapping.
type Word = Vec<Chunk>;

/// Split chunks into words at white space (runs of white space are one
/// break). With `brackets`, every marked chunk is wrapped in its
/// `[-…-]` / `{+…+}` brackets first.
fn words(chunks: &[Chunk], brackets: bool) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut cur: Word = Vec::new();
    for (text, mark) in chunks {
        let (open, close) = if brackets { mark.brackets() } else { ("", "") };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if !text.is_empty() && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if text.starts_with(char::is_whitespace) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        let parts: Vec<&str> = trimmed.split_whitespace().collect();
        let last = parts.len() - 1;
        for (i, p) in parts.iter().enumerate() {
            let mut s = String::new();
            if i == 0 {
                s.push_str(open);
            }
            s.push_str(&super::style::visible(p));
            if i == last {
                s.push_str(close);
            }
            cur.push((s, *mark));
            if i < last {
                out.push(std::mem::take(&mut cur));
            }
        }
        if text.ends_with(char::is_whitespace) {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn word_width(w: &Word) -> usize {
    w.iter().map(|(t, _)| width(t)).sum()
}

/// Cut a word wider than `max` columns into pieces that fit.
fn split_word(w: Word, max: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur: Word = Vec::new();
    let mut cur_w = 0;
    for (text, mark) in w {
        let mut piece = String::new();
        for c in text.chars() {
            let cw = width(c.encode_utf8(&mut [0; 4]));
            if cur_w + cw > max && cur_w > 0 {
                if !piece.is_empty() {
                    cur.push((std::mem::take(&mut piece), mark));
                }
                out.push(std::mem::take(&mut cur));
                cur_w = 0;
            }
            piece.push(c);
            cur_w += cw;
        }
        if !piece.is_empty() {
            cur.push((piece, mark));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// One wrapped line: its pieces and display width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Line {
    /// Pieces, spaces included as plain pieces.
    pub(crate) pieces: Vec<Chunk>,
    /// Display width in columns.
    pub(crate) width: usize,
}

impl Line {
    /// The line as text, painted when `color` is on.
    pub(crate) fn paint(&self, color: bool) -> String {
        self.pieces
            .iter()
            .map(|(t, m)| match m.style() {
                Some(s) => paint(t, s, color),
                None => t.clone(),
            })
            .collect()
    }
}

/// Wrap chunks to lines of at most `max` columns (at least one line, maybe
/// empty). Words wider than a line are cut.
pub(crate) fn wrap(chunks: &[Chunk], max: usize, brackets: bool) -> Vec<Line> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = Line::default();
    for word in words(chunks, brackets) {
        let parts = if word_width(&word) > max {
            split_word(word, max)
        } else {
            vec![word]
        };
        for part in parts {
            let w = word_width(&part);
            if line.width > 0 && line.width + 1 + w > max {
                lines.push(std::mem::take(&mut line));
            }
            if line.width > 0 {
                line.pieces.push((" ".into(), Mark::Plain));
                line.width += 1;
            }
            line.width += w;
            line.pieces.extend(part);
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::test_doc as doc;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.paint(false)).collect()
    }

    #[test]
    fn runs_share_gaps_only_between_equal_keys() {
        let d = doc("“Bold, brave move,” he said.");
        let all = Span::new(0, d.text().len() as u32);
        let r = runs(&d, all, 0..5, |t| t < 2);
        let texts: Vec<(&str, bool)> = r.iter().map(|(s, k)| (d.slice(*s), *k)).collect();
        assert_eq!(
            texts,
            [
                ("“", false),
                ("Bold, brave", true),
                (" move,” he said.", false)
            ]
        );
    }

    #[test]
    fn wraps_with_brackets_and_wide_chars() {
        let chunks = vec![
            ("the ".to_string(), Mark::Plain),
            ("brave".to_string(), Mark::Removed),
            (", bold decision 塔利班".to_string(), Mark::Plain),
        ];
        let lines = wrap(&chunks, 14, true);
        assert_eq!(plain(&lines), ["the [-brave-],", "bold decision", "塔利班"]);
        assert!(lines.iter().all(|l| l.width <= 14));
        assert_eq!(lines[2].width, 6);
        let colored = wrap(&chunks, 40, false)[0].paint(true);
        assert_eq!(colored, "the \x1b[31mbrave\x1b[0m, bold decision 塔利班");
    }

    #[test]
    fn long_words_are_cut_and_empty_input_is_one_line() {
        let chunks = vec![("abcdefghij".to_string(), Mark::Plain)];
        assert_eq!(plain(&wrap(&chunks, 4, false)), ["abcd", "efgh", "ij"]);
        let wide = vec![("塔利班塔".to_string(), Mark::Added)];
        assert_eq!(plain(&wrap(&wide, 3, false)), ["塔", "利", "班", "塔"]);
        assert_eq!(plain(&wrap(&[], 10, true)), [""]);
        assert_eq!(plain(&wrap(&chunks, 0, false)).len(), 10);
    }
}
