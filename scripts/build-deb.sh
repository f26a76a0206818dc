#!/usr/bin/env bash
# Builds the EdgeTrace .deb with dpkg-deb: the release binaries (linked with --static-swift-stdlib, so the
# gateway needs no Swift runtime), the systemd unit, udev rules, sysusers.d and tmpfiles.d files, the
# sample configuration as the conffile /etc/edgetrace/edgetrace.toml, and the maintainer scripts in
# Packaging/debian/. Depends: computed by dpkg-shlibdeps from the binaries' C libraries.
#
#   scripts/build-deb.sh [--reuse | --bin-dir DIR] [--out DIR] [--version VERSION]
#
#   --bin-dir  take the binaries from DIR and run no swift command (the package test does this: a `swift
#              build` inside `swift test` would wait for the build directory's lock)
#   --reuse    use the release binaries already built (build only when one is missing); without it the
#              release build is brought up to date first (`swift build -c release --static-swift-stdlib`)
#   --out      where the .deb goes (default: .build/deb); its path is the last line printed
#   --version  the package version (default: 0.1.0+gitYYYYMMDD.SHA of HEAD)
#   --fast     light gzip compression instead of xz (the tests: seconds instead of a minute; larger file)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SWIFT="${SWIFT:-swift}"
reuse=0
bin=""
compression=(-Zxz)
out=".build/deb"
version=""
while (($#)); do
    case "$1" in
    --reuse) reuse=1 ;;
    --bin-dir) bin="$2"; shift ;;
    --fast) compression=(-Zgzip -z1) ;;
    --out) out="$2"; shift ;;
    --version) version="$2"; shift ;;
    *) echo "build-deb: unknown argument '$1' (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
    shift
done
if [[ -z "$version" ]]; then
    version="0.1.0"
    if git rev-parse --git-dir >/dev/null 2>&1; then
        version+="+git$(git log -1 --format=%cd.%h --date=format:%Y%m%d)"
    fi
fi
executables=(edgetraced edgetrace edgetrace-platform)
mapfile -t release_flags < <(scripts/release-flags.sh)

if [[ -n "$bin" ]]; then
    for e in "${executables[@]}"; do
        [[ -x "$bin/$e" ]] || { echo "build-deb: $bin/$e is missing; build it with: make release" >&2; exit 1; }
    done
    reuse=1
    missing=0
else
    bin="$("$SWIFT" build "${release_flags[@]}" --show-bin-path)"
    missing=0
    for e in "${executables[@]}"; do [[ -x "$bin/$e" ]] || missing=1; done
fi
if ((reuse == 0 || missing)); then
    echo "build-deb: release build (swift build ${release_flags[*]}); the first one takes about 10 minutes"
    for e in "${executables[@]}"; do "$SWIFT" build "${release_flags[@]}" --product "$e"; done
else
    echo "build-deb: reusing the release binaries in $bin (drop --reuse to rebuild them)"
fi

arch="$(dpkg --print-architecture)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/edgetrace"

install -d -m 0755 "$root/DEBIAN" "$root/usr/bin"
for e in "${executables[@]}"; do
    install -m 0755 "$bin/$e" "$root/usr/bin/$e"
    strip --strip-unneeded "$root/usr/bin/$e" 2>/dev/null || true
done
# The unit runs the packaged binary (make install's copy points at /usr/local/bin).
install -d -m 0755 "$root/lib/systemd/system"
sed 's|/usr/local/bin/edgetraced|/usr/bin/edgetraced|; s|Installed by `make install` to /etc/systemd/system/edgetraced.service.|Installed by the edgetrace package to /lib/systemd/system/edgetraced.service.|' \
    Systemd/edgetraced.service > "$root/lib/systemd/system/edgetraced.service"
chmod 0644 "$root/lib/systemd/system/edgetraced.service"
install -D -m 0644 Systemd/edgetrace.sysusers "$root/usr/lib/sysusers.d/edgetrace.conf"
install -D -m 0644 Systemd/edgetrace.tmpfiles "$root/usr/lib/tmpfiles.d/edgetrace.conf"
install -D -m 0644 Udev/70-edgetrace.rules "$root/lib/udev/rules.d/70-edgetrace.rules"
install -D -m 0640 Fixtures/edgetrace.sample.toml "$root/etc/edgetrace/edgetrace.toml"
install -D -m 0644 Fixtures/edgetrace.sample.toml "$root/usr/share/doc/edgetrace/edgetrace.sample.toml"
install -D -m 0644 README.md "$root/usr/share/doc/edgetrace/README.md"
install -D -m 0644 Packaging/debian/copyright "$root/usr/share/doc/edgetrace/copyright"
for s in postinst prerm postrm; do install -m 0755 "Packaging/debian/$s" "$root/DEBIAN/$s"; done
echo /etc/edgetrace/edgetrace.toml > "$root/DEBIAN/conffiles"

# Depends: the C libraries the binaries link (libsqlite3, zbar, dmtx, png, turbojpeg, usb, z, ...).
depends=""
if command -v dpkg-shlibdeps >/dev/null 2>&1; then
    mkdir -p "$work/src/debian"
    printf 'Source: edgetrace\n\nPackage: edgetrace\nArchitecture: any\n' > "$work/src/debian/control"
    depends="$(cd "$work/src" && dpkg-shlibdeps -O "${executables[@]/#/$root/usr/bin/}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
fi
if [[ -z "$depends" ]]; then
    echo "build-deb: dpkg-shlibdeps gave nothing (is dpkg-dev installed?); using the known list" >&2
    depends="libc6, libsqlite3-0, libzbar0, libdmtx0b, libpng16-16, libturbojpeg0, libusb-1.0-0, zlib1g, libstdc++6, libgcc-s1"
fi
# libzbar is loaded with dlopen when a camera first needs it (Sources/CZBarLoader), so dpkg-shlibdeps
# does not see it.
[[ "$depends" == *libzbar0* ]] || depends="$depends, libzbar0"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: edgetrace
Version: $version
Architecture: $arch
Maintainer: EdgeTrace maintainers <maintainers@edgetrace.invalid>
Section: misc
Priority: optional
Installed-Size: $size
Depends: $depends
Recommends: systemd, udev
Homepage: https://edgetrace.invalid/
Description: product-traceability station daemon (scanners, cameras, sensors to a trace platform)
 EdgeTrace reads barcode scanners (serial, keyboard wedge, HID POS), cameras (zbar, libdmtx) and
 USB/Modbus sensors on a gateway box, keeps every event durably in a local SQLite outbox with a hash
 chain, and delivers it to the central trace platform, also after days offline.
 .
 This package holds edgetraced (the systemd service), the edgetrace CLI and edgetrace-platform (a
 reference platform for demos and tests), statically linked against the Swift runtime.
CONTROL

mkdir -p "$out"
deb="$out/edgetrace_${version}_${arch}.deb"
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$deb" >/dev/null
echo "build-deb: $(du -h "$deb" | cut -f1) $deb"
echo "$deb"
