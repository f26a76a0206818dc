import Foundation
import Testing
import TraceTesting

/// The whole daemon with a wall clock of the test's choosing: `Fixtures/clockshim/clockshim.c`, preloaded,
/// shifts CLOCK_REALTIME and answers adjtimex(2) from a file the test rewrites (boot time is untouched).
@Suite("Clock", .serialized)
struct ClockStationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Builds the preload library into `dir`.
    static func buildShim(in dir: String) async throws -> String {
        let out = dir + "/clockshim.so"
        let cc = try await TestProcess.run("/usr/bin/cc", [
            "-shared", "-fPIC", "-O1", "-o", out, root.appendingPathComponent("Fixtures/clockshim/clockshim.c").path, "-ldl",
        ])
        try #require(cc.status == 0, "building the clock shim failed (the test command installs gcc): \(cc.output)")
        return out
    }

    @Test("started 20 years in the past and unsynchronised: events carry boot time, are corrected before upload once the clock syncs, and a backwards jump keeps seq and order",
          .timeLimit(.minutes(3)))
    func wrongClockThenSync() async throws {
        let station = try Station(handshake: true)
        defer { station.shutdown() }
        let shim = try await Self.buildShim(in: station.dir)
        let clockFile = station.dir + "/clock"
        let twentyYears: Int64 = 631_152_000
        try "-\(twentyYears) 0\n".write(toFile: clockFile, atomically: true, encoding: .utf8)

        try await station.startPlatform()
        try station.writeConfig()
        try await station.stopPlatform()  // captured while offline, uploaded after the clock is right
        try await station.startDaemon(environment: ["LD_PRELOAD": shim, "EDGETRACE_CLOCKSHIM_FILE": clockFile])
        for n in 1...3 {
            #expect(try await station.scanner.sendAndAwaitReply(gs1Scan(n), timeout: .seconds(5)) == 0x06)
        }
        // The clock is set and synchronised (as chrony would), then jumps back an hour while synchronised.
        try "0 1\n".write(toFile: clockFile, atomically: true, encoding: .utf8)
        try await station.daemon!.waitForLine(timeout: .seconds(30)) { $0.contains("clock synchronised") }
        #expect(try await station.scanner.sendAndAwaitReply(gs1Scan(4), timeout: .seconds(5)) == 0x06)
        try "-3600 1\n".write(toFile: clockFile, atomically: true, encoding: .utf8)
        #expect(try await station.scanner.sendAndAwaitReply(gs1Scan(5), timeout: .seconds(5)) == 0x06)

        // An upload attempt already waiting for the platform when the clock synchronised carries the batch
        // as it was read; wait until two attempts have failed since, so the one that reaches the platform
        // read its batch after the clock reference was recorded.
        let failedBefore = station.daemon!.lines.filter { $0.contains("upload failed") }.count
        let deadline = ContinuousClock.now + .seconds(30)
        while station.daemon!.lines.filter({ $0.contains("upload failed") }).count < failedBefore + 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await station.startPlatform()
        let events = try await station.waitForPlatform(count: 5, timeout: .seconds(60))
            .sorted { ($0["seq"] as? Int ?? 0) < ($1["seq"] as? Int ?? 0) }
        try #require(events.count == 5)
        let serials = events.map { (($0["scan"] as? [String: Any])?["serial"] as? String) ?? "?" }
        #expect(serials == ["SN1", "SN2", "SN3", "SN4", "SN5"], "seq follows capture order, whatever the wall clock did")
        let seqs = events.compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(seqs[0]..<(seqs[0] + 5)))
        let now = Date().timeIntervalSince1970
        for e in events.prefix(3) {
            let clock = try #require(e["clock"] as? [String: Any])
            #expect(clock["synced"] as? Bool == false)
            #expect(clock["corrected"] as? Bool == true, "repaired from boot time before upload: \(clock)")
            let original = try #require(clock["originalTime"] as? String)
            #expect(original.hasPrefix("2006") || original.hasPrefix("2007"), "the captured (wrong) time is kept: \(original)")
            let time = try #require(e["time"] as? String)
            let seconds = try #require(Self.unixSeconds(time))
            #expect(abs(seconds - now) < 600, "corrected to about now: \(time)")
        }
        let fourth = try #require(events[3]["clock"] as? [String: Any])
        #expect(fourth["synced"] as? Bool == true)
        #expect(fourth["corrected"] == nil)
        // Hash links are contiguous: each event's prevHash is the previous one's hash.
        for (a, b) in zip(events, events.dropFirst()) {
            #expect(b["prevHash"] as? String == a["hash"] as? String)
        }
    }

    static func unixSeconds(_ rfc3339: String) -> TimeInterval? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: rfc3339)?.timeIntervalSince1970
    }
}
