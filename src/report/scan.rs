//! The report of `neardup scan`: near-duplicate clusters, copied passages
//! across documents and cross-document boilerplate (JSON schema
//! [`SCHEMA_VERSION`]).

use serde::{Deserialize, Serialize};

use super::{DerivationSummary, Location, Summary, rounded};
use crate::align::PassageKind;

/// Version of the scan report's JSON shape; bumped on any change a reader
/// could notice. Version 3 added `params.derivation` and, with it, the
/// derivation of each copied pair ([`CopiedPair::a_from_b`],
/// [`CopiedPair::b_from_a`]), which then ranks copied pairs.
pub const SCHEMA_VERSION: u32 = 3;

/// The whole report (`--format json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The settings the run used.
    pub params: ScanParams,
    /// Counts of what the run saw.
    pub stats: ScanStats,
    /// Near-duplicate clusters, largest first.
    pub clusters: Vec<Cluster>,
    /// Pairs sharing passages, highest [`CopiedPair::rank`] first.
    pub copied: Vec<CopiedPair>,
    /// Lines found in many documents, most frequent first.
    pub boilerplate: Vec<Boilerplate>,
    /// Documents that could not be read, by id.
    pub failures: Vec<FailedDocument>,
    /// What a check against a persistent index saw (`scan --against`);
    /// absent from a plain scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against: Option<AgainstStats>,
    /// The counts the run ends with.
    pub summary: Summary,
}

#[cfg(test)]
impl ScanReport {
    /// A report of a scan that found nothing, under the default options.
    pub(crate) fn empty() -> ScanReport {
        ScanReport {
            schema_version: SCHEMA_VERSION,
            params: crate::scan::Scanner::new(crate::scan::ScanOptions::default())
                .unwrap()
                .params(),
            stats: ScanStats::default(),
            summary: crate::report::Summary::new(0, 0, 0),
            clusters: Vec::new(),
            copied: Vec::new(),
            boilerplate: Vec::new(),
            failures: Vec::new(),
            against: None,
        }
    }
}

/// Counts of a check against a persistent index: the documents given are
/// new, changed (the index holds their id with other content) or unchanged
/// (same id, same content: not checked again).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgainstStats {
    /// Documents in the index.
    pub indexed: u64,
    /// Documents given that the index does not hold.
    pub new: u64,
    /// Documents given whose id the index holds with other content; each
    /// is checked in place of its archived version.
    pub changed: u64,
    /// Documents given that the index holds as they are: not checked.
    pub unchanged: u64,
    /// Archived documents that shared a band key or enough passage
    /// fingerprints with a checked document, and were verified with it.
    pub candidates: u64,
}

/// The settings of a scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanParams {
    /// Jaccard similarity at which two documents are near-duplicates.
    pub threshold: f64,
    /// Which member represents a cluster: `first` (first by id) or
    /// `longest` (most tokens; ties to the first by id).
    pub keep: String,
    /// Shingle size in words.
    pub shingle: u32,
    /// MinHash values per signature (`--perms`).
    pub perms: u32,
    /// MinHash seed.
    pub seed: u64,
    /// Hash version of the build.
    pub hash_version: u32,
    /// Language.
    pub lang: String,
    /// Stemming.
    pub stem: bool,
    /// Stopwords skipped in shingles.
    pub stopwords: bool,
    /// Diacritics folded.
    pub strip_diacritics: bool,
    /// The LSH banding chosen for the threshold.
    pub lsh: LshInfo,
    /// Largest LSH bucket paired in full (larger ones become stars).
    pub max_bucket: u32,
    /// Winnowing window, in shingles, of the passage index.
    pub winnow_window: u32,
    /// Passage fingerprints held by more documents than this are ignored.
    pub max_df: u32,
    /// Fingerprints two documents must share to be aligned.
    pub min_shared: u32,
    /// Shortest copied passage, in tokens.
    pub min_tokens: u32,
    /// A line is boilerplate when at least this many documents hold it.
    pub boilerplate_min_docs: u32,
    /// Whether boilerplate lines still count in copied passages.
    pub keep_boilerplate: bool,
    /// The kinds of finding searched for and listed (`--find`):
    /// `near-duplicates`, `copies`, `boilerplate`; a kind not named was
    /// not searched, so its list is empty. Reports of schema 1 searched
    /// all three.
    #[serde(default = "all_kinds")]
    pub find: Vec<String>,
    /// Whether each copied pair's derivation was judged (`--derivation`;
    /// schema 3).
    #[serde(default)]
    pub derivation: bool,
}

/// The kinds of finding, as [`ScanParams::find`] names them.
pub const KINDS: [&str; 3] = ["near-duplicates", "copies", "boilerplate"];

/// What a report that does not say searched for.
fn all_kinds() -> Vec<String> {
    KINDS.map(String::from).to_vec()
}

impl ScanParams {
    /// Whether the scan searched for `kind` (as [`ScanParams::find`] names it).
    pub fn searched(&self, kind: &str) -> bool {
        self.find.iter().any(|k| k == kind)
    }
}

/// LSH banding and its expected miss rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LshInfo {
    /// Bands.
    pub bands: u32,
    /// Rows per band.
    pub rows: u32,
    /// Probability that a pair exactly at the threshold is never a
    /// candidate (pairs above it are missed less often).
    pub false_negative_rate: f64,
}

/// Counts of a scan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanStats {
    /// Documents indexed.
    pub documents: u64,
    /// Documents that failed.
    pub failed: u64,
    /// LSH candidate pairs (all verified exactly).
    pub candidate_pairs: u64,
    /// Candidate pairs at or over the threshold.
    pub verified_pairs: u64,
    /// LSH buckets over the cap.
    pub capped_buckets: u64,
    /// Pairs sharing enough passage fingerprints, aligned.
    pub aligned_pairs: u64,
    /// Passage fingerprints dropped by the document-frequency cut-off.
    pub frequent_fingerprints: u64,
}

/// A group of near-duplicate documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// 1-based number, in report order.
    pub id: u32,
    /// The member kept as representative.
    pub representative: String,
    /// Members, the representative first, then by id.
    pub members: Vec<Member>,
    /// The verified pairs (Jaccard at or over the threshold) joining it.
    pub pairs: Vec<VerifiedPair>,
    /// Highest Jaccard of a member with the representative.
    #[serde(serialize_with = "rounded")]
    pub max_similarity: f64,
}

/// One member of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Document id.
    pub id: String,
    /// Tokens.
    pub tokens: u32,
    /// Exact Jaccard with the representative (1 for itself).
    #[serde(serialize_with = "rounded")]
    pub similarity: f64,
    /// Hash of its text as scanned ([`crate::report::content_hash`]): the
    /// same text has the same hash whatever its name.
    pub content_hash: String,
}

/// A candidate pair verified at or over the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifiedPair {
    /// First document, by id.
    pub a: String,
    /// Second document.
    pub b: String,
    /// Exact Jaccard of their shingle sets.
    #[serde(serialize_with = "rounded")]
    pub jaccard: f64,
}

/// Two documents that share passages without being near-duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopiedPair {
    /// 1-based number, in report order.
    pub id: u32,
    /// First document, by id.
    pub a: String,
    /// Second document.
    pub b: String,
    /// Tokens of A (boilerplate excluded unless kept).
    pub a_tokens: u32,
    /// Tokens of B.
    pub b_tokens: u32,
    /// Share of A's tokens inside shared passages ("X% of A appears in B").
    #[serde(serialize_with = "rounded")]
    pub a_in_b: f64,
    /// Share of B's tokens inside shared passages.
    #[serde(serialize_with = "rounded")]
    pub b_in_a: f64,
    /// The larger of the two shares: what `--fail-over` reads.
    #[serde(serialize_with = "rounded")]
    pub score: f64,
    /// Exact Jaccard of the whole documents.
    #[serde(serialize_with = "rounded")]
    pub jaccard: f64,
    /// With `--derivation`, whether A was written from B: the verdict and
    /// shares of `compare`'s derivation of A against B ([`crate::derive`];
    /// the texts as scanned, boilerplate blanked unless kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a_from_b: Option<DerivationSummary>,
    /// With `--derivation`, whether B was written from A.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b_from_a: Option<DerivationSummary>,
    /// The shared passages, in A order.
    pub passages: Vec<CopiedPassage>,
}

impl CopiedPair {
    /// What ranks copied pairs: the larger derivation score of the two
    /// directions, when judged (a pair where one document was written
    /// from the other comes before two reports quoting the same speech),
    /// then the larger share.
    pub fn rank(&self) -> (f64, f64) {
        let derived = [&self.a_from_b, &self.b_from_a]
            .into_iter()
            .flatten()
            .map(|d| d.score)
            .fold(0.0, f64::max);
        (derived, self.score)
    }

    /// The directions in which one document derives from the other (not
    /// `not`), as `(derived, from, its summary)`, A from B first; none
    /// when the derivation was not judged. Both directions often are: a
    /// rewrite and its source each retell most of the other.
    pub fn derivations(&self) -> impl Iterator<Item = (&str, &str, &DerivationSummary)> {
        [
            (self.a.as_str(), self.b.as_str(), &self.a_from_b),
            (self.b.as_str(), self.a.as_str(), &self.b_from_a),
        ]
        .into_iter()
        .filter_map(|(x, y, d)| Some((x, y, d.as_ref()?)))
        .filter(|(_, _, d)| d.degree().is_some())
    }
}

/// One shared passage of a copied pair, with its text on both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopiedPassage {
    /// Where it stands in A (offsets into A's text; for HTML, the extracted
    /// text).
    pub a: Location,
    /// Where it stands in B.
    pub b: Location,
    /// Tokens on A's side.
    pub tokens: u32,
    /// Share of identical tokens.
    #[serde(serialize_with = "rounded")]
    pub identity: f64,
    /// How it was found.
    pub kind: PassageKind,
    /// The passage's text in A.
    pub a_text: String,
    /// The passage's text in B.
    pub b_text: String,
}

/// A line held by many documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// The line (trimmed, whitespace collapsed), as the first document by
    /// id holds it.
    pub line: String,
    /// Documents holding it.
    pub documents: u64,
    /// Up to three of them, first by id.
    pub examples: Vec<String>,
}

/// A document that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDocument {
    /// Its id.
    pub id: String,
    /// Why.
    pub error: String,
}

/// One JSON Lines record of a scan (`--format jsonl`), tagged by `kind`;
/// the stream starts with a `scan` record and ends with the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// The header: schema version, parameters, counts.
    Scan {
        /// [`SCHEMA_VERSION`].
        schema_version: u32,
        /// Settings.
        params: Box<ScanParams>,
        /// Counts.
        stats: ScanStats,
    },
    /// A near-duplicate cluster.
    Cluster(Cluster),
    /// A copied pair.
    Copied(CopiedPair),
    /// A boilerplate line.
    Boilerplate(Boilerplate),
    /// A failed document.
    Failure(FailedDocument),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::Verdict;

    fn judged(verdict: Verdict, score: f64) -> Option<DerivationSummary> {
        Some(DerivationSummary {
            verdict,
            score,
            verbatim_share: 0.5,
            rewritten_share: 0.2,
            new_share: 0.3,
            revision: None,
        })
    }

    fn pair(score: f64, a_from_b: Option<DerivationSummary>) -> CopiedPair {
        CopiedPair {
            id: 1,
            a: "a".into(),
            b: "b".into(),
            a_tokens: 10,
            b_tokens: 10,
            a_in_b: score,
            b_in_a: score,
            score,
            jaccard: 0.1,
            a_from_b,
            b_from_a: judged(Verdict::Not, 0.2),
            passages: Vec::new(),
        }
    }

    /// A judged pair ranks by its larger derivation score before its
    /// share; an unjudged one by its share alone.
    #[test]
    fn rank_reads_the_derivation_first() {
        let (derived, shared) = (
            pair(0.3, judged(Verdict::Partially, 0.6)),
            pair(0.9, judged(Verdict::Not, 0.25)),
        );
        assert!(derived.rank() > shared.rank());
        let unjudged = CopiedPair {
            b_from_a: None,
            ..pair(0.9, None)
        };
        assert_eq!(unjudged.rank(), (0.0, 0.9));
    }

    #[test]
    fn derivations_lists_the_derived_directions_only() {
        let p = pair(0.5, judged(Verdict::Wholly, 0.9));
        let found: Vec<(&str, &str)> = p.derivations().map(|(x, y, _)| (x, y)).collect();
        assert_eq!(found, [("a", "b")]);
        let none = CopiedPair {
            b_from_a: None,
            ..pair(0.5, None)
        };
        assert_eq!(none.derivations().count(), 0);
    }
}
