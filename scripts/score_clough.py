#!/usr/bin/env python3
"""Score neardup's derivation analysis on the Clough & Stevenson short answers.

    python3 scripts/score_clough.py --data ../shared/data/clough --bin target/release/neardup
        [--folds 10] [--seed 0]

Python 3 standard library only. Runs `BIN compare --pairs PAIRS.tsv --format jsonl`
once, A = each answer, B = its source `orig_task?.txt` (decoded: UTF-8, else cp1252),
and maps the tool's output to cut / light / heavy / non in two ways, printing the 4-way
accuracy of each:

* **tool verdict**: `not` = non, else derivation.revision: `copied` = cut, `light` =
  light, `heavy` = heavy. Its two thresholds (REVISION_COPIED and REVISION_LIGHT in
  src/derive.rs) were fitted on these answers, so this figure is in-sample; the honest
  one is the next.
* **cross-validated revision**: the tool's rule (`copied` from a share of
  derivation.copied_stretches, else `light` from a share of derivation.trigrams, else
  `heavy`) with both thresholds chosen on the training folds (stratified k-fold, seed 0)
  to maximise accuracy over the answers the tool calls derived; `not` stays non. Pooled
  out-of-fold predictions, with their confusion matrix and the thresholds fitted on all
  answers (the ones to ship).
* **cross-validated thresholds**: three ordered cuts on derivation.score for non | heavy |
  light | cut, chosen on the training folds to maximise accuracy; then the same with the
  verbatim share for cut / light / heavy among the answers the score calls derived.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import tempfile

CLASSES = ["non", "heavy", "light", "cut"]


def decode(data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def folds_of(labels, k, seed):
    rng = random.Random(seed)
    fold, offset = [0] * len(labels), 0
    for y in sorted(set(labels)):
        idx = [i for i, l in enumerate(labels) if l == y]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            fold[i] = (offset + j) % k
        offset += len(idx)
    return fold


def cuts_for(values):
    v = sorted(set(values))
    return [-1.0] + [(a + b) / 2 for a, b in zip(v, v[1:])] + [2.0]


def fit_ordered(values, gold, n_classes):
    """n_classes - 1 ordered cuts maximising accuracy (exhaustive for 2, greedy-exact for 3)."""
    cs = cuts_for(values)

    def classify(x, ts):
        return sum(x >= t for t in ts)

    best = (-1, None)
    if n_classes == 2:
        for t in cs:
            acc = sum(classify(x, [t]) == g for x, g in zip(values, gold))
            best = max(best, (acc, [t]), key=lambda b: b[0])
        return best[1]
    for i, t1 in enumerate(cs):
        for j in range(i, len(cs)):
            for t3 in cs[j:]:
                ts = [t1, cs[j], t3]
                acc = sum(classify(x, ts) == g for x, g in zip(values, gold))
                if acc > best[0]:
                    best = (acc, ts)
    return best[1]


def fit_revision(copied, trigrams, gold):
    """The two thresholds of the revision rule maximising accuracy (gold 1-3 = heavy, light, cut)."""
    best = (-1, None)
    for a in cuts_for(copied):
        for b in cuts_for(trigrams):
            acc = sum(revise(c, t, (a, b)) == g for c, t, g in zip(copied, trigrams, gold))
            if acc > best[0]:
                best = (acc, (a, b))
    return best[1]


def revise(copied, trigrams, ts):
    return 3 if copied >= ts[0] else 2 if trigrams >= ts[1] else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="the Clough folder (labels.csv, corpus-20090418/)")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rows = [r for r in csv.DictReader(open(os.path.join(a.data, "labels.csv"), encoding="utf-8"))
            if r["Category"] in CLASSES]
    work = tempfile.mkdtemp(prefix="clough-")
    corpus = os.path.join(a.data, "corpus-20090418")
    paths = {}
    for name in sorted({r["File"] for r in rows} | {r["Source"] for r in rows}):
        paths[name] = os.path.join(work, name)
        with open(paths[name], "w", encoding="utf-8") as f:
            f.write(decode(open(os.path.join(corpus, name), "rb").read()))
    tsv = os.path.join(work, "pairs.tsv")
    with open(tsv, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(f"{paths[r['File']]}\t{paths[r['Source']]}\n")
    proc = subprocess.run([a.bin, "compare", "--pairs", tsv, "--format", "jsonl"],
                          stdout=subprocess.PIPE, check=False)
    objs = [json.loads(l) for l in proc.stdout.decode("utf-8").splitlines() if l.strip()]
    # --pairs ends with a summary object
    objs = [o for o in objs if "summary" not in o]
    assert len(objs) == len(rows), "one output object per pair"
    gold = [CLASSES.index(r["Category"]) for r in rows]
    der = [o.get("derivation") or {} for o in objs]

    def by_verdict(d):
        return {"copied": 3, "light": 2, "heavy": 1}.get(d.get("revision"), 0)

    pred_v = [by_verdict(d) for d in der]
    acc_v = sum(p == g for p, g in zip(pred_v, gold)) / len(gold)

    score = [float(d.get("score") or 0) for d in der]
    verb = [float(d.get("verbatim_share") or 0) for d in der]
    derived = [d.get("verdict") not in (None, "not") for d in der]
    stretch = [float(d.get("copied_stretches") or 0) for d in der]
    tri = [float(d.get("trigrams") or 0) for d in der]
    fold = folds_of(gold, a.folds, a.seed)
    pred_s, pred_sv, pred_r = [None] * len(gold), [None] * len(gold), [None] * len(gold)
    for k in range(a.folds):
        tr = [i for i in range(len(gold)) if fold[i] != k]
        te = [i for i in range(len(gold)) if fold[i] == k]
        dtr = [i for i in tr if derived[i]]
        tr_ = fit_revision([stretch[i] for i in dtr], [tri[i] for i in dtr], [gold[i] for i in dtr])
        ts = fit_ordered([score[i] for i in tr], [gold[i] for i in tr], 4)
        t_non = fit_ordered([score[i] for i in tr], [int(gold[i] > 0) for i in tr], 2)[0]
        der_tr = [i for i in tr if gold[i] > 0]
        tv = fit_ordered([verb[i] for i in der_tr], [gold[i] - 1 for i in der_tr], 3)
        for i in te:
            pred_s[i] = sum(score[i] >= t for t in ts)
            pred_sv[i] = 0 if score[i] < t_non else 1 + sum(verb[i] >= t for t in tv[:2])
            pred_r[i] = revise(stretch[i], tri[i], tr_) if derived[i] else 0
    acc_r = sum(p == g for p, g in zip(pred_r, gold)) / len(gold)
    dall = [i for i in range(len(gold)) if derived[i]]
    ship = fit_revision([stretch[i] for i in dall], [tri[i] for i in dall], [gold[i] for i in dall])
    acc_s = sum(p == g for p, g in zip(pred_s, gold)) / len(gold)
    acc_sv = sum(p == g for p, g in zip(pred_sv, gold)) / len(gold)
    print(f"Clough & Stevenson: {len(gold)} answers (non / heavy / light / cut: "
          f"{' / '.join(str(gold.count(c)) for c in range(4))})")
    print(f"  tool verdict + revision (as is; in-sample)        4-way accuracy {acc_v:.4f}")
    print(f"  {a.folds}-fold CV revision thresholds                  4-way accuracy {acc_r:.4f}")
    for name, pred in (("tool", pred_v), ("CV revision", pred_r)):
        print(f"    confusion, {name} (rows gold, columns predicted {' / '.join(CLASSES)}):")
        for g in range(4):
            print(f"      {CLASSES[g]:>5} " + " ".join(f"{sum(1 for p, y in zip(pred, gold) if y == g and p == c):3d}"
                                                 for c in range(4)))
    print(f"    thresholds fitted on all answers: copied_stretches >= {ship[0]:.4f}, trigrams >= {ship[1]:.4f}")
    print(f"  {a.folds}-fold CV thresholds on derivation.score          4-way accuracy {acc_s:.4f}")
    print(f"  {a.folds}-fold CV: score for non, verbatim share for rest 4-way accuracy {acc_sv:.4f}")
    print(f"clough verdict_acc={acc_v:.4f} cv_revision_acc={acc_r:.4f} cv_score_acc={acc_s:.4f} "
          f"cv_score_verbatim_acc={acc_sv:.4f}")


if __name__ == "__main__":
    main()
