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

/// Work through batches in order, up to `depth` batches on the pool at
/// once while this thread takes the next batch (`next`, which may read
/// input) and hands finished results to `emit` in order: reading and
/// writing are serial, and done between batches they left the pool idle.
/// With more than one batch in work, a worker that runs out of one batch
/// (its last, largest document still on the other worker) takes up the
/// next instead of waiting.
///
/// # Errors
///
/// The first error of `emit`, once the batches being worked on are done;
/// no batch is taken after it.
pub(crate) fn pipelined<B: Send, R: Send, E>(
    depth: usize,
    mut next: impl FnMut() -> Option<B>,
    work: impl Fn(B) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let work = &work;
    let mut emitted = Ok(());
    rayon::in_place_scope(|s| {
        let mut working = std::collections::VecDeque::new();
        let mut batch = next();
        let mut done = None;
        loop {
            if let Some(b) = batch.take() {
                let (tx, rx) = std::sync::mpsc::sync_channel(1);
                // The receiver is only gone after an error, when the
                // result is not wanted.
                s.spawn(move |_| drop(tx.send(work(b))));
                working.push_back(rx);
                // After an error or a panic `batch` stays empty, so this
                // is not reached again.
                batch = next();
            }
            if let Some(r) = done.take()
                && emitted.is_ok()
            {
                emitted = emit(r);
            }
            if emitted.is_err() {
                batch = None;
            }
            if batch.is_some() && working.len() < depth {
                continue;
            }
            match working.pop_front().map(|rx| rx.recv()) {
                Some(Ok(r)) => done = Some(r),
                // A worker that panicked dropped its sender: no batch is
                // taken after it, and the scope passes the panic on once
                // the others are done.
                Some(Err(_)) => batch = None,
                None => break,
            }
        }
    });
    emitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipelined_keeps_order_and_stops_at_an_error() {
        let mut batches = (0..10u32).map(|k| vec![k; 3]);
        let mut seen = Vec::new();
        let ok: Result<(), ()> = pipelined(
            2,
            || batches.next(),
            |b: Vec<u32>| b.iter().sum::<u32>(),
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(ok, Ok(()));
        assert_eq!(seen, (0..10).map(|k| 3 * k).collect::<Vec<_>>());
        let mut n = 0;
        let err = pipelined(1, || (n < 5).then(|| n += 1), |()| (), |()| Err("closed"));
        assert_eq!(err, Err("closed"));
    }

    #[test]
    fn pipelined_takes_no_batch_after_a_worker_panics() {
        let mut taken = 0;
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pipelined(
                1,
                || (taken < 100).then(|| taken += 1),
                |()| panic!("a bug in a worker"),
                |()| Ok::<(), ()>(()),
            )
        }));
        assert!(run.is_err());
        // The first batch, and at most the one read while it was worked on.
        assert!(taken <= 2, "{taken} batches taken");
    }
}
