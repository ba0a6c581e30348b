//! `neardup padding FILES...`: repeats, keyword lines and boilerplate in
//! each document, with `--fail-over` for CI and `--emit-clean` to write the
//! documents without their repeats.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;

use crate::align::AlignOptions;
use crate::cli::args::{Format, OutputArgs, TextArgs, parse_unit};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::corpus;
use crate::padding::{self, Padder, PaddingOptions};
use crate::render;
use crate::report::padding::SCHEMA_VERSION;
use crate::report::padding::{FailedDocument, PaddingEntry, PaddingReport};
use crate::shingle::DEFAULT_K;

/// Documents analysed per parallel batch; bounds memory on long lists
/// while keeping output in input order.
const BATCH: usize = 64;

/// `neardup padding`.
#[derive(Debug, Args)]
pub struct PaddingArgs {
    /// Documents to analyse (`-` for standard input).
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Exit 1 when a document's padding ratio (share of its text that
    /// repeats earlier text) is over RATIO (0-1).
    #[arg(long, value_name = "RATIO", value_parser = parse_unit)]
    pub fail_over: Option<f64>,
    /// Write each document without its repeats (first occurrences stay)
    /// into DIR, under its own file name. DIR is created if needed; an
    /// input file is never overwritten.
    #[arg(long, value_name = "DIR")]
    pub emit_clean: Option<PathBuf>,
    /// Shortest repeated passage reported, in words (whole repeated lines
    /// count from 3 words).
    #[arg(long, value_name = "N", default_value_t = crate::padding::DEFAULT_MIN_TOKENS)]
    pub min_tokens: u32,
    /// Shingle size in words (2-64), for seeding repeated passages.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_K as u32)]
    pub shingle: u32,
    /// Text options.
    #[command(flatten)]
    pub text: TextArgs,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Run `padding`.
pub fn run(args: PaddingArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    anyhow::ensure!(
        args.output.format != Format::Html,
        "padding has no HTML report: use --format human, json or jsonl"
    );
    let padder = Padder::new(PaddingOptions {
        text: config::text_options(&args.text)?,
        shingle: args.shingle,
        min_tokens: args.min_tokens,
        max_gap: AlignOptions::default().max_gap,
    })?;
    if let Some(dir) = &args.emit_clean {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
    }
    let mut out = config::output(&args.output)?;
    let pool = config::pool(args.output.threads)?;
    let mut emitter = args.emit_clean.as_deref().map(|dir| Emitter {
        dir,
        // Resolved once: a target is refused when it is one of these files.
        inputs: args
            .files
            .iter()
            .filter_map(|p| fs::canonicalize(p).ok())
            .collect(),
        written: BTreeSet::new(),
    });

    let mut status = ExitStatus::Clean;
    let mut entries = Vec::new();
    let mut first = true;
    for batch in args.files.chunks(BATCH) {
        let analysed: Vec<_> = pool.install(|| {
            batch
                .par_iter()
                .map(|path| {
                    let doc = padder.document(corpus::read_text(path)?)?;
                    let report = padder.analyze(&config::display(path), &doc);
                    Ok::<_, crate::Error>((doc, report))
                })
                .collect()
        });
        for (path, result) in batch.iter().zip(analysed) {
            let entry = match result {
                Ok((doc, report)) => {
                    if let Some(e) = emitter.as_mut()
                        && let Err(e) = e.emit(path, &padding::clean_text(&doc, &report))
                    {
                        writeln!(err, "neardup: error: {}", crate::cli::chain(&e))?;
                        status = status.max(ExitStatus::Error);
                    }
                    if args.fail_over.is_some_and(|t| report.padding_ratio > t) {
                        status = status.max(ExitStatus::Findings);
                    }
                    if args.output.format == Format::Human {
                        if !first {
                            writeln!(out.writer)?;
                        }
                        first = false;
                        render::padding::document(&mut out.writer, &report, &doc, &out.render)?;
                    }
                    PaddingEntry::Analyzed(report)
                }
                Err(e) => {
                    writeln!(err, "neardup: error: {e}")?;
                    status = status.max(ExitStatus::Error);
                    PaddingEntry::Failed(FailedDocument {
                        path: config::display(path),
                        error: e.to_string(),
                    })
                }
            };
            match args.output.format {
                Format::Human | Format::Html => {}
                Format::Json => entries.push(entry),
                Format::Jsonl => render::json::line(
                    &mut out.writer,
                    &PaddingReport {
                        schema_version: SCHEMA_VERSION,
                        params: padder.params(),
                        documents: vec![entry],
                    },
                )?,
            }
        }
    }
    if args.output.format == Format::Json {
        let report = PaddingReport {
            schema_version: SCHEMA_VERSION,
            params: padder.params(),
            documents: entries,
        };
        render::json::pretty(&mut out.writer, &report)?;
    }
    out.writer.flush()?;
    Ok(status)
}

/// Writes clean copies into one directory, refusing to overwrite an input
/// or a copy written earlier in the same run.
struct Emitter<'a> {
    dir: &'a Path,
    inputs: BTreeSet<PathBuf>,
    written: BTreeSet<OsString>,
}

impl Emitter<'_> {
    fn emit(&mut self, input: &Path, text: &str) -> Result<()> {
        let name = if input == Path::new("-") {
            OsString::from("stdin.txt")
        } else {
            input
                .file_name()
                .with_context(|| format!("{}: no file name to write under", input.display()))?
                .to_os_string()
        };
        let target = self.dir.join(&name);
        anyhow::ensure!(
            !self.written.contains(&name),
            "{}: another input already wrote {}; not overwriting it",
            input.display(),
            target.display()
        );
        if let Ok(t) = fs::canonicalize(&target) {
            anyhow::ensure!(
                !self.inputs.contains(&t),
                "{}: refusing to overwrite input file {}",
                input.display(),
                target.display()
            );
        }
        fs::write(&target, text).with_context(|| format!("cannot write {}", target.display()))?;
        self.written.insert(name);
        Ok(())
    }
}
