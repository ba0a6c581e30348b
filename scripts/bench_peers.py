#!/usr/bin/env python3
"""Signature throughput of the MinHash peers, next to neardup's, in one run.

Every peer turns each document's text into a 128-value MinHash signature of
its word 5-shingles. Reading the corpus is not timed. The peers get fast
tokens (lower case, ASCII punctuation to spaces, split on whitespace; gaoya
uses its own word analyzer);
neardup uses its Unicode pipeline (examples/sign.rs).

    bench_peers.py CORPUS.jsonl --neardup PATH/TO/sign [--rounds 3] [--threads 1 2]

Rounds run round-robin (round 1 of every peer and thread count, then
round 2, ...), so a noisy spell hits every peer alike. Prints the raw runs
as JSON lines on stderr and a table of medians and ratios on stdout.
"""
import argparse
import json
import os
import statistics
import string
import subprocess
import sys
import time

NUM_PERM, K, SEED = 128, 5, 1
# ASCII punctuation to spaces, then split: C-speed tokens for the peers.
PUNCT = str.maketrans({c: " " for c in string.punctuation})


def load(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
    return texts


def shingle_sets(texts):
    for t in texts:
        w = t.lower().translate(PUNCT).split()
        yield [" ".join(w[i:i + K]) for i in range(max(0, len(w) - K + 1))] or [" ".join(w)]


def run_datasketch(texts):
    from datasketch import MinHash
    proto = MinHash(num_perm=NUM_PERM, seed=SEED)
    for s in shingle_sets(texts):
        m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=proto.permutations, scheme=proto.scheme)
        m.update_batch([x.encode() for x in s])
        m.digest()


def run_rensa(texts):
    import rensa
    batch = 1000
    for i in range(0, len(texts), batch):
        sets = list(shingle_sets(texts[i:i + batch]))
        rensa.RMinHash.digest_matrix_from_token_sets(sets, NUM_PERM, SEED)


def run_gaoya(texts):
    import gaoya
    index = gaoya.minhash.MinHashStringIndex(
        hash_size=32, jaccard_threshold=0.8, num_bands=16, band_size=8,
        analyzer="word", lowercase=True, ngram_range=(K, K))
    batch = 10000
    for i in range(0, len(texts), batch):
        index.minhash_index.bulk_hash_docs(texts[i:i + batch])


PEERS = {"datasketch": run_datasketch, "rensa": run_rensa, "gaoya": run_gaoya}
# The Rust peers parallelise with rayon; datasketch is single-threaded.
PARALLEL = {"rensa", "gaoya"}


def one(peer, corpus, threads, texts_bytes):
    """One timed run in a fresh process (so thread counts apply)."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    code = (
        "import sys, time, json; sys.path.insert(0, %r); import bench_peers as b; "
        "t = b.load(%r); s = time.perf_counter(); b.PEERS[%r](t); "
        "print(time.perf_counter() - s)" % (os.path.dirname(os.path.abspath(__file__)), corpus, peer)
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True)
    seconds = float(out.stdout.strip().splitlines()[-1])
    return {"peer": peer, "threads": threads, "seconds": seconds, "mb_s": texts_bytes / seconds / 1e6}


def ours(binary, corpus, threads):
    out = subprocess.run([binary, corpus, "--threads", str(threads)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--neardup", required=True, help="the built examples/sign binary")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--peers", nargs="+", default=list(PEERS))
    a = ap.parse_args()
    texts = load(a.corpus)
    size = sum(len(t.encode()) for t in texts)
    print(f"corpus: {len(texts):,} documents, {size / 1e6:.1f} MB of text", file=sys.stderr)
    runs = []
    for r in range(a.rounds):
        for threads in a.threads:
            for peer in ["neardup"] + a.peers:
                if peer not in PARALLEL and peer != "neardup" and threads > 1:
                    continue
                res = ours(a.neardup, a.corpus, threads) if peer == "neardup" else one(peer, a.corpus, threads, size)
                res["round"] = r + 1
                runs.append(res)
                print(json.dumps(res), file=sys.stderr)
    print(f"\n{len(texts):,} documents, {size / 1e6:.1f} MB; median of {a.rounds} rounds, run round-robin\n")
    print("| threads | peer | MB/s (median, min–max) | neardup / peer |")
    print("|---|---|---|---|")
    for threads in a.threads:
        med = {}
        for peer in ["neardup"] + a.peers:
            xs = [x["mb_s"] for x in runs if x["peer"] == peer and x["threads"] == threads]
            if xs:
                med[peer] = (statistics.median(xs), min(xs), max(xs))
        for peer, (m, lo, hi) in med.items():
            ratio = "" if peer == "neardup" else f"{med['neardup'][0] / m:.2f}×"
            print(f"| {threads} | {peer} | {m:.1f} ({lo:.1f}–{hi:.1f}) | {ratio} |")


if __name__ == "__main__":
    main()
