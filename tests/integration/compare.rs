//! `neardup compare`: output, exit codes and bad input.

use std::fs;

use crate::util::{neardup, pair, sample, stderr, stdout, tempdir};

const PAIRS: [&str; 7] = [
    "01-exact-copy",
    "02-light-edit",
    "03-lifted-paragraph",
    "04-reordered-paragraphs",
    "05-shared-quote",
    "06-independent-same-topic",
    "07-typography",
];

#[test]
fn human_output_of_every_pair() {
    for name in PAIRS {
        let out = neardup()
            .arg("compare")
            .args(pair(name))
            .args(["--color", "never", "--width", "80"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        insta::assert_snapshot!(format!("human-{name}"), stdout(&out));
    }
}

#[test]
fn json_output_of_every_pair() {
    for name in PAIRS {
        let out = neardup()
            .arg("compare")
            .args(pair(name))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        insta::assert_json_snapshot!(format!("json-{name}"), v);
    }
}

#[test]
fn seeds_do_not_copy_each_other() {
    let seeds: Vec<_> = fs::read_dir("samples/seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(seeds.len(), 5);
    for a in &seeds {
        for b in &seeds {
            if a >= b {
                continue;
            }
            let out = neardup()
                .args(["compare", "--format", "json"])
                .args([a, b])
                .output()
                .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            // The outlets tell the same facts, sometimes in words close to a
            // common wire story, but none copies another's words.
            for p in v["passages"].as_array().unwrap() {
                let kind = p["kind"].as_str().unwrap();
                assert!(!["exact", "edited"].contains(&kind), "{a:?} {b:?}: {p}");
            }
            assert!(v["similarity"]["jaccard"].as_f64().unwrap() < 0.01);
        }
    }
}

#[test]
fn exit_code_1_over_threshold_and_0_under() {
    let [a, b] = pair("03-lifted-paragraph");
    neardup()
        .args(["compare", &a, &b, "--fail-over", "0.9"])
        .assert()
        .code(1);
    let [c, d] = pair("06-independent-same-topic");
    neardup()
        .args(["compare", &c, &d, "--fail-over", "0.9"])
        .assert()
        .code(0);
}

#[test]
fn usage_errors_exit_2() {
    neardup().args(["compare"]).assert().code(2);
    neardup().args(["compare", "only-one.txt"]).assert().code(2);
    neardup().args(["frobnicate"]).assert().code(2);
    let [a, b] = pair("01-exact-copy");
    for bad in [
        vec!["--fail-over", "1.5"],
        vec!["--shingle", "0"],
        vec!["--perms", "0"],
        vec!["--lang", "klingon"],
        vec!["--threads", "0"],
    ] {
        let out = neardup()
            .args(["compare", &a, &b])
            .args(&bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!stderr(&out).is_empty());
    }
}

#[test]
fn help_and_version_exit_0() {
    neardup().arg("--help").assert().code(0);
    neardup().arg("--version").assert().code(0);
}

#[test]
fn bad_inputs_are_clear_errors() {
    let dir = tempdir();
    let good = sample("pairs/01-exact-copy/a.txt");
    let bad_utf8 = dir.path().join("latin1.txt");
    fs::write(&bad_utf8, b"caf\xe9 au lait").unwrap();
    let binary = dir.path().join("image.png");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, b"").unwrap();
    let missing = dir.path().join("missing.txt");
    let cases = [
        (&bad_utf8, "not valid UTF-8 (first bad byte at offset 3)"),
        (&binary, "binary file"),
        (&empty, "empty file"),
        (&missing, "No such file"),
        (&dir.path().to_path_buf(), "is a directory"),
    ];
    for (path, message) in cases {
        let out = neardup()
            .arg("compare")
            .arg(&good)
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains(message), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn stdin_as_a_document() {
    let [a, _] = pair("01-exact-copy");
    let out = neardup()
        .args(["compare", "-", &a, "--format", "json"])
        .write_stdin(fs::read(&a).unwrap())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["a"]["path"], "-");
    assert_eq!(v["similarity"]["jaccard"], 1.0);
}

#[test]
fn pairs_list_keeps_order_and_goes_on_after_errors() {
    let dir = tempdir();
    let list = dir.path().join("pairs.tsv");
    let mut content = String::new();
    for name in PAIRS {
        let [a, b] = pair(name);
        content.push_str(&format!("{a}\t{b}\n"));
    }
    content.push_str("samples/missing.txt\tsamples/pairs/01-exact-copy/a.txt\n");
    content.push_str("not a pair line\n");
    let [a, b] = pair("03-lifted-paragraph");
    content.push_str(&format!("{b}\t{a}\n"));
    fs::write(&list, content).unwrap();

    let run = |threads: &str| {
        neardup()
            .args([
                "compare",
                "--format",
                "jsonl",
                "--threads",
                threads,
                "--pairs",
            ])
            .arg(&list)
            .output()
            .unwrap()
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(one.stdout, two.stdout, "output depends on the thread count");
    let lines: Vec<serde_json::Value> = stdout(&one)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 11, "ten records, then the summary");
    assert_eq!(
        lines[10]["summary"],
        serde_json::json!({"items": 8, "errors": 2, "findings": 0, "status": "error", "exit_code": 2})
    );
    for (i, name) in PAIRS.iter().enumerate() {
        assert!(lines[i]["a"]["path"].as_str().unwrap().contains(name));
        assert!(lines[i].get("error").is_none());
    }
    assert!(
        lines[7]["error"]
            .as_str()
            .unwrap()
            .contains("samples/missing.txt")
    );
    assert!(lines[8]["error"].as_str().unwrap().contains("pairs.tsv:9"));
    assert_eq!(lines[9]["similarity"]["containment_b_in_a"], 1.0);
    let err = stderr(&one);
    assert!(
        err.contains("samples/missing.txt") && err.contains("pairs.tsv:9"),
        "{err}"
    );
}

#[test]
fn output_file_and_missing_pairs_list() {
    let dir = tempdir();
    let target = dir.path().join("out.json");
    let [a, b] = pair("02-light-edit");
    neardup()
        .args(["compare", &a, &b, "--format", "json", "-o"])
        .arg(&target)
        .assert()
        .code(0)
        .stdout("");
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 5);
    neardup()
        .args(["compare", "--pairs", "no-such-list.tsv"])
        .assert()
        .code(2);
}

#[test]
fn color_only_when_asked() {
    let [a, b] = pair("03-lifted-paragraph");
    let plain = neardup().args(["compare", &a, &b]).output().unwrap();
    assert!(
        !stdout(&plain).contains('\x1b'),
        "piped output must be plain"
    );
    let colored = neardup()
        .args(["compare", &a, &b, "--color", "always"])
        .output()
        .unwrap();
    assert!(stdout(&colored).contains("\x1b[1m"));
}

#[cfg(unix)]
#[test]
fn broken_pipe_exits_0() {
    use std::process::{Command, Stdio};
    let big = tempdir();
    let list = big.path().join("pairs.tsv");
    let [a, b] = pair("01-exact-copy");
    fs::write(&list, format!("{a}\t{b}\n").repeat(2000)).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("neardup"))
        .current_dir(crate::util::root())
        .args(["compare", "--format", "jsonl", "--pairs"])
        .arg(&list)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
