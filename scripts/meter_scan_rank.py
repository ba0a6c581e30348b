#!/usr/bin/env python3
"""How well `scan --derivation` ranks copied pairs, on the METER development half.

    python3 ../shared/data/meter-dev/score_meter.py --bin target/release/neardup --out WORK
    python3 scripts/meter_scan_rank.py --meter ../shared/data/meter-dev --texts WORK/utf8 \
        --bin target/release/neardup

Python 3 standard library only. The first command leaves METER's texts decoded to UTF-8
in WORK/utf8 (newspapers/... and PA/...). This script scans that folder as one corpus
(`BIN scan DIR --find copies --derivation --format json`), keeps the copied pairs that are
a newspaper article and one of its candidate PA files, and reports the average precision
of two orderings of those pairs: by the share of the pair in copied passages (`score`,
how a scan without `--derivation` ranks) and by the scan's rank with the derivation (the
larger derivation score of the two directions, then `score`). Positives are pairs whose
article is labelled reused (wholly or partially derived), and, separately, wholly
derived. Nothing is fitted. Labels are per article: an article with several candidate PA
files has every candidate labelled alike, so a pair with a file it did not use counts as
reused too.
"""
import argparse
import csv
import json
import os
import subprocess
import sys


def average_precision(items, key, positive):
    ranked = sorted(items, key=key, reverse=True)
    total = sum(1 for p in ranked if positive(p))
    hits, acc = 0, 0.0
    for i, p in enumerate(ranked, 1):
        if positive(p):
            hits += 1
            acc += hits / i
    return acc / total if total else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--meter", required=True, help="the meter-dev folder (labels.csv)")
    ap.add_argument("--texts", required=True, help="METER decoded to UTF-8 (WORK/utf8)")
    ap.add_argument("--bin", required=True, help="the neardup binary")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)

    labels = {}
    with open(os.path.join(args.meter, "labels.csv"), newline="") as f:
        for row in csv.DictReader(f):
            for pa in row["pa_candidates"].split(";"):
                labels[(row["newspaper_file"], pa)] = row["label"]

    out = subprocess.run(
        [binary, "scan", ".", "--find", "copies", "--derivation", "--format", "json"],
        cwd=args.texts, capture_output=True, check=False)
    if out.returncode != 0:
        sys.exit(f"scan failed ({out.returncode}): {out.stderr.decode(errors='replace')}")
    report = json.loads(out.stdout)

    pairs = []
    for c in report["copied"]:
        a, b = c["a"].removeprefix("./"), c["b"].removeprefix("./")
        label = labels.get((a, b)) or labels.get((b, a))
        if label is None:
            continue
        derived = max(c["a_from_b"]["score"], c["b_from_a"]["score"])
        pairs.append({"label": label, "share": c["score"], "rank": (derived, c["score"])})

    counts = {}
    for p in pairs:
        counts[p["label"]] = counts.get(p["label"], 0) + 1
    print(f"{len(report['copied'])} copied pairs, {len(pairs)} of them an article and a "
          f"candidate PA file: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for name, positive in [
        ("reused", lambda p: p["label"] != "non_derived"),
        ("wholly derived", lambda p: p["label"] == "wholly_derived"),
    ]:
        base = sum(1 for p in pairs if positive(p)) / max(len(pairs), 1)
        by_share = average_precision(pairs, lambda p: p["share"], positive)
        by_rank = average_precision(pairs, lambda p: p["rank"], positive)
        print(f"average precision, {name} (base rate {base:.4f}): by share {by_share:.4f}, "
              f"by derivation rank {by_rank:.4f}")


if __name__ == "__main__":
    main()
