import Foundation
import Testing
import TraceTesting

@Suite("Disk full", .serialized)
struct DiskFullTests {
    /// The database on a 2 MiB tmpfs: filling it loses nothing that was ACKed, the daemon keeps running and
    /// says what is wrong, and reads are captured again as soon as there is space.
    @Test("a full disk: NAK instead of a lost ACK, no crash, status says so, resumes when space returns", .timeLimit(.minutes(3)))
    func fullDisk() async throws {
        let station = try Station(handshake: true)
        let mountPoint = try await Self.smallStateDirectory(station, size: "2m")
        defer { Self.tearDown(station, mountPoint) }
        try await station.startPlatform()
        // No budget of its own: this test is about the file system itself filling up (SQLITE_FULL).
        try station.writeConfig(storeExtra: ["max_mb = 0", "min_free_mb = 0"])
        try await station.stopPlatform()  // keep everything local
        try await station.startDaemon()

        // Large plain-text codes (about 6 KB per event) fill 2 MiB in a few hundred reads.
        let filler = String(repeating: "X", count: 3000)
        var acked = 0
        var nak = false
        for i in 0..<2000 {
            let reply = try await station.scanner.sendAndAwaitReply("]C0\(i)-\(filler)", timeout: .seconds(5))
            if reply == 0x06 { acked += 1 } else { nak = reply == 0x15; break }
        }
        print("disk full: \(acked) reads ACKed before the 2 MiB file system was full, then NAK")
        #expect(nak, "the scanner is told the read failed once the disk is full (acked \(acked))")
        #expect(acked > 30, "a 2 MiB file system holds dozens of 6 KB events before it is full")
        #expect(station.daemon?.isRunning == true, "no crash")
        // The log line may reach the pipe a moment after the NAK reached the scanner.
        try await station.daemon!.waitForLine(timeout: .seconds(10)) { $0.contains("disk is full") }
        let text = try await station.cli(["status", "--config", station.configPath])
        #expect(text.status == 0)
        #expect(text.output.contains("NOT CAPTURED") || text.output.contains("DISK NEARLY FULL"), "\(text.output)")

        // Space returns: the next read is captured, and everything ACKed reaches the platform once.
        let grow = try await TestProcess.run("/usr/bin/mount", ["-o", "remount,size=64m", mountPoint])
        #expect(grow.status == 0)
        let spaceBack = ContinuousClock.now
        #expect(try await station.scanner.sendAndAwaitReply(gs1Scan(1), timeout: .seconds(5)) == 0x06)
        print("disk full: the first read after space returned was ACKed in \(ContinuousClock.now - spaceBack)")
        try await station.startPlatform()
        let events = try await station.waitForPlatform(count: acked + 1, timeout: .seconds(90))
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == events.count)
        #expect(events.count == acked + 1, "every ACKed read, once")
    }

    /// A 4 MiB budget on a 16 MiB file system, platform offline: reads are refused (NAK, status, log) once
    /// unsynced events fill the budget; when the platform returns, the backlog drains, synced history is
    /// pruned and reads are captured again, and every ACKed read reaches the platform once.
    @Test("the disk budget refuses reads when unsynced events fill it, and recovers when the platform takes them", .timeLimit(.minutes(4)))
    func budgetRefusesThenRecovers() async throws {
        let station = try Station(handshake: true)
        let mountPoint = try await Self.smallStateDirectory(station, size: "16m")
        defer { Self.tearDown(station, mountPoint) }
        try await station.startPlatform()
        // Dedup on (as in production): a refused read scanned again must be refused again, not ACKed as a duplicate.
        try station.writeConfig(batchMaxEvents: 500, dedupMs: 60_000, storeExtra: ["max_mb = 4", "min_free_mb = 1", "maintenance_interval_s = 1"])
        try await station.stopPlatform()
        try await station.startDaemon()

        let filler = String(repeating: "Y", count: 3000)
        var acked = 0
        var nak = false
        var refused = ""
        for i in 0..<5000 {
            refused = "]C0B\(i)-\(filler)"
            let reply = try await station.scanner.sendAndAwaitReply(refused, timeout: .seconds(15))
            if reply == 0x06 { acked += 1 } else { nak = reply == 0x15; break }
        }
        #expect(try await station.scanner.sendAndAwaitReply(refused, timeout: .seconds(15)) == 0x15,
                "the refused read scanned again is refused again (it was never captured, so it is no duplicate)")
        print("disk budget: \(acked) reads ACKed before the 4 MiB budget was used up by unsynced events, then NAK")
        // Every ACK is a capture: the store holds each ACKed read (nothing is uploaded yet).
        let counts = try await station.waitForStatus(timeout: .seconds(5)) { ($0["store"] as? [String: Any])?["unsynced"] as? Int == acked }
        let device = (counts["devices"] as? [[String: Any]])?.first ?? [:]
        let unsynced = (counts["store"] as? [String: Any])?["unsynced"] as? Int
        print("disk budget: acked=\(acked) store.unsynced=\(unsynced ?? -1) device.reads=\(device["reads"] ?? "-") duplicates=\(device["duplicates"] ?? "-") failed=\(device["failed"] ?? "-")")
        if unsynced != acked {
            let processes = try? await TestProcess.run("/usr/bin/pgrep", ["-a", "edgetraced"])
            Issue.record("ACKed reads missing from the store: \(counts)\nprocesses: \(processes?.output ?? "-")")
            return
        }
        #expect(nak, "refused once the budget is used up (acked \(acked))")
        #expect(acked > 300, "4 MiB (data pages, indexes and the WAL) holds hundreds of 3 KB reads")
        try await station.daemon!.waitForLine(timeout: .seconds(10)) { $0.contains("DISK BUDGET IS USED UP") }
        let status = try await station.cli(["status", "--config", station.configPath])
        #expect(status.output.contains("REFUSING READS"), "\(status.output)")
        #expect(station.daemon?.isRunning == true)
        // The platform returns: the backlog drains, the maintenance prunes it, reads are accepted again.
        let platformBack = ContinuousClock.now
        try await station.startPlatform()
        _ = try await station.waitForPlatform(count: acked, timeout: .seconds(90))
        let deadline = ContinuousClock.now + .seconds(30)
        var accepted = false
        while ContinuousClock.now < deadline {
            if try await station.scanner.sendAndAwaitReply(gs1Scan(7), timeout: .seconds(5)) == 0x06 { accepted = true; break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(accepted, "reads are captured again once the backlog is uploaded and pruned")
        print("disk budget: reads accepted again \(ContinuousClock.now - platformBack) after the platform came back (backlog uploaded and pruned)")
        try await station.daemon!.waitForLine(timeout: .seconds(10)) { $0.contains("reads are captured again") }
        let events: [[String: Any]]
        do {
            events = try await station.waitForPlatform(count: acked + 1, timeout: .seconds(60))
        } catch {
            let status = try? await station.cli(["status", "--json", "--config", station.configPath])
            Issue.record("\(error)\nstatus: \(status?.output ?? "-")")
            return
        }
        #expect(events.count == acked + 1, "every ACKed read, once")
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == events.count)
        let after = try await station.cli(["status", "--config", station.configPath])
        #expect(!after.output.contains("REFUSING READS"), "\(after.output)")
        #expect(after.output.contains("deleted early for space"), "\(after.output)")
    }

    /// The station's store on a tmpfs of `size` (needs root), so that the file system really fills up.
    static func smallStateDirectory(_ station: Station, size: String) async throws -> String {
        let mountPoint = station.dir + "/state"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try await TestProcess.run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", mountPoint])
        try #require(mount.status == 0, "this test needs root to mount a small tmpfs: \(mount.output)")
        station.storeDirectory = mountPoint
        return mountPoint
    }

    static func tearDown(_ station: Station, _ mountPoint: String) {
        station.shutdown()
        _ = try? Process.run(URL(fileURLWithPath: "/usr/bin/umount"), arguments: ["-l", mountPoint]).waitUntilExit()
    }
}
