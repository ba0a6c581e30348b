//! # neardup
//!
//! Find near-duplicate and reused text, and show how different sources
//! framed the same facts.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! corpus → text → shingle → sketch → (index) → align → diff → report → render → cli
//!  input   tokens  k-word    MinHash            shared   word   plain    human,
//!  edge    +spans  hashes    signatures         passages diffs  structs  JSON
//! ```
//!
//! * [`text`] turns UTF-8 into [`text::Document`]s: Unicode word tokens with
//!   byte spans into the original text and hashed normalised keys.
//! * [`shingle`] makes word k-shingles, [`sketch`] MinHash signatures and
//!   exact set measures.
//! * [`align`] finds every passage two documents share; [`diff`] diffs words.
//! * [`padding`] finds where one document repeats itself or is padded with
//!   keyword lists and page furniture.
//! * [`report`] holds the results; [`render`] formats them.
//! * [`eval`] scores passage alignment with the PAN measures.
//! * [`engine`] puts the stages together per command; [`corpus`] reads input.
//!
//! The core does no I/O: only [`corpus`] reads and only the CLI writes.
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

pub mod align;
#[cfg(feature = "cli")]
pub mod cli;
pub mod corpus;
pub mod diff;
pub mod engine;
pub mod error;
pub mod eval;
pub mod hash;
pub mod index;
pub mod padding;
pub mod prepare;
pub mod render;
pub mod report;
pub mod scan;
pub mod shingle;
pub mod sketch;
pub mod text;

pub use error::{Error, Result};

/// Compare two texts with default options (the shortcut for
/// [`engine::Comparer`]).
pub fn compare(a: &str, b: &str) -> Result<report::Comparison> {
    let comparer = engine::Comparer::new(engine::CompareOptions::default())?;
    let da = comparer.prepare("a", a)?;
    let db = comparer.prepare("b", b)?;
    comparer.compare(&da, &db)
}
