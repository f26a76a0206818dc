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
        let mountPoint = station.dir + "/state"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try await TestProcess.run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint])
        try #require(mount.status == 0, "this test needs root to mount a small tmpfs: \(mount.output)")
        defer {
            station.shutdown()
            _ = try? Process.run(URL(fileURLWithPath: "/usr/bin/umount"), arguments: ["-l", mountPoint]).waitUntilExit()
        }
        station.storeDirectory = mountPoint
        try await station.startPlatform()
        try station.writeConfig()
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
        #expect(acked > 50)
        #expect(station.daemon?.isRunning == true, "no crash")
        // The log line may reach the pipe a moment after the NAK reached the scanner.
        try await station.daemon!.waitForLine(timeout: .seconds(10)) { $0.contains("disk is full") }
        let text = try await station.cli(["status", "--config", station.configPath])
        #expect(text.status == 0)
        #expect(text.output.contains("NOT CAPTURED") || text.output.contains("DISK NEARLY FULL"), "\(text.output)")

        // Space returns: the next read is captured, and everything ACKed reaches the platform once.
        let grow = try await TestProcess.run("/usr/bin/mount", ["-o", "remount,size=64m", mountPoint])
        #expect(grow.status == 0)
        #expect(try await station.scanner.sendAndAwaitReply(gs1Scan(1), timeout: .seconds(5)) == 0x06)
        try await station.startPlatform()
        let events = try await station.waitForPlatform(count: acked + 1, timeout: .seconds(90))
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == events.count)
        #expect(events.count == acked + 1, "every ACKed read, once")
    }
}
