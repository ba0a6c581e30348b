//! Views of a check report: the human list, GitHub workflow commands,
//! SARIF 2.1.0 and JUnit XML (JSON is the report itself).
//!
//! * **human**: one `path:line:column: rule: message` line per finding
//!   (compiler style, so terminals and editors link it), the related places
//!   under it, then the baseline entries no longer found and the counts.
//! * **github**: `::error` workflow commands for failing findings and
//!   unreadable documents, so they show inline in pull requests; findings
//!   in the baseline or allowed by the policy are `::notice`s.
//! * **sarif**: one run, one rule per finding kind, regions with lines,
//!   columns (Unicode code points) and char offsets, the content
//!   fingerprint as `partialFingerprints`, `baselineState` with a
//!   baseline, `suppressions` for allowed findings (never dropped), and
//!   unreadable documents as tool notifications. Baseline entries that no
//!   longer occur are left out (they have no place to point at).
//! * **junit**: one test case per document checked; its failing findings
//!   are its `<failure>`, an unreadable document is an `<error>`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::RenderOptions;
use super::style::{Style, paint, visible};
use crate::report::Location;
use crate::report::check::{BaselineState, CheckReport, Finding, Place, Rule};

/// Where a place points, `path:line:column` (`path` alone for a whole
/// document).
fn place(p: &Place) -> String {
    match &p.location {
        Some(l) => format!("{}:{}:{}", p.document, l.line, l.column),
        None => p.document.clone(),
    }
}

fn state(f: &Finding) -> Option<String> {
    match (&f.allowed, f.baseline) {
        (Some(reason), _) => Some(format!("allowed: {reason}")),
        (None, Some(BaselineState::Unchanged)) => Some("in the baseline".into()),
        _ => None,
    }
}

/// The human view.
pub fn human(out: &mut dyn Write, r: &CheckReport, o: &RenderOptions) -> io::Result<()> {
    let c = o.color;
    for f in &r.findings {
        let rule = if f.fails() {
            paint(f.rule.id(), Style::Removed, c)
        } else {
            paint(f.rule.id(), Style::Dim, c)
        };
        writeln!(
            out,
            "{}: {rule}: {}",
            paint(&visible(&place(&f.place)), Style::Bold, c),
            visible(&f.message)
        )?;
        for p in &f.related {
            writeln!(
                out,
                "  {} {}",
                paint("↔", Style::Accent, c),
                visible(&place(p))
            )?;
        }
        let mut tail = vec![f.fingerprint.clone()];
        tail.extend(state(f));
        writeln!(
            out,
            "  {}",
            paint(&visible(&tail.join(" · ")), Style::Dim, c)
        )?;
    }
    for e in &r.absent {
        writeln!(
            out,
            "{} {} ({}) no longer occurs: {}",
            paint("gone:", Style::Added, c),
            e.fingerprint,
            visible(&e.documents.join(", ")),
            visible(&e.message)
        )?;
    }
    for f in &r.failures {
        writeln!(
            out,
            "{} {}",
            paint("error:", Style::Removed, c),
            visible(&f.error)
        )?;
    }
    let s = &r.stats;
    let mut parts = vec![format!(
        "{} failing finding{}",
        s.failing,
        if s.failing == 1 { "" } else { "s" }
    )];
    if s.baselined > 0 {
        parts.push(format!("{} in the baseline", s.baselined));
    }
    if s.allowed > 0 {
        parts.push(format!("{} allowed", s.allowed));
    }
    if s.absent > 0 {
        parts.push(format!(
            "{} baseline entr{} no longer found",
            s.absent,
            if s.absent == 1 { "y" } else { "ies" }
        ));
    }
    if s.failed > 0 {
        parts.push(format!("{} unreadable", s.failed));
    }
    let checked = if s.checked == s.documents {
        format!("{} documents", s.documents)
    } else {
        format!("{} of {} documents", s.checked, s.documents)
    };
    let line = format!("Checked {checked}: {}.", parts.join(", "));
    writeln!(out, "{}", paint(&line, Style::Bold, c))
}

/// A workflow command's data, escaped.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn gh_location(l: &Location) -> String {
    format!(
        ",line={},endLine={},col={},endColumn={}",
        l.line, l.end_line, l.column, l.end_column
    )
}

/// GitHub Actions workflow commands.
pub fn github(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    for f in &r.findings {
        let kind = if f.fails() { "error" } else { "notice" };
        let mut message = f.message.clone();
        if let Some(p) = f.related.first() {
            message.push_str(&format!(" (see {})", place(p)));
        }
        if let Some(s) = state(f) {
            message.push_str(&format!(" [{s}]"));
        }
        writeln!(
            out,
            "::{kind} file={}{},title={}::{}",
            gh_property(&f.place.document),
            f.place
                .location
                .as_ref()
                .map(gh_location)
                .unwrap_or_default(),
            gh_property(&format!("neardup {}", f.rule.id())),
            gh_data(&message)
        )?;
    }
    for f in &r.failures {
        writeln!(
            out,
            "::error file={},title=neardup unreadable document::{}",
            gh_property(&f.id),
            gh_data(&f.error)
        )?;
    }
    let s = &r.stats;
    writeln!(
        out,
        "neardup check: {} of {} documents checked, {} failing findings, {} in the baseline, {} allowed, {} unreadable",
        s.checked, s.documents, s.failing, s.baselined, s.allowed, s.failed
    )
}

/// A document id as a SARIF URI reference: relative paths stay relative,
/// with every byte outside the unreserved set and `/` percent-encoded.
fn uri(id: &str) -> String {
    let id = id.strip_prefix("./").unwrap_or(id);
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn physical(p: &Place) -> Value {
    let region = match &p.location {
        Some(l) => json!({
            "startLine": l.line,
            "startColumn": l.column,
            "endLine": l.end_line,
            "endColumn": l.end_column,
            "charOffset": l.char_start,
            "charLength": l.char_end - l.char_start,
        }),
        // A whole document: its first line.
        None => json!({ "startLine": 1 }),
    };
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&p.document) },
            "region": region,
        }
    })
}

/// SARIF 2.1.0.
pub fn sarif(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id(),
                "shortDescription": { "text": rule.description() },
                "help": { "text": format!("Set by `{}` in neardup.toml (or --{}).", rule.key(), rule.key().replace('_', "-")) },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let related: Vec<Value> = f
                .related
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut v = physical(p);
                    v["id"] = json!(i + 1);
                    v["message"] = json!({ "text": place(p) });
                    v
                })
                .collect();
            let (_, hash) = f.fingerprint.split_once('/').unwrap_or(("", &f.fingerprint));
            let mut v = json!({
                "ruleId": f.rule.id(),
                "ruleIndex": Rule::ALL.iter().position(|x| *x == f.rule).unwrap_or(0),
                "level": if f.fails() { "error" } else { "note" },
                "message": { "text": f.message },
                "locations": [physical(&f.place)],
                "partialFingerprints": { "neardupContent/v1": hash },
                "properties": { "score": crate::report::round(f.score), "limit": f.limit, "fingerprint": f.fingerprint },
            });
            if !related.is_empty() {
                v["relatedLocations"] = json!(related);
            }
            if let Some(b) = f.baseline {
                v["baselineState"] = json!(match b {
                    BaselineState::New => "new",
                    BaselineState::Unchanged => "unchanged",
                });
            }
            if let Some(reason) = &f.allowed {
                v["suppressions"] = json!([{ "kind": "external", "justification": reason }]);
            }
            v
        })
        .collect();
    let notifications: Vec<Value> = r
        .failures
        .iter()
        .map(|f| {
            json!({
                "level": "error",
                "message": { "text": f.error },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&f.id) } } }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "neardup",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": r.failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    super::json::pretty(out, &log)
}

/// `text` escaped for XML (as for HTML), characters XML 1.0 cannot hold
/// replaced with U+FFFD.
fn xml(text: &str) -> String {
    let legal = |c: char| {
        !(((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{fffe}' | '\u{ffff}'))
    };
    let text: String = text
        .chars()
        .map(|c| if legal(c) { c } else { '\u{fffd}' })
        .collect();
    super::html::escape(&text)
}

/// JUnit XML: one test case per document.
pub fn junit(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let mut cases: Vec<(&str, Vec<&Finding>, Option<&str>)> = r
        .documents
        .iter()
        .map(|d| (d.as_str(), Vec::new(), None))
        .collect();
    for f in &r.failures {
        match cases.binary_search_by(|c| c.0.cmp(&f.id)) {
            Ok(i) => cases[i].2 = Some(&f.error),
            Err(i) => cases.insert(i, (&f.id, Vec::new(), Some(&f.error))),
        }
    }
    for f in &r.findings {
        if let Ok(i) = cases.binary_search_by(|c| c.0.cmp(&f.place.document)) {
            cases[i].1.push(f);
        }
    }
    let failures = cases
        .iter()
        .filter(|c| c.1.iter().any(|f| f.fails()))
        .count();
    let errors = cases.iter().filter(|c| c.2.is_some()).count();
    let head = format!(
        "name=\"neardup check\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\"",
        cases.len()
    );
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<testsuites {head}>")?;
    writeln!(out, "  <testsuite {head} skipped=\"0\">")?;
    for (doc, findings, error) in &cases {
        let name = xml(doc);
        let failing: Vec<&&Finding> = findings.iter().filter(|f| f.fails()).collect();
        let accepted: Vec<&&Finding> = findings.iter().filter(|f| !f.fails()).collect();
        if failing.is_empty() && accepted.is_empty() && error.is_none() {
            writeln!(out, "    <testcase classname=\"neardup\" name=\"{name}\"/>")?;
            continue;
        }
        writeln!(out, "    <testcase classname=\"neardup\" name=\"{name}\">")?;
        if let Some(e) = error {
            writeln!(
                out,
                "      <error type=\"unreadable\" message=\"{}\"/>",
                xml(e)
            )?;
        }
        if let Some(first) = failing.first() {
            let body: Vec<String> = failing.iter().map(|f| finding_text(f)).collect();
            let message = if failing.len() == 1 {
                first.message.clone()
            } else {
                format!("{} findings", failing.len())
            };
            writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                first.rule.id(),
                xml(&message),
                xml(&body.join("\n"))
            )?;
        }
        if !accepted.is_empty() {
            let body: Vec<String> = accepted.iter().map(|f| finding_text(f)).collect();
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml(&body.join("\n"))
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

fn finding_text(f: &Finding) -> String {
    let mut lines = vec![format!(
        "{}: {}: {}",
        place(&f.place),
        f.rule.id(),
        f.message
    )];
    lines.extend(f.related.iter().map(|p| format!("  ↔ {}", place(p))));
    let mut tail = vec![f.fingerprint.clone()];
    tail.extend(state(f));
    lines.push(format!("  {}", tail.join(" · ")));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_properties_are_escaped() {
        assert_eq!(gh_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(gh_data("50%\r\n"), "50%25%0D%0A");
    }

    #[test]
    fn uris_stay_relative_and_are_percent_encoded() {
        assert_eq!(uri("./news/a b.md"), "news/a%20b.md");
        assert_eq!(uri("dir/é#1.txt"), "dir/%C3%A9%231.txt");
    }

    #[test]
    fn xml_escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{fffd}"
        );
    }
}
