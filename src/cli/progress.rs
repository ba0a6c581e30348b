//! A progress bar on standard error for long runs: drawn only when stderr
//! is a terminal and `--quiet` is off, so pipes and logs stay clean. It
//! never touches standard output, so results do not depend on it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::Observer;

/// An [`Observer`] drawing an indicatif bar.
pub struct Bar(ProgressBar);

impl Bar {
    /// A bar labelled `what` (e.g. "pairs"), hidden unless stderr is a
    /// terminal and `quiet` is off.
    pub fn new(what: &'static str, quiet: bool) -> Self {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        let template = format!("{{spinner}} {{pos}}/{{len}} {what} {{wide_bar}} {{eta}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Bar(bar)
    }
}

impl Observer for Bar {
    fn start(&self, total: u64) {
        if total > 0 {
            self.0.set_length(total);
        }
    }

    fn advance(&self, n: u64) {
        self.0.inc(n);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
