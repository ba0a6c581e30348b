//! Sketch shards: the first reading of a scan, stored (`neardup sketch
//! INPUT... -o shard.jsonl`) so that large corpora can be sketched in
//! pieces, on several machines, and scanned together (`neardup scan
//! INPUT... --sketches shard1.jsonl shard2.jsonl …`).
//!
//! # Format (version 3)
//!
//! JSON Lines, UTF-8. The first line is the header:
//!
//! ```json
//! {"format":"neardup-sketch","version":3,
//!  "params":{"num_perm":128,"seed":0,"shingle":5,"hash_version":1,"text":{…}},
//!  "threshold":0.8,"lsh":{"bands":9,"rows":13},
//!  "winnow_window":16,"max_line_chars":120}
//! ```
//!
//! `params` are the full [`SketchParams`] (text options included); `lsh`
//! is the banding chosen for `threshold`. Each following line is one
//! document:
//!
//! ```json
//! {"id":"doc-0000001","tokens":512,"empty":false,"signature":[…],
//!  "band_keys":[…],"fingerprints":[…],"lines":[…]}
//! ```
//!
//! `id` is the document's global id (it must be unique across the shards
//! scanned together), `signature` its `num_perm` MinHash values,
//! `band_keys` one key per band, `fingerprints` its winnowed passage
//! fingerprints and `lines` the hashes of its boilerplate candidates (short
//! lines and the first and last sentences of paragraphs,
//! [`features::boilerplate_hashes`]; both sorted). Version 3 added the
//! sentences; older shards are refused.
//!
//! # Loading
//!
//! Every shard's header must name this format and version, and its
//! parameters must equal the scan's (`num_perm`, seed, shingle size, hash
//! version, text options, winnowing window): otherwise the documents would
//! not be comparable, and loading fails. Every line is checked: unknown
//! fields, a signature of the wrong length, band keys that do not match the
//! signature, unsorted lists are errors naming the shard and line. A
//! shard made for another threshold is accepted: band keys are computed
//! again from the signatures for the scan's banding.

use std::io::{BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{DocSketch, Prints, Scanner, features};
use crate::error::{Error, Result};
use crate::index::{self, LshParams};
use crate::sketch::{Signature, SketchParams};

/// The `format` of a shard header.
pub const FORMAT: &str = "neardup-sketch";
/// The shard format version this build reads and writes.
pub const VERSION: u32 = 3;

/// A shard's first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// Sketch parameters.
    pub params: SketchParams,
    /// Threshold the banding was chosen for.
    pub threshold: f64,
    /// The banding of `band_keys`.
    pub lsh: LshParams,
    /// Winnowing window of `fingerprints`.
    pub winnow_window: u32,
    /// Longest line hashed into `lines`.
    pub max_line_chars: u32,
}

/// One document line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    id: String,
    tokens: u32,
    empty: bool,
    signature: Vec<u32>,
    band_keys: Vec<u64>,
    fingerprints: Vec<u32>,
    lines: Vec<u64>,
}

/// The header a scanner writes.
pub fn header(scanner: &Scanner) -> Header {
    Header {
        format: FORMAT.into(),
        version: VERSION,
        params: scanner.options().sketch,
        threshold: scanner.options().threshold,
        lsh: scanner.lsh(),
        winnow_window: features::WINDOW as u32,
        max_line_chars: features::MAX_LINE_CHARS as u32,
    }
}

/// Write the header line.
///
/// # Errors
///
/// Writing failed.
pub fn write_header(out: &mut dyn Write, scanner: &Scanner) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &header(scanner))?;
    writeln!(out)
}

/// Write one document line.
///
/// # Errors
///
/// Writing failed.
pub fn write_doc(out: &mut dyn Write, s: &DocSketch) -> std::io::Result<()> {
    let line = Line {
        id: s.id.clone(),
        tokens: s.tokens,
        empty: s.empty,
        signature: s.signature.clone(),
        band_keys: s.keys.clone(),
        fingerprints: s.prints.set(),
        lines: s.lines.clone(),
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)
}

/// Check a shard header against the scanner: valid parameters equal to
/// the scan's (`num_perm`, seed, shingle size, hash version, text options),
/// this build's winnowing window and line length, a banding that fits the
/// signature. The error is a message to show after the shard's name.
///
/// # Errors
///
/// The first difference found, as a message.
pub fn check_header(h: &Header, scanner: &Scanner) -> std::result::Result<(), String> {
    h.params.validate().map_err(|e| e.to_string())?;
    let ours = &scanner.options().sketch;
    ours.check_compatible(&h.params)
        .map_err(|e| format!("{e} (sketch the documents again with the same options)"))?;
    if h.winnow_window != features::WINDOW as u32
        || h.max_line_chars != features::MAX_LINE_CHARS as u32
    {
        return Err(format!(
            "winnow_window {} / max_line_chars {} differ from this build's {} / {}",
            h.winnow_window,
            h.max_line_chars,
            features::WINDOW,
            features::MAX_LINE_CHARS
        ));
    }
    if h.lsh.used_perms() > u64::from(h.params.num_perm) || h.lsh.rows == 0 {
        return Err(format!(
            "LSH {}x{} does not fit {} permutations",
            h.lsh.bands, h.lsh.rows, h.params.num_perm
        ));
    }
    Ok(())
}

/// Read a shard (`path` names it in errors), checking it against the
/// scanner, and hand each document to `add`. Returns the number of
/// documents.
///
/// # Errors
///
/// A header or line that does not check out (see the module docs), or a
/// read error.
pub fn read(
    path: &Path,
    reader: impl BufRead,
    scanner: &Scanner,
    mut add: impl FnMut(DocSketch),
) -> Result<u64> {
    let bad = |line: u64, message: String| Error::Malformed {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut lines = reader.lines();
    let first = match lines.next() {
        Some(l) => l.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?,
        None => {
            return Err(bad(
                1,
                "empty file, expected a neardup-sketch header".into(),
            ));
        }
    };
    let value: serde_json::Value = serde_json::from_str(&first)
        .map_err(|e| bad(1, format!("not a neardup-sketch header: {e}")))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(bad(
            1,
            format!("not a neardup-sketch shard (no \"format\": \"{FORMAT}\")"),
        ));
    }
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(bad(
                1,
                format!(
                    "shard format version {v}; this build reads version {VERSION} (sketch the documents again)"
                ),
            ));
        }
        None => return Err(bad(1, "the header has no version".into())),
    }
    let h: Header =
        serde_json::from_value(value).map_err(|e| bad(1, format!("bad header: {e}")))?;
    check_header(&h, scanner).map_err(|m| bad(1, m))?;
    let lsh = scanner.lsh();
    let mut count = 0;
    for (i, line) in lines.enumerate() {
        let no = i as u64 + 2;
        let line = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&line).map_err(|e| bad(no, e.to_string()))?;
        let sig = Signature::from_parts(h.params, l.signature, l.empty)
            .map_err(|e| bad(no, format!("{}: {e}", l.id)))?;
        if !l.empty && h.lsh == lsh && index::band_keys(&sig, h.lsh) != l.band_keys {
            return Err(bad(
                no,
                format!("{}: band keys do not match the signature", l.id),
            ));
        }
        if !l.fingerprints.is_sorted() || !l.lines.is_sorted() {
            return Err(bad(
                no,
                format!("{}: fingerprints and lines must be sorted", l.id),
            ));
        }
        let keys = index::band_keys(&sig, lsh);
        add(DocSketch {
            id: l.id,
            tokens: l.tokens,
            signature: Vec::new(),
            empty: l.empty,
            keys,
            prints: Prints::Set(l.fingerprints),
            lines: l.lines,
            exact: None,
        });
        count += 1;
    }
    Ok(count)
}
