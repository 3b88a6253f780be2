#!/bin/sh
# The ingest scenario (docs/PERFORMANCE.md), from a fresh clone:
#   scripts/scenario.sh --feeds 500 --items 50
# Builds tickwire and the scenario in release mode, then runs it; newsboat
# and curl are measured beside it when installed.
set -e
cd "$(dirname "$0")/.."
cargo build --release --bin tickwire --example scenario
target="${CARGO_TARGET_DIR:-target}"
exec "$target/release/examples/scenario" --bin "$target/release/tickwire" "$@"
