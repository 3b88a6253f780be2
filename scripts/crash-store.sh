#!/usr/bin/env bash
# SIGKILL the real monitor many times while it writes its store, checking
# after each kill that the database is intact and holds everything the
# process had reported saved. `cargo test` runs 50 rounds; this runs more.
#   scripts/crash-store.sh [ROUNDS]   (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
TICKWIRE_CRASH_ROUNDS="${1:-500}" cargo test --test store sigkill -- --nocapture
