#!/usr/bin/env bash
# Peer check against feedparser (not part of `cargo test`): fetches
# feedparser's source distribution from PyPI, builds tickwire, and compares
# both parsers' entry titles on feedparser's own test corpus, served from
# 127.0.0.1. Usage: scripts/peer-feedparser.sh [WORK_DIR]
set -euo pipefail

version=6.0.14
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
work="${1:-${TMPDIR:-/tmp}/tickwire-peer}"
mkdir -p "$work"

if [ ! -d "$work/feedparser-$version/tests" ]; then
    python3 -m pip download --quiet --no-deps --no-binary :all: \
        "feedparser==$version" -d "$work"
    tar -xzf "$work/feedparser-$version.tar.gz" -C "$work"
fi
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet "$work/feedparser-$version.tar.gz"
fi

(cd "$repo" && cargo build --quiet --bin tickwire)
target="${CARGO_TARGET_DIR:-$repo/target}"
"$work/venv/bin/python" "$here/peer_feedparser.py" \
    "$target/debug/tickwire" "$work/feedparser-$version/tests"
