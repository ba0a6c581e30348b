#!/usr/bin/env python3
"""Check a `neardup scan --format json` report against gen_corpus ground truth.

Usage: scan_check.py REPORT.json TRUTH.jsonl [--threshold T]

Recall: planted near-duplicate pairs whose exact Jaccard is at or above the
threshold that end up in the same cluster. Precision: reported verified pairs
whose Jaccard is at or above the threshold (exact verification makes it 1.0
by construction; a reported pair the truth does not list is checked by its
own exact Jaccard). Also reports the recall of lifted paragraphs as copied
pairs (any direction, a cluster standing for its members) and of planted
boilerplate (page lines and tail sentences held by at least
`boilerplate_min_docs` documents), with the number of other boilerplate
items reported (sentences the generator's templates happen to repeat in
different contexts). Prints one JSON
object; exits 1 when near-duplicate recall < 0.99 or precision < 1.0.
"""
import json
import sys


def main():
    args = sys.argv[1:]
    threshold = 0.8
    if "--threshold" in args:
        i = args.index("--threshold")
        threshold = float(args[i + 1])
        del args[i : i + 2]
    report_path, truth_path = args
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    threshold = report["params"]["threshold"]
    near, lifted, planted = {}, set(), set()
    min_docs = report["params"]["boilerplate_min_docs"]
    with open(truth_path, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            if t["kind"] == "near_duplicate":
                near[(t["a"], t["b"])] = t["jaccard"]
            elif t["kind"] == "lifted_paragraph":
                lifted.add((t["a"], t["b"]))
            elif t["kind"] == "boilerplate" and t["documents"] >= min_docs:
                planted.add(" ".join(t["line"].split()).lower())
    cluster_of, rep_of = {}, {}
    reported = []
    for c in report["clusters"]:
        for m in c["members"]:
            cluster_of[m["id"]] = c["id"]
            rep_of[m["id"]] = c["representative"]
        for p in c["pairs"]:
            reported.append((p["a"], p["b"], p["jaccard"]))
    wanted = [k for k, j in near.items() if j >= threshold]
    found = [
        k for k in wanted
        if k[0] in cluster_of and cluster_of.get(k[0]) == cluster_of.get(k[1])
    ]
    correct = sum(1 for a, b, j in reported if j >= threshold - 1e-4)
    copied = set()
    for c in report["copied"]:
        copied.add((c["a"], c["b"]))
        copied.add((c["b"], c["a"]))
    lifted_found = sum(
        1 for a, b in lifted if (rep_of.get(a, a), rep_of.get(b, b)) in copied
    )
    found_bp = {b["line"].lower() for b in report["boilerplate"]}
    out = {
        "documents": report["stats"]["documents"],
        "threshold": threshold,
        "planted_pairs_at_or_over_threshold": len(wanted),
        "found": len(found),
        "recall": round(len(found) / len(wanted), 4) if wanted else 1.0,
        "reported_pairs": len(reported),
        "precision": round(correct / len(reported), 4) if reported else 1.0,
        "lifted_paragraphs": len(lifted),
        "lifted_found": lifted_found,
        "lifted_recall": round(lifted_found / len(lifted), 4) if lifted else 1.0,
        "clusters": len(report["clusters"]),
        "copied_pairs": len(report["copied"]),
        "boilerplate_items": len(report["boilerplate"]),
        "planted_boilerplate": len(planted),
        "planted_boilerplate_found": len(planted & found_bp),
        "other_boilerplate": len(found_bp - planted),
    }
    print(json.dumps(out))
    ok = out["recall"] >= 0.99 and out["precision"] >= 1.0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
