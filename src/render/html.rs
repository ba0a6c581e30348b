//! The HTML report (`neardup compare A B --format html -o report.html`): one
//! self-contained file, no network and no external assets (inline CSS, a
//! few lines of inline JavaScript, and a content security policy that
//! forbids loading anything).
//!
//! At the top: the documents and the scores. Below: A and B in two columns,
//! each in its own order and paragraphs. Every shared passage has one colour
//! on both sides (numbered as in the summary); sentences paired by
//! [`crate::align::sentences`] carry their word diff (words only in A or
//! only in B highlighted). Hovering a passage or a paired sentence
//! highlights its counterpart; clicking scrolls the other column to it. On
//! a narrow screen the columns stack.
//!
//! Every piece of document text and every path is HTML-escaped; the script
//! reads only numeric `data-` attributes, so text in the documents can never
//! become markup or code.

use std::io::{self, Write};

use super::style::percent;
use super::words::{Side, changed_tokens, in_ranges, runs};
use crate::report::{Comparison, SentenceRow};
use crate::text::{SourceText, Span};

/// Write the HTML report of `c`.
pub fn compare(out: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let (a, b) = (&c.a.text, &c.b.text);
    let title = format!("neardup: {} ↔ {}", c.a.path, c.b.path);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&title)
    )?;
    header(out, c)?;
    writeln!(out, "<main>")?;
    column(out, c, a, Side::A)?;
    column(out, c, b, Side::B)?;
    writeln!(out, "</main>\n<script>{JS}</script>\n</body>\n</html>")
}

fn header(out: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let s = &c.similarity;
    writeln!(
        out,
        "<header>\n<h1>neardup compare</h1>\n<table class=\"docs\">"
    )?;
    for (side, d) in [("A", &c.a), ("B", &c.b)] {
        writeln!(
            out,
            "<tr><th>{side}</th><td class=\"path\" dir=\"auto\">{}</td><td>{} words</td></tr>",
            escape(&d.path),
            d.tokens
        )?;
    }
    writeln!(out, "</table>")?;
    writeln!(
        out,
        "<p><b>Resemblance</b> Jaccard {:.3} (MinHash estimate {:.3}, {} values)<br>\
         <b>Containment</b> {} of A appears in B; {} of B appears in A</p>",
        s.jaccard,
        s.jaccard_estimate,
        c.params.perms,
        percent(s.containment_a_in_b),
        percent(s.containment_b_in_a)
    )?;
    if c.partial {
        writeln!(
            out,
            "<p class=\"partial\" role=\"alert\">{}</p>",
            escape(super::PARTIAL_NOTE)
        )?;
    }
    write!(out, "<p class=\"passages\"><b>Shared passages</b> ")?;
    if c.passages.is_empty() {
        write!(out, "none of {} words or more", c.params.min_tokens)?;
    }
    for p in &c.passages {
        write!(
            out,
            "<button class=\"chip\" data-p=\"{}\" style=\"--h:{}\" \
             title=\"A line {} ↔ B line {} · {} words · identity {}\">{}</button> ",
            p.id,
            hue(p.id),
            p.a.line,
            p.b.line,
            p.tokens,
            percent(p.identity),
            p.id
        )?;
    }
    writeln!(
        out,
        "</p>\n<p class=\"legend\">Inside paired sentences: <del>only in A</del> \
         <ins>only in B</ins>, shared words plain; <span class=\"mv\">⇄</span> pair out of \
         order. Hover or click a passage or sentence to find its counterpart.</p>\n\
         <p class=\"legend\"><b>Derivation</b> {}. In A, a dark left edge marks sentences \
         copied from B, a light one sentences rewritten from B.</p>\n</header>",
        escape(&super::derivation::summary_line(&c.derivation.summary))
    )
}

/// Hues for passages, in turn: blues, purples, ambers and teals, never the
/// red and green that mark words only in A or only in B.
const HUES: [u32; 8] = [210, 275, 40, 190, 320, 240, 55, 295];

/// Hue of a passage's colour (ids are 1-based).
fn hue(id: u32) -> u32 {
    HUES[(id as usize).wrapping_sub(1) % HUES.len()]
}

/// One document as a column of paragraphs.
fn column(out: &mut dyn Write, c: &Comparison, doc: &SourceText, side: Side) -> io::Result<()> {
    let (name, info) = match side {
        Side::A => ("a", &c.a),
        Side::B => ("b", &c.b),
    };
    writeln!(
        out,
        "<section class=\"doc\" id=\"doc-{name}\">\n<h2>{} · <bdi>{}</bdi></h2>",
        name.to_uppercase(),
        escape(&info.path)
    )?;
    // The first passage covering each token (0 for none).
    let mut passage = vec![0u32; doc.token_spans().len()];
    for p in &c.passages {
        let loc = match side {
            Side::A => &p.a,
            Side::B => &p.b,
        };
        for t in loc.token_range() {
            if let Some(slot) = passage.get_mut(t as usize).filter(|s| **s == 0) {
                *slot = p.id;
            }
        }
    }
    // Rows by sentence start.
    let mut sentences: Vec<(Span, usize, &SentenceRow)> = c
        .sentences
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            let loc = match side {
                Side::A => r.a.as_ref(),
                Side::B => r.b.as_ref(),
            };
            loc.map(|l| (l.span(), k, r))
        })
        .collect();
    sentences.sort_by_key(|s| (s.0.start, s.1));
    let mut next = sentences.iter().peekable();
    for line in 1..=doc.line_count() {
        let span = doc.line_span(line);
        if doc.slice(span).trim().is_empty() {
            continue;
        }
        // Each block sets its own direction: a right-to-left paragraph
        // reads right to left in a left-to-right page.
        write!(out, "<p dir=\"auto\">")?;
        let mut at = span.start;
        while let Some((s, k, row)) = next.next_if(|(s, _, _)| s.start < span.end) {
            if s.start < at {
                continue;
            }
            write!(out, "{}", escape(doc.slice(Span::new(at, s.start))))?;
            let derived = match side {
                Side::A => super::derivation::css_class(&c.derivation, s.start, s.end),
                Side::B => "",
            };
            sentence(out, doc, side, *s, *k, row, &passage, derived)?;
            at = s.end;
        }
        writeln!(
            out,
            "{}</p>",
            escape(doc.slice(Span::new(at, span.end.max(at))))
        )?;
    }
    writeln!(out, "</section>")
}

/// One sentence: its passages' colours and, in a pair, its word diff;
/// `derived` is its derivation class (A only).
#[allow(clippy::too_many_arguments)]
fn sentence(
    out: &mut dyn Write,
    doc: &SourceText,
    side: Side,
    span: Span,
    row_no: usize,
    row: &SentenceRow,
    passage: &[u32],
    derived: &str,
) -> io::Result<()> {
    let derived = if derived.is_empty() {
        String::new()
    } else {
        format!(" {derived}")
    };
    let (name, loc) = match side {
        Side::A => ("a", row.a.as_ref()),
        Side::B => ("b", row.b.as_ref()),
    };
    let Some(loc) = loc else { return Ok(()) };
    let paired = row.a.is_some() && row.b.is_some();
    if paired {
        let other = match side {
            Side::A => row.b.as_ref().map_or(0, |l| l.line),
            Side::B => row.a.as_ref().map_or(0, |l| l.line),
        };
        let other_name = if side == Side::A { "B" } else { "A" };
        write!(
            out,
            "<span class=\"s paired{derived}\" dir=\"auto\" id=\"{name}-r{row_no}\" data-row=\"{row_no}\" \
             title=\"paired with {other_name} line {other} · similarity {}\">",
            percent(row.similarity)
        )?;
    } else {
        write!(
            out,
            "<span class=\"s{derived}\" dir=\"auto\" id=\"{name}-r{row_no}\">"
        )?;
    }
    let changed = changed_tokens(row, side);
    let (tag, open) = match side {
        Side::A => ("del", "<del>"),
        Side::B => ("ins", "<ins>"),
    };
    for (s, (is_changed, p)) in runs(doc, span, loc.token_range(), |t| {
        (
            in_ranges(&changed, t),
            passage.get(t as usize).copied().unwrap_or(0),
        )
    }) {
        if p > 0 {
            write!(
                out,
                "<mark class=\"p\" data-p=\"{p}\" style=\"--h:{}\">",
                hue(p)
            )?;
        }
        if is_changed {
            write!(out, "{open}")?;
        }
        write!(out, "{}", escape(doc.slice(s)))?;
        if is_changed {
            write!(out, "</{tag}>")?;
        }
        if p > 0 {
            write!(out, "</mark>")?;
        }
    }
    if row.moved && side == Side::A {
        let line = row.b.as_ref().map_or(0, |l| l.line);
        write!(
            out,
            "<sup class=\"mv\" title=\"out of order: B has this at line {line}\">⇄</sup>"
        )?;
    }
    write!(out, "</span>")
}

/// `text` with the five HTML-special characters escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "
:root { font: 16px/1.55 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; }
body { margin: 0; height: 100vh; display: flex; flex-direction: column; }
header { flex: none; padding: 10px 24px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
h1 { font-size: 1.1rem; margin: 0 0 4px; }
h2 { font-size: 1rem; margin: 12px 0; position: sticky; top: 0; background: #fff; padding: 4px 0; }
header p { margin: 4px 0; }
table.docs td, table.docs th { padding: 0 10px 0 0; text-align: left; }
.path { font-family: ui-monospace, monospace; word-break: break-all; }
.legend { color: #57606a; font-size: 0.9rem; }
.partial { color: #b42318; font-weight: 600; }
main { flex: 1; min-height: 0; display: grid; grid-template-columns: 1fr 1fr; }
.doc { overflow-y: auto; padding: 0 24px 40vh; overflow-wrap: anywhere; }
#doc-a { border-right: 1px solid #d0d7de; }
.s.paired { cursor: pointer; }
.d-verbatim { box-shadow: inset 3px 0 0 #555; } .d-rewritten { box-shadow: inset 3px 0 0 #aaa; }
.s.hl { background: #fff8c5; outline: 2px solid #d4a72c; }
mark.p { background: hsl(var(--h) 80% 88%); border-bottom: 2px solid hsl(var(--h) 60% 45%); color: inherit; cursor: pointer; }
mark.p.hl { background: hsl(var(--h) 85% 72%); }
del { text-decoration: none; background: #ffd8d3; color: #82071e; }
ins { text-decoration: none; background: #ccf5d6; color: #0f5323; }
.chip { border: 1px solid hsl(var(--h) 60% 45%); background: hsl(var(--h) 80% 88%); border-radius: 10px; cursor: pointer; font: inherit; padding: 0 8px; }
.mv { color: #8250df; }
@media (max-width: 800px) {
  body { height: auto; display: block; }
  main { grid-template-columns: 1fr; }
  .doc { overflow: visible; padding-bottom: 16px; }
  #doc-a { border-right: none; border-bottom: 1px solid #d0d7de; }
}
";

const JS: &str = "
(function () {
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function clear() { all('.hl').forEach(function (e) { e.classList.remove('hl'); }); }
  function num(e, key) { var v = e.getAttribute(key); return /^[0-9]+$/.test(v || '') ? v : null; }
  function target(ev) {
    var m = ev.target.closest('mark.p, .chip');
    if (m && num(m, 'data-p')) return { marks: all('mark.p[data-p=\"' + num(m, 'data-p') + '\"]'), el: m };
    var s = ev.target.closest('.s.paired');
    if (s && num(s, 'data-row')) return { marks: all('.s[data-row=\"' + num(s, 'data-row') + '\"]'), el: s };
    return null;
  }
  document.addEventListener('mouseover', function (ev) {
    var t = target(ev);
    clear();
    if (t) t.marks.forEach(function (e) { e.classList.add('hl'); });
  });
  document.addEventListener('click', function (ev) {
    var t = target(ev);
    if (!t) return;
    clear();
    t.marks.forEach(function (e) { e.classList.add('hl'); });
    var here = t.el.closest('.doc');
    ['doc-a', 'doc-b'].forEach(function (id) {
      var col = document.getElementById(id);
      if (col === here) return;
      var other = t.marks.filter(function (e) { return col.contains(e); })[0];
      if (other) other.scrollIntoView({ block: 'center' });
    });
  });
})();
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{CompareOptions, Comparer};

    fn render(a: &str, b: &str) -> String {
        let comparer = Comparer::new(CompareOptions::default()).unwrap();
        let (da, db) = (
            comparer.prepare("a<1>.txt", a).unwrap(),
            comparer.prepare("b.txt", b).unwrap(),
        );
        let c = comparer.compare(&da, &db).unwrap();
        let mut out = Vec::new();
        compare(&mut out, &c).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Longer than the default shortest passage.
    const SHARED: &str = "the quick brown fox jumps over the lazy dog near the river bank \
        today while the farmer counts his sheep and the baker sells warm bread to \
        the early commuters";

    #[test]
    fn document_text_is_escaped() {
        let html = render(
            &format!("<script>alert(1)</script> & 'x' \"y\"\n{SHARED}."),
            &format!("Lead <img src=x onerror=alert(2)>\n{SHARED}."),
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39; &quot;y&quot;")
        );
        assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assert!(html.contains("a&lt;1&gt;.txt"));
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(!html.contains("<img"));
    }

    #[test]
    fn passages_are_marked_on_both_sides_and_pairs_linked() {
        let html = render(
            &format!("Intro here. {SHARED}."),
            &format!("{SHARED}. Outro there."),
        );
        assert_eq!(
            html.matches("<mark class=\"p\" data-p=\"1\"").count(),
            2,
            "{html}"
        );
        assert!(html.contains("id=\"a-r"), "{html}");
        assert!(html.contains("class=\"s paired\""), "{html}");
        assert!(html.contains("<section class=\"doc\" id=\"doc-a\">"));
        assert!(html.contains("<section class=\"doc\" id=\"doc-b\">"));
    }

    #[test]
    fn issue_14_every_text_block_sets_its_direction() {
        let html = render(
            &format!("مرحبا بالعالم\n{SHARED}."),
            &format!("{SHARED}. Outro there."),
        );
        // Two paragraphs in A, one in B.
        assert_eq!(html.matches("<p dir=\"auto\">").count(), 3, "{html}");
        let tags: Vec<&str> = html
            .split("<span class=\"s")
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or(""))
            .collect();
        assert!(!tags.is_empty());
        assert!(tags.iter().all(|t| t.contains("dir=\"auto\"")), "{tags:?}");
    }

    #[test]
    fn word_diffs_inside_pairs() {
        let html = render(
            "Muttaqi called the decision brave and courageous today.",
            "Muttaqi called the decision bold and courageous today.",
        );
        assert!(html.contains("<del>brave</del>"), "{html}");
        assert!(html.contains("<ins>bold</ins>"), "{html}");
    }

    #[test]
    fn empty_documents() {
        let html = render("", "");
        assert!(html.contains("none of 25 words or more"));
        assert!(html.ends_with("</html>\n"));
    }
}
