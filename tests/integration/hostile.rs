//! Hostile input (issue 14), generated at test time: each case checks the
//! message, the exit code, and that the rest of the run is intact (a good
//! document given alongside is still analysed).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{neardup, stderr, stdout, tempdir};

/// A paragraph long enough to be a shared passage.
const PARA: &str = "Russia has officially recognized the Taliban government in \
    Afghanistan, becoming the first country to do so since the group returned to power \
    in 2021, the foreign ministry said on Thursday.";

/// A work directory holding `good.txt`.
fn work() -> tempfile::TempDir {
    let dir = tempdir();
    fs::write(dir.path().join("good.txt"), format!("{PARA}\n{PARA}\n")).unwrap();
    dir
}

/// `padding --format jsonl` on `paths` (relative to `dir`), then the good
/// file: exit code, the paths reported, standard error.
fn padding(dir: &Path, paths: &[&Path]) -> (Option<i32>, Vec<String>, String) {
    let out = neardup()
        .current_dir(dir)
        .args(["padding", "--format", "jsonl"])
        .args(paths)
        .arg("good.txt")
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    let paths = records
        .iter()
        .filter_map(|r| r["documents"][0]["path"].as_str().map(str::to_string))
        .collect();
    (out.status.code(), paths, stderr(&out))
}

/// A bad input: exit 2, a message naming it that contains `says`, and the
/// good file still analysed.
fn refused(dir: &Path, name: &Path, says: &str) {
    let (code, paths, err) = padding(dir, &[name]);
    assert_eq!(code, Some(2), "{}: {err}", name.display());
    let shown = neardup::corpus::display_path(name);
    assert!(
        err.contains(&format!("neardup: error: {shown}")) && err.contains(says),
        "{shown}: {err}"
    );
    assert!(paths.contains(&"good.txt".to_string()), "{paths:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// `compare` of two texts written to files, as JSON.
fn compare_json(dir: &Path, a: &[u8], b: &[u8], extra: &[&str]) -> (Output, serde_json::Value) {
    fs::write(dir.join("a.txt"), a).unwrap();
    fs::write(dir.join("b.txt"), b).unwrap();
    let out = neardup()
        .current_dir(dir)
        .args(["compare", "a.txt", "b.txt", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, json)
}

#[test]
fn invalid_utf8_names_the_file_and_byte_offset() {
    let dir = work();
    fs::write(
        dir.path().join("bad.txt"),
        b"good words \xff\xfe more words",
    )
    .unwrap();
    refused(
        dir.path(),
        Path::new("bad.txt"),
        "first bad byte at offset 11",
    );
}

#[test]
fn binary_files_are_refused() {
    let dir = work();
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 200));
    fs::write(dir.path().join("prog"), bytes).unwrap();
    refused(dir.path(), Path::new("prog"), "binary file");
}

#[test]
fn a_stray_nul_byte_in_text_is_kept() {
    let dir = work();
    let text = format!("{PARA}\0 {PARA} {PARA}");
    let (out, json) = compare_json(dir.path(), text.as_bytes(), PARA.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!json["passages"].as_array().unwrap().is_empty());
}

#[test]
fn empty_and_whitespace_only_files_are_refused() {
    let dir = work();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("blank.txt"), " \n\t\r\n  \u{3000}\n").unwrap();
    refused(dir.path(), Path::new("empty.txt"), "empty");
    refused(dir.path(), Path::new("blank.txt"), "empty");
}

#[test]
fn line_endings_and_byte_order_marks_do_not_change_the_passage() {
    let dir = work();
    let text = format!("Kabul reacts\n\n{PARA}\nMore follows here.\n");
    let crlf = text.replace('\n', "\r\n");
    let cr = text.replace('\n', "\r");
    let bom = format!("\u{feff}{text}");
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (name, bytes) in [
        ("crlf", crlf.into_bytes()),
        ("cr", cr.into_bytes()),
        ("bom", bom.into_bytes()),
        ("utf16le", utf16le),
        ("utf16be", utf16be),
    ] {
        let (out, json) = compare_json(dir.path(), &bytes, text.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let passages = json["passages"].as_array().unwrap();
        assert_eq!(passages.len(), 1, "{name}: {json}");
        assert_eq!(passages[0]["identity"], 1.0, "{name}");
        assert_eq!(json["similarity"]["jaccard"], 1.0, "{name}");
    }
}

/// Scripts and characters that trip up width, direction and word breaking.
const SCRIPTS: [(&str, &str); 6] = [
    (
        "rtl",
        "أعلنت روسيا رسميا اعترافها بحكومة طالبان في أفغانستان لتصبح أول دولة تفعل ذلك منذ \
         عودة الحركة إلى السلطة عام 2021، وفق ما ذكرته وزارة الخارجية يوم الخميس في بيان رسمي.",
    ),
    (
        "cjk",
        "俄罗斯正式承认阿富汗塔利班政府，成为自该组织二零二一年重新掌权以来第一个这样做的国家。\
         外交部星期四表示，这一决定将推动双方在贸易、能源和安全领域的合作。",
    ),
    (
        "emoji",
        "Family 👨‍👩‍👧‍👦 and flags 🇦🇫 🏳️‍🌈 joined the crowd 👩🏽‍💻 while the minister spoke about \
         trade, energy and security cooperation for the coming decade in the region today.",
    ),
    (
        "combining",
        "Cafe\u{301} owners in Kabul sai\u{308}d the de\u{301}cision would help trade, while \
         Z\u{336}\u{337}a\u{338}l\u{334}g\u{335}o text and n\u{303}o\u{303} marks stacked up on \
         every letter of the long report about energy and security cooperation.",
    ),
    (
        "zero-width",
        "Russia\u{200b} has\u{200c} officially\u{200d} recognized\u{2060} the\u{feff} Taliban \
         government in Afghanistan, becoming the first country to do so since the group \
         returned to power in 2021, the foreign ministry said on Thursday.",
    ),
    (
        "bidi-controls",
        "Evil \u{202e}txt.exe\u{202c} and \u{2067}isolated\u{2069} text in a report about \
         the minister who spoke about trade, energy and security cooperation for the region.",
    ),
];

#[test]
fn right_to_left_cjk_emoji_combining_and_zero_width_text_align_in_every_view() {
    let dir = work();
    for (name, text) in SCRIPTS {
        let a = format!("Intro line.\n\n{text}\n");
        let b = format!("{text}\n\nOutro line.\n");
        let (out, json) = compare_json(
            dir.path(),
            a.as_bytes(),
            b.as_bytes(),
            &["--min-tokens", "5"],
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let passages = json["passages"].as_array().unwrap();
        assert_eq!(passages.len(), 1, "{name}: {json}");
        for view in ["summary", "side-by-side", "inline"] {
            let out = neardup()
                .current_dir(dir.path())
                .args([
                    "compare", "a.txt", "b.txt", "--color", "never", "--width", "80",
                ])
                .args(["--view", view])
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{name} {view}: {}",
                stderr(&out)
            );
            let text = stdout(&out);
            assert!(
                !text.contains('\u{202e}'),
                "{name} {view}: bidi control obeyed"
            );
            for line in text.lines() {
                let w = unicode_width::UnicodeWidthStr::width(line);
                assert!(w <= 80, "{name} {view}: {w} columns: {line}");
            }
        }
        let out = neardup()
            .current_dir(dir.path())
            .args(["compare", "a.txt", "b.txt", "--format", "html"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name} html");
    }
}

#[test]
fn one_5_mb_line_is_analysed() {
    let dir = work();
    let mut line = String::with_capacity(5 << 20);
    let mut k = 0u64;
    while line.len() < 5 << 20 {
        // Words that rarely repeat: a cheap pseudo-random sequence.
        k = k
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        line.push_str(&format!("w{:x} ", k >> 44));
    }
    fs::write(dir.path().join("long.txt"), &line).unwrap();
    let (code, paths, err) = padding(dir.path(), &[Path::new("long.txt")]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(paths, ["long.txt", "good.txt"]);
}

#[test]
fn long_text_without_sentence_punctuation_compares() {
    let dir = work();
    let words: String = (0..30_000).map(|k| format!("w{} ", k % 997)).collect();
    let (out, json) = compare_json(dir.path(), words.as_bytes(), words.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!json["passages"].as_array().unwrap().is_empty());
    let (code, _, err) = padding(dir.path(), &[Path::new("a.txt")]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
#[cfg(target_os = "linux")]
fn unreadable_files_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = work();
    let path = dir.path().join("secret.txt");
    fs::write(&path, PARA).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_err() {
        refused(dir.path(), Path::new("secret.txt"), "ermission denied");
        return;
    }
    // Root (as in CI) reads a file with mode 000. A file whose read fails
    // for every user stands in: the process's own memory from address 0,
    // which the kernel answers with an I/O error.
    std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("unreadable.txt")).unwrap();
    refused(
        dir.path(),
        Path::new("unreadable.txt"),
        "Input/output error",
    );
}

#[test]
fn a_directory_where_a_file_is_expected() {
    let dir = work();
    fs::create_dir(dir.path().join("folder")).unwrap();
    let out = neardup()
        .current_dir(dir.path())
        .args(["compare", "folder", "good.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "neardup: error: folder: is a directory, expected a file\n"
    );
}

#[test]
fn a_symlink_loop_is_an_error_and_the_run_goes_on() {
    let dir = work();
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    let out = neardup()
        .current_dir(dir.path())
        .args(["compare", "loop", "good.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "neardup: error: loop: Too many levels of symbolic links (os error 40)\n"
    );
    refused(dir.path(), Path::new("loop"), "symbolic links");
    // Walking a folder skips symlinks (loops included): the walk ends and
    // the file beside them is analysed.
    let tree = dir.path().join("tree");
    fs::create_dir(&tree).unwrap();
    fs::write(tree.join("doc.txt"), PARA).unwrap();
    std::os::unix::fs::symlink("..", tree.join("up")).unwrap();
    std::os::unix::fs::symlink("self", tree.join("self")).unwrap();
    let (code, paths, err) = padding(dir.path(), &[Path::new("tree")]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(paths, ["tree/doc.txt", "good.txt"]);
}

#[test]
fn non_utf8_paths_are_reported_faithfully() {
    use std::os::unix::ffi::OsStrExt;
    let dir = work();
    let name = PathBuf::from(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    fs::write(dir.path().join(&name), format!("{PARA}\n")).unwrap();
    let out = neardup()
        .current_dir(dir.path())
        .args(["compare", "--format", "json"])
        .arg(&name)
        .arg("good.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["a"]["path"], "caf\\xE9.txt");
    // And in an error.
    let bad = PathBuf::from(std::ffi::OsStr::from_bytes(b"gone\xff.txt"));
    let out = neardup()
        .current_dir(dir.path())
        .arg("compare")
        .arg(&bad)
        .arg("good.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("neardup: error: gone\\xFF.txt: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_malformed_json_line_is_an_error_in_its_place() {
    let dir = work();
    let good = serde_json::json!({"id": "ok", "text": format!("{PARA} {PARA}")}).to_string();
    let mut bytes = format!("{good}\n{{\"id\": \"broken\", \"text\": \n[1, 2]\n").into_bytes();
    bytes.extend(b"\"\xff\"\n");
    bytes.extend(format!("{good}\n").into_bytes());
    fs::write(dir.path().join("docs.jsonl"), bytes).unwrap();
    let out = neardup()
        .current_dir(dir.path())
        .args(["padding", "--format", "jsonl", "--jsonl", "docs.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for line in ["docs.jsonl:2", "docs.jsonl:3", "docs.jsonl:4"] {
        assert!(err.contains(&format!("neardup: error: {line}")), "{err}");
    }
    assert_eq!(
        stdout(&out).matches("\"path\":\"ok\"").count(),
        2,
        "{}",
        stdout(&out)
    );
}

#[test]
fn pairs_with_a_missing_file_compare_the_other_pairs() {
    let dir = work();
    fs::write(dir.path().join("other.txt"), format!("Lead. {PARA}\n")).unwrap();
    fs::write(
        dir.path().join("pairs.tsv"),
        "good.txt\tmissing.txt\ngood.txt\tother.txt\n",
    )
    .unwrap();
    let out = neardup()
        .current_dir(dir.path())
        .args(["compare", "--format", "jsonl", "--pairs", "pairs.tsv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("neardup: error: missing.txt: "),
        "{}",
        stderr(&out)
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines[0]["error"].is_string(), "{lines:?}");
    assert_eq!(lines[1]["b"]["path"], "other.txt");
    // good.txt holds the paragraph twice: two passages.
    assert_eq!(lines[1]["passages"].as_array().unwrap().len(), 2);
}

#[test]
fn a_closed_stdout_pipe_exits_0() {
    use std::process::{Command, Stdio};
    let dir = work();
    let names: Vec<String> = (0..300).map(|k| format!("d{k}.txt")).collect();
    for n in &names {
        fs::write(dir.path().join(n), format!("{PARA}\n{PARA}\n")).unwrap();
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("neardup"))
        .current_dir(dir.path())
        .args(["padding", "--format", "jsonl"])
        .args(&names)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut out, &mut first).unwrap();
    drop(out);
    let done = child.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(stderr(&done), "");
}

#[test]
fn control_characters_in_documents_and_names_are_shown_not_obeyed() {
    let dir = work();
    let name = "evil\x1b]0;title\x07\x1b[2J\r\u{202e}.txt";
    fs::write(
        dir.path().join(name),
        format!("\x1b[31m{PARA}\x1b[0m\x08\x08\n\u{9b}2J{PARA}\n"),
    )
    .unwrap();
    for args in [
        &["padding", "--color", "never"][..],
        &["padding", "--format", "json"][..],
    ] {
        let out = neardup()
            .current_dir(dir.path())
            .args(args)
            .arg(name)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        // JSON escapes control characters; bidi controls are text there.
        let human = args.contains(&"never");
        for c in ['\x1b', '\x07', '\x08', '\r', '\u{9b}', '\u{202e}'] {
            assert!(
                !text.contains(c) || (!human && c == '\u{202e}'),
                "{args:?}: {c:?} in {text:?}"
            );
        }
    }
    // Error messages name the file without obeying what its name holds.
    let gone = format!("gone {name}");
    let (code, _, err) = padding(dir.path(), &[Path::new(&gone)]);
    assert_eq!(code, Some(2));
    for c in ['\x1b', '\x07', '\r', '\u{202e}'] {
        assert!(!err.contains(c), "{c:?} in {err:?}");
    }
    assert!(
        err.starts_with("neardup: error: gone evil␛]0;title␇␛[2J␍\\u{202e}.txt: "),
        "{err}"
    );
}
