//! Baselines: findings a team has accepted, keyed by content fingerprint.
//!
//! # Format (version 1)
//!
//! ```json
//! {"format":"neardup-baseline","version":1,
//!  "findings":[{"fingerprint":"copied-passage/…","rule":"copied-passage",
//!               "documents":["news/b.md","news/a.md"],"message":"…"}]}
//! ```
//!
//! Only `fingerprint` is matched: `rule`, `documents` and `message` say
//! what the finding was when it was recorded. A fingerprint hashes content,
//! never paths or lines, so renaming a document or editing another part of
//! it keeps its findings baselined. Entries are a multiset: a passage
//! copied into two documents is two entries, and a third copy is new.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::report::check::{BaselineEntry, BaselineState, Finding};

/// The `format` of a baseline file.
pub const FORMAT: &str = "neardup-baseline";
/// The baseline format version this build reads and writes.
pub const VERSION: u32 = 1;

/// Accepted findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The entries, sorted by fingerprint.
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    /// A baseline accepting `findings` (allowed ones are left out: the
    /// policy already accepts them).
    pub fn of(findings: &[Finding]) -> Baseline {
        let mut entries: Vec<BaselineEntry> = findings
            .iter()
            .filter(|f| f.allowed.is_none())
            .map(|f| BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule: f.rule,
                documents: f.documents().into_iter().map(String::from).collect(),
                message: f.message.clone(),
            })
            .collect();
        entries.sort_by(|a, b| {
            a.fingerprint
                .cmp(&b.fingerprint)
                .then_with(|| a.documents.cmp(&b.documents))
        });
        Baseline {
            format: FORMAT.into(),
            version: VERSION,
            findings: entries,
        }
    }

    /// Parse a baseline file; `name` is named in errors.
    ///
    /// # Errors
    ///
    /// Not JSON, another format or version, unknown fields.
    pub fn from_json(text: &str, name: &str) -> Result<Baseline> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            version: Option<u32>,
        }
        let head: Head = serde_json::from_str(text)
            .map_err(|e| Error::Usage(format!("{name}: not a neardup baseline: {e}")))?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err(Error::Usage(format!(
                "{name}: not a neardup baseline (its `format` is not \"{FORMAT}\")"
            )));
        }
        if head.version != Some(VERSION) {
            return Err(Error::Usage(format!(
                "{name}: baseline version {} is not supported (this neardup reads version {VERSION}); write it again with --write-baseline",
                head.version.map_or("?".to_string(), |v| v.to_string())
            )));
        }
        serde_json::from_str(text).map_err(|e| Error::Usage(format!("{name}: {e}")))
    }

    /// Mark each finding `new` or `unchanged` (one entry accepts one
    /// finding) and return the entries no finding used: those that no
    /// longer occur. Allowed findings are left unmarked.
    pub fn apply(&self, findings: &mut [Finding]) -> Vec<BaselineEntry> {
        let mut left: HashMap<&str, Vec<&BaselineEntry>> = HashMap::new();
        for e in self.findings.iter().rev() {
            left.entry(e.fingerprint.as_str()).or_default().push(e);
        }
        for f in findings.iter_mut().filter(|f| f.allowed.is_none()) {
            let hit = left
                .get_mut(f.fingerprint.as_str())
                .and_then(|v| v.pop())
                .is_some();
            f.baseline = Some(if hit {
                BaselineState::Unchanged
            } else {
                BaselineState::New
            });
        }
        let mut absent: Vec<BaselineEntry> = left.into_values().flatten().cloned().collect();
        absent.sort_by(|a, b| {
            a.fingerprint
                .cmp(&b.fingerprint)
                .then_with(|| a.documents.cmp(&b.documents))
        });
        absent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::check::{Place, Rule};

    fn finding(fp: &str, doc: &str) -> Finding {
        Finding {
            rule: Rule::CopiedPassage,
            fingerprint: fp.into(),
            place: Place {
                document: doc.into(),
                location: None,
            },
            related: Vec::new(),
            score: 1.0,
            limit: 0.5,
            message: String::new(),
            baseline: None,
            allowed: None,
        }
    }

    #[test]
    fn a_finding_present_twice_stays_twice() {
        let base = Baseline::of(&[finding("x", "a"), finding("x", "b")]);
        let mut now = vec![finding("x", "a"), finding("x", "b"), finding("x", "c")];
        let absent = base.apply(&mut now);
        let states: Vec<_> = now.iter().map(|f| f.baseline.unwrap()).collect();
        assert_eq!(
            states,
            [
                BaselineState::Unchanged,
                BaselineState::Unchanged,
                BaselineState::New
            ]
        );
        assert!(absent.is_empty());
    }

    #[test]
    fn entries_no_longer_found_are_absent() {
        let base = Baseline::of(&[finding("x", "a"), finding("y", "b")]);
        let mut now = vec![finding("y", "renamed")];
        let absent = base.apply(&mut now);
        assert_eq!(now[0].baseline, Some(BaselineState::Unchanged));
        assert_eq!(absent.len(), 1);
        assert_eq!(absent[0].fingerprint, "x");
    }

    #[test]
    fn round_trip_and_refusals() {
        let base = Baseline::of(&[finding("x", "a")]);
        let text = serde_json::to_string(&base).unwrap();
        assert_eq!(Baseline::from_json(&text, "b.json").unwrap(), base);
        let e = Baseline::from_json("{\"format\":\"other\"}", "b.json").unwrap_err();
        assert!(e.to_string().contains("not a neardup baseline"), "{e}");
        let newer = text.replace("\"version\":1", "\"version\":9");
        assert!(Baseline::from_json(&newer, "b.json").is_err());
        assert!(Baseline::from_json("not json", "b.json").is_err());
    }
}
