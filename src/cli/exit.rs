//! Exit codes, the contract with scripts and CI pipelines.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | clean: the run finished and no finding passed a `--fail-over` threshold |
//! | 1 | findings: at least one result passed a `--fail-over` threshold |
//! | 2 | error: bad usage or bad input (even if only one document of many failed) |
//!
//! A closed output pipe (`neardup … | head`) is not an error: exit 0.

use std::process::ExitCode;

pub use crate::report::Status as ExitStatus;

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> Self {
        ExitCode::from(s.code())
    }
}
