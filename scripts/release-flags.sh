#!/usr/bin/env bash
# Prints the `swift build` flags of the release binaries, one per line. The Makefile, scripts/build-deb.sh
# and Benchmarks/run.sh all build with them, so that what is benchmarked is what ships.
#
# - `--static-swift-stdlib`: the Swift runtime inside; the gateway needs no Swift toolchain.
# - lld (from the Swift toolchain) and `--no-export-dynamic`: the runtime's link arguments export every
#   symbol of a static-stdlib executable (280k of them, 5 MB of symbol tables). ld.so then looks through
#   them at start-up and at each lazy binding, and those pages stay resident; nothing in these
#   executables looks symbols up by name. Start-up to READY=1 30 → 26 ms, idle RSS 42 → 36 MiB.
# - `-z pack-relative-relocs` (DT_RELR) where glibc is 2.36 or newer (it refuses such binaries before):
#   the 134k relative relocations take 26 KB instead of 3.2 MB, read once at start-up and then resident
#   (idle RSS 36 → 31 MiB). Binaries built here then need glibc ≥ 2.36 (Debian 12, Ubuntu 22.10).
# - `--symbol-ordering-file Packaging/edgetraced.order`: the functions edgetraced runs, placed together
#   (scripts/symbol-order.sh writes the list and says why). EDGETRACE_NO_SYMBOL_ORDER=1 leaves it out.
# - `-function-sections` (Swift) and `-ffunction-sections` (C): each function in a section of its own, which
#   is what lld orders. Without them a Swift object has one section per source file, so listing one function
#   of a file moved the whole file: the list's order was lost in 13 MB of whole files (idle RSS 26.0 → 24.6 MiB).
#   swiftc skips code generation when a file's IR is unchanged (.swift_modhash), so objects built without the
#   flag stay so: after changing these flags, delete .build/*/release/*.build/*.swift.o once.
# - `Packaging/unnamed-functions.ld`: the functions Swift emits without a symbol (class destroyers, key-path
#   accessors), which an ordering file cannot name, placed together before the ordered code (23.3 → 21.7 MiB).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
flags=(-c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic
       -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections)
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [[ -n "$glibc" ]] && printf '2.36\n%s\n' "$glibc" | sort -C -V; then
    flags+=(-Xlinker -z -Xlinker pack-relative-relocs)
fi
if [[ -z "${EDGETRACE_NO_SYMBOL_ORDER:-}" && -f "$root/Packaging/edgetraced.order" ]]; then
    flags+=(-Xlinker "--symbol-ordering-file=$root/Packaging/edgetraced.order" -Xlinker --no-warn-symbol-ordering)
fi
flags+=(-Xlinker -T -Xlinker "$root/Packaging/unnamed-functions.ld")
printf '%s\n' "${flags[@]}"
