//! Padding analysis: where one document repeats itself or fills space with
//! text that is not article content.
//!
//! For each document, [`Padder::analyze`] finds
//!
//! * **repeats** (`repeats`): later copies of earlier text, word for word
//!   or lightly edited, each with the location of its first occurrence;
//!   repeated titles and headings are told apart from running text;
//! * **keyword lines** (`keywords`): tag lists and lines where a few terms
//!   take an unusual share of the words, each with the measure that flagged it;
//! * **boilerplate lines** (`boilerplate`): comment forms, publication
//!   stamps, bylines, image alt text and other page furniture, each with
//!   the rule that matched.
//!
//! and two ratios: the share of the document's chars that repeat earlier
//! text, and the share left once repeats and flagged lines are removed.
//! [`clean_text`] gives the text without its repeats; first occurrences
//! always stay.
//!
//! ```
//! use neardup::padding::{Padder, PaddingOptions};
//!
//! let padder = Padder::new(PaddingOptions::default()).unwrap();
//! let text = "A Short Title\n\
//!     Russia has officially recognized the Taliban government in Afghanistan.\n\
//!     Russia has officially recognized the Taliban government in Afghanistan.\n";
//! let doc = padder.document(text.to_string()).unwrap();
//! let report = padder.analyze("a.txt", &doc);
//! assert_eq!(report.repeats.len(), 1);
//! assert_eq!(report.repeats[0].source.line, 2);
//! assert_eq!(report.repeats[0].copy.line, 3);
//! assert!(!neardup::padding::clean_text(&report).contains(".\nRussia"));
//! ```

pub(crate) mod boilerplate;
pub(crate) mod keywords;
pub(crate) mod repeats;

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use crate::align::AlignOptions;
use crate::error::{Error, Result};
use crate::report::padding::{
    BoilerplateLine, DocumentPadding, KeywordLine, PaddingParams, Repeat, RepeatKind, RepeatMatch,
};
use crate::report::{DocInfo, Location};
use crate::shingle::DEFAULT_K;
use crate::text::{Document, Pipeline, Span, TextOptions};

/// Default shortest repeated passage, in words. Lower than the compare
/// default ([`crate::align::DEFAULT_MIN_TOKENS`]): within one document, even
/// a short sentence printed twice is padding, while between two documents
/// short shared phrases are mostly set phrases.
pub const DEFAULT_MIN_TOKENS: u32 = 8;

/// Everything a padding analysis depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaddingOptions {
    /// Tokenization (the language also picks the stopwords ignored by the
    /// keyword measures).
    pub text: TextOptions,
    /// Shingle size in words (2 to 64): repeated passages are seeded by
    /// shared shingles.
    pub shingle: u32,
    /// Shortest repeated passage, in words. Whole lines repeated word for
    /// word count from `repeats::MIN_LINE_TOKENS` (3) words.
    pub min_tokens: u32,
    /// Largest edit, in words, bridged inside one repeated passage.
    pub max_gap: u32,
}

impl Default for PaddingOptions {
    fn default() -> Self {
        let align = AlignOptions::default();
        PaddingOptions {
            text: TextOptions::default(),
            shingle: DEFAULT_K as u32,
            min_tokens: DEFAULT_MIN_TOKENS,
            max_gap: align.max_gap,
        }
    }
}

/// A configured padding analyser: build once, analyse many documents (it is
/// `Sync`).
#[derive(Debug)]
pub struct Padder {
    options: PaddingOptions,
    pipeline: Pipeline,
    stopwords: HashSet<&'static str>,
}

impl Padder {
    /// An analyser for `options`.
    ///
    /// # Errors
    ///
    /// Out-of-range settings.
    pub fn new(options: PaddingOptions) -> Result<Self> {
        // One-word shingles seed on every shared word, and chains of such
        // seeds glue unrelated text onto real repeats.
        if !(2..=64).contains(&options.shingle) {
            return Err(Error::InvalidParams(format!(
                "shingle size must be 2 to 64 words for padding, not {}",
                options.shingle
            )));
        }
        if options.min_tokens == 0 {
            return Err(Error::InvalidParams(
                "the shortest repeat must be at least 1 word".into(),
            ));
        }
        Ok(Padder {
            pipeline: Pipeline::new(options.text),
            stopwords: options.text.language.stopwords().iter().copied().collect(),
            options,
        })
    }

    /// The options.
    pub fn options(&self) -> &PaddingOptions {
        &self.options
    }

    /// Tokenize a text with this analyser's pipeline.
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn document(&self, text: impl Into<std::sync::Arc<str>>) -> Result<Document> {
        self.pipeline.document(text)
    }

    /// The settings, as reported.
    pub fn params(&self) -> PaddingParams {
        let o = &self.options;
        PaddingParams {
            shingle: o.shingle,
            min_tokens: o.min_tokens,
            max_gap: o.max_gap,
            lang: o.text.language.to_string(),
            stem: o.text.stem,
            stopwords: o.text.remove_stopwords,
            strip_diacritics: o.text.strip_diacritics,
        }
    }

    /// Analyse `doc` (named `path` in the report).
    pub fn analyze(&self, path: &str, doc: &Document) -> DocumentPadding {
        let lines = lines(doc);
        let strip = self.options.text.strip_diacritics;
        let boilerplate: Vec<BoilerplateLine> = boilerplate::find(doc, &lines, strip);
        let keyword_lines: Vec<KeywordLine> = keywords::find(doc, &lines, &self.stopwords, strip);
        let flagged: BTreeSet<u32> = boilerplate
            .iter()
            .map(|b| b.location.line)
            .chain(keyword_lines.iter().map(|k| k.location.line))
            .collect();
        let title = lines
            .iter()
            .find(|l| is_heading(doc, l) && !flagged.contains(&l.number))
            .map(|l| l.number);
        let repeats: Vec<Repeat> = repeats::find(doc, &lines, &self.options)
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let source_line =
                    &lines[doc.line_of(doc.token_span(f.a.clone()).start) as usize - 1];
                let kind = if source_line.tokens != f.a || !is_heading(doc, source_line) {
                    RepeatKind::Passage
                } else if Some(source_line.number) == title {
                    RepeatKind::Title
                } else {
                    RepeatKind::Heading
                };
                let exact = f.equal == f.a.len() as u32 && f.equal == f.b.len() as u32;
                Repeat {
                    id: i as u32 + 1,
                    kind,
                    matched: if exact {
                        RepeatMatch::Exact
                    } else {
                        RepeatMatch::Edited
                    },
                    identity: 2.0 * f64::from(f.equal) / (f.a.len() + f.b.len()) as f64,
                    tokens: f.b.len() as u32,
                    cut: cut_span(doc, &lines, f.b.clone()),
                    source: Location::new(doc, f.a),
                    copy: Location::new(doc, f.b),
                }
            })
            .collect();

        let total = doc.char_len();
        let cuts: Vec<Span> = repeats.iter().map(|r| r.cut).collect();
        let repeated_chars = chars_in(doc, cuts.clone());
        let mut removed = cuts;
        removed.extend(flagged.iter().map(|&n| lines[n as usize - 1].full));
        let clean_chars = total - chars_in(doc, removed);
        let share = |n: u32| {
            if total == 0 {
                0.0
            } else {
                f64::from(n) / f64::from(total)
            }
        };
        DocumentPadding {
            doc: DocInfo::new(path, doc),
            padding_ratio: share(repeated_chars),
            repeated_chars,
            clean_ratio: share(clean_chars),
            clean_chars,
            repeats,
            keyword_lines,
            boilerplate,
        }
    }
}

/// The analysed text without its repeats: every later copy is cut, every
/// first occurrence stays.
pub fn clean_text(report: &DocumentPadding) -> String {
    let text = report.doc.text.text();
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for cut in merged(report.repeats.iter().map(|r| r.cut).collect()) {
        let r = cut.range();
        if r.start >= at && r.end <= text.len() {
            out.push_str(&text[at..r.start]);
            at = r.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// One line of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: u32,
    /// The line without its line break.
    pub span: Span,
    /// The line with its line break.
    pub full: Span,
    /// Its tokens.
    pub tokens: Range<u32>,
}

/// Every line of `doc`, in order.
pub fn lines(doc: &Document) -> Vec<Line> {
    let n = doc.line_count();
    let len = doc.text().len() as u32;
    (1..=n)
        .map(|number| {
            let span = doc.line_span(number);
            let next = if number < n {
                doc.line_span(number + 1).start
            } else {
                len
            };
            Line {
                number,
                span,
                full: Span::new(span.start, next),
                tokens: doc.token_at_or_after(span.start)..doc.token_at_or_after(span.end),
            }
        })
        .collect()
}

/// Longest line, in words, taken for a title or heading.
pub const MAX_HEADING_TOKENS: usize = 20;

/// Whether a line reads like a title or heading: a few words and no
/// sentence punctuation at its end (closing quotes and brackets aside).
pub fn is_heading(doc: &Document, line: &Line) -> bool {
    let n = line.tokens.len();
    if n == 0 || n > MAX_HEADING_TOKENS {
        return false;
    }
    let text = doc.slice(line.span).trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
    });
    !text.ends_with(['.', '!', '?', '…', ':', ';', ','])
}

/// The bytes a copy takes with it when removed: its words, or its whole
/// lines (line breaks included) when no other word stands on them.
fn cut_span(doc: &Document, lines: &[Line], copy: Range<u32>) -> Span {
    let words = doc.token_span(copy);
    if words.is_empty() {
        return words;
    }
    let first = &lines[doc.line_of(words.start) as usize - 1];
    let last = &lines[doc.line_of(words.end - 1) as usize - 1];
    let text = doc.text();
    let wordless = |s: usize, e: usize| !text[s..e].chars().any(char::is_alphanumeric);
    if wordless(first.span.start as usize, words.start as usize)
        && wordless(words.end as usize, last.span.end as usize)
    {
        Span::new(first.full.start, last.full.end)
    } else {
        words
    }
}

/// Sorted, disjoint spans covering the same bytes as `spans`.
fn merged(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Number of chars covered by `spans` (overlaps counted once).
fn chars_in(doc: &Document, spans: Vec<Span>) -> u32 {
    merged(spans)
        .into_iter()
        .map(|s| doc.char_offset(s.end) - doc.char_offset(s.start))
        .sum()
}

#[cfg(test)]
mod tests;
