import Foundation
import Testing
import TraceTesting

/// The TEMPer driver's real libusb code against emulated USB devices (umockdev's LD_PRELOAD emulation
/// of sysfs, udev and usbfs), through `edgetrace-sensor-probe`.
@Suite("TEMPer sensors through libusb and umockdev", .serialized)
struct TemperUMockdevTests {
    static func sensors(_ bed: UMockdevHarness) -> [[String: Any]] {
        bed.jsonLines.filter { $0["reading"] as? String == "sensor" }
    }

    @Test("0c45:7401 (SET_REPORT + interrupt family), static ioctl replay: −4.5 °C, port path as identity",
          .timeLimit(.minutes(1)))
    func staticReplay() async throws {
        let dir = try TemporaryDirectory()
        let bed = try UMockdevHarness(
            devices: ["temper1-0c45-7401.umockdev"], ioctls: [("/dev/bus/usb/001/004", "temper1-0c45-7401.ioctl")],
            program: "edgetrace-sensor-probe", ["temper", "--vid", "0c45", "--pid", "7401", "--interval-ms", "100", "--count", "2"],
            directory: dir.path)
        defer { bed.stop() }
        try await bed.waitForJSON { $0["state"] as? String == "connected" }
        let first = try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        #expect(first["temperatureC"] as? Double == -4.5)
        #expect(first["model"] as? String == "TEMPer1")
        #expect(first["serial"] as? String == "usb:1-4")
        #expect(first["raw"] as? String == "8002fb8000000000")
        try await bed.waitForJSON { _ in Self.sensors(bed).count >= 2 }
    }

    @Test("413d:2107 (firmware query family), dynamic handler: strings, firmware, calibration, negative values",
          .timeLimit(.minutes(1)))
    func firmwareFamily() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.gold(dir, ["--offset-c", "0.5"])
        defer { bed.stop() }
        let first = try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        #expect(first["temperatureC"] as? Double == 25.5)   // 0x09C4 / 100 + 0.5
        #expect(first["model"] as? String == "TEMPerGold_V3.1")
        #expect(first["serial"] as? String == "TG-0001")
        try await bed.send("report 8080fe0c4e200000")
        let cold = try await bed.waitForJSON { $0["temperatureC"] as? Double == -4.5 }
        #expect(cold["humidityPct"] == nil)
    }

    @Test("a sensor that stops answering: no values, a device reading and a reset, then values again",
          .timeLimit(.minutes(1)))
    func stopsAnswering() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.gold(dir, [])
        defer { bed.stop() }
        try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        try await bed.send("silent 1")
        let gap = try await bed.waitForJSON { $0["reading"] as? String == "deviceState" && $0["state"] as? String == "unresponsive" }
        #expect((gap["message"] as? String)?.contains("TIMEOUT") == true)
        let before = Self.sensors(bed).count
        try await Task.sleep(for: .milliseconds(300))
        // At most the sample already delivered when the gap began; nothing invented during it.
        #expect(Self.sensors(bed).count <= before + 0)
        try await bed.send("silent 0")
        try await bed.waitForJSON { _ in Self.sensors(bed).count > before }
        let states = bed.jsonLines.filter { $0["reading"] as? String == "deviceState" }.compactMap { $0["state"] as? String }
        #expect(states.last == "connected")
    }

    @Test("unplug and replug: the gap shows as disconnected, the same sensor comes back by its serial number",
          .timeLimit(.minutes(1)))
    func unplugReplug() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.gold(dir, ["--serial", "TG-0001"])
        defer { bed.stop() }
        try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        try await bed.send("unplug")
        try await bed.waitForJSON { $0["state"] as? String == "disconnected" }
        let before = Self.sensors(bed).count
        try await bed.send("plug \(UMockdevHarness.fixtures.path)/tempergold-413d-2107-replugged.umockdev /dev/bus/usb/001/006")
        try await bed.waitForJSON { $0["state"] as? String == "connected" && ($0["reconnects"] as? Int ?? 0) >= 1 }
        try await bed.waitForJSON { _ in Self.sensors(bed).count > before }
        #expect(Self.sensors(bed).last?["serial"] as? String == "TG-0001")
    }

    static func gold(_ dir: TemporaryDirectory, _ extra: [String]) throws -> UMockdevHarness {
        try UMockdevHarness(
            script: "temper.py",
            scriptArguments: ["--device", UMockdevHarness.fixtures.appendingPathComponent("tempergold-413d-2107.umockdev").path,
                              "--node", "/dev/bus/usb/001/005", "--product", "TEMPerGold", "--serial", "TG-0001",
                              "--firmware", "TEMPerGold_V3.1", "--report", "808009c44e200000"],
            program: "edgetrace-sensor-probe",
            ["temper", "--vid", "413d", "--pid", "2107", "--interval-ms", "100", "--io-timeout-ms", "200"] + extra,
            directory: dir.path)
    }
}
