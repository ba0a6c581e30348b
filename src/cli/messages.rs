//! The one place that writes `neardup: error: …` and `neardup: warning: …`
//! to standard error, and remembers that an error happened so the exit code
//! can say so (as ripgrep's messages do).

use std::io::Write;

/// Writes messages for one run.
pub struct Messages<'w> {
    err: &'w mut dyn Write,
    errors: u64,
}

impl<'w> Messages<'w> {
    /// Messages written to `err`.
    pub fn new(err: &'w mut dyn Write) -> Self {
        Messages { err, errors: 0 }
    }

    /// Report an error; the run goes on, and ends with exit code 2.
    pub fn error(&mut self, message: &str) {
        self.errors += 1;
        let _ = writeln!(self.err, "neardup: error: {}", shown(message));
    }

    /// Report something the user should know that is not an error.
    pub fn warning(&mut self, message: &str) {
        let _ = writeln!(self.err, "neardup: warning: {}", shown(message));
    }

    /// Errors reported so far.
    pub fn errors(&self) -> u64 {
        self.errors
    }
}

/// A message safe for a terminal: control characters in it (from file
/// names, JSON Lines ids, …) are shown, not obeyed; its line breaks stay.
fn shown(message: &str) -> String {
    message
        .split('\n')
        .map(crate::render::style::visible)
        .collect::<Vec<_>>()
        .join("\n")
}
