import Foundation
import Testing
import TraceTesting

/// The daemon uploading through `Fixtures/faultproxy/faultproxy.py`, a TCP proxy that misbehaves on its
/// first connections (a response trickling in a byte per second; a response reset half-way through its
/// body) and then passes through to the real platform.
@Suite("Upstream slow and broken responses", .serialized)
struct UpstreamSlowTests {
    static let proxyScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/faultproxy/faultproxy.py").path

    /// Runs the station through the proxy in `mode` for `faulty` connections; returns the daemon's log.
    func runThroughProxy(mode: String, faulty: Int) async throws -> [String] {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        let proxy = try TestProcess("/usr/bin/python3", [Self.proxyScript, "--target", "127.0.0.1:\(station.platformPort)",
                                                         "--mode", mode, "--faulty", "\(faulty)"])
        defer { proxy.killTree() }
        let portLine = try await proxy.waitForLine(timeout: .seconds(10)) { $0.hasPrefix("PORT ") }
        let proxyPort = try #require(Int(portLine.dropFirst(5)))
        try station.writeConfig()
        let config = try String(contentsOfFile: station.configPath, encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:\(station.platformPort)", with: "127.0.0.1:\(proxyPort)")
        try config.write(toFile: station.configPath, atomically: true, encoding: .utf8)
        try await station.startDaemon()
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus(timeout: .seconds(60)) {
            let store = $0["store"] as? [String: Any]
            return store?["events"] as? Int == 5 && store?["unsynced"] as? Int == 0
        }
        let events = try await station.platformEvents()
        #expect(events.count == 5)
        #expect(Set(events.compactMap { $0["eventID"] as? String }).count == 5, "delivered once")
        #expect(proxy.lines.filter { $0.hasPrefix("FAULT") }.count == faulty, "every faulty connection was tried: \(proxy.lines)")
        return station.daemon?.lines ?? []
    }

    @Test("a slow-loris response (a byte per second) hits the request timeout; the batch is retried and delivered once",
          .timeLimit(.minutes(2)))
    func slowLoris() async throws {
        let log = try await runThroughProxy(mode: "slowloris", faulty: 2)
        let failures = log.filter { $0.contains("upload failed") }
        #expect(failures.count >= 2, "each trickling response was cut off by the 3 s request timeout")
        #expect(failures.contains { $0.contains("did not answer within upstream.request_timeout_ms") }, "\(failures)")
    }

    @Test("a response reset half-way through its body: retried, delivered once", .timeLimit(.minutes(2)))
    func resetMidBody() async throws {
        let log = try await runThroughProxy(mode: "reset", faulty: 2)
        let failures = log.filter { $0.contains("upload failed") }
        #expect(failures.count >= 2, "each reset is an upload failure that keeps the events queued")
        #expect(failures.contains { $0.contains("closed the connection before its answer was complete") || $0.contains("reset the connection") },
                "\(failures)")
    }
}
