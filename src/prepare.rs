//! Documents prepared once: everything the comparison stages read of one
//! document, computed a single time however many pairs it takes part in.
//!
//! A [`Prepared`] document holds its identity (the path or id it is known
//! by), its MinHash signature and, unless it is huge, its tokens, its
//! shingle set and the features alignment needs ([`Whole`]). Building them is the per-document half of the work; [`crate::engine::Comparer`]
//! does the per-pair half on two prepared documents.

use std::sync::{Arc, OnceLock};

use crate::align::{Aligner, Features};
use crate::derive::DocIndex;
use crate::error::Result;
use crate::shingle::{self, Shingler};
use crate::sketch::{Signature, SketchParams, Sketcher};
use crate::text::{Document, SourceText};

/// Documents longer than this, in bytes, are prepared *huge* (see
/// [`Prepared`]): 32 MiB, far past any article, book chapter or web page,
/// so results for ordinary documents never take the approximate path.
pub const HUGE_BYTES: usize = 32 << 20;

/// Builds [`Prepared`] documents with fixed parameters; build once, prepare
/// many documents (it is `Sync`).
#[derive(Debug)]
pub struct Preparer {
    sketcher: Sketcher,
    aligner: Aligner,
    sentences: bool,
    huge_bytes: usize,
}

impl Preparer {
    /// A preparer for `sketch` parameters. `aligner` reads the content words
    /// (its language); with `sentences`, the sentence features that sentence
    /// rows need are computed too.
    ///
    /// # Errors
    ///
    /// Invalid sketch parameters.
    pub fn new(sketch: SketchParams, aligner: Aligner, sentences: bool) -> Result<Self> {
        Ok(Preparer {
            sketcher: Sketcher::new(sketch)?,
            aligner,
            sentences,
            huge_bytes: HUGE_BYTES,
        })
    }

    /// The same preparer, with documents over `bytes` prepared huge
    /// ([`HUGE_BYTES`] by default; tests lower it to try the huge path on
    /// small texts).
    pub fn with_huge_bytes(mut self, bytes: usize) -> Self {
        self.huge_bytes = bytes;
        self
    }

    /// The sketch parameters.
    pub fn params(&self) -> &SketchParams {
        self.sketcher.params()
    }

    /// The sketcher (tokens, shingles, MinHash).
    pub fn sketcher(&self) -> &Sketcher {
        &self.sketcher
    }

    /// The aligner whose features it computes.
    pub fn aligner(&self) -> &Aligner {
        &self.aligner
    }

    /// Whether sentence features are computed.
    pub fn sentences(&self) -> bool {
        self.sentences
    }

    /// Prepare the document `text`, known as `id`: whole, or huge when it
    /// is longer than [`HUGE_BYTES`].
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn prepare(&self, id: impl Into<String>, text: impl Into<Arc<str>>) -> Result<Prepared> {
        let text: Arc<str> = text.into();
        if text.len() > self.huge_bytes {
            self.prepare_huge(id.into(), text)
        } else {
            self.prepare_whole(id, text)
        }
    }

    /// Prepare `text` whole, whatever its size.
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn prepare_whole(
        &self,
        id: impl Into<String>,
        text: impl Into<Arc<str>>,
    ) -> Result<Prepared> {
        let whole = self.whole(text)?;
        Ok(Prepared {
            id: id.into(),
            signature: self.sketcher.sign(&whole.set),
            body: Body::Whole(Box::new(whole)),
        })
    }

    /// Everything the comparison stages read of `text`.
    pub(crate) fn whole(&self, text: impl Into<Arc<str>>) -> Result<Whole> {
        let doc = self.sketcher.pipeline().document(text)?;
        // Features first: their scratch space (a copy of the text) is freed
        // before the shingles and their set are made, which lowers the peak
        // memory of a large document.
        let features = self.aligner.features(&doc, self.sentences);
        let set = shingle::hash_set(&self.sketcher.shingles(&doc));
        Ok(Whole {
            doc,
            set,
            features,
            derive: OnceLock::new(),
        })
    }

    /// Read a huge text twice: for the number of distinct shingles and the
    /// signature (the shingle hashes are dropped once counted), then for
    /// its offset tables; one pass would hold both tables at once.
    fn prepare_huge(&self, id: String, text: Arc<str>) -> Result<Prepared> {
        let pipeline = self.sketcher.pipeline();
        let mut shingler = Shingler::new(self.params().shingle as usize);
        let mut hashes: Vec<u64> = Vec::with_capacity(text.len() / 6);
        let mut i = 0u32;
        pipeline.for_each_token(&text, |t| {
            hashes.extend(shingler.push(i, &t).map(|s| s.hash));
            i += 1;
        })?;
        crate::shingle::sort_set(&mut hashes);
        let (signature, shingles) = (self.sketcher.sign(&hashes), hashes.len());
        drop(hashes);
        Ok(Prepared {
            id,
            signature,
            body: Body::Huge(Huge {
                source: pipeline.source(text)?,
                shingles,
            }),
        })
    }
}

/// One document, prepared for comparison: its identity (the path or id it
/// is known by), its MinHash signature and either
///
/// * everything the comparison stages read of it ([`Whole`]), or,
/// * for a text longer than [`HUGE_BYTES`], *huge*: only its text with its
///   offset tables and its number of distinct shingles. Each comparison
///   then reads the text again and aligns only the stretches around the
///   shingles it shares with the other document (see
///   [`crate::engine::Comparer::compare`]), so memory grows with the text,
///   not with 64 bytes a word.
#[derive(Debug, Clone)]
pub struct Prepared {
    id: String,
    signature: Signature,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Whole(Box<Whole>),
    Huge(Huge),
}

/// A huge document's part of [`Prepared`].
#[derive(Debug, Clone)]
struct Huge {
    source: SourceText,
    /// Distinct shingles.
    shingles: usize,
}

/// A document prepared whole: its tokens, the set of its shingles, and the
/// features alignment needs (stemmed content words, sentence units and,
/// when sentence rows are wanted, the sentences and the analysis of their
/// words). The
/// shingles themselves (16 bytes a word) are made again for each pair,
/// which costs less than keeping them.
#[derive(Debug, Clone)]
pub struct Whole {
    doc: Document,
    set: Vec<u64>,
    features: Features,
    /// Made on the first derivation that reads it.
    derive: OnceLock<DocIndex>,
}

impl Prepared {
    /// The id or path it is known by.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its MinHash signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Its text and offset tables.
    pub fn source(&self) -> &SourceText {
        match &self.body {
            Body::Whole(w) => w.doc.source(),
            Body::Huge(h) => &h.source,
        }
    }

    /// Its number of distinct shingles.
    pub fn distinct_shingles(&self) -> usize {
        match &self.body {
            Body::Whole(w) => w.set.len(),
            Body::Huge(h) => h.shingles,
        }
    }

    /// Everything about it, unless it was prepared huge.
    pub fn whole(&self) -> Option<&Whole> {
        match &self.body {
            Body::Whole(w) => Some(w),
            Body::Huge(_) => None,
        }
    }
}

impl Whole {
    /// The tokenized document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Its set of shingle hashes: sorted, without duplicates.
    pub fn set(&self) -> &[u64] {
        &self.set
    }

    /// Its alignment features.
    pub fn features(&self) -> &Features {
        &self.features
    }

    /// What the derivation reads of it, made on first use (a document only
    /// ever compared for similarity never needs it).
    pub fn derive_index(&self) -> &DocIndex {
        self.derive
            .get_or_init(|| DocIndex::new(&self.doc, &self.features))
    }

    /// Mark it as an excerpt of a text of `tokens` tokens (see
    /// [`Features::set_excerpt_of`]).
    pub(crate) fn set_excerpt_of(&mut self, tokens: u32) {
        self.features.set_excerpt_of(tokens);
    }
}
