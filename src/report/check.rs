//! The report of `neardup check`: findings over a policy, each with a
//! stable content fingerprint, compared with a baseline.

use serde::{Deserialize, Serialize};

use super::{Location, Summary, rounded};
use crate::report::scan::FailedDocument;

/// Version of the check report's JSON (`schema_version`).
pub const SCHEMA_VERSION: u32 = 1;

/// What a finding is about: one rule per kind, each with a fixed id (the
/// SARIF rule id, the GitHub annotation title).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Two documents whose resemblance is over `max_similarity`.
    NearDuplicate,
    /// A document whose share inside passages copied from another is over
    /// `max_containment`.
    CopiedPassage,
    /// A document repeating its own text over `max_padding`.
    Padding,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 3] = [Rule::NearDuplicate, Rule::CopiedPassage, Rule::Padding];

    /// The rule's id.
    pub fn id(self) -> &'static str {
        match self {
            Rule::NearDuplicate => "near-duplicate",
            Rule::CopiedPassage => "copied-passage",
            Rule::Padding => "padding",
        }
    }

    /// One-line description.
    pub fn description(self) -> &'static str {
        match self {
            Rule::NearDuplicate => {
                "Two documents are near-duplicates: the Jaccard resemblance of their word shingles is over max_similarity."
            }
            Rule::CopiedPassage => {
                "A document is partly copied from another: the share of it inside shared passages of at least min_passage_tokens words is over max_containment."
            }
            Rule::Padding => {
                "A document repeats its own text: the share of its characters repeating earlier text is over max_padding."
            }
        }
    }

    /// The policy key whose limit the rule applies.
    pub fn key(self) -> &'static str {
        match self {
            Rule::NearDuplicate => "max_similarity",
            Rule::CopiedPassage => "max_containment",
            Rule::Padding => "max_padding",
        }
    }
}

/// How a finding stands against the baseline (with `--baseline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineState {
    /// Not in the baseline: it fails the check.
    New,
    /// In the baseline: reported, accepted.
    Unchanged,
}

/// A place in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Document id.
    pub document: String,
    /// Where in it (none for the whole document).
    pub location: Option<Location>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Its rule.
    pub rule: Rule,
    /// `RULE/HEX`: a hash of the content involved (the texts of both
    /// near-duplicates, the copied passages, the padded text), not of
    /// paths or line numbers, so a rename or an edit elsewhere keeps it.
    pub fingerprint: String,
    /// The document it is about, and where.
    pub place: Place,
    /// The other document's places (the near-duplicate, the copied
    /// passages' other side), and the finding's further passages.
    pub related: Vec<Place>,
    /// The measured value.
    #[serde(serialize_with = "rounded")]
    pub score: f64,
    /// The policy limit it is over.
    pub limit: f64,
    /// One line for people.
    pub message: String,
    /// Against the baseline, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineState>,
    /// Why the policy allows it, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
}

impl Finding {
    /// Whether it fails the check: not allowed, not in the baseline.
    pub fn fails(&self) -> bool {
        self.allowed.is_none() && self.baseline != Some(BaselineState::Unchanged)
    }

    /// The document ids involved: its own, then the related ones.
    pub fn documents(&self) -> Vec<&str> {
        let mut d = vec![self.place.document.as_str()];
        for r in &self.related {
            if !d.contains(&r.document.as_str()) {
                d.push(&r.document);
            }
        }
        d
    }
}

/// A recorded finding: a baseline's entry, or one that no longer occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// Its fingerprint (what is matched).
    pub fingerprint: String,
    /// Its rule (informative).
    pub rule: Rule,
    /// The documents it was about when recorded (informative).
    pub documents: Vec<String>,
    /// Its message when recorded (informative).
    pub message: String,
}

/// The policy as applied (defaults and flags resolved; overrides and allow
/// entries counted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyInfo {
    /// The policy file, if one was read.
    pub config: Option<String>,
    /// Default `max_similarity`.
    pub max_similarity: f64,
    /// Default `max_containment`.
    pub max_containment: f64,
    /// Shortest passage counted.
    pub min_passage_tokens: u32,
    /// Default `max_padding`.
    pub max_padding: f64,
    /// Boilerplate threshold.
    pub boilerplate_min_docs: u32,
    /// Number of `[[overrides]]`.
    pub overrides: u32,
    /// Number of `[[allow]]` entries.
    pub allow: u32,
}

/// Counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CheckStats {
    /// Documents read.
    pub documents: u64,
    /// Documents checked (all, or those changed or new).
    pub checked: u64,
    /// Documents that failed.
    pub failed: u64,
    /// Findings over the policy, allowed ones included.
    pub findings: u64,
    /// Findings that fail the check.
    pub failing: u64,
    /// Findings in the baseline.
    pub baselined: u64,
    /// Findings allowed by the policy.
    pub allowed: u64,
    /// Baseline entries that no longer occur.
    pub absent: u64,
}

/// Everything `check` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The policy applied.
    pub policy: PolicyInfo,
    /// Counts.
    pub stats: CheckStats,
    /// Findings, by document, rule and fingerprint.
    pub findings: Vec<Finding>,
    /// Baseline entries that no longer occur (the baseline can shrink).
    pub absent: Vec<BaselineEntry>,
    /// Documents that could not be checked.
    pub failures: Vec<FailedDocument>,
    /// The ids of the documents checked, sorted (for per-document formats;
    /// not in the JSON).
    #[serde(skip)]
    pub documents: Vec<String>,
    /// Counts and exit status.
    pub summary: Summary,
}
