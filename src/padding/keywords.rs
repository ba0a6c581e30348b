//! Lines stuffed with keywords. Three measures, each reported with its value
//! and threshold. Shares are of all the line's words; only content terms
//! (not stopwords of the document's language, not numbers) are counted as
//! keywords.
//!
//! * **Tag list** ([`KeywordMeasure::TagList`]): at least [`TAG_MIN_ITEMS`]
//!   items of one to three words separated by commas, semicolons or bars,
//!   making up at least [`TAG_MIN_SHORT_SHARE`] of the line's items, with no
//!   sentence break inside and no sentence punctuation at the end. A
//!   sentence that lists a few things has long items around the list and
//!   ends with a full stop.
//! * **Term share** ([`KeywordMeasure::TermShare`]): in a line of at least
//!   [`SHARE_MIN_WORDS`] words, its three most frequent terms make up at
//!   least [`SHARE_THRESHOLD`] of them and the first occurs at least
//!   [`SHARE_MIN_COUNT`] times. In prose, the top three terms of a line
//!   rarely fill a fifth of it.
//! * **Term rate** ([`KeywordMeasure::TermRate`]): a term occurs at least
//!   [`RATE_MIN_COUNT`] times in a line, makes up at least
//!   [`RATE_MIN_LINE_SHARE`] of its words, and that rate is at least
//!   [`RATE_THRESHOLD`] times its rate in the whole document.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Line;
use crate::report::Location;
use crate::report::padding::{KeywordLine, KeywordMeasure, KeywordReason};
use crate::text::{self, Document, normalize};

/// Fewest short items in a tag list.
pub(crate) const TAG_MIN_ITEMS: usize = 6;
/// Least share of short items (one to three words) among a tag list's items.
pub(crate) const TAG_MIN_SHORT_SHARE: f64 = 0.75;
/// Fewest words in a line for the term-share measure.
pub(crate) const SHARE_MIN_WORDS: usize = 8;
/// Share of a line's words taken by its top three terms that flags it.
pub(crate) const SHARE_THRESHOLD: f64 = 0.35;
/// Fewest occurrences of a line's most frequent term for the term share.
pub(crate) const SHARE_MIN_COUNT: u32 = 3;
/// Fewest occurrences of a term in a line for the term rate.
pub(crate) const RATE_MIN_COUNT: u32 = 4;
/// Ratio of a term's rate in a line to its rate in the document that flags.
pub(crate) const RATE_THRESHOLD: f64 = 4.0;
/// Least share of a line's words taken by a term for the term rate.
pub(crate) const RATE_MIN_LINE_SHARE: f64 = 0.15;

/// Lines of `doc` that look stuffed with keywords, in order.
pub(crate) fn find(
    doc: &Document,
    lines: &[Line],
    stopwords: &HashSet<&'static str>,
    strip_diacritics: bool,
) -> Vec<KeywordLine> {
    // Content terms of every line, and their counts in the whole document.
    let terms: Vec<Vec<String>> = lines
        .iter()
        .map(|l| content_terms(doc.slice(l.span), stopwords, strip_diacritics))
        .collect();
    let mut doc_counts: HashMap<&str, u32> = HashMap::new();
    for t in terms.iter().flatten() {
        *doc_counts.entry(t).or_default() += 1;
    }
    let doc_words = doc.tokens().len();

    let mut out = Vec::new();
    for (line, words) in lines.iter().zip(&terms) {
        if line.tokens.is_empty() {
            continue;
        }
        let mut reasons = Vec::new();
        reasons.extend(tag_list(doc.slice(line.span)));
        // Sorted map: ties break by term, so output is deterministic.
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for w in words {
            *counts.entry(w).or_default() += 1;
        }
        let mut by_count: Vec<(&str, u32)> = counts.into_iter().collect();
        by_count.sort_by_key(|&(t, c)| (std::cmp::Reverse(c), t));
        let n = line.tokens.len();
        reasons.extend(term_share(&by_count, n));
        for &(term, c) in by_count.iter().take_while(|(_, c)| *c >= RATE_MIN_COUNT) {
            let line_rate = f64::from(c) / n as f64;
            let doc_rate = f64::from(doc_counts.get(term).copied().unwrap_or(c)) / doc_words as f64;
            let ratio = line_rate / doc_rate;
            if ratio >= RATE_THRESHOLD && line_rate >= RATE_MIN_LINE_SHARE {
                reasons.push(KeywordReason {
                    measure: KeywordMeasure::TermRate,
                    value: ratio,
                    threshold: RATE_THRESHOLD,
                    terms: vec![term.to_string()],
                });
            }
        }
        if !reasons.is_empty() {
            out.push(KeywordLine {
                location: Location::new(doc, line.tokens.clone()),
                reasons,
            });
        }
    }
    out
}

/// Normalised words of `line` that carry content: no stopwords, no numbers.
fn content_terms(line: &str, stopwords: &HashSet<&'static str>, strip: bool) -> Vec<String> {
    text::words(line)
        .map(|(_, w)| normalize::normalize(w, strip))
        .filter(|w| w.chars().any(char::is_alphabetic) && !stopwords.contains(w.as_str()))
        .collect()
}

/// The tag-list measure of one line.
fn tag_list(line: &str) -> Option<KeywordReason> {
    let trimmed = line.trim_end();
    let sentence_break = trimmed
        .split_whitespace()
        .any(|w| w.ends_with(['.', '!', '?', '…']));
    if sentence_break {
        return None;
    }
    let items: Vec<usize> = trimmed
        .split([',', ';', '|'])
        .map(|item| text::words(item).count())
        .filter(|&n| n > 0)
        .collect();
    let short = items.iter().filter(|&&n| n <= 3).count();
    let flags = short >= TAG_MIN_ITEMS && short as f64 >= TAG_MIN_SHORT_SHARE * items.len() as f64;
    flags.then(|| KeywordReason {
        measure: KeywordMeasure::TagList,
        value: short as f64,
        threshold: TAG_MIN_ITEMS as f64,
        terms: Vec::new(),
    })
}

/// The term-share measure of one line, given its term counts (most
/// frequent first) and its number of words.
fn term_share(by_count: &[(&str, u32)], words: usize) -> Option<KeywordReason> {
    if words < SHARE_MIN_WORDS || by_count.first().is_none_or(|&(_, c)| c < SHARE_MIN_COUNT) {
        return None;
    }
    let top = &by_count[..by_count.len().min(3)];
    let share = f64::from(top.iter().map(|&(_, c)| c).sum::<u32>()) / words as f64;
    (share >= SHARE_THRESHOLD).then(|| KeywordReason {
        measure: KeywordMeasure::TermShare,
        value: share,
        threshold: SHARE_THRESHOLD,
        terms: top.iter().map(|&(t, _)| t.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(line: &str) -> Option<KeywordReason> {
        let words = content_terms(line, &HashSet::from(["the", "and", "for"]), false);
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        for w in &words {
            *counts.entry(w).or_default() += 1;
        }
        let mut by: Vec<(&str, u32)> = counts.into_iter().collect();
        by.sort_by_key(|&(t, c)| (std::cmp::Reverse(c), t));
        term_share(&by, text::words(line).count())
    }

    #[test]
    fn tag_lists_but_not_sentences_with_lists() {
        let tags = tag_list("news, Taliban, Russia, human rights, diplomacy, Central Asia, world");
        assert_eq!(tags.map(|r| r.value), Some(7.0));
        assert!(
            tag_list("Leaders from Uzbekistan, Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and others met.")
                .is_none()
        );
        assert!(tag_list("energy, agriculture, and infrastructure").is_none());
        let names = "Brian C. Castrucci, MA, Jane Roe, MD, John Doe, PhD, Ann Lee, MPH, Kim Ro";
        assert!(tag_list(names).is_none());
        assert!(tag_list("").is_none());
    }

    #[test]
    fn term_share_flags_stuffing_not_prose() {
        let stuffed =
            "cheap shoes best cheap shoes buy cheap shoes online cheap shoes for the sale";
        let r = share(stuffed).expect("flagged");
        assert_eq!(r.value, 9.0 / 14.0);
        assert_eq!(r.terms, ["cheap", "shoes", "best"]);
        let prose = "The Kremlin's recognition of the Taliban government is a high-stakes \
            gamble, defying the cautious approach adopted by many Western nations.";
        assert!(share(prose).is_none());
        let focused = "You win the job when you establish rapport with your interviewer. But \
            how do you establish rapport when questions about the job come fast and your \
            interviewer wants to establish facts?";
        assert!(share(focused).is_none());
    }
}
