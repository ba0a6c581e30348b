//! # neardup
//!
//! Find near-duplicate and reused text, and show how different sources
//! framed the same facts.
//!
//! The pipeline, one module per stage, dependencies pointing down the list:
//!
//! ```text
//! corpus → text → shingle → sketch → index → align → diff → report → render
//!  input   tokens  k-word    MinHash   LSH     shared   word   plain    human,
//!  edge    +spans  hashes    signatures bands  passages diffs  structs  JSON
//!                         ╰─ prepare: a document's stages done once ─╯
//! engine: the stages put together per command (compare, padding)
//! cli: flags, terminal, exit codes (behind the default `cli` feature)
//! ```
//!
//! * [`corpus`] reads documents: files, folders (honouring `.gitignore`),
//!   JSON Lines, standard input, legacy encodings; a document that cannot
//!   be read is an error in its place, and the run goes on.
//! * [`text`] turns UTF-8 into [`text::Document`]s: Unicode word tokens with
//!   byte spans into the original text and hashed normalised keys.
//! * [`shingle`] makes word k-shingles, [`sketch`] MinHash signatures that
//!   carry every parameter that shaped them, [`index`] LSH bands, candidate
//!   pairs and clusters.
//! * [`prepare`] builds a [`Prepared`] document once: tokens, shingle set,
//!   signature and the features alignment reads, however many pairs it is
//!   in (for a huge text, only its offset tables and signature).
//! * [`align`] finds every passage two documents share; [`diff`] diffs words.
//! * [`derive`](mod@derive) says whether, how much and where A was derived from B
//!   (verbatim, rewritten or new, clause by clause).
//! * [`padding`] finds where one document repeats itself or is padded with
//!   keyword lists and page furniture.
//! * [`frame`] groups the sentences of several documents into facts and
//!   shows how each document words them.
//! * [`report`] holds the results (serialisable and deserialisable: the JSON
//!   wire format); [`render`] formats them, through one [`render::printer`]
//!   seam for every command.
//! * [`scan`] finds near-duplicate clusters, copied passages and
//!   boilerplate across a corpus; `store` keeps a corpus's sketches and
//!   texts in one SQLite file and checks new documents against it.
//! * [`engine`] orchestrates each command in parallel, results in input
//!   order; [`eval`] scores passage alignment with the PAN measures.
//!
//! Only [`corpus`] reads input; the CLI writes output.
//!
//! Comparing two texts:
//!
//! ```
//! let lifted = "Russia has officially recognized the Taliban government in \
//!     Afghanistan, becoming the first country to do so since the group \
//!     returned to power in 2021, the foreign ministry said on Thursday.";
//! let c = neardup::compare(lifted, &format!("Moscow moved first. {lifted}")).unwrap();
//! assert_eq!(c.similarity.containment_a_in_b, 1.0);
//! assert!(c.similarity.containment_b_in_a < 1.0);
//! assert_eq!(c.passages.len(), 1);
//! ```
//!
//! Many pairs: prepare each document once, then compare prepared documents.
//!
//! ```
//! use neardup::{CompareOptions, Comparer};
//!
//! let comparer = Comparer::new(CompareOptions::default()).unwrap();
//! let wire = comparer.prepare("wire.txt", "The minister resigned on Friday after a week of \
//!     pressure from his own party over the housing scandal, officials said.").unwrap();
//! for (id, text) in [("a.txt", "Breaking: the minister resigned on Friday after a week of \
//!     pressure from his own party over the housing scandal, officials said.")] {
//!     let doc = comparer.prepare(id, text).unwrap();
//!     let c = comparer.compare(&doc, &wire).unwrap();
//!     assert!(c.similarity.containment_b_in_a > 0.9);
//! }
//! ```
//!
//! A signature to store, and its check on the way back:
//!
//! ```
//! use neardup::{Signature, SketchParams, Sketcher};
//!
//! let sketcher = Sketcher::new(SketchParams::default()).unwrap();
//! let sig = sketcher.signature("one text among many, sketched once and kept").unwrap();
//! let stored = serde_json::to_string(&sig).unwrap();
//! let back: Signature = serde_json::from_str(&stored).unwrap();
//! assert_eq!(back.estimate(&sig).unwrap(), 1.0);
//! ```
//!
//! # Features
//!
//! * `cli` (default): the `neardup` binary and its dependencies (clap,
//!   progress bars, man page, completions). Turn it off to use the library
//!   alone: `default-features = false`.
//! * `store` (default, required by `cli`): [`store`], the persistent index
//!   in an embedded SQLite database (compiled in, nothing to install).

pub mod align;
pub mod check;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
pub mod corpus;
pub mod derive;
pub mod diff;
pub mod engine;
pub mod error;
pub mod eval;
pub mod frame;
pub mod hash;
pub mod index;
pub mod padding;
pub mod prepare;
pub mod render;
pub mod report;
pub mod scan;
pub mod shingle;
pub mod sketch;
#[cfg(feature = "store")]
pub mod store;
pub mod text;

pub use engine::{CompareOptions, Comparer};
pub use error::{Error, Result};
pub use padding::{Padder, PaddingOptions};
pub use prepare::{Prepared, Preparer, Whole};
pub use report::Comparison;
pub use sketch::{Signature, SketchParams, Sketcher};
pub use text::{Language, TextOptions};

/// Compare two texts with default options (the shortcut for
/// [`Comparer`]).
///
/// # Errors
///
/// A text over 4 GiB.
pub fn compare(a: &str, b: &str) -> Result<Comparison> {
    let comparer = Comparer::new(CompareOptions::default())?;
    let da = comparer.prepare("a", a)?;
    let db = comparer.prepare("b", b)?;
    comparer.compare(&da, &db)
}
