//! `neardup check`: a corpus scan and padding analysis held against a
//! [`Policy`], findings fingerprinted by content and compared with a
//! [`Baseline`].
//!
//! [`findings`] turns a [`ScanReport`] (near-duplicate clusters and copied
//! pairs) and per-document padding into [`Finding`]s:
//!
//! * `near-duplicate`: a cluster member whose Jaccard resemblance with the
//!   cluster's representative is over `max_similarity`; the finding is on
//!   the member, the representative is related. (When some documents are
//!   in focus, a focused representative is reported against its closest
//!   member.)
//! * `copied-passage`: a copied pair whose larger share ("X% of A appears
//!   in B") is over `max_containment`; the finding is on the document with
//!   the larger share (or the focused one) at its longest passage, the
//!   other side's passages are related. With
//!   [`crate::scan::ScanOptions::derivation`], the message also says which
//!   document is derived from which.
//! * `padding`: a document whose share of characters repeating its own
//!   earlier text is over `max_padding`, at its first repeat.
//!
//! With a focus (the documents changed since a git ref, or new documents
//! checked against an index), only findings involving a focused document
//! are kept.

pub mod baseline;
pub mod policy;

use std::collections::BTreeSet;

pub use baseline::Baseline;
pub use policy::{Limits, Policy};

use crate::report::check::{Finding, Place, PolicyInfo, Rule};
use crate::report::padding::DocumentPadding;
use crate::report::scan::{CopiedPair, Member, ScanReport};

/// A fingerprint: the rule and a hash of `parts`.
fn fingerprint(rule: Rule, parts: &[&str]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(&[0]);
    }
    format!("{}/{:016x}", rule.id(), h.digest())
}

/// Text as fingerprints see it: lower case, whitespace collapsed.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A share in whole percent, never 100% short of all of it.
fn percent(x: f64) -> String {
    let p = (x * 100.0).round();
    format!("{:.0}%", if x < 1.0 { p.min(99.0) } else { p })
}

/// The policy as a report states it.
pub fn policy_info(policy: &Policy, config: Option<String>) -> PolicyInfo {
    PolicyInfo {
        config,
        max_similarity: policy.limits.max_similarity,
        max_containment: policy.limits.max_containment,
        min_passage_tokens: policy.min_passage_tokens,
        max_padding: policy.limits.max_padding,
        boilerplate_min_docs: policy.boilerplate_min_docs,
        overrides: policy.overrides.len() as u32,
        allow: policy.allow.len() as u32,
    }
}

/// The findings of a scan and of padding reports (each with its text's
/// [`crate::report::content_hash`]) under `policy`, sorted by document,
/// rule and fingerprint. With `focus`, only findings involving a focused
/// document.
pub fn findings(
    policy: &Policy,
    scan: &ScanReport,
    padding: &[(String, DocumentPadding)],
    focus: Option<&BTreeSet<String>>,
) -> Vec<Finding> {
    let focused = |id: &str| focus.is_none_or(|f| f.contains(id));
    let mut out = Vec::new();
    for c in &scan.clusters {
        let Some(rep) = c.members.first() else {
            continue;
        };
        // (the document a finding is on, the other, their Jaccard): each
        // member against the representative; a focused representative
        // against its closest member.
        let mut pairs: Vec<(&Member, &Member, f64)> = c
            .members
            .iter()
            .skip(1)
            .filter(|m| focused(&m.id) || focused(&rep.id))
            .map(|m| (m, rep, m.similarity))
            .collect();
        let closest = c
            .members
            .iter()
            .skip(1)
            .max_by(|a, b| a.similarity.total_cmp(&b.similarity).then(b.id.cmp(&a.id)));
        if let (Some(f), Some(m)) = (focus, closest)
            && f.contains(&rep.id)
        {
            pairs.retain(|(x, _, _)| focused(&x.id));
            pairs.push((rep, m, m.similarity));
        }
        for (m, other, score) in pairs {
            let limit = policy
                .limits_for(&m.id)
                .loosest(policy.limits_for(&other.id))
                .max_similarity;
            if score <= limit {
                continue;
            }
            let (x, y) = if m.content_hash <= other.content_hash {
                (&m.content_hash, &other.content_hash)
            } else {
                (&other.content_hash, &m.content_hash)
            };
            out.push(Finding {
                rule: Rule::NearDuplicate,
                fingerprint: fingerprint(Rule::NearDuplicate, &[x, y]),
                place: Place {
                    document: m.id.clone(),
                    location: None,
                },
                related: vec![Place {
                    document: other.id.clone(),
                    location: None,
                }],
                score,
                limit,
                message: format!(
                    "{} is a near-duplicate of {} (Jaccard {:.2}, over {})",
                    m.id, other.id, score, limit
                ),
                baseline: None,
                allowed: None,
            });
        }
    }
    for p in &scan.copied {
        if !(focused(&p.a) || focused(&p.b)) {
            continue;
        }
        if let Some(f) = copied(policy, p, focus) {
            out.push(f);
        }
    }
    for (hash, d) in padding {
        let id = &d.doc.path;
        let limit = policy.limits_for(id).max_padding;
        if !focused(id) || d.padding_ratio <= limit {
            continue;
        }
        let first = d.repeats.first();
        out.push(Finding {
            rule: Rule::Padding,
            fingerprint: fingerprint(Rule::Padding, &[hash]),
            place: Place {
                document: id.clone(),
                location: first.map(|r| r.copy.clone()),
            },
            related: first
                .map(|r| Place {
                    document: id.clone(),
                    location: Some(r.source.clone()),
                })
                .into_iter()
                .collect(),
            score: d.padding_ratio,
            limit,
            message: format!(
                "{} of {id} repeats its own text ({} repeat{}, over {limit})",
                percent(d.padding_ratio),
                d.repeats.len(),
                if d.repeats.len() == 1 { "" } else { "s" }
            ),
            baseline: None,
            allowed: None,
        });
    }
    for f in &mut out {
        f.allowed = policy
            .allowed(&f.documents(), &f.fingerprint)
            .map(String::from);
    }
    out.sort_by(|a, b| {
        (&a.place.document, a.rule, &a.fingerprint)
            .cmp(&(&b.place.document, b.rule, &b.fingerprint))
            .then_with(|| a.documents().cmp(&b.documents()))
    });
    out
}

/// The finding of a copied pair, if its share is over the limit.
fn copied(policy: &Policy, p: &CopiedPair, focus: Option<&BTreeSet<String>>) -> Option<Finding> {
    let limit = policy
        .limits_for(&p.a)
        .loosest(policy.limits_for(&p.b))
        .max_containment;
    if p.score <= limit || p.passages.is_empty() {
        return None;
    }
    // On the focused side when only one is, else on the larger share.
    let on_a = match focus.map(|f| (f.contains(&p.a), f.contains(&p.b))) {
        Some((true, false)) => true,
        Some((false, true)) => false,
        _ => p.a_in_b > p.b_in_a,
    };
    let (this, other) = if on_a { (&p.a, &p.b) } else { (&p.b, &p.a) };
    let (copied, into, share) = if p.a_in_b >= p.b_in_a {
        (&p.a, &p.b, p.a_in_b)
    } else {
        (&p.b, &p.a, p.b_in_a)
    };
    let side = |pa: &crate::report::scan::CopiedPassage, mine: bool| {
        if mine == on_a {
            pa.a.clone()
        } else {
            pa.b.clone()
        }
    };
    let longest = p
        .passages
        .iter()
        .enumerate()
        .max_by(|(i, x), (j, y)| x.tokens.cmp(&y.tokens).then(j.cmp(i)))
        .map_or(0, |(i, _)| i);
    let mut related: Vec<Place> = vec![Place {
        document: other.clone(),
        location: Some(side(&p.passages[longest], false)),
    }];
    for (_, pa) in p.passages.iter().enumerate().filter(|&(i, _)| i != longest) {
        related.push(Place {
            document: this.clone(),
            location: Some(side(pa, true)),
        });
        related.push(Place {
            document: other.clone(),
            location: Some(side(pa, false)),
        });
    }
    let mut texts: Vec<String> = p
        .passages
        .iter()
        .map(|pa| {
            let (x, y) = (normalised(&pa.a_text), normalised(&pa.b_text));
            if x <= y {
                format!("{x}\u{1}{y}")
            } else {
                format!("{y}\u{1}{x}")
            }
        })
        .collect();
    texts.sort();
    let parts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let words: u32 = p.passages.iter().map(|pa| pa.tokens).sum();
    let n = p.passages.len();
    let derived: Vec<(&str, &str, &'static str)> = p
        .derivations()
        .filter_map(|(x, y, d)| Some((x, y, d.degree()?)))
        .collect();
    let derivation = match derived[..] {
        [(x, y, how)] => format!("; {x} is {how} derived from {y}"),
        [(x, _, one), (y, _, other)] => {
            format!("; each is derived from the other ({x} {one}, {y} {other})")
        }
        _ => String::new(),
    };
    Some(Finding {
        rule: Rule::CopiedPassage,
        fingerprint: fingerprint(Rule::CopiedPassage, &parts),
        place: Place {
            document: this.clone(),
            location: Some(side(&p.passages[longest], true)),
        },
        related,
        score: p.score,
        limit,
        message: format!(
            "{} of {copied} appears in {into}: {n} copied passage{} of {words} words (over {limit}){derivation}",
            percent(share),
            if n == 1 { "" } else { "s" }
        ),
        baseline: None,
        allowed: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::scan::Cluster;

    fn member(id: &str, similarity: f64) -> Member {
        Member {
            id: id.into(),
            tokens: 100,
            similarity,
            content_hash: format!("hash-{id}"),
        }
    }

    /// A new document that sorts first represents its cluster: its finding
    /// carries its Jaccard with its closest member, not its 1 with itself.
    #[test]
    fn a_focused_representative_scores_its_closest_member() {
        let report = ScanReport {
            clusters: vec![Cluster {
                id: 1,
                representative: "a-new.txt".into(),
                members: vec![
                    member("a-new.txt", 1.0),
                    member("b-old.txt", 0.85),
                    member("c-old.txt", 0.9),
                ],
                pairs: Vec::new(),
                max_similarity: 0.9,
            }],
            ..ScanReport::empty()
        };
        let focus: BTreeSet<String> = ["a-new.txt".to_string()].into();
        let f = findings(&Policy::default(), &report, &[], Some(&focus));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.document, "a-new.txt");
        assert_eq!(f[0].related[0].document, "c-old.txt");
        assert_eq!(f[0].score, 0.9);
    }
}
