//! `neardup frame FILES...`: how each outlet reported the same facts.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::cli::args::{Format, OutputArgs, parse_unit};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::corpus;
use crate::frame::{
    DEFAULT_MIN_SHARED, DEFAULT_PER_OUTLET, DEFAULT_THRESHOLD, FrameOptions, Framer,
};
use crate::render;
use crate::text::Language;

/// `neardup frame`.
#[derive(Debug, Args)]
pub struct FrameArgs {
    /// Documents on one story, one per outlet (`-` for standard input).
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Lowest same-fact score (0-1) of a unit with its fact's centre.
    #[arg(long, value_name = "SCORE", value_parser = parse_unit, default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Lowest same-fact score (0-1) between two members of a fact from
    /// different documents [default: half the threshold].
    #[arg(long, value_name = "SCORE", value_parser = parse_unit)]
    pub pair_threshold: Option<f64>,
    /// Fewest content words (or name variants) two sentences must share to
    /// be linked at all.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_SHARED)]
    pub min_shared: usize,
    /// Most sentences of one document in one fact.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PER_OUTLET,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub per_outlet: usize,
    /// Language of the documents (name or ISO code).
    #[arg(long, value_name = "LANG", default_value = "english")]
    pub lang: String,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Run `frame`.
pub fn run(args: FrameArgs, _err: &mut dyn Write) -> Result<ExitStatus> {
    anyhow::ensure!(
        args.output.view.is_none(),
        "frame has one human view: drop --view"
    );
    let language: Language = args.lang.parse().map_err(anyhow::Error::msg)?;
    let framer = Framer::new(FrameOptions {
        language,
        threshold: args.threshold,
        pair_threshold: args.pair_threshold,
        per_outlet: args.per_outlet,
        min_shared: args.min_shared,
    });
    let pool = config::pool(args.output.threads)?;
    let mut texts = Vec::with_capacity(args.files.len());
    for path in &args.files {
        texts.push(corpus::read_text(path)?);
    }
    let docs = texts
        .into_iter()
        .map(|t| framer.document(t))
        .collect::<crate::Result<Vec<_>>>()?;
    let refs: Vec<&crate::text::Document> = docs.iter().collect();
    let paths: Vec<String> = args.files.iter().map(|p| config::display(p)).collect();
    let report = pool.install(|| framer.frame(&paths, &refs));
    let mut out = config::output(&args.output)?;
    match args.output.format {
        Format::Human => render::frame::report(&mut out.writer, &report, &refs, &out.render)?,
        Format::Html => render::frame_html::report(&mut out.writer, &report, &refs)?,
        Format::Json => render::json::pretty(&mut out.writer, &report)?,
        Format::Jsonl => render::json::line(&mut out.writer, &report)?,
    }
    out.writer.flush()?;
    Ok(ExitStatus::Clean)
}
