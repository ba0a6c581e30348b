//! Raw flags → resolved settings, once: engine options, render options
//! (colour from `--color`, the terminal and `NO_COLOR`; width from `--width`,
//! the terminal, `COLUMNS`, then 80) and the output target.

use std::fs::File;
use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};

use super::args::{ColorChoice, OutputArgs, SketchArgs, TextArgs, View};
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

/// Sketch parameters from flags.
pub fn sketch_params(a: &SketchArgs) -> Result<SketchParams> {
    let p = SketchParams {
        num_perm: a.perms,
        seed: a.seed,
        shingle: a.shingle,
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
    /// The writer (buffered).
    pub writer: Box<dyn Write>,
    /// Render settings.
    pub render: RenderOptions,
    /// Whether the writer is an interactive terminal.
    pub is_terminal: bool,
    /// The human view: `--view`, else side-by-side on a terminal at least
    /// [`SIDE_BY_SIDE_MIN_WIDTH`] columns wide, else the summary.
    pub view: View,
}

/// Open the output target and resolve colour and width.
pub fn output(a: &OutputArgs) -> Result<Output> {
    let to_file = a.output.as_ref().filter(|p| p.as_os_str() != "-");
    let (writer, is_terminal): (Box<dyn Write>, bool) = match to_file {
        Some(path) => {
            let f =
                File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
            (Box::new(io::BufWriter::new(f)), false)
        }
        None => {
            let out = io::stdout();
            let tty = out.is_terminal();
            (Box::new(io::BufWriter::new(out)), tty)
        }
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && !no_color,
    };
    let width = a.width.unwrap_or_else(terminal_width).max(20);
    let view = view(a.view, is_terminal, width);
    Ok(Output {
        writer,
        render: RenderOptions { color, width },
        is_terminal,
        view,
    })
}

/// The view asked for, else the default for this output.
fn view(asked: Option<View>, is_terminal: bool, width: usize) -> View {
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

/// A rayon pool with `threads` workers (default: one per core).
pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        b = b.num_threads(n);
    }
    b.build().context("cannot start worker threads")
}

/// The display name of an input path.
pub fn display(path: &std::path::Path) -> String {
    path.display().to_string()
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
