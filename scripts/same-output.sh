#!/usr/bin/env bash
# Compare two neardup builds on a pairs list: byte-identical JSON Lines per
# pair (the summary line each build may end with is left out), and the
# whole-process time and peak memory of each.
#
#   scripts/same-output.sh OLD_BIN NEW_BIN PAIRS.tsv
set -euo pipefail
old=$1 new=$2 pairs=$3
out=$(mktemp -d)
for b in old new; do
  bin=${!b}
  /usr/bin/time -f "$b: %e s wall, %U s user, %M KB peak" \
    "$bin" compare --pairs "$pairs" --format jsonl >"$out/$b.jsonl"
  grep -v '^{"summary":' "$out/$b.jsonl" >"$out/$b.pairs" || true
done
if cmp -s "$out/old.pairs" "$out/new.pairs"; then
  echo "identical: $(wc -l <"$out/new.pairs") pairs"
else
  echo "DIFFERENT: diff $out/old.pairs $out/new.pairs"
  exit 1
fi
