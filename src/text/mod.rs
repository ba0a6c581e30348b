//! Stage 1 of the pipeline: raw text → [`Document`] of [`Token`]s.
//!
//! A token is a Unicode word (UAX #29 word boundaries, via
//! `unicode-segmentation`) that contains at least one letter or digit. Text in
//! scripts written without spaces between words (Han, Hiragana, Katakana,
//! Thai, Lao, Khmer, Myanmar) falls back to one token per character so it
//! still shingles.
//!
//! Every token carries a [`Span`] of UTF-8 byte offsets into the original
//! text (ends exclusive; spans lie on char boundaries, increase and never
//! overlap) and a `key`: the 64-bit hash of its normalised form (see
//! [`normalize`]), stemmed when stemming is on. Everything downstream
//! compares keys, never strings, and maps results back to the original text
//! through spans.
//!
//! Offsets are `u32`, so a document is limited to 4 GiB; [`Pipeline::document`]
//! refuses larger text. A byte-order mark stays in the text (it counts in
//! offsets, as it is in the file) but is never part of a token. CRLF and
//! lone CR end lines like LF.

pub(crate) mod bounds;
mod lang;
pub mod normalize;
mod words;

use rustc_hash::FxHashSet;
use std::ops::Range;
use std::sync::Arc;

pub use lang::Language;
pub(crate) use lang::{is_english_month, is_english_weekday};

use crate::error::{Error, Result};
use crate::hash;

/// A half-open range of UTF-8 byte offsets into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Its length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether it is empty.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// As a `usize` range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One word of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the word stands in the original text.
    pub span: Span,
    /// Hash of its normalised (and, if configured, stemmed) form.
    pub key: u64,
    /// Whether it is a stopword of the configured language. Only set when
    /// stopword removal is on.
    pub stop: bool,
}

/// How text becomes tokens. Everything here changes token keys, so it is
/// part of [`crate::sketch::SketchParams`]: a stored signature says which
/// options made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TextOptions {
    /// Language for stemming and stopwords.
    pub language: Language,
    /// Reduce words to their stems (`recognised` = `recognise`).
    pub stem: bool,
    /// Mark stopwords so shingles skip them.
    pub remove_stopwords: bool,
    /// Fold `é` to `e` and similar.
    pub strip_diacritics: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            language: Language::English,
            stem: false,
            remove_stopwords: false,
            strip_diacritics: false,
        }
    }
}

/// A configured tokenizer: build once, use for many documents (it is `Sync`).
pub struct Pipeline {
    options: TextOptions,
    stemmer: Option<rust_stemmers::Stemmer>,
    stopwords: FxHashSet<&'static str>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("options", &self.options)
            .finish()
    }
}

impl Pipeline {
    /// The tokens of `text` alone, without the offset tables a
    /// [`Document`] also builds (what a signature needs).
    ///
    /// # Errors
    ///
    /// A text over 4 GiB (offsets are `u32`).
    pub fn tokens(&self, text: &str) -> Result<Vec<Token>> {
        let mut tokens = Vec::with_capacity(text.len() / 6);
        self.for_each_token(text, |t| tokens.push(t))?;
        Ok(tokens)
    }

    /// Each token of `text`, in order, without keeping any: what a text
    /// too large to hold its tokens is read with.
    ///
    /// # Errors
    ///
    /// A text over 4 GiB (offsets are `u32`).
    pub fn for_each_token(&self, text: &str, mut each: impl FnMut(Token)) -> Result<()> {
        if text.len() > u32::MAX as usize {
            return Err(Error::InvalidParams(format!(
                "a document may hold at most {} bytes, this one has {}",
                u32::MAX,
                text.len()
            )));
        }
        let mut norm = String::new();
        let plain = self.stemmer.is_none() && self.stopwords.is_empty();
        let bytes = text.as_bytes();
        words::for_each_word(text, |start, word, ascii| {
            let span = Span::new(start as u32, (start + word.len()) as u32);
            if plain && ascii {
                // The common case, without a copy: ASCII is its own NFKC,
                // so the normal form is the lower-cased bytes, read straight
                // from the text.
                let head = match bytes.get(start..start + 16) {
                    Some(h) => u128::from_le_bytes(h.try_into().unwrap_or([0; 16])),
                    None => {
                        let mut h = [0u8; 16];
                        let tail = &bytes[start..];
                        h[..tail.len()].copy_from_slice(tail);
                        u128::from_le_bytes(h)
                    }
                };
                let key = hash::short_ascii_token_lower(head, word.len())
                    .unwrap_or_else(|| long_ascii_key(word.as_bytes()));
                each(Token {
                    span,
                    key,
                    stop: false,
                });
                return;
            }
            normalize::normalize_into(word, self.options.strip_diacritics, &mut norm);
            let stop = !self.stopwords.is_empty() && self.stopwords.contains(norm.as_str());
            let key = match &self.stemmer {
                Some(s) => hash::token(s.stem(&norm).as_bytes()),
                None => hash::token(norm.as_bytes()),
            };
            each(Token { span, key, stop });
        });
        Ok(())
    }

    /// The [`SourceText`] of `text`: its offset tables, without the token
    /// keys a [`Document`] holds (what a huge document keeps).
    ///
    /// # Errors
    ///
    /// A text over 4 GiB (offsets are `u32`).
    pub fn source(&self, text: impl Into<Arc<str>>) -> Result<SourceText> {
        let text: Arc<str> = text.into();
        let mut spans: Vec<Span> = Vec::with_capacity(text.len() / 6);
        self.for_each_token(&text, |t| spans.push(t.span))?;
        spans.shrink_to_fit();
        Ok(SourceText {
            lines: Arc::new(LineIndex::new(&text)),
            text,
            spans: Arc::new(spans),
        })
    }

    /// A pipeline for `options`.
    pub fn new(options: TextOptions) -> Self {
        let stemmer = options
            .stem
            .then(|| rust_stemmers::Stemmer::create(options.language.algorithm()));
        let stopwords = if options.remove_stopwords {
            options.language.stopwords().iter().copied().collect()
        } else {
            FxHashSet::default()
        };
        Pipeline {
            options,
            stemmer,
            stopwords,
        }
    }

    /// The options it was built with.
    pub fn options(&self) -> &TextOptions {
        &self.options
    }

    /// Tokenize `text` into a document.
    ///
    /// # Errors
    ///
    /// A text over 4 GiB (offsets are `u32`).
    pub fn document(&self, text: impl Into<Arc<str>>) -> Result<Document> {
        let text: Arc<str> = text.into();
        let tokens = self.tokens(&text)?;
        // The guess in `tokens` may be well off (long words, or CJK
        // characters); a huge document should not keep the slack.
        let mut tokens = tokens;
        tokens.shrink_to_fit();
        let lines = LineIndex::new(&text);
        let spans = Arc::new(tokens.iter().map(|t| t.span).collect());
        Ok(Document {
            source: SourceText {
                text,
                lines: Arc::new(lines),
                spans,
            },
            tokens,
            plain_keys: self.stemmer.is_none()
                && self.stopwords.is_empty()
                && !self.options.strip_diacritics,
        })
    }
}

/// The key of an ASCII word over 16 bytes: its lower case hashed, on the
/// stack up to 64 bytes (identifiers in code are often this long).
fn long_ascii_key(word: &[u8]) -> u64 {
    let mut buf = [0u8; 64];
    match buf.get_mut(..word.len()) {
        Some(lower) => {
            lower.copy_from_slice(word);
            lower.make_ascii_lowercase();
            hash::token(lower)
        }
        None => hash::token(&word.to_ascii_lowercase()),
    }
}

/// Raw words of `text` with their byte offsets, per the module rules.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    words::for_each_word(text, |s, w, _| out.push((s, w)));
    out.into_iter()
}

/// A document's text with the tables that locate things in it: token spans,
/// line starts and char offsets. Cloning is cheap (the parts are shared), so
/// reports carry it and renderers read text only through it, without the
/// token keys and analysis a [`Document`] holds.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: Arc<str>,
    lines: Arc<LineIndex>,
    /// In a `Vec`, not a slice: an `Arc<[Span]>` would be a copy of the
    /// table, twice its size at once on a huge document.
    spans: Arc<Vec<Span>>,
}

impl Default for SourceText {
    fn default() -> Self {
        SourceText {
            text: Arc::from(""),
            lines: Arc::new(LineIndex::new("")),
            spans: Arc::new(Vec::new()),
        }
    }
}

impl SourceText {
    /// The original text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The byte span of every token, in text order.
    pub fn token_spans(&self) -> &[Span] {
        &self.spans
    }

    /// The text of a span (empty when the span does not lie in the text,
    /// e.g. a report read back without its documents).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The span from the first to the last token of a token range (empty
    /// range: an empty span at the next token's start, or the text's end).
    pub fn token_span(&self, tokens: Range<u32>) -> Span {
        let end_of_text = self.text.len() as u32;
        if tokens.start >= tokens.end {
            let at = self
                .spans
                .get(tokens.start as usize)
                .map_or(end_of_text, |s| s.start);
            return Span::new(at, at);
        }
        match (
            self.spans.get(tokens.start as usize),
            self.spans.get(tokens.end as usize - 1),
        ) {
            (Some(first), Some(last)) => Span::new(first.start, last.end),
            _ => Span::new(end_of_text, end_of_text),
        }
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, byte: u32) -> u32 {
        self.lines.line_of(byte) as u32 + 1
    }

    /// Number of Unicode scalar values before a byte offset.
    pub fn char_offset(&self, byte: u32) -> u32 {
        self.lines.chars_before(self.text.as_bytes(), byte)
    }

    /// Number of Unicode scalar values in the text.
    pub fn char_len(&self) -> u32 {
        self.char_offset(self.text.len() as u32)
    }

    /// Number of lines (a final line without a line break counts).
    pub fn line_count(&self) -> u32 {
        self.lines.starts.len() as u32
    }

    /// Byte span of a 1-based line, without its line break.
    pub fn line_span(&self, line: u32) -> Span {
        let i = line.saturating_sub(1) as usize;
        let start = self.lines.starts[i.min(self.lines.starts.len() - 1)];
        let mut end = self
            .lines
            .starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.text.len() as u32);
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end as usize - 1], b'\n' | b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// Index of the first token whose span starts at or after `byte`.
    pub fn token_at_or_after(&self, byte: u32) -> u32 {
        self.spans.partition_point(|s| s.start < byte) as u32
    }
}

/// A tokenized text: its [`SourceText`] plus each token's key.
#[derive(Debug, Clone)]
pub struct Document {
    source: SourceText,
    tokens: Vec<Token>,
    /// Whether each token's key is the hash of its normal form alone
    /// (`normalize(word, false)`: no stemming, stopwords or diacritics
    /// stripped), so two tokens with one key have one normal form.
    plain_keys: bool,
}

impl std::ops::Deref for Document {
    type Target = SourceText;

    fn deref(&self) -> &SourceText {
        &self.source
    }
}

impl Document {
    /// Whether a token's key is the hash of its normal form
    /// (`normalize(word, false)`) and nothing else.
    pub(crate) fn plain_keys(&self) -> bool {
        self.plain_keys
    }

    /// The text and its offset tables, shared (cheap to clone).
    pub fn source(&self) -> &SourceText {
        &self.source
    }

    /// All tokens, in text order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }
}

/// A sentence (or a line without sentence punctuation, such as a title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte span, trimmed of surrounding white space.
    pub span: Span,
    /// Its tokens (may be empty for a line of punctuation).
    pub tokens: Range<u32>,
}

impl SourceText {
    /// The document's sentences, in order: UAX #29 sentence boundaries, plus
    /// a boundary at every line break so titles, list items and paragraphs
    /// without end punctuation stand alone. Sentences without tokens are
    /// left out.
    pub fn sentences(&self) -> Vec<Sentence> {
        bounds::sentences(self)
    }
}

/// Offset conversions: line starts for byte → line, and a checkpoint table
/// for byte → char.
///
/// The chars before a byte offset are the bytes before it that do not
/// continue a UTF-8 sequence. `chars_before[k]` holds that count for byte
/// `k × CHECKPOINT`, so a conversion counts at most `CHECKPOINT` bytes,
/// whatever the line lengths (4 bytes of table per 256 bytes of text).
#[derive(Debug, Clone)]
struct LineIndex {
    starts: Vec<u32>,
    chars_before: Vec<u32>,
}

/// Bytes between two char-count checkpoints.
const CHECKPOINT: usize = 256;

/// Number of chars that start in `bytes`.
fn char_starts(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut i = 0usize;
        while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let mut next = i + k + 1;
            if bytes[i + k] == b'\r' && bytes.get(next) == Some(&b'\n') {
                next += 1;
            }
            starts.push(next as u32);
            i = next;
        }
        let mut chars_before = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut chars = 0u32;
        chars_before.push(0);
        for chunk in bytes.chunks(CHECKPOINT) {
            chars += char_starts(chunk);
            chars_before.push(chars);
        }
        LineIndex {
            starts,
            chars_before,
        }
    }

    /// 0-based line of a byte offset.
    fn line_of(&self, byte: u32) -> usize {
        self.starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    }

    /// Chars before byte offset `byte` of `bytes`.
    fn chars_before(&self, bytes: &[u8], byte: u32) -> u32 {
        let byte = (byte as usize).min(bytes.len());
        let k = byte / CHECKPOINT;
        let base = self.chars_before[k];
        // A stretch with as many chars as bytes (ASCII, most of most
        // texts) has one char per byte: nothing to count.
        if let Some(&next) = self.chars_before.get(k + 1) {
            let len = (bytes.len() - k * CHECKPOINT).min(CHECKPOINT);
            if (next - base) as usize == len {
                return base + (byte - k * CHECKPOINT) as u32;
            }
        }
        base + char_starts(&bytes[k * CHECKPOINT..byte])
    }
}

/// A document tokenized with default options, for unit tests across the
/// crate.
#[cfg(test)]
pub(crate) fn test_doc(text: &str) -> Document {
    Pipeline::new(TextOptions::default())
        .document(text)
        .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        test_doc(text)
    }

    fn raw(d: &Document) -> Vec<&str> {
        d.tokens().iter().map(|t| d.slice(t.span)).collect()
    }

    #[test]
    fn words_with_spans() {
        let d = doc("Russia’s move — “courageous,” said Muttaqi.");
        assert_eq!(
            raw(&d),
            ["Russia’s", "move", "courageous", "said", "Muttaqi"]
        );
        let e = doc("RUSSIA'S move");
        assert_eq!(d.tokens()[0].key, e.tokens()[0].key);
    }

    #[test]
    fn empty_punctuation_and_one_token() {
        assert!(doc("").tokens().is_empty());
        assert!(doc(" ,.;— “” ").tokens().is_empty());
        assert_eq!(doc("word").tokens().len(), 1);
    }

    #[test]
    fn bom_is_in_offsets_not_tokens() {
        let d = doc("\u{feff}Hello world");
        assert_eq!(raw(&d), ["Hello", "world"]);
        assert_eq!(d.tokens()[0].span.start, 3);
        assert_eq!(d.char_offset(3), 1);
    }

    #[test]
    fn nbsp_and_zero_width() {
        let d = doc("a\u{a0}b c\u{200b}d");
        assert_eq!(raw(&d), ["a", "b", "c", "d"]);
    }

    #[test]
    fn cjk_falls_back_to_characters() {
        let d = doc("俄罗斯承认塔利班 Taliban");
        assert_eq!(
            raw(&d),
            ["俄", "罗", "斯", "承", "认", "塔", "利", "班", "Taliban"]
        );
        let t = doc("ประเทศไทย");
        assert_eq!(t.tokens().len(), 9);
    }

    #[test]
    fn lines_and_chars_with_crlf_and_cr() {
        let d = doc("één\r\ntwo\rthree\nfour");
        assert_eq!(d.line_count(), 4);
        let four = d.tokens()[3].span.start;
        assert_eq!(d.line_of(four), 4);
        assert_eq!(
            d.char_offset(four),
            d.text()[..four as usize].chars().count() as u32
        );
        assert_eq!(d.slice(d.line_span(1)), "één");
        assert_eq!(d.slice(d.line_span(2)), "two");
        assert_eq!(d.char_len(), 19);
    }

    #[test]
    fn char_offsets_across_checkpoints() {
        // Two- and three-byte chars straddle every 256-byte checkpoint.
        let text = "é塔x".repeat(200);
        let d = doc(&text);
        for (byte, _) in text.char_indices() {
            let expect = text[..byte].chars().count() as u32;
            assert_eq!(d.char_offset(byte as u32), expect, "at byte {byte}");
        }
        assert_eq!(d.char_len(), 600);
    }

    proptest::proptest! {
        #[test]
        fn char_offsets_equal_counting(
            pieces in proptest::collection::vec((0usize..300, proptest::sample::select(vec!["", "é", "塔", "\n"])), 0..8)
        ) {
            // Long ASCII stretches (counted by subtraction) next to
            // multi-byte chars (counted byte by byte), across checkpoints.
            let text: String = pieces.iter().map(|(n, c)| "a ".repeat(*n) + c).collect();
            let d = doc(&text);
            for byte in (0..=text.len()).filter(|&b| text.is_char_boundary(b)) {
                proptest::prop_assert_eq!(d.char_offset(byte as u32), text[..byte].chars().count() as u32);
            }
        }
    }

    #[test]
    fn sentences_split_on_punctuation_and_lines() {
        let d = doc("A Title Line\r\n\nFirst one. Second one? “Quoted.”\n  ...\nLast");
        let ss: Vec<_> = d.sentences().iter().map(|s| d.slice(s.span)).collect();
        assert_eq!(
            ss,
            [
                "A Title Line",
                "First one.",
                "Second one?",
                "“Quoted.”",
                "Last"
            ]
        );
        assert_eq!(d.sentences()[1].tokens, 3..5);
    }

    #[test]
    fn long_ascii_words_key_like_the_general_path() {
        let long = "Supercalifragilistic CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS_WITH_A_VERY_LONG_NAME_INDEED x";
        for (t, (_, w)) in doc(long).tokens().iter().zip(words(long)) {
            assert_eq!(
                t.key,
                hash::token(normalize::normalize(w, false).as_bytes()),
                "{w}"
            );
        }
    }

    #[test]
    fn stemming_and_stopwords() {
        let p = Pipeline::new(TextOptions {
            stem: true,
            remove_stopwords: true,
            ..TextOptions::default()
        });
        let d = p.document("The recognition recognised").unwrap();
        assert!(d.tokens()[0].stop);
        assert!(!d.tokens()[1].stop);
        let e = p.document("recognise").unwrap();
        assert_eq!(d.tokens()[2].key, e.tokens()[0].key);
    }
}
