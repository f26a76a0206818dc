import Foundation
import Testing
import TraceTesting

/// The shipped unit files, checked by systemd's own tools (installed by the test command: package systemd).
@Suite("systemd unit")
struct SystemdUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("systemd-analyze security: the sandbox's exposure is at most 2.0 (printed)")
    func exposure() async throws {
        let unit = Self.root.appendingPathComponent("Systemd/edgetraced.service").path
        // Through a file, not the pipe: the table is long and the score is its last line.
        let dir = try TemporaryDirectory()
        let out = dir.path + "/security.txt"
        let result = try await TestProcess.run("/bin/sh", ["-c", "/usr/bin/systemd-analyze security --offline=true --no-pager '\(unit)' > '\(out)' 2>&1"],
                                               timeout: .seconds(120))
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let line = try #require(text.split(separator: "\n").first { $0.contains("Overall exposure level") },
                                "systemd-analyze (exit \(result.status)) printed no score: \(text.suffix(500)) \(result.output)")
        print("systemd-analyze security: \(line)")
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(score <= 2.0, "\(line)")
    }

    @Test("systemd-analyze verify accepts the unit (ExecStart pointed at the built daemon)")
    func verify() async throws {
        let dir = try TemporaryDirectory()
        let text = try String(contentsOf: Self.root.appendingPathComponent("Systemd/edgetraced.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/edgetraced", with: TestProcess.binDirectory.appendingPathComponent("edgetraced").path)
        let unit = dir.path + "/edgetraced.service"
        try text.write(toFile: unit, atomically: true, encoding: .utf8)
        let result = try await TestProcess.run("/usr/bin/systemd-analyze", ["verify", "--man=no", unit])
        // Warnings about the host (no such user on a build machine) are not the unit's; syntax errors are.
        let problems = result.output.split(separator: "\n").filter {
            !$0.contains("No such file or directory") && !$0.localizedCaseInsensitiveContains("user") && !$0.contains("Failed to resolve") && !$0.isEmpty
        }
        #expect(result.status == 0 || problems.isEmpty, "\(result.output)")
        #expect(!result.output.contains("Unknown key"), "\(result.output)")
        #expect(!result.output.contains("Invalid"), "\(result.output)")
    }
}
