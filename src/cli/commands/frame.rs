//! `neardup frame FILES...`: how each outlet reported the same facts.

use std::io::Write;

use anyhow::{Result, bail};

use crate::cli::args::{FrameArgs, FrameFormat};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::cli::messages::Messages;
use crate::corpus;
use crate::frame::{FrameOptions, Framer};
use crate::render;
use crate::report::Summary;
use crate::text::Language;

/// Run `frame`.
pub fn run(args: FrameArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    let language: Language = args.lang.parse().map_err(anyhow::Error::msg)?;
    let framer = Framer::new(FrameOptions {
        language,
        threshold: args.threshold,
        pair_threshold: args.pair_threshold,
        per_outlet: args.per_outlet,
        min_shared: args.min_shared,
    });
    config::threads(args.output.threads, &mut messages)?;
    let (sources, options) = config::source(&args.files, &args.input);
    let (mut paths, mut docs) = (Vec::new(), Vec::new());
    for entry in corpus::documents(&sources, &options)? {
        match entry.text.and_then(|t| framer.document(t)) {
            Ok(doc) => {
                paths.push(entry.id);
                docs.push(doc);
            }
            Err(e) => messages.error(&e.to_string()),
        }
    }
    if docs.len() < 2 {
        bail!(
            "frame needs at least two readable documents, {} could be read",
            docs.len()
        );
    }
    let refs: Vec<&crate::text::Document> = docs.iter().collect();
    let report = framer.frame(&paths, &refs);
    let inputs = config::named_inputs(&args.files, &args.input);
    let mut out = config::output(&args.output, &inputs)?;
    let render = out.render;
    let w = out.target.writer();
    match args.format {
        FrameFormat::Human => render::frame::report(w, &report, &refs, &render)?,
        FrameFormat::Html => render::frame_html::report(w, &report, &refs)?,
        FrameFormat::Json => render::json::pretty(w, &report)?,
    }
    out.target.commit()?;
    Ok(Summary::new(1, messages.errors(), 0).status)
}
