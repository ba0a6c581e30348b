//! Integration tests: one binary that runs the real CLI (see `util`).

mod compare;
mod core;
mod derivation;
mod frame;
mod html;
mod json;
mod padding;
mod properties;
mod regression;
mod scan;
mod util;
mod views;
