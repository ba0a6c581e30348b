//! `neardup check [INPUT...]`: the corpus scanned and analysed for padding,
//! held against the policy (neardup.toml and flags), compared with a
//! baseline, rendered for people or a CI system.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::check::{self, Baseline, Policy};
use crate::cli::args::{CheckArgs, CheckFormat};
use crate::cli::commands::scan::{Spool, documents, pending, scanner};
use crate::cli::config;
use crate::cli::exit::ExitStatus;
use crate::cli::messages::Messages;
use crate::cli::output::Target;
use crate::cli::progress::Bar;
use crate::engine::Observer;
use crate::padding::{Padder, PaddingOptions};
use crate::render;
use crate::report::check::{CheckReport, CheckStats, SCHEMA_VERSION};
use crate::report::scan::FailedDocument;
use crate::report::scan::ScanReport;
use crate::report::{Status, Summary, content_hash};
use crate::scan::{self, Index, Scanner};
use crate::store::Store;

/// The policy file looked for in the current directory.
const DEFAULT_CONFIG: &str = "neardup.toml";

/// The policy file's text and name: `--config`, else `neardup.toml` if the
/// current directory has one.
fn policy(args: &CheckArgs) -> Result<(Policy, Option<String>)> {
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => Some(PathBuf::from(DEFAULT_CONFIG)).filter(|p| p.is_file()),
    };
    let mut policy = match &path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the policy file {}", p.display()))?;
            Policy::from_toml(&text, &p.display().to_string())?
        }
        None => Policy::default(),
    };
    if let Some(v) = args.max_similarity {
        policy.limits.max_similarity = v;
    }
    if let Some(v) = args.max_containment {
        policy.limits.max_containment = v;
    }
    if let Some(v) = args.max_padding {
        policy.limits.max_padding = v;
    }
    if let Some(v) = args.min_passage_tokens {
        policy.min_passage_tokens = v;
    }
    if let Some(v) = args.boilerplate_min_docs {
        policy.boilerplate_min_docs = v;
    }
    Ok((policy, path.map(|p| p.display().to_string())))
}

/// The files changed since `rev` (committed, staged or not) and the
/// untracked ones, canonicalised; deleted files are left out.
fn changed_since(rev: &str) -> Result<BTreeSet<PathBuf>> {
    let git = |args: &[&str]| -> Result<Vec<u8>> {
        let out = Command::new("git")
            .args(args)
            .output()
            .context("--changed-since runs git, which could not be started")?;
        if !out.status.success() {
            bail!(
                "--changed-since {rev}: git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(out.stdout)
    };
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let mut names = git(&["diff", "--name-only", "-z", rev, "--"])?;
    names.extend(git(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "-z",
        "--full-name",
    ])?);
    Ok(names
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .filter_map(|n| {
            top.join(String::from_utf8_lossy(n).as_ref())
                .canonicalize()
                .ok()
        })
        .collect())
}

/// Run `check`.
pub fn run(mut args: CheckArgs, err: &mut dyn Write) -> Result<ExitStatus> {
    let mut messages = Messages::new(err);
    let (policy, config_name) = policy(&args)?;
    if args.source.is_empty() {
        if policy.paths.is_empty() {
            bail!(
                "nothing to check: give files, directories or JSON Lines, or list them as `paths` in {DEFAULT_CONFIG}"
            );
        }
        args.source.inputs = policy.paths.iter().map(PathBuf::from).collect();
    }
    // Against an index, near-duplicates are verified down to its
    // threshold (its LSH banding was chosen for it).
    let threshold = match &args.against {
        Some(db) => {
            let t = Store::read_params(db)?.threshold;
            if policy.lowest_similarity() < t {
                bail!(
                    "{} was built for near-duplicates from Jaccard {t}; max_similarity {} needs an index built with --threshold {} or lower",
                    db.display(),
                    policy.lowest_similarity(),
                    policy.lowest_similarity()
                );
            }
            t
        }
        None => policy.lowest_similarity(),
    };
    let scanner = scanner(
        &crate::cli::args::ScanSettings { threshold },
        &args.text,
        &args.sketch,
        |o| {
            o.align.min_tokens = policy.min_passage_tokens;
            o.boilerplate_min_docs = policy.boilerplate_min_docs;
            o.derivation = args.derivation;
        },
    )?;
    let mut inputs = args.source.named();
    inputs.extend(args.baseline.as_deref());
    inputs.extend(args.config.as_deref());
    inputs.extend(args.against.as_deref());
    let mut out = config::output(&args.output, &inputs)?;
    // The baseline file is opened now, so a bad path fails before the work.
    let baseline_out = match &args.write_baseline {
        Some(p) => Some(Target::open(Some(p), &inputs)?),
        None => None,
    };
    let baseline = match &args.baseline {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the baseline {}", p.display()))?;
            Some(Baseline::from_json(&text, &p.display().to_string())?)
        }
        None => None,
    };
    let changed = match &args.changed_since {
        Some(rev) => Some(changed_since(rev)?),
        None => None,
    };
    config::threads(args.output.threads, &mut messages)?;
    let spool = if args.source.reads_stdin() {
        Some(Spool::new()?)
    } else {
        None
    };

    let bar = Bar::new("documents", args.output.quiet);
    let (report, ids, focus) = match &args.against {
        Some(db) => against(&args, &scanner, db, spool.as_ref(), &bar)?,
        None => local(&args, &scanner, changed, spool.as_ref(), &bar)?,
    };
    let documents_read = ids.len() as u64;
    let mut failures = report.failures.clone();

    // Padding, when some limit is under 1.
    let mut padding = Vec::new();
    let padding_on = policy.limits.max_padding < 1.0
        || policy
            .overrides
            .iter()
            .any(|o| o.max_padding.is_some_and(|v| v < 1.0));
    if padding_on {
        let padder = Padder::new(PaddingOptions {
            text: config::text_options(&args.text)?,
            ..PaddingOptions::default()
        })?;
        let docs = documents(&args.source, spool.as_ref())?
            .filter(|(id, _)| focus.as_ref().is_none_or(|f| f.contains(id)))
            .map(|(id, text)| {
                let text = text.and_then(|t| scan::load(&id, t));
                (id, text)
            });
        crate::engine::padding::analyze_all(&padder, docs, &bar, &mut |r| {
            match r {
                Ok(d) => padding.push((content_hash(d.doc.text.text()), d)),
                Err(f) => failures.push(FailedDocument {
                    id: f.inputs.into_iter().next().unwrap_or_default(),
                    error: f.error,
                }),
            }
            Ok(())
        })?;
        bar.finish();
    }
    failures.sort_by(|a, b| a.id.cmp(&b.id).then(a.error.cmp(&b.error)));
    failures.dedup_by(|a, b| a.id == b.id);
    for f in &failures {
        messages.error(&f.error);
    }

    let mut findings = check::findings(&policy, &report, &padding, focus.as_ref());
    let mut absent = match &baseline {
        Some(b) => b.apply(&mut findings),
        None => Vec::new(),
    };
    // A baseline written now accepts every finding of this run.
    let written = baseline_out.as_ref().map(|_| Baseline::of(&findings));
    if let Some(b) = &written {
        b.apply(&mut findings);
        absent.clear();
    }
    let checked: Vec<String> = match &focus {
        Some(f) => f.iter().cloned().collect(),
        None => ids,
    };
    let checked_count = match &report.against {
        Some(a) => a.new + a.changed,
        None => checked.len() as u64,
    };
    let failing = findings.iter().filter(|f| f.fails()).count() as u64;
    let stats = CheckStats {
        documents: documents_read + failures.len() as u64,
        checked: checked_count,
        failed: failures.len() as u64,
        findings: findings.len() as u64,
        failing,
        baselined: findings
            .iter()
            .filter(|f| f.allowed.is_none() && !f.fails())
            .count() as u64,
        allowed: findings.iter().filter(|f| f.allowed.is_some()).count() as u64,
        absent: absent.len() as u64,
    };
    let mut summary = Summary::new(stats.checked, stats.failed, failing);
    if summary.status == Status::Findings && args.exit_zero {
        summary.status = Status::Clean;
        summary.exit_code = Status::Clean.code();
    }
    let report = CheckReport {
        schema_version: SCHEMA_VERSION,
        policy: check::policy_info(&policy, config_name),
        stats,
        findings,
        absent,
        failures,
        documents: checked,
        summary,
    };

    if let (Some(mut target), Some(b)) = (baseline_out, written) {
        render::json::pretty(target.writer(), &b)?;
        target.commit()?;
    }
    let writer = out.target.writer();
    match args.format {
        CheckFormat::Human => render::check::human(writer, &report, &out.render)?,
        CheckFormat::Json => render::json::pretty(writer, &report)?,
        CheckFormat::Github => render::check::github(writer, &report)?,
        CheckFormat::Sarif => render::check::sarif(writer, &report)?,
        CheckFormat::Junit => render::check::junit(writer, &report)?,
    }
    out.target.commit()?;
    Ok(report.summary.status)
}

/// The scan of the corpus itself; with `changed` files, focused on the
/// documents among them. Returns the report, every document id read, and
/// the focus.
fn local(
    args: &CheckArgs,
    scanner: &Scanner,
    changed: Option<BTreeSet<PathBuf>>,
    spool: Option<&Spool>,
    bar: &Bar,
) -> Result<(ScanReport, Vec<String>, Option<BTreeSet<String>>)> {
    let mut index = Index::new();
    let mut ids = index.add_all(scanner, pending(&args.source, spool)?, bar);
    ids.sort();
    ids.dedup();
    // Only ids named like a changed file cost a canonicalisation.
    let focus: Option<BTreeSet<String>> = changed.map(|files| {
        let names: BTreeSet<&std::ffi::OsStr> =
            files.iter().filter_map(|f| f.file_name()).collect();
        ids.iter()
            .filter(|id| {
                let p = Path::new(id.as_str());
                p.file_name().is_some_and(|n| names.contains(n))
                    && p.canonicalize().is_ok_and(|p| files.contains(&p))
            })
            .cloned()
            .collect()
    });
    if let Some(f) = &focus {
        index.focus(f.iter().cloned());
    }
    let report = index.finish(scanner, pending(&args.source, spool)?, bar, None)?;
    Ok((report, ids, focus))
}

/// The documents checked against a persistent index: every document given
/// is in focus (those the index holds unchanged have no finding).
fn against(
    args: &CheckArgs,
    scanner: &Scanner,
    db: &Path,
    spool: Option<&Spool>,
    bar: &Bar,
) -> Result<(ScanReport, Vec<String>, Option<BTreeSet<String>>)> {
    let store = Store::open(db, scanner)?;
    let mut ids: Vec<String> = Vec::new();
    let docs = documents(&args.source, spool)?.inspect(|(id, text)| {
        if text.is_ok() {
            ids.push(id.clone());
        }
    });
    let report = store.against(scanner, docs, bar, None)?;
    ids.sort();
    ids.dedup();
    let focus = ids.iter().cloned().collect();
    Ok((report, ids, Some(focus)))
}
