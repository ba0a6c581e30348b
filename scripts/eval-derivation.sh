#!/bin/sh
# Evaluate the derivation analysis (issue 11): METER dev, Clough & Stevenson, PAN 2013.
# Run from the repository root, with the data folder beside it:
#     scripts/eval-derivation.sh [DATA]        (DATA defaults to ../shared/data)
# The honest (cross-validated) clause-model figures come from the fitting script:
#     cargo build --release --example derive_features
#     python3 scripts/fit_derivation.py --meter DATA/meter-dev --bin target/release/examples/derive_features \
#         --seeds samples/seeds
set -eu
DATA=${1:-../shared/data}
cargo build --release --locked
python3 "$DATA/meter-dev/score_meter.py" --bin target/release/neardup
python3 scripts/score_clough.py --data "$DATA/clough" --bin target/release/neardup
cargo run --release --locked --example pan -- "$DATA/pan13/pan13-text-alignment-training-corpus-2013-01-21"
