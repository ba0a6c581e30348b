//! The inline view (`neardup compare --view inline`): one column, the same
//! rows as the side-by-side view, readable without colour like
//! `git diff --word-diff`.
//!
//! ```text
//!  3  5  │ The Afghan foreign ministry said on [-Friday-]{+Thursday+} that Russia's
//!        │ decision to recognise the Taliban [-administration-]{+government+} was a
//!        │ "[-brave-]{+courageous+} step" that other governments should study
//!        │ closely. (passage 1)
//!  5     │ [-Trade delegations from both countries are expected to meet in Tashkent.-]
//!     7  │ {+Kazakhstan declined to comment.+}
//! ```
//!
//! The gutter gives the sentence's line in A and in B; `⇄` marks a pair
//! that is out of order (shown at A's position). Colour, when on, paints the
//! bracketed words too.

use std::io::{self, Write};

use super::RenderOptions;
use super::style::{Style, paint, percent};
use super::words::{Chunk, Mark, merged_chunks, wrap};
use crate::report::{Comparison, Location, SentenceRow};
use crate::text::SourceText;

/// Write the inline view of `c`.
pub fn compare(
    out: &mut dyn Write,
    c: &Comparison,
    opts: &RenderOptions,
) -> io::Result<()> {
    let (a, b) = (&c.a.text, &c.b.text);
    let color = opts.color;
    super::write_documents(out, c, color)?;
    let s = &c.similarity;
    writeln!(
        out,
        "Jaccard {:.3} · {} of A appears in B, {} of B in A",
        s.jaccard,
        percent(s.containment_a_in_b),
        percent(s.containment_b_in_a),
    )?;
    super::write_partial(out, c, color)?;
    writeln!(out)?;
    let num_w = a.line_count().max(b.line_count()).to_string().len();
    // "{a} {b}⇄ │ "
    let gutter_w = 2 * num_w + 5;
    let text_w = opts.width.saturating_sub(gutter_w).max(8);
    for row in &c.sentences {
        let line =
            |l: Option<&Location>| l.map_or(" ".repeat(num_w), |l| format!("{:>num_w$}", l.line));
        let moved = if row.moved { "⇄" } else { " " };
        let first = format!(
            "{} {}{moved} │ ",
            line(row.a.as_ref()),
            line(row.b.as_ref())
        );
        let rest = format!("{} │ ", " ".repeat(2 * num_w + 2));
        let mut chunks = row_chunks(a, b, row);
        if !row.passages.is_empty() {
            let ids: Vec<String> = row.passages.iter().map(u32::to_string).collect();
            let word = if ids.len() == 1 {
                "passage"
            } else {
                "passages"
            };
            chunks.push((format!("  ({word} {})", ids.join(", ")), Mark::Plain));
        }
        for (i, l) in wrap(&chunks, text_w, true).iter().enumerate() {
            let g = if i == 0 { &first } else { &rest };
            let text = format!("{}{}", paint(g, Style::Dim, color), l.paint(color));
            writeln!(out, "{}", text.trim_end())?;
        }
    }
    Ok(())
}

/// The text of a row: a pair merged, or a lone sentence wholly removed or
/// added.
fn row_chunks(a: &SourceText, b: &SourceText, row: &SentenceRow) -> Vec<Chunk> {
    match (&row.a, &row.b) {
        (Some(_), Some(_)) => merged_chunks(a, b, row),
        (Some(l), None) => vec![(a.slice(l.span()).to_string(), Mark::Removed)],
        (None, Some(l)) => vec![(b.slice(l.span()).to_string(), Mark::Added)],
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{CompareOptions, Comparer};

    fn render(a: &str, b: &str, width: usize) -> String {
        let comparer = Comparer::new(CompareOptions::default()).unwrap();
        let (da, db) = (
            comparer.prepare("a.txt", a).unwrap(),
            comparer.prepare("b.txt", b).unwrap(),
        );
        let c = comparer.compare(&da, &db).unwrap();
        let mut out = Vec::new();
        let opts = RenderOptions {
            color: false,
            width,
        };
        compare(&mut out, &c, &opts).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn word_diff_brackets_keep_punctuation() {
        let out = render(
            "“It was a brave, historic decision,” Muttaqi said. Only in A.",
            "“It was a bold, historic decision,” Muttaqi said on Friday.",
            100,
        );
        assert!(
            out.contains(
                "“It was a [-brave-]{+bold+}, historic decision,” Muttaqi said {+on Friday+}."
            ),
            "{out}"
        );
        assert!(out.contains("[-Only in A.-]"), "{out}");
    }

    #[test]
    fn lone_sentences_and_empty_input() {
        let out = render("", "Only B here.", 40);
        assert!(out.contains("{+Only B here.+}"), "{out}");
        render("", "", 0);
    }
}
