import Foundation
import Testing
import TraceTesting

@Suite("End to end: pty scanner → edgetraced → edgetrace-platform", .serialized)
struct EndToEndTests {
    @Test("scans arrive at the platform; platform down and back: all delivered, none twice", .timeLimit(.minutes(3)))
    func deliveryAcrossOutage() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()

        for i in 0..<20 { try station.scanner.send(gs1Scan(i)) }
        let first = try await station.waitForPlatform(count: 20)
        #expect(first.count == 20)
        let scan = try #require(first.first?["scan"] as? [String: Any])
        #expect(scan["gtin"] as? String == "06901234567892")
        #expect((first.first?["context"] as? [String: Any])?["bizStep"] as? String == "receiving")
        // A station without a camera never loads libzbar, nor the X11, D-Bus, V4L and JPEG libraries it brings.
        let maps = try #require(station.daemon).memoryMap()
        #expect(!maps.contains("libzbar"), "libzbar mapped by a daemon without a camera")
        #expect(!maps.contains("libX11"), "libX11 mapped by a daemon without a camera")

        // The platform goes away; reads keep being captured locally.
        try await station.stopPlatform()
        for i in 20..<50 { try station.scanner.send(gs1Scan(i)) }
        // The link is reported offline once the first attempt failed (connect retries last up to the request timeout).
        var json: [String: Any]? = nil
        let deadline = ContinuousClock.now + .seconds(15)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            let status = try await station.cli(["status", "--json", "--config", station.configPath])
            #expect(status.status == 0)
            json = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
        } while (json?["uploader"] as? [String: Any])?["link"] as? String != "offline" && ContinuousClock.now < deadline
        let store = json?["store"] as? [String: Any]
        #expect(store?["unsynced"] as? Int == 30, "30 reads queued while the platform is down")
        #expect((json?["uploader"] as? [String: Any])?["link"] as? String == "offline")
        #expect((json?["uploader"] as? [String: Any])?["lastError"] as? String != nil)

        // Back: the backlog drains, in order, nothing twice.
        try await station.startPlatform()
        let all = try await station.waitForPlatform(count: 50)
        let ids = all.compactMap { $0["eventID"] as? String }
        #expect(ids.count == 50 && Set(ids).count == 50)
        let serials = Set(all.compactMap { ($0["scan"] as? [String: Any])?["serial"] as? String })
        #expect(serials == Set((0..<50).map { "SN\($0)" }))
        let seqs = all.compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...50))
        try await Task.sleep(for: .milliseconds(500))
        let after = try await station.platformEvents()
        #expect(after.count == 50, "no event delivered twice")
    }

    @Test("poison event: the platform refuses one; it is quarantined and the rest is delivered", .timeLimit(.minutes(3)))
    func poisonEvent() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: ["--poison-substring", "SNPOISON"])
        try station.writeConfig(batchMaxEvents: 16)
        try await station.startDaemon()
        for i in 0..<10 { try station.scanner.send(gs1Scan(i)) }
        try station.scanner.send("]C1010690123456789221SNPOISON")
        for i in 10..<20 { try station.scanner.send(gs1Scan(i)) }
        let events = try await station.waitForPlatform(count: 20)
        try await Task.sleep(for: .milliseconds(500))
        #expect(events.count == 20)
        #expect(!events.contains { ($0["scan"] as? [String: Any])?["serial"] as? String == "POISON" })
        let q = try await station.cli(["quarantine", "list", "--json", "--config", station.configPath])
        let entries = try JSONSerialization.jsonObject(with: Data(q.output.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1)
        #expect((entries?.first?["reason"] as? String)?.contains("422") == true)
    }

    @Test("graceful shutdown with a backlog: exits quickly, loses nothing", .timeLimit(.minutes(3)))
    func gracefulShutdownWithBacklog() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.stopPlatform()  // platform down: everything stays queued
        try await station.startDaemon()
        for i in 0..<40 { try station.scanner.send(gs1Scan(i)) }
        try await Task.sleep(for: .seconds(1))
        let started = ContinuousClock.now
        station.daemon?.signal(SIGTERM)
        let status = try await station.daemon!.waitForExit(timeout: .seconds(30))
        let took = ContinuousClock.now - started
        #expect(status == 0)
        #expect(took < .seconds(10), "stop within systemd's TimeoutStopSec, took \(took)")
        #expect(station.daemon!.lines.contains { $0.contains("stopped cleanly") })

        try await station.startPlatform()
        try await station.startDaemon()
        let events = try await station.waitForPlatform(count: 40)
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == 40)
    }

    @Test("rejected input is kept as a rejected event with the reason", .timeLimit(.minutes(2)))
    func rejectedInput() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig()
        try await station.startDaemon()
        try station.scanner.send("]C1010690123456789321SN1")  // wrong GTIN check digit
        let events = try await station.waitForPlatform(count: 1)
        #expect(events.first?["kind"] as? String == "rejected")
        let reason = (events.first?["rejected"] as? [String: Any])?["reason"] as? String ?? ""
        #expect(reason.lowercased().contains("check digit"), "reason: \(reason)")
    }
}

@Suite("Upstream faults end to end", .serialized)
struct UpstreamFaultTests {
    @Test("a hung platform hits the request timeout; a batch it stored but never answered is not doubled", .timeLimit(.minutes(2)))
    func hungPlatform() async throws {
        let station = try Station()
        defer { station.shutdown() }
        // The platform stores each batch, then sits on the answer for 10 s (request_timeout_ms is 3000).
        try await station.startPlatform(extra: ["--delay-ms", "10000"])
        try station.writeConfig()
        try await station.startDaemon()
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        let timedOut = try await station.waitForStatus(timeout: .seconds(20)) {
            (($0["uploader"] as? [String: Any])?["lastError"] as? String) != nil
        }
        #expect(((timedOut["store"] as? [String: Any])?["unsynced"] as? Int ?? 0) > 0, "nothing acknowledged on a timeout")
        _ = try await station.platformJSON("/v1/_faults", method: .DELETE)
        try await station.waitForStatus(timeout: .seconds(30)) {
            let store = $0["store"] as? [String: Any]
            return store?["events"] as? Int == 5 && store?["unsynced"] as? Int == 0
        }
        let events = try await station.platformEvents()
        #expect(events.count == 5)
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == 5, "the retried batch was deduplicated")
    }

    @Test("connections dropped without an answer: retried, delivered once", .timeLimit(.minutes(2)))
    func droppedConnections() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: ["--drop-count", "3"])
        try station.writeConfig()
        try await station.startDaemon()
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus(timeout: .seconds(30)) {
            let store = $0["store"] as? [String: Any]
            return store?["events"] as? Int == 5 && store?["unsynced"] as? Int == 0
        }
        let events = try await station.platformEvents()
        #expect(events.count == 5)
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == 5)
    }
}
