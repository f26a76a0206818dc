#!/usr/bin/env bash
# Builds the benchmarks in release mode and runs them. Figures go to stdout.
#   Benchmarks/run.sh                 all (ingest 200k, latency 1000 scans at 100/s and 1000/s, frames, start-up,
#                                     idle, drain 1M, a 10M-event store: ~15 min, 13 GiB free), then a table
#   Benchmarks/run.sh ingest --events 100000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# SwiftPM caches the source list of a path dependency; re-plan so files added to ../Sources are seen.
rm -f .build/release.yaml .build/release/description.json
# startup/idle/drain/large run the real daemon and CLI: the main package's release build, built as
# `make release` builds them (scripts/release-flags.sh), so that the figures are the shipped binaries'.
mapfile -t release_flags < <(../scripts/release-flags.sh)
case "${1:-all}" in
    all) (cd .. && swift build "${release_flags[@]}" --product edgetraced 2>&1 | grep -E "error|Build complete" || true
          swift build "${release_flags[@]}" --product edgetrace 2>&1 | grep -E "error|Build complete" || true) ;;
    startup|idle|drain) (cd .. && swift build "${release_flags[@]}" --product edgetraced 2>&1 | grep -E "error|Build complete" || true) ;;
    large) (cd .. && swift build "${release_flags[@]}" --product edgetrace 2>&1 | grep -E "error|Build complete" || true) ;;
esac
swift build -c release --product edgetrace-bench 2>&1 | grep -E "error|warning: unre|Compiling EdgeTraceBench|Build complete" || true
exec "$(swift build -c release --show-bin-path)/edgetrace-bench" "$@"
