//! `neardup index` and `scan --against`: a check against the index gives
//! the findings of a full scan that involve the new documents; updates add,
//! replace and remove; damaged, foreign and incompatible files are refused
//! with exit 2; an interrupted update leaves the index usable.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::util::{neardup, root, stderr, stdout, tempdir};

/// Every `.txt` file under `samples/` as JSON Lines, ids relative to it.
fn sample_lines() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    let base = root().join("samples");
    let mut files = Vec::new();
    walk(&base, &mut files);
    files.sort();
    files
        .iter()
        .map(|p| {
            let id = p.strip_prefix(&base).unwrap().display().to_string();
            (id, fs::read_to_string(p).unwrap())
        })
        .collect()
}

fn write_jsonl(path: &Path, docs: &[(String, String)]) {
    let mut s = String::new();
    for (id, text) in docs {
        s.push_str(&json!({"id": id, "text": text}).to_string());
        s.push('\n');
    }
    fs::write(path, s).unwrap();
}

fn text_of<'a>(docs: &'a [(String, String)], id: &str) -> &'a str {
    &docs.iter().find(|d| d.0 == id).unwrap().1
}

/// New documents: a lifted paragraph, a light edit of an article, and an
/// unrelated text.
fn new_docs(archive: &[(String, String)]) -> Vec<(String, String)> {
    let lifted = text_of(archive, "pairs/03-lifted-paragraph/a.txt").to_string();
    let article = text_of(archive, "pairs/04-reordered-paragraphs/a.txt")
        .replacen("the", "a", 2)
        .replacen(".", "!", 1);
    vec![
        (
            "new/lifted.txt".into(),
            format!("An introduction of our own, a few words long.\n\n{lifted}"),
        ),
        ("new/edited.txt".into(), article),
        (
            "new/unrelated.txt".into(),
            "A short note about gardening in the spring, with nothing copied from anywhere.".into(),
        ),
    ]
}

fn run_json(args: &[&str]) -> Value {
    let out = neardup().args(args).output().unwrap();
    assert!(out.status.code() == Some(0), "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// The verified near-duplicate pairs and copied pairs involving a new
/// document, as comparable strings.
fn involving_new(v: &Value) -> (Vec<String>, Vec<String>) {
    let new = |s: &Value| s.as_str().unwrap().starts_with("new/");
    let mut dup: Vec<String> = v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["pairs"].as_array().unwrap())
        .filter(|p| new(&p["a"]) || new(&p["b"]))
        .map(|p| p.to_string())
        .collect();
    dup.sort();
    let mut copied: Vec<String> = v["copied"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| new(&p["a"]) || new(&p["b"]))
        .map(|p| {
            let mut p = p.clone();
            p["id"] = json!(0);
            p.to_string()
        })
        .collect();
    copied.sort();
    (dup, copied)
}

#[test]
fn against_gives_what_a_full_scan_finds_for_the_new_documents() {
    let dir = tempdir();
    let archive = sample_lines();
    let new = new_docs(&archive);
    let (a, n, db) = (
        dir.path().join("archive.jsonl"),
        dir.path().join("new.jsonl"),
        dir.path().join("corpus.db"),
    );
    write_jsonl(&a, &archive);
    write_jsonl(&n, &new);
    let (a, n, db) = (
        a.to_str().unwrap(),
        n.to_str().unwrap(),
        db.to_str().unwrap(),
    );

    let out = neardup()
        .args(["index", "build", a, "-o", db])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!(
        "{} documents ({} added",
        archive.len(),
        archive.len()
    )));

    let full = run_json(&["scan", a, n, "--format", "json"]);
    let got = run_json(&["scan", n, "--against", db, "--format", "json"]);
    let (dup, copied) = involving_new(&got);
    assert_eq!((dup.clone(), copied.clone()), involving_new(&full));
    assert!(!dup.is_empty() && copied.len() >= 2, "{dup:?} {copied:?}");
    // Nothing that involves only archived documents is reported.
    let (all_dup, all_copied) = (
        got["clusters"].as_array().unwrap().len(),
        got["copied"].as_array().unwrap().len(),
    );
    assert!(all_copied == copied.len() && all_dup >= 1);
    assert_eq!(
        got["against"],
        json!({"indexed": archive.len(), "new": 3, "changed": 0, "unchanged": 0,
               "candidates": got["against"]["candidates"]})
    );
    // The archive itself: nothing to check again.
    let again = run_json(&["scan", a, "--against", db, "--format", "json"]);
    assert_eq!(again["against"]["unchanged"], archive.len());
    assert!(again["clusters"].as_array().unwrap().is_empty());
    assert!(again["copied"].as_array().unwrap().is_empty());

    // --fail-over works as in a scan.
    let out = neardup()
        .args(["scan", n, "--against", db, "--fail-over", "0.8"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("Against an index of"));
}

#[test]
fn update_adds_replaces_and_removes() {
    let dir = tempdir();
    let mut docs = sample_lines();
    let (a, db) = (
        dir.path().join("corpus.jsonl"),
        dir.path().join("corpus.db"),
    );
    write_jsonl(&a, &docs);
    let (a_s, db_s) = (a.to_str().unwrap(), db.to_str().unwrap());
    let out = neardup()
        .args(["index", "build", a_s, "-o", db_s, "--shingle", "4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let total = docs.len();
    docs.remove(0);
    docs[0].1.push_str("\nA line added since.\n");
    docs.push((
        "zz/new.txt".into(),
        "A new document of a few words, nothing more.".into(),
    ));
    write_jsonl(&a, &docs);
    // The index's own parameters are used: no need to repeat --shingle.
    let out = neardup()
        .args(["index", "update", a_s, "--index", db_s])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!(
            "{total} documents (1 added, 1 replaced, 1 removed, {} unchanged, 0 failed)",
            total - 2
        )),
        "{}",
        stdout(&out)
    );
    let out = neardup().args(["index", "verify", db_s]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("ok: {total} documents")));
    // The updated index answers as a fresh build of the same corpus.
    let fresh = dir.path().join("fresh.db");
    let out = neardup()
        .args([
            "index",
            "build",
            a_s,
            "-o",
            fresh.to_str().unwrap(),
            "--shingle",
            "4",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let n = dir.path().join("new.jsonl");
    write_jsonl(&n, &new_docs(&sample_lines()));
    let n = n.to_str().unwrap();
    let q = |db: &str| {
        let mut v = run_json(&[
            "scan",
            n,
            "--against",
            db,
            "--format",
            "json",
            "--shingle",
            "4",
        ]);
        v["against"]["candidates"] = json!(0);
        v
    };
    assert_eq!(q(db_s), q(fresh.to_str().unwrap()));
}

/// Build the samples' index in `dir`; its bytes.
fn built(dir: &Path) -> (PathBuf, Vec<u8>) {
    let db = dir.join("corpus.db");
    let out = neardup()
        .args(["index", "build", "samples", "-o", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = fs::read(&db).unwrap();
    (db, bytes)
}

/// `scan --against` on `db` fails with exit 2 and a message containing
/// `what`.
fn refused(db: &Path, what: &str, extra: &[&str]) {
    let mut args = vec![
        "scan",
        "samples/pairs/03-lifted-paragraph",
        "--against",
        db.to_str().unwrap(),
    ];
    args.extend(extra);
    let out = neardup().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
    assert!(stderr(&out).contains(what), "{what}: {}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn damaged_foreign_and_incompatible_indexes_are_refused() {
    let dir = tempdir();
    let (db, good) = built(dir.path());
    let p = dir.path().join("bad.db");

    fs::write(&p, &good[..good.len() / 2]).unwrap();
    refused(&p, "the index is corrupt (truncated", &[]);
    fs::write(&p, &good[..good.len() - 10]).unwrap();
    refused(&p, "truncated", &[]);

    let mut bytes = good.clone();
    let mid = bytes.len() / 2;
    let mut x: u32 = 12345;
    for b in &mut bytes[mid..mid + 6000] {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        *b = (x >> 16) as u8;
    }
    fs::write(&p, &bytes).unwrap();
    refused(&p, "the index is corrupt", &[]);
    let out = neardup()
        .args(["index", "verify", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("corrupt"), "{}", stderr(&out));

    fs::write(&p, "id,text\n1,not a database\n").unwrap();
    refused(&p, "not a neardup index (not an SQLite database)", &[]);

    fs::write(&p, &good).unwrap();
    let conn = rusqlite::Connection::open(&p).unwrap();
    conn.execute("UPDATE meta SET value = '7' WHERE key = 'version'", [])
        .unwrap();
    drop(conn);
    refused(
        &p,
        "index format version 7 was written by a newer neardup",
        &[],
    );

    // Sketches of the previous MinHash scheme (classic permutations).
    fs::write(&p, &good).unwrap();
    let conn = rusqlite::Connection::open(&p).unwrap();
    conn.execute(
        "UPDATE meta SET value = replace(value, '\"hash_version\":2', '\"hash_version\":1') \
         WHERE key = 'params'",
        [],
    )
    .unwrap();
    drop(conn);
    refused(
        &p,
        "the index holds sketches of hash version 1, which this build cannot compare \
         with its own (version 2); build the index again",
        &[],
    );

    refused(
        &db,
        "built with --shingle 5, this run uses 3",
        &["--shingle", "3"],
    );
    refused(
        &db,
        "built with --threshold 0.8, this run uses 0.5",
        &["--threshold", "0.5"],
    );
    refused(
        &db,
        "built with --stem false, this run uses true",
        &["--stem"],
    );
    let out = neardup()
        .args([
            "index",
            "verify",
            dir.path().join("missing.db").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_killed_update_leaves_the_previous_index() {
    let dir = tempdir();
    let (db, _) = built(dir.path());
    let db_s = db.to_str().unwrap();
    let n = dir.path().join("new.jsonl");
    write_jsonl(&n, &new_docs(&sample_lines()));
    let n = n.to_str().unwrap();
    let before = run_json(&["scan", n, "--against", db_s, "--format", "json"]);
    assert!(!before["copied"].as_array().unwrap().is_empty());
    // An update fed through a pipe that never closes: killed in the
    // middle of its transaction, after a first batch has been written.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("neardup"))
        .current_dir(root())
        .args([
            "index", "update", "--jsonl", "-", "--index", db_s, "--quiet",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let filler = "Words that fill a generated document for the update. ".repeat(40);
    for i in 0..1500 {
        let line = json!({"id": format!("gen-{i:05}"), "text": format!("{i} {filler}")});
        writeln!(stdin, "{line}").unwrap();
    }
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let out = neardup().args(["index", "verify", db_s]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = run_json(&["scan", n, "--against", db_s, "--format", "json"]);
    assert_eq!(before, after);
}
