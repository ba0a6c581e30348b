//! The corpus-ready core seen from the command line: documents prepared
//! once, one document source, printers, atomic output, terminal safety.

use std::fs;

use crate::util::{neardup, pair, root, sample, stderr, stdout, tempdir};

const PAIRS: [&str; 4] = [
    "01-exact-copy",
    "02-light-edit",
    "03-lifted-paragraph",
    "90-views-edited-paragraph",
];

#[test]
fn prepared_once_pairs_match_pairs_compared_alone() {
    // Every document appears in several pairs of the list, so the list
    // reuses prepared documents; each line must equal a lone comparison.
    let dir = tempdir();
    let list = dir.path().join("pairs.tsv");
    let seeds: Vec<String> = (1..=5)
        .map(|i| {
            let name = fs::read_dir(root().join("samples/seeds"))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .find(|n| n.starts_with(&format!("{i}-")))
                .unwrap();
            sample(&format!("seeds/{name}")).display().to_string()
        })
        .collect();
    let mut lines = Vec::new();
    for a in &seeds {
        for b in &seeds {
            lines.push((a.clone(), b.clone()));
        }
    }
    for p in PAIRS {
        let [a, b] = pair(p);
        lines.push((a.clone(), b.clone()));
        lines.push((b, a));
    }
    let content: String = lines.iter().map(|(a, b)| format!("{a}\t{b}\n")).collect();
    fs::write(&list, content).unwrap();
    let out = neardup()
        .args(["compare", "--format", "jsonl", "--pairs"])
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let got: Vec<&str> = text.lines().collect();
    assert_eq!(got.len(), lines.len() + 1);
    for (k, (a, b)) in lines.iter().enumerate() {
        let alone = neardup()
            .args(["compare", "--format", "jsonl", a, b])
            .output()
            .unwrap();
        let alone = stdout(&alone);
        assert_eq!(alone.lines().next().unwrap(), got[k], "{a} vs {b}");
    }
}

#[test]
fn pairs_as_json_is_one_document() {
    let dir = tempdir();
    let list = dir.path().join("pairs.tsv");
    let [a, b] = pair("02-light-edit");
    fs::write(
        &list,
        format!("{a}\t{b}\n{b}\tsamples/missing.txt\n{b}\t{a}\n"),
    )
    .unwrap();
    let out = neardup()
        .args(["compare", "--format", "json", "--pairs"])
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    let cs = v["comparisons"].as_array().unwrap();
    assert_eq!(cs.len(), 3);
    assert!(cs[1]["error"].as_str().unwrap().contains("missing.txt"));
    assert_eq!(v["summary"]["items"], 2);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["exit_code"], 2);
}

#[test]
fn json_output_reads_back_into_the_report_types() {
    let [a, b] = pair("03-lifted-paragraph");
    let out = neardup()
        .args(["compare", "--format", "json", &a, &b])
        .output()
        .unwrap();
    let c: neardup::report::Comparison = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c.passages.len(), 1);
    assert_eq!(c.a.path, a);
    let again = serde_json::to_string_pretty(&c).unwrap();
    assert_eq!(again + "\n", stdout(&out), "a report survives a round trip");
}

#[test]
fn standard_input_is_read_once() {
    let out = neardup().args(["compare", "-", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("standard input can be read only once"));

    let [a, b] = pair("03-lifted-paragraph");
    let text = fs::read(root().join(&a)).unwrap();
    let out = neardup()
        .args(["compare", "--view", "summary", "--color", "never", "-", &b])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("100% of A appears in B"));
}

#[test]
fn a_failed_run_leaves_the_output_file_as_it_was() {
    let dir = tempdir();
    let target = dir.path().join("out.txt");
    fs::write(&target, "precious").unwrap();
    let [a, _] = pair("02-light-edit");
    let out = neardup()
        .args(["compare", &a, "samples/missing.txt", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
}

#[test]
fn the_output_may_not_be_an_input() {
    let dir = tempdir();
    let [a, b] = pair("02-light-edit");
    let copy = dir.path().join("a.txt");
    fs::copy(root().join(&a), &copy).unwrap();
    let out = neardup()
        .args(["compare"])
        .arg(&copy)
        .arg(&b)
        .arg("-o")
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refusing to write the output over the input"));
    assert_eq!(fs::read(&copy).unwrap(), fs::read(root().join(&a)).unwrap());
}

#[test]
fn escape_sequences_in_documents_and_names_are_shown_not_obeyed() {
    let dir = tempdir();
    let shared = "Russia has officially recognized the Taliban government in Afghanistan, \
        becoming the first country to do so since the group returned to power in 2021, \
        the foreign ministry said on Thursday.";
    let a = dir.path().join("a\x1b[2J.txt");
    let b = dir.path().join("b.txt");
    fs::write(&a, format!("\x1b]0;pwned\x07Title \x1b[31mred\n{shared}\n")).unwrap();
    fs::write(
        &b,
        format!("Other \x1b[31mred\u{9b} text.\n{shared} \x1b[0m\n"),
    )
    .unwrap();
    for view in ["summary", "side-by-side", "inline"] {
        let out = neardup()
            .args([
                "compare", "--color", "never", "--width", "120", "--view", view,
            ])
            .arg(&a)
            .arg(&b)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(
            !text.contains('\x1b') && !text.contains('\u{9b}'),
            "{view}: {text:?}"
        );
        assert!(text.contains('␛'), "{view}: escapes are visible: {text}");
    }
    let out = neardup()
        .args(["padding", "--color", "never"])
        .arg(&a)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(!text.contains('\x1b') && text.contains('␛'), "{text:?}");
}

#[test]
fn padding_reads_folders_and_json_lines() {
    let dir = tempdir();
    let sub = dir.path().join("nested/deeper");
    fs::create_dir_all(&sub).unwrap();
    let para = "The committee approved the new budget for the city's schools on Monday \
        after a long debate about teacher salaries and building repairs.";
    fs::write(sub.join("one.txt"), format!("{para}\n{para}\n")).unwrap();
    fs::write(dir.path().join("ignored.txt"), "never read").unwrap();
    fs::write(dir.path().join(".gitignore"), "ignored.txt\n").unwrap();
    let jsonl = dir.path().join("docs.jsonl");
    fs::write(
        &jsonl,
        format!("{{\"id\": \"j1\", \"text\": \"{para}\"}}\nnot json\n{{\"id\": 7, \"text\": \"{para} {para}\"}}\n"),
    )
    .unwrap();
    let out = neardup()
        .args(["padding", "--format", "jsonl"])
        .arg(dir.path())
        .arg("--jsonl")
        .arg(&jsonl)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad line makes the run exit 2"
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<String> = lines[..lines.len() - 1]
        .iter()
        .map(|l| l["documents"][0]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(
        ids[0].ends_with("docs.jsonl") || ids[0].ends_with("one.txt"),
        "{ids:?}"
    );
    assert!(ids.iter().any(|i| i.ends_with("nested/deeper/one.txt")));
    assert!(!ids.iter().any(|i| i.ends_with("ignored.txt")));
    assert!(ids.contains(&"j1".to_string()) && ids.contains(&"7".to_string()));
    assert!(stderr(&out).contains("docs.jsonl:2"), "{}", stderr(&out));
}

#[test]
fn padding_help_offers_only_what_padding_accepts() {
    let out = neardup().args(["padding", "--help"]).output().unwrap();
    let help = stdout(&out);
    assert!(!help.contains("--view") && !help.contains("html"), "{help}");
    assert!(help.contains("--jsonl") && help.contains("--fail-over"));
}

#[test]
fn man_page_and_completions_are_generated() {
    let man = neardup().args(["generate", "man"]).output().unwrap();
    assert_eq!(man.status.code(), Some(0));
    assert!(stdout(&man).contains(".TH neardup"));
    let bash = neardup().args(["generate", "bash"]).output().unwrap();
    assert!(stdout(&bash).contains("compare"));
}

#[test]
fn absurd_thread_counts_are_refused_or_cut() {
    let [a, b] = pair("02-light-edit");
    let out = neardup()
        .args(["compare", "--threads", "20000", &a, &b])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "over 256 is a usage error");
    let out = neardup()
        .args(["compare", "--threads", "200", "--view", "summary", &a, &b])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
