//! Stage 7: reports → text. Renderers write to any `io::Write`, take their
//! settings as [`RenderOptions`] (resolved once by the CLI: renderers never
//! look at the terminal or the environment) and read document text only
//! through the spans in the report.

pub mod check;
pub mod derivation;
pub mod frame;
pub mod frame_html;
pub mod html;
pub mod inline;
pub mod json;
pub mod padding;
pub mod printer;
pub mod scan;
pub mod side_by_side;
pub mod style;
pub mod summary;
mod words;

/// Settings shared by every human-readable renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Emit ANSI colour codes.
    pub color: bool,
    /// Columns available.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 80,
        }
    }
}

/// What every view says of a comparison whose alignment stopped at its
/// work budget ([`crate::report::Comparison::partial`]).
pub const PARTIAL_NOTE: &str =
    "Partial result: alignment stopped at its work budget, so some shared passages may be missing.";

/// The partial-result line, when `c` is partial.
fn write_partial(
    out: &mut dyn std::io::Write,
    c: &crate::report::Comparison,
    color: bool,
) -> std::io::Result<()> {
    if c.partial {
        writeln!(
            out,
            "{}",
            style::paint(PARTIAL_NOTE, style::Style::Removed, color)
        )?;
    }
    Ok(())
}

/// The two `A  path  N words` lines that open the summary and inline views.
fn write_documents(
    out: &mut dyn std::io::Write,
    c: &crate::report::Comparison,
    color: bool,
) -> std::io::Result<()> {
    for (side, doc) in [("A", &c.a), ("B", &c.b)] {
        let label = style::paint(side, style::Style::Bold, color);
        writeln!(
            out,
            "{label}  {}  {} words",
            style::visible(&doc.path),
            doc.tokens
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_says_when_a_result_is_partial() {
        let text = "Russia has officially recognized the Taliban government in Afghanistan, \
            becoming the first country to do so since the group returned to power.";
        let mut c = crate::compare(text, text).unwrap();
        c.partial = true;
        let opts = RenderOptions::default();
        type View = fn(
            &mut dyn std::io::Write,
            &crate::report::Comparison,
            &RenderOptions,
        ) -> std::io::Result<()>;
        let views: [View; 3] = [summary::compare, side_by_side::compare, inline::compare];
        for view in views {
            let mut out = Vec::new();
            view(&mut out, &c, &opts).unwrap();
            assert!(String::from_utf8(out).unwrap().contains(PARTIAL_NOTE));
        }
        let mut out = Vec::new();
        html::compare(&mut out, &c).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("class=\"partial\"")
        );
    }
}
