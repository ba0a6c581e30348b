//! The terminal view of `neardup frame`: the documents, the coverage
//! matrix, one block per fact (each outlet's wording, with the words that
//! differ from the most central wording marked), then what each outlet
//! alone reports, what it leaves out, quotes by speaker, disagreements and
//! term choices (per slot, then per outlet: the marked words it chose).
//!
//! Documents are labelled `[1]`, `[2]` … in input order. Marked words are
//! green with colour, `{+…+}` without. Lines are wrapped to the width.

use std::io::{self, Write};

use super::RenderOptions;
use super::style::{Style, elide_words, paint, width, wrap};
use super::words::{self, Chunk, Mark};
use crate::frame::report::{Fact, FactKind, FrameReport, Member, Passage};
use crate::text::Document;

/// Most passages listed per outlet under "only in".
const EXCLUSIVE_SHOWN: usize = 3;
/// Most term choices listed.
const TERMS_SHOWN: usize = 12;

fn label(doc: usize) -> String {
    format!("[{}]", doc + 1)
}

/// Write the terminal view of `r`, whose documents are `docs`.
pub fn report(
    out: &mut dyn Write,
    r: &FrameReport,
    docs: &[&Document],
    o: &RenderOptions,
) -> io::Result<()> {
    let c = o.color;
    let w = o.width.max(40);
    let head = |s: &str| paint(s, Style::Bold, c);
    writeln!(
        out,
        "{} {} documents, {} facts reported by two or more",
        head("frame:"),
        r.documents.len(),
        r.facts.len()
    )?;
    for (i, d) in r.documents.iter().enumerate() {
        writeln!(
            out,
            "  {} {}  {}",
            paint(&label(i), Style::Accent, c),
            d.path,
            paint(
                &format!("{} words, {} units", d.words, d.units),
                Style::Dim,
                c
            )
        )?;
    }
    matrix(out, r, c, w)?;
    for f in &r.facts {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            head(&format!(
                "Fact #{} · {}{} of {} outlets",
                f.id,
                event_label(f),
                f.outlets,
                r.documents.len()
            ))
        )?;
        for (i, m) in f.members.iter().enumerate() {
            member(out, m, docs[m.passage.doc], i == f.centre, c, w)?;
        }
        if !f.silent.is_empty() {
            let silent: Vec<String> = r
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| f.silent.contains(&d.path))
                .map(|(i, _)| label(i))
                .collect();
            writeln!(
                out,
                "  {}",
                paint(&format!("silent: {}", silent.join(" ")), Style::Dim, c)
            )?;
        }
    }
    exclusive(out, r, c, w)?;
    omissions(out, r, c)?;
    quotes(out, r, c, w)?;
    disagreements(out, r, c, w)?;
    framing(out, r, c, w)?;
    Ok(())
}

/// `main event (death) · ` for an event fact (`main event (rehab: Betty
/// Ford Center) · ` for one of several), nothing for a statement.
pub(super) fn event_label(f: &Fact) -> String {
    match f.kind {
        FactKind::Event if f.arguments.is_empty() => {
            format!("main event ({}) · ", f.event.join(", "))
        }
        FactKind::Event => format!(
            "main event ({}: {}) · ",
            f.event.join(", "),
            f.arguments.join(" ")
        ),
        FactKind::Statement => String::new(),
    }
}

/// The matrix's mark of an event fact: `main event`, with its places when
/// the event is split (`main event: Betty Ford Center`); none for a
/// statement.
pub(super) fn event_mark(f: &Fact) -> Option<String> {
    match f.kind {
        FactKind::Event if f.arguments.is_empty() => Some("main event".to_string()),
        FactKind::Event => Some(format!("main event: {}", f.arguments.join(" "))),
        FactKind::Statement => None,
    }
}

fn matrix(out: &mut dyn Write, r: &FrameReport, c: bool, w: usize) -> io::Result<()> {
    if r.facts.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint("Who reported what (● reports, · silent)", Style::Bold, c)
    )?;
    let n = r.documents.len();
    let id_w = format!("#{}", r.facts.len()).len();
    let cols: String = (1..=n).map(|i| format!("{:<3}", i)).collect();
    writeln!(out, "  {:<id_w$}  {}", "", cols.trim_end())?;
    let text_w = w.saturating_sub(2 + id_w + 2 + 3 * n + 1).max(10);
    for (f, row) in r.facts.iter().zip(&r.coverage) {
        let cells: String = row
            .reported
            .iter()
            .map(|&x| {
                if x {
                    format!("{}  ", paint("●", Style::Accent, c))
                } else {
                    "·  ".to_string()
                }
            })
            .collect();
        let text = &f.members[f.centre].passage.text;
        let centre = match event_mark(f) {
            Some(mark) => format!("[{mark}] {text}"),
            None => text.clone(),
        };
        writeln!(
            out,
            "  {:<id_w$}  {}{}",
            format!("#{}", f.id),
            cells,
            paint(&truncate(&centre, text_w), Style::Dim, c)
        )?;
    }
    Ok(())
}

/// Cut `text` to `max` columns with an ellipsis.
fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut s = String::new();
    for ch in text.chars() {
        if width(&s) + width(ch.encode_utf8(&mut [0; 4])) + 1 > max {
            break;
        }
        s.push(ch);
    }
    s.push('…');
    s
}

fn member(
    out: &mut dyn Write,
    m: &Member,
    doc: &Document,
    centre: bool,
    c: bool,
    w: usize,
) -> io::Result<()> {
    let span = crate::text::Span::new(m.passage.byte_start, m.passage.byte_end);
    let chunks: Vec<Chunk> = words::runs(doc, span, m.tokens.clone(), |t| {
        words::in_ranges(&m.changed_tokens, t)
    })
    .into_iter()
    .map(|(s, changed)| {
        (
            doc.slice(s).to_string(),
            if changed { Mark::Added } else { Mark::Plain },
        )
    })
    .collect();
    let tag = label(m.passage.doc);
    let marker = if centre { "◆" } else { " " };
    let note = if centre {
        "centre".to_string()
    } else if m.verbatim {
        format!("{:.2} verbatim", m.score)
    } else {
        format!("{:.2}", m.score)
    };
    let indent = 2 + 1 + 1 + tag.len() + 1;
    let lines = words::wrap(&chunks, w.saturating_sub(indent).max(10), !c);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            write!(
                out,
                "  {marker} {} {}",
                paint(&tag, Style::Accent, c),
                line.paint(c)
            )?;
            if lines.len() == 1 {
                writeln!(out, "  {}", paint(&note, Style::Dim, c))?;
            } else {
                writeln!(out)?;
            }
        } else if i + 1 == lines.len() {
            writeln!(
                out,
                "{:indent$}{}  {}",
                "",
                line.paint(c),
                paint(&note, Style::Dim, c)
            )?;
        } else {
            writeln!(out, "{:indent$}{}", "", line.paint(c))?;
        }
    }
    Ok(())
}

fn passage_line(p: &Passage, w: usize) -> String {
    truncate(&elide_words(&p.text, 14, 4), w)
}

fn exclusive(out: &mut dyn Write, r: &FrameReport, c: bool, w: usize) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint("Only in one outlet (no other reports it)", Style::Bold, c)
    )?;
    for o in &r.exclusive {
        writeln!(
            out,
            "  {} {} units",
            paint(&label(o.doc), Style::Accent, c),
            o.passages.len()
        )?;
        for p in o.passages.iter().take(EXCLUSIVE_SHOWN) {
            writeln!(out, "      - {}", passage_line(p, w.saturating_sub(8)))?;
        }
        if o.passages.len() > EXCLUSIVE_SHOWN {
            writeln!(
                out,
                "      {}",
                paint(
                    &format!("… {} more", o.passages.len() - EXCLUSIVE_SHOWN),
                    Style::Dim,
                    c
                )
            )?;
        }
    }
    Ok(())
}

fn omissions(out: &mut dyn Write, r: &FrameReport, c: bool) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint("Left out (facts most other outlets report)", Style::Bold, c)
    )?;
    for o in &r.omissions {
        let facts = if o.facts.is_empty() {
            paint("nothing", Style::Dim, c)
        } else {
            o.facts
                .iter()
                .map(|f| format!("#{f}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        writeln!(
            out,
            "  {} {}",
            paint(&label(o.doc), Style::Accent, c),
            facts
        )?;
    }
    Ok(())
}

fn quotes(out: &mut dyn Write, r: &FrameReport, c: bool, w: usize) -> io::Result<()> {
    if r.quotes.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", paint("Quotes by speaker", Style::Bold, c))?;
    for s in &r.quotes {
        writeln!(
            out,
            "  {}  {}",
            paint(&s.speaker, Style::Bold, c),
            paint(
                &format!(
                    "quoted by {} outlet{}",
                    s.outlets,
                    if s.outlets == 1 { "" } else { "s" }
                ),
                Style::Dim,
                c
            )
        )?;
        for q in &s.quotes {
            let tag = label(q.passage.doc);
            let text = format!("“{}”", q.passage.text);
            let first = format!("    {tag} ");
            let rest = " ".repeat(width(&first));
            for line in wrap(&text, w, &first, &rest) {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

fn disagreements(out: &mut dyn Write, r: &FrameReport, c: bool, w: usize) -> io::Result<()> {
    if r.disagreements.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint("Disagreements (same slot, different words)", Style::Bold, c)
    )?;
    for d in &r.disagreements {
        let (kind, sep, style) = if d.kind == "conflict" {
            ("conflict", "≠", Style::Removed)
        } else {
            ("variant ", "~", Style::Accent)
        };
        let place = d.fact.map_or(String::new(), |f| format!("fact #{f}, "));
        let text = format!(
            "{} {} {} {} {}  ({place}{})",
            label(d.values[0].doc),
            d.values[0].text,
            sep,
            label(d.values[1].doc),
            d.values[1].text,
            d.slot
        );
        let first = format!("  {} ", paint(kind, style, c));
        for (i, line) in wrap(&text, w.saturating_sub(11), "", "").iter().enumerate() {
            if i == 0 {
                writeln!(out, "{first}{line}")?;
            } else {
                writeln!(out, "{:11}{line}", "")?;
            }
        }
    }
    Ok(())
}

fn framing(out: &mut dyn Write, r: &FrameReport, c: bool, w: usize) -> io::Result<()> {
    if r.framing.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint(
            "Word choices in the same slot (* = the less common word)",
            Style::Bold,
            c
        )
    )?;
    for t in r.framing.iter().take(TERMS_SHOWN) {
        let parts: Vec<String> = t
            .terms
            .iter()
            .map(|u| {
                let star = if t.marked.as_deref() == Some(u.term.as_str()) {
                    "*"
                } else {
                    ""
                };
                let docs: Vec<String> = u.docs.iter().map(|&d| label(d)).collect();
                format!("“{}”{star} {}", u.term, docs.join(""))
            })
            .collect();
        let facts: Vec<String> = t.facts.iter().map(|f| format!("#{f}")).collect();
        let text = format!("{}  (facts {})", parts.join("  vs  "), facts.join(" "));
        for line in wrap(&text, w, "  ", "    ") {
            writeln!(out, "{line}")?;
        }
    }
    if r.framing.len() > TERMS_SHOWN {
        writeln!(
            out,
            "  {}",
            paint(
                &format!("… {} more", r.framing.len() - TERMS_SHOWN),
                Style::Dim,
                c
            )
        )?;
    }
    // Per outlet: the marked words it chose where another outlet used a
    // more common one.
    for (d, _) in r.documents.iter().enumerate() {
        let picks: Vec<String> = r
            .framing
            .iter()
            .filter_map(|t| {
                let marked = t.marked.as_deref()?;
                let own = t.terms.iter().find(|u| u.term == marked)?;
                if !own.docs.contains(&d) {
                    return None;
                }
                let other = t.terms.iter().find(|u| u.term != marked)?;
                Some(format!("“{}” for “{}”", own.term, other.term))
            })
            .collect();
        if !picks.is_empty() {
            let first = format!("  {} chose ", label(d));
            for line in wrap(&picks.join(", "), w, &first, "      ") {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(kind: FactKind, arguments: &[&str]) -> Fact {
        Fact {
            id: 1,
            kind,
            event: vec!["rehab".to_string()],
            arguments: arguments.iter().map(|a| a.to_string()).collect(),
            outlets: 0,
            centre: 0,
            members: Vec::new(),
            silent: Vec::new(),
        }
    }

    #[test]
    fn the_matrix_marks_a_split_event_with_its_places() {
        let mark = |kind, args: &[&str]| event_mark(&fact(kind, args));
        assert_eq!(mark(FactKind::Event, &[]).as_deref(), Some("main event"));
        assert_eq!(
            mark(FactKind::Event, &["Betty Ford Center"]).as_deref(),
            Some("main event: Betty Ford Center")
        );
        assert_eq!(mark(FactKind::Statement, &[]), None);
    }
}
