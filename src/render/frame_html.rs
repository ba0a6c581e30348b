//! The HTML page of `neardup frame --format html -o frame.html`: one
//! self-contained file (inline CSS, no script, a content security policy
//! that forbids loading anything).
//!
//! On top, the documents and the coverage matrix (facts × outlets, each
//! row linking to its fact); below, one panel per fact with each outlet's
//! wording (words that differ from the most central wording highlighted)
//! and the silent outlets; then disagreements, quotes by speaker, word
//! choices, what each outlet alone reports and what it leaves out.
//!
//! All document text and paths are HTML-escaped; text blocks carry
//! `dir="auto"` so right-to-left text shows the right way round.

use std::io::{self, Write};

use super::html::escape;
use super::words;
use crate::frame::report::{FrameReport, Member};
use crate::text::{Document, Span};

fn label(doc: usize) -> String {
    format!("[{}]", doc + 1)
}

/// Write the HTML page of `r`, whose documents are `docs`.
pub fn report(out: &mut dyn Write, r: &FrameReport, docs: &[&Document]) -> io::Result<()> {
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n\
         <title>neardup frame: {} documents</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        r.documents.len()
    )?;
    writeln!(
        out,
        "<header><h1>How {} outlets reported the same facts</h1>",
        r.documents.len()
    )?;
    writeln!(out, "<ol class=\"docs\">")?;
    for d in &r.documents {
        writeln!(
            out,
            "<li><span dir=\"auto\">{}</span> <small>{} words, {} units</small></li>",
            escape(&d.path),
            d.words,
            d.units
        )?;
    }
    writeln!(out, "</ol></header>\n<main>")?;
    matrix(out, r)?;
    for f in &r.facts {
        writeln!(
            out,
            "<section class=\"fact\" id=\"fact-{}\"><h2>Fact #{} <small>{}{} of {} outlets</small></h2>",
            f.id,
            f.id,
            escape(&super::frame::event_label(f)),
            f.outlets,
            r.documents.len()
        )?;
        writeln!(out, "<table class=\"members\">")?;
        for (i, m) in f.members.iter().enumerate() {
            member(out, m, docs[m.passage.doc], i == f.centre)?;
        }
        writeln!(out, "</table>")?;
        if !f.silent.is_empty() {
            let silent: Vec<String> = f.silent.iter().map(|p| escape(p)).collect();
            writeln!(out, "<p class=\"silent\">Silent: {}</p>", silent.join(", "))?;
        }
        writeln!(out, "</section>")?;
    }
    disagreements(out, r)?;
    quotes(out, r)?;
    framing(out, r)?;
    exclusive(out, r)?;
    writeln!(out, "</main>\n</body>\n</html>")
}

fn matrix(out: &mut dyn Write, r: &FrameReport) -> io::Result<()> {
    writeln!(out, "<section class=\"matrix\"><h2>Who reported what</h2>")?;
    if r.facts.is_empty() {
        return writeln!(
            out,
            "<p>No fact is reported by two or more documents.</p></section>"
        );
    }
    write!(out, "<table><thead><tr><th>fact</th>")?;
    for (i, d) in r.documents.iter().enumerate() {
        write!(out, "<th title=\"{}\">{}</th>", escape(&d.path), label(i))?;
    }
    writeln!(out, "<th>most central wording</th></tr></thead><tbody>")?;
    for (f, row) in r.facts.iter().zip(&r.coverage) {
        write!(out, "<tr><td><a href=\"#fact-{}\">#{}</a></td>", f.id, f.id)?;
        for &x in &row.reported {
            if x {
                write!(out, "<td class=\"yes\">●</td>")?;
            } else {
                write!(out, "<td class=\"no\">·</td>")?;
            }
        }
        // An event fact is marked as in the terminal's matrix.
        let event = super::frame::event_mark(f)
            .map(|m| format!("<strong>{}</strong> ", escape(&m)))
            .unwrap_or_default();
        writeln!(
            out,
            "<td dir=\"auto\">{event}{}</td></tr>",
            escape(&f.members[f.centre].passage.text)
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    write!(
        out,
        "<p class=\"omit\">Left out (facts most others report): "
    )?;
    let parts: Vec<String> = r
        .omissions
        .iter()
        .map(|o| {
            let facts: Vec<String> = o
                .facts
                .iter()
                .map(|f| format!("<a href=\"#fact-{f}\">#{f}</a>"))
                .collect();
            format!(
                "{} {}",
                label(o.doc),
                if facts.is_empty() {
                    "nothing".to_string()
                } else {
                    facts.join(" ")
                }
            )
        })
        .collect();
    writeln!(out, "{}</p></section>", parts.join(" · "))
}

fn member(out: &mut dyn Write, m: &Member, doc: &Document, centre: bool) -> io::Result<()> {
    let span = Span::new(m.passage.byte_start, m.passage.byte_end);
    write!(
        out,
        "<tr{}><th title=\"{}\">{}</th><td dir=\"auto\">",
        if centre { " class=\"centre\"" } else { "" },
        escape(&m.passage.path),
        label(m.passage.doc)
    )?;
    for (s, changed) in words::runs(doc, span, m.tokens.clone(), |t| {
        words::in_ranges(&m.changed_tokens, t)
    }) {
        if changed {
            write!(out, "<mark>{}</mark>", escape(doc.slice(s)))?;
        } else {
            write!(out, "{}", escape(doc.slice(s)))?;
        }
    }
    let note = if centre {
        "centre".to_string()
    } else if m.verbatim {
        format!("{:.2} · verbatim", m.score)
    } else {
        format!("{:.2}", m.score)
    };
    writeln!(out, "</td><td class=\"score\">{note}</td></tr>")
}

fn disagreements(out: &mut dyn Write, r: &FrameReport) -> io::Result<()> {
    if r.disagreements.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section><h2>Disagreements</h2><table class=\"list\">")?;
    for d in &r.disagreements {
        let sep = if d.kind == "conflict" { "≠" } else { "~" };
        writeln!(
            out,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td dir=\"auto\">{} {}</td><td>{sep}</td>\
             <td dir=\"auto\">{} {}</td><td>{}</td></tr>",
            d.kind,
            d.kind,
            escape(&d.slot),
            label(d.values[0].doc),
            escape(&d.values[0].text),
            label(d.values[1].doc),
            escape(&d.values[1].text),
            d.fact
                .map_or(String::new(), |f| format!("<a href=\"#fact-{f}\">#{f}</a>"))
        )?;
    }
    writeln!(out, "</table></section>")
}

fn quotes(out: &mut dyn Write, r: &FrameReport) -> io::Result<()> {
    if r.quotes.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section><h2>Quotes by speaker</h2>")?;
    for s in &r.quotes {
        writeln!(
            out,
            "<h3 dir=\"auto\">{} <small>quoted by {} outlet{}</small></h3><ul class=\"quotes\">",
            escape(&s.speaker),
            s.outlets,
            if s.outlets == 1 { "" } else { "s" }
        )?;
        for q in &s.quotes {
            writeln!(
                out,
                "<li>{} <q dir=\"auto\">{}</q></li>",
                label(q.passage.doc),
                escape(&q.passage.text)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</section>")
}

fn framing(out: &mut dyn Write, r: &FrameReport) -> io::Result<()> {
    if r.framing.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section><h2>Word choices in the same slot</h2><p><small>Marked: the less common word in general English.</small></p><ul>"
    )?;
    for t in &r.framing {
        let parts: Vec<String> = t
            .terms
            .iter()
            .map(|u| {
                let docs: Vec<String> = u.docs.iter().map(|&d| label(d)).collect();
                let term = escape(&u.term);
                let term = if t.marked.as_deref() == Some(u.term.as_str()) {
                    format!("<mark>{term}</mark>")
                } else {
                    term
                };
                format!("“{term}” {}", docs.join(""))
            })
            .collect();
        writeln!(out, "<li dir=\"auto\">{}</li>", parts.join(" vs "))?;
    }
    writeln!(out, "</ul></section>")
}

fn exclusive(out: &mut dyn Write, r: &FrameReport) -> io::Result<()> {
    writeln!(out, "<section><h2>Only in one outlet</h2>")?;
    for o in &r.exclusive {
        writeln!(
            out,
            "<details><summary>{} {} <small>{} units</small></summary><ul>",
            label(o.doc),
            escape(&o.path),
            o.passages.len()
        )?;
        for p in &o.passages {
            writeln!(out, "<li dir=\"auto\">{}</li>", escape(&p.text))?;
        }
        writeln!(out, "</ul></details>")?;
    }
    writeln!(out, "</section>")
}

const CSS: &str = "
:root { font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; }
body { margin: 0; }
header { padding: 10px 24px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
h1 { font-size: 1.15rem; margin: 0 0 4px; }
h2 { font-size: 1.05rem; margin: 20px 0 8px; }
h3 { font-size: 1rem; margin: 12px 0 4px; }
small { color: #656d76; font-weight: normal; }
main { padding: 0 24px 40px; max-width: 1100px; }
ol.docs { margin: 4px 0; }
table { border-collapse: collapse; }
.matrix td, .matrix th { padding: 2px 8px; border-bottom: 1px solid #eaeef2; text-align: left; }
.matrix td.yes { color: #0969da; text-align: center; }
.matrix td.no { color: #afb8c1; text-align: center; }
.fact { border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 14px 10px; margin: 14px 0; }
.members th { vertical-align: top; padding: 4px 8px 4px 0; color: #0969da; }
.members td { padding: 4px 8px; vertical-align: top; }
.members tr.centre td { background: #f6f8fa; font-weight: 500; }
.members td.score { color: #656d76; white-space: nowrap; font-size: 0.85rem; }
mark { background: #dafbe1; }
.silent { color: #656d76; margin: 6px 0 0; }
.list td { padding: 2px 8px; }
tr.conflict td:first-child { color: #cf222e; font-weight: 600; }
tr.variant td:first-child { color: #9a6700; }
";
