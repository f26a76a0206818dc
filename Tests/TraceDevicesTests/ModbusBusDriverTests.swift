import Foundation
import SerialPort
import Testing
import TraceDevices
import TraceModel
import TraceTesting

/// The Modbus bus driver over a real serial port (a pseudo-terminal) against emulated slaves.
@Suite("Modbus RTU sensors on an emulated RS-485 bus", .serialized)
struct ModbusBusDriverTests {
    /// Collects readings; the driver runs until the test cancels it.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Reading] = []
        func add(_ r: Reading) { lock.withLock { items.append(r) } }
        var all: [Reading] { lock.withLock { items } }

        func wait(timeout: Duration = .seconds(10), _ predicate: ([Reading]) -> Bool) async throws {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if predicate(all) { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("condition not met within \(timeout); readings: \(all.map(\.payload))")
            throw CancellationError()
        }
    }

    static func sensorData(_ readings: [Reading], _ id: String) -> [SensorData] {
        readings.compactMap { r in
            if case .sensor(let s) = r.payload, r.device.id == id { s } else { nil }
        }
    }

    static func states(_ readings: [Reading], _ id: String) -> [DeviceStateInfo] {
        readings.compactMap { r in
            if case .deviceState(let s) = r.payload, r.device.id == id { s } else { nil }
        }
    }

    func run(_ bus: ModbusEmulator, _ sensors: [ModbusSensor], _ body: (Collected) async throws -> Void) async throws {
        let driver = ModbusBusDriver(id: "bus", options: .init(
            settings: SerialSettings(path: bus.path, baudRate: 9600), sensors: sensors, responseTimeoutMs: 200),
            clock: CaptureClock(offsetSeconds: 0))
        let got = Collected()
        let task = Task { try await driver.run(sink: { got.add($0); return .captured }, onConnected: { _ in }) }
        defer { task.cancel() }
        try await body(got)
        task.cancel()
        _ = await task.result
    }

    @Test("two sensors on one bus: each answers for its address, negative values and calibration included", .timeLimit(.minutes(1)))
    func twoSensors() async throws {
        let bus = try ModbusEmulator()
        defer { bus.stop() }
        bus.setSlave(1, registers: [1: 0xFF9C, 2: 0x01F4])   // −10.0 °C, 50.0 %RH
        bus.setSlave(7, registers: [1: 0x0041, 2: 0x0320])   // 6.5 °C, 80.0 %RH
        let sensors = [
            ModbusSensor(id: "freezer", address: 1, intervalMs: 100),
            ModbusSensor(id: "chiller", address: 7, function: .readHoldingRegisters, intervalMs: 100,
                         calibration: .init(temperatureOffsetC: -0.5)),
        ]
        try await run(bus, sensors) { got in
            try await got.wait { Self.sensorData($0, "freezer").count >= 2 && Self.sensorData($0, "chiller").count >= 2 }
            let freezer = Self.sensorData(got.all, "freezer")[0]
            #expect(freezer.temperatureC == -10.0 && freezer.humidityPct == 50.0)
            #expect(freezer.serial == bus.path + "#1")
            let chiller = Self.sensorData(got.all, "chiller")[0]
            #expect(chiller.temperatureC == 6.0 && chiller.humidityPct == 80.0 && chiller.offsetC == -0.5)
        }
        // Function 04 for slave 1, 03 for slave 7; one request reads both registers.
        #expect(bus.requests.contains([0x01, 0x04, 0x00, 0x01, 0x00, 0x02, 0x20, 0x0B]))
        #expect(bus.requests.contains { $0[0] == 7 && $0[1] == 3 })
    }

    @Test("a corrupted CRC, an exception and silence give no value, one device reading each, and recovery", .timeLimit(.minutes(1)))
    func failures() async throws {
        let bus = try ModbusEmulator()
        defer { bus.stop() }
        bus.setSlave(1, registers: [1: 0x00C8, 2: 0x0190], behaviour: .corruptCRC)
        bus.setSlave(2, registers: [1: 0x00C8, 2: 0x0190], behaviour: .exception(2))
        bus.setSlave(3, registers: [1: 0x00C8, 2: 0x0190], behaviour: .silent)
        let sensors = (1...3).map { ModbusSensor(id: "s\($0)", address: UInt8($0), intervalMs: 100) }
        try await run(bus, sensors) { got in
            try await got.wait { r in (1...3).allSatisfy { !Self.states(r, "s\($0)").isEmpty } }
            // Several polls later, still one device reading per sensor and no invented values.
            try await Task.sleep(for: .milliseconds(600))
            for i in 1...3 {
                #expect(Self.sensorData(got.all, "s\(i)").isEmpty)
                #expect(Self.states(got.all, "s\(i)").count == 1)
            }
            #expect(Self.states(got.all, "s1")[0].message?.contains("CRC") == true)
            #expect(Self.states(got.all, "s2")[0].message?.contains("illegal data address") == true)
            #expect(Self.states(got.all, "s3")[0].message?.contains("no answer") == true)
            bus.setBehaviour(3, .normal)
            try await got.wait { Self.sensorData($0, "s3").count >= 1 }
            #expect(Self.sensorData(got.all, "s3")[0].temperatureC == 20.0)
            #expect(Self.states(got.all, "s3").last?.state == "connected")
        }
    }

    @Test("an excursion rule on a bus sensor starts and ends with the extreme value", .timeLimit(.minutes(1)))
    func excursion() async throws {
        let bus = try ModbusEmulator()
        defer { bus.stop() }
        bus.setSlave(1, registers: [1: 50, 2: 500])   // 5.0 °C
        let rule = ExcursionRule(name: "chilled-above-8", quantity: .temperatureC, condition: .above(8))
        try await run(bus, [ModbusSensor(id: "chiller", address: 1, intervalMs: 50, rules: [rule])]) { got in
            try await got.wait { Self.sensorData($0, "chiller").count >= 1 }
            bus.setRegister(1, 1, 95)
            try await got.wait { Self.sensorData($0, "chiller").contains { $0.temperatureC == 9.5 } }
            bus.setRegister(1, 1, 120)
            try await got.wait { Self.sensorData($0, "chiller").contains { $0.temperatureC == 12.0 } }
            bus.setRegister(1, 1, 60)
            try await got.wait { r in r.contains { if case .excursion(let e) = $0.payload { e.phase == "end" } else { false } } }
            let excursions = got.all.compactMap { r -> ExcursionInfo? in if case .excursion(let e) = r.payload { e } else { nil } }
            #expect(excursions.map(\.phase) == ["start", "end"])
            #expect(excursions[0].extreme == 9.5)
            #expect(excursions[1].extreme == 12.0 && excursions[1].endTime != nil && excursions[1].rule == "chilled-above-8")
        }
    }
}
