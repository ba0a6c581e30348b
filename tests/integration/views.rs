//! The side-by-side and inline views (issue 4): render-level snapshots of
//! sample pairs and seed articles, in-process, plus the CLI's view and
//! colour choices and the JSON v2 sentence rows.

use neardup::engine::{CompareOptions, Comparer};
use neardup::render::{self, RenderOptions};

use crate::util::{neardup, sample, stdout};

/// Pairs snapshotted: (snapshot name, A, B) under `samples/`.
const CASES: [(&str, &str, &str); 3] = [
    (
        "edited_paragraph",
        "pairs/90-views-edited-paragraph/a.txt",
        "pairs/90-views-edited-paragraph/b.txt",
    ),
    (
        "seeds_1_3",
        "seeds/1-wider-discourse.txt",
        "seeds/3-blow-to-human-rights.txt",
    ),
    (
        "seeds_1_5",
        "seeds/1-wider-discourse.txt",
        "seeds/5-first-nation.txt",
    ),
];

type Renderer = fn(
    &mut dyn std::io::Write,
    &neardup::report::Comparison,
    &RenderOptions,
) -> std::io::Result<()>;

/// Render the comparison of two samples with `view`.
fn render(a: &str, b: &str, view: Renderer, width: usize, color: bool) -> String {
    let comparer = Comparer::new(CompareOptions::default()).expect("default options");
    let read = |p: &str| {
        let path = crate::util::root().join(sample(p));
        comparer
            .prepare(
                p,
                std::fs::read_to_string(&path).expect("sample is readable"),
            )
            .expect("sample tokenizes")
    };
    let (da, db) = (read(a), read(b));
    let c = comparer.compare(&da, &db).expect("comparison succeeds");
    let mut out = Vec::new();
    view(&mut out, &c, &RenderOptions { color, width }).expect("renders");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn side_by_side_snapshots() {
    for (name, a, b) in CASES {
        for width in [80, 160] {
            let out = render(a, b, render::side_by_side::compare, width, false);
            assert!(!out.contains('\x1b'), "colour off means no escapes");
            insta::assert_snapshot!(format!("side_by_side_{width}_{name}"), out);
        }
    }
}

#[test]
fn inline_snapshots() {
    for (name, a, b) in CASES {
        let out = render(a, b, render::inline::compare, 100, false);
        insta::assert_snapshot!(format!("inline_{name}"), out);
    }
}

#[test]
fn side_by_side_colour_snapshot() {
    let (_, a, b) = CASES[0];
    let out = render(a, b, render::side_by_side::compare, 100, true);
    assert!(out.contains("\x1b[31m") && out.contains("\x1b[32m"));
    insta::assert_snapshot!("side_by_side_100_color_edited_paragraph", out);
}

/// The acceptance check of issue 4: each outlet's account of Muttaqi's
/// reaction stands opposite the other's.
#[test]
fn seed_articles_line_up_muttaqi_reactions() {
    let out = render(
        CASES[1].1,
        CASES[1].2,
        render::side_by_side::compare,
        160,
        false,
    );
    let row = out
        .lines()
        .find(|l| l.contains("Foreign Minister Amir Khan Muttaqi"))
        .expect("Muttaqi's reaction is shown");
    let (left, right) = row.split_once('│').expect("two columns");
    assert!(
        left.contains("Muttaqi") && right.contains("Muttaqi"),
        "{row}"
    );
}

fn run(args: &[&str]) -> std::process::Output {
    neardup().args(args).output().expect("runs")
}

#[test]
fn piped_output_defaults_to_the_plain_summary() {
    let (a, b) = (sample(CASES[0].1), sample(CASES[0].2));
    let (a, b) = (
        a.to_str().unwrap_or_default(),
        b.to_str().unwrap_or_default(),
    );
    let out = run(&["compare", a, b]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("1 shared passage") && !text.contains('\x1b'),
        "{text}"
    );
    assert!(!text.contains('│') || text.contains("A │"), "{text}");

    let inline = stdout(&run(&["compare", a, b, "--view", "inline"]));
    assert!(inline.contains("[-Friday-]{+Thursday+}"), "{inline}");
    assert!(!inline.contains('\x1b'));

    let forced = stdout(&run(&[
        "compare",
        a,
        b,
        "--view",
        "side-by-side",
        "--color",
        "always",
    ]));
    assert!(forced.contains("\x1b[32mThursday\x1b[0m"), "{forced}");
}

#[test]
fn html_goes_to_a_file_and_needs_one_pair() {
    let dir = crate::util::tempdir();
    let report = dir.path().join("report.html");
    let (a, b) = (sample(CASES[0].1), sample(CASES[0].2));
    let out = neardup()
        .arg("compare")
        .args([&a, &b])
        .args(["--format", "html", "-o"])
        .arg(&report)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty());
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<del>Friday</del>"));

    let list = dir.path().join("pairs.tsv");
    std::fs::write(&list, "a\tb\n").expect("write list");
    let out = neardup()
        .args(["compare", "--format", "html", "--pairs"])
        .arg(&list)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_v2_sentence_rows() {
    let (a, b) = (sample(CASES[0].1), sample(CASES[0].2));
    let out = neardup()
        .arg("compare")
        .args([&a, &b])
        .args(["--format", "json", "--sentences", "all"])
        .output()
        .expect("runs");
    let v: crate::json::Comparison = serde_json::from_slice(&out.stdout).expect("schema v5");
    assert_eq!(v.schema_version, 5);
    let text_b = std::fs::read_to_string(crate::util::root().join(&b)).expect("read B");
    let pair = v
        .sentences
        .iter()
        .find(|r| r.a.is_some() && r.b.is_some() && !r.passages.is_empty())
        .expect("the lifted paragraph is paired");
    assert_eq!(pair.passages, [1]);
    let inserted: Vec<&str> = pair
        .diff
        .iter()
        .filter(|o| o.op == "replace" || o.op == "insert")
        .map(|o| &text_b[o.b.start as usize..o.b.end as usize])
        .collect();
    assert_eq!(inserted[0], "Thursday");
    assert!(pair.diff.iter().all(|o| o.a.tokens > 0 || o.op == "insert"));
    assert!(v.sentences.iter().any(|r| r.a.is_none()));
}

/// JSON lists only pairs of sentences unless every row is asked for: the
/// rows of sentences without counterpart made up most of the output (#13).
#[test]
fn json_lists_sentence_pairs_by_default() {
    let (a, b) = (sample(CASES[0].1), sample(CASES[0].2));
    let out = neardup()
        .arg("compare")
        .args([&a, &b])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let v: crate::json::Comparison = serde_json::from_slice(&out.stdout).expect("schema v5");
    assert!(!v.sentences.is_empty());
    assert!(v.sentences.iter().all(|r| r.a.is_some() && r.b.is_some()));
}

/// Render two in-memory texts with every view and the HTML report.
fn render_all(a: &str, b: &str, width: usize, color: bool) {
    let comparer = Comparer::new(CompareOptions::default()).expect("default options");
    let (da, db) = (
        comparer.prepare("a", a).expect("tokenizes"),
        comparer.prepare("b", b).expect("tokenizes"),
    );
    let c = comparer.compare(&da, &db).expect("compares");
    let opts = RenderOptions { color, width };
    let mut out = Vec::new();
    let views: [Renderer; 3] = [
        render::side_by_side::compare,
        render::inline::compare,
        render::summary::compare,
    ];
    for view in views {
        view(&mut out, &c, &opts).expect("renders");
    }
    render::html::compare(&mut out, &c).expect("renders HTML");
    assert!(String::from_utf8(out).is_ok());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
        )),
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// No text and no width makes a view panic. A shares its tail with B's
    /// head, so passages and pairs occur.
    #[test]
    fn views_never_panic(
        head in "[a-zA-Zé塔😀 .,;“”'\"\n\r\t-]{0,80}",
        shared in "([a-z]{1,6}[ .,\n]){0,30}",
        tail in "[a-zA-Zé塔😀 .,;“”'\"\n\r\t-]{0,80}",
        width in 0usize..200,
        color in proptest::bool::ANY,
    ) {
        render_all(&format!("{head}{shared}"), &format!("{shared}{tail}"), width, color);
        render_all(&format!("{head}{shared}{tail}"), &format!("{tail}{shared}{head}"), width, color);
    }
}

#[test]
fn views_of_empty_and_one_word_texts() {
    for (a, b) in [
        ("", ""),
        ("word", ""),
        ("", "word"),
        ("word", "word"),
        ("\u{feff}", "塔"),
    ] {
        for width in [0, 20, 80] {
            render_all(a, b, width, true);
        }
    }
}
