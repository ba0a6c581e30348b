//! How common a word is in general English, from a ranked word list shipped
//! with the crate (`english_words.txt`, about 30,000 words; derived from the
//! MIT-licensed frequency lists of zxcvbn, see the file's header).
//!
//! [`rarity`] maps a word to 0–1: the log of its rank over the log of the
//! list length, so "the" is near 0.2, "government" near 0.5, "regime" near
//! 0.8, and a word missing from the list (a rare word, a name, a number)
//! is 1.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

static LIST: &str = include_str!("english_words.txt");

/// The listed words, most common first.
pub(crate) fn words() -> impl Iterator<Item = &'static str> {
    LIST.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Each listed word's rank and rarity, the logarithms taken once.
fn ranks() -> &'static FxHashMap<&'static str, (u32, f64)> {
    static RANKS: OnceLock<FxHashMap<&'static str, (u32, f64)>> = OnceLock::new();
    RANKS.get_or_init(|| {
        let ranks: FxHashMap<&'static str, u32> =
            words().enumerate().map(|(i, w)| (w, i as u32)).collect();
        let n = ranks.len() as f64;
        ranks
            .into_iter()
            .map(|(w, r)| (w, (r, ((r as f64 + 10.0).ln() / (n + 10.0).ln()).min(1.0))))
            .collect()
    })
}

/// Rank of a lower-case word (0 = most common), if listed.
pub fn rank(word: &str) -> Option<u32> {
    ranks().get(word).map(|x| x.0)
}

/// How rare a lower-case word is, 0 (very common) to 1 (not listed).
pub fn rarity(word: &str) -> f64 {
    ranks().get(word).map_or(1.0, |x| x.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_less_rare() {
        assert_eq!(rank("the"), Some(0));
        assert!(rarity("the") < 0.3);
        assert!(rarity("government") < rarity("regime"));
        assert_eq!(rarity("zhirnov"), 1.0);
        assert!(ranks().len() >= 29_000);
    }
}
