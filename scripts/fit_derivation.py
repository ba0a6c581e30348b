#!/usr/bin/env python3
"""Fit the derivation model (src/derive.rs) on the METER development half.

    cargo build --release --example derive_features
    python3 scripts/fit_derivation.py --meter ../shared/data/meter-dev \\
        --bin target/release/examples/derive_features --seeds samples/seeds \\
        [--folds 10] [--out DIR]

Python 3 standard library only. It reuses the METER scorer's reading code
(`score_meter.py` in the --meter folder: decoding, SGML projection, folds).

1. Writes decoded UTF-8 copies of the articles and PA files and runs the
   `derive_features` example once over every (article, candidate PA file) pair:
   the clauses of each article with their features.
2. Clause labels: the phrase-annotated articles give every character a label
   (Verbatim, Rewrite, New); a clause's target is its share of derived
   (Verbatim + Rewrite) non-white-space characters. An article has one clause
   list but several candidate PA files: each clause takes the feature vector of
   the candidate where it looks most derived (the scorer takes the union of the
   spans over candidates).
3. Fits a logistic model (Newton's method, a little L2) weighted by
   characters, the probability from which a clause counts as derived (the one
   of CUTS with the best character-level macro-F1 among those whose recall of
   Rewrite characters is at least MIN_REWRITE_RECALL).
4. The document verdict: the document features of each pair (derived share
   and mean clause probability under the model of step 3, then the ones the
   tool measured: share in shared runs, content found in B, mean window share,
   length ratio, consecutive content-word pairs found in B, quoted words in shared runs); per
   article those of the candidate with the highest derived share plus copied share. Two logistic models, derived at all (partially or
   wholly) and wholly, then their two probability thresholds on a grid,
   maximising the ternary average F1 of the verdicts, which follow the tool's
   rule: wholly from the second threshold on, else partially from the first
   when the pair shows evidence (a run of EVIDENCE_RUN tokens, src/derive.rs, or a share of A
   in shared runs of at least EVIDENCE_COPIED, or a derived share of at least EVIDENCE_DERIVED,
   both fitted too, on grids), else not; an article's verdict is that of its candidate with
   the highest score.
5. Cross-validation: the same fit on k-1 folds of stories (articles of one
   story never straddle folds), applied to the held-out fold; it prints pooled
   out-of-fold figures: character-level macro-F1 (derived / new) with the
   recall of Rewrite characters, ternary average F1 and binary macro-F1 on the
   single-source pairs (reused = a verdict other than not). Then it prints the
   constants for src/derive.rs, fitted on everything, and with --seeds the
   verdicts they give every ordered pair of the files in that folder
   (independent reports of one event: all should be not).
"""
import argparse
import collections
import importlib.util
import json
import math
import os
import random
import subprocess
import sys
import tempfile

# Probability thresholds of the document models tried.
GRID = [i / 40 for i in range(1, 40)]
# Shares of A in shared runs that count as evidence without a run of EVIDENCE_RUN tokens (1.01:
# none does). The smallest is above the seed articles' (independent reports of one event: at most
# 0.07), so this fit cannot make them derived.
EVIDENCE_COPIED = (0.1, 0.125, 0.15, 0.2, 1.01)
# Derived shares of A (under the clause model) that count as evidence too (1.01: none does): a
# rewrite that keeps no wording but retells most of A. The smallest is above the seed articles'
# (at most 0.75), so this fit cannot make them derived either.
EVIDENCE_DERIVED = (0.8, 0.85, 0.9, 1.01)
# Candidate probability cuts for calling a clause derived (chosen on the training folds).
CUTS = (0.35, 0.4, 0.45, 0.5, 0.55)
# Rewritten text is what the derivation analysis adds over passages: among the cuts, only
# those that find at least this share of METER's Rewrite characters (on the training folds).
MIN_REWRITE_RECALL = 0.7
TERNARY = ["non_derived", "partially_derived", "wholly_derived"]


def load_scorer(meter):
    spec = importlib.util.spec_from_file_location("score_meter", os.path.join(meter, "score_meter.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sigmoid(z):
    if z < -40:
        return 0.0
    if z > 40:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def solve(h, g):
    """Solve h x = g (Gaussian elimination with partial pivoting)."""
    n = len(g)
    m = [row[:] + [g[i]] for i, row in enumerate(h)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                if f:
                    for k in range(c, n + 1):
                        m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit_logistic(xs, ys, ws, l2=1.0, iters=25):
    """Weighted logistic regression with soft targets; returns [bias, w1, ...]."""
    d = len(xs[0]) + 1
    w = [0.0] * d
    norm = len(ws) / sum(ws)
    ws = [s * norm for s in ws]
    for _ in range(iters):
        g = [l2 * v for v in w]
        g[0] = 0.0
        h = [[0.0] * d for _ in range(d)]
        for i in range(d):
            h[i][i] = l2 if i else 1e-6
        for x, y, s in zip(xs, ys, ws):
            row = [1.0] + x
            p = sigmoid(sum(a * b for a, b in zip(w, row)))
            e, v = s * (p - y), s * p * (1 - p)
            for i in range(d):
                g[i] += e * row[i]
                vi = v * row[i]
                hi = h[i]
                for k in range(i, d):
                    hi[k] += vi * row[k]
        for i in range(d):
            for k in range(i):
                h[i][k] = h[k][i]
        step = solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def prob(w, x):
    return sigmoid(w[0] + sum(a * b for a, b in zip(w[1:], x)))


def judge(p1, p2, evidence, t1, t2):
    """The tool's verdict (0 not, 1 partially, 2 wholly) from the probabilities of the two document
    models, with a key that orders pairs as the tool's score does (derive::judge)."""
    if p2 >= t2:
        return 2, 2 + p2
    if evidence and p1 >= t1:
        return 1, 1 + p1
    return 0, min(p1 / t1, 1.0)


def avg_f1(gold, pred, classes):
    fs = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        fs.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(fs) / len(fs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--meter", required=True, help="the METER development folder (holds score_meter.py)")
    ap.add_argument("--bin", required=True, help="the derive_features example binary")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="work folder (default: a temporary one)")
    ap.add_argument("--features", help="reuse a features JSONL written before (skips running --bin)")
    ap.add_argument("--seeds", help="a folder of independent reports of one event, checked with the final model")
    a = ap.parse_args()
    sm = load_scorer(a.meter)
    corpus = os.path.join(a.meter, "meter_corpus")
    rows = sm.read_csv(os.path.join(a.meter, "labels.csv"))
    single = sm.read_csv(os.path.join(a.meter, "pairs_single_source.csv"))
    out = a.out or tempfile.mkdtemp(prefix="fit-derivation-")
    os.makedirs(out, exist_ok=True)

    rels = sorted({r["newspaper_file"] for r in rows} | {p for r in rows for p in sm.candidates(r)})
    texts, copy = {}, {}
    for rel in rels:
        texts[rel] = sm.decode_meter(open(os.path.join(corpus, rel), "rb").read())
        copy[rel] = os.path.join(out, "utf8", rel)
        os.makedirs(os.path.dirname(copy[rel]), exist_ok=True)
        with open(copy[rel], "w", encoding="utf-8", newline="") as f:
            f.write(texts[rel])
    pairs = [(r["newspaper_file"], p) for r in rows for p in sm.candidates(r)]
    feats_path = a.features or os.path.join(out, "features.jsonl")
    if not a.features:
        tsv = os.path.join(out, "pairs.tsv")
        with open(tsv, "w", encoding="utf-8") as f:
            for x, y in pairs:
                f.write(f"{copy[x]}\t{copy[y]}\n")
        with open(feats_path, "wb") as f:
            subprocess.run([a.bin, tsv], stdout=f, check=True)
    back = {v: k for k, v in copy.items()}
    clauses, pair_doc = {}, {}
    with open(feats_path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            key = back.get(o["a"], o["a"]), back.get(o["b"], o["b"])
            clauses[key] = o["clauses"]
            pair_doc[key] = o

    gold_chars, report = sm.load_token_gold(corpus, rows, texts)
    for line in report:
        print("  " + line, file=sys.stderr)

    # Clause examples of the annotated articles.
    def examples(article):
        labels = gold_chars[article]
        cands = [clauses[article, p] for p in sm.candidates(rows_by[article]) if clauses.get((article, p))]
        if not cands:
            return []
        ex = []
        for k, c in enumerate(cands[0]):
            lab = [labels[i] for i in range(c["char_start"], min(c["char_end"], len(labels))) if labels[i]]
            if not lab:
                continue
            y = sum(x in ("Verbatim", "Rewrite") for x in lab) / len(lab)
            best = max((cl[k] for cl in cands if k < len(cl)), key=lambda q: q["x"][0] + q["x"][3])
            ex.append((best["x"], y, len(lab), lab, (c["char_start"], c["char_end"])))
        return ex

    rows_by = {r["newspaper_file"]: r for r in rows}
    story = {r["newspaper_file"]: os.path.dirname(r["newspaper_file"]) for r in rows}
    stories = sorted(set(story.values()))
    rng = random.Random(a.seed)
    rng.shuffle(stories)
    fold_of_story = {s: i % a.folds for i, s in enumerate(stories)}
    fold = {art: fold_of_story[story[art]] for art in story}
    ex_by = {art: examples(art) for art in gold_chars}
    gold_t = {r["newspaper_file"]: TERNARY.index(r["label"]) for r in rows}

    def fit(train_articles):
        xs, ys, ws = [], [], []
        for art in train_articles:
            for x, y, n, _, _ in ex_by.get(art, []):
                xs.append(x)
                ys.append(y)
                ws.append(n)
        w = fit_logistic(xs, ys, ws)
        annotated = [art for art in train_articles if art in gold_chars]
        scored = [(c, sm.token_scores(char_counts(w, c, annotated))) for c in CUTS]
        ok = [(c, sc) for c, sc in scored if sc["Rewrite"] >= MIN_REWRITE_RECALL] or scored
        cut = max(ok, key=lambda x: x[1]["macro_F1"])[0]
        arts = [r["newspaper_file"] for r in rows if r["newspaper_file"] in train_articles]
        xs, ys, cands = [], [], []
        for art in arts:
            os_ = [pair_doc[art, p] for p in sm.candidates(rows_by[art]) if (art, p) in pair_doc]
            dx = [doc_x(w, cut, o) for o in os_]
            cands.append([(x, o) for x, o in zip(dx, os_)])
            if dx:
                xs.append(max(dx, key=lambda x: x[0] + x[2]))
                ys.append(gold_t[art])
        v1 = fit_logistic(xs, [float(y > 0) for y in ys], [1.0] * len(xs))
        v2 = fit_logistic(xs, [float(y > 1) for y in ys], [1.0] * len(xs))
        gold = [gold_t[x] for x in arts]
        best = (-1.0, 0.5, 0.5, (1.01, 1.01))
        for ec in ((c, d) for c in EVIDENCE_COPIED for d in EVIDENCE_DERIVED):
            # An article is wholly from t2 on (of its best candidate), else partially when a
            # candidate with evidence reaches t1: the same verdicts as judge's maximum, faster.
            probs = []
            for cs in cands:
                ps = [(prob(v1, x), prob(v2, x), evidence(o, x, ec)) for x, o in cs]
                probs.append((max((p1 for p1, _, ev in ps if ev), default=-1.0),
                              max((p2 for _, p2, _ in ps), default=-1.0)))
            for t1 in GRID:
                for t2 in GRID:
                    pred = [2 if p2 >= t2 else 1 if p1 >= t1 else 0 for p1, p2 in probs]
                    f = avg_f1(gold, pred, (0, 1, 2))
                    if f > best[0] + 1e-12:
                        best = (f, t1, t2, ec)
        return w, cut, (v1, v2) + best[1:]

    def evidence(o, x, ec):
        """derive.rs's evidence: a run of EVIDENCE_RUN tokens, or shares of A in shared runs
        (ec[0]) or derived (ec[1], x = doc_x) from those on."""
        return o["evidence"] or x[2] >= ec[0] or x[0] >= ec[1]

    def pair_verdict(w, cut, doc, o):
        """(verdict, score rank) of one pair as the tool would judge it."""
        if o is None:
            return 0, 0.0
        v1, v2, t1, t2, ec = doc
        x = doc_x(w, cut, o)
        return judge(prob(v1, x), prob(v2, x), evidence(o, x, ec), t1, t2)

    def char_counts(w, cut, articles):
        counts = collections.Counter()
        for art in articles:
            spans = [(c["char_start"], c["char_end"]) for p in sm.candidates(rows_by[art])
                     for c in clauses.get((art, p), []) if prob(w, c["x"]) >= cut]
            counts += sm.token_counts(gold_chars[art], spans)
        return counts

    def doc_x(w, cut, o):
        """The document features of a pair (DocFeatures::values), the first two under model w."""
        cs = o["clauses"]
        chars = [c["char_end"] - c["char_start"] for c in cs]
        total = sum(chars)
        ps = [prob(w, c["x"]) for c in cs]
        derived = sum(n for n, p in zip(chars, ps) if p >= cut) / total if total else 0.0
        mean = sum(n * p for n, p in zip(chars, ps)) / total if total else 0.0
        return [derived, mean] + list(o["document"][2:])

    # cross-validation
    counts = collections.Counter()
    pred_t, gold_tt, pred_b, gold_b = [], [], [], []
    for k in range(a.folds):
        train = {art for art in story if fold[art] != k}
        w, cut, doc = fit(train)
        print(f"fold {k}: cut {cut} thresholds {doc[2]:.3f} {doc[3]:.3f} evidence copied {doc[4][0]} derived {doc[4][1]}", file=sys.stderr)
        held = [art for art in story if fold[art] == k]
        for art in held:
            pred_t.append(max((pair_verdict(w, cut, doc, pair_doc.get((art, p)))
                               for p in sm.candidates(rows_by[art])), default=(0, 0.0))[0])
            gold_tt.append(gold_t[art])
        counts += char_counts(w, cut, [art for art in held if art in gold_chars])
        for p in single:
            if fold[p["newspaper_file"]] == k:
                v, _ = pair_verdict(w, cut, doc, pair_doc.get((p["newspaper_file"], p["pa_file"])))
                pred_b.append(int(v > 0))
                gold_b.append(int(p["reused"]))
    sc = sm.token_scores(counts)
    print(f"{a.folds}-fold CV by story (out-of-fold predictions pooled):")
    print(f"  ternary avg-F1 {avg_f1(gold_tt, pred_t, (0, 1, 2)):.4f}  accuracy "
          f"{sum(x == y for x, y in zip(gold_tt, pred_t)) / len(gold_tt):.4f}")
    print("  confusion (rows gold, columns predicted; not / partially / wholly): " + "; ".join(
        " ".join(str(sum(g == r and q == c for g, q in zip(gold_tt, pred_t))) for c in range(3)) for r in range(3)))
    print(f"  binary (single-source) macro-F1 {avg_f1(gold_b, pred_b, (0, 1)):.4f}")
    print(f"  chars: P {sc['P']:.4f} R {sc['R']:.4f} F1 {sc['F1']:.4f} Verbatim R {sc['Verbatim']:.4f} "
          f"Rewrite R {sc['Rewrite']:.4f} New flagged {sc['New']:.4f} macro-F1 {sc['macro_F1']:.4f}")

    w, cut, doc = fit(set(story))
    print("\n// constants for src/derive.rs, fitted on every article")
    for name, count, v in (("WEIGHTS", "Features", w), ("DOC_DERIVED", "DocFeatures", doc[0]),
                           ("DOC_WHOLLY", "DocFeatures", doc[1])):
        print(f"pub const {name}: [f64; 1 + {count}::COUNT] = [")
        print("    " + ", ".join(f"{x:.4f}" for x in v) + ",")
        print("];")
    print(f"pub const DERIVED_PROBABILITY: f64 = {cut};")
    print(f"pub const PARTIAL_PROBABILITY: f64 = {doc[2]:.4f};")
    print(f"pub const WHOLLY_PROBABILITY: f64 = {doc[3]:.4f};")
    print(f"pub const EVIDENCE_COPIED: f64 = {doc[4][0]};")
    print(f"pub const EVIDENCE_DERIVED: f64 = {doc[4][1]};")
    if a.seeds:
        files = sorted(os.path.abspath(os.path.join(a.seeds, x)) for x in os.listdir(a.seeds))
        tsv = os.path.join(out, "seeds.tsv")
        with open(tsv, "w", encoding="utf-8") as f:
            for x in files:
                for y in files:
                    if x != y:
                        f.write(f"{x}\t{y}\n")
        run = subprocess.run([a.bin, tsv], stdout=subprocess.PIPE, check=True)
        verdicts = collections.Counter()
        for line in run.stdout.decode("utf-8").splitlines():
            o = json.loads(line)
            v, _ = pair_verdict(w, cut, doc, o)
            verdicts[TERNARY[v]] += 1
            if v:
                print(f"  seeds: {os.path.basename(o['a'])} from {os.path.basename(o['b'])}: {TERNARY[v]}")
        print(f"seeds ({len(files)} files, every ordered pair): " +
              ", ".join(f"{k} {n}" for k, n in sorted(verdicts.items())))


if __name__ == "__main__":
    main()
