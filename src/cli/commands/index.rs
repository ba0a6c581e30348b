//! `neardup index build INPUT... -o corpus.db`, `neardup index update
//! INPUT... --index corpus.db` and `neardup index verify corpus.db`: the
//! persistent index that `scan NEW... --against corpus.db` checks with.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::args::{IndexArgs, IndexBuildArgs, IndexCommand, IndexUpdateArgs, IndexVerifyArgs};
use crate::cli::commands::scan::{documents, scanner};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::cli::messages::Messages;
use crate::cli::progress::Bar;
use crate::corpus::display_path;
use crate::engine::Observer;
use crate::report::Summary;
use crate::scan::Scanner;
use crate::store::{Changes, Store};

/// Run `index`.
pub fn run(args: IndexArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    match args.command {
        IndexCommand::Build(a) => build(a, err),
        IndexCommand::Update(a) => update(a, err),
        IndexCommand::Verify(a) => verify(a),
    }
}

fn build(args: IndexBuildArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    if args.source.is_empty() {
        bail!("nothing to index: give files, directories, JSON Lines or `-`");
    }
    refuse_input(&args.output, &args.source.named())?;
    let scanner = scanner(&args.settings, &args.text, &args.sketch, |_| {})?;
    config::threads(args.run.threads, &mut messages)?;
    let docs = documents(&args.source, None)?;
    let bar = Bar::new("documents", args.run.quiet);
    let changes = Store::build(&args.output, &scanner, docs, &bar)?;
    bar.finish();
    report(&args.output, &changes, &mut messages)
}

fn update(args: IndexUpdateArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    if args.source.is_empty() {
        bail!(
            "nothing to update from: give the whole corpus as files, directories, JSON Lines or `-` \
             (documents not given are removed from the index)"
        );
    }
    refuse_input(&args.index, &args.source.named())?;
    let params = Store::read_params(&args.index)?;
    let scanner = Scanner::new(params.options())?;
    config::threads(args.run.threads, &mut messages)?;
    let docs = documents(&args.source, None)?;
    let bar = Bar::new("documents", args.run.quiet);
    let changes = Store::update(&args.index, &scanner, docs, &bar)?;
    bar.finish();
    report(&args.index, &changes, &mut messages)
}

fn verify(args: IndexVerifyArgs) -> Result<ExitStatus> {
    let v = Store::verify(&args.index)?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{}: ok: {} documents (each text matches its content hash), {} band keys, \
         {} fingerprints, {} distinct short lines; {}",
        display_path(&args.index),
        v.documents,
        v.bands,
        v.prints,
        v.lines,
        size(v.bytes)
    )?;
    out.flush()?;
    Ok(ExitStatus::Clean)
}

/// The index may not be one of the inputs.
fn refuse_input(index: &Path, inputs: &[&Path]) -> Result<()> {
    if let Ok(target) = std::fs::canonicalize(index) {
        for input in inputs {
            if std::fs::canonicalize(input).is_ok_and(|i| i == target) {
                bail!(
                    "{} is both the index and an input; name another index file",
                    display_path(index)
                );
            }
        }
    }
    Ok(())
}

fn report(path: &Path, c: &Changes, messages: &mut Messages<'_>) -> Result<ExitStatus> {
    for f in &c.failures {
        messages.error(&f.error);
    }
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{}: {} documents ({} added, {} replaced, {} removed, {} unchanged, {} failed); {}",
        display_path(path),
        c.documents,
        c.added,
        c.replaced,
        c.removed,
        c.unchanged,
        c.failures.len(),
        size(bytes)
    )?;
    out.flush()?;
    Ok(Summary::new(c.documents, messages.errors(), 0).status)
}

/// A size in bytes for people.
fn size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
