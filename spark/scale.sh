#!/usr/bin/env bash
# Scale of the Spark band join in local mode (issue 15).
#
#   spark/scale.sh [SIZES...]            (default: 20000 100000)
#
# For each size N: the release examples/gen_corpus writes N documents,
# split into 4 JSON Lines shards; the release `neardup sketch --format
# parquet` sketches them (timed); spark/neardup_lsh.py runs with
# `--master local[2]` and an event log (timed with /usr/bin/time -v); the
# script prints the shards' bytes per document and the shuffle volume
# (spark/shuffle_report.py). Needs pyspark on PATH (for example the venv
# that spark/equivalence.sh makes: PATH=.venv-spark/bin:$PATH). Work files
# go to $SPARK_SCALE_DIR (default: a temporary directory, kept).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(20000 100000)
work=${SPARK_SCALE_DIR:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release --locked --quiet --bin neardup --example gen_corpus >&2
bin=$root/target/release/neardup
gen=$root/target/release/examples/gen_corpus
for n in "${sizes[@]}"; do
    dir=$work/$n
    mkdir -p "$dir/shards"
    if [ ! -s "$dir/corpus.jsonl" ]; then
        "$gen" --docs "$n" --out "$dir/corpus.jsonl" >/dev/null 2>&1
    fi
    rm -rf "$dir/shards"/* "$dir/sketches" "$dir/out" "$dir/events"
    split -n l/4 -d --additional-suffix=.jsonl "$dir/corpus.jsonl" "$dir/shards/part-"
    mkdir -p "$dir/sketches" "$dir/events"
    t0=$(date +%s.%N)
    for i in 0 1 2 3; do
        "$bin" sketch "$dir/shards/part-0$i.jsonl" --format parquet -o "$dir/sketches/shard-$i" --quiet
    done
    t1=$(date +%s.%N)
    bands=$(du -sb "$dir"/sketches/*/bands | awk '{s += $1} END {print s}')
    documents=$(du -sb "$dir"/sketches/*/documents | awk '{s += $1} END {print s}')
    /usr/bin/time -v spark-submit --master 'local[2]' --driver-memory 4g \
        --conf spark.sql.shuffle.partitions=8 --conf spark.ui.enabled=false \
        --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$dir/events" \
        --conf spark.eventLog.compress=false --conf spark.eventLog.rolling.enabled=false \
        spark/neardup_lsh.py "$dir/out" "$dir"/sketches/shard-* \
        >"$dir/spark.txt" 2>"$dir/spark.log"
    wall=$(grep 'Elapsed (wall clock)' "$dir/spark.log" | awk '{print $NF}')
    user=$(grep 'User time' "$dir/spark.log" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$dir/spark.log" | awk '{print $NF}')
    echo "docs=$n sketch_wall_s=$(echo "$t1 - $t0" | bc) bands_bytes_per_doc=$((bands / n)) documents_bytes_per_doc=$((documents / n)) spark_wall=$wall spark_user_s=$user spark_peak_rss_kb=$rss"
    cat "$dir/spark.txt"
    python3 spark/shuffle_report.py "$dir"/events/* "$n"
done
