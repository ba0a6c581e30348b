//! Integration tests: one binary that runs the real CLI (see `util`).

// Helpers outside `#[test]` functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod check;
mod compare;
mod core;
mod derivation;
mod determinism;
mod frame;
mod hostile;
mod html;
mod json;
mod padding;
mod properties;
mod regression;
mod scan;
mod spark;
mod store;
mod util;
mod views;
