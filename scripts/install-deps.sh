#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages EdgeTrace needs to build, test and run its demo.
# Idempotent: installs only what is missing, and runs `apt-get update` only when something is.
# Uses sudo only when not run as root. Tested on Debian 12; Ubuntu 22.04/24.04 have the same packages.
# The Swift toolchain itself (6.1 or later) is not an apt package: install it from swift.org first.
set -euo pipefail

packages=(
    libsqlite3-dev      # SQLite headers and library (GRDB links the system SQLite)
    sqlite3             # sqlite3 shell: inspecting stores in tests and by hand
    socat               # pty pairs: the serial scanner emulator of the demo and the tests
    zlib1g-dev          # gzip request bodies (compress-nio)
    curl                # the demo queries the reference platform
    ca-certificates     # TLS to the platform and package mirrors
    openssl             # the TLS/mTLS tests make a throwaway CA and certificates with the openssl CLI
    pkg-config          # system library targets find their C libraries through it
    python3             # test helpers
    python3-venv        # the tests' Python tools live in a venv (.build-python, see below)
    strace              # the durability-order test: ACK only after the fsync of the commit
    umockdev            # emulated evdev/hidraw nodes: the keyboard-wedge and HID POS driver tests (umockdev-run, LD_PRELOAD)
    gir1.2-umockdev-1.0 # umockdev's GObject API, for the test bed harness (Fixtures/umockdev/harness.py)
    python3-gi          # Python GObject bindings (the harness runs with /usr/bin/python3)
    libzbar-dev         # camera scanning: zbar decodes linear codes and QR from frames, and opens V4L2 cameras
    libdmtx-dev         # camera scanning: libdmtx decodes Data Matrix (GS1 DataMatrix) from the same frames
    libpng-dev          # image files for the camera's directory source and `edgetrace decode --image`
    libturbojpeg0-dev   # JPEG files, through libjpeg-turbo's TurboJPEG API
    qrencode            # tests and benchmarks draw real QR Codes
    zint                # tests and benchmarks draw real GS1-128, DataBar, EAN/UPC, ITF, GS1 QR and DataMatrix symbols
    dmtx-utils          # tests draw real Data Matrix symbols (dmtxwrite)
    libjpeg-turbo-progs # tests write JPEG frames (cjpeg)
    gcc                 # the clock test builds its LD_PRELOAD clock shim (Fixtures/clockshim)
    libc6-dev           # headers for that shim
    systemd             # systemd-analyze: the tests check the unit's sandbox score and syntax
    libusb-1.0-0-dev    # USB sensors (TEMPer): libusb 1.0; the tests drive it against umockdev's emulated usbfs
    libnfc-dev          # NFC/RFID readers (PN532 over UART, ACR122U, PN533 USB) through libnfc
    libusb-dev          # libnfc's pkg-config file links the old libusb-0.1
    libnfc-bin          # nfc-list and friends: checking a reader by hand
    prometheus          # promtool: the metrics test checks the daemon's exposition with `promtool check metrics`
    chromium            # the status-page test renders the page in headless Chromium (DOM dump + screenshot)
    dpkg-dev            # make deb: dpkg-shlibdeps computes the package's Depends from the binaries
    binutils            # make deb strips the binaries; the package test reads their dynamic section (readelf)

)

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps: no apt-get here; install these (or your system's equivalents) yourself:" >&2
    echo "  ${packages[*]}" >&2
    for c in socat sqlite3 curl pkg-config python3 openssl strace zint qrencode dmtxwrite cjpeg; do
        command -v "$c" >/dev/null 2>&1 || { echo "install-deps: '$c' is missing" >&2; exit 1; }
    done
    exit 0
fi

missing=()
for p in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages are installed"
else
    sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || { echo "install-deps: not root and no sudo; run as root: apt-get install ${missing[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    echo "install-deps: installing ${missing[*]}"
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
    echo "install-deps: done"
fi

# Python reference tools the tests compare against, in a venv beside the build (.build-python, ignored by git):
# epcis-event-hash-generator (the reference EPCIS event hash) and jsonschema (validates our EPCIS documents
# against GS1's EPCIS 2.0 JSON schema). Installed only when missing.
venv="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.build-python"
py_packages=("epcis-event-hash-generator==1.9.3" "jsonschema>=4.18")
if [[ ! -x "$venv/bin/python" ]]; then
    /usr/bin/python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import epcis_event_hash_generator, jsonschema' >/dev/null 2>&1; then
    echo "install-deps: installing ${py_packages[*]} into $venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "${py_packages[@]}"
else
    echo "install-deps: Python test tools are installed in $venv"
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "install-deps: warning: 'swift' is not on PATH; install the Swift 6.1+ toolchain from swift.org" >&2
fi
