//! Integration tests: one binary that runs the real CLI (see `util`).

mod padding;
mod util;
