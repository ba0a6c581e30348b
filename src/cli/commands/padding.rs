//! `neardup padding FILES...`: repeats, keyword lines and boilerplate in
//! each document, with `--fail-over` for CI and `--emit-clean` to write the
//! documents without their repeats.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use serde_json::Value;

use crate::align::AlignOptions;
use crate::cli::args::{ListFormat, OutputArgs, TextArgs, parse_unit};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::cli::messages::Messages;
use crate::cli::progress::Bar;
use crate::corpus::{self, display_path};
use crate::engine;
use crate::padding::{self, Padder, PaddingOptions};
use crate::render;
use crate::render::printer::{Field, Human, Json, JsonLines, JsonShape, Printer};
use crate::report::padding::{
    DocumentPadding, FailedDocument, PaddingEntry, PaddingParams, PaddingReport, SCHEMA_VERSION,
};
use crate::report::{self, Failure, Summary};
use crate::shingle::DEFAULT_K;

/// `neardup padding`.
#[derive(Debug, Args)]
pub struct PaddingArgs {
    /// Documents to analyse (`-` for standard input).
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Exit 1 when a document's padding ratio (share of its text that
    /// repeats earlier text) is at least RATIO (0-1).
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human, help_heading = "Output")]
    pub format: ListFormat,
    /// Text options.
    #[command(flatten)]
    pub text: TextArgs,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Run `padding`.
pub fn run(args: PaddingArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    if args.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        anyhow::bail!("standard input can be read only once: give `-` once at most");
    }
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
    let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let mut out = config::output(&args.output, &inputs)?;
    config::threads(args.output.threads, &mut messages)?;
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
    let render = out.render;
    let writer = out.target.writer();
    let mut printer: Box<dyn Printer<DocumentPadding>> = match args.format {
        ListFormat::Human => Box::new(Human::new(
            writer,
            move |w: &mut dyn Write, r: &DocumentPadding| render::padding::document(w, r, &render),
        )),
        ListFormat::Json => Box::new(Json::new(
            writer,
            JsonShape::Many {
                fields: vec![
                    Field::new("schema_version", &SCHEMA_VERSION)?,
                    Field::new("params", &padder.params())?,
                ],
                key: "documents",
                with_summary: false,
            },
            failed_record,
        )),
        ListFormat::Jsonl => Box::new(PaddingLines {
            lines: JsonLines::new(writer, failed_record),
            params: padder.params(),
        }),
    };
    let (mut items, mut findings) = (0u64, 0u64);
    let bar = Bar::new("documents", args.output.quiet);
    let docs = args.files.iter().map(|p| (display_path(p), corpus::read_text(p)));
    // Results come in input order: the k-th is the k-th file's.
    let mut files = args.files.iter();
    let mut emit = |r: Result<DocumentPadding, Failure>| -> io::Result<()> {
        let path = files.next();
        match r {
            Ok(report) => {
                items += 1;
                if let (Some(e), Some(path)) = (emitter.as_mut(), path)
                    && let Err(e) = e.emit(path, &padding::clean_text(&report))
                {
                    messages.error(&crate::cli::chain(&e));
                }
                if args.fail_over.is_some_and(|t| report::over(report.padding_ratio, t)) {
                    findings += 1;
                }
                printer.item(&report)
            }
            Err(f) => {
                messages.error(&f.error);
                printer.error(&f)
            }
        }
    };
    engine::padding::analyze_all(&padder, docs, &bar, &mut emit)?;
    let summary = Summary::new(items, messages.errors(), findings);
    printer.finish(&summary)?;
    drop(printer);
    out.target.commit()?;
    Ok(summary.status)
}

/// The entry written in place of a document that failed.
fn failed_record(f: &Failure) -> Value {
    serde_json::to_value(PaddingEntry::Failed(FailedDocument {
        path: f.inputs.first().cloned().unwrap_or_default(),
        error: f.error.clone(),
    }))
    .unwrap_or(Value::Null)
}

/// Padding's JSON Lines: each line a whole report of one document (schema
/// version, parameters, one entry), then the summary line.
struct PaddingLines<'w> {
    lines: JsonLines<'w>,
    params: PaddingParams,
}

impl PaddingLines<'_> {
    fn line(&mut self, entry: PaddingEntry) -> io::Result<()> {
        let report = PaddingReport::new(self.params.clone(), vec![entry]);
        Printer::<PaddingReport>::item(&mut self.lines, &report)
    }
}

impl Printer<DocumentPadding> for PaddingLines<'_> {
    fn item(&mut self, item: &DocumentPadding) -> io::Result<()> {
        self.line(PaddingEntry::Analyzed(item.clone()))
    }

    fn error(&mut self, f: &Failure) -> io::Result<()> {
        self.line(PaddingEntry::Failed(FailedDocument {
            path: f.inputs.first().cloned().unwrap_or_default(),
            error: f.error.clone(),
        }))
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        Printer::<PaddingReport>::finish(&mut self.lines, summary)
    }
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
