//! Documents → padding reports, in parallel, in input order.

use rayon::prelude::*;

use super::{Emit, Observer};
use crate::error::Result;
use crate::padding::Padder;
use crate::report::Failure;
use crate::report::padding::DocumentPadding;

/// Documents analysed per parallel batch: bounds memory on long inputs
/// while keeping output in input order.
const BATCH: usize = 64;

/// Analyse every document `docs` yields (its id, and its text or the error
/// that replaced it), sending each report or failure to `emit` in input
/// order.
///
/// # Errors
///
/// Only what `emit` returns; a document that fails is sent as a
/// [`Failure`].
pub fn analyze_all(
    padder: &Padder,
    docs: impl Iterator<Item = (String, Result<String>)>,
    observer: &dyn Observer,
    emit: &mut Emit<'_, DocumentPadding>,
) -> std::io::Result<()> {
    observer.start(0);
    let mut docs = docs.peekable();
    while docs.peek().is_some() {
        let batch: Vec<(String, Result<String>)> = docs.by_ref().take(BATCH).collect();
        let results: Vec<Result<DocumentPadding, Failure>> = batch
            .into_par_iter()
            .map(|(id, text)| {
                let fail = |e: crate::error::Error| Failure {
                    inputs: vec![id.clone()],
                    error: e.to_string(),
                };
                let doc = text.and_then(|t| padder.document(t)).map_err(fail)?;
                Ok(padder.analyze(&id, &doc))
            })
            .collect();
        let n = results.len() as u64;
        for r in results {
            emit(r)?;
        }
        observer.advance(n);
    }
    observer.finish();
    Ok(())
}
