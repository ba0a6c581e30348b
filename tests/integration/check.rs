//! `neardup check` (issue 12): the policy, the baseline, `--changed-since`,
//! the output formats and the exit codes.

use std::fs;
use std::path::Path;

use crate::util::{neardup, root, stderr, stdout, tempdir};

/// A corpus in a temporary directory, every file from `samples/`:
/// `(name in the corpus, sample path)`.
fn corpus(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempdir();
    for (name, src) in files {
        let dest = dir.path().join(name);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(root().join("samples").join(src), dest).unwrap();
    }
    dir
}

/// The lifted paragraph and the article it was lifted into, plus two
/// independent seed articles.
fn lifted() -> tempfile::TempDir {
    corpus(&[
        ("news/lifted.txt", "pairs/03-lifted-paragraph/a.txt"),
        ("news/article.txt", "pairs/03-lifted-paragraph/b.txt"),
        ("news/seed1.txt", "seeds/1-wider-discourse.txt"),
        ("news/seed3.txt", "seeds/3-blow-to-human-rights.txt"),
    ])
}

fn check(dir: &Path, args: &[&str]) -> std::process::Output {
    neardup()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn rules(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["allowed"].is_null() && f["baseline"] != "unchanged")
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["place"]["document"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_clean_corpus_passes() {
    let dir = corpus(&[
        ("a.txt", "seeds/1-wider-discourse.txt"),
        ("b.txt", "seeds/3-blow-to-human-rights.txt"),
        ("c.txt", "seeds/5-first-nation.txt"),
    ]);
    let out = check(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("Checked 3 documents: 0 failing findings."));
}

#[test]
fn policy_matrix_each_limit_trips_and_does_not() {
    // Copied passage: the lifted paragraph is 100% inside the article.
    let dir = lifted();
    let out = check(dir.path(), &["news", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rules(&json(&out)), ["copied-passage news/lifted.txt"]);
    let out = check(dir.path(), &["news", "--max-containment", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Shorter than min_passage_tokens, the passage does not count.
    let out = check(dir.path(), &["news", "--min-passage-tokens", "60"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // Near-duplicates: two copies of one text (Jaccard 1).
    let dir = corpus(&[
        ("a.txt", "pairs/04-reordered-paragraphs/a.txt"),
        ("b.txt", "pairs/04-reordered-paragraphs/b.txt"),
    ]);
    let out = check(dir.path(), &[".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(rules(&v), ["near-duplicate ./b.txt"]);
    assert!(v["findings"][0]["score"].as_f64().unwrap() > 0.9);
    // Under it they are a copied pair instead (95% of A is in B).
    let out = check(
        dir.path(),
        &[".", "--max-similarity", "0.95", "--max-containment", "1"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // Padding: the second seed repeats three of its paragraphs.
    let dir = corpus(&[("padded.txt", "seeds/2-setting-precedent.txt")]);
    let out = check(dir.path(), &[".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rules(&json(&out)), ["padding ./padded.txt"]);
    let out = check(dir.path(), &[".", "--max-padding", "0.5"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn policy_file_overrides_and_allow_entries() {
    let dir = lifted();
    // An override by glob at any depth lets the news folder copy.
    fs::write(
        dir.path().join("neardup.toml"),
        "paths = [\"news\"]\n[[overrides]]\npaths = [\"news/lifted.txt\"]\nmax_containment = 1.0\n",
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // An allowed pair is reported as allowed and does not fail.
    fs::write(
        dir.path().join("neardup.toml"),
        "paths = [\"news\"]\n[[allow]]\npaths = [\"news/article.txt\", \"news/lifted.txt\"]\nreason = \"syndicated\"\n",
    )
    .unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["findings"][0]["allowed"], "syndicated");
    assert_eq!(v["stats"]["allowed"], 1);

    // So is one allowed by fingerprint.
    let fp = v["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    fs::write(
        dir.path().join("neardup.toml"),
        format!("paths = [\"news\"]\n[[allow]]\nfingerprint = \"{fp}\"\nreason = \"notice\"\n"),
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("allowed: notice"));

    // A flag beats the file.
    let out = check(
        dir.path(),
        &["--max-containment", "0.2", "--format", "json"],
    );
    assert_eq!(json(&out)["policy"]["max_containment"], 0.2);
}

#[test]
fn an_unknown_policy_key_is_an_error_naming_key_file_and_line() {
    let dir = lifted();
    fs::write(
        dir.path().join("neardup.toml"),
        "max_similarity = 0.9\nmax_containmnet = 0.5\n",
    )
    .unwrap();
    let out = check(dir.path(), &["news"]);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(e.contains("neardup.toml"), "{e}");
    assert!(e.contains("max_containmnet"), "{e}");
    assert!(e.contains("line 2"), "{e}");
}

#[test]
fn baseline_round_trip() {
    let dir = lifted();
    let p = dir.path();
    // Record: the run passes and writes the baseline.
    let out = check(p, &["news", "--write-baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let base: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(p.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(base["findings"].as_array().unwrap().len(), 1);

    // Same corpus: green, the finding is reported as baselined.
    let out = check(p, &["news", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 in the baseline"));

    // A rename keeps it baselined (fingerprints hash content, not paths).
    fs::rename(p.join("news/article.txt"), p.join("news/story.txt")).unwrap();
    let out = check(p, &["news", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // A new copy fails, and only it.
    fs::copy(
        root().join("samples/pairs/05-shared-quote/a.txt"),
        p.join("news/quote-a.txt"),
    )
    .unwrap();
    fs::write(
        p.join("news/copier.txt"),
        format!(
            "An unrelated opening line about the weather in the city today.\n\n{}",
            fs::read_to_string(p.join("news/seed1.txt")).unwrap()
        ),
    )
    .unwrap();
    let out = check(
        p,
        &["news", "--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let v = json(&out);
    let failing = rules(&v);
    assert!(!failing.is_empty());
    assert!(
        failing.iter().all(|f| !f.ends_with("news/lifted.txt")),
        "{failing:?}"
    );
    assert_eq!(v["stats"]["baselined"], 1);

    // Remove the lifted paragraph: its entry is reported gone.
    fs::remove_file(p.join("news/lifted.txt")).unwrap();
    fs::remove_file(p.join("news/copier.txt")).unwrap();
    let out = check(p, &["news", "--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("no longer occurs"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn changed_since_checks_only_the_changed_documents_against_all() {
    let dir = lifted();
    let p = dir.path();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(p)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "corpus"]);
    // Nothing changed: nothing checked, green although the corpus has a copy.
    let out = check(p, &["news", "--changed-since", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 of 4 documents"),
        "{}",
        stdout(&out)
    );
    // A new, untracked copy of a committed article is checked against it.
    fs::copy(p.join("news/seed1.txt"), p.join("news/new.txt")).unwrap();
    let out = check(p, &["news", "--changed-since", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["stats"]["checked"], 1);
    let found = rules(&v);
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| !f.contains("lifted")), "{found:?}");
    // A revision git does not know is a usage error.
    let out = check(p, &["news", "--changed-since", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unreadable_document_makes_the_run_2_and_findings_are_still_reported() {
    let dir = lifted();
    fs::write(dir.path().join("news/binary.txt"), b"\0\0\0\0binary\0\0").unwrap();
    let out = check(dir.path(), &["news", "--exit-zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("copied-passage"));
    assert!(stderr(&out).contains("binary"), "{}", stderr(&out));
}

#[test]
fn exit_zero_reports_without_failing_and_output_files_are_written() {
    let dir = lifted();
    let out = check(dir.path(), &["news", "--exit-zero"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("copied-passage"));
    let out = check(
        dir.path(),
        &["news", "--format", "sarif", "-o", "out.sarif"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        fs::read_to_string(dir.path().join("out.sarif"))
            .unwrap()
            .contains("2.1.0")
    );
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let dir = lifted();
    fs::write(
        dir.path().join("neardup.toml"),
        "[[allow]]\npaths = [\"news/seed1.txt\"]\nreason = \"r\"\n",
    )
    .unwrap();
    check(dir.path(), &["news", "--write-baseline", "b.json"]);
    fs::copy(
        root().join("samples/seeds/2-setting-precedent.txt"),
        dir.path().join("news/padded.txt"),
    )
    .unwrap();
    fs::write(dir.path().join("news/bad.txt"), b"\xff\xfe\0\0").unwrap();
    let out = check(
        dir.path(),
        &["news", "--baseline", "b.json", "--format", "sarif"],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The published schema's `run.language` pattern has a stray `]`, which
    // ECMA-262 reads as a literal but strict regex checking refuses: it is
    // escaped here (same meaning) so the schema compiles with format checks.
    let text = fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace(
            r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
            r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
        );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["baselineState"] == "unchanged"));
    assert!(results.iter().any(|r| r["baselineState"] == "new"));
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes.as_array().unwrap().len(), 1);
}

#[test]
fn every_output_format_snapshot() {
    let dir = corpus(&[
        ("news/lifted.txt", "pairs/03-lifted-paragraph/a.txt"),
        ("news/article.txt", "pairs/03-lifted-paragraph/b.txt"),
        ("news/a.txt", "pairs/07-typography/a.txt"),
        ("news/b.txt", "pairs/07-typography/b.txt"),
        ("news/padded.txt", "seeds/2-setting-precedent.txt"),
        ("news/seed1.txt", "seeds/1-wider-discourse.txt"),
    ]);
    fs::write(
        dir.path().join("neardup.toml"),
        "paths = [\"news\"]\n[[allow]]\npaths = [\"news/a.txt\", \"news/b.txt\"]\nreason = \"same story, two typographies\"\n",
    )
    .unwrap();
    for (format, name) in [
        ("human", "check_human"),
        ("json", "check_json"),
        ("github", "check_github"),
        ("sarif", "check_sarif"),
        ("junit", "check_junit"),
    ] {
        let out = check(dir.path(), &["--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let text = stdout(&out).replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn checking_against_an_index_finds_what_a_full_check_finds_for_the_new_documents() {
    let dir = corpus(&[
        ("archive/article.txt", "pairs/03-lifted-paragraph/b.txt"),
        ("archive/seed1.txt", "seeds/1-wider-discourse.txt"),
        ("archive/seed3.txt", "seeds/3-blow-to-human-rights.txt"),
        ("archive/quote.txt", "pairs/05-shared-quote/a.txt"),
        ("new/lifted.txt", "pairs/03-lifted-paragraph/a.txt"),
        ("new/seed1-again.txt", "seeds/1-wider-discourse.txt"),
        ("new/quote.txt", "pairs/05-shared-quote/b.txt"),
        ("new/padded.txt", "seeds/2-setting-precedent.txt"),
    ]);
    let p = dir.path();
    let out = neardup()
        .current_dir(p)
        .args(["index", "build", "archive", "-o", "corpus.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let findings = |v: serde_json::Value| -> Vec<String> {
        let mut f: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["place"]["document"].as_str().unwrap().starts_with("new/")
                    || f["related"][0]["document"]
                        .as_str()
                        .unwrap_or("")
                        .starts_with("new/")
            })
            .map(|f| format!("{} {}", f["fingerprint"], f["place"]["document"]))
            .collect();
        f.sort();
        f
    };
    let incremental = check(p, &["new", "--against", "corpus.db", "--format", "json"]);
    assert_eq!(
        incremental.status.code(),
        Some(1),
        "{}",
        stderr(&incremental)
    );
    let full = check(p, &["archive", "new", "--format", "json"]);
    let (inc, all) = (findings(json(&incremental)), findings(json(&full)));
    assert!(inc.len() >= 3, "{inc:?}");
    assert_eq!(inc, all);
    // An index built for another threshold than the policy needs is refused.
    let out = check(
        p,
        &["new", "--against", "corpus.db", "--max-similarity", "0.5"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--threshold 0.5"), "{}", stderr(&out));
    // So is a damaged one.
    fs::write(p.join("bad.db"), b"not an index at all").unwrap();
    let out = check(p, &["new", "--against", "bad.db"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_corrupt_baseline_or_policy_is_an_error_and_leaves_the_output_file_alone() {
    let dir = lifted();
    let p = dir.path();
    fs::write(p.join("report.sarif"), "previous report").unwrap();
    fs::write(
        p.join("baseline.json"),
        "{\"format\":\"neardup-baseline\",\"version\":1,\"findings\":[{",
    )
    .unwrap();
    let out = check(
        p,
        &[
            "news",
            "--baseline",
            "baseline.json",
            "--format",
            "sarif",
            "-o",
            "report.sarif",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("baseline.json"), "{}", stderr(&out));
    fs::write(p.join("neardup.toml"), b"max_similarity = \xff\xfe\n").unwrap();
    let out = check(p, &["news", "--format", "sarif", "-o", "report.sarif"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("neardup.toml"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(p.join("report.sarif")).unwrap(),
        "previous report"
    );
    // Nothing to check is a usage error too.
    fs::remove_file(p.join("neardup.toml")).unwrap();
    assert_eq!(check(p, &[]).status.code(), Some(2));
}

/// With `--derivation`, a copied-passage finding says which document is
/// derived from which; its fingerprint, which baselines match, is the
/// same as without.
#[test]
fn derivation_names_the_derived_document_and_keeps_the_fingerprint() {
    let dir = lifted();
    let finding = |extra: &[&str]| {
        let mut args = vec!["news", "--format", "json"];
        args.extend(extra);
        let out = check(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let v = json(&out);
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "copied-passage")
            .cloned()
            .unwrap()
    };
    let (plain, derived) = (finding(&[]), finding(&["--derivation"]));
    assert_eq!(plain["fingerprint"], derived["fingerprint"]);
    assert!(!plain["message"].as_str().unwrap().contains("derived"));
    assert!(
        derived["message"]
            .as_str()
            .unwrap()
            .ends_with("; news/lifted.txt is wholly derived from news/article.txt"),
        "{}",
        derived["message"]
    );
}
