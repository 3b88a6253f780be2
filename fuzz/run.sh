#!/usr/bin/env bash
# Run every fuzz target (or the TARGETs named) for SECONDS each (default
# 60), one after the other;
# not part of CI. Needs cargo-fuzz (`cargo install cargo-fuzz`); builds with
# the stable toolchain's unstable flags (RUSTC_BOOTSTRAP=1), no nightly.
# New inputs go to corpus/TARGET (minimized afterwards), crashes, hangs and
# runaway allocations to artifacts/TARGET; one summary line per target goes
# to logs/summary.txt. FUZZ_TARGET_DIR overrides the build directory.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
export RUSTC_BOOTSTRAP=1
target_dir=${FUZZ_TARGET_DIR:-target}
# No sanitizer: the code is safe Rust; more executions find more.
cargo fuzz build -s none --target-dir "$target_dir"
bin="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"
mkdir -p logs
for target in ${@:-$(cargo fuzz list)}; do
    mkdir -p "corpus/$target" "artifacts/$target" "fresh/$target"
    # Seeds: the kept corpus and the project's own fixtures, read only;
    # new inputs land in fresh/, merged (minimized) into corpus/ after.
    "$bin/$target" "fresh/$target" "corpus/$target" ../tests/fixtures \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=512 \
        -max_len=65536 -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
        > "logs/$target.log" 2>&1 || true
    "$bin/$target" -merge=1 "corpus/$target" "fresh/$target" > "logs/$target.merge.log" 2>&1 || true
    rm -rf "fresh/$target"
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$target.log" | tail -1 || true)
    findings=$(find "artifacts/$target" -type f | wc -l)
    kept=$(find "corpus/$target" -type f | wc -l)
    echo "$target: ${runs:-no summary (see logs/$target.log)}, findings $findings, corpus $kept" |
        tee -a logs/summary.txt
done
