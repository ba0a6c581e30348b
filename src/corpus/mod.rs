//! The input edge: files, directories, standard input and JSON Lines →
//! documents, with every way input can be bad turned into a clear [`Error`]
//! naming the input.
//!
//! # What a document is
//!
//! A document is one text with an id:
//!
//! * a file named on the command line (its id is the path as given);
//! * every regular file found by walking a directory named on the command
//!   line (its id is the walked path, `DIR/sub/file.txt`);
//! * standard input, named `-` (id `-`), read once;
//! * one line of a JSON Lines input ([`Input::Jsonl`]): a JSON object whose
//!   id and text come from two fields ([`SourceOptions::id_field`],
//!   [`SourceOptions::text_field`]); a line without an id gets `FILE:LINE`.
//!
//! Ids come from [`display_path`], which is faithful for paths that are not
//! UTF-8. [`documents`] yields one [`Entry`] per document, or per failure in
//! its place: a document that cannot be read (missing, unreadable, binary,
//! not valid in its encoding, empty, too large, a bad JSONL line) is an
//! error entry with an id, and the run goes on. So is a walk error: an
//! unreadable directory, a followed symlink loop, or an ignore file with a
//! line that does not parse (its other lines still apply). Only mistakes in the request itself fail up front: standard
//! input named twice, a glob that does not parse, a `max_bytes` over the
//! limit.
//!
//! # Order
//!
//! Deterministic: inputs in the order given; inside a directory, entries in
//! path order (each directory's entries sorted by file name, depth first);
//! JSON Lines in line order. Nothing is deduplicated: a file named twice, or
//! named and also found by a walk, is two documents.
//!
//! # Walking
//!
//! Directory walks use the [`ignore`] crate (ripgrep's walker), so they
//! behave as people expect from ripgrep: `.gitignore` (also outside a git
//! repository), `.ignore`, `.git/info/exclude` and the global git excludes
//! are honoured unless [`SourceOptions::no_ignore`]; hidden files and
//! directories are skipped unless [`SourceOptions::hidden`]; symlinks found
//! while walking are skipped unless [`SourceOptions::follow_links`] (a
//! followed symlink loop is an error entry). [`SourceOptions::globs`] are
//! gitignore-style include globs (`!pat` excludes), matched relative to the
//! walked directory; they filter walked files only, never a file named
//! explicitly. Sockets, FIFOs and devices met while walking are skipped.
//!
//! # Bytes to text
//!
//! A file is binary when NUL bytes make up more than 1% of it (NUL 16-bit
//! units for UTF-16): executables, images and archives are full of them,
//! while text scraped or converted from other formats sometimes carries a
//! stray one, which is kept (it is not part of any word). That rule runs
//! before any decoding. Then:
//!
//! * a byte-order mark decides: UTF-8 with a BOM is UTF-8 (the BOM stays in
//!   the text), UTF-16LE/BE with a BOM are decoded (the BOM is dropped);
//! * otherwise [`SourceOptions::encoding`]: strict UTF-8 by default, whose
//!   error names the `--encoding` option; a WHATWG label decoded with
//!   [`encoding_rs`] (the decoder browsers use); or `auto`, which keeps
//!   valid UTF-8 and otherwise asks [`chardetng`] (Firefox's detector) for
//!   the most likely legacy encoding.
//!
//! Decoding is strict: a sequence that is not valid in the chosen encoding
//! is an error naming its byte offset, never a silent U+FFFD. JSON Lines
//! are always UTF-8 (as JSON is); the encoding option applies to files and
//! standard input.
//!
//! **Offsets** everywhere downstream (spans, passages, reports) are byte
//! offsets into the *decoded* UTF-8 text. For UTF-8 input they are offsets
//! into the file; for any other encoding they are not.
//!
//! # Limits
//!
//! A document may hold at most [`SourceOptions::max_bytes`] bytes (default
//! [`DEFAULT_MAX_BYTES`], never more than [`MAX_BYTES`] because offsets are
//! `u32`). A larger file is an error entry found from its size, without
//! reading it; standard input and JSON Lines are read through a bounded
//! reader, so a larger document or line is never held whole. An empty or
//! whitespace-only document is an error. [`documents`] streams: it holds one
//! document at a time, so a JSONL file of a million lines or a large tree
//! costs the memory of its largest document, not of the corpus.
//!
//! Nothing here panics on any input.

mod decode;
mod jsonl;
mod walk;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use decode::Encoding;
pub use jsonl::JsonlEntries;

use crate::error::{Error, Result};

/// Largest document possible, in bytes (offsets are `u32`).
pub const MAX_BYTES: u64 = u32::MAX as u64;

/// Default largest document for [`documents`] and [`read_text_with`]
/// (256 MiB). A larger document is skipped with an error entry and never
/// read whole first.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

const _: () = assert!(DEFAULT_MAX_BYTES <= MAX_BYTES);

/// One document, or the error that replaced it.
#[derive(Debug)]
pub struct Entry {
    /// The document's id: the path as displayed ([`display_path`]), the
    /// JSONL id, or `FILE:LINE` for a JSONL line without one. Known even
    /// when reading failed.
    pub id: String,
    /// The text, or why there is none.
    pub text: Result<String>,
}

/// A document that gives its id and text when loaded: an id and a text
/// as they are, or a [`Pending`] document, whose parsing then runs on the
/// thread that loads it.
pub trait Load: Send {
    /// The id, and the text or why there is none.
    fn load(self) -> (String, Result<String>);
}

impl Load for (String, Result<String>) {
    fn load(self) -> Self {
        self
    }
}

/// A document read from its input but perhaps not yet parsed (a JSON Lines
/// line): [`Pending::entry`] finishes it on any thread, so the thread that
/// reads a corpus need not parse it too ([`Documents::next_pending`]).
pub struct Pending(jsonl::Next);

impl Pending {
    /// The entry, parsed now if it was not yet.
    pub fn entry(self) -> Entry {
        self.0.entry()
    }
}

impl Load for Pending {
    fn load(self) -> (String, Result<String>) {
        let e = self.entry();
        (e.id, e.text)
    }
}

impl From<Entry> for Pending {
    fn from(e: Entry) -> Self {
        Pending(jsonl::Next::Entry(e))
    }
}

/// One input named by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file (one document), a directory (walked recursively: one document
    /// per file), or `-` for standard input (one document).
    Path(PathBuf),
    /// A JSON Lines file, one document per line; `-` reads standard input.
    Jsonl(PathBuf),
}

impl Input {
    fn path(&self) -> &Path {
        match self {
            Input::Path(p) | Input::Jsonl(p) => p,
        }
    }

    fn is_stdin(&self) -> bool {
        self.path() == Path::new("-")
    }
}

/// How inputs become documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceOptions {
    /// Gitignore-style globs for files found while walking directories; a
    /// glob starting with `!` excludes. With at least one include glob, only
    /// matching files are read. Files named explicitly are never filtered.
    pub globs: Vec<String>,
    /// Read hidden files and directories while walking (default: skip).
    pub hidden: bool,
    /// Do not honour `.gitignore`, `.ignore` and git excludes.
    pub no_ignore: bool,
    /// Follow symlinks met while walking (default: skip them). Symlinks
    /// named explicitly are always followed.
    pub follow_links: bool,
    /// The JSONL field holding a document's id (default `id`).
    pub id_field: String,
    /// The JSONL field holding a document's text (default `text`).
    pub text_field: String,
    /// Largest document, in bytes (default [`DEFAULT_MAX_BYTES`]; at most
    /// [`MAX_BYTES`]). Larger documents are error entries.
    pub max_bytes: u64,
    /// How file bytes are decoded (default strict UTF-8).
    pub encoding: Encoding,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions {
            globs: Vec::new(),
            hidden: false,
            no_ignore: false,
            follow_links: false,
            id_field: "id".into(),
            text_field: "text".into(),
            max_bytes: DEFAULT_MAX_BYTES,
            encoding: Encoding::Utf8,
        }
    }
}

impl SourceOptions {
    fn check(&self) -> Result<()> {
        if self.max_bytes > MAX_BYTES {
            return Err(Error::InvalidParams(format!(
                "max_bytes is {}, more than the {MAX_BYTES}-byte limit (offsets are 32-bit)",
                self.max_bytes
            )));
        }
        Ok(())
    }
}

/// Stream the documents of `inputs` (see the [module docs](self)).
///
/// Fails up front only when the request cannot be carried out: standard
/// input named twice, a glob that does not parse, `max_bytes` over
/// [`MAX_BYTES`]. Everything else, a missing path included, is an error
/// [`Entry`] in its place.
pub fn documents(inputs: &[Input], opts: &SourceOptions) -> Result<Documents> {
    opts.check()?;
    if inputs.iter().filter(|i| i.is_stdin()).count() > 1 {
        return Err(Error::Usage(
            "standard input can be read only once; `-` appears twice".into(),
        ));
    }
    // Parse the globs now, so a bad one fails before anything is read.
    walk::overrides(Path::new(""), &opts.globs)?;
    Ok(Documents {
        inputs: Vec::from(inputs).into_iter(),
        opts: opts.clone(),
        current: None,
    })
}

/// The documents of a set of inputs, read lazily one at a time; made by
/// [`documents`].
pub struct Documents {
    inputs: std::vec::IntoIter<Input>,
    opts: SourceOptions,
    current: Option<Current>,
}

/// An input that yields many documents, part-way through.
enum Current {
    Walk(Box<walk::DirWalk>),
    Jsonl(JsonlEntries<Box<dyn Read + Send>>),
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documents")
            .field("inputs_left", &self.inputs.as_slice())
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

impl Documents {
    /// Start on one input: either its single entry, or `current` set.
    fn open(&mut self, input: Input) -> Option<Entry> {
        let path = input.path();
        let id = display_path(path);
        let failed = |error| {
            Some(Entry {
                id: id.clone(),
                text: Err(error),
            })
        };
        match &input {
            Input::Path(p) if !input.is_stdin() && fs::metadata(p).is_ok_and(|m| m.is_dir()) => {
                match walk::DirWalk::new(p, &self.opts) {
                    Ok(w) => self.current = Some(Current::Walk(Box::new(w))),
                    Err(e) => return failed(e),
                }
                None
            }
            Input::Path(p) => Some(Entry {
                text: read_text_with(p, &self.opts),
                id,
            }),
            Input::Jsonl(p) => {
                // The reader takes blocks of its own: no buffer in between.
                let reader: Box<dyn Read + Send> = if input.is_stdin() {
                    Box::new(std::io::stdin())
                } else {
                    let io = |source| Error::Io {
                        path: p.clone(),
                        source,
                    };
                    match fs::metadata(p).map_err(io) {
                        Ok(m) if m.is_dir() => {
                            return failed(Error::IsDirectory { path: p.clone() });
                        }
                        Ok(_) => {}
                        Err(e) => return failed(e),
                    }
                    match fs::File::open(p) {
                        Ok(f) => Box::new(f),
                        Err(e) => return failed(io(e)),
                    }
                };
                self.current = Some(Current::Jsonl(JsonlEntries::new(reader, p, &self.opts)));
                None
            }
        }
    }
}

impl Documents {
    /// The next document, a JSON Lines line left unparsed: the iterator's
    /// [`next`](Iterator::next) without parsing, for a caller that
    /// parses on its workers ([`Pending::entry`]).
    pub fn next_pending(&mut self) -> Option<Pending> {
        loop {
            match &mut self.current {
                Some(Current::Walk(w)) => match w.next() {
                    Some(Ok(path)) => {
                        return Some(Pending::from(Entry {
                            id: display_path(&path),
                            text: read_text_with(&path, &self.opts),
                        }));
                    }
                    Some(Err((path, error))) => {
                        return Some(Pending::from(Entry {
                            id: display_path(&path),
                            text: Err(error),
                        }));
                    }
                    None => self.current = None,
                },
                Some(Current::Jsonl(j)) => match j.next_line() {
                    Some(next) => return Some(Pending(next)),
                    None => self.current = None,
                },
                None => {
                    let input = self.inputs.next()?;
                    if let Some(entry) = self.open(input) {
                        return Some(Pending::from(entry));
                    }
                }
            }
        }
    }
}

impl Iterator for Documents {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        self.next_pending().map(Pending::entry)
    }
}

impl std::iter::FusedIterator for Documents {}

pub use crate::error::display_path;

/// Read one document's text from `path` (`-` reads standard input): strict
/// UTF-8, at most [`MAX_BYTES`] bytes. The same as [`read_text_with`] with
/// those options.
pub fn read_text(path: &Path) -> Result<String> {
    read_text_with(
        path,
        &SourceOptions {
            max_bytes: MAX_BYTES,
            ..SourceOptions::default()
        },
    )
}

/// Read one document's text from `path` (`-` reads standard input) with the
/// size limit and encoding of `opts`. A file larger than the limit is
/// refused from its size, without reading it; standard input is read
/// through a bounded reader.
pub fn read_text_with(path: &Path, opts: &SourceOptions) -> Result<String> {
    opts.check()?;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let limit = opts.max_bytes;
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit + 1)
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
        if meta.len() > limit {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size: meta.len(),
                limit,
            });
        }
        // The size can change between the check and the read, and special
        // files report none: the read is bounded too.
        let mut buf = Vec::with_capacity(meta.len() as usize);
        fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut buf))
            .map_err(io)?;
        buf
    };
    decode_with(path, bytes, opts)
}

/// Check and decode the bytes of a document: strict UTF-8, at most
/// [`MAX_BYTES`] bytes. The same as [`decode_with`] with those options.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    decode_with(
        path,
        bytes,
        &SourceOptions {
            max_bytes: MAX_BYTES,
            ..SourceOptions::default()
        },
    )
}

/// Check and decode the bytes of a document with the size limit and
/// encoding of `opts` (see the [module docs](self#bytes-to-text)).
pub fn decode_with(path: &Path, bytes: Vec<u8>, opts: &SourceOptions) -> Result<String> {
    opts.check()?;
    if bytes.len() as u64 > opts.max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    decode::decode_bytes(path, bytes, opts.encoding)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries as `(id relative to root, Ok(text) | Err(message))`.
    fn run(
        root: &Path,
        inputs: &[Input],
        opts: &SourceOptions,
    ) -> Vec<(String, Result<String, String>)> {
        let prefix = format!("{}/", display_path(root));
        documents(inputs, opts)
            .unwrap()
            .map(|e| {
                let id = e.id.strip_prefix(&prefix).unwrap_or(&e.id).to_string();
                (id, e.text.map_err(|e| e.to_string()))
            })
            .collect()
    }

    fn ids(root: &Path, inputs: &[Input], opts: &SourceOptions) -> Vec<String> {
        run(root, inputs, opts)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// A temporary tree; `files` are `(relative path, content)`.
    fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, content) in files {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, content).unwrap();
        }
        dir
    }

    fn walk(dir: &tempfile::TempDir) -> Vec<Input> {
        vec![Input::Path(dir.path().to_path_buf())]
    }

    #[test]
    fn documents_is_send() {
        fn send<T: Send + Iterator<Item = Entry>>() {}
        send::<Documents>();
    }

    #[test]
    fn nested_dirs_come_sorted_by_path() {
        let dir = tree(&[
            ("b.txt", b"bee"),
            ("a/z.txt", b"zed"),
            ("a/b/c.txt", b"sea"),
            ("a/a.txt", b"ay"),
            ("C.txt", b"upper"),
        ]);
        let got = run(dir.path(), &walk(&dir), &SourceOptions::default());
        let want = [
            ("C.txt", "upper"),
            ("a/a.txt", "ay"),
            ("a/b/c.txt", "sea"),
            ("a/z.txt", "zed"),
            ("b.txt", "bee"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(id, t)| (id.to_string(), Ok(t.to_string())))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn ignore_files_are_honoured_unless_no_ignore() {
        let dir = tree(&[
            (".gitignore", b"*.log\nbuild/\n"),
            (".ignore", b"draft.txt\n"),
            ("keep.txt", b"kept"),
            ("run.log", b"log"),
            ("build/out.txt", b"built"),
            ("sub/draft.txt", b"draft"),
            ("sub/.gitignore", b"local.txt\n"),
            ("sub/local.txt", b"local"),
            ("sub/ok.txt", b"ok"),
        ]);
        let opts = SourceOptions::default();
        assert_eq!(
            ids(dir.path(), &walk(&dir), &opts),
            ["keep.txt", "sub/ok.txt"]
        );
        let opts = SourceOptions {
            no_ignore: true,
            ..SourceOptions::default()
        };
        assert_eq!(
            ids(dir.path(), &walk(&dir), &opts),
            [
                "build/out.txt",
                "keep.txt",
                "run.log",
                "sub/draft.txt",
                "sub/local.txt",
                "sub/ok.txt"
            ]
        );
    }

    #[test]
    fn a_bad_ignore_file_line_is_an_error_entry() {
        let dir = tree(&[
            (".gitignore", b"*.log\n[z-a]\n"),
            ("a.txt", b"a"),
            ("b.log", b"b"),
            ("sub/.ignore", b"{x\n"),
            ("sub/c.txt", b"c"),
        ]);
        let got = run(dir.path(), &walk(&dir), &SourceOptions::default());
        let ids: Vec<_> = got.iter().map(|(id, _)| id.as_str()).collect();
        // The good lines still apply (`b.log` is ignored).
        assert_eq!(ids, [".gitignore", "a.txt", "sub/.ignore", "sub/c.txt"]);
        let e = got[0].1.clone().unwrap_err();
        assert!(
            e.contains(".gitignore: line 2: error parsing glob '[z-a]'"),
            "{e}"
        );
        assert!(got[2].1.as_ref().unwrap_err().contains("line 1"));
        assert_eq!(got[3].1, Ok("c".into()));
    }

    #[test]
    fn hidden_files_are_skipped_by_default() {
        let dir = tree(&[
            (".secret.txt", b"s"),
            (".hid/in.txt", b"h"),
            ("shown.txt", b"v"),
        ]);
        let opts = SourceOptions::default();
        assert_eq!(ids(dir.path(), &walk(&dir), &opts), ["shown.txt"]);
        let opts = SourceOptions {
            hidden: true,
            ..SourceOptions::default()
        };
        assert_eq!(
            ids(dir.path(), &walk(&dir), &opts),
            [".hid/in.txt", ".secret.txt", "shown.txt"]
        );
    }

    #[test]
    fn include_and_exclude_globs() {
        let dir = tree(&[
            ("a.txt", b"a"),
            ("b.md", b"b"),
            ("notes/c.txt", b"c"),
            ("notes/skip.txt", b"s"),
            ("d.csv", b"d"),
        ]);
        let globs = |g: &[&str]| SourceOptions {
            globs: g.iter().map(|s| s.to_string()).collect(),
            ..SourceOptions::default()
        };
        let opts = globs(&["*.txt", "*.md", "!skip.txt"]);
        assert_eq!(
            ids(dir.path(), &walk(&dir), &opts),
            ["a.txt", "b.md", "notes/c.txt"]
        );
        // Only excludes: everything else is read.
        let opts = globs(&["!notes/"]);
        assert_eq!(
            ids(dir.path(), &walk(&dir), &opts),
            ["a.txt", "b.md", "d.csv"]
        );
        // A file named explicitly is not filtered.
        let explicit = [Input::Path(dir.path().join("d.csv"))];
        let opts = globs(&["*.txt"]);
        assert_eq!(
            run(dir.path(), &explicit, &opts),
            [("d.csv".into(), Ok("d".into()))]
        );
        // A glob that does not parse fails up front.
        let e = documents(&explicit, &globs(&["a[b"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid glob 'a[b'"), "{e}");
    }

    #[test]
    fn bad_files_are_error_entries_and_the_rest_continue() {
        let dir = tree(&[
            ("1.txt", b"one"),
            ("2.bin", b"\x89PNG\r\n\x1a\n\0\0\0"),
            ("3.txt", b"caf\xe9"),
            ("4.txt", b""),
            ("5.txt", b"five"),
        ]);
        let mut inputs = walk(&dir);
        inputs.push(Input::Path(dir.path().join("missing.txt")));
        inputs.push(Input::Path(dir.path().join("1.txt")));
        let got = run(dir.path(), &inputs, &SourceOptions::default());
        let ids: Vec<_> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "1.txt",
                "2.bin",
                "3.txt",
                "4.txt",
                "5.txt",
                "missing.txt",
                "1.txt"
            ]
        );
        assert_eq!(got[0].1, Ok("one".into()));
        let err = |i: usize| got[i].1.clone().unwrap_err();
        assert!(err(1).contains("binary file"), "{}", err(1));
        assert!(err(2).contains("not valid UTF-8 (first bad byte at offset 3)"));
        assert!(err(2).contains("--encoding auto"));
        assert!(err(3).contains("empty file"));
        assert_eq!(got[4].1, Ok("five".into()));
        assert!(err(5).contains("missing.txt"), "{}", err(5));
        assert_eq!(got[6].1, Ok("one".into()));
    }

    #[test]
    fn oversized_documents_are_skipped() {
        let dir = tree(&[("big.txt", &[b'x'; 100]), ("small.txt", b"small")]);
        let opts = SourceOptions {
            max_bytes: 10,
            ..SourceOptions::default()
        };
        let got = run(dir.path(), &walk(&dir), &opts);
        assert_eq!(got[0].0, "big.txt");
        let e = got[0].1.clone().unwrap_err();
        assert!(
            e.ends_with("big.txt: 100 bytes is more than the 10-byte limit per document"),
            "{e}"
        );
        assert_eq!(got[1].1, Ok("small".into()));
        let e = read_text_with(&dir.path().join("big.txt"), &opts).unwrap_err();
        assert!(matches!(e, Error::TooLarge { size: 100, .. }), "{e}");
        // The limit itself is capped: offsets are 32-bit.
        let opts = SourceOptions {
            max_bytes: MAX_BYTES + 1,
            ..SourceOptions::default()
        };
        assert!(documents(&walk(&dir), &opts).is_err());
    }

    #[test]
    fn standard_input_only_once() {
        for inputs in [
            [Input::Path("-".into()), Input::Path("-".into())],
            [Input::Path("-".into()), Input::Jsonl("-".into())],
        ] {
            let e = documents(&inputs, &SourceOptions::default()).unwrap_err();
            assert_eq!(
                e.to_string(),
                "standard input can be read only once; `-` appears twice"
            );
        }
    }

    #[test]
    fn jsonl_files_stream_in_input_order() {
        let dir = tree(&[
            (
                "docs.jsonl",
                b"{\"id\": 7, \"text\": \"seven\"}\n\nnot json\n{\"text\": \"anon\"}\n",
            ),
            ("z.txt", b"zed"),
        ]);
        let inputs = [
            Input::Path(dir.path().join("z.txt")),
            Input::Jsonl(dir.path().join("docs.jsonl")),
            Input::Jsonl(dir.path().join("none.jsonl")),
            Input::Jsonl(dir.path().to_path_buf()),
        ];
        let got = run(dir.path(), &inputs, &SourceOptions::default());
        let ids: Vec<_> = got.iter().map(|(id, _)| id.as_str()).collect();
        let root = display_path(dir.path());
        assert_eq!(
            ids,
            [
                "z.txt",
                "7",
                "docs.jsonl:3",
                "docs.jsonl:4",
                "none.jsonl",
                &root
            ]
        );
        assert_eq!(got[1].1, Ok("seven".into()));
        assert!(
            got[2]
                .1
                .as_ref()
                .unwrap_err()
                .contains("docs.jsonl:3: invalid JSON")
        );
        assert_eq!(got[3].1, Ok("anon".into()));
        assert!(got[4].1.is_err());
        assert!(got[5].1.as_ref().unwrap_err().contains("is a directory"));
    }

    #[test]
    fn legacy_encodings_through_the_options() {
        let dir = tree(&[("fr.txt", b"Caf\xe9 cr\xe8me \x80 10")]);
        let path = dir.path().join("fr.txt");
        assert!(read_text(&path).is_err());
        let opts = SourceOptions {
            encoding: "windows-1252".parse().unwrap(),
            ..SourceOptions::default()
        };
        assert_eq!(read_text_with(&path, &opts).unwrap(), "Café crème € 10");
        let got = run(dir.path(), &walk(&dir), &opts);
        assert_eq!(got, [("fr.txt".into(), Ok("Café crème € 10".into()))]);
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_paths_display_faithfully() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"caf\xe9\x01-\xff\xfe.txt");
        assert_eq!(
            display_path(Path::new(name)),
            "caf\\xE9\u{1}-\\xFF\\xFE.txt"
        );
        assert_eq!(display_path(Path::new("d/ü.txt")), "d/ü.txt");
        let dir = tempfile::tempdir().unwrap();
        // Some file systems refuse such names; nothing to test there.
        if fs::write(dir.path().join(name), b"text").is_ok() {
            let got = run(dir.path(), &walk(&dir), &SourceOptions::default());
            assert_eq!(
                got,
                [("caf\\xE9\u{1}-\\xFF\\xFE.txt".into(), Ok("text".into()))]
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_skipped_and_loops_do_not_hang() {
        use std::os::unix::fs::symlink;
        let dir = tree(&[("real/a.txt", b"a")]);
        symlink(dir.path(), dir.path().join("real/loop")).unwrap();
        symlink(dir.path().join("real/a.txt"), dir.path().join("link.txt")).unwrap();
        // Not followed: both links are skipped.
        let opts = SourceOptions::default();
        assert_eq!(ids(dir.path(), &walk(&dir), &opts), ["real/a.txt"]);
        // Followed: the file link is read, the loop is an error entry.
        let opts = SourceOptions {
            follow_links: true,
            ..SourceOptions::default()
        };
        let got = run(dir.path(), &walk(&dir), &opts);
        let ids: Vec<_> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["link.txt", "real/a.txt", "real/loop"]);
        let e = got[2].1.clone().unwrap_err();
        assert!(e.contains("symlink loop"), "{e}");
        // A link named explicitly is read.
        let named = [Input::Path(dir.path().join("link.txt"))];
        assert_eq!(
            run(dir.path(), &named, &SourceOptions::default())[0].1,
            Ok("a".into())
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_directories_are_error_entries() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tree(&[("a/x.txt", b"x"), ("b/y.txt", b"y")]);
        let locked = dir.path().join("a");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let got = run(dir.path(), &walk(&dir), &SourceOptions::default());
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        if fs::read_dir(&locked).is_ok() && got.len() == 2 && got[0].1.is_ok() {
            // Running as root: permissions do not apply.
            return;
        }
        let ids: Vec<_> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["a", "b/y.txt"]);
        assert!(got[0].1.as_ref().unwrap_err().contains("ermission denied"));
    }

    #[test]
    fn decode_errors_are_clear() {
        let p = Path::new("x.txt");
        let e = decode(p, b"ab\xffcd".to_vec()).unwrap_err().to_string();
        assert!(
            e.starts_with("x.txt: not valid UTF-8 (first bad byte at offset 2); use --encoding"),
            "{e}"
        );
        let e = decode(p, b"ab\0cd".to_vec()).unwrap_err().to_string();
        assert!(e.contains("binary file (NUL byte at offset 2)"), "{e}");
        // UTF-16 with a byte-order mark is decoded now, not refused.
        assert_eq!(decode(p, b"\xff\xfea\0b\0".to_vec()).unwrap(), "ab");
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
