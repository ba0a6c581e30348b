//! Orchestration: the stages put together for each command, as a pure
//! library (no terminal, no process exit). The CLI resolves its flags into
//! these option structs, hands the engine its inputs and a callback, and
//! renders what comes back.
//!
//! Every command's engine works the same way: results come back through a
//! callback **in input order** (whatever the thread count), an input that
//! fails becomes a [`Failure`] in its result's place and the run goes on,
//! and an [`Observer`] hears about progress. Work runs on the current rayon
//! pool; run it inside `ThreadPool::install` to choose the threads.

pub mod compare;
mod excerpt;
pub mod padding;

pub use compare::{CompareOptions, Comparer, SentenceRows};

use crate::report::Failure;

/// Progress of a long run: how many of the inputs are done. Implementations
/// draw progress bars; the default methods do nothing.
pub trait Observer: Sync {
    /// The run starts with `total` inputs (0 when unknown).
    fn start(&self, _total: u64) {}
    /// `n` more inputs are done.
    fn advance(&self, _n: u64) {}
    /// The run is over.
    fn finish(&self) {}
}

/// An observer that ignores everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Observer for Quiet {}

/// Where an engine sends each result, in input order; an error from the
/// callback (e.g. a closed pipe) stops the run and is returned.
pub type Emit<'a, T> = dyn FnMut(Result<T, Failure>) -> std::io::Result<()> + 'a;
