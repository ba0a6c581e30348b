//! Styles and column math shared by the human renderers.
//!
//! Colours are plain ANSI SGR sequences, emitted only when
//! [`super::RenderOptions::color`] is set. Widths are display columns
//! (`unicode-width`), so wide CJK characters and emoji line up.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A text style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Headings and labels.
    Bold,
    /// Secondary information.
    Dim,
    /// Text only in A (removed).
    Removed,
    /// Text only in B (added).
    Added,
    /// Passage numbers and pointers.
    Accent,
}

impl Style {
    fn sgr(self) -> &'static str {
        match self {
            Style::Bold => "\x1b[1m",
            Style::Dim => "\x1b[2m",
            Style::Removed => "\x1b[31m",
            Style::Added => "\x1b[32m",
            Style::Accent => "\x1b[36m",
        }
    }
}

/// `text` in `style` when `color` is on, as is otherwise.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if color && !text.is_empty() {
        format!("{}{text}\x1b[0m", style.sgr())
    } else {
        text.to_string()
    }
}

/// `text` safe to write to a terminal: control characters (C0, DEL, C1)
/// and the bidirectional overrides that reorder what a terminal shows are
/// replaced by visible stand-ins, so a document can never move the cursor,
/// change colours, retitle the window or disguise text. C0 controls and DEL
/// become their Unicode control pictures (ESC is `␛`); C1 controls and bidi
/// controls become `\u{…}` escapes.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c as u32 {
            0x00..=0x1f => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            0x7f => out.push('\u{2421}'),
            _ if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Display width of `text` in columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Collapse runs of white space (including line breaks) to one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keep the first `head` and last `tail` words of `text`, with ` … ` between
/// them when words were left out.
pub fn elide_words(text: &str, head: usize, tail: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= head + tail + 1 {
        return words.join(" ");
    }
    format!(
        "{} … {}",
        words[..head].join(" "),
        words[words.len() - tail..].join(" ")
    )
}

/// Word-wrap `text` to `width` columns; the first line is prefixed with
/// `first`, the others with `rest` (both count toward the width).
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut line_w = self::width(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let word = visible(word);
        let w = self::width(&word);
        if !empty && line_w + 1 + w > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            line_w = self::width(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_w += 1;
        }
        // A word wider than what is left (CJK text has no spaces, a URL
        // may be long) is broken by display width, between chars.
        if line_w + w > width {
            for c in word.chars() {
                let cw = UnicodeWidthChar::width(c).unwrap_or(0);
                if !empty && cw > 0 && line_w + cw > width {
                    lines.push(std::mem::replace(&mut line, rest.to_string()));
                    line_w = self::width(rest);
                }
                line.push(c);
                line_w += cw;
                empty = false;
            }
            continue;
        }
        line.push_str(&word);
        line_w += w;
        empty = false;
    }
    lines.push(line);
    lines
}

/// Format a share as a whole percentage a person reads: `<1%` for small but
/// non-zero shares and never `100%` unless it is exactly 1.
pub fn percent(x: f64) -> String {
    let p = x * 100.0;
    if x > 0.0 && p < 1.0 {
        "<1%".into()
    } else if x < 1.0 && p > 99.0 {
        ">99%".into()
    } else {
        format!("{:.0}%", p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        let l = wrap("aaa bbb ccc", 9, "> ", "  ");
        assert_eq!(l, ["> aaa bbb", "  ccc"]);
        assert_eq!(width("塔利班"), 6);
        assert_eq!(wrap("", 10, "x", "y"), ["x"]);
    }

    #[test]
    fn issue_14_cjk_lines_wrap_to_the_width() {
        let text =
            "俄罗斯正式承认塔利班政府，成为自该组织二零二一年重新掌权以来第一个这样做的国家。";
        let l = wrap(text, 20, "> ", "  ");
        assert!(l.len() > 3, "{l:?}");
        assert!(l.iter().all(|x| width(x) <= 20), "{l:?}");
        assert_eq!(l.concat().replace("> ", "").replace("  ", ""), text);
        // Short words stay whole; a long one starts a line and is broken.
        let l = wrap(&format!("see {}", "x".repeat(30)), 12, "", "");
        assert_eq!(l, ["see", "xxxxxxxxxxxx", "xxxxxxxxxxxx", "xxxxxx"]);
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(visible("plain"), "plain");
        assert_eq!(visible("a\x1b[31mred"), "a␛[31mred");
        assert_eq!(visible("bell\x07 del\x7f"), "bell␇ del␡");
        assert_eq!(visible("c1\u{9b}2J"), "c1\\u{9b}2J");
        assert_eq!(visible("evil\u{202e}txt"), "evil\\u{202e}txt");
        let w = wrap("x\x1b]0;title\x07 y", 80, "", "");
        assert_eq!(w, ["x␛]0;title␇ y"]);
    }

    #[test]
    fn elides_and_formats() {
        assert_eq!(elide_words("a b c d e f", 2, 1), "a b … f");
        assert_eq!(elide_words("a b c d", 2, 1), "a b c d");
        assert_eq!(percent(0.004), "<1%");
        assert_eq!(percent(0.996), ">99%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.61), "61%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(paint("x", Style::Bold, false), "x");
        assert_eq!(paint("x", Style::Bold, true), "\x1b[1mx\x1b[0m");
    }
}
