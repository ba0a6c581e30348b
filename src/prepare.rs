//! Documents prepared once: everything the comparison stages read of one
//! document, computed a single time however many pairs it takes part in.
//!
//! A [`Prepared`] document holds its identity (the path or id it is known
//! by), its tokens, its shingles and their set, its MinHash signature, and
//! the features alignment needs (stemmed content words, sentence units and,
//! when sentence rows are wanted, the sentences and their keys). Building
//! them is the per-document half of the work; [`crate::engine::Comparer`]
//! does the per-pair half on two prepared documents.

use crate::align::{Aligner, Features, Side};
use crate::error::Result;
use crate::shingle::{self, Shingle};
use crate::sketch::{Signature, SketchParams, Sketcher};
use crate::text::Document;

/// Builds [`Prepared`] documents with fixed parameters; build once, prepare
/// many documents (it is `Sync`).
#[derive(Debug)]
pub struct Preparer {
    sketcher: Sketcher,
    aligner: Aligner,
    sentences: bool,
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
        })
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

    /// Prepare the document `text`, known as `id`.
    ///
    /// # Errors
    ///
    /// A text over 4 GiB.
    pub fn prepare(
        &self,
        id: impl Into<String>,
        text: impl Into<std::sync::Arc<str>>,
    ) -> Result<Prepared> {
        let doc = self.sketcher.pipeline().document(text)?;
        // Features first: their scratch space (a copy of the text) is freed
        // before the shingles and their set are made, which lowers the peak
        // memory of a huge document.
        let features = self.aligner.features(&doc, self.sentences);
        let shingles = self.sketcher.shingles(&doc);
        let set = shingle::hash_set(&shingles);
        let signature = self.sketcher.sign(&set);
        Ok(Prepared {
            id: id.into(),
            doc,
            shingles,
            set,
            signature,
            features,
        })
    }
}

/// One document, prepared for comparison (see the module docs).
#[derive(Debug, Clone)]
pub struct Prepared {
    id: String,
    doc: Document,
    shingles: Vec<Shingle>,
    set: Vec<u64>,
    signature: Signature,
    features: Features,
}

impl Prepared {
    /// The id or path it is known by.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The tokenized document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Its shingles, in text order.
    pub fn shingles(&self) -> &[Shingle] {
        &self.shingles
    }

    /// Its set of shingle hashes: sorted, without duplicates.
    pub fn set(&self) -> &[u64] {
        &self.set
    }

    /// Its MinHash signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Its alignment features.
    pub fn features(&self) -> &Features {
        &self.features
    }

    /// This document as one side of an alignment.
    pub fn side(&self) -> Side<'_> {
        Side {
            doc: &self.doc,
            shingles: &self.shingles,
            features: &self.features,
        }
    }
}
