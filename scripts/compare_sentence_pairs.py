#!/usr/bin/env python3
"""The sentence pairs of `neardup compare`, read two ways (issue 10, item 8).

    python3 scripts/compare_sentence_pairs.py seeds --bin target/release/neardup
    python3 scripts/compare_sentence_pairs.py ecb --bin target/release/neardup \
        --data ../shared/data/ecb-dev --out ecb-compare

Python 3 standard library only.

* `seeds` compares every pair of the five seed articles (`samples/seeds/`) with
  `compare --format json` and prints each pair of sentences it reports, with its
  score (`P` when a shared passage runs through it), for a reader to judge.
* `ecb` compares every pair of articles of each ECB+ development sub-topic in one
  `compare --pairs ... --format jsonl --sentences matched` run, writes each paired
  sentence row as a two-member fact into OUT/<subtopic>.json and scores the folder
  with the data set's `score_frame_ecb.py --pred OUT` (pairs of sentences reporting
  the same event; see its docstring).
"""
import argparse
import collections
import itertools
import json
import os
import subprocess
import sys


def seeds(bin_, root):
    folder = os.path.join(root, "samples", "seeds")
    files = sorted(os.listdir(folder))
    total = 0
    for a, b in itertools.combinations(files, 2):
        pa, pb = os.path.join(folder, a), os.path.join(folder, b)
        out = subprocess.run([bin_, "compare", pa, pb, "--format", "json"],
                             capture_output=True, text=True, check=False).stdout
        d = json.loads(out)
        ta = open(pa, encoding="utf-8").read()
        tb = open(pb, encoding="utf-8").read()
        rows = [r for r in d["sentences"] if r["a"] and r["b"]]
        print(f"## {a} vs {b}: {len(rows)} pairs, derivation {d['derivation']['verdict']}")
        for r in rows:
            total += 1
            sa = ta[r["a"]["char_start"]:r["a"]["char_end"]].replace("\n", " ")
            sb = tb[r["b"]["char_start"]:r["b"]["char_end"]].replace("\n", " ")
            mark = " P" if r["passages"] else ""
            print(f"- [{r['similarity']:.3f}{mark}] A: {sa}\n    B: {sb}")
    print("total pairs", total)


def ecb(bin_, data, out):
    os.makedirs(out, exist_ok=True)
    docs = os.path.join(data, "docs")
    pairs = []
    for st in sorted(os.listdir(docs)):
        files = sorted(os.path.abspath(os.path.join(docs, st, f))
                       for f in os.listdir(os.path.join(docs, st)))
        pairs.extend((st, a, b) for a, b in itertools.combinations(files, 2))
    listing = os.path.join(out, "pairs.tsv")
    with open(listing, "w", encoding="utf-8") as f:
        f.writelines(f"{a}\t{b}\n" for _, a, b in pairs)
    run = subprocess.run([bin_, "compare", "--pairs", listing, "--format", "jsonl",
                          "--sentences", "matched", "--quiet"],
                         capture_output=True, text=True, check=False)
    lines = [json.loads(l) for l in run.stdout.splitlines() if l.strip()]
    facts = collections.defaultdict(list)
    for (st, a, b), d in zip(pairs, lines):
        for r in d.get("sentences", []):
            if r["a"] and r["b"]:
                facts[st].append({"members": [
                    {"path": a, "char_start": r["a"]["char_start"], "char_end": r["a"]["char_end"]},
                    {"path": b, "char_start": r["b"]["char_start"], "char_end": r["b"]["char_end"]},
                ]})
    for st in {p[0] for p in pairs}:
        with open(os.path.join(out, st + ".json"), "w", encoding="utf-8") as f:
            json.dump({"facts": facts[st]}, f)
    print(f"{len(pairs)} article pairs, {sum(map(len, facts.values()))} sentence pairs",
          file=sys.stderr)
    scorer = os.path.join(data, "score_frame_ecb.py")
    subprocess.run([sys.executable, scorer, data, "--pred", out], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["seeds", "ecb"])
    ap.add_argument("--bin", default="target/release/neardup")
    ap.add_argument("--data", help="the ECB+ development folder (ecb)")
    ap.add_argument("--out", default="ecb-compare", help="output folder (ecb)")
    a = ap.parse_args()
    if a.what == "seeds":
        seeds(a.bin, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    else:
        if not a.data:
            ap.error("ecb needs --data")
        ecb(a.bin, a.data, a.out)


if __name__ == "__main__":
    main()
