//! Stage 5b: word-level diff of two token ranges, keyed by normalised tokens.
//!
//! Built on `similar` (Myers), comparing token keys, so case, quote style and
//! (with `--stem`) inflection never count as changes while the operations
//! still point at the original words. `similar`'s types stay inside this
//! module. The diff of two passages from [`crate::align`] is cheap: Myers
//! costs `O((N + M) · D)` and a passage holds few edits. Callers diffing
//! arbitrary ranges pass a deadline; past it the diff degrades to a coarser
//! (still correct) one.

use std::ops::Range;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffTag};

use crate::text::Document;

/// What a diff operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// The same words on both sides.
    Equal,
    /// Words only in A.
    Delete,
    /// Words only in B.
    Insert,
    /// Words of A replaced by words of B.
    Replace,
}

/// One diff operation over token indices of A and B (absolute indices; an
/// empty range sits where the other side's words would go).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOp {
    /// What it does.
    pub kind: DiffKind,
    /// Tokens of A.
    pub a: Range<u32>,
    /// Tokens of B.
    pub b: Range<u32>,
}

/// Word diff of `a[ra]` against `b[rb]`.
pub fn word_diff(
    a: &Document,
    ra: Range<u32>,
    b: &Document,
    rb: Range<u32>,
    deadline: Option<Instant>,
) -> Vec<DiffOp> {
    let ka: Vec<u64> = a.tokens()[ra.start as usize..ra.end as usize]
        .iter()
        .map(|t| t.key)
        .collect();
    let kb: Vec<u64> = b.tokens()[rb.start as usize..rb.end as usize]
        .iter()
        .map(|t| t.key)
        .collect();
    similar::capture_diff_deadline(
        Algorithm::Myers,
        &ka,
        0..ka.len(),
        &kb,
        0..kb.len(),
        deadline,
    )
    .into_iter()
    .map(|op| {
        let (tag, oa, ob) = op.as_tag_tuple();
        DiffOp {
            kind: match tag {
                DiffTag::Equal => DiffKind::Equal,
                DiffTag::Delete => DiffKind::Delete,
                DiffTag::Insert => DiffKind::Insert,
                DiffTag::Replace => DiffKind::Replace,
            },
            a: ra.start + oa.start as u32..ra.start + oa.end as u32,
            b: rb.start + ob.start as u32..rb.start + ob.end as u32,
        }
    })
    .collect()
}

/// Number of tokens the two ranges have in common (in order).
pub fn equal_tokens(a: &Document, ra: Range<u32>, b: &Document, rb: Range<u32>) -> usize {
    word_diff(a, ra, b, rb, None)
        .iter()
        .filter(|op| op.kind == DiffKind::Equal)
        .map(|op| op.a.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::test_doc as doc;

    #[test]
    fn case_and_quotes_are_not_changes() {
        let (a, b) = (doc("Russia’s bold move"), doc("RUSSIA'S bold move"));
        let ops = word_diff(&a, 0..3, &b, 0..3, None);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].kind, DiffKind::Equal);
    }

    #[test]
    fn replace_insert_delete() {
        let (a, b) = (
            doc("a brave decision today"),
            doc("a bold decision made today"),
        );
        let ops = word_diff(&a, 0..4, &b, 0..5, None);
        let kinds: Vec<_> = ops.iter().map(|o| o.kind).collect();
        assert_eq!(
            kinds,
            [
                DiffKind::Equal,
                DiffKind::Replace,
                DiffKind::Equal,
                DiffKind::Insert,
                DiffKind::Equal
            ]
        );
        assert_eq!(ops[1].a, 1..2);
        assert_eq!(ops[1].b, 1..2);
        assert_eq!(equal_tokens(&a, 0..4, &b, 0..5), 3);
    }
}
