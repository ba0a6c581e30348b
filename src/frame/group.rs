//! Units → facts, without chaining.
//!
//! Single-link clustering (or any transitive closure) of "same fact" links
//! drifts: A is like B, B like C, and soon a fact holds half the article.
//! Here every fact is a star around one centre unit:
//!
//! 1. Every active unit is tried as a centre. From each document it takes
//!    the units that score at least `threshold` with the centre, best first,
//!    at most `per_outlet` per document (the centre counts for its own), and
//!    only those that also score at least `pair_threshold` with every member
//!    already taken from another document. So every member is close to the
//!    centre, and no two members are far apart.
//! 2. A star with members from at least two documents is a candidate.
//!    Candidates are ranked by the number of documents they span, then by
//!    the sum of their members' scores with the centre.
//! 3. Candidates are kept in that order unless all their cross-document
//!    member pairs are already in kept facts, or most of them are (more
//!    than `1 - novelty`), so near-copies of a fact around another centre
//!    are dropped. A unit may belong to more than one fact.
//!
//! Cost: `O(u · k)` to build the stars from the `k` links of each of `u`
//! units, then `O(f · m²)` to select among `f` candidates of `m` members.

use std::collections::HashSet;

/// One fact: a centre and its members (the centre included), in document
/// order.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The centre unit.
    pub centre: usize,
    /// Member units, sorted.
    pub members: Vec<usize>,
    /// Each member's score with the centre (1 for the centre).
    pub scores: Vec<f64>,
}

/// Grouping settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupOptions {
    /// Lowest score of a member with the centre.
    pub threshold: f64,
    /// Lowest score between two members from different documents.
    pub pair_threshold: f64,
    /// Most members from one document.
    pub per_outlet: usize,
    /// Least share of new cross-document pairs a fact must bring.
    pub novelty: f64,
}

/// Group units into facts. `doc_of[u]` is unit `u`'s document, `active[u]`
/// whether it may take part, `score(a, b)` the symmetric same-fact score
/// and `neighbours[u]` the units that score at least
/// `options.pair_threshold` with `u` (any order).
pub fn group(
    doc_of: &[usize],
    active: &[bool],
    neighbours: &[Vec<(usize, f64)>],
    score: impl Fn(usize, usize) -> f64,
    options: &GroupOptions,
) -> Vec<Group> {
    let mut candidates: Vec<(usize, f64, Group)> = Vec::new();
    for c in 0..doc_of.len() {
        if !active[c] {
            continue;
        }
        let mut near: Vec<(usize, f64)> = neighbours[c]
            .iter()
            .copied()
            .filter(|&(u, s)| u != c && active[u] && s >= options.threshold)
            .collect();
        near.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut members: Vec<(usize, f64)> = vec![(c, 1.0)];
        for (u, s) in near {
            let same_doc = members.iter().filter(|m| doc_of[m.0] == doc_of[u]).count();
            if same_doc >= options.per_outlet.max(1) {
                continue;
            }
            let fits = members
                .iter()
                .skip(1)
                .filter(|m| doc_of[m.0] != doc_of[u])
                .all(|m| score(m.0, u) >= options.pair_threshold);
            if fits {
                members.push((u, s));
            }
        }
        let docs: HashSet<usize> = members.iter().map(|m| doc_of[m.0]).collect();
        if docs.len() < 2 {
            continue;
        }
        members.sort_by_key(|m| m.0);
        let sum: f64 = members.iter().map(|m| m.1).sum();
        candidates.push((
            docs.len(),
            sum,
            Group {
                centre: c,
                members: members.iter().map(|m| m.0).collect(),
                scores: members.iter().map(|m| m.1).collect(),
            },
        ));
    }
    candidates.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.total_cmp(&x.1))
            .then(x.2.centre.cmp(&y.2.centre))
    });
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    for (_, _, g) in candidates {
        let pairs = cross_pairs(doc_of, &g.members);
        let new = pairs.iter().filter(|p| !covered.contains(p)).count();
        if new == 0 || (new as f64) < options.novelty * pairs.len() as f64 {
            continue;
        }
        covered.extend(pairs);
        out.push(g);
    }
    out
}

/// The pairs of members from different documents, as (smaller, larger).
pub fn cross_pairs(doc_of: &[usize], members: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, &a) in members.iter().enumerate() {
        for &b in &members[i + 1..] {
            if doc_of[a] != doc_of[b] {
                out.push((a.min(b), a.max(b)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(doc_of: &[usize], m: &[Vec<f64>], o: &GroupOptions) -> Vec<Group> {
        let n = doc_of.len();
        let neighbours: Vec<Vec<(usize, f64)>> = (0..n)
            .map(|a| {
                (0..n)
                    .filter(|&b| b != a && m[a][b] >= o.pair_threshold)
                    .map(|b| (b, m[a][b]))
                    .collect()
            })
            .collect();
        group(doc_of, &vec![true; n], &neighbours, |a, b| m[a][b], o)
    }

    const O: GroupOptions = GroupOptions {
        threshold: 0.5,
        pair_threshold: 0.3,
        per_outlet: 1,
        novelty: 0.5,
    };

    #[test]
    fn a_chain_does_not_become_one_fact() {
        // 0 ~ 1 ~ 2 ~ 3, each in its own document, but 0 and 3 unrelated.
        let m = vec![
            vec![1.0, 0.8, 0.1, 0.0],
            vec![0.8, 1.0, 0.8, 0.1],
            vec![0.1, 0.8, 1.0, 0.8],
            vec![0.0, 0.1, 0.8, 1.0],
        ];
        let g = run(&[0, 1, 2, 3], &m, &O);
        assert!(!g.is_empty());
        for f in &g {
            assert!(f.members.len() <= 2, "{f:?}");
            assert!(!(f.members.contains(&0) && f.members.contains(&3)));
        }
    }

    #[test]
    fn one_unit_per_outlet_and_shared_units() {
        // Units 0 and 1 are in document 0; 2 in document 1 is close to both.
        let m = vec![
            vec![1.0, 0.2, 0.9],
            vec![0.2, 1.0, 0.7],
            vec![0.9, 0.7, 1.0],
        ];
        let g = run(&[0, 0, 1], &m, &O);
        assert_eq!(g[0].members, [0, 2]);
        // 1–2 is a new pair: a second fact, sharing unit 2.
        assert_eq!(g.len(), 2);
        assert_eq!(g[1].members, [1, 2]);
    }
}
