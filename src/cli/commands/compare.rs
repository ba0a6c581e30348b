//! `neardup compare A B` and `neardup compare --pairs FILE`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::align::AlignOptions;
use crate::cli::args::{CompareArgs, Format, View};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::corpus;
use crate::engine::{CompareOptions, Comparer};
use crate::render::{self, RenderOptions};
use crate::report::{Comparison, SCHEMA_VERSION};

/// Pairs compared per parallel batch; bounds memory on long lists while
/// keeping output in input order.
const BATCH: usize = 256;

/// Run `compare`.
pub fn run(args: CompareArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    anyhow::ensure!(
        !(args.pairs.is_some() && args.output.format == Format::Html),
        "--format html shows one pair; compare A B instead of --pairs"
    );
    let (text, sketch) = (
        config::text_options(&args.text)?,
        config::sketch_params(&args.sketch)?,
    );
    let mut out = config::output(&args.output)?;
    let options = CompareOptions {
        text,
        sketch,
        align: AlignOptions {
            min_tokens: args.min_tokens.max(1),
            ..AlignOptions::default()
        },
        // The summary view shows no sentence pairs: don't compute them.
        sentences: !(args.output.format == Format::Human && out.view == View::Summary),
    };
    let comparer = Comparer::new(options)?;
    let job = Job {
        comparer: &comparer,
        format: args.output.format,
        view: out.view,
        render: out.render,
        fail_over: args.fail_over,
    };
    let status = match &args.pairs {
        None => {
            let (a, b) = (args.a.as_deref(), args.b.as_deref());
            let (a, b) = a
                .zip(b)
                .context("compare needs two documents, or --pairs FILE")?;
            let (text, status) = job.one(a, b)?;
            out.writer.write_all(text.as_bytes())?;
            status
        }
        Some(list) => {
            let content = std::fs::read_to_string(list)
                .with_context(|| format!("cannot read pairs list {}", list.display()))?;
            let pairs = corpus::parse_pairs(list, &content);
            let pool = config::pool(args.output.threads)?;
            let mut status = ExitStatus::Clean;
            for batch in pairs.chunks(BATCH) {
                let results: Vec<(String, ExitStatus, Option<String>)> =
                    pool.install(|| batch.par_iter().map(|pair| job.listed(pair)).collect());
                for (text, s, warning) in results {
                    if let Some(w) = warning {
                        writeln!(err, "neardup: error: {w}")?;
                    }
                    out.writer.write_all(text.as_bytes())?;
                    status = status.max(s);
                }
            }
            status
        }
    };
    out.writer.flush()?;
    Ok(status)
}

struct Job<'a> {
    comparer: &'a Comparer,
    format: Format,
    view: View,
    render: RenderOptions,
    fail_over: Option<f64>,
}

/// The JSON object written in place of a pair that failed.
#[derive(Serialize)]
struct PairError<'a> {
    schema_version: u32,
    a: PathOnly<'a>,
    b: PathOnly<'a>,
    error: String,
}

#[derive(Serialize)]
struct PathOnly<'a> {
    path: &'a str,
}

impl Job<'_> {
    /// Compare one pair and render it.
    fn one(&self, a: &Path, b: &Path) -> Result<(String, ExitStatus)> {
        let da = self.comparer.document(corpus::read_text(a)?)?;
        let db = self.comparer.document(corpus::read_text(b)?)?;
        let c = self
            .comparer
            .compare(&config::display(a), &da, &config::display(b), &db)?;
        let mut buf = Vec::new();
        match self.format {
            Format::Human => {
                let view = match self.view {
                    View::Summary => render::summary::compare,
                    View::SideBySide => render::side_by_side::compare,
                    View::Inline => render::inline::compare,
                };
                view(&mut buf, &c, &da, &db, &self.render)?
            }
            Format::Html => render::html::compare(&mut buf, &c, &da, &db)?,
            Format::Json => render::json::pretty(&mut buf, &c)?,
            Format::Jsonl => render::json::line(&mut buf, &c)?,
        }
        Ok((String::from_utf8(buf)?, self.status(&c)))
    }

    /// Compare one line of a pairs list; failures become a rendered error
    /// record plus a warning, so the run goes on.
    fn listed(&self, pair: &corpus::PairLine) -> (String, ExitStatus, Option<String>) {
        let (a, b): (PathBuf, PathBuf) = match pair {
            Ok((a, b)) => (a.clone(), b.clone()),
            Err(e) => return self.failed("", "", e.to_string()),
        };
        match self.one(&a, &b) {
            Ok((mut text, status)) => {
                if self.format == Format::Human {
                    text.push('\n');
                }
                (text, status, None)
            }
            Err(e) => self.failed(
                &config::display(&a),
                &config::display(&b),
                crate::cli::chain(&e),
            ),
        }
    }

    fn failed(&self, a: &str, b: &str, error: String) -> (String, ExitStatus, Option<String>) {
        let text = match self.format {
            Format::Human | Format::Html => String::new(),
            Format::Json | Format::Jsonl => {
                let record = PairError {
                    schema_version: SCHEMA_VERSION,
                    a: PathOnly { path: a },
                    b: PathOnly { path: b },
                    error: error.clone(),
                };
                let mut buf = Vec::new();
                let _ = render::json::line(&mut buf, &record);
                String::from_utf8_lossy(&buf).into_owned()
            }
        };
        (text, ExitStatus::Error, Some(error))
    }

    fn status(&self, c: &Comparison) -> ExitStatus {
        let s = &c.similarity;
        match self.fail_over {
            Some(t) if s.containment_a_in_b.max(s.containment_b_in_a) >= t => ExitStatus::Findings,
            _ => ExitStatus::Clean,
        }
    }
}
