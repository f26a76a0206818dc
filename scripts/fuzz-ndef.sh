#!/usr/bin/env bash
# libFuzzer run of the NFC Type 2 / NDEF parser (capability container, TLVs, NDEF records).
#   scripts/fuzz-ndef.sh [SECONDS]      default 60; crashes are written to .build/fuzz-ndef/crash-*
# The parser files are compiled on their own with -sanitize=fuzzer,address (no SwiftPM target: the
# sanitizer must not reach the normal build). The seed corpus is Fuzz/NDEF/corpus; new inputs libFuzzer
# finds go to .build/fuzz-ndef/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out=.build/fuzz-ndef
mkdir -p "$out/corpus"
swiftc -sanitize=fuzzer,address -parse-as-library -g -O \
    Sources/TraceModel/NFC/*.swift Sources/TraceModel/Event/NDEFRecordData.swift Fuzz/NDEF/*.swift \
    -o "$out/fuzz-ndef"
cp -n Fuzz/NDEF/corpus/* "$out/corpus/" 2>/dev/null || true
"$out/fuzz-ndef" -max_total_time="$seconds" -max_len=1024 -artifact_prefix="$out/" "$out/corpus"
