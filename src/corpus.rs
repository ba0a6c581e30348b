//! The input edge: files and lists of files → text, with every way input can
//! be bad turned into a clear [`Error`] naming the input.
//!
//! A document must be a regular file (or standard input, `-`) holding UTF-8
//! text, at most [`MAX_BYTES`] bytes, not empty. Invalid UTF-8 is reported
//! with the byte offset of the first bad sequence, UTF-16 by name. A file is
//! binary when NUL bytes make up more than 1% of it: executables, images and
//! archives are full of them, while text scraped or converted from other
//! formats sometimes carries a stray one, which is kept (it is not part of
//! any word). Nothing here panics on any input.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Largest document accepted, in bytes (offsets are `u32`).
pub const MAX_BYTES: u64 = u32::MAX as u64;

/// Read one document's text from `path` (`-` reads standard input).
pub fn read_text(path: &Path) -> Result<String> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(io)?;
        buf
    } else {
        let meta = fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            return Err(Error::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        if meta.len() > MAX_BYTES {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size: meta.len(),
                limit: MAX_BYTES,
            });
        }
        fs::read(path).map_err(io)?
    };
    decode(path, bytes)
}

/// Check and decode the bytes of a document.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let path = || path.to_path_buf();
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::TooLarge {
            path: path(),
            size: bytes.len() as u64,
            limit: MAX_BYTES,
        });
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Error::Utf16 { path: path() });
    }
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls * 100 > bytes.len() {
        let offset = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(Error::Binary {
            path: path(),
            offset: offset as u64,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path(),
        offset: e.utf8_error().valid_up_to() as u64,
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Error::Empty { path: path() });
    }
    Ok(text)
}

/// One line of a pairs list: two paths, or what was wrong with the line.
pub type PairLine = Result<(PathBuf, PathBuf)>;

/// Parse a pairs list: one `A<TAB>B` per line; blank lines and lines starting
/// with `#` are skipped. Relative paths are taken as they are (relative to
/// the working directory). A malformed line yields an error in its place, so
/// the other pairs still run.
pub fn parse_pairs(list: &Path, content: &str) -> Vec<PairLine> {
    content
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let mut parts = line.split('\t');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty() => {
                    Ok((PathBuf::from(a), PathBuf::from(b)))
                }
                _ => Err(Error::Malformed {
                    path: list.to_path_buf(),
                    line: i as u64 + 1,
                    message: "expected two paths separated by one tab".into(),
                }),
            }
        })
        .collect()
}

/// How a path is shown in reports and messages: as it is when it is
/// UTF-8, with other bytes written as `\xNN` (never replaced by U+FFFD,
/// so two such paths stay apart).
pub fn display_path(path: &Path) -> String {
    match path.to_str() {
        Some(s) => s.to_string(),
        None => escape_os(path.as_os_str()),
    }
}

#[cfg(unix)]
fn escape_os(s: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in s.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn escape_os(s: &std::ffi::OsStr) -> String {
    s.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_are_clear() {
        let p = Path::new("x.txt");
        let e = decode(p, b"ab\xffcd".to_vec()).unwrap_err().to_string();
        assert_eq!(e, "x.txt: not valid UTF-8 (first bad byte at offset 2)");
        let e = decode(p, b"ab\0cd".to_vec()).unwrap_err().to_string();
        assert!(e.contains("binary file (NUL byte at offset 2)"), "{e}");
        let e = decode(p, b"\xff\xfea\0b\0".to_vec())
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-16"), "{e}");
        // A stray NUL in real text is kept, not a reason to refuse the file.
        let mut text = "word ".repeat(40).into_bytes();
        text[7] = 0;
        assert_eq!(decode(p, text).unwrap().len(), 200);
        assert!(
            decode(p, b"".to_vec())
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(decode(p, b" \n\t".to_vec()).is_err());
        assert_eq!(decode(p, b"ok".to_vec()).unwrap(), "ok");
    }

    #[test]
    fn pairs_parse_with_errors_in_place() {
        let ps = parse_pairs(Path::new("l.tsv"), "a\tb\n\n# note\nbad line\nc\td\r\n");
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[0].as_ref().unwrap().1, PathBuf::from("b"));
        assert_eq!(
            ps[1].as_ref().unwrap_err().to_string(),
            "l.tsv:4: expected two paths separated by one tab"
        );
        assert_eq!(ps[2].as_ref().unwrap().1, PathBuf::from("d"));
    }
}
