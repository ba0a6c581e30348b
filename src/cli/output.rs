//! The output target: standard output, or a file that is replaced only when
//! the run has produced its output.
//!
//! A file named with `-o` is written to a temporary file in the same
//! directory and renamed over the target at the end ([`Target::commit`]),
//! so a run that fails half way (bad usage, a write error, a panic) leaves
//! the old file as it was, and readers never see half a report. Naming one
//! of the run's inputs as the output is refused before anything is read.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

/// Where output goes.
pub struct Target {
    writer: BufWriter<Sink>,
    is_terminal: bool,
}

enum Sink {
    Stdout(io::Stdout),
    File { temp: NamedTempFile, path: PathBuf },
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File { temp, .. } => temp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File { temp, .. } => temp.flush(),
        }
    }
}

impl Target {
    /// Standard output when `path` is `None` or `-`, else a temporary file
    /// beside `path`. `inputs` are the run's input files: `path` may not be
    /// one of them.
    pub fn open(path: Option<&Path>, inputs: &[&Path]) -> Result<Self> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            let out = io::stdout();
            return Ok(Target {
                is_terminal: out.is_terminal(),
                writer: BufWriter::new(Sink::Stdout(out)),
            });
        };
        if let Ok(target) = fs::canonicalize(path) {
            for input in inputs {
                if fs::canonicalize(input).is_ok_and(|i| i == target) {
                    bail!(
                        "refusing to write the output over the input {}; choose another -o file",
                        path.display()
                    );
                }
            }
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".neardup-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Target {
            is_terminal: false,
            writer: BufWriter::new(Sink::File {
                temp,
                path: path.to_path_buf(),
            }),
        })
    }

    /// Whether output goes to an interactive terminal.
    pub fn is_terminal(&self) -> bool {
        self.is_terminal
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// End a run that produced `items` results and `errors` failures: a
    /// run with no result at all but errors leaves an existing file as it
    /// was; any other run commits its output.
    pub fn finish(self, items: u64, errors: u64) -> Result<()> {
        if items > 0 || errors == 0 {
            self.commit()
        } else {
            Ok(())
        }
    }

    /// Flush, and put a file in place of the target.
    pub fn commit(self) -> Result<()> {
        let sink = self
            .writer
            .into_inner()
            .map_err(|e| e.into_error())
            .context("cannot write the output")?;
        match sink {
            Sink::Stdout(mut s) => s.flush().context("cannot write the output"),
            Sink::File { temp, path } => {
                temp.as_file()
                    .sync_all()
                    .with_context(|| format!("cannot write {}", path.display()))?;
                temp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let mut t = Target::open(Some(&path), &[]).unwrap();
        t.writer().write_all(b"new").unwrap();
        t.writer().flush().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        t.commit().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        // Only the target is left: no temporary file.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dropped_target_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let mut t = Target::open(Some(&path), &[]).unwrap();
        t.writer().write_all(b"half").unwrap();
        drop(t);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_input_is_never_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "text").unwrap();
        let other = dir.path().join(".").join("a.txt");
        let err = Target::open(Some(&other), &[&path]).err().unwrap();
        assert!(err.to_string().contains("refusing"), "{err}");
    }
}
