#!/usr/bin/env bash
# EdgeTrace in a minute: the daemon reads an emulated serial barcode scanner and a camera fed from a
# directory of images, and delivers to the reference platform, all on this machine.
#
#   make demo            (installs the apt packages, builds, then runs this script)
#   scripts/demo.sh      (when socat, curl and the Swift toolchain are already there)
#
# What it does, from the repository root:
#   1. swift build (debug; reuses existing build products)
#   2. edgetrace-platform --port 8787 --db .demo/platform.sqlite     the central platform
#   3. socat: a pty pair, .demo/scanner (the daemon's serial port) <-> .demo/scanner-feed (our end)
#   4. edgetraced --config Fixtures/demo/edgetrace.toml               the daemon
#   5. feeds Fixtures/demo/scans.txt into .demo/scanner-feed, one scan per 0.3 s, as a scanner would;
#      then draws a GS1 DataMatrix and a GS1-128 label with zint into .demo/frames, which the camera
#      device (zbar + libdmtx) watches
#   6. shows `edgetrace status`, `edgetrace trace`, and what the platform received
#   7. keeps running, daemon logs visible, until Ctrl-C; then stops everything it started.
#
# Environment:
#   EDGETRACE_BIN=DIR          use the binaries in DIR instead of building (e.g. a release build)
#   EDGETRACE_DEMO_ONESHOT=1   stop after step 6 instead of waiting for Ctrl-C
#   EDGETRACE_DEMO_PORT=8787   the platform's port (must match Fixtures/demo/edgetrace.toml)
# The demo's data stays in .demo/ after it ends (it is reset at the next start).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

config=Fixtures/demo/edgetrace.toml
scans=Fixtures/demo/scans.txt
port=${EDGETRACE_DEMO_PORT:-8787}
gateway=demo-dock
trace_code=06901234567892
demo=.demo

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

for tool in socat curl zint; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing; run 'make demo' or scripts/install-deps.sh"
done

# ---- 1. build ---------------------------------------------------------------------------------------
if [[ -n "${EDGETRACE_BIN:-}" ]]; then
    bin=$EDGETRACE_BIN
else
    command -v swift >/dev/null 2>&1 || die "'swift' is not on PATH (install the Swift 6.1+ toolchain)"
    say "Building (swift build)"
    swift build
    bin=$(swift build --show-bin-path)
fi
for exe in edgetraced edgetrace edgetrace-platform; do
    [[ -x "$bin/$exe" ]] || die "$bin/$exe not found; did the build succeed?"
done

# ---- process bookkeeping: everything started here is stopped on exit, by its pid ---------------------
pids=()
cleanup() {
    trap - EXIT INT TERM
    if ((${#pids[@]})); then
        printf '\ndemo: stopping edgetraced, socat and edgetrace-platform\n' >&2
        # In reverse start order: the daemon first, while the platform still answers its last upload.
        for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
            pid=${pids[i]}
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        done
    fi
    printf 'demo: data kept in %s/ (store: %s/edgetrace.sqlite, platform: %s/platform.sqlite)\n' "$demo" "$demo" "$demo" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prefix each line of a process's output, keeping $! the process itself.
prefixed() { sed -u "s/^/[$1] /"; }

# ---- fresh demo state -------------------------------------------------------------------------------
mkdir -p "$demo"
rm -f "$demo"/edgetrace.sqlite "$demo"/edgetrace.sqlite-wal "$demo"/edgetrace.sqlite-shm \
      "$demo"/platform.sqlite "$demo"/platform.sqlite-wal "$demo"/platform.sqlite-shm \
      "$demo"/scanner "$demo"/scanner-feed
rm -rf "$demo"/frames
mkdir -p "$demo"/frames

if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    die "something already listens on 127.0.0.1:$port (an earlier demo still running?)"
fi

# ---- 2. the platform --------------------------------------------------------------------------------
say "Starting the reference platform on 127.0.0.1:$port"
"$bin/edgetrace-platform" --port "$port" --db "$demo/platform.sqlite" > >(prefixed platform) 2>&1 &
pids+=($!)
platform_pid=$!
for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/v1/events?gateway=$gateway&limit=1" && break
    kill -0 "$platform_pid" 2>/dev/null || die "edgetrace-platform exited; see its output above"
    sleep 0.1
done

# ---- 3. the scanner emulator: a pty pair ------------------------------------------------------------
say "Creating the emulated serial scanner ($demo/scanner <-> $demo/scanner-feed)"
socat -d -d "pty,raw,echo=0,link=$demo/scanner" "pty,raw,echo=0,link=$demo/scanner-feed" > >(prefixed socat) 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    [[ -e "$demo/scanner" && -e "$demo/scanner-feed" ]] && break
    sleep 0.1
done
[[ -e "$demo/scanner" && -e "$demo/scanner-feed" ]] || die "socat did not create the pty pair"

# ---- 4. the daemon ----------------------------------------------------------------------------------
say "Starting edgetraced --config $config"
"$bin/edgetraced" --config "$config" > >(prefixed edgetraced) 2>&1 &
pids+=($!)
daemon_pid=$!

# Wait until the daemon has the scanner's pty open (bytes written before it sets raw mode are lost).
pty=$(readlink -f "$demo/scanner")
opened=no
for _ in $(seq 100); do
    kill -0 "$daemon_pid" 2>/dev/null || die "edgetraced exited; see its output above"
    for fd in /proc/"$daemon_pid"/fd/*; do
        if [[ "$(readlink "$fd" 2>/dev/null)" == "$pty" ]]; then opened=yes; break 2; fi
    done
    sleep 0.1
done
if [[ $opened == yes ]]; then
    sleep 0.5    # let it finish configuring the port
else
    echo "demo: edgetraced has not opened $pty after 10 s; sending the scans anyway" >&2
fi

# ---- 5. the scans -----------------------------------------------------------------------------------
say "Scanning $(grep -cv '^\(#.*\)\?$' "$scans") codes from $scans"
exec 3>"$demo/scanner-feed"
while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    [[ -z $line || $line == \#* ]] && continue
    printf '  scan  %s\n' "$line"
    printf '%s\r' "${line//<GS>/$'\x1d'}" >&3
    sleep 0.3
done < "$scans"
exec 3>&-

say "Showing the camera two labels (zint draws them into $demo/frames)"
# Written under another name, then renamed: the camera's directory watch sees whole files only.
zint --barcode=71 --gs1 --quietzones --scale=4 --output="$demo/frames/.next.png" \
    --data='[01]06901234567892[17]271231[10]CAM-LOT[21]CAM-1' && mv "$demo/frames/.next.png" "$demo/frames/0001.png"
printf '  frame %s\n' "GS1 DataMatrix (01)06901234567892(17)271231(10)CAM-LOT(21)CAM-1"
sleep 0.5
zint --barcode=16 --gs1 --quietzones --scale=2 --output="$demo/frames/.next.png" \
    --data='[01]06901234567892[10]CAM-LOT[21]CAM-2' && mv "$demo/frames/.next.png" "$demo/frames/0002.png"
printf '  frame %s\n' "GS1-128 (01)06901234567892(10)CAM-LOT(21)CAM-2"
sleep 2    # the last group commit and upload

# ---- 6. what happened ---------------------------------------------------------------------------------
say "edgetrace status --config $config"
"$bin/edgetrace" status --config "$config" || true

say "edgetrace trace $trace_code --config $config"
"$bin/edgetrace" trace "$trace_code" --config "$config" || true

say "The platform's latest events: curl 'http://127.0.0.1:$port/v1/events?gateway=$gateway&limit=3'"
body=$(curl -s "http://127.0.0.1:$port/v1/events?gateway=$gateway&limit=3" || true)
if command -v python3 >/dev/null 2>&1 && printf '%s' "$body" | python3 -m json.tool >/dev/null 2>&1; then
    printf '%s' "$body" | python3 -m json.tool
else
    printf '%s\n' "$body"
fi

if [[ -n "${EDGETRACE_DEMO_ONESHOT:-}" ]]; then
    exit 0
fi

# ---- 7. keep running ----------------------------------------------------------------------------------
say "Running. Try: printf ']E06901234567892\\r' > $demo/scanner-feed    (Ctrl-C stops the demo)"
wait "$daemon_pid" || true
echo "demo: edgetraced exited" >&2
