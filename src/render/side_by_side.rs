//! The side-by-side view (`neardup compare --view side-by-side`): A on the
//! left, B on the right, one row per sentence pair (see
//! [`crate::align::sentences`]), a lone sentence opposite a blank.
//!
//! ```text
//! A  pairs/a.txt                      │ B  pairs/b.txt
//!    74 words                         │    107 words
//! ────────────────────────────────────┼──────────────────────────────────────
//!  3 The Afghan foreign ministry said │  5 The Afghan foreign ministry said on
//!    on [-Friday-] that Russia's      │    {+Thursday+} that Russia's decision
//!    decision to recognise the        │    to recognise the Taliban
//!    …                                │    …
//!    passage 1                        │    passage 1
//!                                     │
//!  5 Trade delegations from both      │
//!    countries are expected to meet.  │
//! ```
//!
//! Inside a pair, shared words are plain, words only in A red and words
//! only in B green; without colour they are bracketed `[-…-]` and `{+…+}`
//! instead. A row that touches shared passages names them (`passage 2`,
//! numbered as in the summary); a pair out of order is marked `⇄ moved`
//! with the B line where its sentence stands. Columns are measured in
//! display width, so wide characters and emoji line up.

use std::io::{self, Write};

use super::RenderOptions;
use super::style::{Style, paint, percent, visible, width};
use super::words::{Line, Mark, Side, side_chunks, wrap};
use crate::report::{Comparison, SentenceRow};
use crate::text::SourceText;

/// Columns between the two sides: ` │ `.
const GUTTER: usize = 3;

/// Narrowest text column; below it lines overflow rather than vanish.
const MIN_TEXT: usize = 8;

/// Write the side-by-side view of `c`.
pub fn compare(
    out: &mut dyn Write,
    c: &Comparison,
    opts: &RenderOptions,
) -> io::Result<()> {
    let (a, b) = (&c.a.text, &c.b.text);
    let color = opts.color;
    let left = opts.width.saturating_sub(GUTTER) / 2;
    let right = opts.width.saturating_sub(GUTTER + left);
    let num_w = a.line_count().max(b.line_count()).to_string().len();
    let sep = paint("│", Style::Dim, color);

    let s = &c.similarity;
    let passages = match c.passages.len() {
        1 => "1 shared passage".to_string(),
        n => format!("{n} shared passages"),
    };
    let head = format!(
        "Jaccard {:.3} · {} of A appears in B, {} of B in A · {passages}",
        s.jaccard,
        percent(s.containment_a_in_b),
        percent(s.containment_b_in_a),
    );
    for l in wrap(&[(head, Mark::Plain)], opts.width, false) {
        writeln!(out, "{}", l.paint(false))?;
    }
    super::write_partial(out, c, color)?;
    writeln!(out)?;
    let ta = title("A", &visible(&c.a.path), c.a.tokens, left);
    let tb = title("B", &visible(&c.b.path), c.b.tokens, right);
    for ((l, lw), (r, _)) in ta.iter().zip(&tb) {
        writeln!(
            out,
            "{}",
            join(
                &paint(l, Style::Bold, color),
                *lw,
                left,
                &sep,
                &paint(r, Style::Bold, color)
            )
        )?;
    }
    let rule = format!("{}┼{}", "─".repeat(left + 1), "─".repeat(right + 1));
    writeln!(out, "{}", paint(&rule, Style::Dim, color))?;

    for (k, row) in c.sentences.iter().enumerate() {
        if k > 0 {
            writeln!(out, "{}", join("", 0, left, &sep, ""))?;
        }
        let lines_a = column(a, row, Side::A, left, num_w, color);
        let lines_b = column(b, row, Side::B, right, num_w, color);
        for i in 0..lines_a.len().max(lines_b.len()) {
            let (l, lw) = lines_a.get(i).cloned().unwrap_or_default();
            let (r, _) = lines_b.get(i).cloned().unwrap_or_default();
            writeln!(out, "{}", join(&l, lw, left, &sep, &r))?;
        }
    }
    Ok(())
}

/// A column's title: `A  path` (long paths keep their end) and the word
/// count, with display widths.
fn title(side: &str, path: &str, words: u32, col: usize) -> [(String, usize); 2] {
    let head = format!("{side}  ");
    let room = col.saturating_sub(width(&head)).max(1);
    let mut shown = path.to_string();
    if width(path) > room {
        // Keep the end: the file name tells documents apart.
        let mut tail: Vec<char> = Vec::new();
        let mut w = 1;
        for c in path.chars().rev() {
            let cw = width(c.encode_utf8(&mut [0; 4]));
            if w + cw > room {
                break;
            }
            w += cw;
            tail.push(c);
        }
        shown = std::iter::once('…').chain(tail.into_iter().rev()).collect();
    }
    let first = format!("{head}{shown}");
    let second = format!("{}{words} words", " ".repeat(width(&head)));
    [
        (first.clone(), width(&first)),
        (second.clone(), width(&second)),
    ]
}

/// One output line: the left text padded to `left` columns, the separator,
/// the right text; no trailing spaces.
fn join(l: &str, lw: usize, left: usize, sep: &str, r: &str) -> String {
    let pad = " ".repeat(left.saturating_sub(lw));
    let line = format!("{l}{pad} {sep} {r}");
    line.trim_end().to_string()
}

/// The lines of one side of a row, painted, with their display widths.
fn column(
    doc: &SourceText,
    row: &SentenceRow,
    side: Side,
    col: usize,
    num_w: usize,
    color: bool,
) -> Vec<(String, usize)> {
    let (loc, mark) = match side {
        Side::A => (row.a.as_ref(), Mark::Removed),
        Side::B => (row.b.as_ref(), Mark::Added),
    };
    let Some(loc) = loc else {
        return Vec::new();
    };
    let text_w = col.saturating_sub(num_w + 1).max(MIN_TEXT);
    let indent = " ".repeat(num_w + 1);
    let chunks = side_chunks(doc, row, side, mark);
    let mut out: Vec<(String, usize)> = wrap(&chunks, text_w, !color)
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let gutter = if i == 0 {
                paint(&format!("{:>num_w$} ", loc.line), Style::Dim, color)
            } else {
                indent.clone()
            };
            (format!("{gutter}{}", l.paint(color)), num_w + 1 + l.width)
        })
        .collect();
    let mut notes = Vec::new();
    if !row.passages.is_empty() {
        let ids: Vec<String> = row.passages.iter().map(u32::to_string).collect();
        let word = if ids.len() == 1 {
            "passage"
        } else {
            "passages"
        };
        notes.push(format!("{word} {}", ids.join(", ")));
    }
    if row.moved && side == Side::B {
        notes.push(format!("⇄ moved · B line {}", loc.line));
    }
    if !notes.is_empty() {
        let note: Vec<Line> = wrap(&[(notes.join(" · "), Mark::Plain)], text_w, false);
        out.extend(note.iter().map(|l| {
            (
                format!("{indent}{}", paint(&l.paint(false), Style::Accent, color)),
                num_w + 1 + l.width,
            )
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{CompareOptions, Comparer};

    fn render(a: &str, b: &str, width: usize, color: bool) -> String {
        let comparer = Comparer::new(CompareOptions::default()).unwrap();
        let (da, db) = (
            comparer.prepare("a.txt", a).unwrap(),
            comparer.prepare("b.txt", b).unwrap(),
        );
        let c = comparer.compare(&da, &db).unwrap();
        let mut out = Vec::new();
        compare(&mut out, &c, &RenderOptions { color, width }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn columns_line_up_by_display_width() {
        let a = "塔利班 announced a decision today 🎉. Nothing else.";
        let b = "塔利班 announced a bold decision today 🎉.";
        let out = render(a, b, 60, false);
        let bars: Vec<usize> = out
            .lines()
            .skip(3)
            .filter_map(|l| l.find('│').map(|i| width(&l[..i])))
            .collect();
        assert!(!bars.is_empty(), "{out}");
        assert!(bars.iter().all(|&c| c == bars[0]), "{out}");
        assert!(out.contains("{+bold+}"), "{out}");
        assert!(out.lines().all(|l| width(l) <= 60), "{out}");
    }

    #[test]
    fn empty_documents_and_tiny_widths_do_not_panic() {
        for w in [0, 1, 5, 20] {
            render("", "", w, false);
            render("One word", "", w, true);
            render("x", "x y z. Another sentence here.", w, true);
        }
    }
}
