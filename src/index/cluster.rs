//! Verified pairs → groups of near-duplicates, and one document to keep.
//!
//! [`UnionFind`] is a disjoint-set forest over `0..n` with path compression
//! and union by size, so a run over `E` edges costs `O(E · α(n))`, nearly
//! linear. [`clusters`] turns verified edges into groups; the result does not
//! depend on the order of the edges or on the orientation of each edge.
//! [`Keep`] picks the document that represents a group.

/// Disjoint sets over the elements `0..n`.
#[derive(Debug, Clone, Default)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singleton sets.
    ///
    /// # Panics
    ///
    /// If `n` exceeds `u32::MAX`.
    pub fn new(n: usize) -> Self {
        assert!(n <= u32::MAX as usize, "at most {} elements", u32::MAX);
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The root of `x`'s set. Every element on the way is pointed straight at
    /// the root.
    ///
    /// # Panics
    ///
    /// If `x` is not below [`len`](Self::len).
    pub fn find(&mut self, x: u32) -> u32 {
        let mut root = x;
        while self.parent[root as usize] != root {
            root = self.parent[root as usize];
        }
        let mut x = x;
        while self.parent[x as usize] != root {
            let next = self.parent[x as usize];
            self.parent[x as usize] = root;
            x = next;
        }
        root
    }

    /// Join the sets of `a` and `b`; the larger set's root stays the root
    /// (the lower root on a tie). Returns whether they were apart.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (sa, sb) = (self.size[ra as usize], self.size[rb as usize]);
        let (root, child) = if sa > sb || (sa == sb && ra < rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[child as usize] = root;
        self.size[root as usize] = sa + sb;
        true
    }

    /// Whether `a` and `b` are in the same set.
    pub fn same(&mut self, a: u32, b: u32) -> bool {
        self.find(a) == self.find(b)
    }
}

/// The groups of documents `0..n` joined by `verified_edges`: each group
/// sorted, groups ordered by their first (lowest) member, documents without
/// an edge left out.
///
/// # Panics
///
/// If an edge names a document `≥ n`.
pub fn clusters(n: usize, verified_edges: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let mut uf = UnionFind::new(n);
    for &(a, b) in verified_edges {
        uf.union(a, b);
    }
    // Walking documents in order numbers each group at its lowest member,
    // and pushes members in ascending order.
    let mut slot = vec![u32::MAX; n];
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for doc in 0..n as u32 {
        let root = uf.find(doc) as usize;
        if slot[root] == u32::MAX {
            slot[root] = groups.len() as u32;
            groups.push(Vec::new());
        }
        groups[slot[root] as usize].push(doc);
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// Which member of a group represents it (is kept when deduplicating).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Keep {
    /// The member with the lowest index (the first in input order).
    #[default]
    First,
    /// The member with the most tokens; ties go to the lowest index.
    Longest,
}

impl Keep {
    /// The representative of `group`, given each document's length in
    /// tokens (`lengths[doc]`; a missing length counts as 0). `None` for an
    /// empty group.
    pub fn representative(self, group: &[u32], lengths: &[u32]) -> Option<u32> {
        let len = |d: u32| lengths.get(d as usize).copied().unwrap_or(0);
        match self {
            Keep::First => group.iter().copied().min(),
            Keep::Longest => group
                .iter()
                .copied()
                .min_by_key(|&d| (std::cmp::Reverse(len(d)), d)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::{Just, Strategy};

    #[test]
    fn union_find_joins_and_compresses() {
        let mut uf = UnionFind::new(6);
        assert_eq!(uf.len(), 6);
        assert!(uf.union(0, 1));
        assert!(uf.union(2, 3));
        assert!(uf.union(1, 3));
        assert!(!uf.union(0, 2));
        assert!(uf.same(0, 3));
        assert!(!uf.same(0, 4));
        let root = uf.find(3);
        // After a find, every member points straight at the root.
        for x in 0..4 {
            uf.find(x);
            assert_eq!(uf.parent[x as usize], root);
        }
        assert_eq!(uf.size[root as usize], 4);
        assert!(UnionFind::new(0).is_empty());
    }

    #[test]
    fn clusters_of_a_small_graph() {
        let edges = [(5, 7), (1, 2), (7, 9), (2, 0), (3, 3)];
        assert_eq!(clusters(10, &edges), vec![vec![0, 1, 2], vec![5, 7, 9]]);
        assert!(clusters(4, &[]).is_empty());
        assert!(clusters(0, &[]).is_empty());
    }

    #[test]
    fn representatives() {
        let lengths = [10, 50, 50, 70, 5];
        assert_eq!(Keep::First.representative(&[2, 1, 4], &lengths), Some(1));
        assert_eq!(Keep::Longest.representative(&[1, 2, 4], &lengths), Some(1));
        assert_eq!(Keep::Longest.representative(&[0, 3, 4], &lengths), Some(3));
        assert_eq!(Keep::Longest.representative(&[9, 4], &lengths), Some(4));
        assert_eq!(Keep::First.representative(&[], &lengths), None);
        assert_eq!(Keep::default(), Keep::First);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
            )),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Shuffling the edges and flipping their ends changes nothing, and
        /// the groups are the connected components of the graph.
        #[test]
        fn clusters_ignore_edge_order(
            (n, edges, shuffled, flips) in (1usize..40).prop_flat_map(|n| {
                proptest::collection::vec((0..n as u32, 0..n as u32), 0..60)
                    .prop_flat_map(move |edges| {
                        let len = edges.len();
                        (
                            Just(n),
                            Just(edges.clone()),
                            Just(edges).prop_shuffle(),
                            proptest::collection::vec(proptest::bool::ANY, len),
                        )
                    })
            })
        ) {
            let flipped: Vec<(u32, u32)> = shuffled
                .iter()
                .zip(&flips)
                .map(|(&(a, b), &f)| if f { (b, a) } else { (a, b) })
                .collect();
            let expected = clusters(n, &edges);
            proptest::prop_assert_eq!(&clusters(n, &flipped), &expected);
            // Each group is sorted, groups by first member, no singletons,
            // and two documents share a group iff an edge path joins them.
            proptest::prop_assert!(expected.iter().all(|g| g.len() > 1 && g.windows(2).all(|w| w[0] < w[1])));
            proptest::prop_assert!(expected.windows(2).all(|w| w[0][0] < w[1][0]));
            let mut reach = vec![vec![false; n]; n];
            for (i, row) in reach.iter_mut().enumerate() {
                row[i] = true;
            }
            for &(a, b) in &edges {
                reach[a as usize][b as usize] = true;
                reach[b as usize][a as usize] = true;
            }
            for k in 0..n {
                for i in 0..n {
                    for j in 0..n {
                        if reach[i][k] && reach[k][j] {
                            reach[i][j] = true;
                        }
                    }
                }
            }
            let mut group_of = vec![usize::MAX; n];
            for (g, members) in expected.iter().enumerate() {
                for &d in members {
                    group_of[d as usize] = g;
                }
            }
            for i in 0..n {
                for j in 0..n {
                    let together = i == j || (group_of[i] != usize::MAX && group_of[i] == group_of[j]);
                    proptest::prop_assert_eq!(reach[i][j], together);
                }
            }
        }
    }
}
