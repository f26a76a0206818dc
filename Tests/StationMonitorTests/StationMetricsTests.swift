import Foundation
import Prometheus
import Testing
import TraceDevices
@testable import StationMonitor

@Suite("Station metrics and the monitor's routes")
struct StationMetricsTests {
    static func snapshot(reads: Int64, rejected: Int64 = 0, duplicates: Int64 = 0, state: DeviceStatus.State = .connected,
                         delivered: Int64 = 0, unsynced: Int64 = 0, oldest: Int64? = nil) -> StationSnapshot {
        var device = DeviceStatus(id: "dock \"A\"", driver: "serial", path: "/dev/x", state: state, sinceMillis: 0)
        device.reads = reads
        device.rejected = rejected
        device.duplicates = duplicates
        return StationSnapshot(
            gateway: "g", generatedMillis: 100_000, startedMillis: 0, devices: [device],
            queue: .init(unsynced: unsynced, lastSeq: reads, cursor: reads - unsynced, oldestUnsyncedMillis: oldest, quarantined: 0),
            upload: .init(link: "online", upstream: nil, delivered: delivered, quarantined: 0),
            budget: .init(databaseBytes: 4096, limitBytes: 1 << 30, freeBytes: 1 << 20, minFreeBytes: 64 << 20, refusing: false),
            recent: [])
    }

    static func value(_ text: String, _ prefix: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test("counters follow running totals by their difference and never go back; gauges are set")
    func countersAndGauges() async throws {
        let metrics = StationMetrics(registry: PrometheusCollectorRegistry())
        await metrics.update(from: Self.snapshot(reads: 5, rejected: 1, duplicates: 2, delivered: 3, unsynced: 2, oldest: 40_000))
        var text = String(decoding: metrics.render(), as: UTF8.self)
        // The label value is escaped (a quote in a device id).
        #expect(Self.value(text, #"edgetrace_events_captured_total{device="dock \"A\""}"#) == 4)
        #expect(Self.value(text, #"edgetrace_events_rejected_total{device="dock \"A\""}"#) == 1)
        #expect(Self.value(text, #"edgetrace_events_deduplicated_total{device="dock \"A\""}"#) == 2)
        #expect(Self.value(text, "edgetrace_events_delivered_total") == 3)
        #expect(Self.value(text, "edgetrace_queue_events") == 2)
        #expect(Self.value(text, "edgetrace_queue_oldest_age_seconds") == 60)
        #expect(Self.value(text, "edgetrace_store_budget_bytes") == Double(1 << 30))
        #expect(text.contains("# TYPE edgetrace_events_captured_total counter"))
        #expect(text.contains("# TYPE edgetrace_device_up gauge"))

        await metrics.update(from: Self.snapshot(reads: 9, rejected: 1, state: .disconnected, delivered: 1))
        text = String(decoding: metrics.render(), as: UTF8.self)
        #expect(Self.value(text, #"edgetrace_events_captured_total{device="dock \"A\""}"#) == 8)
        #expect(Self.value(text, "edgetrace_events_delivered_total") == 3, "a smaller total does not lower a counter")
        #expect(Self.value(text, #"edgetrace_device_up{device="dock \"A\"",driver="serial"}"#) == 0)
        #expect(Self.value(text, "edgetrace_queue_oldest_age_seconds") == 0, "empty queue: age 0")
    }

    @Test("loopback Host headers", arguments: [
        ("localhost", true), ("localhost:9464", true), ("127.0.0.1", true), ("127.1.2.3:80", true), ("[::1]:9464", true),
        ("LOCALHOST", true), ("example.com", false), ("10.0.0.1:9464", false), ("127.0.0.1.evil.com", false), ("[::2]", false),
        ("127.0.0", false),
    ])
    func loopbackHosts(host: String, loopback: Bool) {
        #expect(MonitorRouter.isLoopbackHost(host) == loopback)
    }

    @Test("recent events as text: scans interpreted, GS shown, rejected with reason, long text cut", arguments: [
        (#"{"kind":"scan","scan":{"gtin":"06901234567892","serial":"SN1","raw":"x"}}"#, "GTIN 06901234567892, serial SN1"),
        (#"{"kind":"scan","scan":{"raw":"A\u001DB"}}"#, "A<GS>B"),
        (#"{"kind":"rejected","rejected":{"reason":"GTIN check digit","raw":"]C1019"}}"#, "GTIN check digit: ]C1019"),
        (#"{"kind":"tag","tag":{"type":"NTAG213","uid":"04A2"}}"#, "NTAG213 UID 04A2"),
        (#"{"kind":"scan","scan":{"raw":""# + String(repeating: "x", count: 300) + #""}}"#, String(repeating: "x", count: 119) + "…"),
    ])
    func recentText(json: String, text: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(RecentEventText.text(kind: object["kind"] as! String, json: object) == text)
    }
}
