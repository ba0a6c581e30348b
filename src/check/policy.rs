//! The policy of `neardup check`: what is not allowed, where, and what was
//! accepted anyway. Read from `neardup.toml` ([`Policy::from_toml`]); every
//! key is also a command-line flag.
//!
//! ```toml
//! paths = ["articles"]         # what to check when no INPUT is given
//! max_similarity = 0.8        # two documents this alike (Jaccard) are a finding
//! max_containment = 0.5       # this share of a document copied from another is
//! min_passage_tokens = 25     # … counting passages of at least this many words
//! max_padding = 0.25          # this share of a document repeating itself is
//! boilerplate_min_docs = 3    # lines in this many documents are not copying
//!
//! [[overrides]]
//! paths = ["press-releases/**"]
//! max_containment = 1.0
//!
//! [[allow]]
//! paths = ["news/a.md", "news/b.md"]
//! reason = "the same wire story, run twice on purpose"
//!
//! [[allow]]
//! fingerprint = "copied-passage/5f0c1e…"
//! reason = "the standard correction notice"
//! ```
//!
//! Limits are maxima: a value over the limit is a finding, a value at it is
//! not. A limit of 1 turns a rule off for the documents it applies to.
//! Overrides change the limits of the documents their globs match; the
//! last matching override wins per key. A finding about two documents uses
//! the more permissive limit of the two (a press release may be copied, so
//! a copy of it is no finding either).
//!
//! Globs ([`globset`] syntax) match document ids, that is paths as given on
//! the command line without a leading `./`; a glob that does not start with
//! `/` or `**` also matches at any depth (`press-releases/**` matches
//! `site/press-releases/a.md`).

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Default `max_similarity`.
pub const DEFAULT_MAX_SIMILARITY: f64 = 0.8;
/// Default `max_containment`.
pub const DEFAULT_MAX_CONTAINMENT: f64 = 0.5;
/// Default `max_padding`.
pub const DEFAULT_MAX_PADDING: f64 = 0.25;

/// The limits that can differ per path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Highest allowed Jaccard resemblance of two documents.
    pub max_similarity: f64,
    /// Highest allowed share of a document inside copied passages.
    pub max_containment: f64,
    /// Highest allowed share of a document repeating its own text.
    pub max_padding: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_similarity: DEFAULT_MAX_SIMILARITY,
            max_containment: DEFAULT_MAX_CONTAINMENT,
            max_padding: DEFAULT_MAX_PADDING,
        }
    }
}

impl Limits {
    /// The more permissive of two limits, key by key.
    pub fn loosest(self, other: Limits) -> Limits {
        Limits {
            max_similarity: self.max_similarity.max(other.max_similarity),
            max_containment: self.max_containment.max(other.max_containment),
            max_padding: self.max_padding.max(other.max_padding),
        }
    }
}

/// The file's shape: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    paths: Vec<String>,
    max_similarity: Option<f64>,
    max_containment: Option<f64>,
    min_passage_tokens: Option<u32>,
    max_padding: Option<f64>,
    boilerplate_min_docs: Option<u32>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
    #[serde(default)]
    allow: Vec<AllowFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    paths: Vec<String>,
    max_similarity: Option<f64>,
    max_containment: Option<f64>,
    max_padding: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowFile {
    paths: Option<Vec<String>>,
    fingerprint: Option<String>,
    reason: String,
}

/// Limits for the documents some globs match.
#[derive(Debug, Clone)]
pub struct Override {
    globs: GlobSet,
    /// The globs as written.
    pub paths: Vec<String>,
    /// `max_similarity` for them, if set.
    pub max_similarity: Option<f64>,
    /// `max_containment` for them, if set.
    pub max_containment: Option<f64>,
    /// `max_padding` for them, if set.
    pub max_padding: Option<f64>,
}

/// What an allow entry matches.
#[derive(Debug, Clone)]
pub enum AllowMatch {
    /// Findings about documents matching these globs: one glob for a
    /// finding about one document, two for a pair (in either order).
    Paths(Vec<GlobSet>, Vec<String>),
    /// The finding with this fingerprint.
    Fingerprint(String),
}

/// An accepted finding, with the reason it is accepted.
#[derive(Debug, Clone)]
pub struct Allow {
    /// What it matches.
    pub matches: AllowMatch,
    /// Why it is allowed (shown with the finding).
    pub reason: String,
}

/// A complete policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// What to check when no input is named (paths relative to the current
    /// directory).
    pub paths: Vec<String>,
    /// Limits for documents no override matches.
    pub limits: Limits,
    /// Shortest copied passage counted, in words.
    pub min_passage_tokens: u32,
    /// Lines in at least this many documents are boilerplate, not copying.
    pub boilerplate_min_docs: u32,
    /// Per-path limits, in file order.
    pub overrides: Vec<Override>,
    /// Accepted findings.
    pub allow: Vec<Allow>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            paths: Vec::new(),
            limits: Limits::default(),
            min_passage_tokens: crate::align::DEFAULT_MIN_TOKENS,
            boilerplate_min_docs: crate::scan::DEFAULT_BOILERPLATE_MIN_DOCS,
            overrides: Vec::new(),
            allow: Vec::new(),
        }
    }
}

fn glob_set(patterns: &[String], name: &str) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let pattern = p.strip_prefix("./").unwrap_or(p);
        let anchored = pattern.starts_with('/') || pattern.starts_with("**");
        let pattern = pattern.trim_start_matches('/');
        let mut add = |g: &str| -> Result<()> {
            let glob = Glob::new(g)
                .map_err(|e| Error::Usage(format!("{name}: invalid glob `{p}`: {e}")))?;
            b.add(glob);
            Ok(())
        };
        add(pattern)?;
        if !anchored {
            add(&format!("**/{pattern}"))?;
        }
    }
    b.build()
        .map_err(|e| Error::Usage(format!("{name}: invalid globs: {e}")))
}

fn unit(value: Option<f64>, key: &str, name: &str) -> Result<Option<f64>> {
    match value {
        Some(v) if !(0.0..=1.0).contains(&v) => Err(Error::Usage(format!(
            "{name}: `{key}` must be between 0 and 1, not {v}"
        ))),
        v => Ok(v),
    }
}

/// A document id as globs see it.
fn normalised(id: &str) -> &str {
    id.strip_prefix("./").unwrap_or(id)
}

impl Policy {
    /// Parse a policy file; `name` (its path) is named in errors, which
    /// also give the line and column and, for an unknown key, the key.
    ///
    /// # Errors
    ///
    /// Invalid TOML, an unknown key, a value of the wrong type or out of
    /// range, an invalid glob, an allow entry with neither or both of
    /// `paths` and `fingerprint`.
    pub fn from_toml(text: &str, name: &str) -> Result<Policy> {
        let file: File = toml::from_str(text).map_err(|e| Error::Usage(format!("{name}: {e}")))?;
        let mut p = Policy {
            paths: file.paths,
            ..Policy::default()
        };
        if let Some(v) = unit(file.max_similarity, "max_similarity", name)? {
            p.limits.max_similarity = v;
        }
        if let Some(v) = unit(file.max_containment, "max_containment", name)? {
            p.limits.max_containment = v;
        }
        if let Some(v) = unit(file.max_padding, "max_padding", name)? {
            p.limits.max_padding = v;
        }
        if let Some(v) = file.min_passage_tokens {
            p.min_passage_tokens = v;
        }
        if let Some(v) = file.boilerplate_min_docs {
            if v < 2 {
                return Err(Error::Usage(format!(
                    "{name}: `boilerplate_min_docs` must be 2 or more, not {v}"
                )));
            }
            p.boilerplate_min_docs = v;
        }
        for o in file.overrides {
            if o.paths.is_empty() {
                return Err(Error::Usage(format!(
                    "{name}: an `[[overrides]]` entry needs `paths`"
                )));
            }
            p.overrides.push(Override {
                globs: glob_set(&o.paths, name)?,
                max_similarity: unit(o.max_similarity, "max_similarity", name)?,
                max_containment: unit(o.max_containment, "max_containment", name)?,
                max_padding: unit(o.max_padding, "max_padding", name)?,
                paths: o.paths,
            });
        }
        for a in file.allow {
            let matches = match (a.paths, a.fingerprint) {
                (Some(paths), None) if (1..=2).contains(&paths.len()) => {
                    let sets = paths
                        .iter()
                        .map(|g| glob_set(std::slice::from_ref(g), name))
                        .collect::<Result<Vec<_>>>()?;
                    AllowMatch::Paths(sets, paths)
                }
                (Some(_), None) => {
                    return Err(Error::Usage(format!(
                        "{name}: an `[[allow]]` entry's `paths` names one document or a pair"
                    )));
                }
                (None, Some(f)) => AllowMatch::Fingerprint(f),
                _ => {
                    return Err(Error::Usage(format!(
                        "{name}: an `[[allow]]` entry needs either `paths` or `fingerprint`"
                    )));
                }
            };
            if a.reason.trim().is_empty() {
                return Err(Error::Usage(format!(
                    "{name}: an `[[allow]]` entry needs a `reason`"
                )));
            }
            p.allow.push(Allow {
                matches,
                reason: a.reason,
            });
        }
        Ok(p)
    }

    /// The limits of one document.
    pub fn limits_for(&self, id: &str) -> Limits {
        let id = normalised(id);
        let mut l = self.limits;
        for o in self.overrides.iter().filter(|o| o.globs.is_match(id)) {
            l.max_similarity = o.max_similarity.unwrap_or(l.max_similarity);
            l.max_containment = o.max_containment.unwrap_or(l.max_containment);
            l.max_padding = o.max_padding.unwrap_or(l.max_padding);
        }
        l
    }

    /// The lowest `max_similarity` anywhere in the policy: what a scan must
    /// verify down to.
    pub fn lowest_similarity(&self) -> f64 {
        self.overrides
            .iter()
            .filter_map(|o| o.max_similarity)
            .fold(self.limits.max_similarity, f64::min)
    }

    /// Why a finding is allowed, if it is: about `documents` (one or two),
    /// with `fingerprint`.
    pub fn allowed(&self, documents: &[&str], fingerprint: &str) -> Option<&str> {
        let docs: Vec<&str> = documents.iter().map(|d| normalised(d)).collect();
        self.allow
            .iter()
            .find(|a| match &a.matches {
                AllowMatch::Fingerprint(f) => f == fingerprint,
                AllowMatch::Paths(sets, _) => match (sets.as_slice(), docs.as_slice()) {
                    ([one], [d]) => one.is_match(d),
                    ([x, y], [a, b]) => {
                        (x.is_match(a) && y.is_match(b)) || (x.is_match(b) && y.is_match(a))
                    }
                    _ => false,
                },
            })
            .map(|a| a.reason.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_the_default_policy() {
        let p = Policy::from_toml("", "neardup.toml").unwrap();
        assert_eq!(p.limits, Limits::default());
        assert_eq!(p.min_passage_tokens, crate::align::DEFAULT_MIN_TOKENS);
    }

    #[test]
    fn an_unknown_key_is_named_with_its_file_and_line() {
        let e = Policy::from_toml("max_similarity = 0.9\nmax_simliarity = 0.5\n", "cfg.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cfg.toml: "), "{e}");
        assert!(e.contains("max_simliarity"), "{e}");
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn limits_out_of_range_are_refused() {
        let e = Policy::from_toml("max_containment = 1.5", "n.toml").unwrap_err();
        assert!(e.to_string().contains("max_containment"), "{e}");
        assert!(Policy::from_toml("boilerplate_min_docs = 1", "n.toml").is_err());
    }

    #[test]
    fn overrides_apply_by_glob_at_any_depth_and_the_last_wins() {
        let p = Policy::from_toml(
            "max_containment = 0.3\n\
             [[overrides]]\npaths = [\"press/**\"]\nmax_containment = 1.0\n\
             [[overrides]]\npaths = [\"press/strict/*\"]\nmax_containment = 0.2\n",
            "n.toml",
        )
        .unwrap();
        assert_eq!(p.limits_for("news/a.md").max_containment, 0.3);
        assert_eq!(p.limits_for("./site/press/a.md").max_containment, 1.0);
        assert_eq!(p.limits_for("press/strict/a.md").max_containment, 0.2);
        assert_eq!(
            p.limits_for("press/a.md")
                .loosest(p.limits_for("news/a.md"))
                .max_containment,
            1.0
        );
    }

    #[test]
    fn allow_entries_match_pairs_in_either_order_or_fingerprints() {
        let p = Policy::from_toml(
            "[[allow]]\npaths = [\"a.md\", \"b/*.md\"]\nreason = \"wire\"\n\
             [[allow]]\nfingerprint = \"copied-passage/00ff\"\nreason = \"notice\"\n",
            "n.toml",
        )
        .unwrap();
        assert_eq!(p.allowed(&["b/x.md", "a.md"], "x"), Some("wire"));
        assert_eq!(p.allowed(&["c.md", "a.md"], "x"), None);
        assert_eq!(p.allowed(&["c.md"], "copied-passage/00ff"), Some("notice"));
        assert!(Policy::from_toml("[[allow]]\nreason = \"r\"\n", "n.toml").is_err());
        assert!(Policy::from_toml("[[allow]]\npaths = [\"a\"]\n", "n.toml").is_err());
    }
}
