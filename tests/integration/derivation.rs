//! The derivation verdict (issue 11): did A come from B, how much, where.

use std::fs;

use crate::json::Comparison;
use crate::util::{neardup, sample};

fn compare(a: &std::path::Path, b: &std::path::Path) -> Comparison {
    let out = neardup()
        .args(["compare", "--format", "json"])
        .args([a, b])
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("JSON of schema v5")
}

/// Issue 11: a newspaper rewrite of a wire story is derived from it, with
/// its copied quote verbatim, its reworded facts rewritten and its own
/// paragraph new.
#[test]
fn issue_11_wire_rewrite_is_derived() {
    let (a, b) = (
        sample("pairs/08-wire-rewrite/a.txt"),
        sample("pairs/08-wire-rewrite/b.txt"),
    );
    let c = compare(&a, &b);
    let d = &c.derivation;
    assert!(
        ["partially", "wholly"].contains(&d.verdict.as_str()),
        "{d:?}"
    );
    assert!(d.score >= 1.0 / 3.0);
    assert!(d.verbatim_share > 0.1 && d.rewritten_share > 0.1 && d.new_share > 0.05);
    let text = fs::read_to_string(crate::util::root().join(&a)).unwrap();
    let kind_of = |needle: &str| {
        let at = text.find(needle).unwrap() as u32;
        d.spans
            .iter()
            .find(|s| s.start <= at && at < s.end)
            .map(|s| s.kind.clone())
            .unwrap()
    };
    assert_eq!(kind_of("\"We cannot take any risk"), "verbatim");
    assert_eq!(kind_of("Some 14,000 cars"), "rewritten");
    assert_eq!(kind_of("Shopkeepers on the high street"), "new");
    // The human summary says it in one line.
    let out = neardup()
        .args(["compare", "--view", "summary"])
        .args([&a, &b])
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(
        human.contains("Derivation  A is mostly derived from B: "),
        "{human}"
    );
}

/// Independent reports of one event share names and facts, not text: none
/// of the seed articles is derived from another, either way round.
#[test]
fn seeds_are_not_derived_from_each_other() {
    let mut seeds: Vec<_> = fs::read_dir(crate::util::root().join("samples/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for a in &seeds {
        for b in &seeds {
            if a == b {
                continue;
            }
            let d = compare(a, b).derivation;
            assert_eq!(d.verdict, "not", "{a:?} from {b:?}: {d:?}");
            assert!(d.score < 1.0 / 3.0);
        }
    }
}
