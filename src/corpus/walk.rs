//! Directory walks: `ignore`'s walker with our filters, sorted by name.

use std::path::{Path, PathBuf};

use ignore::overrides::{Override, OverrideBuilder};
use ignore::{Walk, WalkBuilder};

use super::SourceOptions;
use crate::error::{Error, Result};

/// The files under one directory, in path order; failures come out as
/// `Err((path, error))` in their place and the walk goes on.
pub(super) struct DirWalk {
    walk: Walk,
    root: PathBuf,
}

/// Build the include/exclude globs, matched relative to `root`.
pub(super) fn overrides(root: &Path, globs: &[String]) -> Result<Override> {
    let mut builder = OverrideBuilder::new(root);
    for glob in globs {
        builder
            .add(glob)
            .map_err(|e| Error::Usage(format!("invalid glob '{glob}': {}", inner(&e))))?;
    }
    builder
        .build()
        .map_err(|e| Error::Usage(format!("invalid globs: {e}")))
}

impl DirWalk {
    /// Walk `root` with the filters in `opts`.
    pub(super) fn new(root: &Path, opts: &SourceOptions) -> Result<DirWalk> {
        let mut builder = WalkBuilder::new(root);
        builder
            .standard_filters(true)
            .hidden(!opts.hidden)
            .require_git(false)
            .follow_links(opts.follow_links)
            .sort_by_file_name(|a, b| a.cmp(b))
            .overrides(overrides(root, &opts.globs)?);
        if opts.no_ignore {
            builder
                .ignore(false)
                .git_ignore(false)
                .git_global(false)
                .git_exclude(false)
                .parents(false);
        }
        Ok(DirWalk {
            walk: builder.build(),
            root: root.to_path_buf(),
        })
    }
}

impl Iterator for DirWalk {
    type Item = std::result::Result<PathBuf, (PathBuf, Error)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.walk.next()? {
                // Directories are walked into; symlinks met while walking
                // are skipped unless followed (then they have their
                // target's type); so are FIFOs, sockets and devices.
                Ok(entry) => {
                    // A directory whose ignore files could not be read or
                    // parsed carries the error; the rest of them still apply.
                    if let Some(e) = entry.error() {
                        let path = error_path(e).unwrap_or(entry.path()).to_path_buf();
                        let message = describe(e);
                        return Some(Err((path.clone(), Error::Walk { path, message })));
                    }
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        return Some(Ok(entry.into_path()));
                    }
                }
                Err(e) => return Some(Err(convert(&self.root, e))),
            }
        }
    }
}

/// The innermost error, without the path and depth wrappers.
fn inner(e: &ignore::Error) -> &ignore::Error {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => inner(err),
        e => e,
    }
}

/// The path an error is about (the walk's root when it names none).
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// A walk error as our error, with the path it concerns.
fn convert(root: &Path, e: ignore::Error) -> (PathBuf, Error) {
    let path = error_path(&e).unwrap_or(root).to_path_buf();
    let error = match e.io_error().is_some() {
        true => match e.into_io_error() {
            Some(source) => Error::Io {
                path: path.clone(),
                source,
            },
            None => Error::Walk {
                path: path.clone(),
                message: "read error".into(),
            },
        },
        false => Error::Walk {
            path: path.clone(),
            message: describe(&e),
        },
    };
    (path, error)
}

/// What went wrong, without the path (the entry's id names it).
fn describe(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => describe(err),
        ignore::Error::WithLineNumber { line, err } => format!("line {line}: {}", describe(err)),
        ignore::Error::Partial(errs) => errs.iter().map(describe).collect::<Vec<_>>().join("; "),
        ignore::Error::Loop { ancestor, .. } => format!(
            "symlink loop (points to its ancestor {})",
            ancestor.display()
        ),
        e => e.to_string(),
    }
}
