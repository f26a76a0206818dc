import Foundation
import Testing
import TraceTesting

/// A station with Modbus sensors end to end: the real `edgetraced` polls an emulated RS-485 bus (a pty),
/// and `sensor` and `excursion` events arrive at the real reference platform.
@Suite("Sensor station end to end", .serialized)
struct SensorStationTests {
    static func events(_ all: [[String: Any]], kind: String) -> [[String: Any]] {
        all.filter { $0["kind"] as? String == kind }
    }

    @Test("sensor readings and an excursion's start and end reach the platform", .timeLimit(.minutes(2)))
    func modbusToPlatform() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let bus = try ModbusEmulator()
        defer { bus.stop() }
        bus.setSlave(1, registers: [1: 0xFFCE, 2: 0x0258])   // −5.0 °C, 60.0 %RH
        bus.setSlave(2, registers: [1: 0x0032, 2: 0x0190])   // 5.0 °C, 40.0 %RH
        try await station.startPlatform()
        try station.writeConfig(devices: """
        [[device]]
        id = "rs485"
        driver = "modbus"
        path = "\(bus.path)"
        response_timeout_ms = 300
        reopen_max_ms = 200

        [[device.sensor]]
        id = "freezer"
        address = 1
        sample_interval_ms = 200

        [[device.sensor]]
        id = "chiller"
        address = 2
        sample_interval_ms = 200
        temperature_offset_c = 0.5

        [[device.sensor.excursion]]
        name = "chilled-above-8"
        above = 8
        """)
        try await station.startDaemon(waitForScanner: false)

        let first = try await Self.waitFor(station) { Self.events($0, kind: "sensor").count >= 4 }
        let freezer = try #require(Self.events(first, kind: "sensor").first { ($0["device"] as? [String: Any])?["id"] as? String == "freezer" })
        let data = try #require(freezer["sensor"] as? [String: Any])
        #expect(data["temperatureC"] as? Double == -5.0 && data["humidityPct"] as? Double == 60.0)
        #expect(data["model"] as? String == "modbus" && data["serial"] as? String == bus.path + "#1")

        bus.setRegister(2, 1, 0x0064)   // 10.0 °C (+0.5 calibration) on the chiller
        try await Self.waitFor(station) { !Self.events($0, kind: "excursion").isEmpty }
        bus.setRegister(2, 1, 0x0028)   // back to 4.0 °C
        let all = try await Self.waitFor(station) { Self.events($0, kind: "excursion").count >= 2 }
        let excursions = Self.events(all, kind: "excursion").compactMap { $0["excursion"] as? [String: Any] }
        #expect(excursions.map { $0["phase"] as? String } == ["start", "end"])
        #expect(excursions.allSatisfy { $0["rule"] as? String == "chilled-above-8" && $0["sensor"] as? String == "chiller" })
        #expect(excursions[1]["extreme"] as? Double == 10.5)
        #expect(excursions[1]["endTime"] is String && excursions[1]["startTime"] is String)
        // The freezer never broke a rule.
        #expect(!Self.events(all, kind: "excursion").contains { ($0["device"] as? [String: Any])?["id"] as? String == "freezer" })
    }

    @discardableResult
    static func waitFor(_ station: Station, timeout: Duration = .seconds(60),
                        _ predicate: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        var events: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            events = try await station.platformEvents()
            if predicate(events) { return events }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("platform events never matched (\(events.count) held); daemon output:\n\(station.daemon?.lines.suffix(30).joined(separator: "\n") ?? "")")
    }
}
