//! The persistent index: a corpus's sketches and texts in one SQLite file
//! (`neardup index build`, `index update`, `index verify`), and checks of
//! new documents against it ([`Store::against`], `neardup scan NEW
//! --against corpus.db`) that verify and align only what involves them.
//!
//! # Schema (format [`FORMAT`], version [`VERSION`])
//!
//! ```sql
//! CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
//! CREATE TABLE documents (
//!     doc INTEGER PRIMARY KEY,  -- document number
//!     id TEXT NOT NULL UNIQUE,  -- its id (path or JSON Lines id)
//!     hash BLOB NOT NULL,       -- xxh3-128 of the text, 16 bytes big-endian
//!     tokens INTEGER NOT NULL,  -- tokens
//!     bytes INTEGER NOT NULL,   -- length of the text in bytes
//!     empty INTEGER NOT NULL,   -- 1 when it has no shingle
//!     signature BLOB NOT NULL,  -- MinHash values, u32 little-endian each
//!     keys BLOB NOT NULL,       -- LSH band keys, u64 little-endian, band order
//!     prints BLOB NOT NULL      -- winnowed fingerprints, u32 little-endian, sorted
//! );
//! CREATE TABLE texts (doc INTEGER PRIMARY KEY, text TEXT NOT NULL);
//! CREATE TABLE bands (key INTEGER NOT NULL, doc INTEGER NOT NULL,
//!                     PRIMARY KEY (key, doc)) WITHOUT ROWID;
//! CREATE TABLE prints (print INTEGER NOT NULL, doc INTEGER NOT NULL,
//!                      PRIMARY KEY (print, doc)) WITHOUT ROWID;
//! CREATE TABLE lines (hash INTEGER PRIMARY KEY, docs INTEGER NOT NULL);
//! ```
//!
//! `meta` holds `format` (`neardup-index`), `version` (`3`), `documents`
//! (the number of rows of `documents`, checked at every open), `created_by`
//! and `params`: the [`IndexParams`] as JSON (sketch parameters with the
//! text options, threshold and LSH banding, winnowing window, longest
//! boilerplate line, and the scan settings of the build for the record).
//! 64-bit hashes are stored as SQLite integers, bit for bit (`u64` as
//! `i64`). `texts` holds each document's text as read (an HTML file's
//! markup included), so candidates are verified and passages shown without
//! the original files; `bands`, `prints` and `lines` (boilerplate candidate
//! hash → documents holding it: short lines, first and last sentences of
//! paragraphs; version 3 added the sentences) are the inverted indexes a
//! check looks up. A check knows where the documents it reads hold a
//! sentence but not where the others do: those count as holding it
//! apart from any shared passage.
//!
//! # Safety of the file
//!
//! * **Build** writes a temporary file in the target's directory and
//!   renames it over the target once it is complete and checked (`PRAGMA
//!   quick_check`): a failed build leaves any previous file untouched.
//! * **Update** makes every change in one transaction (SQLite's rollback
//!   journal): a run that fails or is killed half way leaves the previous
//!   index as it was. Its inputs are the whole corpus: documents not seen
//!   are new, those whose content hash differs replace their archived
//!   version, those the index holds but the inputs no longer name are
//!   removed. A document that cannot be read is reported and its archived
//!   version, if any, is kept.
//! * **Open** refuses a file that is not an SQLite database, a format or
//!   version it does not know (a newer version names itself), a file
//!   shorter than its header says (truncated), a `documents` count that
//!   disagrees with `meta`, and parameters other than the run's (naming
//!   the one that differs). Files up to [`DEEP_CHECK_BYTES`] are also
//!   checked whole at every open (SQLite's `quick_check`, every text
//!   against its content hash, the lookup tables' row counts); larger ones
//!   by every build (`quick_check`) and by `neardup index verify`
//!   ([`Store::verify`], with the full `integrity_check`), since reading a
//!   file of a gigabyte takes seconds. Damage met while reading (SQLite
//!   reports malformed pages; a text whose content hash does not match) is
//!   an [`Error::CorruptIndex`], never a result.
//!
//! # Checking against the index
//!
//! [`Store::against`] reads the documents given and sorts them out by id
//! and content hash: those the index holds unchanged are not checked again
//! (they are counted); the others are sketched, and archived documents are
//! loaded from the file: those that share a band key with a checked
//! document (its near-duplicate candidates), those that share at least
//! [`ScanOptions::min_shared`](crate::scan::ScanOptions::min_shared)
//! passage fingerprints held by at most `max_df` documents of the whole
//! corpus with a checked document or one of its near-duplicate candidates,
//! and the near-duplicate candidates of all of these. They go through the
//! same verification, clustering and alignment as a scan
//! ([`Index::finish`]), focused on the checked documents, with line counts
//! and fingerprint frequencies of the whole corpus. The findings that
//! involve a checked document are those a full scan of the archive and the
//! checked documents would report, with these documented differences, all
//! about archived documents that are not loaded: a cluster is formed from
//! the loaded documents only (an archived cluster joined through members
//! more than one band-key step away may get another representative); a
//! boilerplate line's count does not merge archived near-duplicates (a
//! scan counts each cluster once), so a line held by both versions of an
//! archived document can count as boilerplate here and not in a scan; and
//! a band-key bucket larger than `max_bucket` is read only in part.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::engine::Observer;
use crate::error::{Error, Result};
use crate::index::LshParams;
use crate::report::scan::{AgainstStats, FailedDocument, ScanParams, ScanReport};
use crate::scan::{self, DocSketch, Index, Prints, ScanOptions, Scanner, features};
use crate::sketch::SketchParams;

/// The `format` row of `meta`.
pub const FORMAT: &str = "neardup-index";
/// The format version this build reads and writes.
pub const VERSION: u32 = 3;
/// Files up to this size are checked whole at every open.
pub const DEEP_CHECK_BYTES: u64 = 64 << 20;

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE documents (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    hash BLOB NOT NULL,
    tokens INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    empty INTEGER NOT NULL,
    signature BLOB NOT NULL,
    keys BLOB NOT NULL,
    prints BLOB NOT NULL
);
CREATE TABLE texts (doc INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE bands (key INTEGER NOT NULL, doc INTEGER NOT NULL,
                    PRIMARY KEY (key, doc)) WITHOUT ROWID;
CREATE TABLE prints (print INTEGER NOT NULL, doc INTEGER NOT NULL,
                     PRIMARY KEY (print, doc)) WITHOUT ROWID;
CREATE TABLE lines (hash INTEGER PRIMARY KEY, docs INTEGER NOT NULL);
";

/// Everything the index's contents depend on, stored in `meta` as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexParams {
    /// Tokens, shingles, MinHash (text options included).
    pub sketch: SketchParams,
    /// Threshold the banding was chosen for.
    pub threshold: f64,
    /// The banding of the band keys.
    pub lsh: LshParams,
    /// Winnowing window of the fingerprints.
    pub winnow_window: u32,
    /// Longest line counted in `lines`.
    pub max_line_chars: u32,
    /// The scan settings of the build, for the record (a check uses its
    /// own `max_df`, `min_shared`, boilerplate and alignment settings,
    /// which the stored tables do not depend on).
    pub built_with: ScanParams,
}

impl IndexParams {
    /// The parameters of an index built by `scanner`.
    pub fn of(scanner: &Scanner) -> Self {
        IndexParams {
            sketch: scanner.options().sketch,
            threshold: scanner.options().threshold,
            lsh: scanner.lsh(),
            winnow_window: features::WINDOW as u32,
            max_line_chars: features::MAX_LINE_CHARS as u32,
            built_with: scanner.params(),
        }
    }

    /// Scan options that build or update an index with these parameters
    /// (the build's other settings kept).
    pub fn options(&self) -> ScanOptions {
        let b = &self.built_with;
        ScanOptions {
            sketch: self.sketch,
            threshold: self.threshold,
            max_bucket: b.max_bucket as usize,
            max_df: b.max_df,
            min_shared: b.min_shared,
            boilerplate_min_docs: b.boilerplate_min_docs,
            keep_boilerplate: b.keep_boilerplate,
            ..ScanOptions::default()
        }
    }

    /// Whether `scanner` can use an index with these parameters.
    ///
    /// # Errors
    ///
    /// [`Error::IncompatibleIndex`] naming the first parameter that
    /// differs.
    pub fn check(&self, scanner: &Scanner, path: &Path) -> Result<()> {
        let ours = IndexParams::of(scanner);
        let differ = |field: &str, ours: String, theirs: String| Error::IncompatibleIndex {
            path: path.to_path_buf(),
            field: field.to_string(),
            ours,
            theirs,
        };
        if let Err(e) = ours.sketch.check_compatible(&self.sketch) {
            return Err(match e {
                Error::IncompatibleSketch {
                    field,
                    ours,
                    theirs,
                } => differ(flag(field), ours, theirs),
                other => other,
            });
        }
        if ours.threshold != self.threshold {
            return Err(differ(
                "--threshold",
                ours.threshold.to_string(),
                self.threshold.to_string(),
            ));
        }
        if ours.lsh != self.lsh {
            return Err(differ(
                "LSH banding",
                format!("{}x{}", ours.lsh.bands, ours.lsh.rows),
                format!("{}x{}", self.lsh.bands, self.lsh.rows),
            ));
        }
        if ours.winnow_window != self.winnow_window {
            return Err(differ(
                "winnowing window",
                ours.winnow_window.to_string(),
                self.winnow_window.to_string(),
            ));
        }
        if ours.max_line_chars != self.max_line_chars {
            return Err(differ(
                "longest boilerplate line",
                ours.max_line_chars.to_string(),
                self.max_line_chars.to_string(),
            ));
        }
        Ok(())
    }
}

/// The flag that sets a sketch parameter.
fn flag(field: &str) -> &str {
    match field {
        "num_perm" => "--perms",
        "seed" => "--seed",
        "shingle" => "--shingle",
        "lang" => "--lang",
        "stem" => "--stem",
        "stopwords" => "--stopwords",
        "strip_diacritics" => "--strip-diacritics",
        "hash_version" => "hash version",
        other => other,
    }
}

/// What a build or an update did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Documents in the index afterwards.
    pub documents: u64,
    /// Documents added.
    pub added: u64,
    /// Documents whose content changed, replaced.
    pub replaced: u64,
    /// Documents no longer among the inputs, removed.
    pub removed: u64,
    /// Documents left as they were.
    pub unchanged: u64,
    /// Documents that could not be read (an archived version is kept).
    pub failures: Vec<FailedDocument>,
}

/// What [`Store::verify`] checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verified {
    /// Documents, each text checked against its content hash.
    pub documents: u64,
    /// Band-key rows.
    pub bands: u64,
    /// Fingerprint rows.
    pub prints: u64,
    /// Line-count rows.
    pub lines: u64,
    /// Size of the file in bytes.
    pub bytes: u64,
}

/// An open index.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    params: IndexParams,
    documents: u64,
}

/// The content hash of a text: xxh3-128, big-endian.
fn content_hash(text: &str) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes()).to_be_bytes()
}

fn u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn u64s(v: &[u64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn read_u32s(b: &[u8]) -> Option<Vec<u32>> {
    b.len().is_multiple_of(4).then(|| {
        b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

fn read_u64s(b: &[u8]) -> Option<Vec<u64>> {
    b.len().is_multiple_of(8).then(|| {
        b.chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect()
    })
}

/// The line hashes a scan counts for a stored text.
fn text_lines(id: &str, text: &str) -> Vec<u64> {
    match scan::load(id, text.to_string()) {
        Ok(t) => features::boilerplate_hashes(&t),
        Err(_) => Vec::new(),
    }
}

/// A database error about `path`: damage is [`Error::CorruptIndex`].
fn db(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::CorruptIndex {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
        _ => Error::Index {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    }
}

fn corrupt(path: &Path, message: impl Into<String>) -> Error {
    Error::CorruptIndex {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn not_index(path: &Path, message: impl Into<String>) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Compare the file's length with what its SQLite header says.
fn check_file(path: &Path) -> Result<u64> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut head = [0u8; 100];
    let got = f.read(&mut head).map_err(io)?;
    if len == 0 {
        return Err(not_index(path, "empty file, not a neardup index"));
    }
    if got < 16 || &head[..16] != b"SQLite format 3\0" {
        return Err(not_index(
            path,
            "not a neardup index (not an SQLite database)",
        ));
    }
    if got < 100 {
        return Err(corrupt(path, format!("truncated to {len} bytes")));
    }
    let page = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536,
        p => u64::from(p),
    };
    if !(512..=65536).contains(&page) || !page.is_power_of_two() {
        return Err(corrupt(path, "bad page size in the header"));
    }
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    // The page count is valid when the change counter matches "version
    // valid for".
    if head[24..28] == head[92..96] && len < pages * page {
        return Err(corrupt(
            path,
            format!(
                "truncated: {len} bytes, the header says {} ({pages} pages)",
                pages * page
            ),
        ));
    }
    if !len.is_multiple_of(page) {
        return Err(corrupt(
            path,
            format!("truncated: {len} bytes is not a whole number of {page}-byte pages"),
        ));
    }
    Ok(len)
}

impl Store {
    /// Open the index at `path` for `scanner`, checking it (see the module
    /// docs).
    ///
    /// # Errors
    ///
    /// A file that cannot be read, is not an index, is corrupt, or was
    /// built with other parameters.
    pub fn open(path: &Path, scanner: &Scanner) -> Result<Store> {
        let store = Store::open_any(path, false)?;
        store.params.check(scanner, path)?;
        Ok(store)
    }

    /// Open and check everything but the parameters.
    fn open_any(path: &Path, writable: bool) -> Result<Store> {
        std::fs::metadata(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let d = db(path);
        // Read-write when possible, so that a hot journal left by an
        // interrupted update is rolled back; a read-only file is still
        // usable for checks.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, flags) {
            Ok(c) => c,
            Err(_) if !writable => Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(&d)?,
            Err(e) => return Err(d(e)),
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(&d)?;
        // The first read rolls back a hot journal, if any; only then does
        // the file say what it is.
        let first: rusqlite::Result<i64> =
            conn.query_row("PRAGMA schema_version", [], |r| r.get(0));
        let len = check_file(path)?;
        first.map_err(&d)?;
        let has_meta: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(&d)?
            > 0;
        if !has_meta {
            return Err(not_index(
                path,
                "not a neardup index (an SQLite database without its meta table)",
            ));
        }
        let meta = |key: &str| -> Result<Option<String>> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()
                .map_err(&d)
        };
        if meta("format")?.as_deref() != Some(FORMAT) {
            return Err(not_index(
                path,
                format!("not a neardup index (no format \"{FORMAT}\" in its meta table)"),
            ));
        }
        let version: u32 = meta("version")?
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| corrupt(path, "the meta table has no format version"))?;
        if version > VERSION {
            return Err(not_index(
                path,
                format!(
                    "index format version {version} was written by a newer neardup; \
                     this build reads version {VERSION}"
                ),
            ));
        }
        if version != VERSION {
            return Err(not_index(
                path,
                format!(
                    "index format version {version} is not supported (this build reads version \
                     {VERSION}); build the index again"
                ),
            ));
        }
        let params: IndexParams = meta("params")?
            .ok_or_else(|| corrupt(path, "the meta table has no parameters"))
            .and_then(|p| {
                serde_json::from_str(&p)
                    .map_err(|e| corrupt(path, format!("bad parameters in the meta table: {e}")))
            })?;
        let theirs = params.sketch.hash_version;
        if theirs != crate::hash::HASH_VERSION {
            return Err(not_index(
                path,
                format!(
                    "the index holds sketches of hash version {theirs}, which this build \
                     cannot compare with its own (version {}); build the index again",
                    crate::hash::HASH_VERSION
                ),
            ));
        }
        let documents: u64 = meta("documents")?
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| corrupt(path, "the meta table has no document count"))?;
        let counted: i64 = conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .map_err(&d)?;
        if counted as u64 != documents {
            return Err(corrupt(
                path,
                format!("{counted} documents, the meta table says {documents}"),
            ));
        }
        let store = Store {
            conn,
            path: path.to_path_buf(),
            params,
            documents,
        };
        if len <= DEEP_CHECK_BYTES {
            store.check_contents(false)?;
        }
        Ok(store)
    }

    /// The parameters of the index at `path`, after the checks of
    /// [`Store::open`] but the comparison with a scanner's: what to build
    /// a [`Scanner`] from to update it.
    ///
    /// # Errors
    ///
    /// As [`Store::open`].
    pub fn read_params(path: &Path) -> Result<IndexParams> {
        Ok(Store::open_any(path, false)?.params)
    }

    /// The index's parameters.
    pub fn params(&self) -> &IndexParams {
        &self.params
    }

    /// Documents in the index.
    pub fn len(&self) -> u64 {
        self.documents
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.documents == 0
    }

    /// Check the whole file: SQLite's `integrity_check`, every text against
    /// its content hash, and the inverted tables against the documents.
    ///
    /// # Errors
    ///
    /// A file that cannot be opened or is not an index, or
    /// [`Error::CorruptIndex`] naming the first damage found.
    pub fn verify(path: &Path) -> Result<Verified> {
        let store = Store::open_any(path, false)?;
        store.check_contents(true)
    }

    /// SQLite's check (`quick_check`, or the full `integrity_check`), the
    /// texts' content hashes and the row counts.
    fn check_contents(&self, full: bool) -> Result<Verified> {
        let path = &self.path;
        let d = db(path);
        let pragma = if full {
            "PRAGMA integrity_check(20)"
        } else {
            "PRAGMA quick_check(20)"
        };
        let mut stmt = self.conn.prepare(pragma).map_err(&d)?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(&d)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&d)?;
        if problems.len() != 1 || problems[0] != "ok" {
            return Err(corrupt(path, problems.join("; ")));
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.id, d.hash, d.bytes, length(d.keys), length(d.prints), t.text
                 FROM documents d LEFT JOIN texts t USING (doc)",
            )
            .map_err(&d)?;
        let mut rows = stmt.query([]).map_err(&d)?;
        let mut v = Verified::default();
        let (mut keys, mut prints) = (0u64, 0u64);
        while let Some(r) = rows.next().map_err(&d)? {
            let id: String = r.get(0).map_err(&d)?;
            let hash: Vec<u8> = r.get(1).map_err(&d)?;
            let bytes: i64 = r.get(2).map_err(&d)?;
            keys += r.get::<_, i64>(3).map_err(&d)? as u64 / 8;
            prints += r.get::<_, i64>(4).map_err(&d)? as u64 / 4;
            let text: Option<String> = r.get(5).map_err(&d)?;
            let Some(text) = text else {
                return Err(corrupt(path, format!("{id}: no text")));
            };
            if text.len() as i64 != bytes || hash != content_hash(&text) {
                return Err(corrupt(
                    path,
                    format!("{id}: the text does not match its content hash"),
                ));
            }
            v.documents += 1;
        }
        let count = |table: &str| -> Result<u64> {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
                .map(|c| c as u64)
                .map_err(&d)
        };
        v.bands = count("bands")?;
        v.prints = count("prints")?;
        v.lines = count("lines")?;
        if v.bands != keys || v.prints != prints || count("texts")? != v.documents {
            return Err(corrupt(
                path,
                "the band, fingerprint or text tables disagree with the documents",
            ));
        }
        v.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        Ok(v)
    }

    /// Build a new index of `docs` at `path` (any file there is replaced
    /// only once the new one is complete and checked).
    ///
    /// # Errors
    ///
    /// The file cannot be written; a document that cannot be read is a
    /// failure in [`Changes::failures`], not an error.
    pub fn build(
        path: &Path,
        scanner: &Scanner,
        docs: impl Iterator<Item = (String, Result<String>)>,
        observer: &dyn Observer,
    ) -> Result<Changes> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".neardup-index-").suffix(".tmp");
        // Readable as an ordinary new file would be (the umask applies),
        // not private as temporary files are.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let temp = builder.tempfile_in(dir).map_err(io)?;
        let d = db(path);
        let mut conn = Connection::open(temp.path()).map_err(&d)?;
        conn.execute_batch(
            "PRAGMA page_size = 8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             PRAGMA cache_size = -262144;",
        )
        .map_err(&d)?;
        conn.execute_batch(SCHEMA).map_err(&d)?;
        let params = IndexParams::of(scanner);
        let tx = conn.transaction().map_err(&d)?;
        let mut meta = tx
            .prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")
            .map_err(&d)?;
        let json = serde_json::to_string(&params)
            .map_err(|e| not_index(path, format!("cannot store the parameters: {e}")))?;
        for (k, v) in [
            ("format", FORMAT.to_string()),
            ("version", VERSION.to_string()),
            (
                "created_by",
                format!("neardup {}", env!("CARGO_PKG_VERSION")),
            ),
            ("params", json),
            ("documents", "0".into()),
        ] {
            meta.execute([k, v.as_str()]).map_err(&d)?;
        }
        drop(meta);
        let changes = ingest(&tx, path, scanner, docs, observer, &HashMap::new())?;
        tx.commit().map_err(&d)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            params,
            documents: changes.documents,
        };
        store.check_contents(false)?;
        drop(store);
        temp.as_file().sync_all().map_err(io)?;
        temp.persist(path).map_err(|e| io(e.error))?;
        Ok(changes)
    }

    /// Bring the index at `path` up to date with `docs`, the whole corpus
    /// as it is now, in one transaction: new documents are added, changed
    /// ones (another content hash) replaced, and documents the inputs no
    /// longer hold removed (see the module docs).
    ///
    /// # Errors
    ///
    /// The index cannot be opened or written, or was built with other
    /// parameters than `scanner`'s; nothing is changed then.
    pub fn update(
        path: &Path,
        scanner: &Scanner,
        docs: impl Iterator<Item = (String, Result<String>)>,
        observer: &dyn Observer,
    ) -> Result<Changes> {
        let mut store = Store::open_any(path, true)?;
        store.params.check(scanner, path)?;
        let d = db(path);
        // The write lock is taken first, so that what is read stays true.
        let tx = store
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(&d)?;
        let held: HashMap<String, (i64, Vec<u8>)> = {
            let mut stmt = tx
                .prepare("SELECT id, doc, hash FROM documents")
                .map_err(&d)?;
            stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
                .map_err(&d)?
                .collect::<rusqlite::Result<_>>()
                .map_err(&d)?
        };
        let changes = ingest(&tx, path, scanner, docs, observer, &held)?;
        tx.commit().map_err(&d)?;
        store.documents = changes.documents;
        Ok(changes)
    }
}

impl Store {
    /// Check `docs` against the index: a scan report holding only the
    /// clusters and copied pairs that involve a new or changed document
    /// (see the module docs), with [`ScanReport::against`] counting what
    /// was new, changed and unchanged. `fail_over` is as for
    /// [`Index::finish`].
    ///
    /// # Errors
    ///
    /// Parameters other than the index's, or damage met while reading it;
    /// a document that cannot be read is a failure in the report.
    pub fn against(
        &self,
        scanner: &Scanner,
        docs: impl Iterator<Item = (String, Result<String>)>,
        observer: &dyn Observer,
        fail_over: Option<f64>,
    ) -> Result<ScanReport> {
        let path = self.path.as_path();
        self.params.check(scanner, path)?;
        let d = db(path);
        let o = scanner.options();
        let mut stats = AgainstStats {
            indexed: self.documents,
            ..AgainstStats::default()
        };

        // Sort the documents out: unchanged, changed (their archived
        // version is set aside) or new.
        let mut lookup = self
            .conn
            .prepare_cached("SELECT doc, hash FROM documents WHERE id = ?1")
            .map_err(&d)?;
        let mut seen: HashSet<String> = HashSet::new();
        let mut checked: Vec<(String, Result<String>)> = Vec::new();
        let mut replaced: Vec<i64> = Vec::new();
        for (id, text) in docs {
            if !seen.insert(id.clone()) {
                checked.push((id, text));
                continue;
            }
            if let Ok(t) = &text {
                let held: Option<(i64, Vec<u8>)> = lookup
                    .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(&d)?;
                match held {
                    Some((_, h)) if h.as_slice() == content_hash(t) => {
                        stats.unchanged += 1;
                        continue;
                    }
                    Some((doc, _)) => {
                        stats.changed += 1;
                        replaced.push(doc);
                    }
                    None => stats.new += 1,
                }
            }
            checked.push((id, text));
        }
        drop(lookup);
        replaced.sort_unstable();

        // Sketch them.
        let mut index = Index::new();
        let mut sketches: Vec<DocSketch> = Vec::new();
        let mut texts: Vec<(String, String)> = Vec::new();
        let inputs = checked.into_iter().map(|(id, t)| {
            if let Ok(t) = &t {
                texts.push((id.clone(), t.clone()));
            }
            (id, t)
        });
        scan::sketch_all(scanner, inputs, observer, |r| -> Result<()> {
            match r {
                Ok(mut s) => {
                    s.signature = Vec::new();
                    sketches.push(s);
                }
                Err(f) => index.fail(f),
            }
            Ok(())
        })?;

        // Archived candidates: a shared band key, or enough shared
        // fingerprints that are not frequent in the whole corpus.
        let (candidates, df) = self.candidates(&sketches, &replaced, o)?;
        stats.candidates = candidates.len() as u64;

        // Line counts over the whole corpus, for the lines of every
        // document read.
        let mut delta: HashMap<u64, i64> = HashMap::new();
        for s in &sketches {
            for &h in &s.lines {
                *delta.entry(h).or_default() += 1;
            }
        }
        let mut load = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.hash, d.tokens, d.empty, d.keys, d.prints, t.text
                 FROM documents d JOIN texts t USING (doc) WHERE d.doc = ?1",
            )
            .map_err(&d)?;
        let mut archive: Vec<(String, String)> = Vec::new();
        let mut wanted: Vec<u64> = delta.keys().copied().collect();
        for &doc in &candidates {
            let (id, hash, tokens, empty, keys, prints, text): (
                String,
                Vec<u8>,
                u32,
                bool,
                Vec<u8>,
                Vec<u8>,
                String,
            ) = load
                .query_row([doc], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })
                .map_err(&d)?;
            if hash != content_hash(&text) {
                return Err(corrupt(
                    path,
                    format!("{id}: the text does not match its content hash"),
                ));
            }
            let bad = || corrupt(path, format!("{id}: malformed band keys or fingerprints"));
            let lines = text_lines(&id, &text);
            wanted.extend(&lines);
            index.add(DocSketch {
                id: id.clone(),
                tokens,
                signature: Vec::new(),
                empty,
                keys: read_u64s(&keys).ok_or_else(bad)?,
                prints: Prints::Set(read_u32s(&prints).ok_or_else(bad)?),
                lines,
                exact: None,
            });
            archive.push((id, text));
        }
        for &doc in &replaced {
            let (id, text): (String, String) = self
                .conn
                .query_row(
                    "SELECT d.id, t.text FROM documents d JOIN texts t USING (doc)
                     WHERE d.doc = ?1",
                    [doc],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(&d)?;
            for h in text_lines(&id, &text) {
                *delta.entry(h).or_default() -= 1;
            }
        }
        drop(load);
        let counts = self.line_counts(wanted, &delta)?;

        // Verify, cluster and align as a scan does, focused on the
        // documents checked.
        index.focus(sketches.iter().map(|s| s.id.clone()));
        for s in sketches {
            index.add(s);
        }
        index.corpus_line_counts(counts);
        index.corpus_print_df(df);
        let reread = texts
            .into_iter()
            .chain(archive)
            .map(|(id, text)| (id, Ok(text)));
        let mut report = index.finish(scanner, reread, observer, fail_over)?;
        report.against = Some(stats);
        Ok(report)
    }
}

impl Store {
    /// The archived documents to load for checking `sketches`: those that
    /// share a band key with a checked document (its near-duplicate
    /// candidates), those that share at least `min_shared` fingerprints
    /// that are not frequent in the whole corpus with a checked document or
    /// with one of its near-duplicate candidates (a cluster takes part in
    /// copied pairs through its representative, whichever member shares
    /// the passage), and the near-duplicate candidates of all of those (so
    /// that their clusters, and representatives, form as in a full scan).
    /// Also the document frequency, over the corpus as checked, of every
    /// fingerprint looked up. Archived documents in `replaced` (sorted) are
    /// set aside.
    fn candidates(
        &self,
        sketches: &[DocSketch],
        replaced: &[i64],
        o: &ScanOptions,
    ) -> Result<(BTreeSet<i64>, HashMap<u32, u32>)> {
        let d = db(&self.path);
        let set_aside = |doc: &i64| replaced.binary_search(doc).is_ok();
        let extra = replaced.len() as i64;
        let keys: Vec<i64> = sketches
            .iter()
            .flat_map(|s| s.keys.iter().map(|&k| k as i64))
            .collect();
        let near = self.band_mates(keys, o, replaced)?;

        // Fingerprint holders: the checked documents (their index), then
        // their archived near-duplicate candidates.
        let mut sources: Vec<Option<i64>> = vec![None; sketches.len()];
        let mut holders: Vec<(u32, u32)> = sketches
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.prints.set().into_iter().map(move |p| (p, i as u32)))
            .collect();
        let mut checked_holders: HashMap<u32, u32> = HashMap::new();
        for &(p, _) in &holders {
            *checked_holders.entry(p).or_default() += 1;
        }
        for &doc in &near {
            let (_, prints) = self.blobs(doc)?;
            let i = sources.len() as u32;
            sources.push(Some(doc));
            holders.extend(prints.into_iter().map(|p| (p, i)));
        }
        holders.sort_unstable_by_key(|&(p, i)| (i64::from(p), i));
        let mut df: HashMap<u32, u32> = HashMap::new();
        let mut shared: HashMap<(u32, i64), u32> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM prints WHERE print = ?1 LIMIT ?2")
            .map_err(&d)?;
        let limit = i64::from(o.max_df) + 1 + extra;
        for group in holders.chunk_by(|a, b| a.0 == b.0) {
            let p = group[0].0;
            let mut archived: Vec<i64> = Vec::new();
            for doc in stmt
                .query_map([i64::from(p), limit], |r| r.get::<_, i64>(0))
                .map_err(&d)?
            {
                let doc = doc.map_err(&d)?;
                if !set_aside(&doc) {
                    archived.push(doc);
                }
            }
            let count = archived.len() + checked_holders.get(&p).map_or(0, |&c| c as usize);
            df.insert(p, count as u32);
            if count > o.max_df as usize {
                continue;
            }
            for &(_, i) in group {
                let own = sources[i as usize];
                for &a in &archived {
                    if own != Some(a) {
                        *shared.entry((i, a)).or_default() += 1;
                    }
                }
            }
        }
        drop(stmt);
        let min_shared = o.min_shared.max(1);
        let mut candidates: BTreeSet<i64> = near;
        candidates.extend(
            shared
                .iter()
                .filter(|&(_, &c)| c >= min_shared)
                .map(|(&(_, a), _)| a),
        );
        let mut keys: Vec<i64> = Vec::new();
        for &doc in &candidates {
            keys.extend(self.blobs(doc)?.0.into_iter().map(|k| k as i64));
        }
        candidates.extend(self.band_mates(keys, o, replaced)?);
        Ok((candidates, df))
    }

    /// The archived documents (but those in `replaced`, sorted) holding
    /// one of `keys`, at most `max_bucket` + 1 per key.
    fn band_mates(
        &self,
        mut keys: Vec<i64>,
        o: &ScanOptions,
        replaced: &[i64],
    ) -> Result<BTreeSet<i64>> {
        let d = db(&self.path);
        keys.sort_unstable();
        keys.dedup();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM bands WHERE key = ?1 ORDER BY doc LIMIT ?2")
            .map_err(&d)?;
        let bucket = o.max_bucket as i64 + 1 + replaced.len() as i64;
        let mut out = BTreeSet::new();
        for k in keys {
            for doc in stmt
                .query_map([k, bucket], |r| r.get::<_, i64>(0))
                .map_err(&d)?
            {
                let doc = doc.map_err(&d)?;
                if replaced.binary_search(&doc).is_err() {
                    out.insert(doc);
                }
            }
        }
        Ok(out)
    }

    /// An archived document's band keys and fingerprints.
    fn blobs(&self, doc: i64) -> Result<(Vec<u64>, Vec<u32>)> {
        let d = db(&self.path);
        let (id, keys, prints): (String, Vec<u8>, Vec<u8>) = self
            .conn
            .prepare_cached("SELECT id, keys, prints FROM documents WHERE doc = ?1")
            .map_err(&d)?
            .query_row([doc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(&d)?;
        match (read_u64s(&keys), read_u32s(&prints)) {
            (Some(k), Some(p)) => Ok((k, p)),
            _ => Err(corrupt(
                &self.path,
                format!("{id}: malformed band keys or fingerprints"),
            )),
        }
    }

    /// How many documents of the corpus as checked hold each line of
    /// `wanted`: the stored count plus `delta` (checked documents holding
    /// it, less the archived versions they replace).
    fn line_counts(
        &self,
        mut wanted: Vec<u64>,
        delta: &HashMap<u64, i64>,
    ) -> Result<HashMap<u64, u32>> {
        let d = db(&self.path);
        wanted.sort_unstable_by_key(|&h| h as i64);
        wanted.dedup();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT docs FROM lines WHERE hash = ?1")
            .map_err(&d)?;
        let mut counts: HashMap<u64, u32> = HashMap::with_capacity(wanted.len());
        for h in wanted {
            let stored: i64 = stmt
                .query_row([h as i64], |r| r.get(0))
                .optional()
                .map_err(&d)?
                .unwrap_or(0);
            let c = stored + delta.get(&h).copied().unwrap_or(0);
            if c > 0 {
                counts.insert(h, c as u32);
            }
        }
        Ok(counts)
    }
}

/// Add `docs` to the index being written in `tx`; `held` are the documents
/// it holds (id → number, content hash), which are replaced when their
/// content changed and removed when `docs` does not name them.
fn ingest(
    tx: &Transaction<'_>,
    path: &Path,
    scanner: &Scanner,
    docs: impl Iterator<Item = (String, Result<String>)>,
    observer: &dyn Observer,
    held: &HashMap<String, (i64, Vec<u8>)>,
) -> Result<Changes> {
    let d = db(path);
    let mut changes = Changes::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut unchanged = 0u64;
    // Texts of the documents being sketched, in input order.
    let tee: RefCell<VecDeque<(String, String)>> = RefCell::new(VecDeque::new());
    let inputs = docs.filter_map(|(id, text)| {
        if !seen.insert(id.clone()) {
            let error = format!("{id}: the id appears more than once; only the first is indexed");
            return Some((id, Err(Error::Usage(error))));
        }
        match text {
            Ok(t) => {
                if held
                    .get(&id)
                    .is_some_and(|(_, h)| h.as_slice() == content_hash(&t))
                {
                    unchanged += 1;
                    return None;
                }
                tee.borrow_mut().push_back((id.clone(), t.clone()));
                Some((id, Ok(t)))
            }
            Err(e) => Some((id, Err(e))),
        }
    });
    let mut w = Writer::new(tx, path)?;
    scan::sketch_all(scanner, inputs, observer, |r| -> Result<()> {
        let id = match &r {
            Ok(s) => &s.id,
            Err(f) => &f.id,
        };
        let text = {
            let mut tee = tee.borrow_mut();
            match tee.front() {
                Some((front, _)) if front == id => tee.pop_front().map(|(_, t)| t),
                _ => None,
            }
        };
        match (r, text) {
            (Ok(s), Some(text)) => {
                if let Some(&(doc, _)) = held.get(&s.id) {
                    w.remove(doc)?;
                    changes.replaced += 1;
                } else {
                    changes.added += 1;
                }
                w.insert(&s, &text)
            }
            (Ok(s), None) => Err(not_index(
                w.path,
                format!("{}: internal error, the text went missing", s.id),
            )),
            (Err(f), _) => {
                changes.failures.push(f);
                Ok(())
            }
        }
    })?;
    let mut gone: Vec<i64> = held
        .iter()
        .filter(|(id, _)| !seen.contains(*id))
        .map(|(_, &(doc, _))| doc)
        .collect();
    gone.sort_unstable();
    for doc in gone {
        w.remove(doc)?;
        changes.removed += 1;
    }
    w.finish()?;
    changes.unchanged = unchanged;
    let documents: i64 = tx
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .map_err(&d)?;
    changes.documents = documents as u64;
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'documents'",
        [documents.to_string()],
    )
    .map_err(&d)?;
    changes
        .failures
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.error.cmp(&b.error)));
    Ok(changes)
}

/// Writes documents into an open transaction: rows of `documents` and
/// `texts` at once, inverted-index rows sorted at the end.
struct Writer<'a> {
    tx: &'a Transaction<'a>,
    path: &'a Path,
    next: i64,
    bands: Vec<(i64, i64)>,
    prints: Vec<(i64, i64)>,
    lines: HashMap<u64, i64>,
}

impl<'a> Writer<'a> {
    fn new(tx: &'a Transaction<'a>, path: &'a Path) -> Result<Self> {
        let next: i64 = tx
            .query_row("SELECT coalesce(max(doc), 0) + 1 FROM documents", [], |r| {
                r.get(0)
            })
            .map_err(db(path))?;
        Ok(Writer {
            tx,
            path,
            next,
            bands: Vec::new(),
            prints: Vec::new(),
            lines: HashMap::new(),
        })
    }

    fn insert(&mut self, s: &DocSketch, text: &str) -> Result<()> {
        let d = db(self.path);
        let prints = s.prints.set();
        let doc = self.next;
        self.next += 1;
        self.tx
            .prepare_cached(
                "INSERT INTO documents (doc, id, hash, tokens, bytes, empty, signature, keys, prints)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .map_err(&d)?
            .execute(params![
                doc,
                s.id,
                content_hash(text).as_slice(),
                s.tokens,
                text.len() as i64,
                s.empty,
                u32s(&s.signature),
                u64s(&s.keys),
                u32s(&prints),
            ])
            .map_err(&d)?;
        self.tx
            .prepare_cached("INSERT INTO texts (doc, text) VALUES (?1, ?2)")
            .map_err(&d)?
            .execute(params![doc, text])
            .map_err(&d)?;
        self.bands.extend(s.keys.iter().map(|&k| (k as i64, doc)));
        self.prints
            .extend(prints.iter().map(|&p| (i64::from(p), doc)));
        for &h in &s.lines {
            *self.lines.entry(h).or_default() += 1;
        }
        Ok(())
    }

    fn remove(&mut self, doc: i64) -> Result<()> {
        let d = db(self.path);
        let (id, keys, prints, text): (String, Vec<u8>, Vec<u8>, String) = self
            .tx
            .query_row(
                "SELECT d.id, d.keys, d.prints, t.text FROM documents d JOIN texts t USING (doc)
                 WHERE d.doc = ?1",
                [doc],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(&d)?;
        let bad = || {
            corrupt(
                self.path,
                format!("{id}: malformed band keys or fingerprints"),
            )
        };
        let keys = read_u64s(&keys).ok_or_else(bad)?;
        let prints = read_u32s(&prints).ok_or_else(bad)?;
        let mut del = self
            .tx
            .prepare_cached("DELETE FROM bands WHERE key = ?1 AND doc = ?2")
            .map_err(&d)?;
        for k in keys {
            del.execute(params![k as i64, doc]).map_err(&d)?;
        }
        let mut del = self
            .tx
            .prepare_cached("DELETE FROM prints WHERE print = ?1 AND doc = ?2")
            .map_err(&d)?;
        for p in prints {
            del.execute(params![i64::from(p), doc]).map_err(&d)?;
        }
        for h in text_lines(&id, &text) {
            *self.lines.entry(h).or_default() -= 1;
        }
        self.tx
            .execute("DELETE FROM texts WHERE doc = ?1", [doc])
            .map_err(&d)?;
        self.tx
            .execute("DELETE FROM documents WHERE doc = ?1", [doc])
            .map_err(&d)?;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        let d = db(self.path);
        self.bands.sort_unstable();
        let mut ins = self
            .tx
            .prepare("INSERT INTO bands (key, doc) VALUES (?1, ?2)")
            .map_err(&d)?;
        for &(k, doc) in &self.bands {
            ins.execute([k, doc]).map_err(&d)?;
        }
        self.prints.sort_unstable();
        let mut ins = self
            .tx
            .prepare("INSERT INTO prints (print, doc) VALUES (?1, ?2)")
            .map_err(&d)?;
        for &(p, doc) in &self.prints {
            ins.execute([p, doc]).map_err(&d)?;
        }
        let mut lines: Vec<(i64, i64)> = self
            .lines
            .iter()
            .filter(|&(_, &n)| n != 0)
            .map(|(&h, &n)| (h as i64, n))
            .collect();
        lines.sort_unstable();
        let mut up = self
            .tx
            .prepare(
                "INSERT INTO lines (hash, docs) VALUES (?1, ?2)
                 ON CONFLICT (hash) DO UPDATE SET docs = docs + excluded.docs",
            )
            .map_err(&d)?;
        let mut del = self
            .tx
            .prepare("DELETE FROM lines WHERE hash = ?1 AND docs <= 0")
            .map_err(&d)?;
        for &(h, n) in &lines {
            up.execute([h, n]).map_err(&d)?;
            if n < 0 {
                del.execute([h]).map_err(&d)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Quiet;
    use crate::hash::SplitMix64;

    /// `n` words of a seeded made-up language.
    fn words(seed: u64, n: usize) -> String {
        let mut r = SplitMix64::new(seed);
        let syll = [
            "ka", "lo", "mi", "ter", "sun", "bra", "vel", "dor", "ni", "pa", "ru", "ste",
        ];
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let x = r.next();
            let len = 1 + (x % 3) as usize;
            let w: String = (0..len)
                .map(|j| syll[((x >> (8 * (j + 1))) % syll.len() as u64) as usize])
                .collect();
            out.push(if i % 12 == 11 { format!("{w}.") } else { w });
        }
        out.join(" ")
    }

    fn archive() -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = (0..12)
            .map(|i| {
                (
                    format!("old-{i:02}"),
                    format!("Share this article\n{}\n", words(i, 180)),
                )
            })
            .collect();
        // An archived pair sharing a passage.
        let lifted = words(100, 60);
        v.push(("old-20".into(), format!("{}\n{lifted}\n", words(101, 120))));
        v.push(("old-21".into(), format!("{lifted}\n{}\n", words(102, 90))));
        v
    }

    fn fresh() -> Vec<(String, String)> {
        let base = archive();
        let mut light = base[3].1.clone();
        light = light.replacen("ka", "zo", 2);
        vec![
            // A light edit of an archived document: a near-duplicate.
            ("new-a".into(), light),
            // A passage of another lifted into a new text.
            (
                "new-b".into(),
                format!(
                    "{}\n{}\n",
                    words(200, 100),
                    &base[5].1[20..20 + 400].split_once(' ').unwrap().1
                ),
            ),
            // Unrelated.
            ("new-c".into(), words(300, 150)),
        ]
    }

    fn docs(v: &[(String, String)]) -> impl Iterator<Item = (String, Result<String>)> + '_ {
        v.iter().map(|(id, t)| (id.clone(), Ok(t.clone())))
    }

    fn scanner() -> Scanner {
        Scanner::new(ScanOptions::default()).unwrap()
    }

    fn full_scan(s: &Scanner, all: &[(String, String)]) -> ScanReport {
        let mut index = Index::new();
        scan::sketch_all(s, docs(all), &Quiet, |r| -> Result<()> {
            index.add(r.unwrap());
            Ok(())
        })
        .unwrap();
        index.finish(s, docs(all), &Quiet, None).unwrap()
    }

    /// Verified pairs and copied pairs (with their passages' offsets) that
    /// involve one of `ids`.
    fn findings(r: &ScanReport, ids: &[&str]) -> (Vec<String>, Vec<String>) {
        let hit = |a: &str, b: &str| ids.contains(&a) || ids.contains(&b);
        let mut dup: Vec<String> = r
            .clusters
            .iter()
            .flat_map(|c| &c.pairs)
            .filter(|p| hit(&p.a, &p.b))
            .map(|p| format!("{} {} {:.6}", p.a, p.b, p.jaccard))
            .collect();
        dup.sort();
        let mut copied: Vec<String> = r
            .copied
            .iter()
            .filter(|c| hit(&c.a, &c.b))
            .map(|c| {
                let spans: Vec<String> = c
                    .passages
                    .iter()
                    .map(|p| format!("{:?}{:?}", p.a.span(), p.b.span()))
                    .collect();
                format!("{} {} {:.6} {}", c.a, c.b, c.score, spans.join(","))
            })
            .collect();
        copied.sort();
        (dup, copied)
    }

    #[test]
    fn against_gives_the_findings_of_a_full_scan() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let s = scanner();
        let old = archive();
        let ch = Store::build(&path, &s, docs(&old), &Quiet).unwrap();
        assert_eq!((ch.documents, ch.added), (14, 14));
        let new = fresh();
        let store = Store::open(&path, &s).unwrap();
        let got = store.against(&s, docs(&new), &Quiet, None).unwrap();
        let mut all = old.clone();
        all.extend(new.iter().cloned());
        let want = full_scan(&s, &all);
        let ids = ["new-a", "new-b", "new-c"];
        let (gd, gc) = findings(&got, &ids);
        assert_eq!((gd.clone(), gc.clone()), findings(&want, &ids));
        assert_eq!(gd.len(), 1, "{gd:?}");
        assert_eq!(gc.len(), 1, "{gc:?}");
        // The archived pair is not reported again; stats say what was seen.
        assert!(got.copied.iter().all(|c| c.a != "old-20"));
        let st = got.against.unwrap();
        assert_eq!(
            (st.indexed, st.new, st.changed, st.unchanged),
            (14, 3, 0, 0)
        );
        // Boilerplate counts the whole corpus.
        assert_eq!(got.boilerplate.len(), 1);
        assert_eq!(got.boilerplate[0].documents, 13);
        assert_eq!(want.boilerplate[0].documents, 13);
        // Documents the index holds as they are are not checked again; a
        // changed one replaces its archived version.
        let mut again = vec![old[0].clone(), (old[1].0.clone(), new[0].1.clone())];
        again.push(old[3].clone());
        let r = store.against(&s, docs(&again), &Quiet, None).unwrap();
        let st = r.against.unwrap();
        assert_eq!((st.new, st.changed, st.unchanged), (0, 1, 2));
        // old-01 now holds a light edit of old-03.
        assert_eq!(r.clusters.len(), 1);
        assert_eq!(r.clusters[0].members.len(), 2);
    }

    #[test]
    fn update_adds_replaces_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let s = scanner();
        let mut v = archive();
        Store::build(&path, &s, docs(&v), &Quiet).unwrap();
        v.remove(0);
        v[0].1.push_str("One more line.\n");
        v.push(("zz-new".into(), words(999, 100)));
        let ch = Store::update(&path, &s, docs(&v), &Quiet).unwrap();
        assert_eq!(
            (
                ch.documents,
                ch.added,
                ch.replaced,
                ch.removed,
                ch.unchanged
            ),
            (14, 1, 1, 1, 12)
        );
        let ver = Store::verify(&path).unwrap();
        assert_eq!(ver.documents, 14);
        // The index now equals a fresh build of the same documents.
        let fresh_path = dir.path().join("fresh.db");
        Store::build(&fresh_path, &s, docs(&v), &Quiet).unwrap();
        let f = Store::verify(&fresh_path).unwrap();
        assert_eq!(
            (ver.bands, ver.prints, ver.lines),
            (f.bands, f.prints, f.lines)
        );
        let line_counts = |p: &Path| -> Vec<(i64, i64)> {
            let c = Connection::open(p).unwrap();
            let mut st = c
                .prepare("SELECT hash, docs FROM lines ORDER BY hash")
                .unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(|x| x.unwrap())
                .collect()
        };
        assert_eq!(line_counts(&path), line_counts(&fresh_path));
        // Nothing changed: nothing to do.
        let ch = Store::update(&path, &s, docs(&v), &Quiet).unwrap();
        assert_eq!(
            (ch.added, ch.replaced, ch.removed, ch.unchanged),
            (0, 0, 0, 14)
        );
        // A document that cannot be read keeps its archived version.
        let unreadable = docs(&v).enumerate().map(|(i, (id, t))| {
            if i == 0 {
                (id, Err(Error::Usage("cannot read it".into())))
            } else {
                (id, t)
            }
        });
        let ch = Store::update(&path, &s, unreadable, &Quiet).unwrap();
        assert_eq!((ch.documents, ch.removed, ch.unchanged), (14, 0, 13));
        assert_eq!(ch.failures.len(), 1);
        assert_eq!(ch.failures[0].id, v[0].0);
    }

    #[test]
    fn an_interrupted_update_leaves_the_index_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let s = scanner();
        let v = archive();
        Store::build(&path, &s, docs(&v), &Quiet).unwrap();
        let before = std::fs::read(&path).unwrap();
        let more: Vec<(String, String)> = (0..3000)
            .map(|i| (format!("x{i:05}"), words(5000 + i, 40)))
            .collect();
        let result = std::panic::catch_unwind(|| {
            let poisoned = docs(&more).enumerate().map(|(i, d)| {
                assert!(i < 2500, "interrupted");
                d
            });
            Store::update(&path, &s, poisoned, &Quiet)
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(Store::verify(&path).unwrap().documents, 14);
        // A failed build leaves the old file too.
        let failed = std::panic::catch_unwind(|| {
            let poisoned = docs(&more).enumerate().map(|(i, d)| {
                assert!(i < 1500, "interrupted");
                d
            });
            Store::build(&path, &s, poisoned, &Quiet)
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn damaged_and_foreign_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.db");
        let s = scanner();
        Store::build(&path, &s, docs(&archive()), &Quiet).unwrap();
        let good = std::fs::read(&path).unwrap();
        let msg = |p: &Path| Store::open(p, &s).unwrap_err().to_string();

        let p = dir.path().join("truncated.db");
        std::fs::write(&p, &good[..good.len() / 2]).unwrap();
        assert!(msg(&p).contains("corrupt"), "{}", msg(&p));
        std::fs::write(&p, &good[..good.len() - 100]).unwrap();
        assert!(msg(&p).contains("truncated"), "{}", msg(&p));

        let p = dir.path().join("scribbled.db");
        let mut bad = good.clone();
        let mut r = SplitMix64::new(7);
        let mid = bad.len() / 2;
        for b in &mut bad[mid..mid + 8192] {
            *b = r.next() as u8;
        }
        std::fs::write(&p, &bad).unwrap();
        assert!(msg(&p).contains("corrupt"), "{}", msg(&p));
        assert!(Store::verify(&p).is_err());

        let p = dir.path().join("text.db");
        std::fs::write(&p, "just some text\n").unwrap();
        assert!(msg(&p).contains("not an SQLite database"), "{}", msg(&p));
        std::fs::write(&p, "").unwrap();
        assert!(msg(&p).contains("empty file"), "{}", msg(&p));

        let p = dir.path().join("other.db");
        Connection::open(&p)
            .unwrap()
            .execute_batch("CREATE TABLE t (x INTEGER)")
            .unwrap();
        assert!(msg(&p).contains("meta table"), "{}", msg(&p));

        let p = dir.path().join("newer.db");
        std::fs::write(&p, &good).unwrap();
        Connection::open(&p)
            .unwrap()
            .execute(
                "UPDATE meta SET value = ?1 WHERE key = 'version'",
                [(VERSION + 1).to_string()],
            )
            .unwrap();
        assert!(msg(&p).contains("newer neardup"), "{}", msg(&p));

        let other = Scanner::new(ScanOptions {
            sketch: SketchParams {
                shingle: 4,
                ..SketchParams::default()
            },
            ..ScanOptions::default()
        })
        .unwrap();
        let e = Store::open(&path, &other).unwrap_err().to_string();
        assert!(e.contains("--shingle 5, this run uses 4"), "{e}");
        let other = Scanner::new(ScanOptions {
            threshold: 0.5,
            ..ScanOptions::default()
        })
        .unwrap();
        let e = Store::open(&path, &other).unwrap_err().to_string();
        assert!(e.contains("--threshold 0.8, this run uses 0.5"), "{e}");

        // A text changed behind the index's back.
        let p = dir.path().join("edited.db");
        std::fs::write(&p, &good).unwrap();
        Connection::open(&p)
            .unwrap()
            .execute("UPDATE texts SET text = 'changed' WHERE doc = 1", [])
            .unwrap();
        assert!(msg(&p).contains("content hash"), "{}", msg(&p));
    }
}
