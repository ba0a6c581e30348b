#!/usr/bin/env bash
# Scale check of `neardup scan` on generated corpora with planted reuse.
#
#   scripts/scan-scale.sh [SIZES...]      (default: 10000 100000)
#
# For each size N: examples/gen_corpus writes N documents as JSON Lines with
# its ground truth, `neardup scan --format json` runs under /usr/bin/time -v,
# and scripts/scan_check.py prints recall of planted near-duplicate pairs at
# or over the threshold (must be >= 0.99), precision of the reported pairs
# (must be 1.0) and recall of lifted paragraphs as copied pairs. Wall time
# and peak RSS come from /usr/bin/time. Work files go to $SCAN_SCALE_DIR
# (default: a temporary directory); set THREADS to pass --threads.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
work=${SCAN_SCALE_DIR:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release --bin neardup --example gen_corpus >&2
bin=target/release/neardup
gen=target/release/examples/gen_corpus
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
status=0
for n in "${sizes[@]}"; do
    corpus="$work/corpus-$n.jsonl"
    truth="$work/truth-$n.jsonl"
    if [ ! -s "$corpus" ]; then
        "$gen" --docs "$n" --out "$corpus" --truth "$truth" >&2
    fi
    report="$work/report-$n.json"
    /usr/bin/time -v "$bin" scan --quiet --format json "${threads[@]}" "$corpus" \
        -o "$report" 2> "$work/time-$n.txt" || [ $? -eq 1 ]
    wall=$(grep 'Elapsed (wall clock)' "$work/time-$n.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$work/time-$n.txt" | awk '{print $NF}')
    echo "docs=$n wall=$wall peak_rss_kb=$rss"
    python3 scripts/scan_check.py "$report" "$truth" || status=1
done
exit $status
