//! `neardup compare A B` and `neardup compare --pairs FILE`.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::align::AlignOptions;
use crate::cli::args::{CompareArgs, Format, Sentences, View};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::cli::messages::Messages;
use crate::cli::progress::Bar;
use crate::corpus;
use crate::engine::{self, CompareOptions, Comparer, SentenceRows};
use crate::render::printer::{Field, Human, Json, JsonLines, JsonShape, Printer};
use crate::render::{self, RenderOptions};
use crate::report::{self, Comparison, Failure, SCHEMA_VERSION, Summary};

/// Run `compare`.
pub fn run(args: CompareArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    let format = args.format;
    if args.pairs.is_some() && format == Format::Html {
        bail!("--format html shows one pair; compare A B instead of --pairs");
    }
    let text = config::text_options(&args.text)?;
    let sketch = config::sketch_params(&args.sketch, text)?;
    let pairs: Vec<corpus::PairLine> = match (&args.pairs, &args.a, &args.b) {
        (Some(list), _, _) => {
            let content = std::fs::read_to_string(list)
                .with_context(|| format!("cannot read pairs list {}", list.display()))?;
            corpus::parse_pairs(list, &content)
        }
        (None, Some(a), Some(b)) => {
            if a.as_os_str() == "-" && b.as_os_str() == "-" {
                bail!("standard input can be read only once: give `-` for one document at most");
            }
            vec![Ok((a.clone(), b.clone()))]
        }
        _ => bail!("compare needs two documents, or --pairs FILE"),
    };
    let mut inputs: Vec<&Path> = pairs
        .iter()
        .flatten()
        .flat_map(|(a, b)| [a.as_path(), b.as_path()])
        .collect();
    inputs.extend(args.pairs.as_deref());
    let mut out = config::output(&args.output, &inputs)?;
    let view = config::view(args.view, out.target.is_terminal(), out.render.width);
    let options = CompareOptions {
        sketch,
        align: AlignOptions {
            min_tokens: args.min_tokens.max(1),
            ..AlignOptions::default()
        },
        // The summary view shows no sentence pairs: don't compute them.
        sentences: match args.sentences {
            _ if format == Format::Human && view == View::Summary => SentenceRows::None,
            Some(Sentences::None) => SentenceRows::None,
            Some(Sentences::Matched) => SentenceRows::Matched,
            Some(Sentences::All) => SentenceRows::All,
            None if matches!(format, Format::Json | Format::Jsonl) => SentenceRows::Matched,
            None => SentenceRows::All,
        },
    };
    let comparer = Comparer::new(options)?;
    config::threads(args.output.threads, &mut messages)?;
    let render = out.render;
    let single = args.pairs.is_none();
    let writer = out.target.writer();
    let mut printer: Box<dyn Printer<Comparison>> = match format {
        Format::Human => Box::new(Human::new(
            writer,
            move |w: &mut dyn Write, c: &Comparison| human_view(view)(w, c, &render),
        )),
        Format::Html => Box::new(Human::new(writer, |w: &mut dyn Write, c: &Comparison| {
            render::html::compare(w, c)
        })),
        Format::Json if single => Box::new(Json::new(writer, JsonShape::Single, failure_record)),
        Format::Json => Box::new(Json::new(
            writer,
            JsonShape::Many {
                fields: vec![Field::new("schema_version", &SCHEMA_VERSION)?],
                key: "comparisons",
                with_summary: true,
            },
            failure_record,
        )),
        Format::Jsonl => Box::new(JsonLines::new(writer, failure_record)),
    };
    let (mut items, mut findings) = (0u64, 0u64);
    let bar = Bar::new("pairs", args.output.quiet || single);
    let mut emit = |r: Result<Comparison, Failure>| -> io::Result<()> {
        match r {
            Ok(c) => {
                items += 1;
                let s = &c.similarity;
                let score = s.containment_a_in_b.max(s.containment_b_in_a);
                if args.fail_over.is_some_and(|t| report::over(score, t)) {
                    findings += 1;
                }
                printer.item(&c)
            }
            Err(f) => {
                messages.error(&f.error);
                printer.error(&f)
            }
        }
    };
    let source = corpus::SourceOptions {
        encoding: args.encoding.unwrap_or_default(),
        max_bytes: args.max_bytes,
        ..corpus::SourceOptions::default()
    };
    let read = |p: &Path| corpus::read_text_with(p, &source);
    engine::compare::compare_pairs(&comparer, &pairs, &read, &bar, &mut emit)?;
    let summary = Summary::new(items, messages.errors(), findings);
    printer.finish(&summary)?;
    drop(printer);
    out.target.finish(items, summary.errors)?;
    Ok(summary.status)
}

type View3 = fn(&mut dyn Write, &Comparison, &RenderOptions) -> io::Result<()>;

fn human_view(view: View) -> View3 {
    match view {
        View::Summary => render::summary::compare,
        View::SideBySide => render::side_by_side::compare,
        View::Inline => render::inline::compare,
    }
}

/// The JSON object written in place of a pair that failed.
fn failure_record(f: &Failure) -> Value {
    let path = |k: usize| f.inputs.get(k).map_or("", String::as_str);
    json!({
        "schema_version": SCHEMA_VERSION,
        "a": {"path": path(0)},
        "b": {"path": path(1)},
        "error": f.error,
    })
}
