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

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Nothing over a threshold.
    Clean,
    /// Something over a threshold.
    Findings,
    /// Bad usage or input.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> Self {
        ExitCode::from(s.code())
    }
}
