import Foundation
import Testing
import TraceTesting

@Suite("Metrics endpoint: Prometheus text from the running daemon", .serialized)
struct MetricsEndpointTests {
    @Test("metrics move as scans arrive, are delivered, and queue up while the platform is down; promtool accepts them",
          .timeLimit(.minutes(3)))
    func metricsFollowTheStation() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeMonitorConfig(dedupMs: 60_000)
        try await station.startDaemon()
        let base = try await station.monitorURL()
        #expect(base.hasPrefix("http://127.0.0.1:"))
        let device = ["device": "scanner-1"]

        let first = try await station.scrape(base)
        #expect(first.value("edgetrace_device_up", ["device": "scanner-1", "driver": "serial"]) == 1)
        #expect(first.value("edgetrace_events_captured_total", device) == 0)
        #expect(first.value("edgetrace_queue_events") == 0)
        #expect(first.value("edgetrace_store_budget_bytes") == Double(2048 << 20))
        #expect(first.types["edgetrace_upload_duration_seconds"] == "histogram")
        #expect(first.types["edgetrace_upload_retries_total"] == "counter")
        #expect(first.types["edgetrace_events_delivered_total"] == "counter")
        for (family, type) in first.types where type == "counter" {
            #expect(family.hasSuffix("_total"), "counter \(family) ends in _total")
        }
        for family in first.types.keys { #expect(first.help[family]?.isEmpty == false, "\(family) has HELP text") }

        // 3 good scans, one repeated inside the dedup window, one with a bad check digit.
        for i in 0..<3 { try station.scanner.send(gs1Scan(i)) }
        try station.scanner.send(gs1Scan(0))
        try station.scanner.send("]C1010690123456789321X")
        _ = try await station.waitForPlatform(count: 4)
        let delivered = try await station.waitForMetrics(base) { $0.value("edgetrace_events_delivered_total") == 4 }
        #expect(delivered.value("edgetrace_events_captured_total", device) == 3)
        #expect(delivered.value("edgetrace_events_rejected_total", device) == 1)
        #expect(delivered.value("edgetrace_events_deduplicated_total", device) == 1)
        #expect(delivered.value("edgetrace_events_failed_total", device) == 0)
        #expect(delivered.value("edgetrace_queue_events") == 0)
        #expect(delivered.value("edgetrace_queue_oldest_age_seconds") == 0)
        #expect(delivered.value("edgetrace_store_last_seq") == 4)
        #expect(delivered.value("edgetrace_upstream_up") == 1)
        #expect((delivered.value("edgetrace_upload_duration_seconds_count") ?? 0) >= 1)
        #expect(delivered.value("edgetrace_upload_duration_seconds_bucket", ["le": "+Inf"])
                == delivered.value("edgetrace_upload_duration_seconds_count"))
        #expect((delivered.value("edgetrace_store_database_bytes") ?? 0) > 0)

        // promtool (the Prometheus project's own checker) accepts the exposition.
        let file = station.dir + "/metrics.txt"
        let text = try await station.httpGet(base + "/metrics")
        #expect(text.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        try text.body.write(toFile: file, atomically: true, encoding: .utf8)
        let promtool = try await TestProcess.run("/bin/sh", ["-c", "promtool check metrics < '\(file)'"])
        #expect(promtool.status == 0, "promtool check metrics: \(promtool.output)")

        // The platform goes away: reads queue up, the link goes down, retries are counted.
        try await station.stopPlatform()
        for i in 10..<12 { try station.scanner.send(gs1Scan(i)) }
        let offline = try await station.waitForMetrics(base) {
            $0.value("edgetrace_queue_events") == 2 && $0.value("edgetrace_upstream_up") == 0
                && ($0.value("edgetrace_upload_retries_total") ?? 0) >= 1
                && $0.value("edgetrace_events_captured_total", device) == 5
        }
        #expect(offline.value("edgetrace_events_delivered_total") == 4, "a counter never goes back")
        #expect((offline.value("edgetrace_queue_oldest_age_seconds") ?? -1) >= 0)

        // The scanner is unplugged: its up gauge drops to 0.
        station.scanner.unplug()
        try await station.waitForMetrics(base) { $0.value("edgetrace_device_up", ["device": "scanner-1", "driver": "serial"]) == 0 }
    }

    @Test("metrics on a Unix socket; other paths 404, POST 405, a foreign Host header 403", .timeLimit(.minutes(2)))
    func unixSocketAndRefusals() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let socket = station.dir + "/metrics.sock"
        try station.writeMonitorConfig(listen: socket, statusPage: false, upstream: false)
        try await station.startDaemon()
        try await station.daemon!.waitForLine { $0.contains("monitor listening on unix:") }
        let mode = try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int
        #expect(mode == 0o660, "group members may connect")
        try station.scanner.send(gs1Scan(1))

        var text = ""
        let deadline = ContinuousClock.now + .seconds(15)
        repeat {
            let r = try await TestProcess.run("/usr/bin/curl", ["-sS", "--unix-socket", socket, "http://localhost/metrics"])
            #expect(r.status == 0, "curl: \(r.output)")
            text = r.output
            if let m = try? PrometheusText(text), m.value("edgetrace_events_captured_total", ["device": "scanner-1"]) == 1,
               m.value("edgetrace_queue_events") == 1 { break }
            try await Task.sleep(for: .milliseconds(150))
        } while ContinuousClock.now < deadline
        let metrics = try PrometheusText(text)
        #expect(metrics.value("edgetrace_events_captured_total", ["device": "scanner-1"]) == 1)
        #expect(metrics.value("edgetrace_queue_events") == 1, "offline: the event stays queued")

        func curl(_ args: [String]) async throws -> String {
            try await TestProcess.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}\n", "--unix-socket", socket] + args).output
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let off = try await curl(["http://localhost/status.json"])
        #expect(off == "404", "the status page is off: \(off)")
        let post = try await curl(["-X", "POST", "http://localhost/metrics"])
        #expect(post == "405", "\(post)")
        let foreign = try await curl(["-H", "Host: attacker.example", "http://localhost/metrics"])
        #expect(foreign == "403", "\(foreign)")
    }
}
