//! Documents → sentence units, the pieces that facts are made of.
//!
//! Starts from [`crate::text::SourceText::sentences`] (UAX #29 sentence boundaries, plus a
//! boundary at every line break, so a headline, a byline or a list item is
//! never glued to its neighbour) and repairs what those rules get wrong in
//! news text:
//!
//! * a sentence that ends in an abbreviation (`Mr.`, `Dr.`, `U.S.`, `Gen.`,
//!   an initial such as `F.`) does not end there: it joins the next one;
//! * a sentence inside an open quotation joins the next one, so a quoted
//!   paragraph (`“Not unexpected, but tragic in its timing.”`) or a quote of
//!   several sentences is one unit;
//! * a bullet line (`•`, `-`, `*`, `–` …, also after non-breaking-space
//!   indents) is one unit without its marker, and so is a question-and-answer
//!   item (`Who are the Taliban? The Taliban is …`, or a line starting `Q:`).
//!
//! A unit's span runs from its first word (or the quote mark before it) to
//! the end of its last sentence. Units that repeat an earlier unit of the
//! same document word for word (a headline printed twice, a padded
//! paragraph) are marked as duplicates and take no part in matching.

use std::ops::Range;

use serde::Serialize;

use crate::text::{Document, Span};

/// What kind of text a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A line without end punctuation: a headline, subheading or byline.
    Headline,
    /// A sentence of running text.
    Sentence,
    /// A list item.
    Bullet,
    /// A question with its answer.
    Question,
    /// A paragraph that is one quotation.
    Quote,
}

/// A sentence unit of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Which document (index into the input).
    pub doc: usize,
    /// Byte span in the document's text.
    pub span: Span,
    /// Its tokens.
    pub tokens: Range<u32>,
    /// What it is.
    pub kind: UnitKind,
    /// Index (within the document's units) of an earlier unit with the same
    /// words, if any.
    pub duplicate_of: Option<usize>,
}

/// Abbreviations that end with a full stop without ending a sentence
/// (lower case, without the stop).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "maj", "adm", "st",
    "jr", "sr", "rev", "gov", "sen", "rep", "hon", "pres", "no", "vs", "etc", "inc", "corp", "ltd",
    "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "approx", "dept", "est", "fig", "vol", "u.s", "u.k", "u.n", "e.u", "d.c", "a.m",
    "p.m", "i.e", "e.g",
];

/// Characters that open a quotation.
const OPEN_QUOTES: &[char] = &['“', '„', '«', '"'];

/// Whether a line starts with a list marker; returns the byte length of the
/// indent plus the marker.
fn bullet_prefix(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let mut chars = trimmed.chars();
    let c = chars.next()?;
    let after = chars.next();
    let marker = matches!(
        c,
        '•' | '·' | '‣' | '▪' | '●' | '◦' | '○' | '■' | '□' | '➢' | '►'
    ) || (matches!(c, '-' | '*' | '–' | '—')
        && after.is_some_and(char::is_whitespace));
    marker.then(|| indent + c.len_utf8())
}

/// The units of `doc` (document number `index`), in text order.
pub fn split(doc: &Document, index: usize) -> Vec<Unit> {
    let text = doc.text();
    let sentences = doc.sentences();
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < sentences.len() {
        let line = doc.line_of(sentences[i].span.start);
        let mut j = i;
        while j < sentences.len() && doc.line_of(sentences[j].span.start) == line {
            j += 1;
        }
        let line_sentences = &sentences[i..j];
        let line_span = doc.line_span(line);
        let line_text = doc.slice(line_span);
        let first_text = doc.slice(line_sentences[0].span);
        let bullet = bullet_prefix(line_text);
        let qa = line_sentences.len() > 1
            && (first_text.trim_end().ends_with('?') || line_text.trim_start().starts_with("Q:"));
        if bullet.is_some() || qa {
            let start = line_span.start + bullet.unwrap_or(0) as u32;
            let last = &line_sentences[line_sentences.len() - 1];
            let kind = if first_text.trim_end().ends_with('?') || qa {
                UnitKind::Question
            } else {
                UnitKind::Bullet
            };
            push(
                doc,
                &mut out,
                index,
                start,
                last.span.end,
                line_sentences[0].tokens.start..last.tokens.end,
                kind,
            );
        } else {
            let mut k = 0;
            while k < line_sentences.len() {
                let start = k;
                while k + 1 < line_sentences.len() && joins_next(text, line_sentences, start, k) {
                    k += 1;
                }
                let (first, last) = (&line_sentences[start], &line_sentences[k]);
                let whole_line = start == 0 && k + 1 == line_sentences.len();
                let body = &text[first.span.start as usize..last.span.end as usize];
                let kind = if is_quote(body) {
                    UnitKind::Quote
                } else if whole_line && is_headline(body, last.tokens.end - first.tokens.start) {
                    UnitKind::Headline
                } else {
                    UnitKind::Sentence
                };
                push(
                    doc,
                    &mut out,
                    index,
                    first.span.start,
                    last.span.end,
                    first.tokens.start..last.tokens.end,
                    kind,
                );
                k += 1;
            }
        }
        i = j;
    }
    mark_duplicates(doc, &mut out);
    out
}

/// Whether sentence `k` of a line (whose unit started at sentence `start`)
/// runs on into the next.
fn joins_next(text: &str, line: &[crate::text::Sentence], start: usize, k: usize) -> bool {
    let so_far = &text[line[start].span.start as usize..line[k].span.end as usize];
    if quote_open(so_far) {
        return true;
    }
    ends_with_abbreviation(&text[line[k].span.range()])
}

/// Whether a quotation opened in `s` is still open at its end.
fn quote_open(s: &str) -> bool {
    let open = s.chars().filter(|&c| c == '“' || c == '„').count();
    let close = s.chars().filter(|&c| c == '”').count();
    let straight = s.chars().filter(|&c| c == '"').count();
    let guil_open = s.chars().filter(|&c| c == '«').count();
    let guil_close = s.chars().filter(|&c| c == '»').count();
    open > close || straight % 2 == 1 || guil_open > guil_close
}

/// Whether a sentence's last word is an abbreviation or an initial.
fn ends_with_abbreviation(sentence: &str) -> bool {
    let s = sentence.trim_end();
    let Some(body) = s.strip_suffix('.') else {
        return false;
    };
    let word = body
        .rsplit(|c: char| c.is_whitespace() || c == '(' || OPEN_QUOTES.contains(&c))
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // An initial (`F.`) or a dotted abbreviation (`U.S.`, `a.m.`).
    let mut chars = word.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_capital || (word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2))
}

/// A paragraph that is one quotation, perhaps followed by end punctuation.
fn is_quote(body: &str) -> bool {
    let b = body.trim();
    let Some(first) = b.chars().next() else {
        return false;
    };
    if !OPEN_QUOTES.contains(&first) {
        return false;
    }
    let tail = b.trim_end_matches(['.', ',', '!', '?', '…', ':', ';']);
    let Some(last) = tail.chars().last() else {
        return false;
    };
    if !matches!(last, '”' | '"' | '»') || tail.len() < first.len_utf8() + last.len_utf8() {
        return false;
    }
    // Only the outer pair: nothing quoted is closed before the end.
    let inner = &tail[first.len_utf8()..tail.len() - last.len_utf8()];
    !inner.contains(['”', '»', '"'])
}

/// A line without end punctuation, not too long, and not cut off before
/// what it introduces (`Kabulov stated publicly that`).
fn is_headline(body: &str, tokens: u32) -> bool {
    let last = body.trim_end().chars().last().unwrap_or('.');
    let last_word = body
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let runs_on = matches!(
        last_word,
        "that"
            | "was"
            | "is"
            | "are"
            | "were"
            | "said"
            | "says"
            | "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "and"
            | "by"
            | "as"
            | "with"
    );
    tokens <= 24 && !runs_on && !matches!(last, '.' | '!' | '?' | '…' | ':' | ';' | ',')
}

fn push(
    doc: &Document,
    out: &mut Vec<Unit>,
    index: usize,
    start: u32,
    end: u32,
    tokens: Range<u32>,
    kind: UnitKind,
) {
    if tokens.is_empty() {
        return;
    }
    // Start at the first word, or at the quote mark just before it.
    let first = doc.tokens()[tokens.start as usize].span.start;
    let text = doc.text();
    let mut s = first.max(start);
    let before = &text[start as usize..s as usize];
    if let Some(c) = before.trim_end().chars().last()
        && (OPEN_QUOTES.contains(&c) || c == '‘' || c == '\'' || c == '(')
        && before.trim_end().len() == before.len()
    {
        s -= c.len_utf8() as u32;
    }
    out.push(Unit {
        doc: index,
        span: Span::new(s, end.max(s)),
        tokens,
        kind,
        duplicate_of: None,
    });
}

fn mark_duplicates(doc: &Document, units: &mut [Unit]) {
    let of = crate::align::fact::repeat_of(doc, units.iter().map(|u| u.tokens.clone()));
    for (u, of) in units.iter_mut().zip(of) {
        u.duplicate_of = of;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::test_doc as doc;

    fn texts(text: &str) -> Vec<(String, UnitKind)> {
        let d = doc(text);
        split(&d, 0)
            .iter()
            .map(|u| (d.slice(u.span).to_string(), u.kind))
            .collect()
    }

    #[test]
    fn headlines_and_sentences() {
        let t = texts(
            "Russia Recognises Taliban\n\nMoscow acted first. Others may follow.\n             Special envoy Zamir Kabulov stated publicly that\n",
        );
        assert_eq!(
            t,
            [
                ("Russia Recognises Taliban".into(), UnitKind::Headline),
                ("Moscow acted first.".into(), UnitKind::Sentence),
                ("Others may follow.".into(), UnitKind::Sentence),
                (
                    "Special envoy Zamir Kabulov stated publicly that".into(),
                    UnitKind::Sentence
                ),
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = texts(
            "Mr. Putin met Dr. Smith in Washington, D.C. on Friday. The U.S. Embassy said \
             John F. Kennedy Jr. was not there. A new sentence.",
        );
        let s: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            s,
            [
                "Mr. Putin met Dr. Smith in Washington, D.C. on Friday.",
                "The U.S. Embassy said John F. Kennedy Jr. was not there.",
                "A new sentence."
            ]
        );
    }

    #[test]
    fn quotes_stay_whole() {
        let t = texts(
            "He said it was\n\n“Not unexpected. But tragic in its timing.”\n\n\
             “This bold decision will set an example for others… Now Russia has taken the lead,” \
             Muttaqi said. Then he left.",
        );
        assert_eq!(t[1].0, "“Not unexpected. But tragic in its timing.”");
        assert_eq!(t[1].1, UnitKind::Quote);
        assert!(t[2].0.starts_with("“This bold decision"));
        assert!(t[2].0.ends_with("Muttaqi said."));
        assert_eq!(t[2].1, UnitKind::Sentence);
        assert_eq!(t[3].0, "Then he left.");
    }

    #[test]
    fn bullets_and_questions_are_one_unit() {
        let t = texts(
            "Key points\n\n\u{a0}\u{a0}• Economic Interests: Access to lithium. A key motive.\n\
             - Security: borders.\n\
             \u{a0}\u{a0}• Who are the Taliban? The Taliban is a group. It ruled before.\n\
             Q: Why now? A: Because.\n",
        );
        assert_eq!(
            t,
            [
                ("Key points".into(), UnitKind::Headline),
                (
                    "Economic Interests: Access to lithium. A key motive.".into(),
                    UnitKind::Bullet
                ),
                ("Security: borders.".into(), UnitKind::Bullet),
                (
                    "Who are the Taliban? The Taliban is a group. It ruled before.".into(),
                    UnitKind::Question
                ),
                ("Q: Why now? A: Because.".into(), UnitKind::Question),
            ]
        );
    }

    #[test]
    fn repeated_units_are_duplicates() {
        let d = doc("Big News Today\n\nBig News Today\nA fact here.\nBig news today");
        let u = split(&d, 3);
        assert_eq!(u.len(), 4);
        assert_eq!(u[0].duplicate_of, None);
        assert_eq!(u[1].duplicate_of, Some(0));
        assert_eq!(u[3].duplicate_of, Some(0));
        assert!(u.iter().all(|x| x.doc == 3));
    }
}
