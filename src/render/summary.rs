//! The human summary of a comparison (`neardup compare`, `--view summary`).
//!
//! ```text
//! A  a.txt  182 words
//! B  b.txt  1204 words
//!
//! Resemblance  Jaccard 0.062 (MinHash estimate 0.070, 128 values)
//! Containment  98% of A appears in B; 7% of B appears in A
//! Derivation  A is partly derived from B: 78% new, 22% verbatim, 0% rewritten
//!
//! 1 shared passage
//!   1. A lines 1-3 ↔ B lines 12-14 · 84 words · identity 97% · edited
//!      A │ Russia has officially recognized … human rights.
//!      B │ Russia has formally recognized … human rights.
//! ```

use std::io::{self, Write};

use super::RenderOptions;
use super::style::{Style, elide_words, one_line, paint, percent, wrap};
use crate::align::PassageKind;
use crate::report::{Comparison, Location, SharedPassage};
use crate::text::SourceText;

/// Words kept at the start and end of a long passage's excerpt.
const HEAD_WORDS: usize = 24;
const TAIL_WORDS: usize = 12;

/// Write the summary of `c`.
pub fn compare(out: &mut dyn Write, c: &Comparison, opts: &RenderOptions) -> io::Result<()> {
    let (a, b) = (&c.a.text, &c.b.text);
    let color = opts.color;
    let label = |s: &str| paint(s, Style::Bold, color);
    super::write_documents(out, c, color)?;
    writeln!(out)?;
    let s = &c.similarity;
    writeln!(
        out,
        "{}  Jaccard {:.3} (MinHash estimate {:.3}, {} values)",
        label("Resemblance"),
        s.jaccard,
        s.jaccard_estimate,
        c.params.perms
    )?;
    writeln!(
        out,
        "{}  {} of A appears in B; {} of B appears in A",
        label("Containment"),
        percent(s.containment_a_in_b),
        percent(s.containment_b_in_a)
    )?;
    super::write_partial(out, c, color)?;
    // Wrapped under itself: with the revision, the line passes 80 columns.
    let indent = " ".repeat("Derivation  ".len());
    let line = super::derivation::summary_line(&c.derivation.summary);
    for (k, l) in wrap(&line, opts.width, &indent, &indent).iter().enumerate() {
        let head = if k == 0 {
            label("Derivation") + "  "
        } else {
            indent.clone()
        };
        writeln!(out, "{head}{}", &l[indent.len()..])?;
    }
    writeln!(out)?;
    if c.passages.is_empty() {
        return writeln!(
            out,
            "No shared passage of {} words or more.",
            c.params.min_tokens
        );
    }
    // Copies first, then the same content in other words; ids keep their
    // A order across both lists, as in the other views.
    let num_w = c.passages.len().to_string().len();
    let (copied, reworded): (Vec<_>, Vec<_>) = c.passages.iter().partition(|p| p.kind.is_copy());
    match copied.len() {
        0 => writeln!(
            out,
            "No copied passage of {} words or more.",
            c.params.min_tokens
        )?,
        1 => writeln!(out, "{}", label("1 shared passage"))?,
        n => writeln!(out, "{}", label(&format!("{n} shared passages")))?,
    }
    for p in copied {
        passage(out, p, a, b, num_w, opts)?;
    }
    if !reworded.is_empty() {
        let n = reworded.len();
        let head = format!(
            "{n} reworded passage{} (the same content in other words)",
            if n == 1 { "" } else { "s" }
        );
        writeln!(out, "{}", label(&head))?;
        for p in reworded {
            passage(out, p, a, b, num_w, opts)?;
        }
    }
    Ok(())
}

fn passage(
    out: &mut dyn Write,
    p: &SharedPassage,
    a: &SourceText,
    b: &SourceText,
    num_w: usize,
    opts: &RenderOptions,
) -> io::Result<()> {
    let color = opts.color;
    let kind = match p.kind {
        PassageKind::Exact => "exact",
        PassageKind::Edited => "edited",
        PassageKind::Reordered => "reordered",
        PassageKind::Paraphrased => "paraphrased",
        PassageKind::Summary => "summary",
    };
    let head = format!(
        "{:>num_w$}. A {} ↔ B {} · {} words · identity {} · {kind}",
        p.id,
        lines(&p.a),
        lines(&p.b),
        p.tokens,
        percent(p.identity),
    );
    writeln!(out, "  {}", paint(&head, Style::Accent, color))?;
    let indent = " ".repeat(num_w + 4);
    let a_text = excerpt(a, &p.a);
    let b_text = excerpt(b, &p.b);
    if p.kind == PassageKind::Exact && a_text == b_text {
        let bar = format!("{indent}│ ");
        for l in wrap(&a_text, opts.width, &bar, &bar) {
            writeln!(out, "{l}")?;
        }
    } else {
        for (side, text) in [("A", a_text), ("B", b_text)] {
            let first = format!("{indent}{side} │ ");
            let rest = format!("{indent}  │ ");
            for l in wrap(&text, opts.width, &first, &rest) {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

fn lines(l: &Location) -> String {
    if l.line == l.end_line {
        format!("line {}", l.line)
    } else {
        format!("lines {}-{}", l.line, l.end_line)
    }
}

fn excerpt(doc: &SourceText, l: &Location) -> String {
    elide_words(&one_line(doc.slice(l.span())), HEAD_WORDS, TAIL_WORDS)
}
