//! JSON renderers: one pretty object (`--format json`) or one compact object
//! per line (`--format jsonl`). The wire format is the report structs'
//! `Serialize` output; see [`crate::report`].

use std::io::{self, Write};

use serde::Serialize;

/// Write `value` as pretty JSON followed by a newline.
pub fn pretty<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // The serializer makes millions of tiny writes on a large report: into
    // a buffer of a known type they are inlined copies, not calls through
    // `dyn Write`.
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()
}

/// Write `value` as one line of JSON.
pub fn line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}
