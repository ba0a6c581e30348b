//! The human padding report (`neardup padding`), one block per document:
//!
//! ```text
//! article.txt · 412 words · 2853 chars
//! Padding  34% of the text repeats earlier text · 62% left without repeats and flagged lines
//!
//! 2 repeats
//!   1. line 4 repeats line 2 · title · 7 words · exact
//!      │ Russia Officially Recognizes Taliban Government, Setting Precedent
//!   2. line 10 repeats line 7 · passage · 44 words · identity 97% · edited
//!      copy   │ Historically, Russia has engaged … since 2018.
//!      source │ Historically, Russia has been engaged … since 2018.
//! 1 keyword line
//!   line 4 · tag list: 14 short comma-separated items (flags from 6)
//!          · “taliban” at 5.2× its rate in the document (flags from 4×)
//!      │ Afghanistan, Taliban, Russia, … taliban
//! 1 likely boilerplate line
//!   line 99 · comment form
//!      │ Leave a Reply
//! ```

use std::io::{self, Write};

use super::RenderOptions;
use super::style::{Style, elide_words, one_line, paint, percent, visible, wrap};
use crate::report::Location;
use crate::report::padding::{
    BoilerplateRule, DocumentPadding, KeywordMeasure, KeywordReason, RepeatKind, RepeatMatch,
};

/// Words kept at the start and end of an excerpt.
const HEAD_WORDS: usize = 14;
const TAIL_WORDS: usize = 6;

/// Write the padding report of one document.
pub fn document(
    out: &mut dyn Write,
    r: &DocumentPadding,
    opts: &RenderOptions,
) -> io::Result<()> {
    let doc = &r.doc.text;
    let color = opts.color;
    let bold = |s: &str| paint(s, Style::Bold, color);
    writeln!(
        out,
        "{} · {} · {}",
        bold(&visible(&r.doc.path)),
        count(r.doc.tokens as usize, "word"),
        count(r.doc.chars as usize, "char")
    )?;
    writeln!(
        out,
        "{}  {} of the text repeats earlier text · {} left without repeats and flagged lines",
        bold("Padding"),
        percent(r.padding_ratio),
        percent(r.clean_ratio)
    )?;
    if r.repeats.is_empty() && r.keyword_lines.is_empty() && r.boilerplate.is_empty() {
        return writeln!(out, "No repeats, keyword lines or boilerplate found.");
    }
    writeln!(out)?;
    let excerpt =
        |l: &Location| elide_words(&one_line(doc.slice(l.span())), HEAD_WORDS, TAIL_WORDS);
    let quote = |out: &mut dyn Write, label: &str, l: &Location| -> io::Result<()> {
        let first = format!("     {label}│ ");
        let rest = format!("     {}│ ", " ".repeat(label.chars().count()));
        for line in wrap(&excerpt(l), opts.width, &first, &rest) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    };

    if !r.repeats.is_empty() {
        writeln!(out, "{}", bold(&count(r.repeats.len(), "repeat")))?;
        for rep in &r.repeats {
            let kind = match rep.kind {
                RepeatKind::Title => "title",
                RepeatKind::Heading => "heading",
                RepeatKind::Passage => "passage",
            };
            let verb = if rep.copy.line == rep.copy.end_line {
                "repeats"
            } else {
                "repeat"
            };
            let matched = match rep.matched {
                RepeatMatch::Exact => "exact".to_string(),
                RepeatMatch::Edited => format!("identity {} · edited", percent(rep.identity)),
            };
            let head = format!(
                "{}. {} {verb} {} · {kind} · {} · {matched}",
                rep.id,
                lines(&rep.copy),
                lines(&rep.source),
                count(rep.tokens as usize, "word"),
            );
            writeln!(out, "  {}", paint(&head, Style::Accent, color))?;
            match rep.matched {
                RepeatMatch::Exact => quote(out, "", &rep.copy)?,
                RepeatMatch::Edited => {
                    quote(out, "copy   ", &rep.copy)?;
                    quote(out, "source ", &rep.source)?;
                }
            }
        }
    }
    if !r.keyword_lines.is_empty() {
        writeln!(
            out,
            "{}",
            bold(&count(r.keyword_lines.len(), "keyword line"))
        )?;
        for k in &r.keyword_lines {
            // One reason per line, aligned under the first.
            let at = lines(&k.location);
            let pad = " ".repeat(at.chars().count());
            for (i, why) in k.reasons.iter().map(reason).enumerate() {
                let head = format!("{} · {why}", if i == 0 { &at } else { &pad });
                writeln!(out, "  {}", paint(&head, Style::Accent, color))?;
            }
            quote(out, "", &k.location)?;
        }
    }
    if !r.boilerplate.is_empty() {
        let title = count(r.boilerplate.len(), "likely boilerplate line");
        writeln!(out, "{}", bold(&title))?;
        for b in &r.boilerplate {
            let head = format!("{} · {}", lines(&b.location), rule(b.rule));
            writeln!(out, "  {}", paint(&head, Style::Accent, color))?;
            quote(out, "", &b.location)?;
        }
    }
    Ok(())
}

/// `1 repeat`, `3 repeats`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn lines(l: &Location) -> String {
    if l.line == l.end_line {
        format!("line {}", l.line)
    } else {
        format!("lines {}-{}", l.line, l.end_line)
    }
}

fn reason(r: &KeywordReason) -> String {
    match r.measure {
        KeywordMeasure::TagList => format!(
            "tag list: {} short comma-separated items (flags from {})",
            r.value, r.threshold
        ),
        KeywordMeasure::TermShare => format!(
            "{} terms make up {} of its words (flags from {}): {}",
            r.terms.len(),
            percent(r.value),
            percent(r.threshold),
            r.terms.join(", ")
        ),
        KeywordMeasure::TermRate => format!(
            "“{}” at {:.1}× its rate in the document (flags from {}×)",
            r.terms.join(", "),
            r.value,
            r.threshold
        ),
    }
}

fn rule(r: BoilerplateRule) -> &'static str {
    match r {
        BoilerplateRule::CommentForm => "comment form",
        BoilerplateRule::PublicationLine => "publication stamp",
        BoilerplateRule::DateLine => "date line",
        BoilerplateRule::Byline => "byline",
        BoilerplateRule::ImageAltText => "image alt text",
        BoilerplateRule::ImageCredit => "image caption or credit",
        BoilerplateRule::PageWidget => "share, subscribe or ad widget",
        BoilerplateRule::Copyright => "copyright notice",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::padding::{Padder, PaddingOptions};

    #[test]
    fn edited_repeats_show_both_sides() {
        let p = "Russia has engaged with the Taliban since their initial rise, having \
            removed the group from its list of terrorist organizations this past April.";
        let text = format!(
            "A Title\n\n{p}\nRead Taliban news, Taliban Kabul, Taliban live, Taliban today, Taliban now\n{}\n\nBy Jane Doe\n",
            p.replace("initial", "first")
        );
        let padder = Padder::new(PaddingOptions::default()).unwrap();
        let doc = padder.document(text).unwrap();
        let report = padder.analyze("doc.txt", &doc);
        let mut out = Vec::new();
        let opts = RenderOptions {
            color: false,
            width: 72,
        };
        document(&mut out, &report, &opts).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
