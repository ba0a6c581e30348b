//! How the views show [`crate::report::Derivation`]: one summary sentence,
//! and one mark per sentence of A (a gutter character in the text views, a
//! CSS class in HTML). Every view goes through these helpers.
//!
//! Marks: `=` verbatim (copied words), `~` rewritten (B's content in other
//! words), a blank for new text.

use super::style::percent;
use crate::derive::{Revision, SpanKind, Verdict};
use crate::report::{Derivation, DerivationSummary};

/// One line a reader understands, e.g. `A is mostly derived from B: 58%
/// rewritten, 21% verbatim, 21% new`, `A is wholly derived from B, lightly
/// edited: 71% verbatim, 29% rewritten, 0% new` or `A is not derived from
/// B`.
pub fn summary_line(d: &DerivationSummary) -> String {
    sentence(d, "A", "B")
}

/// [`summary_line`] with the documents named `a` (the one analysed) and
/// `b`.
pub fn sentence(d: &DerivationSummary, a: &str, b: &str) -> String {
    let Some(how) = d.degree() else {
        return format!("{a} is not derived from {b}");
    };
    let mut parts = [
        (d.rewritten_share, "rewritten"),
        (d.verbatim_share, "verbatim"),
        (d.new_share, "new"),
    ];
    // Largest first; ties keep the order above.
    parts.sort_by(|x, y| y.0.total_cmp(&x.0));
    let shares: Vec<String> = parts
        .iter()
        .map(|(s, what)| format!("{} {what}", percent(*s)))
        .collect();
    // How much the wording changed (Clough and Stevenson's categories),
    // for a wholly derived A only: the measure reads all of A, so for a
    // partly derived one it mixes A's own text in.
    let revision = match d.revision.filter(|_| d.verdict == Verdict::Wholly) {
        Some(Revision::Copied) => ", with long copied stretches",
        Some(Revision::Light) => ", lightly edited",
        Some(Revision::Heavy) => ", heavily reworded",
        None => "",
    };
    format!(
        "{a} is {how} derived from {b}{revision}: {}",
        shares.join(", ")
    )
}

/// The kind of most of A's bytes `start..end` (`None` outside every
/// clause).
pub fn kind(d: &Derivation, start: u32, end: u32) -> Option<SpanKind> {
    let mut bytes = [0u32; 3];
    let first = d.spans.partition_point(|s| s.end <= start);
    for s in d.spans[first..].iter().take_while(|s| s.start < end) {
        bytes[s.kind as usize] += s.end.min(end) - s.start.max(start);
    }
    let best = (0..3).max_by_key(|&k| (bytes[k], std::cmp::Reverse(k)))?;
    (bytes[best] > 0).then_some([SpanKind::Verbatim, SpanKind::Rewritten, SpanKind::New][best])
}

/// The gutter mark of A's bytes `start..end`: `=`, `~` or a blank.
pub fn mark(d: &Derivation, start: u32, end: u32) -> char {
    match kind(d, start, end) {
        Some(SpanKind::Verbatim) => '=',
        Some(SpanKind::Rewritten) => '~',
        _ => ' ',
    }
}

/// The CSS class of A's bytes `start..end`: `d-verbatim`, `d-rewritten` or
/// `d-new` (empty outside every clause).
pub fn css_class(d: &Derivation, start: u32, end: u32) -> &'static str {
    match kind(d, start, end) {
        Some(SpanKind::Verbatim) => "d-verbatim",
        Some(SpanKind::Rewritten) => "d-rewritten",
        Some(SpanKind::New) => "d-new",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::DerivedSpan;

    fn span(kind: SpanKind, start: u32, end: u32) -> DerivedSpan {
        DerivedSpan {
            kind,
            start,
            end,
            char_start: start,
            char_end: end,
            first_token: 0,
            end_token: 0,
        }
    }

    fn derivation(verdict: Verdict, shares: [f64; 3]) -> Derivation {
        Derivation {
            summary: DerivationSummary {
                verdict,
                score: 0.5,
                verbatim_share: shares[0],
                rewritten_share: shares[1],
                new_share: shares[2],
                revision: None,
            },
            copied_stretches: 0.0,
            trigrams: 0.0,
            spans: vec![
                span(SpanKind::Verbatim, 0, 10),
                span(SpanKind::New, 11, 20),
                span(SpanKind::Rewritten, 20, 40),
            ],
            document: Default::default(),
            evidence: true,
        }
    }

    #[test]
    fn summary_lines() {
        let d = derivation(Verdict::Partially, [0.21, 0.58, 0.21]);
        assert_eq!(
            summary_line(&d.summary),
            "A is mostly derived from B: 58% rewritten, 21% verbatim, 21% new"
        );
        let d = derivation(Verdict::Not, [0.0, 0.1, 0.9]);
        assert_eq!(summary_line(&d.summary), "A is not derived from B");
    }

    #[test]
    fn the_revision_is_told_for_a_wholly_derived_text_only() {
        let mut d = derivation(Verdict::Wholly, [0.71, 0.29, 0.0]);
        d.summary.revision = Some(Revision::Light);
        assert_eq!(
            summary_line(&d.summary),
            "A is wholly derived from B, lightly edited: 71% verbatim, 29% rewritten, 0% new"
        );
        d.summary.verdict = Verdict::Partially;
        let line = summary_line(&d.summary);
        assert!(!line.contains("edited"), "{line}");
    }

    #[test]
    fn marks_follow_the_majority_of_bytes() {
        let d = derivation(Verdict::Partially, [0.3, 0.4, 0.3]);
        assert_eq!(mark(&d, 0, 10), '=');
        assert_eq!(mark(&d, 11, 40), '~');
        assert_eq!(mark(&d, 11, 20), ' ');
        assert_eq!(css_class(&d, 11, 20), "d-new");
        assert_eq!(css_class(&d, 50, 60), "");
    }
}
