#!/usr/bin/env python3
"""Documents for timing `neardup scan NEW --against corpus.db`, and a check
that the answer equals a full scan's.

Usage:
    index_bench.py new CORPUS.jsonl NEW.jsonl
        100 "new" documents: 50 documents of the corpus with small edits
        (three words replaced, one line added) and 50 unrelated ones (the
        words of other documents shuffled), all under fresh ids `new/...`.
    index_bench.py compare FULL.json AGAINST.json
        Compare the verified near-duplicate pairs and the copied pairs that
        involve a `new/` document in a full scan (`neardup scan CORPUS NEW
        --format json`) and in a check against the index (`neardup scan NEW
        --against corpus.db --format json`); exit 1 when they differ.
"""
import json
import random
import sys


def make_new(corpus, out):
    rng = random.Random(12)
    picked, pool = [], []
    with open(corpus) as f:
        for i, line in enumerate(f):
            if i % 1600 == 7 and len(picked) < 50:
                picked.append(json.loads(line))
            elif i % 1600 == 800 and len(pool) < 50:
                pool.append(json.loads(line))
    with open(out, "w") as o:
        for k, d in enumerate(picked):
            lines = d["text"].split("\n")
            for _ in range(3):
                j = rng.randrange(len(lines))
                w = lines[j].split(" ")
                w[rng.randrange(len(w))] = "edited"
                lines[j] = " ".join(w)
            lines.insert(rng.randrange(len(lines) + 1), "A line added in the new version.")
            o.write(json.dumps({"id": f"new/edit-{k:02}", "text": "\n".join(lines)}) + "\n")
        for k, d in enumerate(pool):
            w = d["text"].split()
            rng.shuffle(w)
            text = "\n".join(" ".join(w[i:i + 12]) for i in range(0, len(w), 12))
            o.write(json.dumps({"id": f"new/other-{k:02}", "text": text}) + "\n")


def new(i):
    return i.startswith("new/")


def pairs(r):
    return sorted((p["a"], p["b"], p["jaccard"]) for c in r["clusters"]
                  for p in c["pairs"] if new(p["a"]) or new(p["b"]))


def copied(r):
    return sorted((c["a"], c["b"], c["score"], json.dumps(c["passages"], sort_keys=True))
                  for c in r["copied"] if new(c["a"]) or new(c["b"]))


def compare(full_path, against_path):
    full, against = json.load(open(full_path)), json.load(open(against_path))
    same = True
    for name, f in [("verified pairs", pairs), ("copied pairs", copied)]:
        a, b = f(full), f(against)
        print(f"{name} involving new documents: full scan {len(a)}, against the index {len(b)}, "
              f"{'equal' if a == b else 'DIFFERENT'}")
        same = same and a == b
    return 0 if same else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "new":
        make_new(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
