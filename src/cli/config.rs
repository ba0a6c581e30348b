//! Raw flags → resolved settings, once: engine options, render options
//! (colour from `--color`, the terminal and `NO_COLOR`; width from `--width`,
//! the terminal, `COLUMNS`, then 80) and the output target.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::args::{ColorChoice, InputArgs, OutputArgs, SketchArgs, TextArgs, View};
use super::messages::Messages;
use super::output::Target;
use crate::corpus::{Input, SourceOptions};
use crate::render::RenderOptions;
use crate::sketch::SketchParams;
use crate::text::{Language, TextOptions};

/// Text options from flags.
pub fn text_options(a: &TextArgs) -> Result<TextOptions> {
    let language: Language = a.lang.parse().map_err(anyhow::Error::msg)?;
    Ok(TextOptions {
        language,
        stem: a.stem,
        remove_stopwords: a.stopwords,
        strip_diacritics: a.strip_diacritics,
    })
}

/// Where documents come from: `paths` (files, folders, `-`) and the
/// `--jsonl` inputs, with the reading options.
pub fn source(paths: &[PathBuf], a: &InputArgs) -> (Vec<Input>, SourceOptions) {
    let inputs = paths
        .iter()
        .cloned()
        .map(Input::Path)
        .chain(a.jsonl.iter().cloned().map(Input::Jsonl))
        .collect();
    let options = SourceOptions {
        globs: a.glob.clone(),
        hidden: a.hidden,
        no_ignore: a.no_ignore,
        follow_links: a.follow,
        id_field: a.id_field.clone(),
        text_field: a.text_field.clone(),
        max_bytes: a.max_bytes,
        encoding: a.encoding.unwrap_or_default(),
    };
    (inputs, options)
}

/// The input files a command names (paths and `--jsonl` files): what `-o`
/// may not overwrite.
pub fn named_inputs<'a>(paths: &'a [PathBuf], a: &'a InputArgs) -> Vec<&'a Path> {
    paths.iter().chain(&a.jsonl).map(PathBuf::as_path).collect()
}

/// Sketch parameters from flags.
pub fn sketch_params(a: &SketchArgs, text: TextOptions) -> Result<SketchParams> {
    let p = SketchParams {
        num_perm: a.perms,
        seed: a.seed,
        shingle: a.shingle,
        text,
        ..SketchParams::default()
    };
    p.validate()?;
    Ok(p)
}

/// Narrowest terminal that gets the side-by-side view by default: two
/// columns of about 48 characters, the narrowest that still reads as prose.
pub const SIDE_BY_SIDE_MIN_WIDTH: usize = 100;

/// Where output goes and how it looks.
pub struct Output {
    /// The target (standard output or a file replaced on success).
    pub target: Target,
    /// Render settings.
    pub render: RenderOptions,
}

/// Open the output target and resolve colour and width. `inputs` are the
/// run's input files, which `-o` may not name.
pub fn output(a: &OutputArgs, inputs: &[&Path]) -> Result<Output> {
    let target = Target::open(a.output.as_deref(), inputs)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => target.is_terminal() && !no_color,
    };
    let width = a.width.unwrap_or_else(terminal_width).max(20);
    Ok(Output {
        target,
        render: RenderOptions { color, width },
    })
}

/// The view asked for, else the default for this output.
pub fn view(asked: Option<View>, is_terminal: bool, width: usize) -> View {
    match asked {
        Some(v) => v,
        None if is_terminal && width >= SIDE_BY_SIDE_MIN_WIDTH => View::SideBySide,
        None => View::Summary,
    }
}

fn terminal_width() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return w as usize;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}

/// Most worker threads per core: more only add switching and memory.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// Start the process's worker threads: `threads` of them (default: one per
/// core; more than [`MAX_THREADS_PER_CORE`] per core are cut, with a
/// warning). Call once per process.
pub fn threads(threads: Option<usize>, messages: &mut Messages<'_>) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = match threads {
        Some(n) if n > MAX_THREADS_PER_CORE * cores => {
            let max = MAX_THREADS_PER_CORE * cores;
            messages.warning(&format!(
                "--threads {n} is more than {MAX_THREADS_PER_CORE} per core on {cores} cores; using {max}"
            ));
            max
        }
        Some(n) => n,
        None => cores,
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global()
        .context("cannot start worker threads")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_only_on_wide_terminals_by_default() {
        assert_eq!(view(None, true, 100), View::SideBySide);
        assert_eq!(view(None, true, 99), View::Summary);
        assert_eq!(view(None, false, 200), View::Summary);
        assert_eq!(view(Some(View::Inline), false, 20), View::Inline);
        assert_eq!(view(Some(View::SideBySide), false, 20), View::SideBySide);
    }
}
