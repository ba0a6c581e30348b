//! Sketch shards as Parquet tables, for the band join on Apache Spark
//! (`spark/neardup_lsh.py`), and the candidate pairs that job finds, read
//! back for exact verification (`neardup scan INPUT... --candidates DIR`).
//!
//! The JSON Lines shards of [`super::shard`] hold everything a scan needs;
//! a Parquet shard holds the part of it that a cluster needs for the band
//! join, in tables Spark reads natively. Its parameters are the same
//! [`Header`] as a JSON Lines shard's, so both formats are checked alike.
//!
//! # A shard (`neardup sketch INPUT... --format parquet -o DIR`)
//!
//! ```text
//! DIR/params.json                   the shard header (one JSON line)
//! DIR/bands/part-00000.parquet      doc_id int64, band int32, band_key int64
//! DIR/documents/part-00000.parquet  doc_id int64, source string,
//!                                   length int64, content_hash int64
//! ```
//!
//! * `params.json` is a [`Header`], the first line of a JSON Lines shard:
//!   format and version, the full [`SketchParams`](crate::sketch::SketchParams)
//!   (permutations, seed, shingle size, hash version, text options), the
//!   threshold and the banding (`bands × rows`) of the band keys, the
//!   winnowing window and the longest hashed line. Every later step checks
//!   it: the Spark job refuses shards whose headers differ, and
//!   `scan --candidates` refuses a run whose header does not match its own
//!   parameters.
//! * `bands` has one row per band of every document that has shingles
//!   (documents without shingles have no band keys and are never
//!   candidates): `band` counts from 0, `band_key` is
//!   [`crate::index::band_keys`]'s key, its 64 bits read as a signed
//!   integer.
//! * `documents` has one row per document: its `source` (the id a scan
//!   reports it by), `length` in tokens and `content_hash`, the xxh3-64
//!   hash (seed 0) of its text as read (decoded to UTF-8, before HTML
//!   extraction), read as a signed integer.
//!
//! Tables are Snappy-compressed, in row groups of [`ROW_GROUP_DOCS`]
//! documents. The directory is written next to `DIR` under a temporary name
//! and renamed into place at the end, so a failed run leaves no half shard;
//! an existing `DIR` that is not empty is refused.
//!
//! # Document ids
//!
//! `doc_id` is [`doc_id`]: the xxh3-64 hash, seeded with [`DOC_ID_SEED`], of
//! the document's id as a scan reports it (the path as given on the command
//! line, joined to the file's place in a walked folder; for JSON Lines the
//! `--id-field` value, or `FILE:LINE` when that field is missing), its bits
//! read as a signed 64-bit integer. It depends on nothing but that id, so
//! shards sketched on different machines merge without coordination as
//! long as the ids are distinct, which a scan of all the documents together
//! requires anyway (give each machine's folder a distinct path, or
//! distinct JSON Lines ids). Two different ids share a `doc_id` with
//! probability about `n² / 2⁶⁵` (3% at a billion documents): the writer
//! refuses a repeated `doc_id` within a shard, the Spark job stops on one
//! across shards, naming both sources, and `scan --candidates` refuses one
//! among the documents it reads.
//!
//! # The Spark job's output (`spark-submit spark/neardup_lsh.py OUT SHARD...`)
//!
//! ```text
//! OUT/run/part-*.txt            one JSON line: the run record (RunInfo)
//! OUT/pairs/*.parquet           a int64, b int64       (a < b, distinct)
//! OUT/components/*.parquet      doc_id int64, component int64
//! ```
//!
//! `pairs` are the candidate pairs of the band join, with exactly the
//! bucket cap of [`crate::index::candidates`] (a bucket of more than
//! `max_bucket` documents pairs its first document, by id, with each other
//! one). [`read_run`] and [`read_pairs`] read the run record and the pairs,
//! checking the record's shard header against the scan's parameters and
//! the number of pairs against the record.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::column::reader::get_typed_column_reader;
use parquet::data_type::{ByteArray, ByteArrayType, DataType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::FileReader;
use parquet::file::serialized_reader::SerializedFileReader;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::shard::{self, Header};
use super::{DocSketch, Scanner};
use crate::engine::Observer;
use crate::error::{Error, Result};
use crate::index::{CandidateStats, Candidates};
use crate::report::scan::FailedDocument;

/// Seed of [`doc_id`] (`"ndupdid1"`).
pub const DOC_ID_SEED: u64 = 0x6e64_7570_6469_6431;
/// Documents per row group of a shard's tables.
pub const ROW_GROUP_DOCS: usize = 1 << 16;
/// `format` of the Spark job's run record.
pub const RUN_FORMAT: &str = "neardup-candidates";
/// Version of the Spark job's output this build reads.
pub const RUN_VERSION: u32 = 1;

/// Schema of a shard's `bands` table.
const BANDS_SCHEMA: &str = "message bands {
    required int64 doc_id;
    required int32 band;
    required int64 band_key;
}";
/// Schema of a shard's `documents` table.
const DOCUMENTS_SCHEMA: &str = "message documents {
    required int64 doc_id;
    required binary source (STRING);
    required int64 length;
    required int64 content_hash;
}";

/// The global id of the document a scan knows as `id` (see the
/// [module docs](self)).
pub fn doc_id(id: &str) -> i64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(id.as_bytes(), DOC_ID_SEED) as i64
}

/// The `content_hash` of a document's text.
pub fn content_hash(text: &str) -> i64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes()) as i64
}

fn table_error(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Table {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Counts of a written shard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShardSummary {
    /// Rows of the `documents` table.
    pub documents: u64,
    /// Rows of the `bands` table.
    pub band_rows: u64,
    /// Documents without shingles (no band rows).
    pub empty: u64,
}

/// Rows waiting for the next row group.
#[derive(Debug, Default)]
struct Rows {
    band_doc: Vec<i64>,
    band: Vec<i32>,
    band_key: Vec<i64>,
    doc: Vec<i64>,
    source: Vec<ByteArray>,
    length: Vec<i64>,
    hash: Vec<i64>,
}

/// Writes one Parquet shard directory (see the [module docs](self)).
pub struct ShardWriter {
    dir: PathBuf,
    tmp: Option<PathBuf>,
    header: Header,
    bands: Option<SerializedFileWriter<BufWriter<File>>>,
    documents: Option<SerializedFileWriter<BufWriter<File>>>,
    rows: Rows,
    seen: FxHashSet<i64>,
    summary: ShardSummary,
}

impl std::fmt::Debug for ShardWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShardWriter")
            .field("dir", &self.dir)
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

fn table_writer(
    path: &Path,
    schema: &str,
    plain: &[&str],
) -> Result<SerializedFileWriter<BufWriter<File>>> {
    let schema = Arc::new(parse_message_type(schema).map_err(|e| table_error(path, e))?);
    let mut props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("neardup {}", env!("CARGO_PKG_VERSION")));
    // Hashes are all distinct: a dictionary only costs time.
    for c in plain {
        props = props.set_column_dictionary_enabled(ColumnPath::from(*c), false);
    }
    let file = File::create(path).map_err(|e| io_error(path, e))?;
    SerializedFileWriter::new(BufWriter::new(file), schema, Arc::new(props.build()))
        .map_err(|e| table_error(path, e))
}

impl ShardWriter {
    /// Start a shard for `dir` with `header`. The tables are written under
    /// a temporary name next to `dir`.
    ///
    /// # Errors
    ///
    /// `dir` exists and is not an empty directory, or cannot be created.
    pub fn create(dir: &Path, header: Header) -> Result<Self> {
        refuse_occupied(dir)?;
        let name = dir
            .file_name()
            .ok_or_else(|| table_error(dir, "not a directory name"))?
            .to_string_lossy()
            .into_owned();
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| io_error(&tmp, e))?;
        }
        for sub in ["bands", "documents"] {
            let d = tmp.join(sub);
            fs::create_dir_all(&d).map_err(|e| io_error(&d, e))?;
        }
        let mut w = ShardWriter {
            dir: dir.to_path_buf(),
            tmp: Some(tmp.clone()),
            header,
            bands: None,
            documents: None,
            rows: Rows::default(),
            seen: FxHashSet::default(),
            summary: ShardSummary::default(),
        };
        w.bands = Some(table_writer(
            &tmp.join("bands/part-00000.parquet"),
            BANDS_SCHEMA,
            &["band_key"],
        )?);
        w.documents = Some(table_writer(
            &tmp.join("documents/part-00000.parquet"),
            DOCUMENTS_SCHEMA,
            &["doc_id", "source", "content_hash"],
        )?);
        Ok(w)
    }

    /// Add one document's sketch, with the [`content_hash`] of its text.
    /// Returns `false`, and adds nothing, when its `doc_id` is already in
    /// the shard (a repeated id, or two ids with one hash).
    ///
    /// # Errors
    ///
    /// Writing failed.
    pub fn add(&mut self, s: &DocSketch, content_hash: i64) -> Result<bool> {
        let id = doc_id(&s.id);
        if !self.seen.insert(id) {
            return Ok(false);
        }
        let r = &mut self.rows;
        for (band, &key) in s.keys.iter().enumerate() {
            r.band_doc.push(id);
            r.band.push(band as i32);
            r.band_key.push(key as i64);
        }
        r.doc.push(id);
        r.source.push(ByteArray::from(s.id.as_str()));
        r.length.push(i64::from(s.tokens));
        r.hash.push(content_hash);
        self.summary.documents += 1;
        self.summary.band_rows += s.keys.len() as u64;
        self.summary.empty += u64::from(s.keys.is_empty());
        if r.doc.len() >= ROW_GROUP_DOCS {
            self.flush()?;
        }
        Ok(true)
    }

    /// Write the buffered rows as one row group of each table.
    fn flush(&mut self) -> Result<()> {
        if self.rows.doc.is_empty() {
            return Ok(());
        }
        let tmp = self.tmp.clone().unwrap_or_default();
        let rows = std::mem::take(&mut self.rows);
        if let Some(w) = self.bands.as_mut() {
            let path = tmp.join("bands");
            let bad = |e| table_error(&path, e);
            let mut g = w.next_row_group().map_err(bad)?;
            write_column::<Int64Type>(&mut g, &rows.band_doc).map_err(bad)?;
            write_column::<Int32Type>(&mut g, &rows.band).map_err(bad)?;
            write_column::<Int64Type>(&mut g, &rows.band_key).map_err(bad)?;
            g.close().map_err(bad)?;
        }
        if let Some(w) = self.documents.as_mut() {
            let path = tmp.join("documents");
            let bad = |e| table_error(&path, e);
            let mut g = w.next_row_group().map_err(bad)?;
            write_column::<Int64Type>(&mut g, &rows.doc).map_err(bad)?;
            write_column::<ByteArrayType>(&mut g, &rows.source).map_err(bad)?;
            write_column::<Int64Type>(&mut g, &rows.length).map_err(bad)?;
            write_column::<Int64Type>(&mut g, &rows.hash).map_err(bad)?;
            g.close().map_err(bad)?;
        }
        Ok(())
    }

    /// Write the last rows and the parameters, and move the shard into
    /// place.
    ///
    /// # Errors
    ///
    /// Writing or renaming failed, or `dir` was filled meanwhile.
    pub fn finish(mut self) -> Result<ShardSummary> {
        self.flush()?;
        let tmp = self.tmp.clone().unwrap_or_default();
        for (w, sub) in [
            (self.bands.take(), "bands"),
            (self.documents.take(), "documents"),
        ] {
            let path = tmp.join(sub);
            if let Some(w) = w {
                let file = w
                    .into_inner()
                    .map_err(|e| table_error(&path, e))?
                    .into_inner()
                    .map_err(|e| io_error(&path, e.into_error()))?;
                file.sync_all().map_err(|e| io_error(&path, e))?;
            }
        }
        let params = tmp.join("params.json");
        let mut json = serde_json::to_vec(&self.header).map_err(|e| table_error(&params, e))?;
        json.push(b'\n');
        fs::write(&params, json).map_err(|e| io_error(&params, e))?;
        refuse_occupied(&self.dir)?;
        if self.dir.is_dir() {
            fs::remove_dir(&self.dir).map_err(|e| io_error(&self.dir, e))?;
        }
        fs::rename(&tmp, &self.dir).map_err(|e| io_error(&self.dir, e))?;
        self.tmp = None;
        Ok(self.summary)
    }
}

impl Drop for ShardWriter {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            // A shard that was not finished leaves nothing behind.
            drop(self.bands.take());
            drop(self.documents.take());
            let _ = fs::remove_dir_all(tmp);
        }
    }
}

fn refuse_occupied(dir: &Path) -> Result<()> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(table_error(
                    dir,
                    "exists and is not empty; a shard is written to a new directory",
                ));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if dir.exists() && !dir.is_dir() => Err(table_error(
            dir,
            format!("is not a directory ({e}); a shard is a directory"),
        )),
        Err(e) => Err(io_error(dir, e)),
    }
}

fn write_column<T: DataType>(
    g: &mut parquet::file::writer::SerializedRowGroupWriter<'_, BufWriter<File>>,
    values: &[T::T],
) -> parquet::errors::Result<()> {
    let mut col = g
        .next_column()?
        .ok_or_else(|| parquet::errors::ParquetError::General("too few columns".into()))?;
    col.typed::<T>().write_batch(values, None, None)?;
    col.close()
}

/// Sketch `docs` into a new Parquet shard at `dir` (see the
/// [module docs](self)), sending each document that fails (or repeats an
/// id) to `fail`.
///
/// # Errors
///
/// The shard cannot be written.
pub fn write_shard(
    scanner: &Scanner,
    docs: impl Iterator<Item = (String, Result<String>)>,
    observer: &dyn Observer,
    dir: &Path,
    mut fail: impl FnMut(FailedDocument),
) -> Result<ShardSummary> {
    let mut writer = ShardWriter::create(dir, shard::header(scanner))?;
    // Content hashes of the texts as read, in input order: `sketch_all`
    // hands back one result per document in that order.
    let hashes = std::cell::RefCell::new(std::collections::VecDeque::new());
    let docs = docs.map(|(id, text)| {
        let h = text.as_deref().map(content_hash).unwrap_or(0);
        hashes.borrow_mut().push_back(h);
        (id, text)
    });
    super::sketch_all(scanner, docs, observer, |r| -> Result<()> {
        let h = hashes.borrow_mut().pop_front().unwrap_or(0);
        match r {
            Ok(s) => {
                if !writer.add(&s, h)? {
                    fail(FailedDocument {
                        error: format!(
                            "{}: the id appears more than once (or its doc_id collides with \
                             an earlier document's); only the first is in the shard",
                            s.id
                        ),
                        id: s.id,
                    });
                }
            }
            Err(f) => fail(f),
        }
        Ok(())
    })?;
    writer.finish()
}

/// A shard's `bands` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandRow {
    /// [`doc_id`] of the document.
    pub doc_id: i64,
    /// Band number, from 0.
    pub band: i32,
    /// Its key, as a signed integer.
    pub band_key: i64,
}

/// A shard's `documents` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    /// [`doc_id`] of `source`.
    pub doc_id: i64,
    /// The document's id.
    pub source: String,
    /// Its length in tokens.
    pub length: i64,
    /// [`content_hash`] of its text.
    pub content_hash: i64,
}

/// Read a shard's parameters.
///
/// # Errors
///
/// A missing or malformed `params.json`.
pub fn read_params(dir: &Path) -> Result<Header> {
    let path = dir.join("params.json");
    let text = fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
    serde_json::from_str(text.trim()).map_err(|e| table_error(&path, format!("bad header: {e}")))
}

/// Read every row of a shard's `bands` table, in file order.
///
/// # Errors
///
/// A missing or malformed table.
pub fn read_bands(dir: &Path) -> Result<Vec<BandRow>> {
    let mut out = Vec::new();
    for path in parquet_files(&dir.join("bands"))? {
        let r = open(&path)?;
        let ids = read_column::<Int64Type>(&r, &path, "doc_id")?;
        let bands = read_column::<Int32Type>(&r, &path, "band")?;
        let keys = read_column::<Int64Type>(&r, &path, "band_key")?;
        out.extend(
            ids.into_iter()
                .zip(bands)
                .zip(keys)
                .map(|((doc_id, band), band_key)| BandRow {
                    doc_id,
                    band,
                    band_key,
                }),
        );
    }
    Ok(out)
}

/// Read every row of a shard's `documents` table, in file order.
///
/// # Errors
///
/// A missing or malformed table, or a source that is not UTF-8.
pub fn read_documents(dir: &Path) -> Result<Vec<DocumentRow>> {
    let mut out = Vec::new();
    for path in parquet_files(&dir.join("documents"))? {
        let r = open(&path)?;
        let ids = read_column::<Int64Type>(&r, &path, "doc_id")?;
        let sources = read_column::<ByteArrayType>(&r, &path, "source")?;
        let lengths = read_column::<Int64Type>(&r, &path, "length")?;
        let hashes = read_column::<Int64Type>(&r, &path, "content_hash")?;
        for (((doc_id, source), length), content_hash) in
            ids.into_iter().zip(sources).zip(lengths).zip(hashes)
        {
            let source = String::from_utf8(source.data().to_vec())
                .map_err(|_| table_error(&path, "a source is not UTF-8"))?;
            out.push(DocumentRow {
                doc_id,
                source,
                length,
                content_hash,
            });
        }
    }
    Ok(out)
}

/// The Parquet files of a table directory, by name: `*.parquet`, or Spark's
/// `part-*` files; hidden files, `_SUCCESS` and checksums are skipped.
fn parquet_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut files = Vec::new();
    for e in entries {
        let e = e.map_err(|e| io_error(dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') || name.ends_with(".crc") {
            continue;
        }
        if name.ends_with(".parquet") || name.starts_with("part-") {
            files.push(e.path());
        }
    }
    files.sort();
    Ok(files)
}

fn open(path: &Path) -> Result<SerializedFileReader<File>> {
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    SerializedFileReader::new(file)
        .map_err(|e| table_error(path, format!("not a readable Parquet file: {e}")))
}

/// The values of the flat, non-null column `name` of every row group.
fn read_column<T: DataType>(
    r: &SerializedFileReader<File>,
    path: &Path,
    name: &str,
) -> Result<Vec<T::T>> {
    let schema = r.metadata().file_metadata().schema_descr();
    let Some(i) = schema.columns().iter().position(|c| c.name() == name) else {
        return Err(table_error(path, format!("no column `{name}`")));
    };
    let c = schema.column(i);
    if c.physical_type() != T::get_physical_type() || c.max_rep_level() != 0 {
        return Err(table_error(
            path,
            format!(
                "column `{name}` is {}, expected a flat {}",
                c.physical_type(),
                T::get_physical_type()
            ),
        ));
    }
    let bad = |e: parquet::errors::ParquetError| table_error(path, e);
    let mut out = Vec::new();
    for g in 0..r.num_row_groups() {
        let group = r.get_row_group(g).map_err(bad)?;
        let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        let reader = group.get_column_reader(i).map_err(bad)?;
        let mut typed = get_typed_column_reader::<T>(reader);
        let mut values = Vec::with_capacity(rows);
        let mut defs = Vec::with_capacity(rows);
        let mut records = 0;
        loop {
            let (n, _, _) = typed
                .read_records(rows.max(1), Some(&mut defs), None, &mut values)
                .map_err(bad)?;
            if n == 0 {
                break;
            }
            records += n;
        }
        if values.len() != records || records != rows {
            return Err(table_error(
                path,
                format!("column `{name}` has null or missing values"),
            ));
        }
        out.extend(values);
    }
    Ok(out)
}

/// The Spark job's record of one run (`OUT/run/`): what it read, the
/// parameters it checked, and the counts it reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Always [`RUN_FORMAT`].
    pub format: String,
    /// Always [`RUN_VERSION`].
    pub version: u32,
    /// The header every shard had.
    pub sketch: Header,
    /// Shards read.
    pub shards: u64,
    /// Documents in the shards.
    pub documents: u64,
    /// Rows of the band tables.
    pub band_rows: u64,
    /// The bucket cap (document-frequency cap of a band key).
    pub max_bucket: u64,
    /// Buckets with at least two documents.
    pub buckets: u64,
    /// Of those, the buckets over the cap, made into stars.
    pub capped_buckets: u64,
    /// Documents of the largest bucket.
    pub largest_bucket: u64,
    /// Distinct candidate pairs written to `pairs`.
    pub pairs: u64,
    /// Connected components of the candidate graph (`components`).
    pub components: u64,
    /// Rounds of the connected-components loop.
    pub iterations: u64,
}

impl RunInfo {
    /// Check the run's shard header against the scan's parameters: the
    /// same checks as a JSON Lines shard's, and the same banding (the band
    /// keys were computed for it).
    ///
    /// # Errors
    ///
    /// [`Error::Table`] naming `dir` and the difference.
    pub fn check(&self, dir: &Path, scanner: &Scanner) -> Result<()> {
        let path = run_dir(dir);
        shard::check_header(&self.sketch, scanner).map_err(|m| table_error(&path, m))?;
        let (ours, theirs) = (scanner.lsh(), self.sketch.lsh);
        if ours != theirs {
            return Err(table_error(
                &path,
                format!(
                    "the shards were banded {}x{} (for --threshold {}), this scan bands \
                     {}x{}; scan with --threshold {} or sketch again",
                    theirs.bands,
                    theirs.rows,
                    self.sketch.threshold,
                    ours.bands,
                    ours.rows,
                    self.sketch.threshold
                ),
            ));
        }
        Ok(())
    }
}

fn run_dir(dir: &Path) -> PathBuf {
    dir.join("run")
}

/// Read the run record of the Spark job's output directory `dir`.
///
/// # Errors
///
/// A missing, empty or malformed record, another format or version.
pub fn read_run(dir: &Path) -> Result<RunInfo> {
    let run = run_dir(dir);
    if !dir.is_dir() {
        return Err(table_error(
            dir,
            "not a directory of the Spark job's output (spark/neardup_lsh.py)",
        ));
    }
    let files = match fs::read_dir(&run) {
        Ok(entries) => {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with("part-"))
                .filter(|e| !e.file_name().to_string_lossy().ends_with(".crc"))
                .map(|e| e.path())
                .collect();
            files.sort();
            files
        }
        Err(_) => Vec::new(),
    };
    let mut lines = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).map_err(|e| io_error(f, e))?;
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| (f.clone(), l.to_string())),
        );
    }
    let (file, line) = match lines.as_slice() {
        [one] => one,
        [] => {
            return Err(table_error(
                &run,
                "no run record: the Spark job did not finish, or this is not its output",
            ));
        }
        _ => return Err(table_error(&run, "more than one run record")),
    };
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| table_error(file, format!("not a run record: {e}")))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(RUN_FORMAT) {
        return Err(table_error(
            file,
            format!("not a run record (no \"format\": \"{RUN_FORMAT}\")"),
        ));
    }
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(RUN_VERSION) => {}
        v => {
            return Err(table_error(
                file,
                format!(
                    "run record version {}; this build reads version {RUN_VERSION}",
                    v.map_or("missing".into(), |v| v.to_string())
                ),
            ));
        }
    }
    serde_json::from_value(value).map_err(|e| table_error(file, format!("bad run record: {e}")))
}

/// Candidate pairs found outside this process (by the Spark job), for
/// [`super::Index::use_candidates`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalCandidates {
    /// Where they were read (named in errors).
    pub source: PathBuf,
    /// Pairs of [`doc_id`]s.
    pub pairs: Vec<(i64, i64)>,
    /// Buckets over the cap, as the band join reported them.
    pub capped_buckets: u64,
}

/// Read the candidate pairs of the Spark job's output directory `dir`,
/// whose run record is `run`.
///
/// # Errors
///
/// A missing or malformed table, or fewer or more pairs than the record
/// says.
pub fn read_pairs(dir: &Path, run: &RunInfo) -> Result<ExternalCandidates> {
    let pairs_dir = dir.join("pairs");
    let mut pairs = Vec::new();
    for path in parquet_files(&pairs_dir)? {
        let r = open(&path)?;
        let a = read_column::<Int64Type>(&r, &path, "a")?;
        let b = read_column::<Int64Type>(&r, &path, "b")?;
        pairs.extend(a.into_iter().zip(b));
    }
    if pairs.len() as u64 != run.pairs {
        return Err(table_error(
            &pairs_dir,
            format!(
                "{} pairs, but the run record says {}",
                pairs.len(),
                run.pairs
            ),
        ));
    }
    Ok(ExternalCandidates {
        source: pairs_dir,
        pairs,
        capped_buckets: run.capped_buckets,
    })
}

impl ExternalCandidates {
    /// The pairs as document numbers: `ids` are the scan's documents in
    /// number order, `failed` the ids of documents that failed (pairs
    /// naming them are dropped, as a local scan never pairs them).
    ///
    /// # Errors
    ///
    /// Two documents with one `doc_id`, a pair of a document with itself,
    /// or a pair naming a document that is not among `ids`.
    pub fn resolve(&self, ids: &[&str], failed: &[&str]) -> Result<Candidates> {
        let bad = |m: String| table_error(&self.source, m);
        let mut number: Vec<(i64, u32)> = ids
            .iter()
            .enumerate()
            .map(|(d, id)| (doc_id(id), d as u32))
            .collect();
        number.sort_unstable();
        for w in number.windows(2) {
            if w[0].0 == w[1].0 {
                return Err(bad(format!(
                    "{} and {} have the same doc_id {}; give one of them another id",
                    ids[w[0].1 as usize], ids[w[1].1 as usize], w[0].0
                )));
            }
        }
        let mut gone: Vec<i64> = failed.iter().map(|id| doc_id(id)).collect();
        gone.sort_unstable();
        let find = |x: i64| {
            number
                .binary_search_by_key(&x, |p| p.0)
                .ok()
                .map(|i| number[i].1)
        };
        let mut pairs = Vec::with_capacity(self.pairs.len());
        for &(a, b) in &self.pairs {
            if a == b {
                return Err(bad(format!("pair ({a}, {b}) joins a document to itself")));
            }
            match (find(a), find(b)) {
                (Some(x), Some(y)) => pairs.push((x.min(y), x.max(y))),
                (x, _) => {
                    let missing = if x.is_none() { a } else { b };
                    if gone.binary_search(&missing).is_err() {
                        return Err(bad(format!(
                            "pair ({a}, {b}) names doc_id {missing}, which is not among the \
                             documents scanned; scan the documents that were sketched"
                        )));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        Ok(Candidates {
            stats: CandidateStats {
                pairs: pairs.len() as u64,
                capped_buckets: self.capped_buckets,
                ..CandidateStats::default()
            },
            pairs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_are_stable() {
        // Pinned: shards from other builds and machines must agree.
        assert_eq!(doc_id("doc-0000001"), doc_id("doc-0000001"));
        assert_ne!(doc_id("a/one.txt"), doc_id("b/one.txt"));
        assert_eq!(
            doc_id("doc-0000001"),
            xxhash_rust::xxh3::xxh3_64_with_seed(b"doc-0000001", DOC_ID_SEED) as i64
        );
    }

    #[test]
    fn resolve_orients_sorts_and_checks() {
        let ids = ["a", "b", "c"];
        let ext = ExternalCandidates {
            source: PathBuf::from("out/pairs"),
            pairs: vec![(doc_id("c"), doc_id("a")), (doc_id("b"), doc_id("a"))],
            capped_buckets: 2,
        };
        let c = ext.resolve(&ids, &[]).unwrap();
        assert_eq!(c.pairs, [(0, 1), (0, 2)]);
        assert_eq!(c.stats.pairs, 2);
        assert_eq!(c.stats.capped_buckets, 2);
        // A pair naming a failed document is dropped; an unknown one is an
        // error naming the directory.
        let ext = ExternalCandidates {
            pairs: vec![(doc_id("a"), doc_id("gone")), (doc_id("a"), doc_id("b"))],
            ..ext
        };
        assert_eq!(ext.resolve(&ids, &["gone"]).unwrap().pairs, [(0, 1)]);
        let e = ext.resolve(&ids, &[]).unwrap_err().to_string();
        assert!(e.starts_with("out/pairs: pair"), "{e}");
        let selfish = ExternalCandidates {
            pairs: vec![(doc_id("a"), doc_id("a"))],
            ..ext
        };
        assert!(selfish.resolve(&ids, &[]).is_err());
    }
}
