import Foundation
import Testing
import TraceTesting

/// `make deb` and `make install`, checked on their results: the .deb's fields and files, an install into a
/// scratch root with the maintainer scripts run (dpkg --root, chrootless), an upgrade that keeps the edited
/// config and the store, a purge that removes the config and keeps the store, and the binaries running from
/// the unpacked tree without a Swift runtime.
///
/// The release binaries come from `.build/release` (`make test` builds them before the tests; `make release`
/// by hand): a `swift build` inside `swift test` would wait on the build directory's lock.
@Suite("Packaging: make deb and make install", .serialized)
struct PackagingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `.build/release`, or `EDGETRACE_RELEASE_BIN` (a release build made with another `--scratch-path`).
    static var releaseBin: String {
        ProcessInfo.processInfo.environment["EDGETRACE_RELEASE_BIN"] ?? root.appendingPathComponent(".build/release").path
    }

    static func sh(_ script: String, timeout: Duration = .seconds(300)) async throws -> (status: Int32, output: String) {
        try await TestProcess.run("/bin/bash", ["-c", "cd '\(root.path)' && \(script)"], timeout: timeout)
    }

    static func releaseBinaries() throws {
        for e in ["edgetraced", "edgetrace", "edgetrace-platform"] {
            guard FileManager.default.isExecutableFile(atPath: releaseBin + "/" + e) else {
                throw TestFailure("no release build in \(releaseBin) (missing \(e)): run `make release` (make test does it first)")
            }
        }
    }

    @Test("the .deb: fields, files, dependencies on the C libraries, no Swift runtime needed", .timeLimit(.minutes(10)))
    func debPackage() async throws {
        try Self.releaseBinaries()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let built = try await Self.sh("scripts/build-deb.sh --fast --bin-dir '\(Self.releaseBin)' --out '\(dir.path)/out' --version 1.2.3")
        #expect(built.status == 0, "build-deb: \(built.output)")
        let deb = try needed(built.output.split(separator: "\n").last.map(String.init), "the .deb path")
        #expect(deb.hasSuffix(".deb") && FileManager.default.fileExists(atPath: deb))

        // Control fields.
        let info = try await TestProcess.run("/usr/bin/dpkg-deb", ["--field", deb])
        #expect(info.status == 0)
        var fields: [String: String] = [:]
        for line in info.output.split(separator: "\n") where !line.hasPrefix(" ") {
            if let colon = line.firstIndex(of: ":") { fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        #expect(fields["Package"] == "edgetrace")
        #expect(fields["Version"] == "1.2.3")
        let arch = try await TestProcess.run("/usr/bin/dpkg", ["--print-architecture"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fields["Architecture"] == arch)
        let depends = fields["Depends"] ?? ""
        for lib in ["libc6", "libsqlite3-0", "libzbar0", "libdmtx0b", "libpng16-16", "libturbojpeg0", "libusb-1.0-0"] {
            #expect(depends.contains(lib), "Depends names \(lib): \(depends)")
        }
        #expect(!depends.lowercased().contains("swift"), "no Swift runtime package: \(depends)")

        // Unpacked: the files where they belong.
        let tree = dir.path + "/x"
        let x = try await TestProcess.run("/usr/bin/dpkg-deb", ["-x", deb, tree])
        #expect(x.status == 0, "\(x.output)")
        let fm = FileManager.default
        for e in ["edgetraced", "edgetrace", "edgetrace-platform"] {
            #expect(fm.isExecutableFile(atPath: "\(tree)/usr/bin/\(e)"), "\(e) installed executable")
        }
        let unit = try String(contentsOfFile: tree + "/lib/systemd/system/edgetraced.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/edgetraced --config /etc/edgetrace/edgetrace.toml"))
        // systemd-analyze verify on the packaged unit (ExecStart pointed at the unpacked daemon).
        let verifyUnit = dir.path + "/edgetraced.service"
        try unit.replacingOccurrences(of: "/usr/bin/edgetraced", with: tree + "/usr/bin/edgetraced")
            .write(toFile: verifyUnit, atomically: true, encoding: .utf8)
        let verify = try await TestProcess.run("/usr/bin/systemd-analyze", ["verify", "--man=no", verifyUnit])
        #expect(!verify.output.contains("Unknown key") && !verify.output.contains("Invalid")
                && !verify.output.contains("not executable"), "systemd-analyze verify: \(verify.output)")
        #expect(fm.fileExists(atPath: tree + "/lib/udev/rules.d/70-edgetrace.rules"))
        #expect(fm.fileExists(atPath: tree + "/usr/lib/sysusers.d/edgetrace.conf"))
        #expect(fm.fileExists(atPath: tree + "/usr/lib/tmpfiles.d/edgetrace.conf"))
        #expect(fm.fileExists(atPath: tree + "/etc/edgetrace/edgetrace.toml"))
        let control = dir.path + "/control"
        #expect(try await TestProcess.run("/usr/bin/dpkg-deb", ["-e", deb, control]).status == 0)
        #expect(try String(contentsOfFile: control + "/conffiles", encoding: .utf8) == "/etc/edgetrace/edgetrace.toml\n")
        for s in ["postinst", "prerm", "postrm"] { #expect(fm.isExecutableFile(atPath: control + "/" + s), "\(s) is there") }

        // The binaries need no Swift runtime: no libswift*/libFoundation* in NEEDED, and they run from the tree.
        for e in ["edgetraced", "edgetrace"] {
            let needed = try await TestProcess.run("/usr/bin/readelf", ["-d", "\(tree)/usr/bin/\(e)"])
            #expect(needed.status == 0)
            let libs = needed.output.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            #expect(!libs.isEmpty)
            #expect(!libs.contains { $0.contains("libswift") || $0.contains("libFoundation") || $0.contains("libdispatch") },
                    "\(e) links no Swift runtime: \(libs)")
            // An empty LD_LIBRARY_PATH and no toolchain on PATH: only the system's C libraries are there to find.
            let help = try await TestProcess.run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", "\(tree)/usr/bin/\(e)", "--help"])
            #expect(help.status == 0, "\(e) --help: \(help.output)")
            #expect(help.output.contains("USAGE:"))
        }
    }

    @Test("install into a scratch root with dpkg: user, unit enabled, rules, conffile; upgrade keeps config and store; purge keeps the store",
          .timeLimit(.minutes(10)))
    func dpkgScratchRoot() async throws {
        try Self.releaseBinaries()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let built = try await Self.sh("scripts/build-deb.sh --fast --bin-dir '\(Self.releaseBin)' --out '\(dir.path)/out' --version 1.0.0")
        #expect(built.status == 0, "build-deb: \(built.output)")
        let deb = try needed(built.output.split(separator: "\n").last.map(String.init), "the .deb path")
        let r = dir.path + "/root"
        let fm = FileManager.default
        for d in ["var/lib/dpkg/info", "var/lib/dpkg/updates", "etc", "usr/lib", "lib"] {
            try fm.createDirectory(atPath: "\(r)/\(d)", withIntermediateDirectories: true)
        }
        fm.createFile(atPath: r + "/var/lib/dpkg/status", contents: Data())
        // A minimal passwd/group, as a fresh system has (systemd-sysusers adds to them).
        try "root:x:0:0:root:/root:/bin/sh\n".write(toFile: r + "/etc/passwd", atomically: true, encoding: .utf8)
        try "root:x:0:\ndialout:x:20:\n".write(toFile: r + "/etc/group", atomically: true, encoding: .utf8)
        let dpkg = "dpkg --root='\(r)' --force-not-root --force-script-chrootless --force-depends --log=/dev/null"

        let install = try await Self.sh("\(dpkg) -i '\(deb)' 2>&1")
        #expect(install.status == 0, "dpkg -i: \(install.output)")
        #expect(install.output.contains("edit /etc/edgetrace/edgetrace.toml"), "tells what to do next")
        #expect(fm.isExecutableFile(atPath: r + "/usr/bin/edgetraced"))
        #expect(fm.fileExists(atPath: r + "/lib/systemd/system/edgetraced.service"))
        #expect(fm.fileExists(atPath: r + "/lib/udev/rules.d/70-edgetrace.rules"))
        #expect(try String(contentsOfFile: r + "/etc/passwd", encoding: .utf8).contains("\nedgetrace:"), "the user was created")
        #expect(try String(contentsOfFile: r + "/etc/group", encoding: .utf8).contains("\nedgetrace:"), "and its group")
        let wants = r + "/etc/systemd/system/multi-user.target.wants/edgetraced.service"
        #expect((try? fm.destinationOfSymbolicLink(atPath: wants))?.hasSuffix("edgetraced.service") == true, "the unit is enabled")
        var isDir: ObjCBool = false
        #expect(fm.fileExists(atPath: r + "/var/lib/edgetrace", isDirectory: &isDir) && isDir.boolValue, "the state directory exists")
        let status = try await Self.sh("dpkg --root='\(r)' -s edgetrace")
        #expect(status.output.contains("Status: install ok installed"))

        // Upgrade (a newer version): the edited config and the store stay.
        let config = r + "/etc/edgetrace/edgetrace.toml"
        let edited = try String(contentsOfFile: config, encoding: .utf8) + "\n# edited on site\n"
        try edited.write(toFile: config, atomically: true, encoding: .utf8)
        try "events".write(toFile: r + "/var/lib/edgetrace/edgetrace.sqlite", atomically: true, encoding: .utf8)
        let newer = try await Self.sh("scripts/build-deb.sh --fast --bin-dir '\(Self.releaseBin)' --out '\(dir.path)/out2' --version 1.0.1")
        let deb2 = try needed(newer.output.split(separator: "\n").last.map(String.init), "the newer .deb")
        let upgrade = try await Self.sh("\(dpkg) --force-confold -i '\(deb2)' 2>&1")
        #expect(upgrade.status == 0, "upgrade: \(upgrade.output)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == edited, "the edited config is kept")
        #expect(try String(contentsOfFile: r + "/var/lib/edgetrace/edgetrace.sqlite", encoding: .utf8) == "events", "the store is kept")
        #expect(try await Self.sh("dpkg --root='\(r)' -s edgetrace").output.contains("Version: 1.0.1"))

        // Purge: binaries, unit and config go; the store stays, and the message says where it is.
        let purge = try await Self.sh("\(dpkg) --purge edgetrace 2>&1")
        #expect(purge.status == 0, "purge: \(purge.output)")
        #expect(!fm.fileExists(atPath: r + "/usr/bin/edgetraced"))
        #expect(!fm.fileExists(atPath: config), "purge removes the config")
        #expect(!fm.fileExists(atPath: wants), "and the enablement")
        #expect(fm.fileExists(atPath: r + "/var/lib/edgetrace/edgetrace.sqlite"), "the store is never deleted by the package")
        #expect(purge.output.contains("/var/lib/edgetrace was kept"))
    }

    @Test("make install DESTDIR=… puts binaries, unit, rules, sysusers, tmpfiles and config in place", .timeLimit(.minutes(10)))
    func makeInstall() async throws {
        try Self.releaseBinaries()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // The release build exists: make install only asks swift for its bin path, which a stand-in answers.
        let fake = "#!/bin/sh\necho '\(Self.releaseBin)'\n"
        try fake.write(toFile: dir.path + "/fake-swift", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path + "/fake-swift")
        let install = try await Self.sh("make install DESTDIR='\(dir.path)' SWIFT='\(dir.path)/fake-swift' 2>&1", timeout: .seconds(120))
        #expect(install.status == 0, "make install: \(install.output)")
        let fm = FileManager.default
        for e in ["edgetraced", "edgetrace", "edgetrace-platform"] {
            #expect(fm.isExecutableFile(atPath: "\(dir.path)/usr/local/bin/\(e)"))
        }
        for f in ["etc/systemd/system/edgetraced.service", "usr/lib/sysusers.d/edgetrace.conf", "usr/lib/tmpfiles.d/edgetrace.conf",
                  "etc/udev/rules.d/70-edgetrace.rules", "etc/edgetrace/edgetrace.toml"] {
            #expect(fm.fileExists(atPath: "\(dir.path)/\(f)"), "\(f) installed")
        }
        let again = try await Self.sh("make install DESTDIR='\(dir.path)' SWIFT='\(dir.path)/fake-swift' 2>&1", timeout: .seconds(120))
        #expect(again.output.contains("keeping the existing"), "a second install keeps the config")
    }
}
