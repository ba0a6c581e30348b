//! Orchestration: the stages put together for each command, as a pure
//! library (no terminal, no process exit). The CLI resolves its flags into
//! these option structs and renders what comes back.

pub mod compare;

pub use compare::{CompareOptions, Comparer};
