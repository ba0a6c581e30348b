//! Shared helpers: the built binary, sample paths, a temporary work dir.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `neardup` binary, with colour and terminal-dependent defaults pinned.
pub(crate) fn neardup() -> Command {
    let mut cmd = Command::cargo_bin("neardup").expect("binary is built");
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd.current_dir(root());
    cmd
}

/// The repository root (tests run with paths relative to it).
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `samples/`, relative to the root.
pub(crate) fn sample(rel: &str) -> PathBuf {
    Path::new("samples").join(rel)
}

/// The two files of a sample pair, `samples/pairs/NAME/{a,b}.txt`.
pub(crate) fn pair(name: &str) -> [String; 2] {
    ["a", "b"].map(|s| {
        sample(&format!("pairs/{name}/{s}.txt"))
            .display()
            .to_string()
    })
}

/// A temporary directory that is removed when dropped.
pub(crate) fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Standard output of a finished command, as text.
pub(crate) fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

/// Standard error of a finished command, as text.
pub(crate) fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr")
}
