import Foundation
import Testing
import TraceTesting

@Suite("Devices and daemon behaviour", .serialized)
struct DeviceBehaviourTests {
    @Test("unplug and replug: status shows the device disconnected, then reads resume on the same path", .timeLimit(.minutes(2)))
    func unplugReplug() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        try station.scanner.send(gs1Scan(1))
        _ = try await station.waitForPlatform(count: 1)

        station.scanner.unplug()
        let down = try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["state"] as? String) == "disconnected"
        }
        let message = (down["devices"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(!message.isEmpty, "a disconnected device says why")

        try station.scanner.replug()
        try await station.scanner.waitUntilOpened(timeout: .seconds(10))
        let up = try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["state"] as? String) == "connected"
        }
        #expect((up["devices"] as? [[String: Any]])?.first?["reconnects"] as? Int == 1)
        try station.scanner.send(gs1Scan(2))
        let events = try await station.waitForPlatform(count: 2)
        #expect(Set(events.compactMap { ($0["scan"] as? [String: Any])?["serial"] as? String }) == ["SN1", "SN2"])
    }

    @Test("handshake: ACK after the durable commit, NAK for a rejected code", .timeLimit(.minutes(2)))
    func ackNak() async throws {
        let station = try Station(handshake: true)
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        #expect(try await station.scanner.sendAndAwaitReply(gs1Scan(1), timeout: .seconds(5)) == 0x06)
        #expect(try await station.scanner.sendAndAwaitReply("]C1010690123456789321SN1", timeout: .seconds(5)) == 0x15)
        #expect(try await station.scanner.sendAndAwaitReply(gs1Scan(2), timeout: .seconds(5)) == 0x06)
        // The ACKed reads are in the store by the time the ACK arrived.
        let stats = try await station.status()["store"] as? [String: Any]
        #expect(stats?["events"] as? Int == 3)
    }

    @Test("duplicate reads inside the window are dropped and counted in status", .timeLimit(.minutes(2)))
    func dedupCounted() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig(dedupMs: 60_000)
        try await station.startDaemon()
        for _ in 0..<5 { try station.scanner.send(gs1Scan(7)) }
        try station.scanner.send(gs1Scan(8))
        _ = try await station.waitForPlatform(count: 2)
        let device = try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["duplicates"] as? Int) == 4
        }
        #expect(((device["devices"] as? [[String: Any]])?.first?["reads"] as? Int) == 2)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await station.platformEvents().count == 2)
    }

    @Test("413 above N events: the batch is halved until it fits; everything arrives", .timeLimit(.minutes(2)))
    func tooLarge() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig(batchMaxEvents: 100)
        try await station.stopPlatform()
        try await station.startDaemon()
        for i in 0..<60 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus { s in ((s["store"] as? [String: Any])?["events"] as? Int) == 60 }
        try await station.startPlatform(extra: ["--max-events", "16"])
        let events = try await station.waitForPlatform(count: 60)
        #expect(events.count == 60)
        let uploader = try await station.status()["uploader"] as? [String: Any]
        #expect((uploader?["batchLimit"] as? Int ?? 100) <= 16, "the learned batch size is remembered")
    }

    @Test("no upstream: runs offline, says so, keeps everything", .timeLimit(.minutes(2)))
    func offlineMode() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try station.writeConfig(upstream: false)
        try await station.startDaemon()
        #expect(station.daemon!.lines.contains { $0.contains("running offline") })
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        let s = try await station.waitForStatus { s in ((s["store"] as? [String: Any])?["unsynced"] as? Int) == 5 }
        #expect((s["uploader"] as? [String: Any])?["link"] as? String == "disabled")
        #expect(s["daemonRunning"] as? Bool == true)
        // edgetrace trace finds the reads by GTIN and by serial.
        let byGTIN = try await station.cli(["trace", "06901234567892", "--json", "--config", station.configPath])
        #expect((try JSONSerialization.jsonObject(with: Data(byGTIN.output.utf8)) as? [Any])?.count == 5)
        let bySerial = try await station.cli(["trace", "SN3", "--config", station.configPath])
        #expect(bySerial.status == 0 && bySerial.output.contains("serial SN3"))
        try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["lastRead"] as? String) == "]C1010690123456789221SN4"
        }
        let text = try await station.cli(["status", "--config", station.configPath])
        #expect(text.output.contains("5 unsynced"))
        #expect(text.output.contains("scanner-1"))
        #expect(text.output.contains("last read"))
        #expect(text.output.contains("]C1010690123456789221SN4"), "the last read is shown")
    }

    @Test("sd_notify: READY, STATUS and WATCHDOG under systemd's protocol; STOPPING on SIGTERM", .timeLimit(.minutes(2)))
    func systemdNotify() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let listener = try SystemdNotifyListener(socketPath: station.dir + "/notify.sock")
        defer { listener.close() }
        try station.writeConfig(upstream: false)
        try await station.startDaemon(environment: listener.environment.merging(["WATCHDOG_USEC": "400000"]) { $1 })
        var seen: [String] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, !(seen.contains("READY=1") && seen.contains("WATCHDOG=1") && seen.contains { $0.hasPrefix("STATUS=") }) {
            if let m = try await listener.nextMessage(timeout: .seconds(1)) { seen.append(m) }
        }
        #expect(seen.contains("READY=1"))
        #expect(seen.contains("WATCHDOG=1"))
        #expect(seen.contains { $0.hasPrefix("STATUS=") && $0.contains("unsynced") })
        station.daemon?.signal(SIGTERM)
        #expect(try await station.daemon?.waitForExit() == 0)
        var stopping = false
        while let m = try await listener.nextMessage(timeout: .milliseconds(500)) { if m == "STOPPING=1" { stopping = true } }
        #expect(stopping)
    }

    /// Under systemd an idle station used to send its STATUS line every `status_interval_ms` (and wake for it).
    /// It now sends the line when it changes, and otherwise only the watchdog ping at half `WatchdogSec`.
    @Test("under systemd an idle station sends only the watchdog ping; a scan brings a new STATUS line at once",
          .timeLimit(.minutes(2)))
    func systemdIdle() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let listener = try SystemdNotifyListener(socketPath: station.dir + "/notify.sock")
        defer { listener.close() }
        try station.writeConfig(upstream: false)   // status_interval_ms = 200
        try await station.startDaemon(environment: listener.environment.merging(["WATCHDOG_USEC": "1000000"]) { $1 })
        func collect(for duration: Duration) async throws -> [String] {
            var seen: [String] = []
            let end = ContinuousClock.now + duration
            while ContinuousClock.now < end {
                if let m = try await listener.nextMessage(timeout: .milliseconds(100)) { seen.append(m) }
            }
            return seen
        }
        let settling = try await collect(for: .seconds(2))
        #expect(settling.contains("READY=1"))
        let shown = try #require(settling.last { $0.hasPrefix("STATUS=") })
        #expect(shown.contains("devices 1/1 connected"), "\(settling)")

        let idle = try await collect(for: .seconds(3))
        let pings = idle.filter { $0 == "WATCHDOG=1" }.count
        #expect((4...8).contains(pings), "WATCHDOG=1 every 0.5 s expected, got \(pings) in 3 s: \(idle)")
        #expect(!idle.contains { $0.hasPrefix("STATUS=") }, "an idle station repeated its STATUS line: \(idle)")

        try station.scanner.send(gs1Scan(1))
        let sent = ContinuousClock.now
        var changed: String?
        while changed == nil, ContinuousClock.now - sent < .seconds(5) {
            if let m = try await listener.nextMessage(timeout: .milliseconds(100)), m.hasPrefix("STATUS="), m != shown { changed = m }
        }
        #expect(changed != nil, "no new STATUS line after a scan")
        #expect(ContinuousClock.now - sent < .seconds(1))
    }
}

@Suite("Bad input and bad state", .serialized)
struct BadInputTests {
    @Test("binary garbage on the serial line becomes rejected events; good scans keep flowing", .timeLimit(.minutes(2)))
    func garbage() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        try station.scanner.send(bytes: [0xFF, 0xFE, 0x00, 0x07, 0x41, 0x0D])
        try station.scanner.send(bytes: Array(repeating: 0x55, count: 5000))  // no terminator at all
        // The pause before the next scan ends the unterminated rest (inter_char_timeout_ms, 200 by default).
        try await Task.sleep(for: .milliseconds(500))
        try station.scanner.send(gs1Scan(1))
        let events = try await station.waitForPlatform(count: 4)
        let kinds = events.map { $0["kind"] as? String ?? "" }
        #expect(kinds.filter { $0 == "rejected" }.count >= 2)
        #expect(events.contains { ($0["scan"] as? [String: Any])?["serial"] as? String == "SN1" })
        let reasons = events.compactMap { ($0["rejected"] as? [String: Any])?["reason"] as? String }
        #expect(reasons.contains { $0.contains("baud rate") }, "binary input names a likely cause: \(reasons)")
        #expect(reasons.contains { $0.contains("terminator") }, "an overlong frame says so: \(reasons)")
        #expect(station.daemon?.isRunning == true)
    }

    @Test("a corrupt database is moved aside at start, logged, and shown by edgetrace status", .timeLimit(.minutes(2)))
    func corruptDatabase() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try Data(repeating: 0x42, count: 16384).write(to: URL(fileURLWithPath: station.dbPath))
        try station.writeConfig(upstream: false)
        try await station.startDaemon()
        #expect(station.daemon!.lines.contains { $0.contains("critical") && $0.contains("CORRUPT") })
        let status = try await station.status()
        let recovery = status["recovery"] as? [String: Any]
        #expect((recovery?["movedTo"] as? String)?.hasPrefix(station.dbPath + ".corrupt-") == true)
        try station.scanner.send(gs1Scan(1))
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["events"] as? Int == 1 }
        let text = try await station.cli(["status", "--config", station.configPath])
        #expect(text.output.contains("WAS CORRUPT"))
    }
}
