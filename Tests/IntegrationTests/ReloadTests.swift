import Foundation
import Synchronization
import Testing
import TraceTesting

@Suite("Reload: edgetrace reload and SIGHUP change the running daemon without dropping reads", .serialized)
struct ReloadTests {
    @Test("a steady scan stream (one every 20 ms) across several reloads: every ACKed scan reaches the platform exactly once",
          .timeLimit(.minutes(4)))
    func reloadUnderLoad() async throws {
        let station = try Station(handshake: true)
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()

        let total = 150
        let sent = SentCounter()
        let stream = Task { () throws -> [Int: UInt8?] in
            var replies: [Int: UInt8?] = [:]
            for i in 0..<total {
                replies[i] = try await station.scanner.sendAndAwaitReply(gs1Scan(i), timeout: .seconds(3))
                sent.value.withLock { $0 += 1 }
                try await Task.sleep(for: .milliseconds(20))
            }
            return replies
        }

        let secondDevice = """
        [[device]]
        id = "scanner-2"
        driver = "serial"
        path = "\(station.dir)/absent-scanner"
        framing = "cr"
        reopen_max_ms = 200
        """
        // 1: station context changes; 2: a device is added; 3: it is removed; 4: an invalid file is refused; 5: valid again.
        // Reload once scans are flowing (a fixed pause was too short on a loaded machine: 0 sent at the first).
        let flowing = ContinuousClock.now + .seconds(20)
        while sent.value.withLock({ $0 }) < 5, ContinuousClock.now < flowing { try await Task.sleep(for: .milliseconds(20)) }
        let sentAtFirstReload = sent.value.withLock { $0 }
        try station.writeConfig(bizStep: "shipping")
        let first = try await station.cli(["reload", "--json", "--config", station.configPath])
        #expect(first.status == 0, "\(first.output)")
        let firstJSON = try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any]
        #expect((firstJSON?["reload"] as? [String: Any])?["unchanged"] as? [String] == ["scanner-1"])

        try await Task.sleep(for: .milliseconds(300))
        try station.writeConfig(bizStep: "shipping", extra: secondDevice)
        let second = try await station.cli(["reload", "--json", "--config", station.configPath])
        let secondJSON = try JSONSerialization.jsonObject(with: Data(second.output.utf8)) as? [String: Any]
        #expect((secondJSON?["reload"] as? [String: Any])?["started"] as? [String] == ["scanner-2"])
        try await station.waitForStatus { ($0["devices"] as? [[String: Any]])?.count == 2 }

        try await Task.sleep(for: .milliseconds(300))
        try station.writeConfig(bizStep: "receiving")
        let third = try await station.cli(["reload", "--config", station.configPath])
        #expect(third.status == 0)
        #expect(third.output.contains("stopped: scanner-2"))

        try await Task.sleep(for: .milliseconds(300))
        let good = try String(contentsOfFile: station.configPath, encoding: .utf8)
        try (good + "\n[upstream2]\nurl = 5\n").write(toFile: station.configPath, atomically: true, encoding: .utf8)
        let invalid = try await station.cli(["reload", "--config", station.configPath])
        #expect(invalid.status == 1)
        #expect(invalid.output.contains("NOT reloaded"))
        #expect(invalid.output.contains("\(station.configPath):"), "names FILE:LINE: \(invalid.output)")

        try await Task.sleep(for: .milliseconds(300))
        try good.write(toFile: station.configPath, atomically: true, encoding: .utf8)
        let fifth = try await station.cli(["reload", "--config", station.configPath])
        #expect(fifth.status == 0)
        let sentAfterReloads = sent.value.withLock { $0 }
        #expect(sentAtFirstReload > 0 && sentAtFirstReload < total && sentAfterReloads > sentAtFirstReload,
                "the reloads ran while scans were flowing (\(sentAtFirstReload) sent at the first, \(sentAfterReloads) after the last)")

        let replies = try await stream.value
        let acked = replies.filter { $0.value == 0x06 }.map(\.key)
        #expect(acked.count == total, "every scan was ACKed: \(replies.filter { $0.value != 0x06 }.map(\.key).sorted())")
        let events = try await station.waitForPlatform(count: acked.count)
        try await Task.sleep(for: .milliseconds(500))
        let final = try await station.platformEvents()
        let serials = final.compactMap { ($0["scan"] as? [String: Any])?["serial"] as? String }
        for i in acked { #expect(serials.filter { $0 == "SN\(i)" }.count == 1, "SN\(i) exactly once") }
        #expect(final.count == events.count)
        let steps = Set(final.compactMap { ($0["context"] as? [String: Any])?["bizStep"] as? String })
        #expect(steps == ["receiving", "shipping"], "the context change applied to the events that followed")
        let status = try await station.status()
        #expect((status["devices"] as? [[String: Any]])?.map { $0["id"] as? String } == ["scanner-1"])
    }

    @Test("a device whose settings changed is restarted (port closed, reopened with the new settings) and its reads resume",
          .timeLimit(.minutes(3)))
    func changedDeviceRestarts() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        try station.scanner.send(gs1Scan(1))
        _ = try await station.waitForPlatform(count: 1)

        let text = try String(contentsOfFile: station.configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "framing = \"cr\"", with: "framing = \"lf\"")
            .write(toFile: station.configPath, atomically: true, encoding: .utf8)
        let r = try await station.cli(["reload", "--json", "--config", station.configPath])
        let json = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]
        #expect((json?["reload"] as? [String: Any])?["restarted"] as? [String] == ["scanner-1"])
        try await station.daemon?.waitForLine { $0.contains("device stopped") }
        try await station.scanner.waitUntilOpened(timeout: .seconds(10))
        try await station.waitForStatus { ($0["devices"] as? [[String: Any]])?.first?["state"] as? String == "connected" }
        // The new framing applies: LF ends a read now.
        try station.scanner.send(gs1Scan(2), terminator: [0x0A])
        let events = try await station.waitForPlatform(count: 2)
        #expect(events.contains { ($0["scan"] as? [String: Any])?["serial"] as? String == "SN2" })
    }

    @Test("SIGHUP reloads: the new station context applies to the next scan; the scanner keeps running", .timeLimit(.minutes(3)))
    func sighup() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        try station.scanner.send(gs1Scan(1))
        _ = try await station.waitForPlatform(count: 1)

        try station.writeConfig(bizStep: "shipping")
        station.daemon?.signal(SIGHUP)
        try await station.daemon?.waitForLine { $0.contains("configuration reloaded") && $0.contains("SIGHUP") }
        try station.scanner.send(gs1Scan(2))
        let events = try await station.waitForPlatform(count: 2)
        let second = events.first { ($0["scan"] as? [String: Any])?["serial"] as? String == "SN2" }
        #expect((second?["context"] as? [String: Any])?["bizStep"] as? String == "shipping")
        #expect(station.daemon?.isRunning == true)
        #expect(try await station.deviceStatus()["reconnects"] as? Int ?? 0 == 0, "the unchanged scanner was not reopened")
    }
}

final class SentCounter: Sendable {
    let value = Mutex(0)
}
