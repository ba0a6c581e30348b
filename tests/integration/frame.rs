//! `neardup frame`: the five seed articles as snapshots (terminal and JSON),
//! the facts the story must show, the HTML page, exit codes, and the
//! grouping property that facts never chain.

use neardup::frame::group::{GroupOptions, group};
use proptest::prelude::*;
use serde_json::Value;

use crate::util::{neardup, sample, stderr, stdout, tempdir};

fn seeds() -> Vec<std::path::PathBuf> {
    [
        "1-wider-discourse",
        "2-setting-precedent",
        "3-blow-to-human-rights",
        "4-moscow-extends",
        "5-first-nation",
    ]
    .iter()
    .map(|n| sample(&format!("seeds/{n}.txt")))
    .collect()
}

fn frame_json() -> Value {
    let out = neardup()
        .args(["frame", "--format", "json"])
        .args(seeds())
        .output()
        .expect("neardup runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("frame prints JSON")
}

#[test]
fn seed_articles_human() {
    let out = neardup()
        .args(["frame", "--color", "never", "--width", "100"])
        .args(seeds())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("frame_human_seeds", stdout(&out));
}

#[test]
fn seed_articles_json() {
    let out = neardup()
        .args(["frame", "--format", "json"])
        .args(seeds())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("frame_json_seeds", stdout(&out));
}

#[test]
fn json_offsets_are_chars_into_the_text() {
    let v = frame_json();
    assert_eq!(v["schema_version"], 3);
    let facts = v["facts"].as_array().unwrap();
    assert!(!facts.is_empty());
    for f in facts {
        assert!(f["id"].as_u64().unwrap() >= 1);
        for m in f["members"].as_array().unwrap() {
            let path = m["path"].as_str().unwrap();
            let text = std::fs::read_to_string(crate::util::root().join(path)).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let (s, e) = (
                m["char_start"].as_u64().unwrap() as usize,
                m["char_end"].as_u64().unwrap() as usize,
            );
            let slice: String = chars[s..e].iter().collect();
            let one_line = slice.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(one_line, m["text"].as_str().unwrap());
        }
    }
}

#[test]
fn the_story_facts_quotes_and_names() {
    let v = frame_json();
    let facts = v["facts"].as_array().unwrap();
    // The main fact is reported by at least four of the five outlets.
    assert!(facts[0]["outlets"].as_u64().unwrap() >= 4);
    // Muttaqi's reaction, quoted differently by four outlets.
    let quotes = v["quotes"].as_array().unwrap();
    let muttaqi = quotes
        .iter()
        .find(|q| q["speaker"].as_str().unwrap().ends_with("Muttaqi"))
        .expect("Muttaqi is quoted");
    assert!(muttaqi["outlets"].as_u64().unwrap() >= 4);
    let said: Vec<&str> = muttaqi["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    for w in ["courageous", "Brave Decision", "positive precedent"] {
        assert!(said.iter().any(|s| s.contains(w)), "{w} in {said:?}");
    }
    // The ambassadors: one spelling variant, one conflict.
    let d = v["disagreements"].as_array().unwrap();
    let has = |kind: &str, a: &str, b: &str| {
        d.iter().any(|x| {
            let vals: Vec<&str> = x["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["text"].as_str().unwrap())
                .collect();
            x["kind"] == kind && vals.contains(&a) && vals.contains(&b)
        })
    };
    assert!(has("variant", "Dmitry Zhirnov", "Dmitri Jirnov"), "{d:#?}");
    assert!(has("conflict", "Jamal Nasir Garwal", "Gul Hasan"), "{d:#?}");
    assert!(!has("conflict", "Dmitry Zhirnov", "Dmitri Jirnov"));
}

#[test]
fn main_event_is_fact_one_in_every_wording() {
    let dir = tempdir();
    let texts = [
        "Film star Ann Example dies at 91\nThe actress died on Thursday in her sleep, her spokesman said.\nShe made thirty films.\nHer death was announced by the studio.",
        "Actress Ann Example has died\nAnn Example, the swimming champion turned actress, died peacefully at home.\nTributes came from her fans.",
        "Hollywood mourns Ann Example\nThe studio confirmed the death of the actress on Thursday.\nShe was 91.",
    ];
    let paths: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = dir.path().join(format!("{i}.txt"));
            std::fs::write(&p, t).unwrap();
            p
        })
        .collect();
    let out = neardup()
        .args(["frame", "--format", "json"])
        .args(&paths)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let facts = v["facts"].as_array().unwrap();
    let event = &facts[0];
    assert_eq!(event["id"], 1);
    assert_eq!(event["kind"], "event");
    assert_eq!(event["event"], serde_json::json!(["death"]));
    assert_eq!(event["outlets"], 3);
    let texts: Vec<&str> = event["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"Her death was announced by the studio."));
    assert!(!texts.iter().any(|t| t.contains("thirty films")));
    assert!(facts[1..].iter().all(|f| f["kind"] == "statement"));
    assert_eq!(v["coverage"][0]["fact"], 1);
    let out = neardup()
        .args(["frame", "--color", "never"])
        .args(&paths)
        .output()
        .unwrap();
    assert!(stdout(&out).contains("Fact #1 · main event (death) · 3 of 3 outlets"));
    let out = neardup()
        .args(["frame", "--format", "html"])
        .args(&paths)
        .output()
        .unwrap();
    let html = stdout(&out);
    assert!(
        html.contains("<strong>main event</strong> "),
        "the matrix row"
    );
    assert!(
        html.contains("ain event (death) · 3 of 3 outlets"),
        "the panel"
    );
}

#[test]
fn html_is_self_contained_and_escaped() {
    let dir = tempdir();
    let page = dir.path().join("frame.html");
    let evil = dir.path().join("evil.txt");
    std::fs::write(
        &evil,
        "<script>alert(1)</script> Russia recognised the Taliban government on Thursday, \
         Foreign Minister Amir Khan Muttaqi said.",
    )
    .unwrap();
    let out = neardup()
        .args(["frame", "--format", "html", "-o"])
        .arg(&page)
        .args(seeds())
        .arg(&evil)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(!html.contains("<script>"));
    assert!(html.contains("alert(1)&lt;/script&gt;"));
    assert!(!html.contains("src=\"http"));
    assert!(html.contains("dir=\"auto\""));
    assert!(html.contains("Who reported what"));
    assert!(html.contains("id=\"fact-1\""));
}

#[test]
fn errors_exit_2() {
    let out = neardup()
        .args(["frame", "no-such-file.txt"])
        .arg(&seeds()[0])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-file.txt"));
    let out = neardup().args(["frame"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = neardup()
        .args(["frame", "--threshold", "2"])
        .args(seeds())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A random symmetric score matrix over units in a few documents.
fn scores() -> impl Strategy<Value = (Vec<usize>, Vec<Vec<f64>>)> {
    (2usize..14).prop_flat_map(|n| {
        (
            prop::collection::vec(0usize..4, n),
            prop::collection::vec(0.0f64..1.0, n * n),
        )
            .prop_map(move |(docs, raw)| {
                let mut m = vec![vec![0.0; n]; n];
                for a in 0..n {
                    for b in 0..n {
                        let x = raw[a.min(b) * n + a.max(b)];
                        m[a][b] = if a == b { 1.0 } else { x };
                    }
                }
                (docs, m)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// No fact chains: every member scores at least the threshold with the
    /// centre, members from different documents are never far apart, no
    /// document has more than `per_outlet` members, and every fact spans at
    /// least two documents.
    #[test]
    fn grouping_never_chains((doc_of, m) in scores(), t in 0.2f64..0.8, k in 1usize..3) {
        let o = GroupOptions { threshold: t, pair_threshold: t / 2.0, per_outlet: k, novelty: 0.5 };
        let n = doc_of.len();
        let neighbours: Vec<Vec<(usize, f64)>> = (0..n)
            .map(|a| (0..n).filter(|&b| b != a && m[a][b] >= o.pair_threshold).map(|b| (b, m[a][b])).collect())
            .collect();
        let facts = group(&doc_of, &vec![true; n], &neighbours, |a, b| m[a][b], &o);
        for f in &facts {
            prop_assert!(f.members.contains(&f.centre));
            let mut docs = std::collections::BTreeMap::new();
            for &u in &f.members {
                *docs.entry(doc_of[u]).or_insert(0usize) += 1;
                if u != f.centre {
                    prop_assert!(m[f.centre][u] >= t);
                }
                for &v in &f.members {
                    if doc_of[u] != doc_of[v] && u != f.centre && v != f.centre {
                        prop_assert!(m[u][v] >= o.pair_threshold);
                    }
                }
            }
            prop_assert!(docs.len() >= 2);
            prop_assert!(docs.values().all(|&c| c <= k));
        }
    }
}
