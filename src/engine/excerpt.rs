//! Comparing a huge document ([`crate::prepare::HUGE_BYTES`]) with another
//! one, in memory that grows with the huge text's bytes, not its words.
//!
//! Everything a pair needs from the huge side, beyond its number of
//! distinct shingles, lies where it shares shingles with the other
//! document. So the huge text is read again, token by token, keeping only
//!
//! * which of the other document's shingles it holds (the exact
//!   intersection, hence exact Jaccard and containment), and
//! * the clusters of shared shingles (each within `max_gap` tokens of the
//!   last) that span at least `min_tokens`, the shortest passage: shorter
//!   ones are chance phrases. Each, widened by [`MARGIN`] tokens on both
//!   sides, is a *stretch*; stretches that touch are merged.
//!
//! The stretches, one after another with a few sentences that share
//! nothing between them (so no passage runs from one into the next), make
//! an *excerpt* that is prepared whole and compared as usual; its
//! passages, sentence rows and clauses are then located in the huge text.
//! Scores, the signature estimate and the documents' statistics are those
//! of the whole texts. What may differ from comparing the huge text whole:
//! reworded reuse is found only around copied passages, sentence weights
//! and the work budget count the excerpt, not the huge text, lone
//! sentences of the huge side outside the stretches get no sentence row,
//! and when the huge document is A, the text between two stretches is one
//! new span of its derivation (the clauses there are not classified).

use std::ops::Range;

use super::Comparer;
use crate::derive::{self, Shares, SpanKind};
use crate::error::Result;
use crate::prepare::{Prepared, Whole};
use crate::report::{Comparison, DerivedSpan, DocInfo, Location, OpSide, Similarity};
use crate::shingle::Shingler;
use crate::sketch;
use crate::text::{SourceText, Span};

/// Tokens kept on each side of a cluster of shared shingles: twice the
/// exact layer's default gap, so an edited word at a passage's end stays
/// in. More context costs memory (the excerpt is prepared whole, about 15
/// bytes per byte) and, on the 100 MB benchmark of `README.md`, found the
/// same passages (25 tokens did).
pub(crate) const MARGIN: u32 = 16;

/// Compare `a` and `b`, at least one of them prepared huge: the huge one
/// (the longer if both are, A if they are as long) is read as an excerpt,
/// the other is prepared whole if it was not already.
pub(super) fn compare(comparer: &Comparer, a: &Prepared, b: &Prepared) -> Result<Comparison> {
    let big_is_a = match (a.whole(), b.whole()) {
        (None, Some(_)) => true,
        (Some(_), None) => false,
        _ => a.source().text().len() >= b.source().text().len(),
    };
    let (big, small) = if big_is_a { (a, b) } else { (b, a) };
    let owned;
    let small_whole: &Whole = match small.whole() {
        Some(w) => w,
        None => {
            owned = comparer.preparer().whole(small.source().text())?;
            &owned
        }
    };
    let mut excerpt = Excerpt::of(comparer, big.source(), small_whole.set())?;
    let mut ex = comparer
        .preparer()
        .whole(std::mem::take(&mut excerpt.text))?;
    ex.set_excerpt_of(big.source().token_spans().len() as u32);
    // The huge document's id and signature go with its excerpt.
    let mut c = if big_is_a {
        comparer.compare_whole((big, &ex), (small, small_whole))?
    } else {
        comparer.compare_whole((small, small_whole), (big, &ex))?
    };
    let map = Map {
        excerpt: &excerpt,
        ex: ex.doc(),
        big: big.source(),
    };
    let (n_big, n_small) = (big.distinct_shingles(), small_whole.set().len());
    let (na, nb) = if big_is_a {
        (n_big, n_small)
    } else {
        (n_small, n_big)
    };
    let inter = excerpt.shared;
    c.similarity = Similarity {
        jaccard: sketch::jaccard_of_counts(inter, na, nb),
        jaccard_estimate: a.signature().estimate(b.signature())?,
        containment_a_in_b: sketch::containment_of_counts(inter, na),
        containment_b_in_a: sketch::containment_of_counts(inter, nb),
    };
    let info = DocInfo::of_source(big.id(), big.source());
    for p in &mut c.passages {
        let side = if big_is_a { &mut p.a } else { &mut p.b };
        *side = map.location(side);
        p.tokens = p.a.tokens;
    }
    c.sentences.retain(|row| {
        let side = if big_is_a { &row.a } else { &row.b };
        side.as_ref().is_none_or(|loc| excerpt.inside(loc.start))
    });
    for row in &mut c.sentences {
        let side = if big_is_a { &mut row.a } else { &mut row.b };
        if let Some(loc) = side {
            *loc = map.location(loc);
        }
        for op in &mut row.diff {
            let side = if big_is_a { &mut op.a } else { &mut op.b };
            *side = map.op_side(side);
        }
    }
    if big_is_a {
        c.a = info;
        map.derivation(&mut c.derivation);
    } else {
        c.b = info;
    }
    Ok(c)
}

/// The stretches of a huge text around the shingles it shares with another
/// document, as one text.
struct Excerpt {
    text: String,
    /// The stretches, in order: token ranges of the huge text.
    stretches: Vec<Range<u32>>,
    /// Where each stretch lies: (its bytes in the excerpt, its first byte
    /// in the huge text).
    pieces: Vec<(Range<u32>, u32)>,
    /// Distinct shingles of the other document found in the huge text.
    shared: usize,
}

impl Excerpt {
    /// The excerpt of `big` around the shingles of `set` (sorted).
    fn of(comparer: &Comparer, big: &SourceText, set: &[u64]) -> Result<Excerpt> {
        let spans = big.token_spans();
        let n = spans.len() as u32;
        let mut found = vec![false; set.len()];
        let align = comparer.options().align;
        // Clusters of shared shingles, each within `max_gap` tokens of the
        // last: only a cluster of `min_tokens` can make a passage.
        let mut clusters: Vec<Range<u32>> = Vec::new();
        let mut shingler = Shingler::new(comparer.options().sketch.shingle as usize);
        let mut i = 0u32;
        comparer
            .preparer()
            .sketcher()
            .pipeline()
            .for_each_token(big.text(), |t| {
                if let Some(s) = shingler.push(i, &t)
                    && let Ok(k) = set.binary_search(&s.hash)
                {
                    found[k] = true;
                    match clusters.last_mut() {
                        Some(last) if s.start <= last.end.saturating_add(align.max_gap) => {
                            last.end = last.end.max(s.end);
                        }
                        _ => clusters.push(s.start..s.end),
                    }
                }
                i += 1;
            })?;
        let mut stretches: Vec<Range<u32>> = Vec::new();
        for c in clusters {
            if c.len() < align.min_tokens as usize {
                continue;
            }
            let r = c.start.saturating_sub(MARGIN)..c.end.saturating_add(MARGIN).min(n);
            match stretches.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => stretches.push(r),
            }
        }
        // Between two stretches, sentences that share nothing with any
        // document: more sentence units than the sentence layer bridges
        // (summary mode bridges more on B's side, but its spread is
        // measured against the whole huge text) and more tokens than the
        // exact layer does (`max_gap`), so no passage runs from one
        // stretch into the next.
        let units = 2 + crate::align::GAP.max(crate::align::SUMMARY_GAP_A) as usize;
        let words = 2.max(align.max_gap as usize / units + 1);
        let sentence = format!("{}. ", vec!["Zq"; words].join(" "));
        let barrier = format!("\n\n{}\n\n", sentence.repeat(units).trim_end());
        let mut text = String::new();
        let mut pieces = Vec::with_capacity(stretches.len());
        for r in &stretches {
            let (Some(first), Some(last)) = (
                spans.get(r.start as usize),
                spans.get((r.end as usize).wrapping_sub(1)),
            ) else {
                continue;
            };
            if !text.is_empty() {
                text.push_str(&barrier);
            }
            let start = text.len() as u32;
            text.push_str(big.slice(Span::new(first.start, last.end)));
            pieces.push((start..text.len() as u32, first.start));
        }
        Ok(Excerpt {
            text,
            stretches,
            pieces,
            shared: found.iter().filter(|&&f| f).count(),
        })
    }

    /// The stretch holding the excerpt's byte `x`, or the last one before
    /// it.
    fn piece(&self, x: u32) -> Option<&(Range<u32>, u32)> {
        let k = self.pieces.partition_point(|(r, _)| r.start <= x);
        k.checked_sub(1).and_then(|k| self.pieces.get(k))
    }

    /// Whether the excerpt's byte `x` lies in a stretch (not between two).
    fn inside(&self, x: u32) -> bool {
        self.piece(x).is_some_and(|(r, _)| x < r.end)
    }

    /// The huge text's byte for the excerpt's byte `x`.
    /// (A byte between two stretches stands at the end of the first.)
    fn byte(&self, x: u32) -> u32 {
        match self.piece(x) {
            Some((r, b)) => x.min(r.end) - r.start + b,
            None => x,
        }
    }
}

/// Locates what was found in an excerpt in its huge text.
struct Map<'a> {
    excerpt: &'a Excerpt,
    /// The excerpt, tokenized.
    ex: &'a SourceText,
    big: &'a SourceText,
}

impl Map<'_> {
    /// The huge text's token for the excerpt's token `t` (one past the
    /// last, for `t` past the excerpt's end).
    fn token(&self, t: u32) -> u32 {
        let spans = self.ex.token_spans();
        match spans.get(t as usize) {
            Some(s) => self.big.token_at_or_after(self.excerpt.byte(s.start)),
            None => match t.checked_sub(1).and_then(|l| spans.get(l as usize)) {
                Some(s) => self.big.token_at_or_after(self.excerpt.byte(s.start)) + 1,
                None => 0,
            },
        }
    }

    fn tokens(&self, r: Range<u32>) -> Range<u32> {
        if r.is_empty() {
            let t = self.token(r.start);
            t..t
        } else {
            self.token(r.start)..self.token(r.end - 1) + 1
        }
    }

    fn span(&self, s: Span) -> Span {
        let start = self.excerpt.byte(s.start);
        // An end is mapped as its last byte, so it stays in its stretch.
        let end = match s.end.checked_sub(1) {
            Some(last) if s.end > s.start => self.excerpt.byte(last) + 1,
            _ => start,
        };
        Span::new(start, end)
    }

    fn location(&self, loc: &Location) -> Location {
        Location::of_span(
            self.big,
            self.span(loc.span()),
            self.tokens(loc.token_range()),
        )
    }

    fn op_side(&self, op: &OpSide) -> OpSide {
        OpSide::at(
            self.span(Span::new(op.start, op.end)),
            self.tokens(op.token_range()),
        )
    }

    /// The excerpt's clauses located in the huge text, with the text
    /// between stretches as new spans, and the shares of the whole.
    fn derivation(&self, d: &mut crate::report::Derivation) {
        let spans = self.big.token_spans();
        let mut out: Vec<DerivedSpan> = std::mem::take(&mut d.spans)
            .iter()
            .filter(|c| self.excerpt.inside(c.start))
            .map(|c| {
                let span = self.span(Span::new(c.start, c.end));
                self.derived(c.kind, span, self.tokens(c.first_token..c.end_token))
            })
            .collect();
        let analysed: f64 = out
            .iter()
            .map(|s| f64::from(s.char_end - s.char_start))
            .sum();
        let mut at = 0u32;
        let ends = self.excerpt.stretches.iter().map(|r| r.start..r.end);
        for r in ends.chain(std::iter::once(spans.len() as u32..spans.len() as u32)) {
            if let (Some(first), Some(last)) = (
                spans.get(at as usize),
                spans.get((r.start as usize).wrapping_sub(1)),
            ) && at < r.start
            {
                let span = Span::new(first.start, last.end);
                out.push(self.derived(SpanKind::New, span, at..r.start));
            }
            at = r.end;
        }
        out.sort_by_key(|s| (s.start, s.end));
        let mut chars = [0f64; 3];
        for s in &out {
            chars[s.kind as usize] += f64::from(s.char_end - s.char_start);
        }
        let shares = Shares::of(chars);
        // The stretches' clauses are what was analysed; the rest is new.
        let all: f64 = chars.iter().sum();
        let share = if all > 0.0 { analysed / all } else { 0.0 };
        let document = d.document.scaled(share);
        let o = &mut d.summary;
        (o.score, o.verdict) = if all > 0.0 {
            derive::judge(&document, d.evidence)
        } else {
            (0.0, derive::Verdict::Not)
        };
        o.revision = derive::revision(&document, o.verdict);
        o.verbatim_share = shares.verbatim;
        o.rewritten_share = shares.rewritten;
        o.new_share = shares.new;
        d.copied_stretches = document.copied_stretches;
        d.trigrams = document.trigrams;
        d.spans = out;
    }

    fn derived(&self, kind: SpanKind, span: Span, tokens: Range<u32>) -> DerivedSpan {
        DerivedSpan {
            kind,
            start: span.start,
            end: span.end,
            char_start: self.big.char_offset(span.start),
            char_end: self.big.char_offset(span.end),
            first_token: tokens.start,
            end_token: tokens.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{CompareOptions, Comparer, SentenceRows};
    use crate::report::Comparison;

    const SMALL: &str = include_str!("../../samples/seeds/1-wider-discourse.txt");

    /// Paragraphs of unrelated made-up sentences, with a paragraph of
    /// `SMALL` (lightly edited) after every `every`-th.
    fn big(every: usize) -> String {
        const WORDS: [&str; 16] = [
            "garden", "tomatoes", "soil", "water", "seeds", "compost", "summer", "rain", "harvest",
            "roots", "leaves", "sunlight", "shed", "spade", "weeds", "fence",
        ];
        let paragraphs: Vec<&str> = SMALL.split("\n\n").collect();
        let mut x = 7u64;
        let mut out = String::new();
        for k in 0..40 {
            for _ in 0..6 {
                let mut sentence: Vec<&str> = Vec::new();
                for _ in 0..12 {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    sentence.push(WORDS[(x >> 60) as usize]);
                }
                out.push_str(&sentence.join(" "));
                out.push_str(". ");
            }
            out.push_str("\n\n");
            if k % every == every / 2 {
                let p = paragraphs[k % paragraphs.len()];
                out.push_str(&p.replacen(" the ", " a ", 1));
                out.push_str("\n\n");
            }
        }
        out
    }

    fn compare(huge_bytes: usize, a: &str, b: &str, sentences: SentenceRows) -> Comparison {
        let comparer = Comparer::new(CompareOptions {
            sentences,
            ..CompareOptions::default()
        })
        .unwrap()
        .with_huge_bytes(huge_bytes);
        let (pa, pb) = (
            comparer.prepare("a", a).unwrap(),
            comparer.prepare("b", b).unwrap(),
        );
        comparer.compare(&pa, &pb).unwrap()
    }

    /// A document forced through the huge path (a threshold below its
    /// size) gives the scores, statistics and passages of the whole path,
    /// as A or as B, and when both are huge; its derivation covers A in
    /// order.
    #[test]
    fn issue_14_huge_document_excerpt_gives_the_passages_of_the_whole_path() {
        // Copies far apart, and close together (summary mode must not
        // bridge the stretches of a huge B).
        for (sentences, big) in [
            (SentenceRows::None, big(9)),
            (SentenceRows::All, big(9)),
            (SentenceRows::None, big(2)),
        ] {
            for (a, b) in [(big.as_str(), SMALL), (SMALL, big.as_str())] {
                let whole = compare(usize::MAX, a, b, sentences);
                assert!(whole.passages.len() >= 3, "{:?}", whole.passages);
                for huge_bytes in [SMALL.len() + 1, 16] {
                    let huge = compare(huge_bytes, a, b, sentences);
                    assert_eq!(huge.similarity, whole.similarity);
                    assert_eq!((&huge.a, &huge.b), (&whole.a, &whole.b));
                    assert_eq!(huge.passages, whole.passages);
                    let spans = &huge.derivation.spans;
                    assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
                    assert!(spans.iter().all(|s| s.end as usize <= a.len()));
                    for row in &huge.sentences {
                        for (loc, text) in [(&row.a, a), (&row.b, b)] {
                            if let Some(l) = loc {
                                assert!(l.start < l.end && l.end as usize <= text.len());
                            }
                        }
                    }
                    if sentences == SentenceRows::All {
                        let matched = |c: &Comparison| {
                            let mut m: Vec<_> = c
                                .sentences
                                .iter()
                                .filter(|r| r.a.is_some() && r.b.is_some())
                                .map(|r| (r.a.clone(), r.b.clone(), r.diff.clone()))
                                .collect();
                            m.sort_by_key(|(a, b, _)| {
                                (a.as_ref().map(|l| l.start), b.as_ref().map(|l| l.start))
                            });
                            m
                        };
                        assert_eq!(matched(&huge), matched(&whole));
                    }
                }
            }
        }
    }

    /// Nothing shared: exact zero scores, no passages, and all of a huge A
    /// is one new span.
    #[test]
    fn issue_14_huge_document_sharing_nothing() {
        let other = "Completely unrelated words about gardening and tomatoes grow here.";
        let c = compare(16, &big(9), other, SentenceRows::All);
        assert_eq!(c.similarity.jaccard, 0.0);
        assert!(c.passages.is_empty());
        assert_eq!(c.derivation.spans.len(), 1);
        assert_eq!(c.derivation.summary.new_share, 1.0);
        let empty = compare(0, "", "", SentenceRows::All);
        assert!(empty.passages.is_empty() && empty.derivation.spans.is_empty());
    }
}
