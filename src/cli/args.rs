//! Command-line flags as the user typed them (clap derive). Turning them into
//! engine options and render settings happens in [`super::config`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find near-duplicate and reused text, and show how different sources framed
/// the same facts.
#[derive(Debug, Parser)]
#[command(name = "neardup", version, about, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 clean, 1 findings over a --fail-over threshold, 2 usage or input error."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two documents: similarity both ways and every shared passage.
    Compare(CompareArgs),
    /// Report where each document repeats itself or is padded with keyword
    /// lists and page furniture.
    Padding(super::commands::padding::PaddingArgs),
    /// Group the sentences of several articles on one story into facts and
    /// show how each outlet reported them.
    Frame(super::commands::frame::FrameArgs),
}

/// `neardup compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// First document (`-` for standard input).
    #[arg(required_unless_present = "pairs", conflicts_with = "pairs")]
    pub a: Option<PathBuf>,
    /// Second document.
    #[arg(required_unless_present = "pairs", conflicts_with = "pairs")]
    pub b: Option<PathBuf>,
    /// Compare every pair listed in FILE, one `A<TAB>B` per line, in
    /// parallel; results come out in input order.
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    /// Exit 1 when a pair's containment (either way) is at least SCORE (0-1).
    #[arg(long, value_name = "SCORE", value_parser = parse_unit)]
    pub fail_over: Option<f64>,
    /// Shortest shared passage reported, in words.
    #[arg(long, value_name = "N", default_value_t = crate::align::DEFAULT_MIN_TOKENS)]
    pub min_tokens: u32,
    /// Text options.
    #[command(flatten)]
    pub text: TextArgs,
    /// Sketch options.
    #[command(flatten)]
    pub sketch: SketchArgs,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How text becomes tokens.
#[derive(Debug, Args)]
#[command(next_help_heading = "Text")]
pub struct TextArgs {
    /// Compare word stems (`recognised` = `recognises`).
    #[arg(long)]
    pub stem: bool,
    /// Skip stopwords in shingles.
    #[arg(long)]
    pub stopwords: bool,
    /// Language of the documents: picks the stemmer and the stopwords used by
    /// --stem, --stopwords and the analyses (name or ISO code).
    #[arg(long, value_name = "LANG", default_value = "english")]
    pub lang: String,
    /// Fold accented letters to their base letter (`é` = `e`).
    #[arg(long)]
    pub strip_diacritics: bool,
}

/// Shingles and MinHash.
#[derive(Debug, Args)]
#[command(next_help_heading = "Sketch")]
pub struct SketchArgs {
    /// Shingle size in words.
    #[arg(long, value_name = "K", default_value_t = crate::shingle::DEFAULT_K as u32)]
    pub shingle: u32,
    /// Number of MinHash permutations.
    #[arg(long, value_name = "N", default_value_t = crate::sketch::DEFAULT_PERMS)]
    pub perms: u32,
    /// MinHash seed.
    #[arg(long, value_name = "S", default_value_t = crate::sketch::DEFAULT_SEED)]
    pub seed: u64,
}

/// Output settings.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// How human output shows a comparison (default: side-by-side on a
    /// terminal at least 100 columns wide, else summary).
    #[arg(long, value_enum, value_name = "VIEW")]
    pub view: Option<View>,
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Width of human output in columns (default: the terminal's, else 80).
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
    /// Worker threads (default: one per core). Output does not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub threads: Option<usize>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Human,
    /// One pretty JSON object.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A self-contained HTML report (one pair only).
    Html,
}

/// Human views of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum View {
    /// Scores and the numbered shared passages.
    Summary,
    /// A and B in two columns, matching sentences opposite each other,
    /// word differences marked.
    SideBySide,
    /// One column, word differences as `[-removed-]{+added+}`.
    Inline,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

pub(crate) fn parse_unit(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, not '{s}'")),
    }
}
