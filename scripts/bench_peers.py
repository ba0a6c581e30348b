#!/usr/bin/env python3
"""Signature throughput of the MinHash peers, next to neardup's, in one run.

Every peer turns each document's text into a 128-value MinHash signature of
its word 5-shingles. Reading the corpus is not timed. The peers get fast
tokens (lower case, ASCII punctuation to spaces, split on whitespace; gaoya
uses its own word analyzer);
neardup uses its Unicode pipeline (examples/sign.rs).

    bench_peers.py CORPUS.jsonl --neardup PATH/TO/sign [--rounds 3] [--threads 1 2]

With --scan PATH/TO/neardup it times end-to-end deduplication instead:
gaoya's (read the JSON Lines, index every document, query every document,
keep the pairs its signatures put at 0.8 or over, union-find) next to
`neardup scan CORPUS --find near-duplicates` (exact Jaccard on every
candidate), each in a fresh process, wall time and peak RSS of the whole
process; then, with --exact PATH/TO/scan_exact, checks the last report
against an exact computation on a sample of documents.

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
import tempfile
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


def e2e_gaoya(path):
    """gaoya's end-to-end dedup of a corpus; prints its pair and cluster counts."""
    import gaoya
    texts = load(path)
    n = len(texts)
    index = gaoya.minhash.MinHashStringIndex(
        hash_size=32, jaccard_threshold=0.8, num_bands=16, band_size=8,
        analyzer="word", lowercase=True, ngram_range=(K, K), id_container="vec")
    step = 20000
    for lo in range(0, n, step):
        index.par_bulk_insert_docs(list(range(lo, min(n, lo + step))), texts[lo:lo + step])
    parent = list(range(n))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = 0
    for lo in range(0, n, step):
        for k, hits in enumerate(index.par_bulk_query(texts[lo:lo + step], return_similarity=True)):
            i = lo + k
            for j, sim in hits:
                if j > i and sim >= 0.8:
                    pairs += 1
                    parent[root(i)] = root(j)
    sizes = {}
    for x in range(n):
        r = root(x)
        sizes[r] = sizes.get(r, 0) + 1
    print(json.dumps({"pairs": pairs, "clusters": sum(1 for c in sizes.values() if c > 1)}))


def scan_round(peer, a, threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    if peer == "gaoya":
        code = ("import sys; sys.path.insert(0, %r); import bench_peers as b; b.e2e_gaoya(%r)"
                % (os.path.dirname(os.path.abspath(__file__)), a.corpus))
        cmd = [sys.executable, "-c", code]
    else:
        cmd = [a.scan, "scan", a.corpus, "--find", "near-duplicates", "--threads", str(threads),
               "--format", "json", "-o", a.report, "--quiet"]
    res = rusage_run(cmd, env)
    res.update(peer=peer, threads=threads)
    return res


def rusage_run(cmd, env):
    """Run `cmd`; its wall seconds and peak RSS in MB (ru_maxrss of the child).
    Its output goes to temporary files, not pipes, so a child that writes
    much cannot block on a full pipe while this waits for it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd[:2])} failed: {err.read().decode(errors='replace')}")
        return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024,
                "stdout": out.read().decode().strip()}


def round_robin(rounds, threads, peers, run):
    """Round 1 of every thread count and peer, then round 2, ...: each
    result of `run(peer, threads)` (None skips it), printed on stderr."""
    runs = []
    for r in range(rounds):
        for t in threads:
            for peer in peers:
                res = run(peer, t)
                if res is None:
                    continue
                res["round"] = r + 1
                runs.append(res)
                print(json.dumps(res), file=sys.stderr)
    return runs


def scan_main(a):
    runs = round_robin(a.rounds, a.threads, ["neardup", "gaoya"],
                       lambda peer, threads: scan_round(peer, a, threads))
    print(f"\nend-to-end near-duplicates of {a.corpus}; median of {a.rounds} rounds, run round-robin\n")
    print("| threads | peer | wall s (median, min–max) | peak RSS MB (max) | neardup / gaoya |")
    print("|---|---|---|---|---|")
    for threads in a.threads:
        med = {}
        for peer in ["neardup", "gaoya"]:
            xs = [x for x in runs if x["peer"] == peer and x["threads"] == threads]
            secs = [x["seconds"] for x in xs]
            med[peer] = (statistics.median(secs), min(secs), max(secs), max(x["rss_mb"] for x in xs))
        for peer, (m, lo, hi, rss) in med.items():
            ratio = ("" if peer == "gaoya" else
                     f"time {m / med['gaoya'][0]:.3f}×, RSS {rss / med['gaoya'][3]:.2f}×")
            print(f"| {threads} | {peer} | {m:.2f} ({lo:.2f}–{hi:.2f}) | {rss:.0f} | {ratio} |")
    if a.exact:
        out = subprocess.run([a.exact, a.corpus, a.report, "2000", "1"], check=True,
                             capture_output=True, text=True)
        print(f"\nexact check of the last neardup report (2,000 sampled documents, seed 1):\n{out.stdout.strip()}")


def ours(binary, corpus, threads):
    out = subprocess.run([binary, corpus, "--threads", str(threads)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--neardup", help="the built examples/sign binary")
    ap.add_argument("--scan", help="time end-to-end dedup with this neardup binary instead")
    ap.add_argument("--exact", help="the built examples/scan_exact binary (with --scan)")
    ap.add_argument("--report", default="target/bench-scan-report.json",
                    help="where --scan writes neardup's report")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--peers", nargs="+", default=list(PEERS))
    a = ap.parse_args()
    if a.scan:
        return scan_main(a)
    if not a.neardup:
        ap.error("--neardup or --scan is required")
    texts = load(a.corpus)
    size = sum(len(t.encode()) for t in texts)
    print(f"corpus: {len(texts):,} documents, {size / 1e6:.1f} MB of text", file=sys.stderr)
    def run(peer, threads):
        if peer == "neardup":
            return ours(a.neardup, a.corpus, threads)
        if peer not in PARALLEL and threads > 1:
            return None
        return one(peer, a.corpus, threads, size)

    runs = round_robin(a.rounds, a.threads, ["neardup"] + a.peers, run)
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
