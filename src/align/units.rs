//! Sentence units and their content-word vectors, for the sentence layer.
//!
//! A unit is a sentence found by UAX #29 rules after single line breaks are
//! read as spaces (wrapped text keeps its sentences whole; a blank line still
//! ends one) and with a lower-case letter after `. ` taken as a sentence
//! start. A unit with fewer than [`MIN_WORDS`] content words is merged
//! into the next one, so headings and fragments do not seed on their own.
//! A sentence longer than [`MAX_UNIT_TOKENS`] tokens (or text without
//! sentence marks) is cut into equal units no longer than that.
//!
//! Content words are the tokens that are not stopwords of the language,
//! stemmed, whatever the user's token options: the [`Analyser`] derives them
//! from the text under each token's span.

use std::num::NonZeroU64;

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

use crate::text::{Document, Language, normalize};

/// A token's stemmed content word as a hash, `None` for a stopword. The
/// hash is never 0 (0 is read as 1), so the option takes 8 bytes, not 16:
/// one of these is kept per token of every prepared document.
pub type Word = Option<NonZeroU64>;

/// Units with fewer content words than this merge into the next unit.
pub(super) const MIN_WORDS: usize = 2;
/// Most tokens in one unit: a longer sentence is cut into equal pieces.
pub(super) const MAX_UNIT_TOKENS: u32 = 50;

/// English function words: articles, pronouns, auxiliaries, prepositions,
/// conjunctions and the commonest adverbs.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "also",
    "may",
    "might",
    "must",
    "shall",
    "s",
    "t",
    "don",
    "ll",
    "re",
    "ve",
];

/// Stemmer and stopwords for one language; build once, share freely.
pub(crate) struct Analyser {
    language: Language,
    stemmer: rust_stemmers::Stemmer,
    stopwords: FxHashSet<&'static str>,
    /// English: the content word of each of the [`COMMON_WORDS`] commonest
    /// words ([`super::fact::reference`]), so most tokens of any document
    /// are looked up, not stemmed again (stemming was a tenth of the work
    /// of `compare --pairs`).
    common: Option<&'static FxHashMap<&'static str, Word>>,
}

/// How many of the commonest English words are stemmed once per process:
/// they hold most of the distinct words of a news text, and stemming them
/// takes about 5 ms (the whole list of 30,000 took 30 ms, too much for one
/// `compare A B`).
const COMMON_WORDS: usize = 5_000;

/// The content words of the commonest English words, made once per process.
fn common_english(analyser: &Analyser) -> &'static FxHashMap<&'static str, Word> {
    static COMMON: std::sync::OnceLock<FxHashMap<&'static str, Word>> = std::sync::OnceLock::new();
    COMMON.get_or_init(|| {
        super::fact::reference::words()
            .take(COMMON_WORDS)
            .map(|w| (w, analyser.word(w)))
            .collect()
    })
}

impl std::fmt::Debug for Analyser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyser").finish_non_exhaustive()
    }
}

impl Analyser {
    /// An analyser for `language`.
    pub(crate) fn new(language: Language) -> Self {
        // The general English list (over a thousand words) drops content
        // words such as "information" or "new" that carry sentence
        // similarity; function words alone do better (see benches/README.md).
        let stopwords = match language {
            Language::English => ENGLISH_FUNCTION_WORDS.iter().copied().collect(),
            _ => language.stopwords().iter().copied().collect(),
        };
        let mut analyser = Analyser {
            language,
            stemmer: rust_stemmers::Stemmer::create(language.algorithm()),
            stopwords,
            common: None,
        };
        if language == Language::English {
            analyser.common = Some(common_english(&analyser));
        }
        analyser
    }

    /// The content word of a normalised word.
    fn word(&self, norm: &str) -> Word {
        if self.stopwords.contains(norm) {
            return None;
        }
        let h = crate::hash::token(self.stemmer.stem(norm).as_bytes());
        Some(NonZeroU64::new(h).unwrap_or(NonZeroU64::MIN))
    }

    /// The stemmed content word of every token (`None` for stopwords), as
    /// 64-bit hashes.
    pub(crate) fn content_words(&self, doc: &Document) -> Vec<Word> {
        let mut norm = String::new();
        // Words repeat within a document (a news article uses each about
        // three times) and across the documents a thread prepares: stem
        // each distinct word once per thread, in a cache kept between
        // documents (stemming the words outside the common list was 8% of
        // `compare --pairs`). When a token's key is the hash of its normal
        // form, the cache is keyed by it and a known word is neither
        // normalised nor hashed again.
        let word_of = |norm: &str| match self.common.and_then(|c| c.get(norm)) {
            Some(&w) => w,
            None => self.word(norm),
        };
        STEMS.with_borrow_mut(|cache| {
            let (by_key, by_form) = cache.for_language(self.language);
            doc.tokens()
                .iter()
                .map(|t| {
                    let raw = doc.slice(t.span);
                    if doc.plain_keys() {
                        return *by_key.entry(t.key).or_insert_with(|| {
                            normalize::normalize_into(raw, false, &mut norm);
                            word_of(&norm)
                        });
                    }
                    normalize::normalize_into(raw, false, &mut norm);
                    if let Some(&w) = by_form.get(norm.as_str()) {
                        return w;
                    }
                    let w = word_of(&norm);
                    by_form.insert(norm.as_str().into(), w);
                    w
                })
                .collect()
        })
    }
}

/// Distinct words one thread keeps stemmed; past it the cache starts
/// again (at about 50 bytes a word, a few MiB a thread).
const STEM_CACHE_WORDS: usize = 1 << 18;

/// One thread's stemmed words, for the language it last analysed: by
/// token key (documents whose keys are plain hashes of normal forms) and
/// by normal form (the others).
#[derive(Default)]
struct StemCache {
    language: Option<Language>,
    by_key: FxHashMap<u64, Word>,
    by_form: FxHashMap<Box<str>, Word>,
}

impl StemCache {
    /// The words of `language`, emptied when the language changed or the
    /// cache is full (between documents, so a document's words stay).
    fn for_language(
        &mut self,
        language: Language,
    ) -> (&mut FxHashMap<u64, Word>, &mut FxHashMap<Box<str>, Word>) {
        if self.language != Some(language)
            || self.by_key.len() + self.by_form.len() > STEM_CACHE_WORDS
        {
            self.by_key.clear();
            self.by_form.clear();
            self.language = Some(language);
        }
        (&mut self.by_key, &mut self.by_form)
    }
}

thread_local! {
    static STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::default();
}

/// A sentence unit.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Unit {
    /// Its tokens.
    pub(super) tokens: Range<u32>,
    /// Content-word ids (see [`Vocabulary`]) with their counts, sorted by id.
    pub(super) words: Vec<(u32, u32)>,
}

/// Token ranges of a document's sentences (single line breaks joined).
fn sentence_tokens(doc: &Document) -> Vec<Range<u32>> {
    let text = doc.text();
    let flat = String::from_utf8(split_text(text)).unwrap_or_else(|_| text.to_string());
    let mut out = Vec::new();
    for (off, s) in crate::text::bounds::sentence_bound_indices(&flat) {
        let first = doc.token_at_or_after(off as u32);
        let last = doc.token_at_or_after((off + s.len()) as u32);
        if first < last {
            out.push(first..last);
        }
    }
    out
}

/// Copy the run of white space at `start` (which holds a line break) to
/// `flat`: a run holding exactly one line break becomes spaces, ASCII for
/// ASCII so offsets and UTF-8 validity stay. Returns where the run ends.
fn copy_break_run(bytes: &[u8], start: usize, flat: &mut Vec<u8>) -> usize {
    let mut i = start;
    let mut breaks = 0;
    while i < bytes.len() && matches!(bytes[i], b'\n' | b'\r' | b' ' | b'\t') {
        if bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            breaks += 1;
        }
        i += 1;
    }
    let fill = if breaks == 1 { b' ' } else { b'\n' };
    flat.extend(
        bytes[start..i]
            .iter()
            .map(|&c| if c == b' ' || c == b'\t' { c } else { fill }),
    );
    i
}

/// The text the units are split in, as bytes at the offsets of `text`:
/// single line breaks read as spaces, and a lower-case ASCII letter after
/// `. ` as a capital.
fn split_text(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut flat = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Up to the next line break, the text as it is.
        let next = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        flat.extend_from_slice(&bytes[i..next]);
        i = next;
        if i == bytes.len() {
            break;
        }
        i = copy_break_run(bytes, i, &mut flat);
    }
    // Sentence rules only break before a capital; copied text that was
    // edited or machine translated often starts a sentence in lower case.
    // Upper-casing an ASCII letter after ". " for the split keeps offsets
    // (and makes no other `. ` pattern).
    let mut from = 0;
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &flat[from..]) {
        let k = from + k;
        if flat.get(k + 1) == Some(&b' ') && flat.get(k + 2).is_some_and(u8::is_ascii_lowercase) {
            flat[k + 2] = flat[k + 2].to_ascii_uppercase();
        }
        from = k + 1;
    }
    flat
}

/// A document's sentence units, with word ids local to the document: id
/// `k` is the `k`-th distinct content word in text order, `vocab[k]` its
/// hash.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct DocUnits {
    units: Vec<Unit>,
    vocab: Vec<u64>,
}

/// A first guess at the number of distinct words of a text of `n` words
/// (news texts of a few hundred to a few thousand words have about
/// 16·√n), so that their tables rarely grow.
pub(crate) fn distinct_guess(n: usize) -> usize {
    n.min(16 * n.isqrt())
}

/// Local ids of one document's content words, by first occurrence.
#[derive(Default)]
struct LocalVocabulary {
    ids: FxHashMap<u64, u32>,
    words: Vec<u64>,
}

impl LocalVocabulary {
    fn id(&mut self, word: u64) -> u32 {
        let next = self.words.len() as u32;
        let id = *self.ids.entry(word).or_insert(next);
        if id == next {
            self.words.push(word);
        }
        id
    }
}

/// The units of a pair with ids shared by both documents: A's ids stay as
/// they are (A's words come first, in A's order), B's words map to A's id
/// or to the next new one, in B's order. Returns A's units, B's units and
/// the number of distinct words. These are the ids a joint vocabulary
/// built over A then B would give, so results do not depend on whether
/// units were prepared per document.
pub(super) fn pair_units<'a>(a: &'a DocUnits, b: &DocUnits) -> (&'a [Unit], Vec<Unit>, usize) {
    let mut ids: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(a.vocab.len() + b.vocab.len(), Default::default());
    ids.extend(a.vocab.iter().enumerate().map(|(i, &w)| (w, i as u32)));
    let map: Vec<u32> = b
        .vocab
        .iter()
        .map(|&w| {
            let next = ids.len() as u32;
            *ids.entry(w).or_insert(next)
        })
        .collect();
    let ub = b
        .units
        .iter()
        .map(|u| {
            let mut words: Vec<(u32, u32)> =
                u.words.iter().map(|&(w, n)| (map[w as usize], n)).collect();
            words.sort_unstable();
            Unit {
                tokens: u.tokens.clone(),
                words,
            }
        })
        .collect();
    (&a.units, ub, ids.len())
}

/// The units of `doc`, given its content words.
pub(super) fn units(doc: &Document, words: &[Word]) -> DocUnits {
    let mut vocab = LocalVocabulary {
        ids: FxHashMap::with_capacity_and_hasher(distinct_guess(words.len()), Default::default()),
        words: Vec::new(),
    };
    let mut out: Vec<Unit> = Vec::new();
    let mut pending: Option<(Range<u32>, Vec<u32>)> = None;
    // Long sentences (or text without sentence marks) become several
    // units of equal length, so one unit never stretches a fragment far
    // past the reused text.
    let pieces: Vec<Range<u32>> = sentence_tokens(doc).into_iter().flat_map(cut).collect();
    for range in pieces {
        let (start, mut ids) = match pending.take() {
            Some((r, ids)) => (r.start, ids),
            None => (range.start, Vec::new()),
        };
        // At most a word a token: reserved once, not grown word by word.
        ids.reserve(range.len());
        ids.extend(
            words[range.start as usize..range.end as usize]
                .iter()
                .flatten()
                .map(|&w| vocab.id(w.get())),
        );
        let merged = start..range.end;
        if ids.len() < MIN_WORDS {
            pending = Some((merged, ids));
        } else {
            out.push(Unit {
                tokens: merged,
                words: counted(ids),
            });
        }
    }
    if let Some((r, ids)) = pending {
        // A short tail joins the last unit.
        match out.last_mut() {
            Some(last) => {
                last.tokens.end = r.end;
                let mut all: Vec<u32> = expand(&last.words);
                all.extend(ids);
                last.words = counted(all);
            }
            None if !ids.is_empty() => out.push(Unit {
                tokens: r,
                words: counted(ids),
            }),
            None => {}
        }
    }
    DocUnits {
        units: out,
        vocab: vocab.words,
    }
}

/// `r` cut into equal pieces of at most [`MAX_UNIT_TOKENS`] tokens.
/// Computed in 64 bits: `n × q` overflows 32 bits from about 464,000
/// tokens without a sentence mark (issue 14).
fn cut(r: Range<u32>) -> impl Iterator<Item = Range<u32>> {
    let n = u64::from(r.end - r.start);
    let k = n.div_ceil(u64::from(MAX_UNIT_TOKENS));
    // Each bound is at most `r.end`, so it fits in 32 bits again.
    let at = move |q: u64| r.start + (n * q / k) as u32;
    (0..k).map(move |q| at(q)..at(q + 1))
}

fn counted(mut ids: Vec<u32>) -> Vec<(u32, u32)> {
    ids.sort_unstable();
    // Sized once: units are many, and most of their words distinct.
    let distinct = ids.windows(2).filter(|w| w[0] != w[1]).count() + usize::from(!ids.is_empty());
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(distinct);
    for id in ids {
        match out.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}

fn expand(words: &[(u32, u32)]) -> Vec<u32> {
    words
        .iter()
        .flat_map(|&(w, n)| std::iter::repeat_n(w, n as usize))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::test_doc as doc;

    /// [`split_text`] as first written, a byte at a time between line
    /// breaks (the runs of white space are copied alike).
    fn split_text_by_bytes(text: &str) -> Vec<u8> {
        let bytes = text.as_bytes();
        let mut flat = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if matches!(bytes[i], b'\n' | b'\r') {
                i = copy_break_run(bytes, i, &mut flat);
            } else {
                flat.push(bytes[i]);
                i += 1;
            }
        }
        for k in 2..flat.len() {
            if flat[k].is_ascii_lowercase()
                && flat[k - 1] == b' '
                && matches!(flat[k - 2], b'.' | b'!' | b'?')
            {
                flat[k] = flat[k].to_ascii_uppercase();
            }
        }
        flat
    }

    proptest::proptest! {
        #[test]
        fn split_text_equals_the_byte_by_byte_copy(s in "[a. !?\n\r\tZé]{0,40}") {
            proptest::prop_assert_eq!(split_text(&s), split_text_by_bytes(&s));
        }
    }

    #[test]
    fn content_words_do_not_depend_on_the_token_keys() {
        // Plain keys take the cache by key, stemmed or stripped keys the
        // cache by form: the content words must be the same, first read
        // and cached alike.
        let text = "Naïve RUNNERS ran; the Café’s runners run. Ünïcode, naïve café";
        let an = Analyser::new(Language::English);
        let plain = doc(text);
        assert!(plain.plain_keys());
        let expect = an.content_words(&plain);
        for options in [
            crate::text::TextOptions {
                stem: true,
                ..Default::default()
            },
            crate::text::TextOptions {
                strip_diacritics: true,
                ..Default::default()
            },
        ] {
            let d = crate::text::Pipeline::new(options).document(text).unwrap();
            assert!(!d.plain_keys());
            assert_eq!(an.content_words(&d), expect);
        }
        assert_eq!(an.content_words(&plain), expect);
        let fresh: Vec<Word> = plain
            .tokens()
            .iter()
            .map(|t| an.word(&normalize::normalize(plain.slice(t.span), false)))
            .collect();
        assert_eq!(expect, fresh);
    }

    #[test]
    fn wrapped_lines_stay_one_sentence() {
        let d = doc(
            "The committee approved the\nbudget for schools today.\n\nA new paragraph starts here now.",
        );
        let s = sentence_tokens(&d);
        assert_eq!(s, [0..8, 8..14]);
        let lower = doc("the vote was held today. results came in late.");
        assert_eq!(sentence_tokens(&lower), [0..5, 5..9]);
    }

    #[test]
    fn content_words_are_stemmed_without_stopwords() {
        let an = Analyser::new(Language::English);
        let d = doc("The voters recognised the results");
        let e = doc("voter recognise result");
        let w = an.content_words(&d);
        assert_eq!(w[0], None);
        assert_eq!(w[1], an.content_words(&e)[0]);
        assert_eq!(w[2], an.content_words(&e)[1]);
    }

    #[test]
    fn listed_words_are_looked_up_as_they_would_be_stemmed() {
        let an = Analyser::new(Language::English);
        assert!(an.common.is_some());
        let bare = Analyser {
            common: None,
            ..Analyser::new(Language::English)
        };
        let d = doc(include_str!("../../samples/seeds/1-wider-discourse.txt"));
        assert_eq!(an.content_words(&d), bare.content_words(&d));
    }

    #[test]
    fn short_units_merge_forward() {
        let an = Analyser::new(Language::English);
        let d =
            doc("Title here. Markets rallied strongly after the central bank cut rates. Short.");
        let u = units(&d, &an.content_words(&d)).units;
        // "Title here." merges forward; "Short." joins the last unit.
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].tokens, 0..d.tokens().len() as u32);
        assert!(units(&doc(""), &[]).units.is_empty());
    }

    #[test]
    fn pair_ids_are_those_of_a_joint_vocabulary() {
        let an = Analyser::new(Language::English);
        let a = doc("Markets rallied strongly today. Banks cut rates again.");
        let b = doc("Rates were cut by banks. Traders cheered markets loudly.");
        let (ua, ub) = (
            units(&a, &an.content_words(&a)),
            units(&b, &an.content_words(&b)),
        );
        let (pa, pb, n) = pair_units(&ua, &ub);
        // The joint vocabulary numbers A's words first, then B's new ones.
        let mut joint: Vec<u64> = ua.vocab.clone();
        for w in &ub.vocab {
            if !joint.contains(w) {
                joint.push(*w);
            }
        }
        assert_eq!(n, joint.len());
        let hash_of = |local: &DocUnits, u: &Unit| -> Vec<(u64, u32)> {
            let mut v: Vec<(u64, u32)> = u
                .words
                .iter()
                .map(|&(w, c)| (local.vocab[w as usize], c))
                .collect();
            v.sort_unstable();
            v
        };
        for (u, orig) in pb.iter().zip(&ub.units) {
            let mut via_pair: Vec<(u64, u32)> = u
                .words
                .iter()
                .map(|&(w, c)| (joint[w as usize], c))
                .collect();
            via_pair.sort_unstable();
            assert_eq!(via_pair, hash_of(&ub, orig));
            assert!(u.words.windows(2).all(|w| w[0].0 < w[1].0));
        }
        assert_eq!(pa, &ua.units[..]);
    }

    #[test]
    fn issue_14_long_text_without_sentence_marks_is_cut_in_bounds() {
        // 464,062 tokens overflowed `n × q` in 32 bits: pieces ran backwards.
        for n in [0u32, 1, 50, 51, 464_062, 10_000_000] {
            let pieces: Vec<Range<u32>> = cut(7..7 + n).collect();
            let mut at = 7;
            for p in &pieces {
                assert_eq!(p.start, at);
                assert!(
                    p.start < p.end && p.len() as u32 <= MAX_UNIT_TOKENS,
                    "{p:?}"
                );
                at = p.end;
            }
            assert_eq!(at, 7 + n);
        }
    }

    #[test]
    fn issue_14_units_of_464062_words_without_punctuation() {
        let an = Analyser::new(Language::English);
        let d = doc(&"word ".repeat(464_062));
        let u = units(&d, &an.content_words(&d)).units;
        assert_eq!(u.last().map(|x| x.tokens.end), Some(464_062));
        assert!(u.windows(2).all(|w| w[0].tokens.end == w[1].tokens.start));
    }

    #[test]
    fn long_sentences_are_cut_into_equal_units() {
        let an = Analyser::new(Language::English);
        let text = (0..120)
            .map(|k| format!("word{k}"))
            .collect::<Vec<_>>()
            .join(" ");
        let d = doc(&text);
        let u = units(&d, &an.content_words(&d)).units;
        let lens: Vec<usize> = u.iter().map(|x| x.tokens.len()).collect();
        assert_eq!(lens, [40, 40, 40]);
        assert_eq!(u[2].tokens.end, 120);
    }
}
