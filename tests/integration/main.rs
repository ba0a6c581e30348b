//! Integration tests: one binary that runs the real CLI (see `util`).

mod html;
mod util;
mod views;
