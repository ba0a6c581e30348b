//! Units and scores → the [`FrameReport`]: facts with their wording diffs,
//! coverage, exclusives, omissions, quotes, disagreements and term choices.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::Framer;
use super::event::{self, EventUnit};
use super::group::{self, Group};
use super::names;
use super::report::{
    Change, CoverageRow, Disagreement, DocumentSummary, Fact, FactKind, FrameReport, Member,
    Omission, OutletPassages, Passage, Quote, SCHEMA_VERSION, SpeakerQuotes, TermChoice, TermUse,
};
use super::units::{self, Unit, UnitKind};
use crate::align::fact::{Class, DocWords, Scorer, TokenInfo, UnitRef};
use crate::diff::{DiffKind, DiffOp, word_diff};
use crate::text::{Document, Span, normalize};

/// Time allowed for one word diff before it degrades to a coarser one.
const DIFF_BUDGET: Duration = Duration::from_millis(50);

/// Verbs that introduce or close a quotation (lower case).
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "stated",
    "states",
    "stating",
    "told",
    "tells",
    "hailed",
    "hails",
    "touted",
    "described",
    "describes",
    "called",
    "calls",
    "announced",
    "added",
    "wrote",
    "writes",
    "lamented",
    "argued",
    "expressed",
    "warned",
    "noted",
    "insisted",
    "claimed",
    "declared",
    "affirmed",
    "confirmed",
    "reiterated",
    "tweeted",
    "posted",
    "according",
];

/// Role nouns that name a slot a person fills, with the slot's name.
const ROLES: &[(&str, &str)] = &[
    ("ambassador", "ambassador"),
    ("envoy", "ambassador"),
    ("diplomat", "ambassador"),
    ("minister", "minister"),
    ("president", "president"),
    ("spokesperson", "spokesperson"),
    ("spokesman", "spokesperson"),
    ("spokeswoman", "spokesperson"),
    ("secretary", "secretary"),
    ("chancellor", "chancellor"),
    ("governor", "governor"),
    ("mayor", "mayor"),
    ("chief", "chief"),
    ("director", "director"),
    ("commander", "commander"),
];

/// Everything the analysis works from.
struct Ctx<'a> {
    paths: &'a [String],
    docs: &'a [&'a Document],
    units: &'a [Unit],
    scorer: Scorer<'a>,
}

impl Ctx<'_> {
    fn passage(&self, doc: usize, span: Span) -> Passage {
        let d = self.docs[doc];
        Passage {
            path: self.paths[doc].clone(),
            doc,
            char_start: d.char_offset(span.start),
            char_end: d.char_offset(span.end),
            byte_start: span.start,
            byte_end: span.end,
            text: one_line(d.slice(span)),
        }
    }

    fn token_span(&self, doc: usize, tokens: Range<u32>) -> Span {
        self.docs[doc].token_span(tokens)
    }

    fn lower(&self, doc: usize, t: u32) -> String {
        let n = normalize::normalize(self.scorer.raw(doc, t), false);
        n.strip_suffix("'s").unwrap_or(&n).to_string()
    }
}

/// Scores are reported to 4 decimals.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn frame(framer: &Framer, paths: &[String], docs: &[&Document]) -> FrameReport {
    let units: Vec<Unit> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| units::split(d, i))
        .collect();
    let words: Vec<DocWords> = docs
        .iter()
        .map(|d| DocWords::new(d, &framer.analyser.content_words(d)))
        .collect();
    let word_refs: Vec<&DocWords> = words.iter().collect();
    let unit_refs = units
        .iter()
        .map(|u| UnitRef {
            doc: u.doc,
            tokens: u.tokens.clone(),
            repeat: u.duplicate_of.is_some(),
        })
        .collect();
    let scorer = Scorer::new(docs, &word_refs, unit_refs, framer.options.min_shared);
    let ctx = Ctx {
        paths,
        docs,
        units: &units,
        scorer,
    };
    let options = framer.options.group_options();
    let n = units.len();
    let active: Vec<bool> = (0..n).map(|u| ctx.scorer.active(u)).collect();
    let doc_of: Vec<usize> = units.iter().map(|u| u.doc).collect();
    // Scores of every pair of active units, kept when at least the pair
    // threshold.
    let rows: Vec<Vec<(usize, f64, bool)>> = (0..n)
        .into_par_iter()
        .map(|a| {
            if !active[a] {
                return Vec::new();
            }
            ((a + 1)..n)
                .filter(|&b| active[b])
                .filter_map(|b| {
                    let l = ctx.scorer.link(a, b);
                    (l.score >= options.pair_threshold).then_some((b, l.score, l.verbatim))
                })
                .collect()
        })
        .collect();
    let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut verbatim: HashSet<(usize, usize)> = HashSet::new();
    for (a, row) in rows.iter().enumerate() {
        for &(b, s, v) in row {
            neighbours[a].push((b, s));
            neighbours[b].push((a, s));
            if v {
                verbatim.insert((a, b));
            }
        }
    }
    for row in &mut neighbours {
        row.sort_by_key(|x| x.0);
    }
    let score = |a: usize, b: usize| -> f64 {
        neighbours[a]
            .binary_search_by_key(&b, |x| x.0)
            .map_or(0.0, |i| neighbours[a][i].1)
    };
    let groups = group::group(&doc_of, &active, &neighbours, score, &options);

    // Facts, most widely reported first, then in story order.
    let mut ordered: Vec<(usize, f64, Group)> = groups
        .into_iter()
        .map(|g| {
            let docs: BTreeSet<usize> = g.members.iter().map(|&u| doc_of[u]).collect();
            let pos = g
                .members
                .iter()
                .map(|&u| {
                    let d = ctx.docs[doc_of[u]];
                    units[u].span.start as f64 / d.text().len().max(1) as f64
                })
                .sum::<f64>()
                / g.members.len() as f64;
            (docs.len(), pos, g)
        })
        .collect();
    ordered.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.total_cmp(&y.1)));
    // The main event, when the articles agree on one, comes first (one fact
    // per event its arguments tell apart); the statements are numbered
    // after it.
    let events = event_facts(&ctx, &neighbours, &verbatim);
    let first = 1 + events.len();
    let statements: Vec<Fact> = ordered
        .iter()
        .enumerate()
        .map(|(i, (outlets, _, g))| fact(&ctx, first + i, *outlets, g, &verbatim))
        .collect();

    let coverage = events
        .iter()
        .chain(&statements)
        .map(|f| CoverageRow {
            fact: f.id,
            reported: (0..docs.len())
                .map(|d| f.members.iter().any(|m| m.passage.doc == d))
                .collect(),
        })
        .collect();
    let exclusive = (0..docs.len())
        .map(|d| OutletPassages {
            path: paths[d].clone(),
            doc: d,
            passages: (0..n)
                .filter(|&u| {
                    doc_of[u] == d
                        && active[u]
                        && units[u].kind != UnitKind::Headline
                        && ctx.scorer.content(u) >= 3
                        && !neighbours[u]
                            .iter()
                            .any(|&(v, s)| doc_of[v] != d && s >= options.threshold)
                })
                .map(|u| ctx.passage(d, units[u].span))
                .collect(),
        })
        .collect();
    let others = docs.len().saturating_sub(1);
    let omissions = (0..docs.len())
        .map(|d| Omission {
            path: paths[d].clone(),
            doc: d,
            facts: statements
                .iter()
                .filter(|f| {
                    f.outlets >= 2
                        && 2 * f.outlets > others
                        && !f.members.iter().any(|m| m.passage.doc == d)
                })
                .map(|f| f.id)
                .collect(),
        })
        .collect();
    let quotes = quotes(&ctx);
    let (disagreements, framing) = slots(&ctx, &ordered, &statements, &neighbours);
    let facts: Vec<Fact> = events.into_iter().chain(statements).collect();
    FrameReport {
        schema_version: SCHEMA_VERSION,
        documents: (0..docs.len())
            .map(|d| DocumentSummary {
                path: paths[d].clone(),
                words: docs[d].tokens().len(),
                units: units.iter().filter(|u| u.doc == d).count(),
            })
            .collect(),
        facts,
        coverage,
        exclusive,
        omissions,
        quotes,
        disagreements,
        framing,
    }
}

/// Token ranges of `b` that a diff against `a` marks as changed.
fn changed_in_b(ops: &[DiffOp]) -> Vec<Range<u32>> {
    ops.iter()
        .filter(|op| matches!(op.kind, DiffKind::Insert | DiffKind::Replace))
        .map(|op| op.b.clone())
        .filter(|r| !r.is_empty())
        .collect()
}

fn diff_units(ctx: &Ctx, a: usize, b: usize) -> Vec<DiffOp> {
    let (ua, ub) = (&ctx.units[a], &ctx.units[b]);
    word_diff(
        ctx.docs[ua.doc],
        ua.tokens.clone(),
        ctx.docs[ub.doc],
        ub.tokens.clone(),
        Some(Instant::now() + DIFF_BUDGET),
    )
}

fn fact(
    ctx: &Ctx,
    id: usize,
    outlets: usize,
    g: &Group,
    verbatim: &HashSet<(usize, usize)>,
) -> Fact {
    let members: Vec<Member> = g
        .members
        .iter()
        .zip(&g.scores)
        .map(|(&u, &score)| {
            let unit = &ctx.units[u];
            let changed_tokens = if u == g.centre {
                Vec::new()
            } else {
                changed_in_b(&diff_units(ctx, g.centre, u))
            };
            let changed = changed_tokens
                .iter()
                .map(|r| {
                    let p = ctx.passage(unit.doc, ctx.token_span(unit.doc, r.clone()));
                    Change {
                        char_start: p.char_start,
                        char_end: p.char_end,
                        text: p.text,
                    }
                })
                .collect();
            Member {
                passage: ctx.passage(unit.doc, unit.span),
                kind: unit.kind,
                score: round4(score),
                verbatim: verbatim.contains(&(g.centre.min(u), g.centre.max(u))),
                changed,
                tokens: unit.tokens.clone(),
                changed_tokens,
            }
        })
        .collect();
    let centre = g.members.iter().position(|&u| u == g.centre).unwrap_or(0);
    let silent = (0..ctx.docs.len())
        .filter(|&d| !members.iter().any(|m| m.passage.doc == d))
        .map(|d| ctx.paths[d].clone())
        .collect();
    Fact {
        id,
        kind: FactKind::Statement,
        event: Vec::new(),
        arguments: Vec::new(),
        outlets,
        centre,
        members,
        silent,
    }
}

/// The story's main event as the first facts, if the articles agree on one
/// ([`event::main_event`]): one fact, or one per event its arguments tell
/// apart ([`event::split`]). A fact's centre is the member linked
/// (same-fact score at least the pair threshold) to the most members of
/// other documents in it, the earliest on ties.
fn event_facts(
    ctx: &Ctx,
    neighbours: &[Vec<(usize, f64)>],
    verbatim: &HashSet<(usize, usize)>,
) -> Vec<Fact> {
    let mut index = vec![0; ctx.docs.len()];
    let units: Vec<EventUnit> = ctx
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let i = index[unit.doc];
            index[unit.doc] += 1;
            let infos = ctx.scorer.tokens(unit.doc);
            EventUnit {
                doc: unit.doc,
                index: i,
                eligible: ctx.scorer.active(u),
                words: (unit.tokens.start..unit.tokens.end)
                    .map(|t| ctx.lower(unit.doc, t))
                    .collect(),
                capital: (unit.tokens.start..unit.tokens.end)
                    .map(|t| infos[t as usize].capital())
                    .collect(),
                headline: unit.kind == UnitKind::Headline,
            }
        })
        .collect();
    let Some(e) = event::main_event(&units, ctx.docs.len()) else {
        return Vec::new();
    };
    let centre = |members: &[usize]| {
        let set: BTreeSet<usize> = members.iter().copied().collect();
        let links = |u: usize| {
            neighbours[u]
                .iter()
                .filter(|&&(v, _)| set.contains(&v) && ctx.units[v].doc != ctx.units[u].doc)
                .count()
        };
        members
            .iter()
            .copied()
            .max_by(|&a, &b| links(a).cmp(&links(b)).then(b.cmp(&a)))
    };
    let Some(first) = centre(&e.members) else {
        return Vec::new();
    };
    event::split(&units, &e, first)
        .into_iter()
        .enumerate()
        .filter_map(|(k, g)| {
            let centre = centre(&g.members)?;
            let group = Group {
                centre,
                scores: g
                    .members
                    .iter()
                    .map(|&u| {
                        if u == centre {
                            1.0
                        } else {
                            ctx.scorer.link(centre, u).score
                        }
                    })
                    .collect(),
                members: g.members,
            };
            let outlets = group
                .members
                .iter()
                .map(|&u| ctx.units[u].doc)
                .collect::<BTreeSet<_>>()
                .len();
            let mut f = fact(ctx, 1 + k, outlets, &group, verbatim);
            f.kind = FactKind::Event;
            f.event = e.classes.iter().map(|c| c.to_string()).collect();
            let seed = &ctx.units[g.seed];
            f.arguments = g
                .arguments
                .iter()
                .map(|&k| ctx.scorer.raw(seed.doc, seed.tokens.start + k as u32))
                .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_string())
                .fold(Vec::new(), |mut out: Vec<String>, w| {
                    if !out.contains(&w) {
                        out.push(w);
                    }
                    out
                });
            Some(f)
        })
        .collect()
}

// ---------------------------------------------------------------- names

/// A run of capitalised words naming someone or something.
#[derive(Debug, Clone)]
struct NameRun {
    /// All its tokens, titles included (`Foreign Minister Amir Khan Muttaqi`).
    all: Range<u32>,
    /// The name proper, from its first uncommon word (`Amir Khan Muttaqi`).
    name: Range<u32>,
}

/// Name runs of a unit, outside `skip` (quoted) token ranges. Headlines
/// (where every word is capitalised) have none.
fn name_runs(ctx: &Ctx, u: usize, skip: &[Range<u32>]) -> Vec<NameRun> {
    let infos = ctx.scorer.tokens(ctx.units[u].doc);
    capital_runs(ctx, u, skip)
        .into_iter()
        .filter_map(|r| {
            let first = (r.start..r.end).find(|&k| infos[k as usize].class() == Class::Name)?;
            Some(NameRun {
                all: r.clone(),
                name: first..r.end,
            })
        })
        .collect()
}

/// Runs of capitalised words (separated by spaces only, a possessive ends
/// a run) of a unit, outside `skip`; none in headlines.
fn capital_runs(ctx: &Ctx, u: usize, skip: &[Range<u32>]) -> Vec<Range<u32>> {
    let unit = &ctx.units[u];
    if unit.kind == UnitKind::Headline {
        return Vec::new();
    }
    let doc = ctx.docs[unit.doc];
    let infos = ctx.scorer.tokens(unit.doc);
    let text = doc.text();
    let mut out = Vec::new();
    let mut t = unit.tokens.start;
    while t < unit.tokens.end {
        let cap = |t: u32| infos[t as usize].capital() && !skip.iter().any(|r| r.contains(&t));
        if !cap(t) {
            t += 1;
            continue;
        }
        let start = t;
        let mut end = t + 1;
        let possessive = |t: u32| {
            let raw = ctx.scorer.raw(unit.doc, t);
            raw.ends_with("'s") || raw.ends_with("’s")
        };
        while end < unit.tokens.end && cap(end) && !possessive(end - 1) {
            let gap = &text[doc.tokens()[end as usize - 1].span.end as usize
                ..doc.tokens()[end as usize].span.start as usize];
            if !gap.chars().all(char::is_whitespace) {
                break;
            }
            end += 1;
        }
        out.push(start..end);
        t = end;
    }
    out
}

fn run_words<'a>(ctx: &'a Ctx, doc: usize, r: &Range<u32>) -> Vec<&'a str> {
    (r.start..r.end).map(|t| ctx.scorer.raw(doc, t)).collect()
}

/// The part of a name run whose words match some word of `other`
/// (`Kabul Dmitri Jirnov` against `Dmitry Zhirnov`: `Dmitri Jirnov`).
fn trim_to_match(ctx: &Ctx, doc: usize, run: &Range<u32>, other: &[&str]) -> Range<u32> {
    let matches = |t: u32| {
        let w = ctx.scorer.raw(doc, t);
        other
            .iter()
            .any(|o| names::similarity(w, o) >= names::NAME_MATCH)
    };
    let start = (run.start..run.end).find(|&t| matches(t));
    let end = (run.start..run.end).rev().find(|&t| matches(t));
    match (start, end) {
        (Some(s), Some(e)) => s..e + 1,
        _ => run.clone(),
    }
}

/// Whether every word of the shorter name is a word of the longer one
/// (`Muttaqi` in `Amir Khan Muttaqi`): one name, not two.
fn same_name(a: &[&str], b: &[&str]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short
        .iter()
        .all(|w| long.iter().any(|v| names::similarity(w, v) >= 1.0))
}

// ---------------------------------------------------------------- quotes

/// Token ranges inside quotation marks in a unit, with their byte spans
/// (inside the marks).
fn quoted(ctx: &Ctx, u: usize) -> Vec<(Range<u32>, Span)> {
    let unit = &ctx.units[u];
    let doc = ctx.docs[unit.doc];
    let text = doc.slice(unit.span);
    let base = unit.span.start as usize;
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '“' | '«' | '„') => open = Some((i + c.len_utf8(), c)),
            (None, '"') => open = Some((i + 1, '"')),
            (Some((s, o)), '”' | '»' | '"') if o != '"' || c == '"' => {
                let span = Span::new((base + s) as u32, (base + i) as u32);
                let first = doc.token_at_or_after(span.start);
                let last = doc.token_at_or_after(span.end);
                if first < last {
                    out.push((first..last, span));
                }
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// People named in a document with at least two words (`Amir Khan
/// Muttaqi`), as word lists.
fn people(ctx: &Ctx, doc: usize) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for (u, unit) in ctx.units.iter().enumerate() {
        if unit.doc != doc {
            continue;
        }
        for r in name_runs(ctx, u, &[]) {
            if r.name.len() >= 2 {
                let w: Vec<String> = run_words(ctx, doc, &r.name)
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// The speaker of a unit's quotes, named in the unit next to a speech verb:
/// (name, is a pronoun reference).
fn speaker_in(
    ctx: &Ctx,
    u: usize,
    quotes: &[Range<u32>],
    people: &[Vec<String>],
) -> Option<SpeakerRef> {
    let unit = &ctx.units[u];
    let inside = |t: u32| quotes.iter().any(|r| r.contains(&t));
    let verbs: Vec<u32> = (unit.tokens.start..unit.tokens.end)
        .filter(|&t| !inside(t) && SPEECH_VERBS.contains(&ctx.lower(unit.doc, t).as_str()))
        .collect();
    if verbs.is_empty() {
        return None;
    }
    let mut best: Option<(u32, Vec<String>)> = None;
    for r in name_runs(ctx, u, quotes) {
        let words: Vec<String> = run_words(ctx, unit.doc, &r.name)
            .iter()
            .map(|s| s.to_string())
            .collect();
        let full = if words.len() >= 2 {
            Some(words)
        } else if r.all.len() > 1 {
            // `The Russian Foreign Ministry`: a body, named in full.
            let all = run_words(ctx, unit.doc, &r.all);
            let skip = usize::from(all[0] == "The");
            Some(all[skip..].iter().map(|s| s.to_string()).collect())
        } else {
            // A surname alone stands for the person named in full elsewhere.
            people
                .iter()
                .find(|p| {
                    p.last()
                        .is_some_and(|l| names::similarity(l, &words[0]) >= 1.0)
                })
                .cloned()
        };
        let Some(full) = full else { continue };
        let dist = verbs
            .iter()
            .map(|&v| {
                if v < r.name.start {
                    r.name.start - v
                } else {
                    v.saturating_sub(r.name.end - 1)
                }
            })
            .min()
            .unwrap_or(u32::MAX);
        if best.as_ref().is_none_or(|(d, _)| dist < *d) {
            best = Some((dist, full));
        }
    }
    // A body (`The Russian Foreign Ministry stated`): capitalised common
    // words, named only when nobody else is.
    if best.is_none() {
        for r in capital_runs(ctx, u, quotes) {
            let all = run_words(ctx, unit.doc, &r);
            let skip = usize::from(matches!(all[0], "The" | "A" | "An"));
            if all.len() - skip < 2 {
                continue;
            }
            let dist = verbs
                .iter()
                .map(|&v| {
                    if v >= r.end {
                        v - r.end + 1
                    } else {
                        r.start.saturating_sub(v)
                    }
                })
                .min()
                .unwrap_or(u32::MAX);
            if dist <= 2 && best.as_ref().is_none_or(|(d, _)| dist < *d) {
                best = Some((dist, all[skip..].iter().map(|s| s.to_string()).collect()));
            }
        }
    }
    if let Some((_, name)) = best {
        return Some(SpeakerRef::Named(name.join(" ")));
    }
    let pronoun = (unit.tokens.start..unit.tokens.end)
        .any(|t| !inside(t) && matches!(ctx.lower(unit.doc, t).as_str(), "he" | "she" | "they"));
    pronoun.then_some(SpeakerRef::Pronoun)
}

/// A unit's quotes (token ranges and spans inside the marks) and the
/// speaker named with them.
type UnitQuotes = (Vec<(Range<u32>, Span)>, Option<SpeakerRef>);

enum SpeakerRef {
    Named(String),
    Pronoun,
}

fn quotes(ctx: &Ctx) -> Vec<SpeakerQuotes> {
    // speaker key → (longest name, quotes)
    let mut by_speaker: BTreeMap<String, (String, Vec<Quote>)> = BTreeMap::new();
    for d in 0..ctx.docs.len() {
        let people = people(ctx, d);
        let doc_units: Vec<usize> = (0..ctx.units.len())
            .filter(|&u| ctx.units[u].doc == d && ctx.units[u].duplicate_of.is_none())
            .collect();
        let found: Vec<UnitQuotes> = doc_units
            .iter()
            .map(|&u| {
                let q = quoted(ctx, u);
                let ranges: Vec<Range<u32>> = q.iter().map(|x| x.0.clone()).collect();
                let s = speaker_in(ctx, u, &ranges, &people);
                (q, s)
            })
            .collect();
        let mut last_speaker: Option<(usize, String)> = None;
        for (k, (q, s)) in found.iter().enumerate() {
            let named = match s {
                Some(SpeakerRef::Named(n)) => Some((n.clone(), "same_sentence")),
                Some(SpeakerRef::Pronoun) => last_speaker
                    .as_ref()
                    .filter(|(at, _)| k - at <= 2)
                    .map(|(_, n)| (n.clone(), "previous_sentence")),
                None => None,
            };
            let named = named.or_else(|| {
                if q.is_empty() {
                    return None;
                }
                // A quote alone: said by the speaker announced just before
                // (`X stated that` + the quote), or, for a quoted heading,
                // by the next quote's named speaker.
                if k > 0
                    && ctx.units[doc_units[k]].kind == UnitKind::Quote
                    && found[k - 1].0.is_empty()
                    && let Some(SpeakerRef::Named(n)) = &found[k - 1].1
                {
                    return Some((n.clone(), "previous_sentence"));
                }
                if ctx.units[doc_units[k]].kind == UnitKind::Quote {
                    return found[k + 1..found.len().min(k + 5)].iter().find_map(
                        |(q2, s2)| match s2 {
                            Some(SpeakerRef::Named(n)) if !q2.is_empty() => {
                                Some((n.clone(), "following_quote"))
                            }
                            _ => None,
                        },
                    );
                }
                None
            });
            let Some((name, how)) = named else { continue };
            if q.is_empty() {
                continue;
            }
            last_speaker = Some((k, name.clone()));
            // One person across outlets: by surname when every word of the
            // name is rare (a personal name), else by the whole name
            // (`Russian Foreign Ministry`).
            let personal = name
                .split(' ')
                .all(|w| super::reference::rarity(&w.to_lowercase()) >= 0.75);
            let last = name.split(' ').next_back().unwrap_or(&name);
            let key = if personal {
                names::fold(last)
            } else {
                name.to_lowercase()
            };
            let entry = by_speaker
                .entry(key)
                .or_insert_with(|| (name.clone(), Vec::new()));
            if name.len() > entry.0.len() {
                entry.0 = name.clone();
            }
            for (_, span) in q {
                entry.1.push(Quote {
                    passage: ctx.passage(d, *span),
                    attribution: how,
                });
            }
        }
    }
    let mut out: Vec<SpeakerQuotes> = by_speaker
        .into_values()
        .filter(|(_, q)| !q.is_empty())
        .map(|(speaker, quotes)| {
            let outlets = quotes
                .iter()
                .map(|q| q.passage.doc)
                .collect::<BTreeSet<_>>()
                .len();
            SpeakerQuotes {
                speaker,
                outlets,
                quotes,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.outlets
            .cmp(&a.outlets)
            .then(b.quotes.len().cmp(&a.quotes.len()))
            .then(a.speaker.cmp(&b.speaker))
    });
    out
}

// ---------------------------------------------------------------- slots

/// The role a name fills (`ambassador`), with where from and where to
/// (`Russian ambassador to Kabul`), from the words just before the name.
#[derive(Debug, Clone, PartialEq)]
struct Role {
    slot: &'static str,
    from: Option<String>,
    to: Option<String>,
}

fn role_of(ctx: &Ctx, u: usize, run: &NameRun) -> Option<Role> {
    let unit = &ctx.units[u];
    let d = unit.doc;
    // A person has a first and a last name here; a place after `to` or `in`
    // is where the role is, not who fills it.
    if run.name.len() < 2
        || (run.all.start > unit.tokens.start
            && matches!(
                ctx.lower(d, run.all.start - 1).as_str(),
                "to" | "in" | "of" | "from" | "at"
            ))
    {
        return None;
    }
    let lo = run.all.start.saturating_sub(5).max(unit.tokens.start);
    // The role word: inside the run's titles or just before it.
    let at = (lo..run.name.start).rev().find_map(|t| {
        let w = ctx.lower(d, t);
        ROLES
            .iter()
            .find(|(r, _)| *r == w)
            .map(|(_, slot)| (t, *slot))
    })?;
    let (t, slot) = at;
    let root = |t: u32| {
        let w = ctx.lower(d, t);
        w.trim_end_matches('n').to_string()
    };
    let from = (t > unit.tokens.start && ctx.scorer.tokens(d)[t as usize - 1].capital())
        .then(|| root(t - 1));
    let to = (t + 2 < run.name.start
        && matches!(ctx.lower(d, t + 1).as_str(), "to" | "in")
        && ctx.scorer.tokens(d)[t as usize + 2].capital())
    .then(|| root(t + 2));
    Some(Role { slot, from, to })
}

/// Two roles are one slot unless one runs the other way (`Russian
/// ambassador to Kabul` vs `Afghan ambassador to Russia`).
fn same_slot(a: &Role, b: &Role) -> bool {
    let eq = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.starts_with(y.as_str()) || y.starts_with(x.as_str()),
        _ => false,
    };
    a.slot == b.slot && !eq(&a.from, &b.to) && !eq(&a.to, &b.from)
}

fn is_date_word(w: &str) -> bool {
    crate::text::is_english_month(w)
        || (w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y)))
}

/// Disagreements and term choices between the members of each fact.
///
/// Names are compared between the members of each fact and between any two
/// related units (scoring at least the pair threshold); numbers, dates and
/// word choices only inside facts, where the units are aligned.
fn slots(
    ctx: &Ctx,
    ordered: &[(usize, f64, Group)],
    facts: &[Fact],
    neighbours: &[Vec<(usize, f64)>],
) -> (Vec<Disagreement>, Vec<TermChoice>) {
    // (a, b, the fact holding both)
    let mut pairs: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut listed: HashSet<(usize, usize)> = HashSet::new();
    for ((_, _, g), f) in ordered.iter().zip(facts) {
        for (i, &a) in g.members.iter().enumerate() {
            for &b in &g.members[i + 1..] {
                if ctx.units[a].doc != ctx.units[b].doc && listed.insert((a.min(b), a.max(b))) {
                    pairs.push((a, b, Some(f.id)));
                }
            }
        }
    }
    for (a, row) in neighbours.iter().enumerate() {
        for &(b, _) in row {
            if a < b && ctx.units[a].doc != ctx.units[b].doc && listed.insert((a, b)) {
                pairs.push((a, b, None));
            }
        }
    }
    let mut disagreements: Vec<Disagreement> = Vec::new();
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    // (term a, term b) → per term: docs; facts
    type Terms = (BTreeSet<usize>, BTreeSet<usize>, BTreeSet<usize>);
    let mut terms: BTreeMap<(String, String), Terms> = BTreeMap::new();
    let mut push =
        |kind: &'static str, slot: String, fact: Option<usize>, a: Passage, b: Passage| {
            let (x, y) = (a.text.to_lowercase(), b.text.to_lowercase());
            let key = (slot.clone(), x.clone().min(y.clone()), x.max(y));
            if seen.insert(key) {
                let values = if a.doc <= b.doc { [a, b] } else { [b, a] };
                disagreements.push(Disagreement {
                    kind,
                    slot,
                    fact,
                    values,
                });
            }
        };
    {
        for &(a, b, fact) in &pairs {
            {
                let (ua, ub) = (&ctx.units[a], &ctx.units[b]);
                let (qa, qb): (Vec<Range<u32>>, Vec<Range<u32>>) = (
                    quoted(ctx, a).into_iter().map(|x| x.0).collect(),
                    quoted(ctx, b).into_iter().map(|x| x.0).collect(),
                );
                let (ra, rb) = (name_runs(ctx, a, &qa), name_runs(ctx, b, &qb));
                // Spelling variants of one name.
                for x in &ra {
                    let wx = run_words(ctx, ua.doc, &x.name);
                    for y in &rb {
                        let wy = run_words(ctx, ub.doc, &y.name);
                        if same_name(&wx, &wy) {
                            continue;
                        }
                        let variant = names::name_similarity(&wx, &wy) >= names::NAME_MATCH
                            && wx
                                .iter()
                                .any(|p| wy.iter().any(|q| names::is_variant(p, q)));
                        if variant {
                            let (tx, ty) = (
                                trim_to_match(ctx, ua.doc, &x.name, &wy),
                                trim_to_match(ctx, ub.doc, &y.name, &wx),
                            );
                            push(
                                "variant",
                                "name".into(),
                                fact,
                                ctx.passage(ua.doc, ctx.token_span(ua.doc, tx)),
                                ctx.passage(ub.doc, ctx.token_span(ub.doc, ty)),
                            );
                        }
                    }
                }
                // Different people in the same role.
                let unmatched = |runs: &[NameRun], doc: usize, other: &[NameRun], odoc: usize| {
                    runs.iter()
                        .filter(|x| {
                            let wx = run_words(ctx, doc, &x.name);
                            !other.iter().any(|y| {
                                let wy = run_words(ctx, odoc, &y.name);
                                same_name(&wx, &wy)
                                    || names::name_similarity(&wx, &wy) >= names::NAME_MATCH
                            })
                        })
                        .cloned()
                        .collect::<Vec<_>>()
                };
                let (xa, xb) = (
                    unmatched(&ra, ua.doc, &rb, ub.doc),
                    unmatched(&rb, ub.doc, &ra, ua.doc),
                );
                for x in &xa {
                    let Some(rx) = role_of(ctx, a, x) else {
                        continue;
                    };
                    for y in &xb {
                        let Some(ry) = role_of(ctx, b, y) else {
                            continue;
                        };
                        if same_slot(&rx, &ry) {
                            push(
                                "conflict",
                                rx.slot.to_string(),
                                fact,
                                ctx.passage(ua.doc, ctx.token_span(ua.doc, x.name.clone())),
                                ctx.passage(ub.doc, ctx.token_span(ub.doc, y.name.clone())),
                            );
                        }
                    }
                }
                // Word-level slots: the same words around a different one.
                let Some(fid) = fact else {
                    continue;
                };
                let ops = diff_units(ctx, a, b);
                for (k, op) in ops.iter().enumerate() {
                    if op.kind != DiffKind::Replace || op.a.len() > 3 || op.b.len() > 3 {
                        continue;
                    }
                    let left = k > 0 && ops[k - 1].kind == DiffKind::Equal;
                    let right = ops.get(k + 1).is_some_and(|o| o.kind == DiffKind::Equal);
                    let class_a: Vec<Class> = (op.a.start..op.a.end)
                        .map(|t| ctx.scorer.tokens(ua.doc)[t as usize].class())
                        .collect();
                    let class_b: Vec<Class> = (op.b.start..op.b.end)
                        .map(|t| ctx.scorer.tokens(ub.doc)[t as usize].class())
                        .collect();
                    let pa = || ctx.passage(ua.doc, ctx.token_span(ua.doc, op.a.clone()));
                    let pb = || ctx.passage(ub.doc, ctx.token_span(ub.doc, op.b.clone()));
                    if left
                        && right
                        && class_a.contains(&Class::Number)
                        && class_b.contains(&Class::Number)
                    {
                        let date = (op.a.start..op.a.end).chain(op.b.start..op.b.end).any(|t| {
                            let d = if t < op.a.end && t >= op.a.start {
                                ua.doc
                            } else {
                                ub.doc
                            };
                            is_date_word(&ctx.lower(d, t))
                        });
                        let slot = if date { "date" } else { "number" };
                        push("conflict", slot.into(), fact, pa(), pb());
                        continue;
                    }
                    let capitals = |doc: usize, r: &Range<u32>| {
                        (r.start..r.end).all(|t| ctx.scorer.tokens(doc)[t as usize].capital())
                    };
                    if class_a.contains(&Class::Name)
                        && class_b.contains(&Class::Name)
                        && capitals(ua.doc, &op.a)
                        && capitals(ub.doc, &op.b)
                    {
                        let (wa, wb) =
                            (run_words(ctx, ua.doc, &op.a), run_words(ctx, ub.doc, &op.b));
                        if names::name_similarity(&wa, &wb) >= names::NAME_MATCH
                            && wa
                                .iter()
                                .any(|p| wb.iter().any(|q| names::is_variant(p, q)))
                        {
                            push("variant", "name".into(), fact, pa(), pb());
                        }
                        continue;
                    }
                    // One word for another: a term choice.
                    if op.a.len() == 1 && op.b.len() == 1 && (left || right) {
                        let (ta, tb) = (op.a.start, op.b.start);
                        let (ia, ib) = (
                            &ctx.scorer.tokens(ua.doc)[ta as usize],
                            &ctx.scorer.tokens(ub.doc)[tb as usize],
                        );
                        let plain = |x: &TokenInfo| {
                            x.class() == Class::Word && x.id().is_some() && !x.capital()
                        };
                        if plain(ia)
                            && plain(ib)
                            && ctx.scorer.word(ua.doc, ta) != ctx.scorer.word(ub.doc, tb)
                        {
                            let (wa, wb) = (ctx.lower(ua.doc, ta), ctx.lower(ub.doc, tb));
                            let (key, da, db) = if wa <= wb {
                                ((wa, wb), ua.doc, ub.doc)
                            } else {
                                ((wb, wa), ub.doc, ua.doc)
                            };
                            let e = terms.entry(key).or_default();
                            e.0.insert(da);
                            e.1.insert(db);
                            e.2.insert(fid);
                        }
                    }
                }
            }
        }
    }
    disagreements.sort_by(|x, y| {
        (x.kind != "conflict").cmp(&(y.kind != "conflict")).then(
            x.fact
                .unwrap_or(usize::MAX)
                .cmp(&y.fact.unwrap_or(usize::MAX)),
        )
    });
    let mut framing: Vec<TermChoice> = terms
        .into_iter()
        .map(|((a, b), (da, db, facts))| {
            let (ra, rb) = (super::reference::rarity(&a), super::reference::rarity(&b));
            let marked = if (ra - rb).abs() >= 0.05 {
                Some(if ra > rb { a.clone() } else { b.clone() })
            } else {
                None
            };
            let mut uses = vec![
                TermUse {
                    term: a,
                    docs: da.into_iter().collect(),
                    rarity: round4(ra),
                },
                TermUse {
                    term: b,
                    docs: db.into_iter().collect(),
                    rarity: round4(rb),
                },
            ];
            uses.sort_by(|x, y| y.docs.len().cmp(&x.docs.len()).then(x.term.cmp(&y.term)));
            TermChoice {
                terms: uses,
                marked,
                facts: facts.into_iter().collect(),
            }
        })
        .collect();
    framing.sort_by(|x, y| {
        let n = |t: &TermChoice| t.terms.iter().map(|u| u.docs.len()).sum::<usize>();
        n(y).cmp(&n(x)).then(x.facts.cmp(&y.facts))
    });
    (disagreements, framing)
}
