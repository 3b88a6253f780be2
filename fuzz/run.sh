#!/usr/bin/env bash
# Run every fuzz target (or the TARGETs named) for SECONDS each (default
# 60), one after the other; not part of CI. Needs cargo-fuzz
# (`cargo install cargo-fuzz`); builds with the stable toolchain's unstable
# flags (RUSTC_BOOTSTRAP=1), no nightly. Crashes, hangs and runaway
# allocations land in artifacts/TARGET; each target's corpus is merged to a
# minimal cover and cut to its KEEP (default 150) smallest inputs, so the
# repository stays small; one summary line per target goes to
# logs/summary.txt. FUZZ_TARGET_DIR overrides the build directory.
#
#   fuzz/run.sh 90            every target, 90 s each
#   fuzz/run.sh 120 feed opml two of them
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
keep=${KEEP:-150}
export RUSTC_BOOTSTRAP=1
target_dir=${FUZZ_TARGET_DIR:-target}
# No sanitizer: the code is safe Rust; more executions find more.
cargo fuzz build -s none --target-dir "$target_dir"
bin="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
mkdir -p logs
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    fresh=$(mktemp -d)
    merged=$(mktemp -d)
    # Seeds: the kept corpus and the project's own fixtures, read only.
    "$bin/$target" "$fresh" "corpus/$target" ../tests/fixtures \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=512 \
        -max_len=65536 -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
        > "logs/$target.log" 2>&1 || true
    "$bin/$target" -set_cover_merge=1 "$merged" "corpus/$target" "$fresh" \
        > "logs/$target.merge.log" 2>&1 || true
    rm -rf "corpus/$target" && mkdir "corpus/$target"
    find "$merged" -type f -printf '%s %p\n' | sort -n | sed -n "1,${keep}p" | cut -d' ' -f2- |
        xargs -r cp -t "corpus/$target"
    rm -rf "$fresh" "$merged"
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$target.log" | tail -1 || true)
    findings=$(find "artifacts/$target" -type f | wc -l)
    echo "$target: ${runs:-stopped early (see logs/$target.log)}, findings $findings," \
        "corpus $(find "corpus/$target" -type f | wc -l)" | tee -a logs/summary.txt

done
