//! A seeded, realistic news-like corpus with planted reuse and its ground
//! truth, for measuring corpus-scale near-duplicate detection.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --docs N --out DIR|FILE.jsonl
//!     [--seed S] [--truth FILE]
//! ```
//!
//! `--out` ending in `.jsonl` writes one JSON object per line,
//! `{"id": "doc-0000001", "text": "…"}`; any other path is a directory
//! (created if missing, refused if not empty) that gets one
//! `doc-0000001.txt` per document. Output is streamed: memory holds only the
//! documents that planted copies still need (a few hundred at a time), not
//! the corpus, so `--docs 1000000` runs in constant memory (a million
//! documents are about 3.9 GB of JSONL).
//!
//! # Documents
//!
//! Each document is a headline, paragraphs of 2–5 sentences and 300–800
//! words, built from about 25 sentence templates whose slots (nouns,
//! adjectives, verbs, people, places, organisations, numbers, times) are
//! filled from an embedded vocabulary of about 1,200 entries. Within each
//! word list, entry `k` is drawn with probability close to `1/(k+1)`
//! (Zipf-like), so a few words are common and most are rare.
//!
//! # Planted phenomena
//!
//! * **Near-duplicate groups.** A fresh document becomes the base of a
//!   group with probability [`GROUP_RATE`] (2%); the group gets 1 to
//!   [`MAX_COPIES`] (4) edited copies, each placed 1 to [`WINDOW`] (1,000,
//!   or a tenth of the corpus if smaller) documents later. A copy keeps the base's page lines (byline, footer)
//!   and edits its words at positions spread uniformly through the text:
//!   60% substitutions, 20% deletions, 20% insertions of vocabulary words.
//!   Each copy has a target Jaccard drawn uniformly from
//!   [[`MIN_TARGET`], [`MAX_TARGET`]] (0.55 to 0.97, so pairs fall both
//!   above and below 0.8); the number of edits is found by bisection so that
//!   the exact Jaccard with the base is as close to the target as possible.
//!   About 4.7% of documents are copies (fewer in small corpora, where
//!   more copies would land past the end).
//! * **Lifted paragraphs.** A fresh document donates one of its paragraphs
//!   (at least [`MIN_LIFT_WORDS`] words when it has one) with probability
//!   [`LIFT_RATE`] (1%); 1 to [`WINDOW`] documents later, a long document
//!   (1,200 to 2,000 words of its own) carries that paragraph verbatim at a
//!   random paragraph position. About 0.9% of documents are such long
//!   documents.
//! * **Boilerplate lines.** Bylines (`By <reporter>`, 35% of documents, one
//!   of 12 reporters) and footer lines (`Share this article` 25%, a
//!   copyright line 20%, a newsletter sign-up 15%, and others; see
//!   [`FOOTERS`]), each on its own line, and a credit or update sentence
//!   glued to the end of the last paragraph (10%; [`TAILS`]).
//!
//! Jaccard is measured exactly, the way `neardup` compares by default:
//! `text::Pipeline` with default options (no stemming, stopwords kept),
//! word 5-shingles (`shingle::DEFAULT_K`), `sketch::jaccard` of the sorted
//! shingle-hash sets of the complete texts (page lines included).
//!
//! # Ground truth
//!
//! `--truth FILE` writes JSON Lines, each with a `kind`:
//!
//! * `corpus`: the first line; docs, seed, shingle size, hash version.
//! * `near_duplicate`: `a`, `b` (document ids, `a` first in the corpus),
//!   `group`, `relation` (`base_copy`, with the `target` Jaccard, or
//!   `copies` for two copies of one base) and the exact `jaccard`.
//! * `lifted_paragraph`: `a` (donor), `b` (long document), the exact
//!   `jaccard`, `containment_a_in_b`, `containment_b_in_a` and
//!   `paragraph_words`.
//! * `boilerplate`: the `line` and the number of `documents` holding it,
//!   after all documents, sorted by line.
//!
//! Pairs are written when their second document is; copies or long
//! documents scheduled past the last document are not generated and not
//! listed. The same seed gives byte-identical output: one SplitMix64 stream,
//! ordered maps only.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use neardup::hash::SplitMix64;
use neardup::shingle::{DEFAULT_K, hash_set, shingles};
use neardup::sketch::{containment, jaccard};
use neardup::text::{Pipeline, TextOptions};
use serde::Serialize;

/// Share of fresh documents that start a near-duplicate group.
const GROUP_RATE: f64 = 0.02;
/// Most edited copies per group (at least 1).
const MAX_COPIES: u64 = 4;
/// Lowest target Jaccard of a copy with its base.
const MIN_TARGET: f64 = 0.55;
/// Highest target Jaccard of a copy with its base.
const MAX_TARGET: f64 = 0.97;
/// Share of fresh documents that donate a paragraph to a long document.
const LIFT_RATE: f64 = 0.01;
/// Shortest paragraph preferred for lifting, in words.
const MIN_LIFT_WORDS: usize = 40;
/// Planted documents appear 1 to `window` documents after their source,
/// where `window` is this or a tenth of the corpus if smaller (at least 1),
/// so small corpora get their planted pairs too.
const WINDOW: u64 = 1000;

/// Write a seeded news-like corpus with planted near-duplicates, lifted
/// paragraphs and boilerplate lines.
#[derive(clap::Parser)]
struct Args {
    /// Number of documents.
    #[arg(long)]
    docs: u64,
    /// A directory for one .txt per document, or a FILE.jsonl.
    #[arg(long, value_name = "DIR|FILE.jsonl")]
    out: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the ground truth (JSON Lines) here.
    #[arg(long, value_name = "FILE")]
    truth: Option<PathBuf>,
}

/// One line of ground truth.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Truth<'a> {
    Corpus {
        docs: u64,
        seed: u64,
        shingle: usize,
        hash_version: u32,
    },
    NearDuplicate {
        a: &'a str,
        b: &'a str,
        group: u64,
        relation: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<f64>,
        jaccard: f64,
    },
    LiftedParagraph {
        a: &'a str,
        b: &'a str,
        jaccard: f64,
        containment_a_in_b: f64,
        containment_b_in_a: f64,
        paragraph_words: usize,
    },
    Boilerplate {
        line: &'a str,
        documents: u64,
    },
}

/// One output document.
#[derive(Serialize)]
struct JsonDoc<'a> {
    id: &'a str,
    text: &'a str,
}

/// Where documents go.
enum Sink {
    Dir(PathBuf),
    Jsonl(BufWriter<File>),
}

impl Sink {
    fn open(out: &Path) -> Result<Sink> {
        if out.extension().is_some_and(|e| e == "jsonl") {
            let f =
                File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
            return Ok(Sink::Jsonl(BufWriter::with_capacity(1 << 20, f)));
        }
        fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        if fs::read_dir(out)?.next().is_some() {
            bail!(
                "{} is not empty; give an empty or new directory",
                out.display()
            );
        }
        Ok(Sink::Dir(out.to_path_buf()))
    }

    fn write(&mut self, id: &str, text: &str) -> Result<()> {
        match self {
            Sink::Dir(dir) => {
                let path = dir.join(format!("{id}.txt"));
                fs::write(&path, format!("{text}\n"))
                    .with_context(|| format!("cannot write {}", path.display()))
            }
            Sink::Jsonl(w) => {
                serde_json::to_writer(&mut *w, &JsonDoc { id, text })?;
                w.write_all(b"\n")?;
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<()> {
        if let Sink::Jsonl(mut w) = self {
            w.flush()?;
        }
        Ok(())
    }
}

/// A document before rendering: headline and paragraphs (words separated by
/// single spaces), and its page lines.
#[derive(Clone)]
struct Draft {
    paragraphs: Vec<String>,
    byline: Option<String>,
    footer: Vec<&'static str>,
    /// A sentence glued to the end of the last paragraph.
    tail: Option<&'static str>,
}

impl Draft {
    fn render(&self) -> String {
        let mut out = String::with_capacity(self.paragraphs.iter().map(|p| p.len() + 2).sum());
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(p);
            if i + 1 == self.paragraphs.len()
                && let Some(t) = self.tail
            {
                out.push(' ');
                out.push_str(t);
            }
            if i == 0
                && let Some(b) = &self.byline
            {
                out.push_str("\n\n");
                out.push_str(b);
            }
        }
        if !self.footer.is_empty() {
            out.push('\n');
            for line in &self.footer {
                out.push('\n');
                out.push_str(line);
            }
        }
        out
    }

    /// The page lines and the tail sentence, for counting.
    fn lines(&self) -> impl Iterator<Item = &str> {
        self.byline
            .as_deref()
            .into_iter()
            .chain(self.footer.iter().copied())
            .chain(self.tail)
    }
}

/// A near-duplicate group whose copies are not all written yet.
struct Group {
    base: Draft,
    /// Written members: id and shingle set, the base first.
    members: Vec<(String, Vec<u64>)>,
    remaining: u64,
}

/// A document scheduled for a later position.
enum Planned {
    Copy {
        group: u64,
    },
    Lift {
        donor: String,
        donor_set: Vec<u64>,
        paragraph: String,
    },
}

/// The seeded source of everything random.
struct Rng(SplitMix64);

impl Rng {
    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.0.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.0.next() % (hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Entry `k` of `list` with probability close to `1/(k+1)`: `(n+1)^u − 1`
    /// for uniform `u` is log-uniform, the continuous form of Zipf's law.
    fn zipf<'a>(&mut self, list: &[&'a str]) -> &'a str {
        let n = list.len();
        let k = ((n as f64 + 1.0).powf(self.unit()) - 1.0) as usize;
        list[k.min(n - 1)]
    }

    /// Uniform entry of `list`.
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[(self.0.next() % list.len() as u64) as usize]
    }
}

/// Builds sentences, paragraphs and documents.
struct Writer {
    rng: Rng,
}

impl Writer {
    fn person(&mut self) -> String {
        let first = self.rng.zipf(FIRST_NAMES);
        let last = self.rng.zipf(LAST_NAMES);
        format!("{first} {last}")
    }

    /// A count, a percentage or an amount of money (`kind` is the slot).
    fn number(&mut self, kind: &str) -> String {
        let r = &mut self.rng;
        match (kind, r.range(0, 1)) {
            ("PCT", 0) => format!("{} percent", r.range(1, 60)),
            ("PCT", _) => format!("{}.{} percent", r.range(0, 12), r.range(1, 9)),
            ("MONEY", 0) => format!("${}.{} billion", r.range(1, 90), r.range(0, 9)),
            ("MONEY", _) => format!("${} million", r.range(2, 900)),
            (_, 0) => format!("{}", r.range(2, 99)),
            _ => format!("{},{:03}", r.range(1, 99), r.range(0, 999)),
        }
    }

    /// Fill one slot.
    fn slot(&mut self, name: &str, out: &mut String) {
        match name {
            "N" => out.push_str(self.rng.zipf(NOUNS)),
            "NS" => out.push_str(self.rng.zipf(PLURALS)),
            "A" => out.push_str(self.rng.zipf(ADJECTIVES)),
            "V" => out.push_str(self.rng.zipf(VERBS)),
            "VI" => out.push_str(self.rng.zipf(INTRANSITIVE)),
            "S" => out.push_str(self.rng.zipf(SPEECH)),
            "P" => out.push_str(self.rng.zipf(PLACES)),
            "O" => out.push_str(self.rng.zipf(ORGS)),
            "R" => out.push_str(self.rng.zipf(ROLES)),
            "T" => out.push_str(self.rng.zipf(TIMES)),
            "D" => out.push_str(self.rng.zipf(ADVERBS)),
            "C" => out.push_str(self.rng.zipf(CONNECTIVES)),
            "PER" => {
                let p = self.person();
                out.push_str(&p);
            }
            "NUM" | "PCT" | "MONEY" => {
                let n = self.number(name);
                out.push_str(&n);
            }
            _ => out.push_str(name),
        }
    }

    /// Expand a template into `out`, capitalising the first letter.
    fn fill(&mut self, template: &str, out: &mut String) {
        let start = out.len();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').unwrap_or(rest.len() - open - 1);
            self.slot(&rest[open + 1..close], out);
            rest = &rest[(close + 1).min(rest.len())..];
        }
        out.push_str(rest);
        if let Some((at, c)) = out[start..]
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            && c.is_lowercase()
        {
            let upper: String = c.to_uppercase().collect();
            let at = start + at;
            out.replace_range(at..at + c.len_utf8(), &upper);
        }
    }

    fn headline(&mut self) -> String {
        let mut h = String::new();
        let t = *self.rng.pick(HEADLINES);
        self.fill(t, &mut h);
        // Title case.
        h.split(' ')
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) if w.len() > 3 => f.to_uppercase().chain(c).collect(),
                    _ => w.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Paragraphs of 2–5 sentences until at least `words` words.
    fn body(&mut self, words: usize) -> Vec<String> {
        let mut paragraphs = vec![self.headline()];
        let mut count = 0;
        while count < words {
            let mut p = String::new();
            for s in 0..self.rng.range(2, 5) {
                if s > 0 {
                    p.push(' ');
                }
                let t = *self.rng.pick(SENTENCES);
                self.fill(t, &mut p);
            }
            count += p.split(' ').count();
            paragraphs.push(p);
        }
        paragraphs
    }

    fn page_lines(&mut self) -> (Option<String>, Vec<&'static str>, Option<&'static str>) {
        let byline = self
            .rng
            .chance(0.35)
            .then(|| format!("By {}", self.rng.pick(REPORTERS)));
        let footer = FOOTERS
            .iter()
            .filter(|(_, p)| self.rng.chance(*p))
            .map(|(l, _)| *l)
            .collect();
        let tail = TAILS
            .iter()
            .find(|(_, p)| self.rng.chance(*p))
            .map(|(l, _)| *l);
        (byline, footer, tail)
    }

    fn fresh(&mut self, min: u64, max: u64) -> Draft {
        let words = self.rng.range(min, max) as usize;
        let paragraphs = self.body(words);
        let (byline, footer, tail) = self.page_lines();
        Draft {
            paragraphs,
            byline,
            footer,
            tail,
        }
    }

    /// A random edit plan over the words of `base`: positions in random
    /// order, each with an operation.
    fn edit_plan(&mut self, base: &Draft) -> Vec<(usize, Edit)> {
        let n: usize = base.paragraphs.iter().map(|p| p.split(' ').count()).sum();
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = (self.rng.0.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        order
            .into_iter()
            .map(|pos| {
                let r = self.rng.unit();
                let edit = if r < 0.6 {
                    Edit::Substitute(self.any_word())
                } else if r < 0.8 {
                    Edit::Delete
                } else {
                    Edit::Insert(self.any_word())
                };
                (pos, edit)
            })
            .collect()
    }

    fn any_word(&mut self) -> &'static str {
        let list = *self.rng.pick(&[NOUNS, ADJECTIVES, VERBS, ADVERBS, PLURALS]);
        self.rng.zipf(list)
    }
}

#[derive(Clone, Copy)]
enum Edit {
    Substitute(&'static str),
    Delete,
    Insert(&'static str),
}

/// `base` with the first `m` edits of `plan` applied.
fn apply(base: &Draft, plan: &[(usize, Edit)], m: usize) -> Draft {
    let total: usize = base.paragraphs.iter().map(|p| p.split(' ').count()).sum();
    let mut at: Vec<Option<Edit>> = vec![None; total];
    for &(pos, e) in &plan[..m] {
        at[pos] = Some(e);
    }
    let mut pos = 0;
    let mut paragraphs = Vec::with_capacity(base.paragraphs.len());
    for p in &base.paragraphs {
        let mut words: Vec<String> = Vec::new();
        for w in p.split(' ') {
            let trail = &w[w.trim_end_matches(|c: char| c.is_ascii_punctuation()).len()..];
            match at[pos] {
                None => words.push(w.to_string()),
                Some(Edit::Substitute(s)) => words.push(format!("{s}{trail}")),
                Some(Edit::Delete) => {
                    // Keep sentence punctuation on the word before.
                    if let Some(prev) = words.last_mut()
                        && !trail.is_empty()
                        && !prev.ends_with(|c: char| c.is_ascii_punctuation())
                    {
                        prev.push_str(trail);
                    }
                }
                Some(Edit::Insert(s)) => {
                    words.push(s.to_string());
                    words.push(w.to_string());
                }
            }
            pos += 1;
        }
        if words.is_empty() {
            words.push(p.split(' ').next().unwrap_or_default().to_string());
        }
        paragraphs.push(words.join(" "));
    }
    Draft {
        paragraphs,
        byline: base.byline.clone(),
        footer: base.footer.clone(),
        tail: base.tail,
    }
}

/// Shingle sets the way neardup compares by default.
struct Measure {
    pipeline: Pipeline,
}

impl Measure {
    fn set(&self, text: &str) -> Result<Vec<u64>> {
        let doc = self.pipeline.document(text.to_string())?;
        Ok(hash_set(&shingles(doc.tokens(), DEFAULT_K)))
    }
}

/// The copy of `base` whose exact Jaccard with `base_set` is closest to
/// `target`: bisection on the number of edits applied (Jaccard falls as
/// edits accumulate, almost always monotonically).
fn edited_copy(
    base: &Draft,
    base_set: &[u64],
    plan: &[(usize, Edit)],
    target: f64,
    measure: &Measure,
) -> Result<(Draft, String, Vec<u64>, f64)> {
    let eval = |m: usize| -> Result<(Draft, String, Vec<u64>, f64)> {
        let draft = apply(base, plan, m);
        let text = draft.render();
        let set = measure.set(&text)?;
        let j = jaccard(base_set, &set);
        Ok((draft, text, set, j))
    };
    // Largest m with J(m) >= target, between lo (holds) and hi (fails).
    let (mut lo, mut hi) = (0usize, plan.len());
    let mut at_hi = eval(hi)?;
    if at_hi.3 >= target {
        return Ok(at_hi);
    }
    let mut at_lo = eval(lo)?;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let r = eval(mid)?;
        if r.3 >= target {
            lo = mid;
            at_lo = r;
        } else {
            hi = mid;
            at_hi = r;
        }
    }
    Ok(if (at_lo.3 - target).abs() <= (target - at_hi.3).abs() {
        at_lo
    } else {
        at_hi
    })
}

fn main() -> Result<()> {
    let args = <Args as clap::Parser>::parse();
    let started = Instant::now();
    let mut sink = Sink::open(&args.out)?;
    let mut truth = match &args.truth {
        Some(p) => Some(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => None,
    };
    let mut emit = |t: &Truth| -> Result<()> {
        if let Some(w) = truth.as_mut() {
            serde_json::to_writer(&mut *w, t)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    };
    emit(&Truth::Corpus {
        docs: args.docs,
        seed: args.seed,
        shingle: DEFAULT_K,
        hash_version: neardup::hash::HASH_VERSION,
    })?;

    let measure = Measure {
        pipeline: Pipeline::new(TextOptions::default()),
    };
    let mut w = Writer {
        rng: Rng(SplitMix64::new(args.seed)),
    };
    let window = (args.docs / 10).clamp(1, WINDOW);
    let mut pending: BTreeMap<(u64, u64), Planned> = BTreeMap::new();
    let mut groups: BTreeMap<u64, Group> = BTreeMap::new();
    let mut boilerplate: BTreeMap<String, u64> = BTreeMap::new();
    let (mut next_group, mut seq) = (0u64, 0u64);
    let (mut copies, mut lifts, mut pairs) = (0u64, 0u64, 0u64);

    for n in 1..=args.docs {
        let id = format!("doc-{n:07}");
        let due = pending
            .first_key_value()
            .is_some_and(|(&(at, _), _)| at <= n);
        let planned = if due {
            pending.pop_first().map(|(_, p)| p)
        } else {
            None
        };
        let draft = match planned {
            Some(Planned::Copy { group }) => {
                let g = groups.get_mut(&group).context("group of a copy")?;
                let target = MIN_TARGET + (MAX_TARGET - MIN_TARGET) * w.rng.unit();
                let plan = w.edit_plan(&g.base);
                let base_set = &g.members[0].1;
                let (draft, text, set, j) =
                    edited_copy(&g.base, base_set, &plan, target, &measure)?;
                for (k, (other, other_set)) in g.members.iter().enumerate() {
                    let (relation, target, jac) = if k == 0 {
                        ("base_copy", Some(target), j)
                    } else {
                        ("copies", None, jaccard(other_set, &set))
                    };
                    emit(&Truth::NearDuplicate {
                        a: other,
                        b: &id,
                        group,
                        relation,
                        target,
                        jaccard: jac,
                    })?;
                    pairs += 1;
                }
                g.members.push((id.clone(), set));
                g.remaining -= 1;
                if g.remaining == 0 {
                    groups.remove(&group);
                }
                copies += 1;
                (draft, text)
            }
            Some(Planned::Lift {
                donor,
                donor_set,
                paragraph,
            }) => {
                let mut d = w.fresh(1200, 2000);
                let at = w.rng.range(1, d.paragraphs.len() as u64) as usize;
                let words = paragraph.split(' ').count();
                d.paragraphs.insert(at, paragraph);
                let text = d.render();
                let set = measure.set(&text)?;
                emit(&Truth::LiftedParagraph {
                    a: &donor,
                    b: &id,
                    jaccard: jaccard(&donor_set, &set),
                    containment_a_in_b: containment(&donor_set, &set),
                    containment_b_in_a: containment(&set, &donor_set),
                    paragraph_words: words,
                })?;
                lifts += 1;
                pairs += 1;
                (d, text)
            }
            None => {
                let d = w.fresh(300, 800);
                let text = d.render();
                let starts_group = w.rng.chance(GROUP_RATE);
                let lifts_from = w.rng.chance(LIFT_RATE);
                if starts_group || lifts_from {
                    let set = measure.set(&text)?;
                    if starts_group {
                        let k = w.rng.range(1, MAX_COPIES);
                        for _ in 0..k {
                            let at = n + w.rng.range(1, window);
                            pending.insert((at, seq), Planned::Copy { group: next_group });
                            seq += 1;
                        }
                        groups.insert(
                            next_group,
                            Group {
                                base: d.clone(),
                                members: vec![(id.clone(), set.clone())],
                                remaining: k,
                            },
                        );
                        next_group += 1;
                    }
                    if lifts_from {
                        let body = &d.paragraphs[1..];
                        let long = body
                            .iter()
                            .filter(|p| p.split(' ').count() >= MIN_LIFT_WORDS)
                            .collect::<Vec<_>>();
                        let paragraph = if long.is_empty() {
                            body.iter()
                                .max_by_key(|p| p.len())
                                .cloned()
                                .unwrap_or_default()
                        } else {
                            (*w.rng.pick(&long)).clone()
                        };
                        let at = n + w.rng.range(1, window);
                        pending.insert(
                            (at, seq),
                            Planned::Lift {
                                donor: id.clone(),
                                donor_set: set,
                                paragraph,
                            },
                        );
                        seq += 1;
                    }
                }
                (d, text)
            }
        };
        let (draft, text) = draft;
        for line in draft.lines() {
            *boilerplate.entry(line.to_string()).or_default() += 1;
        }
        sink.write(&id, &text)?;
        if n % 100_000 == 0 {
            eprintln!("{n} documents, {:.1} s", started.elapsed().as_secs_f64());
        }
    }
    sink.finish()?;
    for (line, &documents) in &boilerplate {
        emit(&Truth::Boilerplate { line, documents })?;
    }
    if let Some(mut w) = truth {
        w.flush()?;
    }
    eprintln!(
        "{} documents ({next_group} groups started, {copies} edited copies written, {lifts} \
         lifted paragraphs, {pairs} planted pairs) in {:.1} s",
        args.docs,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// The embedded vocabulary. Within each list, earlier entries are drawn more
// often (see `Rng::zipf`).

/// Headline templates (title-cased after filling).
const HEADLINES: &[&str] = &[
    "{O} {V} {A} {N} in {P}",
    "{NS} {VI} as {O} weighs {A} {N}",
    "{P} {N} {VI} after {A} {N}",
    "{PER} {V} {N} amid {A} {NS}",
    "{A} {N} puts {NS} in {P} on edge",
    "What the {A} {N} means for {P}",
    "{O} to review {N} after {NS} {VI}",
    "{P} and {P} clash over {A} {N}",
];

/// Sentence templates. `{X}` is a slot (see `Writer::slot`).
const SENTENCES: &[&str] = &[
    "the {A} {N} {V} the {N} {T}, {R} {S}.",
    "{PER}, {R} of {O}, {S} the {N} had {V} {NS} in {P}.",
    "{C} {NS} in {P} {VI} {D} {T}.",
    "{O} {V} a {A} {N} worth {MONEY}, according to {NS} familiar with the matter.",
    "the {N} {VI} by {PCT} {T}, the steepest move since the {N} began.",
    "{R} {S} that the {A} {N} would not change the {N} of {NS}.",
    "\"we have {V} the {N} and we will continue to do so,\" {PER} {S}.",
    "{C} the {N} has {V} {A} {NS} across {P}.",
    "in {P}, {NS} {V} the {A} {N} {T}.",
    "the {N}, which {VI} {D} {T}, is expected to remain under pressure until the {N}.",
    "{PER} {S} {O} had not yet {V} the {N}.",
    "critics {S} the {A} {N} {V} {NS} and left {NS} without a {N}.",
    "{NUM} {NS} were {V} in {P}, {R} {S}.",
    "{O} did not respond to a request for comment on the {N}.",
    "{C} {R} {V} the {N}, calling it a {A} {N} for {P}.",
    "talks between {O} and {O} {VI} {T} over the {A} {N}.",
    "the {A} {NS} {VI} {D}, with {NS} in {P} leading the {N}.",
    "{PER}, who {V} the {N} {T}, {S} the {N} was {A}.",
    "it was not clear whether the {N} would survive the {A} {N} in {P}.",
    "analysts at {O} {S} the {N} {VI} by {PCT} {T}.",
    "{C} the {A} {N} {VI} as {NS} {V} the {N}.",
    "\"this is a {A} {N} for {NS},\" {PER}, {R}, {S}.",
    "{NS} {V} a {A} {N} near {P} {T}, {O} {S}.",
    "the {N} follows a {A} {N} in {P}, where {NS} {VI} {T}.",
    "{O} has invested {MONEY} in {NS} since the {N} {VI}.",
];

const CONNECTIVES: &[&str] = &[
    "meanwhile,",
    "however,",
    "in a statement,",
    "separately,",
    "earlier,",
    "at the same time,",
    "still,",
    "on the ground,",
    "in recent weeks,",
    "by contrast,",
    "for now,",
    "in response,",
];

const SPEECH: &[&str] = &[
    "said",
    "told reporters",
    "added",
    "said in a statement",
    "noted",
    "warned",
    "argued",
    "told the newspaper",
    "wrote on social media",
    "acknowledged",
    "insisted",
    "confirmed",
    "said on condition of anonymity",
    "told a news conference",
    "cautioned",
];

const TIMES: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "this week",
    "on Saturday",
    "on Sunday",
    "earlier this year",
    "last month",
    "in March",
    "in the past decade",
    "overnight",
    "late on Tuesday",
    "in January",
    "in the first quarter",
    "since the summer",
    "in October",
    "over the weekend",
    "two years ago",
    "in recent days",
    "at the end of the year",
    "in April",
    "in 2024",
    "in the second half",
    "this morning",
    "in early trading",
    "by the end of the month",
    "in 2019",
];

const ROLES: &[&str] = &[
    "a spokesperson",
    "the minister",
    "a senior official",
    "the chief executive",
    "the prime minister",
    "a government adviser",
    "the foreign minister",
    "an economist",
    "the president",
    "the mayor",
    "a company spokesman",
    "the finance minister",
    "a diplomat",
    "the governor",
    "a union leader",
    "an analyst",
    "the health minister",
    "a police spokeswoman",
    "the central bank governor",
    "a senior lawmaker",
    "the defence minister",
    "a local official",
    "the opposition leader",
    "a UN envoy",
    "the chairman",
    "a researcher",
    "the energy minister",
    "an industry executive",
    "the head of the agency",
    "a former ambassador",
    "the trade commissioner",
    "a military spokesman",
    "the interior minister",
    "a court official",
    "the education secretary",
    "a campaign adviser",
    "the attorney general",
    "a regional governor",
    "the party chairman",
    "a senior economist",
];

const ORGS: &[&str] = &[
    "the government",
    "the ministry",
    "the central bank",
    "the European Union",
    "the United Nations",
    "parliament",
    "the commission",
    "the World Bank",
    "the International Monetary Fund",
    "the company",
    "the opposition",
    "NATO",
    "the regulator",
    "the Federal Reserve",
    "the court",
    "the World Health Organization",
    "the coalition",
    "the army",
    "the agency",
    "the council",
    "OPEC",
    "the Senate",
    "the board",
    "the union",
    "the state broadcaster",
    "the African Union",
    "the stock exchange",
    "the electoral commission",
    "the Red Cross",
    "the trade bloc",
    "the police",
    "the finance ministry",
    "the foreign ministry",
    "the health ministry",
    "the supreme court",
    "the airline",
    "the bank",
    "the carmaker",
    "the utility",
    "the think tank",
    "Northwind Energy",
    "Meridian Holdings",
    "Atlas Freight",
    "Crescent Pharma",
    "Harbor Capital",
    "Summit Telecom",
    "Bluegate Mining",
    "Orion Motors",
    "Vantage Foods",
    "Keystone Insurance",
    "Pioneer Steel",
    "Silverline Rail",
    "Evergreen Retail",
    "Granite Bank",
    "Lakeshore Media",
    "Redwood Logistics",
    "Falcon Aerospace",
    "Cobalt Chemicals",
    "Tidewater Shipping",
    "Aurora Software",
];

const PLACES: &[&str] = &[
    "the capital",
    "the region",
    "Europe",
    "Asia",
    "Washington",
    "London",
    "Beijing",
    "Moscow",
    "Brussels",
    "Paris",
    "Berlin",
    "Tokyo",
    "New Delhi",
    "Brazil",
    "Africa",
    "the Middle East",
    "Kyiv",
    "Ankara",
    "Cairo",
    "Nairobi",
    "Lagos",
    "Jakarta",
    "Seoul",
    "Mexico City",
    "Buenos Aires",
    "Canberra",
    "Ottawa",
    "Rome",
    "Madrid",
    "Warsaw",
    "Vienna",
    "Geneva",
    "Istanbul",
    "Tehran",
    "Riyadh",
    "Dubai",
    "Islamabad",
    "Kabul",
    "Dhaka",
    "Bangkok",
    "Manila",
    "Hanoi",
    "Singapore",
    "Sydney",
    "Johannesburg",
    "Addis Ababa",
    "Khartoum",
    "Tripoli",
    "Algiers",
    "Casablanca",
    "Lima",
    "Bogota",
    "Santiago",
    "Caracas",
    "Havana",
    "Toronto",
    "Chicago",
    "Texas",
    "California",
    "Florida",
    "the north",
    "the south",
    "the east",
    "the west",
    "the border region",
    "the coastal province",
    "rural areas",
    "the suburbs",
    "the port city",
    "the industrial heartland",
    "Scandinavia",
    "the Baltics",
    "the Balkans",
    "the Caucasus",
    "Central Asia",
    "the Pacific",
    "the Gulf",
    "the Sahel",
    "the Horn of Africa",
    "Latin America",
    "Southeast Asia",
    "the Arctic",
    "Siberia",
    "Patagonia",
    "the Alps",
    "the Himalayas",
    "Anatolia",
    "Bavaria",
    "Catalonia",
    "Scotland",
    "Wales",
    "Ireland",
    "Quebec",
    "Ontario",
    "Kerala",
    "Punjab",
    "Sichuan",
    "Guangdong",
    "Hokkaido",
    "Mindanao",
];

const FIRST_NAMES: &[&str] = &[
    "John", "Maria", "David", "Anna", "Michael", "Sarah", "James", "Elena", "Robert", "Fatima",
    "Ahmed", "Li", "Wei", "Olga", "Carlos", "Sofia", "Peter", "Aisha", "Thomas", "Yuki", "Daniel",
    "Laura", "Ivan", "Priya", "Mohammed", "Grace", "Paul", "Nadia", "Mark", "Chen", "Hassan",
    "Julia", "Andrew", "Amina", "Stefan", "Lucia", "Kenji", "Ingrid", "Omar", "Rosa", "Pierre",
    "Hana", "Sergei", "Leila", "Juan", "Mei", "Kwame", "Ines", "Dmitri", "Zara", "Tomasz",
    "Ayesha", "Lars", "Camila", "Raj", "Esther", "Felipe", "Katarina", "Yusuf", "Mira", "Hiroshi",
    "Alice", "Samuel", "Nkechi", "Viktor", "Beatriz", "Arjun", "Helen", "Mustafa", "Clara",
    "Jorge", "Svetlana", "Ali", "Emma", "Tariq", "Ruth", "Andrei", "Leona", "Femi", "Ana",
];

const LAST_NAMES: &[&str] = &[
    "Smith",
    "Garcia",
    "Wang",
    "Ivanova",
    "Khan",
    "Müller",
    "Rossi",
    "Silva",
    "Kim",
    "Nguyen",
    "Johnson",
    "Martin",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Brown",
    "Lopez",
    "Singh",
    "Petrov",
    "Okafor",
    "Dubois",
    "Novak",
    "Hansen",
    "Cohen",
    "Ali",
    "Fernandez",
    "Chen",
    "Yilmaz",
    "Schmidt",
    "Mensah",
    "Williams",
    "Rahman",
    "Sato",
    "Jones",
    "Popescu",
    "Costa",
    "Larsen",
    "Ahmed",
    "Moreau",
    "Kuznetsov",
    "Park",
    "Hernandez",
    "Mwangi",
    "Bauer",
    "Ricci",
    "Santos",
    "Ito",
    "Davies",
    "Nowak",
    "Hussein",
    "Andersson",
    "Taylor",
    "Gomez",
    "Patel",
    "Volkov",
    "Adeyemi",
    "Laurent",
    "Horvat",
    "Nielsen",
    "Levy",
    "Hosseini",
    "Ortiz",
    "Das",
    "Sokolov",
    "Eze",
    "Lefebvre",
    "Kovac",
    "Berg",
    "Friedman",
    "Aziz",
    "Ramos",
    "Gupta",
    "Morozov",
    "Boateng",
    "Girard",
    "Marin",
    "Lindqvist",
    "Katz",
    "Karimi",
    "Reyes",
    "Mehta",
    "Pavlov",
    "Nwosu",
    "Fontaine",
    "Babic",
    "Dahl",
    "Weiss",
    "Saleh",
    "Cruz",
    "Iyer",
    "Orlov",
    "Asante",
    "Roux",
    "Jovanovic",
    "Holm",
    "Stern",
    "Mansour",
    "Vargas",
    "Bose",
    "Zhukov",
    "Owusu",
];

const ADVERBS: &[&str] = &[
    "sharply",
    "slightly",
    "quickly",
    "quietly",
    "again",
    "steadily",
    "briefly",
    "further",
    "significantly",
    "unexpectedly",
    "gradually",
    "abruptly",
    "modestly",
    "repeatedly",
    "heavily",
    "publicly",
    "largely",
    "narrowly",
    "broadly",
    "firmly",
    "suddenly",
    "partly",
    "openly",
    "cautiously",
    "sharply lower",
    "sharply higher",
    "for a third day",
    "once more",
    "in late trading",
    "for the first time",
    "without warning",
    "in protest",
    "at a record pace",
    "in a rare move",
    "behind closed doors",
    "for weeks",
    "after midnight",
    "once again",
    "overnight",
    "ahead of schedule",
];

const INTRANSITIVE: &[&str] = &[
    "rose",
    "fell",
    "stalled",
    "collapsed",
    "resumed",
    "ended",
    "surged",
    "slumped",
    "recovered",
    "continued",
    "escalated",
    "eased",
    "widened",
    "narrowed",
    "stabilised",
    "weakened",
    "strengthened",
    "faltered",
    "rebounded",
    "spread",
    "grew",
    "shrank",
    "broke down",
    "picked up",
    "slowed",
    "accelerated",
    "dipped",
    "climbed",
    "tumbled",
    "held steady",
    "soared",
    "plunged",
    "edged higher",
    "edged lower",
    "gathered pace",
    "lost momentum",
    "stalled again",
    "deepened",
    "cooled",
    "intensified",
];

const VERBS: &[&str] = &[
    "approved",
    "rejected",
    "announced",
    "criticised",
    "welcomed",
    "delayed",
    "launched",
    "suspended",
    "signed",
    "blocked",
    "proposed",
    "confirmed",
    "denied",
    "backed",
    "raised",
    "cut",
    "extended",
    "ended",
    "reviewed",
    "expanded",
    "reduced",
    "introduced",
    "challenged",
    "defended",
    "condemned",
    "postponed",
    "accepted",
    "revised",
    "cancelled",
    "finalised",
    "increased",
    "lowered",
    "tightened",
    "relaxed",
    "investigated",
    "questioned",
    "supported",
    "opposed",
    "endorsed",
    "scrapped",
    "unveiled",
    "negotiated",
    "secured",
    "restored",
    "withdrew",
    "imposed",
    "lifted",
    "eased",
    "doubled",
    "halved",
    "froze",
    "seized",
    "released",
    "acquired",
    "sold",
    "merged",
    "closed",
    "reopened",
    "hired",
    "fired",
    "sued",
    "fined",
    "charged",
    "cleared",
    "arrested",
    "evacuated",
    "deployed",
    "recalled",
    "audited",
    "funded",
    "financed",
    "restructured",
    "privatised",
    "nationalised",
    "overhauled",
    "streamlined",
    "outlined",
    "drafted",
    "amended",
    "ratified",
    "vetoed",
    "debated",
    "passed",
    "tabled",
    "published",
    "leaked",
    "disclosed",
    "reported",
    "predicted",
    "forecast",
    "estimated",
    "calculated",
    "measured",
    "tested",
    "trialled",
    "reinstated",
    "rolled back",
    "phased out",
    "stepped up",
    "scaled back",
    "held up",
    "signed off on",
    "pushed back",
    "called off",
    "took over",
    "set up",
    "laid out",
    "ruled out",
    "turned down",
    "paid for",
    "pointed to",
    "warned against",
    "pushed for",
    "argued for",
    "voted against",
    "voted for",
    "lobbied for",
    "signalled",
    "hinted at",
    "played down",
    "cracked down on",
    "pulled out of",
    "signed up to",
    "backed away from",
    "moved ahead with",
    "paved the way for",
];

const ADJECTIVES: &[&str] = &[
    "new",
    "major",
    "recent",
    "economic",
    "political",
    "local",
    "public",
    "national",
    "international",
    "global",
    "key",
    "large",
    "small",
    "significant",
    "final",
    "first",
    "second",
    "early",
    "late",
    "previous",
    "possible",
    "current",
    "long",
    "short",
    "strong",
    "weak",
    "high",
    "low",
    "full",
    "partial",
    "controversial",
    "unexpected",
    "sharp",
    "modest",
    "rapid",
    "slow",
    "sweeping",
    "limited",
    "broad",
    "narrow",
    "fresh",
    "formal",
    "informal",
    "official",
    "unofficial",
    "military",
    "civilian",
    "financial",
    "fiscal",
    "monetary",
    "diplomatic",
    "legal",
    "judicial",
    "regional",
    "federal",
    "municipal",
    "rural",
    "urban",
    "digital",
    "industrial",
    "agricultural",
    "environmental",
    "medical",
    "social",
    "cultural",
    "historic",
    "unprecedented",
    "temporary",
    "permanent",
    "annual",
    "quarterly",
    "monthly",
    "weekly",
    "daily",
    "senior",
    "junior",
    "independent",
    "joint",
    "bilateral",
    "multilateral",
    "domestic",
    "foreign",
    "coastal",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "remote",
    "crowded",
    "empty",
    "costly",
    "cheap",
    "expensive",
    "affordable",
    "stable",
    "volatile",
    "fragile",
    "robust",
    "resilient",
    "uncertain",
    "clear",
    "vague",
    "detailed",
    "brief",
    "lengthy",
    "heated",
    "calm",
    "tense",
    "bitter",
    "cautious",
    "bold",
    "ambitious",
    "modern",
    "ageing",
    "outdated",
    "innovative",
    "traditional",
    "secret",
    "open",
    "closed",
    "disputed",
    "contested",
    "landmark",
    "flagship",
    "long-awaited",
    "much-criticised",
    "widely expected",
    "closely watched",
    "hard-fought",
    "last-minute",
    "cross-border",
    "state-owned",
    "privately held",
    "record",
    "near-record",
    "three-year",
    "five-year",
    "two-day",
    "emergency",
    "interim",
    "preliminary",
    "revised",
    "draft",
    "binding",
    "non-binding",
    "voluntary",
    "mandatory",
    "sustainable",
    "renewable",
    "nuclear",
    "coal-fired",
    "electric",
    "autonomous",
    "humanitarian",
    "electoral",
];

const NOUNS: &[&str] = &[
    "government",
    "plan",
    "deal",
    "report",
    "policy",
    "decision",
    "market",
    "economy",
    "agreement",
    "proposal",
    "budget",
    "election",
    "crisis",
    "investigation",
    "programme",
    "project",
    "law",
    "bill",
    "vote",
    "meeting",
    "summit",
    "conflict",
    "ceasefire",
    "strike",
    "protest",
    "campaign",
    "reform",
    "tax",
    "tariff",
    "sanction",
    "investment",
    "loan",
    "contract",
    "merger",
    "acquisition",
    "company",
    "bank",
    "currency",
    "inflation",
    "rate",
    "price",
    "cost",
    "wage",
    "pension",
    "debt",
    "deficit",
    "surplus",
    "forecast",
    "outlook",
    "recession",
    "recovery",
    "growth",
    "output",
    "demand",
    "supply",
    "shortage",
    "harvest",
    "drought",
    "flood",
    "storm",
    "earthquake",
    "wildfire",
    "outbreak",
    "vaccine",
    "hospital",
    "school",
    "university",
    "court",
    "ruling",
    "appeal",
    "trial",
    "verdict",
    "sentence",
    "inquiry",
    "hearing",
    "committee",
    "council",
    "parliament",
    "cabinet",
    "ministry",
    "department",
    "agency",
    "regulator",
    "watchdog",
    "union",
    "coalition",
    "party",
    "leader",
    "candidate",
    "president",
    "minister",
    "official",
    "spokesman",
    "statement",
    "interview",
    "speech",
    "visit",
    "trip",
    "talks",
    "negotiation",
    "dispute",
    "row",
    "scandal",
    "probe",
    "audit",
    "review",
    "study",
    "survey",
    "poll",
    "index",
    "figure",
    "estimate",
    "target",
    "goal",
    "deadline",
    "timetable",
    "framework",
    "strategy",
    "initiative",
    "scheme",
    "fund",
    "grant",
    "subsidy",
    "bailout",
    "stimulus",
    "package",
    "measure",
    "rule",
    "regulation",
    "ban",
    "restriction",
    "limit",
    "cap",
    "threshold",
    "quota",
    "licence",
    "permit",
    "border",
    "frontier",
    "port",
    "airport",
    "railway",
    "highway",
    "bridge",
    "pipeline",
    "grid",
    "network",
    "plant",
    "factory",
    "mine",
    "field",
    "refinery",
    "terminal",
    "warehouse",
    "shipment",
    "cargo",
    "export",
    "import",
    "trade",
    "exchange",
    "stock",
    "bond",
    "share",
    "dividend",
    "profit",
    "loss",
    "revenue",
    "sales",
    "earnings",
    "quarter",
    "year",
    "month",
    "week",
    "day",
    "season",
    "decade",
    "century",
    "generation",
    "community",
    "city",
    "town",
    "village",
    "province",
    "state",
    "region",
    "district",
    "county",
    "country",
    "nation",
    "continent",
    "alliance",
    "bloc",
    "partnership",
    "treaty",
    "accord",
    "pact",
    "truce",
    "offensive",
    "operation",
    "mission",
    "deployment",
    "withdrawal",
    "attack",
    "raid",
    "explosion",
    "incident",
    "accident",
    "collision",
    "rescue",
    "evacuation",
    "shelter",
    "aid",
    "relief",
    "donation",
    "appeal",
    "warning",
    "alert",
    "threat",
    "risk",
    "concern",
    "fear",
    "hope",
    "expectation",
    "pressure",
    "tension",
    "backlash",
    "criticism",
    "support",
    "opposition",
    "approval",
    "rejection",
    "delay",
    "setback",
    "breakthrough",
    "milestone",
    "record",
    "decline",
    "increase",
    "rise",
    "fall",
    "drop",
    "jump",
    "surge",
    "slump",
    "rally",
    "sell-off",
    "shift",
    "change",
    "move",
    "step",
    "effort",
    "attempt",
    "bid",
    "offer",
    "request",
    "demand",
    "claim",
    "allegation",
    "charge",
    "accusation",
    "denial",
    "response",
    "reaction",
    "outcome",
    "result",
    "impact",
    "effect",
    "consequence",
    "question",
    "issue",
    "problem",
    "challenge",
    "opportunity",
    "priority",
    "agenda",
    "platform",
    "technology",
    "software",
    "data",
    "system",
    "service",
    "product",
    "device",
    "network outage",
    "cyberattack",
    "satellite",
    "rocket",
    "drone",
    "vehicle",
    "battery",
    "chip",
    "semiconductor",
    "reactor",
    "turbine",
    "dam",
    "canal",
    "corridor",
];

const PLURALS: &[&str] = &[
    "officials",
    "residents",
    "investors",
    "analysts",
    "workers",
    "voters",
    "lawmakers",
    "protesters",
    "growers",
    "students",
    "doctors",
    "patients",
    "companies",
    "banks",
    "markets",
    "prices",
    "shares",
    "exports",
    "imports",
    "talks",
    "sanctions",
    "tariffs",
    "troops",
    "soldiers",
    "police",
    "rescuers",
    "volunteers",
    "refugees",
    "migrants",
    "families",
    "children",
    "teachers",
    "nurses",
    "drivers",
    "pilots",
    "passengers",
    "consumers",
    "shoppers",
    "retailers",
    "manufacturers",
    "suppliers",
    "exporters",
    "importers",
    "traders",
    "economists",
    "diplomats",
    "ministers",
    "leaders",
    "delegates",
    "negotiators",
    "judges",
    "lawyers",
    "prosecutors",
    "witnesses",
    "journalists",
    "critics",
    "supporters",
    "opponents",
    "activists",
    "campaigners",
    "unions",
    "employers",
    "shareholders",
    "creditors",
    "borrowers",
    "lenders",
    "tenants",
    "landlords",
    "homeowners",
    "villagers",
    "fishermen",
    "miners",
    "engineers",
    "scientists",
    "researchers",
    "experts",
    "regulators",
    "inspectors",
    "auditors",
    "donors",
    "allies",
    "rivals",
    "neighbours",
    "partners",
    "members",
    "citizens",
    "taxpayers",
    "pensioners",
    "commuters",
    "tourists",
    "visitors",
    "fans",
    "players",
    "clubs",
    "schools",
    "hospitals",
    "factories",
    "mines",
    "ports",
    "airlines",
    "carmakers",
    "startups",
];

/// Staff reporters for bylines (`By <name>`).
const REPORTERS: &[&str] = &[
    "Anna Kowalski, Staff Reporter",
    "David Mensah, Economics Correspondent",
    "Maria Santos",
    "James Whitfield, Political Editor",
    "Leila Haddad in Beirut",
    "Kenji Ito, Asia Correspondent",
    "Sarah O'Neill",
    "Tomasz Nowak and Elena Petrova",
    "Our Foreign Staff",
    "Grace Adeyemi, Health Correspondent",
    "Omar Farouk in Cairo",
    "Wire Staff",
];

/// Footer lines and the share of documents that carry each.
/// Sentences glued to the end of the last paragraph, with their chance
/// (the first that is drawn).
const TAILS: &[(&str, f64)] = &[
    (
        "Reporting by the Global Wire Service news desk; editing by staff.",
        0.06,
    ),
    (
        "This story has been updated with comment from officials.",
        0.04,
    ),
];

const FOOTERS: &[(&str, f64)] = &[
    ("Share this article", 0.25),
    (
        "Copyright 2026 Global Wire Service. All rights reserved.",
        0.20,
    ),
    (
        "Sign up for our morning newsletter to get the day's most important stories delivered to your inbox.",
        0.15,
    ),
    ("Follow us on social media for the latest updates.", 0.10),
    ("Additional reporting by wire services.", 0.08),
    (
        "This article has been updated with additional reporting and comment from officials.",
        0.05,
    ),
    (
        "Read more: our full coverage of the story, updated daily.",
        0.05,
    ),
    (
        "Have a story to share? Contact our newsroom in confidence via the secure tip line.",
        0.02,
    ),
];
