//! Regression tests, named after the issue that asked for the behaviour.

use crate::util::{neardup, sample};

/// Issue 2: a paragraph lifted into a longer article is found with correct
/// spans, and containment is near 1 in the right direction only.
#[test]
fn issue_2_lifted_paragraph() {
    let a = sample("pairs/03-lifted-paragraph/a.txt");
    let b = sample("pairs/03-lifted-paragraph/b.txt");
    let out = neardup()
        .args(["compare", "--format", "json"])
        .args([&a, &b])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["similarity"]["containment_a_in_b"].as_f64().unwrap() > 0.95);
    assert!(v["similarity"]["containment_b_in_a"].as_f64().unwrap() < 0.25);
    let ps = v["passages"].as_array().unwrap();
    assert_eq!(ps.len(), 1);
    let text_a = std::fs::read_to_string(crate::util::root().join(&a)).unwrap();
    let text_b = std::fs::read_to_string(crate::util::root().join(&b)).unwrap();
    let span = |side: &str, text: &str| {
        let (s, e) = (
            ps[0][side]["start"].as_u64().unwrap(),
            ps[0][side]["end"].as_u64().unwrap(),
        );
        text[s as usize..e as usize].to_string()
    };
    let lifted = span("a", &text_a);
    assert!(lifted.starts_with("The array of 640 panels"));
    assert!(lifted.ends_with("listed facade"));
    assert_eq!(span("b", &text_b), lifted);
    assert_eq!(ps[0]["b"]["line"], 11);
}

/// Two identical files made of one sentence repeated thousands of times
/// (every shingle far too frequent to seed normally) still align as one
/// passage, in bounded time.
#[test]
fn identical_repetitive_files_align() {
    let dir = crate::util::tempdir();
    let path = dir.path().join("rep.txt");
    std::fs::write(&path, "The council met again today. ".repeat(3000)).unwrap();
    let out = neardup()
        .args(["compare", "--format", "json"])
        .args([&path, &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ps = v["passages"].as_array().unwrap();
    assert!(!ps.is_empty());
    assert_eq!(ps[0]["a"]["tokens"], 15000);
    assert_eq!(ps[0]["kind"], "exact");
}
