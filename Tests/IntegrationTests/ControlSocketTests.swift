import Foundation
import Testing
import TraceTesting

/// `edgetrace sync|pause|resume|reload|quarantine retry|discard` against a running daemon over its control socket.
@Suite("Control socket: edgetrace talks to the running daemon", .serialized)
struct ControlSocketTests {
    func json(_ output: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(output)")
        }
        return object
    }

    @Test("pause keeps reads queued and status says paused; resume delivers them; sync answers (human and --json)",
          .timeLimit(.minutes(3)))
    func pauseResumeSync() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        // Group members may use the socket: mode 0660 (the unit runs the daemon with group edgetrace).
        let mode = (try FileManager.default.attributesOfItem(atPath: station.controlSocket)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o660)

        let paused = try await station.cli(["pause", "--json", "--config", station.configPath])
        #expect(paused.status == 0)
        let pausedJSON = try json(paused.output)
        #expect(pausedJSON["ok"] as? Bool == true)
        #expect(pausedJSON["paused"] as? Bool == true)
        try await station.waitForStatus { ($0["uploader"] as? [String: Any])?["paused"] as? Bool == true }
        let human = try await station.cli(["status", "--config", station.configPath])
        #expect(human.output.contains("PAUSED by the operator"))

        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 5 }
        let again = try await station.cli(["pause", "--config", station.configPath])
        #expect(again.status == 0 && again.output.contains("already paused"))
        #expect(try await station.platformEvents().isEmpty, "nothing is sent while paused")

        let resumed = try await station.cli(["resume", "--config", station.configPath])
        #expect(resumed.status == 0)
        #expect(resumed.output.contains("uploading resumed"))
        let events = try await station.waitForPlatform(count: 5)
        #expect(events.count == 5)
        try await station.waitForStatus { ($0["uploader"] as? [String: Any])?["paused"] == nil }

        let sync = try await station.cli(["sync", "--json", "--config", station.configPath])
        #expect(sync.status == 0)
        #expect(try json(sync.output)["ok"] as? Bool == true)
        let syncHuman = try await station.cli(["sync", "--config", station.configPath])
        #expect(syncHuman.output.contains("trying the queue now"))
    }

    @Test("sync skips the backoff wait: with the platform back, a long backoff is cut short", .timeLimit(.minutes(3)))
    func syncSkipsBackoff() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        // A backoff far longer than the test's time limit: only `edgetrace sync` can end it.
        try station.writeConfig()
        var config = try String(contentsOfFile: station.configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "backoff_initial_ms = 50", with: "backoff_initial_ms = 600000")
            .replacingOccurrences(of: "backoff_max_ms = 500", with: "backoff_max_ms = 600000")
        try config.write(toFile: station.configPath, atomically: true, encoding: .utf8)
        try await station.stopPlatform()
        try await station.startDaemon()
        try station.scanner.send(gs1Scan(1))
        try await station.waitForStatus { ($0["uploader"] as? [String: Any])?["link"] as? String == "offline" }
        try await station.startPlatform()
        let r = try await station.cli(["sync", "--config", station.configPath])
        #expect(r.status == 0)
        let events = try await station.waitForPlatform(count: 1, timeout: .seconds(30))
        #expect(events.count == 1)
    }

    @Test("no daemon: a clear error naming the socket, exit 2; --json says unreachable")
    func daemonNotRunning() async throws {
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString.prefix(6)).sock").path
        let r = try await TestProcess.run("edgetrace", ["sync", "--socket", socket])
        #expect(r.status == 2)
        #expect(r.output.contains("the daemon is not running"))
        #expect(r.output.contains(socket))
        let j = try await TestProcess.run("edgetrace", ["pause", "--json", "--socket", socket])
        #expect(j.status == 2)
        #expect(try json(j.output)["error"] as? String == "unreachable")
    }

    @Test("quarantine: discard records the reason and keeps the event; retry delivers it once the platform accepts it",
          .timeLimit(.minutes(3)))
    func quarantineRetryDiscard() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: ["--poison-substring", "SNPOISON"])
        try station.writeConfig(batchMaxEvents: 8)
        try await station.startDaemon()
        for i in 0..<4 { try station.scanner.send(gs1Scan(i)) }
        try station.scanner.send("]C1010690123456789221SNPOISONA")
        try station.scanner.send("]C1010690123456789221SNPOISONB")
        for i in 4..<8 { try station.scanner.send(gs1Scan(i)) }
        _ = try await station.waitForPlatform(count: 8)
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["quarantined"] as? Int == 2 }
        let list = try await station.cli(["quarantine", "list", "--json", "--config", station.configPath])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])
        let seqs = entries.compactMap { $0["seq"] as? Int }.sorted()
        #expect(seqs.count == 2)
        let (a, b) = (seqs[0], seqs[1])

        let missingReason = try await station.cli(["quarantine", "discard", "\(a)", "--config", station.configPath])
        #expect(missingReason.status != 0)
        #expect(missingReason.output.contains("--reason"))
        let discard = try await station.cli(["quarantine", "discard", "\(a)", "--reason", "test label, not a product", "--json",
                                             "--config", station.configPath])
        #expect(discard.status == 0)
        #expect(try json(discard.output)["seqs"] as? [Int] == [a])
        let unknown = try await station.cli(["quarantine", "retry", "1", "--config", station.configPath])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("not in quarantine"))

        // The platform is fixed (restarted without the poison rule); retry the other one.
        try await station.stopPlatform()
        try await station.startPlatform()
        let retry = try await station.cli(["quarantine", "retry", "\(b)", "--reason", "platform fixed", "--config", station.configPath])
        #expect(retry.status == 0)
        #expect(retry.output.contains("1 event(s) queued"))
        let events = try await station.waitForPlatform(count: 9)
        #expect(events.contains { ($0["scan"] as? [String: Any])?["serial"] as? String == "SNPOISONB" })
        #expect(!events.contains { ($0["scan"] as? [String: Any])?["serial"] as? String == "SNPOISONA" })
        #expect(events.first { ($0["scan"] as? [String: Any])?["serial"] as? String == "SNPOISONB" }?["seq"] as? Int == b,
                "the retried event is the stored one, same seq")
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["quarantined"] as? Int == 0 }
        let after = try await station.cli(["quarantine", "list", "--config", station.configPath])
        #expect(after.output.contains("#\(a)") && after.output.contains("DISCARDED"))
        #expect(!after.output.contains("#\(b) "))
        let audit = try await station.cli(["quarantine", "audit", "--json", "--config", station.configPath])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(audit.output.utf8)) as? [[String: Any]])
        #expect(actions.map { "\($0["seq"] as? Int ?? 0) \($0["action"] as? String ?? "")" } == ["\(b) delivered", "\(b) retry", "\(a) discard"])
        let discarded = actions.last
        #expect(discarded?["reason"] as? String == "test label, not a product")
        #expect((discarded?["actor"] as? String)?.hasPrefix("uid \(getuid()) (pid ") == true)
        let auditHuman = try await station.cli(["quarantine", "audit", "--seq", "\(a)", "--config", station.configPath])
        #expect(auditHuman.output.contains("#\(a)  discard  by uid \(getuid())") && auditHuman.output.contains(": test label, not a product"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await station.platformEvents().count == 9, "nothing twice")
    }
}
