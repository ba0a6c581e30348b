//! Two documents → [`Comparison`].

use crate::align::{self, AlignOptions, Aligner, Alignment};
use crate::derive;
use crate::error::Result;
use crate::report::{
    Comparison, Derivation, DocInfo, Params, SCHEMA_VERSION, SentenceRow, SharedPassage, Similarity,
};
use crate::shingle::{self, Shingle};
use crate::sketch::{self, MinHasher, SketchParams};
use crate::text::{Document, Pipeline, TextOptions};

/// Everything a comparison depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareOptions {
    /// Tokenization.
    pub text: TextOptions,
    /// Shingles and MinHash.
    pub sketch: SketchParams,
    /// Passage alignment.
    pub align: AlignOptions,
    /// Pair the sentences of A and B and diff each pair
    /// ([`Comparison::sentences`]); without it that list stays empty, which
    /// saves the work when only scores and passages are wanted.
    pub sentences: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            text: TextOptions::default(),
            sketch: SketchParams::default(),
            align: AlignOptions::default(),
            sentences: true,
        }
    }
}

/// A configured comparer: build once, compare many pairs (it is `Sync`).
///
/// ```
/// use neardup::engine::{Comparer, CompareOptions};
///
/// let comparer = Comparer::new(CompareOptions::default()).unwrap();
/// let text = "Russia has officially recognized the Taliban government, becoming \
///     the first country to do so since the group returned to power in 2021, the \
///     foreign ministry in Moscow said on Thursday.";
/// let a = comparer.document(text.into()).unwrap();
/// let b = comparer.document(format!("Officials confirmed it. {text}")).unwrap();
/// let c = comparer.compare("a.txt", &a, "b.txt", &b).unwrap();
/// assert_eq!(c.similarity.containment_a_in_b, 1.0);
/// assert_eq!(c.passages.len(), 1);
/// ```
#[derive(Debug)]
pub struct Comparer {
    options: CompareOptions,
    pipeline: Pipeline,
    hasher: MinHasher,
    aligner: Aligner,
}

impl Comparer {
    /// A comparer for `options`; fails on invalid parameters.
    pub fn new(options: CompareOptions) -> Result<Self> {
        let hasher = MinHasher::new(options.sketch)?;
        Ok(Comparer {
            pipeline: Pipeline::new(options.text.clone()),
            aligner: Aligner::new(options.align, options.text.language),
            hasher,
            options,
        })
    }

    /// The options.
    pub fn options(&self) -> &CompareOptions {
        &self.options
    }

    /// Tokenize a text with this comparer's pipeline.
    pub fn document(&self, text: String) -> Result<Document> {
        self.pipeline.document(text)
    }

    fn shingles(&self, doc: &Document) -> Vec<Shingle> {
        shingle::shingles(doc.tokens(), self.options.sketch.shingle as usize)
    }

    /// How much of `a` derives from `b`, clause by clause, with the
    /// features the model saw ([`Comparison::derivation`] is its report
    /// form).
    pub fn derivation(&self, a: &Document, b: &Document) -> derive::Derivation {
        let (sa, sb) = (self.shingles(a), self.shingles(b));
        let alignment = self.aligner.align(a, &sa, b, &sb);
        self.derive(a, &sa, b, &sb, &alignment)
    }

    fn derive(
        &self,
        a: &Document,
        sa: &[Shingle],
        b: &Document,
        sb: &[Shingle],
        alignment: &Alignment,
    ) -> derive::Derivation {
        let runs = align::runs(sa, sb, false);
        let (wa, wb) = (self.aligner.content_words(a), self.aligner.content_words(b));
        derive::derive(a, &wa, b, &wb, &runs, &alignment.passages)
    }

    /// Compare two documents (named `path_a` and `path_b` in the report).
    pub fn compare(
        &self,
        path_a: &str,
        a: &Document,
        path_b: &str,
        b: &Document,
    ) -> Result<Comparison> {
        let (sa, sb) = (self.shingles(a), self.shingles(b));
        let (set_a, set_b) = (shingle::hash_set(&sa), shingle::hash_set(&sb));
        let sig_a = self.hasher.sketch(set_a.iter().copied());
        let sig_b = self.hasher.sketch(set_b.iter().copied());
        let similarity = Similarity {
            jaccard: sketch::jaccard(&set_a, &set_b),
            jaccard_estimate: sig_a.estimate(&sig_b)?,
            containment_a_in_b: sketch::containment(&set_a, &set_b),
            containment_b_in_a: sketch::containment(&set_b, &set_a),
        };
        let alignment = self.aligner.align(a, &sa, b, &sb);
        let passages: Vec<SharedPassage> = alignment
            .passages
            .iter()
            .enumerate()
            .map(|(i, p)| SharedPassage::new(i as u32 + 1, a, b, p))
            .collect();
        let ranges: Vec<_> = passages
            .iter()
            .map(|p| (p.a.token_range(), p.b.token_range()))
            .collect();
        let ids: Vec<u32> = passages.iter().map(|p| p.id).collect();
        let sentences = if self.options.sentences {
            let rows = align::sentences::align_sentences(a, b, &ranges);
            SentenceRow::from_alignment(&rows, a, b, &ids)
        } else {
            Vec::new()
        };
        let derivation = Derivation::new(a, &self.derive(a, &sa, b, &sb, &alignment));
        let o = &self.options;
        Ok(Comparison {
            schema_version: SCHEMA_VERSION,
            a: DocInfo::new(path_a, a),
            b: DocInfo::new(path_b, b),
            params: Params {
                shingle: o.sketch.shingle,
                perms: o.sketch.num_perm,
                seed: o.sketch.seed,
                hash_version: o.sketch.hash_version,
                min_tokens: o.align.min_tokens,
                lang: o.text.language.to_string(),
                stem: o.text.stem,
                stopwords: o.text.remove_stopwords,
                strip_diacritics: o.text.strip_diacritics,
            },
            similarity,
            passages,
            sentences,
            derivation,
            partial: alignment.partial,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_rows_only_when_asked() {
        let text = "Russia recognised the Taliban government. Kabul welcomed it.";
        for sentences in [true, false] {
            let comparer = Comparer::new(CompareOptions {
                sentences,
                ..CompareOptions::default()
            })
            .unwrap();
            let d = comparer.document(text.into()).unwrap();
            let c = comparer.compare("a", &d, "b", &d).unwrap();
            assert_eq!(c.sentences.len(), if sentences { 2 } else { 0 });
        }
    }
}
