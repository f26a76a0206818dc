#!/usr/bin/env bash
# Writes Packaging/edgetraced.order: the functions edgetraced runs, for the linker (scripts/release-flags.sh
# passes it to lld as --symbol-ordering-file): first those of start-up and an idle station, then the others;
# within each group, most instructions first.
#
# Why: the kernel maps 64 KiB of an executable around each page that runs (fault-around). Scattered over
# the binary's 29 MB of code, the functions a station runs made 13-17 MB of it resident; placed together
# they take a few megabytes (drain peak RSS 35.5 -> 29.9 MiB, idle 31.5 -> 27.6 MiB). Ordered by cost alone,
# the functions an idle station runs once (start-up, a sample, a watchdog ping) were spread over the 14 MB
# of everything the profile ran, and fault-around made all of it resident; linked first, they stay together.
#
# How: edgetraced runs under valgrind's callgrind through `edgetrace-bench order-profile` (start-up, a
# backlog drained in full batches, scans good and bad through a handshaking serial scanner, Modbus sensor
# samples, status, a clean stop), after a first daemon that starts and idles as the idle benchmark's does;
# every function they executed is listed, those of the idle daemon first, each group by self cost. Only the order of
# functions changes, never what is linked: a stale list costs memory, not correctness. Run it again after
# large changes: scripts/symbol-order.sh (a few minutes; installs valgrind if missing).
#
# Functions that live in a large section go last, whichever group they are in: the toolchain's static
# libraries were not compiled with function sections (the Swift standard library is one 1.6 MB section,
# _RegexParser 475 KB), and naming one function moves its whole section. A value witness such as `$sSqwxx`
# is a local symbol of every object that uses it, so naming it moved _RegexParser and _StringProcessing
# (860 KB) into the idle code. The link map of the profiled build gives each symbol's section size.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v valgrind >/dev/null || { sudo -n true 2>/dev/null && s=sudo || s=; $s apt-get install -y valgrind; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t flags < <(EDGETRACE_NO_SYMBOL_ORDER=1 scripts/release-flags.sh)
bin=$(swift build "${flags[@]}" --show-bin-path)
rm -f "$bin/edgetraced"  # linked again, so that the map is written
swift build "${flags[@]}" -Xlinker "-Map=$work/edgetraced.map" --product edgetraced
mkdir -p "$work/bin" "$work/cg"
# valgrind reads all debug information first; without it, start-up takes seconds instead of minutes.
strip --strip-debug -o "$work/edgetraced" "$bin/edgetraced"
cat > "$work/bin/edgetraced" <<WRAP
#!/bin/sh
exec valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg/\${EDGETRACE_PROFILE_PHASE:-busy}.%p" "$work/edgetraced" "\$@"
WRAP
chmod +x "$work/bin/edgetraced"
(cd Benchmarks && swift build -c release --product edgetrace-bench \
    && EDGETRACE_BIN_DIR="$work/bin" "$(swift build -c release --show-bin-path)/edgetrace-bench" order-profile)
python3 - "$work/edgetraced.map" "$work"/cg/idle.* -- "$work"/cg/busy.* > Packaging/edgetraced.order <<'PY'
import collections, re, sys
# Self cost of every function of the edgetraced object, from callgrind's output format
# (name compression: "(id) name" defines an id, "(id)" refers to it; the line after calls= is a call's
# inclusive cost and is skipped). The profiles before "--" (the idle daemon) come first.
def costs(paths):
    cost = collections.Counter()
    for path in paths:
        names, objects = {}, {}
        ob = cob = fn = None
        skip = False
        for line in open(path, errors="replace"):
            line = line.rstrip("\n")
            m = re.match(r"(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line)
            if m:
                key, ident, name = m.groups()
                table = objects if key.endswith("ob") else names
                if name is not None:
                    table[ident] = name
                value = table.get(ident)
                if key == "ob": ob = value
                elif key == "cob": cob = value
                elif key == "fn": fn = (ob, value); cost[fn] += 0
                else: cost[(cob or ob, value)] += 0
                continue
            if line.startswith("calls="):
                skip = True
                continue
            if skip:
                skip = False
                continue
            parts = line.split()
            if fn and len(parts) >= 2 and parts[1].isdigit() and (line[0].isdigit() or line[0] in "+-*"):
                cost[fn] += int(parts[1])
    return cost
# The size of each symbol's input section, from lld's map: an input section line, then its symbols, each
# indented further. A name defined in several sections (local symbols) takes the largest.
LARGE = 16 << 10
section_size = {}
size = None
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ {9}(\S.*)$", line)
    if m:
        size = int(m.group(1), 16) if "(.text" in m.group(2) else None
        continue
    m = re.match(r"\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+ {17}(\S.*)$", line)
    if m and size is not None:
        name = m.group(1).strip()
        section_size[name] = max(section_size.get(name, 0), size)
split = sys.argv.index("--")
names, large = [], []
for group in (sys.argv[2:split], sys.argv[split + 1:]):
    for (obj, name), _ in sorted(costs(group).items(), key=lambda item: -item[1]):
        if not obj or not obj.endswith("/edgetraced") or not name:
            continue
        name = re.sub(r"'\d+$", "", name)  # callgrind's recursion-depth suffix
        (large if section_size.get(name, 0) > LARGE else names).append(name)
seen = set()
for name in names + large:
    if name not in seen:
        seen.add(name)
        print(name)
PY
echo "symbol-order: $(wc -l < Packaging/edgetraced.order) functions in Packaging/edgetraced.order"
