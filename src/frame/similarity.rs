//! Do two units report the same fact? A score from 0 to 1.
//!
//! Each unit is a set of content words (stemmed, without function words,
//! via the [`Analyser`] of the sentence layer), each weighted by
//!
//! * its rarity in general English ([`super::reference::rarity`]), times
//! * its rarity among the units of the given documents,
//!   `ln(1 + (N + 1) / df)` for `N` units of which `df` hold the word,
//!
//! and numbers and dates (digits, month names) count [`ANCHOR`] times as
//! much: they pin a statement down. Capitalised rare words are names; a
//! name that is not shared word for word still counts when a name of the
//! other unit is a spelling variant of it ([`super::names`]), scaled by
//! their similarity. The score is the weight of what the two share over the
//! geometric mean of their weights (a weighted Ochiai coefficient), so a
//! short headline and the long sentence that contains it still score well.
//! Two units that share fewer than `min_shared` content words (counting name
//! variants) score 0: one shared word is not a fact.
//!
//! A verbatim passage of at least [`VERBATIM_TOKENS`] words (with at
//! least three content words) shared by two documents is a certain link: the score is then at least
//! [`VERBATIM_SCORE`].
//!
//! Cost: `O(u²)` pairs of `u` units, each a merge of two sorted word lists;
//! the verbatim check (`O(n·m)` on the tokens of a pair) runs only on pairs
//! that share at least three words.

use std::collections::HashMap;

use super::names;
use super::reference;
use super::units::Unit;
use crate::align::units::Analyser;
use crate::text::{Document, normalize};

/// Weight factor of numbers and dates.
pub(crate) const ANCHOR: f64 = 1.5;
/// Shortest verbatim run that makes a certain link, in words.
pub(crate) const VERBATIM_TOKENS: usize = 6;
/// Lowest score of a verbatim link.
pub(crate) const VERBATIM_SCORE: f64 = 0.9;
/// Units with fewer content words take no part in matching.
pub(crate) const MIN_CONTENT: usize = 2;

/// What a content word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// An ordinary word.
    Word,
    /// A capitalised word not common in general English.
    Name,
    /// A number or a month.
    Number,
}

/// One token's analysis.
#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    /// Vocabulary id of its stem, for content words.
    pub(crate) id: Option<u32>,
    /// Its class.
    pub(crate) class: Class,
    /// Whether it starts with a capital letter.
    pub(crate) capital: bool,
}

/// A unit's weighted word set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// (word id, weight), sorted by id, one entry per id.
    pub(crate) items: Vec<(u32, f64)>,
    /// Sum of the weights.
    pub(crate) total: f64,
    /// Names: (word id, weight, token index).
    pub(crate) names: Vec<(u32, f64, u32)>,
}

/// A scored pair of units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    /// The same-fact score, 0 to 1.
    pub(crate) score: f64,
    /// Whether they share a verbatim passage.
    pub(crate) verbatim: bool,
}

/// Word analysis of a set of documents and their units.
#[derive(Debug)]
pub(crate) struct Scorer<'a> {
    docs: &'a [&'a Document],
    units: &'a [Unit],
    /// Per document, per token.
    pub(crate) tokens: Vec<Vec<TokenInfo>>,
    /// Per unit.
    pub(crate) features: Vec<Features>,
    /// Per word id: its rarity in general English.
    pub(crate) rarity: Vec<f64>,
    /// Fewest shared content words (or name variants) of a link.
    min_shared: usize,
}

impl<'a> Scorer<'a> {
    /// Analyse `docs` and weigh the words of `units`.
    pub(crate) fn new(
        analyser: &Analyser,
        docs: &'a [&'a Document],
        units: &'a [Unit],
        min_shared: usize,
    ) -> Self {
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut rarity: Vec<f64> = Vec::new();
        let mut tokens = Vec::with_capacity(docs.len());
        for doc in docs {
            let content = analyser.content_words(doc);
            let mut infos = Vec::with_capacity(content.len());
            for (t, c) in doc.tokens().iter().zip(content) {
                let raw = doc.slice(t.span);
                let capital = raw.chars().next().is_some_and(char::is_uppercase);
                let Some(stem) = c else {
                    infos.push(TokenInfo {
                        id: None,
                        class: Class::Word,
                        capital,
                    });
                    continue;
                };
                let lower = normalize::normalize(raw, false);
                let lower = lower.strip_suffix("'s").unwrap_or(&lower).to_string();
                let r = reference::rarity(&lower);
                let next = ids.len() as u32;
                let id = *ids.entry(stem.get()).or_insert(next);
                if id == next {
                    rarity.push(r);
                } else if r < rarity[id as usize] {
                    rarity[id as usize] = r;
                }
                let class = if lower.chars().any(|c| c.is_ascii_digit())
                    || crate::text::is_english_month(&lower)
                {
                    Class::Number
                } else if capital && r > 0.75 {
                    Class::Name
                } else {
                    Class::Word
                };
                infos.push(TokenInfo {
                    id: Some(id),
                    class,
                    capital,
                });
            }
            tokens.push(infos);
        }
        let mut scorer = Scorer {
            docs,
            units,
            tokens,
            features: Vec::new(),
            rarity,
            min_shared,
        };
        scorer.weigh();
        scorer
    }

    /// Document frequencies over the units, then each unit's weights.
    fn weigh(&mut self) {
        let mut df = vec![0u32; self.rarity.len()];
        let mut sets: Vec<Vec<(u32, Class, u32)>> = Vec::with_capacity(self.units.len());
        for u in self.units {
            let infos = &self.tokens[u.doc];
            let mut set: Vec<(u32, Class, u32)> = (u.tokens.start..u.tokens.end)
                .filter_map(|t| {
                    let info = &infos[t as usize];
                    info.id.map(|id| (id, info.class, t))
                })
                .collect();
            set.sort_by_key(|&(id, _, t)| (id, t));
            set.dedup_by_key(|x| x.0);
            if u.duplicate_of.is_none() {
                for &(id, _, _) in &set {
                    df[id as usize] += 1;
                }
            }
            sets.push(set);
        }
        let n = self
            .units
            .iter()
            .filter(|u| u.duplicate_of.is_none())
            .count() as f64;
        self.features = sets
            .into_iter()
            .map(|set| {
                let mut f = Features::default();
                for (id, class, t) in set {
                    let local = (1.0 + (n + 1.0) / df[id as usize].max(1) as f64).ln();
                    let mut w = self.rarity[id as usize].max(0.15) * local;
                    if class == Class::Number {
                        w *= ANCHOR;
                    }
                    f.total += w;
                    f.items.push((id, w));
                    if class == Class::Name {
                        f.names.push((id, w, t));
                    }
                }
                f
            })
            .collect();
    }

    /// Number of content words of unit `u`.
    pub(crate) fn content(&self, u: usize) -> usize {
        self.features[u].items.len()
    }

    /// Whether unit `u` takes part in matching: not a repeat, and at least
    /// [`MIN_CONTENT`] content words that are not numbers or dates (a date
    /// line is page furniture, not a fact).
    pub(crate) fn active(&self, u: usize) -> bool {
        let unit = &self.units[u];
        let infos = &self.tokens[unit.doc];
        let words = (unit.tokens.start..unit.tokens.end)
            .filter(|&t| {
                let i = &infos[t as usize];
                i.id.is_some() && i.class != Class::Number
            })
            .count();
        unit.duplicate_of.is_none() && words >= MIN_CONTENT
    }

    /// The raw text of token `t` of document `doc`.
    pub(crate) fn raw(&self, doc: usize, t: u32) -> &str {
        let d = self.docs[doc];
        d.slice(d.tokens()[t as usize].span)
    }

    /// The same-fact score of units `a` and `b`.
    pub(crate) fn link(&self, a: usize, b: usize) -> Link {
        let (fa, fb) = (&self.features[a], &self.features[b]);
        if fa.total <= 0.0 || fb.total <= 0.0 {
            return Link {
                score: 0.0,
                verbatim: false,
            };
        }
        let (mut i, mut j) = (0, 0);
        let mut shared = 0.0;
        let mut count = 0usize;
        while i < fa.items.len() && j < fb.items.len() {
            let (ia, wa) = fa.items[i];
            let (ib, _) = fb.items[j];
            match ia.cmp(&ib) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += wa;
                    count += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let (extra, variants) = self.name_variants(a, b);
        shared += extra;
        if count + variants < self.min_shared {
            return Link {
                score: 0.0,
                verbatim: false,
            };
        }
        let mut score = (shared / (fa.total * fb.total).sqrt()).min(1.0);
        let mut verbatim = false;
        if count >= 3 && self.units[a].doc != self.units[b].doc && self.verbatim(a, b) {
            verbatim = true;
            score = score.max(VERBATIM_SCORE);
        }
        Link { score, verbatim }
    }

    /// Weight added by names of `a` and `b` that are spelling variants of
    /// each other (names shared word for word are already counted).
    fn name_variants(&self, a: usize, b: usize) -> (f64, usize) {
        let (fa, fb) = (&self.features[a], &self.features[b]);
        let has = |f: &Features, id: u32| f.items.binary_search_by_key(&id, |x| x.0).is_ok();
        let mut used: Vec<u32> = Vec::new();
        let mut extra = 0.0;
        for &(ida, wa, ta) in &fa.names {
            if has(fb, ida) {
                continue;
            }
            let ra = self.raw(self.units[a].doc, ta);
            let mut best: Option<(f64, u32, f64)> = None;
            for &(idb, wb, tb) in &fb.names {
                if has(fa, idb) || used.contains(&idb) {
                    continue;
                }
                let s = names::similarity(ra, self.raw(self.units[b].doc, tb));
                if s >= names::NAME_MATCH && best.is_none_or(|(bs, _, _)| s > bs) {
                    best = Some((s, idb, wb));
                }
            }
            if let Some((s, idb, wb)) = best {
                used.push(idb);
                extra += s * wa.min(wb);
            }
        }
        (extra, used.len())
    }

    /// Whether `a` and `b` share a run of at least [`VERBATIM_TOKENS`]
    /// words holding at least three content words.
    fn verbatim(&self, a: usize, b: usize) -> bool {
        let (ua, ub) = (&self.units[a], &self.units[b]);
        let (da, db) = (self.docs[ua.doc], self.docs[ub.doc]);
        let ka = &da.tokens()[ua.tokens.start as usize..ua.tokens.end as usize];
        let kb = &db.tokens()[ub.tokens.start as usize..ub.tokens.end as usize];
        let ca = &self.tokens[ua.doc][ua.tokens.start as usize..ua.tokens.end as usize];
        // run[j]: length of the common run ending at (i, j); content[j]: its
        // content words.
        let mut run = vec![0usize; kb.len() + 1];
        let mut content = vec![0usize; kb.len() + 1];
        for (i, ta) in ka.iter().enumerate() {
            let c = usize::from(ca[i].id.is_some());
            for j in (0..kb.len()).rev() {
                if ta.key == kb[j].key {
                    run[j + 1] = run[j] + 1;
                    content[j + 1] = content[j] + c;
                    if run[j + 1] >= VERBATIM_TOKENS && content[j + 1] >= 3 {
                        return true;
                    }
                } else {
                    run[j + 1] = 0;
                    content[j + 1] = 0;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::frame::units;
    use crate::text::{Language, test_doc};

    fn scores(texts: &[&str]) -> Vec<Vec<f64>> {
        let docs: Vec<Document> = texts.iter().map(|t| test_doc(t)).collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let all: Vec<Unit> = refs
            .iter()
            .enumerate()
            .flat_map(|(i, d)| units::split(d, i))
            .collect();
        let an = Analyser::new(Language::English);
        let s = Scorer::new(&an, &refs, &all, 2);
        (0..all.len())
            .map(|a| (0..all.len()).map(|b| s.link(a, b).score).collect())
            .collect()
    }

    #[test]
    fn same_fact_scores_higher_than_other_facts() {
        let s = scores(&[
            "Russia's ambassador Dmitry Zhirnov met Muttaqi in Kabul.",
            "Muttaqi met the Russian ambassador to Kabul, Dmitri Jirnov, on Thursday.",
            "Women have been barred from education since 2021.",
        ]);
        assert!(s[0][1] > 0.4, "{s:?}");
        assert!(s[0][2] < 0.1, "{s:?}");
        assert!(s[1][2] < 0.1, "{s:?}");
        assert!((s[0][1] - s[1][0]).abs() < 1e-9);
    }

    #[test]
    fn verbatim_passages_are_certain() {
        let s = scores(&[
            "Moscow removed the group from its list of terrorist organizations in April.",
            "Earlier, officials took the movement off, deleting it from its list of terrorist organizations.",
        ]);
        assert!(s[0][1] >= VERBATIM_SCORE);
    }
}
