# EdgeTrace: build, test, demo and install.
#
#   make demo      the daemon on an emulated scanner + the reference platform (installs apt packages)
#   make test      every test (installs apt packages, builds, runs `swift test`, then each fuzzer briefly)
#   make release && sudo make install      install as a systemd service
#   make deb       a Debian package (.build/deb/edgetrace_VERSION_ARCH.deb): sudo apt install ./that.deb
#
# SWIFT_TEST_FLAGS passes extra flags to `swift test` (e.g. SWIFT_TEST_FLAGS='--filter TraceStoreTests').

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

SWIFT ?= swift
SWIFT_TEST_FLAGS ?=
# Seconds each libFuzzer target runs in `make fuzz` (`make test` runs a fixed seed and input count).
FUZZ_SECONDS ?= 60
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(DESTDIR)$(PREFIX)/bin
UNITDIR := $(DESTDIR)/etc/systemd/system
SYSUSERSDIR := $(DESTDIR)/usr/lib/sysusers.d
TMPFILESDIR := $(DESTDIR)/usr/lib/tmpfiles.d
UDEVDIR := $(DESTDIR)/etc/udev/rules.d
CONFDIR := $(DESTDIR)/etc/edgetrace
EXECUTABLES := edgetraced edgetrace edgetrace-platform
# Release binaries carry the Swift runtime inside (--static-swift-stdlib): the gateway needs no Swift toolchain.
# scripts/release-flags.sh gives all the flags, and why (build-deb.sh and Benchmarks/run.sh use it too).
RELEASE_FLAGS := $(shell scripts/release-flags.sh)

.PHONY: all deps build release demo test fuzz bench install deb clean

all: build

## deps: the Debian/Ubuntu packages for build, test and demo (apt; only what is missing)
deps:
	scripts/install-deps.sh

## build: debug build of everything
build: deps
	$(SWIFT) build

## release: optimised build, Swift runtime linked in (what `make install` and `make deb` install)
release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

## deb: the Debian package (scripts/build-deb.sh): release build, then dpkg-deb; prints the .deb's path
deb: deps
	SWIFT=$(SWIFT) scripts/build-deb.sh

## demo: scanner emulator on a pty + edgetraced + reference platform; Ctrl-C stops it
demo: deps build
	scripts/demo.sh

## test: build everything including the tests, then run them all (XCTest and Swift Testing). The release
## binaries are built first (once; later only what changed): the package test puts them in a .deb.
test: deps
	for e in $(EXECUTABLES); do $(SWIFT) build $(RELEASE_FLAGS) --product $$e; done
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build $(SWIFT_TEST_FLAGS)
	@if [[ -z "$(SWIFT_TEST_FLAGS)" ]]; then Fuzz/run.sh --ci; fi

## fuzz: the libFuzzer targets (Fuzz/run.sh), FUZZ_SECONDS each
fuzz: deps
	Fuzz/run.sh $(FUZZ_SECONDS)

## bench: the benchmarks (Benchmarks/run.sh)
bench: deps
	@if [[ -x Benchmarks/run.sh ]]; then Benchmarks/run.sh; \
	elif [[ -f Benchmarks/run.sh ]]; then bash Benchmarks/run.sh; \
	else echo "bench: no benchmarks yet (Benchmarks/run.sh does not exist)"; fi

## install: binaries, systemd unit, sysusers/tmpfiles, udev rules, sample config (kept if present)
install:
	@if [[ -z "$(DESTDIR)" && $$EUID -ne 0 ]]; then echo "install: run as root (sudo make install)" >&2; exit 1; fi
	@bin=$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path); \
	if ! (for e in $(EXECUTABLES); do [[ -x "$$bin/$$e" ]] || exit 1; done); then \
		echo "install: no release build yet; building it (run 'make release' as your user first to avoid root-owned build files)"; \
		$(SWIFT) build $(RELEASE_FLAGS); \
	fi; \
	install -d -m 0755 "$(BINDIR)"; \
	for e in $(EXECUTABLES); do install -m 0755 "$$bin/$$e" "$(BINDIR)/$$e"; done
	install -D -m 0644 Systemd/edgetraced.service "$(UNITDIR)/edgetraced.service"
	install -D -m 0644 Systemd/edgetrace.sysusers "$(SYSUSERSDIR)/edgetrace.conf"
	install -D -m 0644 Systemd/edgetrace.tmpfiles "$(TMPFILESDIR)/edgetrace.conf"
	install -D -m 0644 Udev/70-edgetrace.rules "$(UDEVDIR)/70-edgetrace.rules"
	@if [[ -z "$(DESTDIR)" ]]; then \
		if command -v systemd-sysusers >/dev/null; then systemd-sysusers edgetrace.conf; fi; \
		if command -v systemd-tmpfiles >/dev/null; then systemd-tmpfiles --create edgetrace.conf; fi; \
	fi
	@install -d -m 0750 "$(CONFDIR)"; \
	if [[ -e "$(CONFDIR)/edgetrace.toml" ]]; then \
		echo "install: keeping the existing $(CONFDIR)/edgetrace.toml"; \
	else \
		install -m 0640 Fixtures/edgetrace.sample.toml "$(CONFDIR)/edgetrace.toml"; \
		if [[ -z "$(DESTDIR)" ]] && getent group edgetrace >/dev/null; then chgrp edgetrace "$(CONFDIR)/edgetrace.toml"; fi; \
		echo "install: wrote $(CONFDIR)/edgetrace.toml from the sample: edit it before starting the service"; \
	fi
	@if [[ -z "$(DESTDIR)" ]]; then \
		if command -v udevadm >/dev/null; then udevadm control --reload && udevadm trigger --subsystem-match=tty --action=add || true; fi; \
		if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then systemctl daemon-reload; fi; \
	fi
	@echo
	@echo "Next steps:"
	@echo "  1. edit /etc/edgetrace/edgetrace.toml, then: edgetrace config check --config /etc/edgetrace/edgetrace.toml"
	@echo "  2. the platform token: install -m 0600 /dev/stdin /etc/edgetrace/token   (paste it, then Ctrl-D)"
	@echo "     (no token? see the LoadCredential comment in $(UNITDIR)/edgetraced.service)"
	@echo "  3. systemctl enable --now edgetraced && journalctl -u edgetraced -f"

## clean: build products (dependency checkouts are kept) and the demo's data
clean:
	$(SWIFT) package clean
	rm -rf .demo
