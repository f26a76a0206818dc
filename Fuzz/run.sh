#!/usr/bin/env bash
# Builds the libFuzzer targets (release, -sanitize=fuzzer,address) and runs each for SECONDS (default 20).
# Usage: Fuzz/run.sh [SECONDS] [TARGET...]     targets: gs1 framing config ndef platform (default: all)
# Seeds are read from Fixtures/fuzz/TARGET; new inputs go to .build-fuzz-corpus/TARGET (not committed);
# a crash leaves its input in .build-fuzz-artifacts/ and fails the run. Copy an input worth keeping
# into Fixtures/fuzz/TARGET by hand.
set -euo pipefail
cd "$(dirname "$0")"
ci=0
if [ "${1:-}" = "--ci" ]; then ci=1; shift; fi
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(gs1 framing config ndef platform)
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld)
swift build "${flags[@]}" 2>&1 | grep -v "Cannot export local symbol" | tail -n 3
bin="$(swift build "${flags[@]}" --show-bin-path)"
mkdir -p .build-fuzz-artifacts
status=0
for t in "${targets[@]}"; do
    corpus=".build-fuzz-corpus/$t"
    mkdir -p "$corpus"
    # TOMLKit's C++ bridge leaks a few bytes per parse (TOMLTable.string, tableGetKeys): not ours to fix,
    # and a config is parsed once per start or reload; leak detection stays on for the other targets.
    leaks=1; [ "$t" = config ] && leaks=0
    budget=(-max_total_time="$seconds")
    if [ $ci = 1 ]; then
        case "$t" in gs1) runs=400000 ;; framing) runs=200000 ;; config) runs=12000 ;; platform) runs=300000 ;; *) runs=400000 ;; esac
        budget=(-seed=1 -runs=$runs)
    fi
    echo "fuzz-$t: ${budget[*]}"
    if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=$leaks "$bin/fuzz-$t" -detect_leaks=$leaks "${budget[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix=".build-fuzz-artifacts/$t-" "$corpus" "../Fixtures/fuzz/$t" > ".build-fuzz-artifacts/$t.log" 2>&1; then
        echo "fuzz-$t FAILED: see Fuzz/.build-fuzz-artifacts/$t.log and the crash input beside it" >&2
        tail -n 40 ".build-fuzz-artifacts/$t.log" >&2
        status=1
    fi
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" ".build-fuzz-artifacts/$t.log" | tr '\n' ' '; echo
done
exit $status
