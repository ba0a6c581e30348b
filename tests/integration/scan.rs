//! `neardup scan` and `neardup sketch`: the samples as snapshots, failing
//! documents among good ones, output independent of threads and input
//! order, shards equivalent to one scan, corrupted shards refused.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{neardup, stderr, stdout, tempdir};

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).expect("JSON output")
}

#[test]
fn samples_human() {
    let out = neardup()
        .args([
            "scan",
            "samples/",
            "--color",
            "never",
            "--width",
            "100",
            "--verbose",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("scan_samples_human", stdout(&out));
}

#[test]
fn samples_json() {
    let out = neardup()
        .args(["scan", "samples/", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["schema_version"], 3);
    // Every scenario pair is found as what it is.
    let clustered = |a: &str, b: &str| {
        v["clusters"].as_array().unwrap().iter().any(|c| {
            let ids: Vec<&str> = c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap())
                .collect();
            ids.contains(&a) && ids.contains(&b)
        })
    };
    let copied = |a: &str, b: &str| {
        v["copied"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["a"] == a && c["b"] == b)
    };
    let p = |s: &str| format!("samples/pairs/{s}");
    assert!(clustered(
        &p("01-exact-copy/a.txt"),
        &p("01-exact-copy/b.txt")
    ));
    assert!(clustered(
        &p("04-reordered-paragraphs/a.txt"),
        &p("04-reordered-paragraphs/b.txt")
    ));
    assert!(clustered(
        &p("07-typography/a.txt"),
        &p("07-typography/b.txt")
    ));
    // 02-light-edit/a.txt is 01-exact-copy/a.txt, which represents it.
    assert!(copied(&p("01-exact-copy/a.txt"), &p("02-light-edit/b.txt")));
    assert!(copied(
        &p("03-lifted-paragraph/a.txt"),
        &p("03-lifted-paragraph/b.txt")
    ));
    assert!(copied(
        &p("05-shared-quote/a.txt"),
        &p("05-shared-quote/b.txt")
    ));
    assert!(copied(
        &p("90-views-edited-paragraph/a.txt"),
        &p("90-views-edited-paragraph/b.txt")
    ));
    let six = p("06-independent-same-topic/");
    assert!(!stdout(&out).contains(&format!("\"a\": \"{six}")));
    // No two seed articles are near-duplicates or share a passage.
    for c in v["copied"].as_array().unwrap() {
        let (a, b) = (c["a"].as_str().unwrap(), c["b"].as_str().unwrap());
        assert!(!(a.contains("seeds/") && b.contains("seeds/")), "{a} {b}");
    }
    insta::assert_json_snapshot!("scan_samples_json", v);
}

/// `--derivation` judges each copied pair both ways as `compare` does (the
/// newspaper story of 08 is mostly derived from its wire story), ranks the
/// pairs by it and says it in every view.
#[test]
fn derivation_judges_copied_pairs_as_compare_does() {
    let scan = |format: &str| {
        let out = neardup()
            .args(["scan", "samples/", "--derivation", "--find", "copies"])
            .args(["--format", format, "--color", "never", "--width", "100"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    };
    let v = json(&scan("json"));
    assert_eq!(v["params"]["derivation"], true);
    let p = |s: &str| format!("samples/pairs/{s}");
    let (wa, wb) = (p("08-wire-rewrite/a.txt"), p("08-wire-rewrite/b.txt"));
    let copied = v["copied"].as_array().unwrap();
    let pair = copied
        .iter()
        .find(|c| c["a"] == wa.as_str() && c["b"] == wb.as_str())
        .unwrap();
    for (x, y, key) in [(&wa, &wb, "a_from_b"), (&wb, &wa, "b_from_a")] {
        let out = neardup()
            .args(["compare", x, y, "--format", "json"])
            .output()
            .unwrap();
        let mut d = json(&out)["derivation"].clone();
        for field in ["spans", "copied_stretches", "trigrams"] {
            d.as_object_mut().unwrap().remove(field);
        }
        assert_eq!(pair[key], d, "{key}");
    }
    assert_eq!(pair["a_from_b"]["verdict"], "partially");
    // Ranked by the larger derivation score.
    let rank = |c: &serde_json::Value| {
        let score = |k: &str| c[k]["score"].as_f64().unwrap();
        score("a_from_b").max(score("b_from_a"))
    };
    assert!(copied.windows(2).all(|w| rank(&w[0]) >= rank(&w[1])));
    insta::assert_snapshot!("scan_samples_derivation_human", stdout(&scan("human")));
    let html = stdout(&scan("html"));
    assert!(html.contains("A is mostly derived from B"), "{html}");
    // Without the flag, neither the fields nor the lines.
    let out = neardup()
        .args(["scan", "samples/", "--find", "copies", "--format", "json"])
        .output()
        .unwrap();
    assert!(!stdout(&out).contains("a_from_b"));
}

/// `--find` lists only the kinds asked for, each as a full scan finds it.
/// The JSON, whose clusters are rendered on the workers and spliced into
/// the rest, is byte for byte one pretty serialization of the report.
#[test]
fn find_lists_only_the_kinds_asked_for_as_a_full_scan_finds_them() {
    let scan = |extra: &[&str]| {
        let out = neardup()
            .args(["scan", "samples/", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report: neardup::report::scan::ScanReport =
            serde_json::from_slice(&out.stdout).unwrap();
        let mut pretty = Vec::new();
        neardup::render::json::pretty(&mut pretty, &report).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&pretty)
        );
        json(&out)
    };
    let all = scan(&[]);
    let near = scan(&["--find", "near-duplicates"]);
    assert_eq!(near["clusters"], all["clusters"]);
    assert_eq!(near["copied"], Value::Array(vec![]));
    assert_eq!(near["boilerplate"], Value::Array(vec![]));
    assert_eq!(
        near["params"]["find"],
        serde_json::json!(["near-duplicates"])
    );
    let rest = scan(&["--find", "copies,boilerplate"]);
    assert_eq!(rest["clusters"], Value::Array(vec![]));
    assert_eq!(rest["copied"], all["copied"]);
    assert_eq!(rest["boilerplate"], all["boilerplate"]);
    let out = neardup()
        .args([
            "scan",
            "samples/",
            "--find",
            "near-duplicates",
            "--color",
            "never",
        ])
        .args(["--verbose", "--width", "200"])
        .output()
        .unwrap();
    // No copy counts for copies not searched.
    assert!(!stdout(&out).contains("aligned for copied"));
    let first = stdout(&out).lines().next().unwrap().to_string();
    assert_eq!(
        first,
        "Scanned 24 documents (0 failed): 3 near-duplicate clusters (copied passages and boilerplate not searched)."
    );
    let bad = neardup()
        .args(["scan", "samples/", "--find", "everything"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
    fs::write(p, bytes).expect("write");
}

/// A deterministic pseudo-random article of `n` words (pseudo-words of
/// three syllables, sentences of 12 words).
fn article(seed: u64, n: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ka", "lo", "mi", "ne", "tu", "ra", "so", "vi", "de", "pa", "gro", "sha", "tri", "bel",
        "dun", "fa", "hol", "ji", "wen", "zu",
    ];
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = String::new();
    for i in 0..n {
        for _ in 0..3 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.push_str(SYLLABLES[(x >> 33) as usize % SYLLABLES.len()]);
        }
        out.push_str(if i % 12 == 11 { ".\n" } else { " " });
    }
    out
}

/// A small corpus: articles, near-copies with a few words changed, one
/// lifted paragraph and a shared footer line.
fn corpus(dir: &Path) {
    for i in 0..24u64 {
        let mut text = article(i, 200);
        if i % 3 == 0 {
            text.push_str("\nShare this article with your friends\n");
        }
        write(
            dir,
            &format!("part{}/doc-{i:02}.txt", i % 2),
            text.as_bytes(),
        );
        if i % 5 == 0 {
            let copy = text
                .replacen("council", "COUNCILLOR", 1)
                .replacen("river", "lake", 1);
            write(
                dir,
                &format!("part{}/copy-{i:02}.txt", (i + 1) % 2),
                copy.as_bytes(),
            );
        }
    }
    let paragraph =
        fs::read_to_string(crate::util::root().join("samples/pairs/03-lifted-paragraph/a.txt"))
            .expect("sample");
    let donor = format!("{}\n\n{paragraph}", article(50, 120));
    write(dir, "part1/donor.txt", donor.as_bytes());
    let lifted = format!(
        "{}\n\n{paragraph}\n\n{}",
        article(100, 300),
        article(101, 300)
    );
    write(dir, "part0/long.txt", lifted.as_bytes());
}

#[test]
fn failing_documents_are_reported_and_the_rest_scanned() {
    let dir = tempdir();
    let d = dir.path();
    write(d, "a/one.txt", article(1, 150).as_bytes());
    write(d, "a/deep/er/two.txt", article(1, 150).as_bytes());
    write(
        d,
        "a/page.html",
        format!("<html><body><p>{}</p></body></html>", article(1, 150)).as_bytes(),
    );
    write(d, "a/ignored.txt", article(2, 150).as_bytes());
    write(d, "a/.gitignore", b"ignored.txt\n");
    write(d, "a/blob.bin", &[0u8, 1, 0, 2, 0, 0, 0, 3]);
    write(d, "a/latin1.txt", b"caf\xe9 au lait and more words here\n");
    let lines = format!(
        "{}\nnot json\n{}\n",
        serde_json::json!({"id": "j1", "text": article(9, 80)}),
        serde_json::json!({"id": "j2", "text": article(9, 80)})
    );
    write(d, "docs.jsonl", lines.as_bytes());
    let out = neardup()
        .current_dir(d)
        .args(["scan", "a", "docs.jsonl", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let v = json(&out);
    let err = stderr(&out);
    assert!(err.contains("blob.bin"), "{err}");
    assert!(err.contains("latin1.txt"), "{err}");
    assert!(err.contains("docs.jsonl:2"), "{err}");
    assert_eq!(v["stats"]["failed"], 3, "{v}");
    assert_eq!(v["failures"].as_array().unwrap().len(), 3);
    // one.txt, two.txt, page.html, j1, j2 (ignored.txt is not read).
    assert_eq!(v["stats"]["documents"], 5, "{v}");
    assert!(!stdout(&out).contains("ignored.txt"));
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 2, "{v}");
    let ids: Vec<&str> = clusters[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a/deep/er/two.txt", "a/one.txt", "a/page.html"]);
    assert_eq!(v["summary"]["exit_code"], 2);
    // Read once (near-duplicates alone): the same failures and clusters.
    let once = neardup()
        .current_dir(d)
        .args(["scan", "a", "docs.jsonl", "--format", "json"])
        .args(["--find", "near-duplicates", "--threads", "1"])
        .output()
        .unwrap();
    assert_eq!(once.status.code(), Some(2), "{}", stderr(&once));
    let w = json(&once);
    assert_eq!(w["failures"], v["failures"]);
    assert_eq!(w["clusters"], v["clusters"]);
}

#[test]
fn output_does_not_depend_on_threads_or_input_order() {
    let dir = tempdir();
    corpus(dir.path());
    let run = |threads: &str, order: &[&str]| {
        let out = neardup()
            .current_dir(dir.path())
            .args(["scan", "--format", "json", "--threads", threads])
            .args(order)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out.stdout
    };
    let one = run("1", &["part0", "part1"]);
    assert_eq!(one, run("2", &["part0", "part1"]));
    assert_eq!(one, run("2", &["part1", "part0"]));
    let v: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(v["clusters"].as_array().unwrap().len(), 5, "{v}");
    assert!(!v["copied"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(
        v["boilerplate"][0]["line"],
        "Share this article with your friends"
    );
    assert_eq!(v["boilerplate"][0]["documents"], 10);
}

#[test]
fn sharded_sketches_scan_like_one_run() {
    let dir = tempdir();
    let d = dir.path();
    corpus(d);
    for part in ["part0", "part1"] {
        let out = neardup()
            .current_dir(d)
            .args(["sketch", part, "-o", &format!("{part}.jsonl")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let header: Value = serde_json::from_str(
        fs::read_to_string(d.join("part0.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["format"], "neardup-sketch");
    assert_eq!(header["version"], 3);
    let whole = neardup()
        .current_dir(d)
        .args(["scan", "--format", "json", "part0", "part1"])
        .output()
        .unwrap();
    let sharded = neardup()
        .current_dir(d)
        .args([
            "scan",
            "--format",
            "json",
            "part1",
            "part0",
            "--sketches",
            "part1.jsonl",
            "part0.jsonl",
        ])
        .output()
        .unwrap();
    assert_eq!(sharded.status.code(), Some(0), "{}", stderr(&sharded));
    assert_eq!(stdout(&whole), stdout(&sharded));
}

#[test]
fn corrupted_shards_are_refused() {
    let dir = tempdir();
    let d = dir.path();
    corpus(d);
    let out = neardup()
        .current_dir(d)
        .args(["sketch", "part0", "-o", "s.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let good = fs::read_to_string(d.join("s.jsonl")).unwrap();
    let mut lines: Vec<String> = good.lines().map(String::from).collect();
    let cases: Vec<(String, &str)> = vec![
        (
            good.replacen("\"version\":3", "\"version\":9", 1),
            "version 9",
        ),
        (
            good.replacen("\"version\":3", "\"version\":2", 1),
            "sketch the documents again",
        ),
        (good.replacen("\"seed\":0", "\"seed\":5", 1), "seed"),
        (
            {
                let mut v: Value = serde_json::from_str(&lines[1]).unwrap();
                v["signature"].as_array_mut().unwrap().pop();
                lines[1] = v.to_string();
                lines.join("\n")
            },
            "s.jsonl:2",
        ),
        ("{\"hello\": 1}\n".to_string(), "not a neardup-sketch shard"),
    ];
    for (text, want) in cases {
        fs::write(d.join("bad.jsonl"), text).unwrap();
        let out = neardup()
            .current_dir(d)
            .args(["scan", "part0", "--sketches", "bad.jsonl"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{want}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(want) || stderr(&out).contains("bad.jsonl"),
            "{want}: {}",
            stderr(&out)
        );
    }
    let out = neardup()
        .current_dir(d)
        .args(["scan", "--sketches", "s.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs the documents"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn formats_and_fail_over() {
    let dir = tempdir();
    corpus(dir.path());
    let out = neardup()
        .current_dir(dir.path())
        .args([
            "scan",
            "part0",
            "part1",
            "--format",
            "jsonl",
            "--fail-over",
            "0.9",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let records: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["kind"], "scan");
    assert!(records.iter().any(|r| r["kind"] == "cluster"));
    assert!(records.iter().any(|r| r["kind"] == "boilerplate"));
    let last = records.last().unwrap();
    assert_eq!(last["summary"]["status"], "findings");
    let out = neardup()
        .current_dir(dir.path())
        .args(["scan", "part0", "part1", "--format", "html", "-o", "r.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("<details>") && html.contains("dir=\"auto\""));
    assert!(html.contains("Content-Security-Policy") && !html.contains("<script"));
}

#[test]
fn json_lines_named_with_the_flag_alone_are_scanned() {
    let dir = tempdir();
    let text = article(7, 120);
    let lines = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "one", "text": text}),
        serde_json::json!({"id": "two", "text": text})
    );
    let path = dir.path().join("docs.data");
    fs::write(&path, lines).unwrap();
    let out = neardup()
        .args(["scan", "--format", "json", "--jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["stats"]["documents"], 2);
    assert_eq!(v["clusters"].as_array().unwrap().len(), 1);
}

/// `n` capitalised sentences of 8 words, one paragraph.
fn prose(seed: u64, n: usize) -> String {
    article(seed, n * 8)
        .split_whitespace()
        .collect::<Vec<_>>()
        .chunks(8)
        .map(|w| {
            let s = w.join(" ");
            let s = s.trim_end_matches('.');
            format!("{}{}.", s[..1].to_uppercase(), &s[1..])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn issue_9_boilerplate_sentences_glued_to_paragraphs_and_shared_paragraphs_stay_copies() {
    let dir = tempdir();
    let d = dir.path();
    let credit = "Reporting by the news desk; editing by staff.";
    let wire = "The mayor approved the new budget for the city on Monday. \
                It adds four million pounds for schools, roads and the old harbour. \
                The vote in the council chamber was close, with two members absent. \
                Critics said the plan came far too late for the coming winter.";
    for i in 0..6u64 {
        let mut text = format!("{}\n\n{} {credit}\n", prose(i, 6), prose(100 + i, 5));
        if i < 3 {
            text = format!("{}\n\n{wire}\n\n{text}", prose(200 + i, 4));
        }
        write(d, &format!("doc-{i}.txt"), text.as_bytes());
    }
    let out = neardup()
        .current_dir(d)
        .args(["scan", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let lines: Vec<(&str, u64)> = v["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["line"].as_str().unwrap(),
                b["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    // The credit is glued to six different paragraphs: boilerplate. The
    // wire paragraph's sentences stand next to each other in all three:
    // a shared passage, not boilerplate.
    assert_eq!(lines, [(credit, 6)], "{v}");
    let copied = v["copied"].as_array().unwrap();
    assert_eq!(copied.len(), 3, "{v}");
    for c in copied {
        let p = &c["passages"][0];
        let words = p["a"]["end"].as_u64().unwrap() - p["a"]["start"].as_u64().unwrap();
        assert!(words >= 40, "the whole wire paragraph: {c}");
    }
}
