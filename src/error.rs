//! The library's error type.
//!
//! Every fallible library function returns [`Result`]. Errors name the input
//! they concern so a CLI can print them as they are; the CLI adds context with
//! `anyhow` at the edge.

use std::path::{Path, PathBuf};

// Paths that are not UTF-8 are shown with `\xNN` escapes, never lossily.

/// A library error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading an input failed.
    #[error("{}: {source}", display_path(.path))]
    Io {
        /// The input that could not be read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An input is not valid UTF-8.
    #[error(
        "{}: not valid UTF-8 (first bad byte at offset {offset}); \
         use --encoding LABEL (e.g. windows-1252) or --encoding auto",
        display_path(.path)
    )]
    NotUtf8 {
        /// The input.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: u64,
    },
    /// An input is not valid in the encoding it was read as (a legacy
    /// encoding named with `--encoding`, detected, or UTF-16 by its
    /// byte-order mark).
    #[error("{}: not valid {encoding} (first bad byte at offset {offset})", display_path(.path))]
    Decode {
        /// The input.
        path: PathBuf,
        /// The encoding's name (`windows-1252`, `Shift_JIS`, `UTF-16LE`, …).
        encoding: &'static str,
        /// Byte offset of the first invalid sequence.
        offset: u64,
    },
    /// An input looks like a binary file (more than 1% of it is NUL bytes,
    /// or NUL code units for UTF-16).
    #[error("{}: binary file (NUL byte at offset {offset}); only text is compared", display_path(.path))]
    Binary {
        /// The input.
        path: PathBuf,
        /// Byte offset of the first NUL byte.
        offset: u64,
    },
    /// An input has no text.
    #[error("{}: empty file, nothing to compare", display_path(.path))]
    Empty {
        /// The input.
        path: PathBuf,
    },
    /// An input is larger than a document may be.
    #[error("{}: {size} bytes is more than the {limit}-byte limit per document", display_path(.path))]
    TooLarge {
        /// The input.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A path names a directory where a file was expected.
    #[error("{}: is a directory, expected a file", display_path(.path))]
    IsDirectory {
        /// The input.
        path: PathBuf,
    },
    /// A line of a list or JSONL input is malformed.
    #[error("{}:{line}: {message}", display_path(.path))]
    Malformed {
        /// The list file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Walking a directory failed at one entry (a symlink loop, an
    /// unreadable ignore file, …); the walk goes on.
    #[error("{}: {message}", display_path(.path))]
    Walk {
        /// The entry concerned.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A table (a Parquet sketch shard, or the candidate pairs and run
    /// record written by the Spark job) is missing, malformed or made with
    /// other parameters.
    #[error("{}: {message}", display_path(.path))]
    Table {
        /// The file or directory concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The inputs cannot be used as given (for example standard input
    /// named twice, or a glob that does not parse).
    #[error("{0}")]
    Usage(String),
    /// Parameters are out of range or inconsistent.
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    /// Two sketches were built with different parameters.
    #[error("incompatible sketches: {field} is {ours} here and {theirs} there")]
    IncompatibleSketch {
        /// The parameter that differs.
        field: &'static str,
        /// Our value.
        ours: String,
        /// Their value.
        theirs: String,
    },
    /// A persistent index cannot be used: not an index, made by a newer
    /// version, or a database error.
    #[error("{}: {message}", display_path(.path))]
    Index {
        /// The index file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A persistent index is damaged: truncated, overwritten, or its
    /// contents disagree with themselves.
    #[error(
        "{}: the index is corrupt ({message}); build it again with `neardup index build`",
        display_path(.path)
    )]
    CorruptIndex {
        /// The index file.
        path: PathBuf,
        /// What was found.
        message: String,
    },
    /// A persistent index was built with other parameters than the run's.
    #[error(
        "{}: the index was built with {field} {theirs}, this run uses {ours}; \
         run with the index's options, or build another index",
        display_path(.path)
    )]
    IncompatibleIndex {
        /// The index file.
        path: PathBuf,
        /// The parameter that differs.
        field: String,
        /// The run's value.
        ours: String,
        /// The index's value.
        theirs: String,
    },
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A path as text, faithfully: valid UTF-8 as it is, and on Unix each byte
/// that is not part of valid UTF-8 as `\xNN` (two upper-case hex digits).
/// Control characters are kept; escaping them for display is the
/// renderers' job. (Elsewhere, unpaired surrogates become U+FFFD.)
pub fn display_path(p: &Path) -> String {
    if let Some(s) = p.to_str() {
        return s.to_owned();
    }
    escape_non_utf8(p)
}

#[cfg(unix)]
fn escape_non_utf8(p: &Path) -> String {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in p.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out
}

#[cfg(not(unix))]
fn escape_non_utf8(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
