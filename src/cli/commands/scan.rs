//! `neardup scan INPUT...`: near-duplicate clusters, copied passages and
//! boilerplate across a corpus; and `neardup sketch INPUT... -o shard.jsonl`,
//! the first reading of a scan stored as a shard.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::args::{
    FindArg, KeepArg, ScanArgs, ScanFormat, ScanSettings, ShardFormat, SketchArgs, SketchCmdArgs,
    SourceArgs, TextArgs,
};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::cli::messages::Messages;
use crate::cli::progress::Bar;
use crate::corpus::{self, Input, Load, SourceOptions, display_path};
use crate::index::Keep;
use crate::render;
use crate::render::printer::{JsonLines, Printer};
use crate::report::Failure;
use crate::report::scan::{FailedDocument, Record, ScanReport};
use crate::scan::{self, Index, ScanOptions, Scanner, parquet, shard};

impl SourceArgs {
    pub(crate) fn inputs(&self, stdin: Option<&Path>) -> Vec<Input> {
        let spooled = |p: &PathBuf| match (p.as_os_str() == "-", stdin) {
            (true, Some(spool)) => spool.to_path_buf(),
            _ => p.clone(),
        };
        self.inputs
            .iter()
            .map(|p| {
                let p = spooled(p);
                let jsonl = !p.is_dir()
                    && p.extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
                if jsonl {
                    Input::Jsonl(p)
                } else {
                    Input::Path(p)
                }
            })
            .chain(self.input.jsonl.iter().map(|p| Input::Jsonl(spooled(p))))
            .collect()
    }

    pub(crate) fn options(&self) -> Result<SourceOptions> {
        Ok(config::source(&[], &self.input).1)
    }

    /// Every path named, for `-o` to refuse.
    pub(crate) fn named(&self) -> Vec<&Path> {
        config::named_inputs(&self.inputs, &self.input)
    }

    /// Whether no input is named at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.inputs.is_empty() && self.input.jsonl.is_empty()
    }

    /// Whether standard input is named (as a path or a JSON Lines input).
    pub(crate) fn reads_stdin(&self) -> bool {
        self.inputs
            .iter()
            .chain(&self.input.jsonl)
            .any(|p| p.as_os_str() == "-")
    }
}

pub(crate) fn scanner(
    settings: &ScanSettings,
    text: &TextArgs,
    sketch: &SketchArgs,
    extra: impl FnOnce(&mut ScanOptions),
) -> Result<Scanner> {
    let mut o = ScanOptions {
        sketch: config::sketch_params(sketch, config::text_options(text)?)?,
        threshold: settings.threshold,
        ..ScanOptions::default()
    };
    extra(&mut o);
    Ok(Scanner::new(o)?)
}

/// Standard input copied to a temporary file, so it can be read twice.
pub(crate) struct Spool {
    file: tempfile::NamedTempFile,
    name: String,
}

impl Spool {
    pub(crate) fn new() -> Result<Self> {
        let mut file = tempfile::NamedTempFile::new().context("cannot buffer standard input")?;
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        file.write_all(&buf)
            .context("cannot buffer standard input")?;
        file.flush()?;
        let name = display_path(file.path());
        Ok(Spool { file, name })
    }

    /// The id a document read from the spool is known by: `-` in place of
    /// the temporary file's name.
    fn id(&self, id: String) -> String {
        match id.strip_prefix(&self.name) {
            Some(rest) => format!("-{rest}"),
            None => id,
        }
    }

    fn rename(spool: Option<&Spool>, id: String) -> String {
        match spool {
            Some(s) => s.id(id),
            None => id,
        }
    }
}

/// The documents of the inputs, as (id, text).
pub(crate) fn documents<'a>(
    source: &SourceArgs,
    spool: Option<&'a Spool>,
) -> Result<impl Iterator<Item = (String, crate::Result<String>)> + 'a> {
    Ok(pending(source, spool)?.map(Load::load))
}

/// [`documents`] as read, to be parsed where they are loaded (a scan's
/// workers).
pub(crate) fn pending<'a>(
    source: &SourceArgs,
    spool: Option<&'a Spool>,
) -> Result<impl Iterator<Item = Spooled<'a>> + 'a> {
    let inputs = source.inputs(spool.map(|s| s.file.path()));
    let mut docs = corpus::documents(&inputs, &source.options()?)?;
    Ok(std::iter::from_fn(move || docs.next_pending()).map(move |doc| Spooled { doc, spool }))
}

/// A document that may have come through the standard-input spool, whose
/// name is given back as `-` when it loads.
pub(crate) struct Spooled<'a> {
    doc: corpus::Pending,
    spool: Option<&'a Spool>,
}

impl Load for Spooled<'_> {
    fn load(self) -> (String, crate::Result<String>) {
        let (id, text) = self.doc.load();
        let id = Spool::rename(self.spool, id);
        (id, text.map_err(|err| rename_error(self.spool, err)))
    }
}

fn rename_error(spool: Option<&Spool>, e: crate::Error) -> crate::Error {
    match spool {
        Some(s) => {
            let msg = e.to_string();
            if msg.contains(&s.name) {
                crate::Error::Usage(msg.replace(&s.name, "-"))
            } else {
                e
            }
        }
        None => e,
    }
}

/// Run `scan`.
pub fn run(args: ScanArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    if args.source.is_empty() {
        if args.sketches.is_empty() {
            bail!("nothing to scan: give files, directories, JSON Lines or `-`");
        }
        bail!(
            "--sketches needs the documents too (give INPUT...): candidates are verified exactly on their texts"
        );
    }
    // The Spark job's record first: its bucket cap is the scan's.
    let run = match &args.candidates {
        Some(dir) => Some(parquet::read_run(dir)?),
        None => None,
    };
    if let (Some(run), Some(asked)) = (&run, args.max_bucket)
        && run.max_bucket != asked as u64
    {
        bail!(
            "--max-bucket {asked}, but the Spark run used {} (its --max-bucket); the cap is the band join's",
            run.max_bucket
        );
    }
    let scanner = scanner(&args.settings, &args.text, &args.sketch, |o| {
        if let Some(n) = args.max_bucket {
            o.max_bucket = n;
        }
        if let Some(run) = &run {
            o.max_bucket = usize::try_from(run.max_bucket).unwrap_or(usize::MAX);
        }
        o.keep = match args.keep {
            KeepArg::First => Keep::First,
            KeepArg::Longest => Keep::Longest,
        };
        o.boilerplate_min_docs = args.boilerplate_min_docs;
        o.keep_boilerplate = args.keep_boilerplate;
        o.derivation = args.derivation;
        o.find = scan::Find {
            near_duplicates: args.find.contains(&FindArg::NearDuplicates),
            copies: args.find.contains(&FindArg::Copies),
            boilerplate: args.find.contains(&FindArg::Boilerplate),
        };
        o.max_df = args.max_df;
        o.align.min_tokens = args.min_tokens;
    })?;
    let external = match (&args.candidates, &run) {
        (Some(dir), Some(run)) => {
            run.check(dir, &scanner)?;
            Some(parquet::read_pairs(dir, run)?)
        }
        _ => None,
    };
    let mut inputs = args.source.named();
    inputs.extend(args.sketches.iter().map(PathBuf::as_path));
    inputs.extend(args.against.as_deref());
    inputs.extend(args.candidates.as_deref());
    let mut out = config::output(&args.output, &inputs)?;
    config::threads(args.output.threads, &mut messages)?;
    let spool = if args.source.reads_stdin() {
        Some(Spool::new()?)
    } else {
        None
    };
    let bar = Bar::new("documents", args.output.quiet);
    let report = match &args.against {
        Some(path) => {
            let store = crate::store::Store::open(path, &scanner)?;
            let docs = documents(&args.source, spool.as_ref())?;
            store.against(&scanner, docs, &bar, args.fail_over)?
        }
        None => scan_all(&args, &scanner, spool.as_ref(), &bar, external)?,
    };
    for f in &report.failures {
        messages.error(&f.error);
    }
    let writer = out.target.writer();
    match args.format {
        ScanFormat::Human => render::scan::human(writer, &report, &out.render, args.verbose)?,
        ScanFormat::Json => render::scan::json(writer, &report)?,
        ScanFormat::Jsonl => lines(writer, &report)?,
        ScanFormat::Html => render::scan::html(writer, &report)?,
    }
    out.target.commit()?;
    Ok(report.summary.status)
}

/// A scan of every document (sketched, or from shards).
fn scan_all(
    args: &ScanArgs,
    scanner: &Scanner,
    spool: Option<&Spool>,
    bar: &Bar,
    external: Option<parquet::ExternalCandidates>,
) -> Result<ScanReport> {
    let mut index = Index::new();
    if args.sketches.is_empty() {
        let docs = pending(&args.source, spool)?;
        index.add_all(scanner, docs, bar);
    } else {
        for path in &args.sketches {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            shard::read(path, io::BufReader::new(file), scanner, |s| index.add(s))?;
        }
    }
    if let Some(external) = external {
        index.use_candidates(external);
    }
    let docs = pending(&args.source, spool)?;
    Ok(index.finish(scanner, docs, bar, args.fail_over)?)
}

/// The JSON Lines of a report: a `scan` header record, one record per
/// cluster, copied pair, boilerplate line and failure, then the summary.
fn lines(out: &mut dyn Write, r: &ScanReport) -> io::Result<()> {
    fn failure(f: &Failure) -> serde_json::Value {
        serde_json::to_value(Record::Failure(FailedDocument {
            id: f.inputs.first().cloned().unwrap_or_default(),
            error: f.error.clone(),
        }))
        .unwrap_or(serde_json::Value::Null)
    }
    let mut p = JsonLines::new(out, failure);
    p.item(&Record::Scan {
        schema_version: r.schema_version,
        params: Box::new(r.params.clone()),
        stats: r.stats,
    })?;
    for c in &r.clusters {
        p.item(&Record::Cluster(c.clone()))?;
    }
    for c in &r.copied {
        p.item(&Record::Copied(c.clone()))?;
    }
    for b in &r.boilerplate {
        p.item(&Record::Boilerplate(b.clone()))?;
    }
    for f in &r.failures {
        Printer::<Record>::error(
            &mut p,
            &Failure {
                inputs: vec![f.id.clone()],
                error: f.error.clone(),
            },
        )?;
    }
    Printer::<Record>::finish(&mut p, &r.summary)
}

/// Run `sketch`.
pub fn run_sketch(args: SketchCmdArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    if args.source.is_empty() {
        bail!("nothing to sketch: give files, directories, JSON Lines or `-`");
    }
    let scanner = scanner(&args.settings, &args.text, &args.sketch, |_| {})?;
    if args.format == ShardFormat::Parquet {
        return sketch_parquet(&args, &scanner, &mut messages);
    }
    let inputs = args.source.named();
    let mut out = config::output(&args.output, &inputs)?;
    config::threads(args.output.threads, &mut messages)?;
    let docs = pending(&args.source, None)?;
    let bar = Bar::new("documents", args.output.quiet);
    let writer = out.target.writer();
    shard::write_header(writer, &scanner)?;
    let mut items = 0u64;
    scan::sketch_all(&scanner, docs, &bar, |r| -> io::Result<()> {
        match r {
            Ok(s) => {
                items += 1;
                shard::write_doc(writer, &s)
            }
            Err(f) => {
                messages.error(&f.error);
                Ok(())
            }
        }
    })?;
    crate::engine::Observer::finish(&bar);
    out.target.commit()?;
    let summary = crate::report::Summary::new(items, messages.errors(), 0);
    Ok(summary.status)
}

/// `sketch --format parquet -o DIR`: a shard directory for the Spark band
/// join.
fn sketch_parquet(
    args: &SketchCmdArgs,
    scanner: &Scanner,
    messages: &mut Messages<'_>,
) -> Result<ExitStatus> {
    let dir = match args.output.output.as_deref() {
        Some(d) if d.as_os_str() != "-" => d,
        _ => bail!("--format parquet writes a directory: give it with -o DIR"),
    };
    if args.source.reads_stdin() {
        bail!("--format parquet reads files, directories and JSON Lines, not standard input");
    }
    if args.source.named().contains(&dir) {
        bail!(
            "{}: is an input; write the shard elsewhere",
            display_path(dir)
        );
    }
    config::threads(args.output.threads, messages)?;
    let docs = documents(&args.source, None)?;
    let bar = Bar::new("documents", args.output.quiet);
    let summary = parquet::write_shard(scanner, docs, &bar, dir, |f| messages.error(&f.error))?;
    crate::engine::Observer::finish(&bar);
    let summary = crate::report::Summary::new(summary.documents, messages.errors(), 0);
    Ok(summary.status)
}
