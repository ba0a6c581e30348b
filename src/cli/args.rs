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
    /// Scan a corpus: near-duplicate clusters, passages copied across
    /// documents, and boilerplate lines shared by many documents.
    Scan(ScanArgs),
    /// Compare two documents: similarity both ways and every shared passage.
    Compare(CompareArgs),
    /// Report where each document repeats itself or is padded with keyword
    /// lists and page furniture.
    Padding(PaddingArgs),
    /// Group the sentences of several articles on one story into facts and
    /// show how each outlet reported them.
    Frame(FrameArgs),
    /// Sketch documents into a shard: JSON Lines for `scan --sketches`, or
    /// Parquet tables for the band join on Spark (`--format parquet`).
    Sketch(SketchCmdArgs),
    /// A CI gate: fail when documents are copied, near-duplicated or padded
    /// beyond the policy in neardup.toml, except what a baseline accepts.
    Check(CheckArgs),
    /// Build, update or verify a persistent index of a corpus (one SQLite
    /// file) that `scan NEW... --against FILE` checks new documents with.
    Index(IndexArgs),
    /// Write shell completions or the man page to standard output.
    Generate(GenerateArgs),
}

/// `neardup generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to write.
    #[arg(value_enum)]
    pub what: Generated,
}

/// What `neardup generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Generated {
    /// The man page (roff), e.g. `neardup generate man > neardup.1`.
    Man,
    /// Bash completions.
    Bash,
    /// Zsh completions.
    Zsh,
    /// Fish completions.
    Fish,
    /// PowerShell completions.
    Powershell,
    /// Elvish completions.
    Elvish,
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
    /// Output format (html: one pair only).
    #[arg(long, value_enum, default_value_t = Format::Human, help_heading = "Output")]
    pub format: Format,
    /// Encoding of the documents: a WHATWG label (`windows-1252`, …) or
    /// `auto` (default: UTF-8, or what a byte-order mark says).
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding, help_heading = "Input")]
    pub encoding: Option<crate::corpus::Encoding>,
    /// Largest document read, in bytes (default 256 MiB, at most 4 GiB).
    #[arg(long, value_name = "BYTES", default_value_t = crate::corpus::DEFAULT_MAX_BYTES, help_heading = "Input")]
    pub max_bytes: u64,
    /// How human output shows a comparison (default: side-by-side on a
    /// terminal at least 100 columns wide, else summary).
    #[arg(long, value_enum, value_name = "VIEW", help_heading = "Output")]
    pub view: Option<View>,
    /// Shortest shared passage reported, in words.
    #[arg(long, value_name = "N", default_value_t = crate::align::DEFAULT_MIN_TOKENS)]
    pub min_tokens: u32,
    /// Which sentence rows to list: every row, only pairs of sentences, or
    /// none (scores and passages only; least time and memory). Default:
    /// `all` for human output, `matched` for JSON, where the rows of
    /// sentences without counterpart made up two thirds of the output.
    #[arg(long, value_enum, value_name = "ROWS", help_heading = "Output")]
    pub sentences: Option<Sentences>,
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

/// `neardup padding`.
#[derive(Debug, Args)]
pub struct PaddingArgs {
    /// Documents to analyse: files, folders (walked, honouring .gitignore)
    /// or `-` for standard input.
    #[arg(required_unless_present = "jsonl", value_name = "PATHS")]
    pub files: Vec<PathBuf>,
    /// Exit 1 when a document's padding ratio (share of its text that
    /// repeats earlier text) is at least RATIO (0-1).
    #[arg(long, value_name = "RATIO", value_parser = parse_unit)]
    pub fail_over: Option<f64>,
    /// Write each document without its repeats (first occurrences stay)
    /// into DIR, under its own file name. DIR is created if needed; an
    /// input file is never overwritten.
    #[arg(long, value_name = "DIR")]
    pub emit_clean: Option<PathBuf>,
    /// Shortest repeated passage reported, in words (whole repeated lines
    /// count from 3 words).
    #[arg(long, value_name = "N", default_value_t = crate::padding::DEFAULT_MIN_TOKENS)]
    pub min_tokens: u32,
    /// Shingle size in words (2-64), for seeding repeated passages.
    #[arg(long, value_name = "K", default_value_t = crate::shingle::DEFAULT_K as u32)]
    pub shingle: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human, help_heading = "Output")]
    pub format: ListFormat,
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
    /// Text options.
    #[command(flatten)]
    pub text: TextArgs,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `neardup frame`.
#[derive(Debug, Args)]
pub struct FrameArgs {
    /// Documents on one story, one per outlet: files, folders or `-` for
    /// standard input.
    #[arg(required_unless_present = "jsonl", value_name = "PATHS")]
    pub files: Vec<PathBuf>,
    /// Lowest same-fact score (0-1) of a unit with its fact's centre.
    #[arg(long, value_name = "SCORE", value_parser = parse_unit, default_value_t = crate::frame::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Lowest same-fact score (0-1) between two members of a fact from
    /// different documents [default: half the threshold].
    #[arg(long, value_name = "SCORE", value_parser = parse_unit)]
    pub pair_threshold: Option<f64>,
    /// Fewest content words (or name variants) two sentences must share to
    /// be linked at all.
    #[arg(long, value_name = "N", default_value_t = crate::frame::DEFAULT_MIN_SHARED)]
    pub min_shared: usize,
    /// Most sentences of one document in one fact.
    #[arg(long, value_name = "N", default_value_t = crate::frame::DEFAULT_PER_OUTLET,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub per_outlet: usize,
    /// Language of the documents (name or ISO code).
    #[arg(long, value_name = "LANG", default_value = "english")]
    pub lang: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FrameFormat::Human, help_heading = "Output")]
    pub format: FrameFormat,
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Output formats of `frame`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameFormat {
    /// For people.
    Human,
    /// One pretty JSON document.
    Json,
    /// A self-contained HTML report.
    Html,
}

/// Where documents come from.
#[derive(Debug, Args)]
#[command(next_help_heading = "Input")]
pub struct SourceArgs {
    /// Files, directories (walked recursively, honouring .gitignore and
    /// .ignore, skipping hidden files) and `-` for standard input. Files
    /// ending in `.jsonl` are JSON Lines, one document per line; `.html` and
    /// `.htm` files are read as their text.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Input options.
    #[command(flatten)]
    pub input: InputArgs,
}

/// Cluster representative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeepArg {
    /// The first member by id.
    First,
    /// The member with the most words.
    Longest,
}

/// A kind of scan finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindArg {
    /// Near-duplicate clusters.
    NearDuplicates,
    /// Passages copied across documents.
    Copies,
    /// Lines and sentences shared by many documents.
    Boilerplate,
}

/// Scan output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// A summary for people.
    Human,
    /// One JSON document (schema in the README).
    Json,
    /// One record per cluster, copied pair and boilerplate line, then the
    /// summary.
    Jsonl,
    /// A self-contained HTML report (use with -o).
    Html,
}

/// Scan settings shared by `scan` and `sketch`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Scan")]
pub struct ScanSettings {
    /// Jaccard similarity (0-1) at which documents are near-duplicates.
    #[arg(long, value_name = "J", default_value_t = crate::scan::DEFAULT_THRESHOLD, value_parser = parse_unit)]
    pub threshold: f64,
}

/// `neardup scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The documents.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Use these sketch shards (from `neardup sketch`) instead of sketching
    /// INPUT; INPUT is then read only to verify candidates. It takes every
    /// value that follows: give INPUT first (`scan DIR --sketches A B`) or
    /// repeat the flag.
    #[arg(long, value_name = "SHARD", num_args = 1.., help_heading = "Input")]
    pub sketches: Vec<PathBuf>,
    /// Check INPUT against a persistent index (`neardup index build`):
    /// report only the clusters and copied pairs that involve a document
    /// of INPUT that the index does not hold as it is. The sketch and
    /// threshold options must be the index's.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["sketches", "candidates"],
        help_heading = "Input"
    )]
    pub against: Option<PathBuf>,
    /// Take the near-duplicate candidate pairs from the output directory of
    /// the Spark band join (spark/neardup_lsh.py over `sketch --format
    /// parquet` shards) instead of computing LSH buckets here; they are
    /// verified exactly on INPUT, and the report is the one a local scan
    /// gives.
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    pub candidates: Option<PathBuf>,
    /// Settings.
    #[command(flatten)]
    pub settings: ScanSettings,
    /// What to find and list (comma-separated); a kind left out is not
    /// searched, and a scan for near-duplicates alone skips the passage
    /// and line indexes.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "KINDS",
        default_value = "near-duplicates,copies,boilerplate",
        help_heading = "Scan"
    )]
    pub find: Vec<FindArg>,
    /// Which member of a cluster represents it.
    #[arg(long, value_enum, default_value_t = KeepArg::First, help_heading = "Scan")]
    pub keep: KeepArg,
    /// A line, or a sentence at the start or end of a paragraph, held by at
    /// least N documents is boilerplate (2 or more).
    #[arg(long, value_name = "N", default_value_t = crate::scan::DEFAULT_BOILERPLATE_MIN_DOCS,
          value_parser = clap::value_parser!(u32).range(2..), help_heading = "Scan")]
    pub boilerplate_min_docs: u32,
    /// Keep boilerplate in copied passages and their scores.
    #[arg(long, help_heading = "Scan")]
    pub keep_boilerplate: bool,
    /// Judge each copied pair's derivation both ways, as `compare` does
    /// (wholly, partially or not derived; verbatim, rewritten and new
    /// shares), and rank copied pairs by it. A scan takes about half as
    /// long again on a corpus full of copies.
    #[arg(long, help_heading = "Scan")]
    pub derivation: bool,
    /// Ignore passage fingerprints held by more than N documents.
    #[arg(long, value_name = "N", default_value_t = crate::scan::DEFAULT_MAX_DF, help_heading = "Scan")]
    pub max_df: u32,
    /// Largest LSH bucket paired in full (default 2000); a larger bucket
    /// pairs its first document by id with each other one. With
    /// --candidates the Spark run's cap is used.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..), help_heading = "Scan")]
    pub max_bucket: Option<usize>,
    /// Shortest copied passage, in words.
    #[arg(long, value_name = "N", default_value_t = crate::align::DEFAULT_MIN_TOKENS, help_heading = "Scan")]
    pub min_tokens: u32,
    /// Exit 1 when a cluster (its highest similarity to the representative)
    /// or a copied pair (its score) is at or over SCORE (0-1).
    #[arg(long, value_name = "SCORE", value_parser = parse_unit)]
    pub fail_over: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Human, help_heading = "Output")]
    pub format: ScanFormat,
    /// Show the LSH banding and candidate counts.
    #[arg(long, short = 'v', help_heading = "Output")]
    pub verbose: bool,
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

/// Check output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `path:line:column: rule: message`, for people and editors.
    Human,
    /// One JSON document (the check report).
    Json,
    /// GitHub Actions workflow commands: annotations in pull requests.
    Github,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).
    Sarif,
    /// JUnit XML: one test case per document.
    Junit,
}

/// `neardup check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The documents (default: `paths` in the policy file).
    #[command(flatten)]
    pub source: SourceArgs,
    /// The policy file (default: neardup.toml in the current directory, if
    /// there is one; else the defaults below).
    #[arg(long, value_name = "FILE", help_heading = "Policy")]
    pub config: Option<PathBuf>,
    /// Two documents more alike than this (Jaccard, 0-1) are a finding
    /// [policy default: 0.8].
    #[arg(long, value_name = "J", value_parser = parse_unit, help_heading = "Policy")]
    pub max_similarity: Option<f64>,
    /// A document whose share inside passages copied from another is over
    /// this (0-1) is a finding [policy default: 0.5].
    #[arg(long, value_name = "SHARE", value_parser = parse_unit, help_heading = "Policy")]
    pub max_containment: Option<f64>,
    /// Shortest copied passage counted, in words [policy default: 25].
    #[arg(long, value_name = "N", help_heading = "Policy")]
    pub min_passage_tokens: Option<u32>,
    /// A document whose share repeating its own text is over this (0-1)
    /// is a finding [policy default: 0.25].
    #[arg(long, value_name = "SHARE", value_parser = parse_unit, help_heading = "Policy")]
    pub max_padding: Option<f64>,
    /// Lines and paragraph-edge sentences held by at least N documents are
    /// boilerplate, not copying [policy default: 3].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..), help_heading = "Policy")]
    pub boilerplate_min_docs: Option<u32>,
    /// Judge each copied pair's derivation both ways, as `compare` does,
    /// and say in the copied-passage finding which document is derived
    /// from which.
    #[arg(long, help_heading = "Policy")]
    pub derivation: bool,
    /// Fail only on findings not in this baseline file; report entries
    /// that no longer occur.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as the accepted baseline in FILE (the
    /// run then passes unless a document cannot be read).
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Check only the documents changed since this git revision (and
    /// untracked ones), against the whole corpus.
    #[arg(long, value_name = "REV", help_heading = "Baseline")]
    pub changed_since: Option<String>,
    /// Check INPUT (new or changed documents) against a persistent index
    /// (`neardup index build`) instead of against each other only. The
    /// index's threshold must be at or under every `max_similarity`.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "changed_since",
        help_heading = "Input"
    )]
    pub against: Option<PathBuf>,
    /// Report findings without failing: exit 0 unless a document cannot
    /// be read.
    #[arg(long, help_heading = "Output")]
    pub exit_zero: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human, help_heading = "Output")]
    pub format: CheckFormat,
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

/// `neardup index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// What to do with the index.
    #[command(subcommand)]
    pub command: IndexCommand,
}

/// The subcommands of `neardup index`.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Index a corpus into a new file: texts, content hashes, signatures,
    /// band keys, passage fingerprints and line counts, with the
    /// parameters. An existing file is replaced only once the new one is
    /// complete.
    Build(IndexBuildArgs),
    /// Bring an index up to date with its corpus, given whole as INPUT:
    /// new documents are added, changed ones replaced, and documents no
    /// longer given removed, in one transaction (an interrupted update
    /// leaves the index as it was). The index's own parameters are used.
    Update(IndexUpdateArgs),
    /// Check a whole index file: SQLite's integrity check, every text
    /// against its content hash, the lookup tables against the documents.
    Verify(IndexVerifyArgs),
}

/// Run settings of `index build` and `index update`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct RunArgs {
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads, 1 to 256 (default: one per core). The index does
    /// not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=256))]
    pub threads: Option<usize>,
}

/// `neardup index build`.
#[derive(Debug, Args)]
pub struct IndexBuildArgs {
    /// The documents.
    #[command(flatten)]
    pub source: SourceArgs,
    /// The index file to write.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: PathBuf,
    /// Settings.
    #[command(flatten)]
    pub settings: ScanSettings,
    /// Text options.
    #[command(flatten)]
    pub text: TextArgs,
    /// Sketch options.
    #[command(flatten)]
    pub sketch: SketchArgs,
    /// Run settings.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `neardup index update`.
#[derive(Debug, Args)]
pub struct IndexUpdateArgs {
    /// The whole corpus as it is now.
    #[command(flatten)]
    pub source: SourceArgs,
    /// The index file to update.
    #[arg(long, value_name = "FILE")]
    pub index: PathBuf,
    /// Run settings.
    #[command(flatten)]
    pub run: RunArgs,
}

/// `neardup index verify`.
#[derive(Debug, Args)]
pub struct IndexVerifyArgs {
    /// The index file.
    #[arg(value_name = "FILE")]
    pub index: PathBuf,
}

/// `neardup sketch`.
#[derive(Debug, Args)]
pub struct SketchCmdArgs {
    /// The documents.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Settings.
    #[command(flatten)]
    pub settings: ScanSettings,
    /// Shard format: JSON Lines for `scan --sketches`, or a directory of
    /// Parquet tables (band keys, documents, parameters) for the Spark band
    /// join (needs -o DIR).
    #[arg(long, value_enum, default_value_t = ShardFormat::Jsonl, help_heading = "Output")]
    pub format: ShardFormat,
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

/// Shard formats of `sketch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShardFormat {
    /// One JSON Lines file: a header, then one line per document.
    Jsonl,
    /// A directory: params.json, bands/ and documents/ Parquet tables.
    Parquet,
}

/// How documents are found and read.
#[derive(Debug, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Read documents from a JSON Lines file (`-` for standard input), one
    /// object per line; may be given more than once.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Vec<PathBuf>,
    /// JSON Lines field holding a document's id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// JSON Lines field holding a document's text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// Only read walked files matching GLOB (gitignore syntax; `!GLOB`
    /// excludes); may be given more than once.
    #[arg(short, long, value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Also read hidden files and directories when walking folders.
    #[arg(long)]
    pub hidden: bool,
    /// Do not honour .gitignore and .ignore files when walking folders.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links met while walking folders.
    #[arg(short = 'L', long)]
    pub follow: bool,
    /// Encoding of files and standard input: a WHATWG label
    /// (`windows-1252`, `latin1`, `shift_jis`, …) or `auto` to detect it
    /// (default: UTF-8, or what a byte-order mark says).
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    pub encoding: Option<crate::corpus::Encoding>,
    /// Largest document read, in bytes; larger ones are skipped with an
    /// error (default 256 MiB, at most 4 GiB).
    #[arg(long, value_name = "BYTES", default_value_t = crate::corpus::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

fn parse_encoding(s: &str) -> Result<crate::corpus::Encoding, String> {
    s.parse()
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
    /// Number of MinHash values per signature (one-permutation bins).
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
    /// Write to FILE instead of standard output (`-` is standard output).
    /// The file is replaced only when the run has written its output, so
    /// a failed run leaves it as it was; naming an input is refused.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress bar (it shows on a terminal's stderr for long runs).
    #[arg(short, long)]
    pub quiet: bool,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Width of human output in columns, 20 or more (default: the
    /// terminal's, else 80).
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(20..=100_000))]
    pub width: Option<usize>,
    /// Worker threads, 1 to 256 (default: one per core; more than four per
    /// core is cut to that). Output does not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=256))]
    pub threads: Option<usize>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Human,
    /// One pretty JSON document.
    Json,
    /// One JSON object per line, then a summary line.
    Jsonl,
    /// A self-contained HTML report (one pair only).
    Html,
}

/// Output formats of commands that report on a list of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// For people.
    Human,
    /// One pretty JSON document.
    Json,
    /// One JSON object per line, then a summary line.
    Jsonl,
}

impl From<ListFormat> for Format {
    fn from(f: ListFormat) -> Format {
        match f {
            ListFormat::Human => Format::Human,
            ListFormat::Json => Format::Json,
            ListFormat::Jsonl => Format::Jsonl,
        }
    }
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

/// Which sentence rows `compare` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sentences {
    /// No sentence rows.
    None,
    /// Pairs of sentences only.
    Matched,
    /// Every row, sentences without counterpart included.
    All,
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
