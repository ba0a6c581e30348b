#!/usr/bin/env bash
# Signature throughput of neardup next to the MinHash peers (datasketch,
# rensa, gaoya at pinned versions), same corpus, one run, round-robin.
#
#   scripts/bench-peers.sh CORPUS.jsonl [ROUNDS] [--peers rensa gaoya] [--threads 1 2]
#   scripts/bench-peers.sh CORPUS.jsonl [ROUNDS] --scan [--threads 2]
#
# The second form times end-to-end deduplication (gaoya against
# `neardup scan --find near-duplicates`, wall and peak RSS) and checks
# neardup's report against an exact computation on 2,000 documents.
#
# CORPUS.jsonl holds one {"id": …, "text": …} per line (for instance the
# output of `cargo run --release --example gen_corpus -- --docs 20000
# --out corpus.jsonl`). Creates a Python venv under target/ on first use;
# needs python3 with venv and network access to PyPI once. Not part of the
# test suite: timings are compared, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/bench-peers.sh CORPUS.jsonl [ROUNDS]}
rounds=${2:-3}
venv=target/bench-peers-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet datasketch==2.0.0 rensa==0.5.0 gaoya==0.2.2 numpy==2.4.6
fi
if [ "${3:-}" = --scan ]; then
  cargo build --release --quiet --bin neardup --example scan_exact
  "$venv/bin/python" scripts/bench_peers.py "$corpus" --scan target/release/neardup \
    --exact target/release/examples/scan_exact --rounds "$rounds" "${@:4}"
else
  cargo build --release --quiet --example sign
  "$venv/bin/python" scripts/bench_peers.py "$corpus" --neardup target/release/examples/sign --rounds "$rounds" "${@:3}"
fi
