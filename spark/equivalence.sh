#!/usr/bin/env bash
# The Spark band join gives the same report as a local scan (issue 15).
#
#   spark/equivalence.sh [DOCS]          (default 20000)
#
# 1. Java 17 or later (Debian's openjdk-17-jre-headless through apt-get when
#    `java` is missing) and pyspark (PyPI, pinned, in a venv kept at
#    $NEARDUP_SPARK_VENV, default .venv-spark/, ignored by git, so later runs
#    reuse it). Where they cannot be installed (no apt-get, not root, no
#    network) the check is skipped with a loud warning and exit 0; set
#    NEARDUP_SPARK_REQUIRED=1 to make that a failure instead.
# 2. examples/gen_corpus writes DOCS documents as JSON Lines, split into 4
#    shards; `neardup sketch --format parquet` sketches each shard into its
#    own directory, as four machines would.
# 3. spark/neardup_lsh.py runs on them with `spark-submit --master local[2]`.
# 4. `neardup scan SHARDS... --candidates OUT` must print the same JSON
#    report, byte for byte, as `neardup scan SHARDS...` (clusters first,
#    then everything else).
# 5. The same on 2,000 of the documents with a bucket cap of 2, so that
#    buckets are capped: `--max-bucket 2` on both sides.
# 6. A shard sketched with another seed is refused, naming it.
# Steps that do not wait on each other run alongside; the script prints the
# time each step starts.
#
# Work files go to $SPARK_EQ_DIR (default: a temporary directory, removed).
# Uses the debug binaries that `cargo test` builds (built here if missing).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
docs=${1:-20000}
pyspark_version=${PYSPARK_VERSION:-4.3.0}
venv=${NEARDUP_SPARK_VENV:-$root/.venv-spark}
started=$(date +%s)

skip() {
    {
        echo
        echo "############################################################"
        echo "## WARNING: Spark equivalence check SKIPPED"
        echo "## $1"
        echo "## The Spark band join was NOT compared with a local scan."
        echo "############################################################"
        echo
    } >&2
    if [ "${NEARDUP_SPARK_REQUIRED:-0}" = 1 ]; then
        echo "NEARDUP_SPARK_REQUIRED=1: failing instead" >&2
        exit 1
    fi
    exit 0
}

step() {
    echo "== $(( $(date +%s) - started ))s: $*" >&2
}

java_major() {
    java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

# 1. Java and pyspark.
if ! command -v java >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        step "installing openjdk-17-jre-headless"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq openjdk-17-jre-headless >/dev/null; } \
            || skip "java is missing and apt-get could not install openjdk-17-jre-headless"
    else
        skip "java is missing and cannot be installed here (needs apt-get as root)"
    fi
fi
major=$(java_major)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    skip "Spark 4 needs Java 17 or later; found: $(java -version 2>&1 | head -1)"
fi
if ! "$venv/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
    step "installing pyspark $pyspark_version into $venv"
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q "pyspark==$pyspark_version"; } \
        || skip "cannot install pyspark $pyspark_version from PyPI into $venv"
fi
export PATH="$venv/bin:$PATH"

# 2. Corpus, shards, sketches.
cargo build --locked --quiet --bin neardup --example gen_corpus
bin=$root/target/debug/neardup
gen=$root/target/debug/examples/gen_corpus
pids=()
scratch=
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -n "$scratch" ]; then rm -rf "$scratch"; fi
}
trap cleanup EXIT
if [ -n "${SPARK_EQ_DIR:-}" ]; then
    work=$SPARK_EQ_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d)
    scratch=$work
fi
cd "$work"
rm -rf shards sketches out out-cap2 out-refused ./*.json small.jsonl
step "generating $docs documents"
"$gen" --docs "$docs" --out corpus.jsonl >/dev/null 2>&1
mkdir shards sketches
split -n l/4 -d --additional-suffix=.jsonl corpus.jsonl shards/part-
inputs=(shards/part-00.jsonl shards/part-01.jsonl shards/part-02.jsonl shards/part-03.jsonl)
head -n 2000 "${inputs[0]}" > small.jsonl
# Work that does not wait on anything runs alongside (the scans and the
# Spark job in local mode each leave a core idle part of the time).
background() {
    "$@" &
    pids+=($!)
}
# Wait for the background work; exit status 1 (findings) is success.
wait_all() {
    local pid
    for pid in "${pids[@]}"; do
        wait "$pid" || [ $? -eq 1 ] || { echo "FAILED: a neardup run failed" >&2; exit 1; }
    done
    pids=()
}
step "sketching 4 shards to Parquet (and 2,000 documents twice, the second with --seed 5)"
for i in 0 1 2 3; do
    background "$bin" sketch "${inputs[$i]}" --format parquet -o "sketches/shard-$i" --quiet
done
background "$bin" sketch small.jsonl --format parquet -o sketches/small --quiet
background "$bin" sketch small.jsonl --format parquet --seed 5 -o sketches/seed5 --quiet
wait_all

spark() {
    local out=$1
    shift
    if ! spark-submit --master 'local[2]' \
        --conf spark.sql.shuffle.partitions=4 --conf spark.ui.enabled=false \
        --driver-memory 2g \
        "$root/spark/neardup_lsh.py" "$out" "$@" >"$out.txt" 2>"$out.log"; then
        grep -v ' INFO ' "$out.log" | tail -30 >&2
        tail -10 "$out.txt" >&2
        echo "spark/neardup_lsh.py failed (log above)" >&2
        exit 1
    fi
}

# Same JSON report, or a message saying where they differ.
same() {
    local local_report=$1 spark_report=$2
    if cmp -s "$local_report" "$spark_report"; then
        return 0
    fi
    python3 - "$local_report" "$spark_report" >&2 <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def groups(r):
    return sorted(tuple(sorted(m["id"] for m in c["members"])) for c in r["clusters"])
ga, gb = groups(a), groups(b)
if ga != gb:
    print(f"clusters differ: {len(ga)} local, {len(gb)} with --candidates")
    for g in sorted(set(ga) ^ set(gb))[:10]:
        print("  only", "local:" if g in ga else "spark:", " ".join(g))
for key in ("stats", "params", "copied", "boilerplate", "failures"):
    if a.get(key) != b.get(key):
        print(f"{key} differ")
EOF
    echo "FAILED: $spark_report differs from the local scan $local_report" >&2
    exit 1
}

# 3-4. The band join on Spark, then verification, against a local scan.
step "spark-submit --master local[2] spark/neardup_lsh.py (4 shards); local scans meanwhile"
background "$bin" scan "${inputs[@]}" --format json --quiet -o local.json
background "$bin" scan small.jsonl --max-bucket 2 --format json --quiet -o local-cap2.json
spark out sketches/shard-0 sketches/shard-1 sketches/shard-2 sketches/shard-3
cat out.txt >&2
wait_all
step "neardup scan --candidates out; Spark with --max-bucket 2 on 2,000 documents meanwhile"
background "$bin" scan "${inputs[@]}" --candidates out --format json --quiet -o spark.json

# 5. A cap of 2 on 2,000 of the documents: buckets of 3 or more become
# stars on both sides.
spark out-cap2 --max-bucket 2 sketches/small
cat out-cap2.txt >&2
"$bin" scan small.jsonl --candidates out-cap2 --format json --quiet -o spark-cap2.json \
    || [ $? -eq 1 ]

# 6. A shard sketched with other parameters is refused, by name.
step "a shard with another seed is refused"
if spark-submit --master 'local[2]' --conf spark.ui.enabled=false \
    "$root/spark/neardup_lsh.py" out-refused sketches/small sketches/seed5 \
    >refused.txt 2>refused.log; then
    echo "FAILED: shards with different seeds were accepted" >&2
    exit 1
fi
named='seed5/params\.json.*made with other parameters.*params\.seed'
named="$named|made with other parameters than .*seed5/params\.json.*params\.seed"
# (spark-submit sends the Python driver's standard error to standard output.)
if ! grep -Eq "$named" refused.txt refused.log; then
    tail -5 refused.txt >&2
    echo "FAILED: the refusal does not name the shard and the parameter" >&2
    exit 1
fi

wait_all
same local.json spark.json
clusters=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["clusters"]))' local.json)
same local-cap2.json spark-cap2.json
capped=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["capped_buckets"])' local-cap2.json)
if [ "$capped" -eq 0 ]; then
    echo "FAILED: no bucket was capped at --max-bucket 2; the cap was not exercised" >&2
    exit 1
fi

step "OK: $docs documents, $clusters clusters, reports identical; at cap 2 ($capped buckets capped) too"
