//! Views of a scan report: the human summary and the HTML report.
//!
//! The human view prints the counts, then the clusters, the copied pairs
//! and the boilerplate lines and sentences, each ranked, fitted to the width; every piece
//! of document text and every id goes through [`visible`]. The HTML report
//! is one self-contained file (no network, no assets, a content security
//! policy that forbids loading anything, no script); every cluster and
//! copied pair is a collapsed `<details>`, so the page stays responsive
//! with thousands of them, and opening a copied pair shows its passages
//! side by side. All text is escaped and marked `dir="auto"`.

use std::io::{self, Write};

use super::RenderOptions;
use super::html::escape;
use super::style::{Style, elide_words, one_line, paint, percent, visible, wrap};
use crate::report::scan::{Cluster, CopiedPair, KINDS, ScanReport};

/// Most items of each kind listed by the human view (the JSON formats
/// list everything).
pub const HUMAN_LIMIT: usize = 50;

/// The scan report as pretty JSON (`--format json`), byte for byte what
/// [`super::json::pretty`] writes: the clusters and the copied pairs, most
/// of a large report, are rendered on the workers a slice at a time and
/// put in place of the empty lists of a copy of the report without them,
/// so the whole text is never held. (Raw line breaks only ever come from
/// the formatting, as JSON strings escape them, so an empty list is found
/// by its line and an item is indented by its line breaks.)
///
/// # Errors
///
/// Writing fails.
pub fn json(out: &mut dyn Write, r: &ScanReport) -> io::Result<()> {
    const CLUSTERS: &[u8] = b"\n  \"clusters\": []";
    const COPIED: &[u8] = b"\n  \"copied\": []";
    // A struct literal, not `..`: a new field of the report is not missed.
    let shell = ScanReport {
        schema_version: r.schema_version,
        params: r.params.clone(),
        stats: r.stats,
        clusters: Vec::new(),
        copied: Vec::new(),
        boilerplate: r.boilerplate.clone(),
        failures: r.failures.clone(),
        against: r.against,
        summary: r.summary,
    };
    let shell = serde_json::to_vec_pretty(&shell)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let found = |line| memchr::memmem::find(&shell, line).is_some();
    if !(found(CLUSTERS) && found(COPIED)) {
        super::json::pretty(&mut out, r)?;
        return out.flush();
    }
    // A slice at a time: the rendered text of one slice is held.
    let clusters = r.clusters.chunks(1024).map(|s| rendered(s, cluster_json));
    let copied = r
        .copied
        .chunks(1024)
        .map(|s| rendered(s, |c| indented(c, b"\n    ")));
    // Both lists are there (above), so each fill writes up to its list.
    let rest = fill(&mut out, &shell, CLUSTERS, b"\n  ", clusters)?.unwrap_or(&shell);
    let rest = fill(&mut out, rest, COPIED, b"\n  ", copied)?.unwrap_or(rest);
    out.write_all(rest)?;
    writeln!(out)?;
    out.flush()
}

/// One cluster of [`json`], indented for its place in the report. The
/// pairs of a large cluster (one holds a third of the bench corpus's
/// report) are rendered on the workers too, a slice at a time, in place of
/// the empty list of a copy without them.
fn cluster_json(c: &Cluster) -> io::Result<Vec<u8>> {
    const PAIRS: usize = 2048;
    const LEAD: &[u8] = b"\n    ";
    if c.pairs.len() <= PAIRS {
        return indented(c, LEAD);
    }
    let shell = indented(
        &Cluster {
            id: c.id,
            representative: c.representative.clone(),
            members: c.members.clone(),
            pairs: Vec::new(),
            max_similarity: c.max_similarity,
        },
        LEAD,
    )?;
    let mut v = Vec::new();
    let pairs = c
        .pairs
        .chunks(PAIRS)
        .map(|s| rendered(s, |p| indented(p, b"\n        ")));
    match fill(&mut v, &shell, b"\n      \"pairs\": []", b"\n      ", pairs)? {
        Some(rest) => v.extend_from_slice(rest),
        None => return indented(c, LEAD),
    }
    Ok(v)
}

/// `items` rendered on the workers, in order.
fn rendered<T: Sync>(
    items: &[T],
    render: impl Fn(&T) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<Vec<Vec<u8>>> {
    use rayon::prelude::*;
    items.par_iter().map(&render).collect()
}

/// Write pretty JSON `shell` up to the empty list that ends `line` (its
/// line break, indentation, key and `[]`), that list filled by the items of
/// `slices` ([`rendered`]), comma-separated, and its closing bracket on a
/// line led by `close`; the rest of `shell`, after the list, is returned
/// unwritten (a later list may be filled in it). `None`, and nothing
/// written, when `shell` has no such list.
fn fill<'s>(
    out: &mut impl Write,
    shell: &'s [u8],
    line: &[u8],
    close: &[u8],
    slices: impl Iterator<Item = io::Result<Vec<Vec<u8>>>>,
) -> io::Result<Option<&'s [u8]>> {
    let Some(at) = memchr::memmem::find(shell, line) else {
        return Ok(None);
    };
    let (head, tail) = shell.split_at(at + line.len() - 1);
    out.write_all(head)?;
    let mut any = false;
    for slice in slices {
        for item in slice? {
            if std::mem::replace(&mut any, true) {
                out.write_all(b",")?;
            }
            out.write_all(&item)?;
        }
    }
    if any {
        out.write_all(close)?;
    }
    Ok(Some(tail))
}

/// `value` as pretty JSON, every line led by `lead` (a line break and the
/// indentation of its place).
fn indented(value: &impl serde::Serialize, lead: &[u8]) -> io::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value)?;
    let mut v = Vec::with_capacity(text.len() + text.len() / 8);
    for line in text.split(|&b| b == b'\n') {
        v.extend_from_slice(lead);
        v.extend_from_slice(line);
    }
    Ok(v)
}

/// The human summary of a scan; `verbose` adds the LSH banding and counts.
pub fn human(
    out: &mut dyn Write,
    r: &ScanReport,
    o: &RenderOptions,
    verbose: bool,
) -> io::Result<()> {
    let bold = |t: &str| paint(t, Style::Bold, o.color);
    let dim = |t: &str| paint(t, Style::Dim, o.color);
    let w = o.width;
    let s = &r.stats;
    writeln!(
        out,
        "{}",
        bold(&format!(
            "Scanned {} documents ({} failed): {}.",
            s.documents,
            s.failed,
            found(r)
        ))
    )?;
    if let Some(a) = &r.against {
        writeln!(
            out,
            "Against an index of {} documents: {} new, {} changed, {} unchanged (not checked again); \
             {} archived {} verified with them.",
            a.indexed,
            a.new,
            a.changed,
            a.unchanged,
            a.candidates,
            plural(a.candidates as usize, "document", "documents"),
        )?;
    }
    if verbose {
        let p = &r.params;
        // Copy counts only where copies were searched for.
        let aligned = if p.searched(KINDS[1]) {
            format!(
                " {} pairs aligned for copied passages ({} frequent fingerprints ignored);",
                s.aligned_pairs, s.frequent_fingerprints
            )
        } else {
            String::new()
        };
        for line in wrap(
            &format!(
                "LSH {} bands x {} rows for threshold {} (expected false-negative rate at the threshold: {:.2}%); \
                 {} candidate pairs, {} verified;{aligned} {} capped buckets.",
                p.lsh.bands,
                p.lsh.rows,
                p.threshold,
                p.lsh.false_negative_rate * 100.0,
                s.candidate_pairs,
                s.verified_pairs,
                s.capped_buckets
            ),
            w,
            "",
            "  ",
        ) {
            writeln!(out, "{}", dim(&line))?;
        }
    }
    if !r.clusters.is_empty() {
        writeln!(
            out,
            "\n{}",
            bold(&format!(
                "Near-duplicate clusters (Jaccard >= {})",
                r.params.threshold
            ))
        )?;
        for c in r.clusters.iter().take(HUMAN_LIMIT) {
            writeln!(
                out,
                "  #{}  {} documents, up to {} similar",
                c.id,
                c.members.len(),
                percent(c.max_similarity)
            )?;
            for (i, m) in c.members.iter().enumerate() {
                let tag = if i == 0 {
                    "kept".to_string()
                } else {
                    percent(m.similarity)
                };
                let head = format!("      {tag:>5}  ");
                for line in wrap(
                    &format!("{} ({} words)", m.id, m.tokens),
                    w,
                    &head,
                    "             ",
                ) {
                    writeln!(out, "{line}")?;
                }
            }
        }
        more(out, r.clusters.len(), "clusters")?;
    }
    if !r.copied.is_empty() {
        writeln!(out, "\n{}", bold("Copied passages"))?;
        for c in r.copied.iter().take(HUMAN_LIMIT) {
            copied(out, c, w)?;
        }
        more(out, r.copied.len(), "copied pairs")?;
    }
    if !r.boilerplate.is_empty() {
        writeln!(
            out,
            "\n{}",
            bold(&format!(
                "Boilerplate lines and sentences (in {} or more documents{})",
                r.params.boilerplate_min_docs,
                if r.params.keep_boilerplate {
                    ""
                } else {
                    "; left out of copied passages"
                }
            ))
        )?;
        for b in r.boilerplate.iter().take(HUMAN_LIMIT) {
            let head = format!("  {:>5} docs  ", b.documents);
            for line in wrap(&format!("\"{}\"", b.line), w, &head, "              ") {
                writeln!(out, "{line}")?;
            }
            for line in wrap(
                &format!("e.g. {}", b.examples.join(", ")),
                w,
                "              ",
                "                ",
            ) {
                writeln!(out, "{}", dim(&line))?;
            }
        }
        more(out, r.boilerplate.len(), "boilerplate items")?;
    }
    Ok(())
}

fn copied(out: &mut dyn Write, c: &CopiedPair, w: usize) -> io::Result<()> {
    let text = format!(
        "{} of {} appears in {} ({} of B in A), {} {}",
        percent(c.a_in_b),
        c.a,
        c.b,
        percent(c.b_in_a),
        c.passages.len(),
        plural(c.passages.len(), "passage", "passages")
    );
    for line in wrap(&text, w, &format!("  #{:<3} ", c.id), "        ") {
        writeln!(out, "{line}")?;
    }
    for sentence in derivations(c) {
        for line in wrap(&sentence, w, "        ", "          ") {
            writeln!(out, "{line}")?;
        }
    }
    for p in c.passages.iter().take(3) {
        let quote = format!("\"{}\"", elide_words(&one_line(&p.a_text), 8, 4));
        let head = format!("        {} words, line {}: ", p.tokens, p.a.line);
        for line in wrap(&quote, w, &head, "          ") {
            writeln!(out, "{}", visible(&line))?;
        }
    }
    Ok(())
}

/// The pair's derivations, one sentence per direction in which one
/// document derives from the other, the documents named A and B as in the
/// line above them; none when the derivation was not judged.
fn derivations(c: &CopiedPair) -> Vec<String> {
    let lines: Vec<String> = c
        .derivations()
        .map(|(derived, _, d)| {
            let (x, y) = if derived == c.a {
                ("A", "B")
            } else {
                ("B", "A")
            };
            super::derivation::sentence(d, x, y)
        })
        .collect();
    if lines.is_empty() && c.a_from_b.is_some() {
        vec!["Neither is derived from the other".to_string()]
    } else {
        lines
    }
}

fn more(out: &mut dyn Write, total: usize, what: &str) -> io::Result<()> {
    if total > HUMAN_LIMIT {
        writeln!(
            out,
            "  … and {} more {what} (see --format json)",
            total - HUMAN_LIMIT
        )?;
    }
    Ok(())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// How many of each kind the scan found, and the kinds it did not search
/// (`--find`), for the first line of both views.
fn found(r: &ScanReport) -> String {
    let kinds = [
        (
            r.clusters.len(),
            "near-duplicate cluster",
            "near-duplicate clusters",
            "near-duplicates",
        ),
        (
            r.copied.len(),
            "copied pair",
            "copied pairs",
            "copied passages",
        ),
        (
            r.boilerplate.len(),
            "boilerplate item",
            "boilerplate items",
            "boilerplate",
        ),
    ];
    let mut counts = Vec::new();
    let mut skipped = Vec::new();
    for ((n, one, many, name), kind) in kinds.into_iter().zip(KINDS) {
        if r.params.searched(kind) {
            counts.push(format!("{n} {}", plural(n, one, many)));
        } else {
            skipped.push(name);
        }
    }
    let mut s = counts.join(", ");
    if !skipped.is_empty() {
        s.push_str(&format!(" ({} not searched)", skipped.join(" and ")));
    }
    s
}

const CSS: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222}\
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}table{border-collapse:collapse}\
td,th{padding:.2em .6em;text-align:left;vertical-align:top}details{border-top:1px solid #ddd;padding:.3em 0}\
summary{cursor:pointer}.id{font-family:ui-monospace,monospace;word-break:break-all}.num{text-align:right;font-variant-numeric:tabular-nums}\
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em;margin:.5em 0}.pair div{background:#f6f6f0;padding:.5em;white-space:pre-wrap;border-radius:4px}\
.meta{color:#666;font-size:.9em}@media(max-width:50em){.pair{grid-template-columns:1fr}}";

/// The HTML report of a scan (see the module docs).
pub fn html(out: &mut dyn Write, r: &ScanReport) -> io::Result<()> {
    let s = &r.stats;
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>neardup scan</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>neardup scan</h1>\n"
    )?;
    writeln!(
        out,
        "<p>{} documents ({} failed): {}. \
         Threshold {}; LSH {} bands &times; {} rows (expected false-negative rate at the threshold {:.2}%).</p>",
        s.documents,
        s.failed,
        found(r),
        r.params.threshold,
        r.params.lsh.bands,
        r.params.lsh.rows,
        r.params.lsh.false_negative_rate * 100.0
    )?;
    let searched = |kind: &str| r.params.searched(kind);
    if searched(KINDS[0]) {
        writeln!(out, "<h2>Near-duplicate clusters</h2>")?;
    }
    for c in &r.clusters {
        writeln!(
            out,
            "<details><summary>#{} &middot; {} documents &middot; up to {} similar &middot; <span class=\"id\" dir=\"auto\">{}</span></summary>\n<table>",
            c.id,
            c.members.len(),
            percent(c.max_similarity),
            escape(&c.representative)
        )?;
        for (i, m) in c.members.iter().enumerate() {
            let tag = if i == 0 {
                "kept".to_string()
            } else {
                percent(m.similarity)
            };
            writeln!(
                out,
                "<tr><td class=\"num\">{tag}</td><td class=\"id\" dir=\"auto\">{}</td><td class=\"num\">{} words</td></tr>",
                escape(&m.id),
                m.tokens
            )?;
        }
        writeln!(out, "</table></details>")?;
    }
    if searched(KINDS[1]) {
        writeln!(out, "<h2>Copied passages</h2>")?;
    }
    for c in &r.copied {
        writeln!(
            out,
            "<details><summary>#{} &middot; {} of <span class=\"id\" dir=\"auto\">{}</span> appears in <span class=\"id\" dir=\"auto\">{}</span> ({} of B in A) &middot; {} {}{}</summary>",
            c.id,
            percent(c.a_in_b),
            escape(&c.a),
            escape(&c.b),
            percent(c.b_in_a),
            c.passages.len(),
            plural(c.passages.len(), "passage", "passages"),
            derivations(c)
                .iter()
                .map(|d| format!(" &middot; {}", escape(d)))
                .collect::<String>()
        )?;
        for p in &c.passages {
            writeln!(
                out,
                "<p class=\"meta\">{} words, {} identical; A line {}, B line {}</p>\n<div class=\"pair\"><div dir=\"auto\">{}</div><div dir=\"auto\">{}</div></div>",
                p.tokens,
                percent(p.identity),
                p.a.line,
                p.b.line,
                escape(&p.a_text),
                escape(&p.b_text)
            )?;
        }
        writeln!(out, "</details>")?;
    }
    if searched(KINDS[2]) {
        writeln!(out, "<h2>Boilerplate lines and sentences</h2>\n<table>")?;
        for b in &r.boilerplate {
            writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td dir=\"auto\">{}</td><td class=\"meta id\" dir=\"auto\">{}</td></tr>",
                b.documents,
                escape(&b.line),
                escape(&b.examples.join(", "))
            )?;
        }
        writeln!(out, "</table>")?;
    }
    if !r.failures.is_empty() {
        writeln!(out, "<h2>Failed documents</h2>\n<ul>")?;
        for f in &r.failures {
            writeln!(out, "<li dir=\"auto\">{}</li>", escape(&f.error))?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</body>\n</html>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::scan::{Member, VerifiedPair};

    /// Clusters with more pairs than one slice, and none at all, render
    /// byte for byte as one pretty serialization of the report.
    #[test]
    fn large_clusters_render_as_one_pretty_serialization() {
        let cluster = |id: u32, pairs: usize| Cluster {
            id,
            representative: format!("c{id}/0"),
            members: vec![Member {
                id: format!("c{id}/0"),
                tokens: 7,
                similarity: 1.0,
                content_hash: "00ff".into(),
            }],
            pairs: (0..pairs)
                .map(|i| VerifiedPair {
                    a: format!("c{id}/{i}"),
                    b: format!("c{id}/\"{i}\n"),
                    jaccard: 0.8 + (i % 7) as f64 / 97.0,
                })
                .collect(),
            max_similarity: 0.9,
        };
        let mut report = ScanReport::empty();
        for clusters in [
            vec![],
            vec![cluster(1, 5000), cluster(2, 3), cluster(3, 2049)],
        ] {
            report.clusters = clusters;
            let (mut fast, mut whole) = (Vec::new(), Vec::new());
            json(&mut fast, &report).unwrap();
            super::super::json::pretty(&mut whole, &report).unwrap();
            assert_eq!(String::from_utf8(fast), String::from_utf8(whole));
        }
    }

    /// Copied pairs over several slices, with and without clusters before
    /// them and derivations in them, render byte for byte as one pretty
    /// serialization of the report.
    #[test]
    fn many_copied_pairs_render_as_one_pretty_serialization() {
        use crate::derive::Verdict;
        use crate::report::DerivationSummary;
        use crate::report::scan::{CopiedPair, CopiedPassage};
        let text = "lifted \"words\"\nand a line [] break";
        let location = |start: u32| crate::report::Location {
            start,
            end: start + 9,
            char_start: start,
            char_end: start + 9,
            line: 1,
            end_line: 2,
            column: start + 1,
            end_column: 4,
            tokens: 2,
            first_token: 0,
        };
        let pair = |i: usize| CopiedPair {
            id: i as u32 + 1,
            a: format!("a/{i}"),
            b: format!("b/\"{i}\n"),
            a_tokens: 40,
            b_tokens: 50,
            a_in_b: 0.5,
            b_in_a: 0.4,
            score: 0.5,
            jaccard: 0.1 + (i % 7) as f64 / 97.0,
            a_from_b: i.is_multiple_of(2).then_some(DerivationSummary {
                verdict: Verdict::Partially,
                score: 0.6,
                verbatim_share: 0.3,
                rewritten_share: 0.3,
                new_share: 0.4,
                revision: None,
            }),
            b_from_a: None,
            passages: vec![CopiedPassage {
                a: location(3),
                b: location(5),
                tokens: 25,
                identity: 1.0,
                kind: crate::align::PassageKind::Exact,
                a_text: text.into(),
                b_text: text.into(),
            }],
        };
        let mut report = ScanReport::empty();
        for (clusters, copied) in [(0, 1), (0, 2500), (2, 1025)] {
            report.clusters = (0..clusters)
                .map(|id| Cluster {
                    id,
                    representative: format!("c{id}"),
                    members: Vec::new(),
                    pairs: Vec::new(),
                    max_similarity: 0.9,
                })
                .collect();
            report.copied = (0..copied).map(pair).collect();
            let (mut fast, mut whole) = (Vec::new(), Vec::new());
            json(&mut fast, &report).unwrap();
            super::super::json::pretty(&mut whole, &report).unwrap();
            assert_eq!(String::from_utf8(fast), String::from_utf8(whole));
        }
    }
}
