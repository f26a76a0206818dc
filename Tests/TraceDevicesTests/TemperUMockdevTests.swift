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

    @Test("the same static replay under plain umockdev-run: two samples, then a clean exit", .timeLimit(.minutes(1)))
    func umockdevRun() async throws {
        let fixtures = UMockdevHarness.fixtures.path
        let probe = TestProcess.binDirectory.appendingPathComponent("edgetrace-sensor-probe").path
        let run = try TestProcess(
            executableURL: URL(fileURLWithPath: "/usr/bin/umockdev-run"), name: "umockdev-run",
            ["-d", fixtures + "/temper1-0c45-7401.umockdev", "-i", "/dev/bus/usb/001/004=" + fixtures + "/temper1-0c45-7401.ioctl",
             "--", probe, "temper", "--vid", "0c45", "--pid", "7401", "--interval-ms", "50", "--count", "2", "--offset-c=-0.25"])
        defer { run.killTree() }
        #expect(try await run.waitForExit() == 0)
        let values = run.lines.compactMap { line -> Double? in
            guard line.contains("\"reading\":\"sensor\""), let start = line.firstIndex(of: "{"),
                  let o = try? JSONSerialization.jsonObject(with: Data(line[start...].utf8)) as? [String: Any] else { return nil }
            return o["temperatureC"] as? Double
        }
        #expect(values.count >= 2 && values.allSatisfy { $0 == -4.75 })
    }

    /// 1a86:e025 answers the firmware query (ccwienk/temper pull request #45: firmware "TEMPerHUM_V3.8  ",
    /// data 8020090111930000 → 23.05 °C, 44.99 %RH).
    @Test("1a86:e025 answering the firmware query: the captured TEMPerHUM_V3.8 report, /100", .timeLimit(.minutes(1)))
    func e025Firmware() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.e025(dir, product: "TEMPerHUM", firmware: "TEMPerHUM_V3.8", report: "8020090111930000")
        defer { bed.stop() }
        let first = try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        #expect(first["temperatureC"] as? Double == 23.05)
        #expect(first["humidityPct"] as? Double == 44.99)
        #expect(first["model"] as? String == "TEMPerHUM_V3.8")
        #expect(first["serial"] as? String == "usb:1-3")   // no serial number: the port path
    }

    /// A 1a86:e025 that does not answer the firmware query is looked up by its product string in temperusb's
    /// library: TEMPer1F_H1_V1.4 is FM75 with humidity·32/1000 (temper-python tests/test_temper.py data).
    @Test("1a86:e025 without a firmware answer: product string TEMPer1F_H1_V1.4 (temperusb), FM75 + RH·32/1000",
          .timeLimit(.minutes(1)))
    func e025ProductFallback() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.e025(dir, product: "TEMPer1F_H1_V1.4", firmware: "", report: "0000201a0c0c0000")
        defer { bed.stop() }
        let first = try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        #expect(first["temperatureC"] as? Double == 32.1016)
        #expect(first["humidityPct"] as? Double == 98.688)
        #expect(first["model"] as? String == "TEMPer1F_H1_V1.4")
        try await bed.send("report 0000fb800c0c0000")
        try await bed.waitForJSON { $0["temperatureC"] as? Double == -4.5 }
    }

    static func e025(_ dir: TemporaryDirectory, product: String, firmware: String, report: String) throws -> UMockdevHarness {
        try UMockdevHarness(
            script: "temper.py",
            scriptArguments: ["--device", UMockdevHarness.fixtures.appendingPathComponent("temperhum-1a86-e025.umockdev").path,
                              "--node", "/dev/bus/usb/001/007", "--product", product, "--serial", "",
                              "--firmware", firmware, "--report", report],
            program: "edgetrace-sensor-probe",
            ["temper", "--vid", "1a86", "--pid", "e025", "--interval-ms", "100", "--io-timeout-ms", "200"],
            directory: dir.path)
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

    /// Device readings (`deviceState`) with `state`, in order.
    static func states(_ bed: UMockdevHarness, _ state: String) -> [[String: Any]] {
        bed.jsonLines.filter { $0["reading"] as? String == "deviceState" && $0["state"] as? String == state }
    }

    /// umockdev's test bed runs under its own preload library (temper.py), so removing and adding the device
    /// sends "remove"/"add" uevents to the probe's udev monitor: libusb's hotplug callback fires. Sampling
    /// every 3 s and rescanning only every 30 s, the departure must show within 1.5 s and the first reading
    /// after the replug within 3 s: only the callbacks can do that (a failed transfer says NO_DEVICE, a
    /// rescan says "found by rescan").
    @Test("libusb hotplug callbacks under umockdev: departure seen at once, arrival ends the wait without a rescan",
          .timeLimit(.minutes(1)))
    func hotplugCallbacks() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.gold(dir, ["--serial", "TG-0001", "--interval-ms", "3000", "--hotplug-wait-ms", "30000",
                                      "--reopen-min-ms", "50", "--reopen-max-ms", "30000"])
        defer { bed.stop() }
        try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        #expect((Self.states(bed, "connected").first?["message"] as? String)?.hasSuffix("found by rescan") == true)

        let unplugged = ContinuousClock.now
        try await bed.send("unplug")
        let gone = try await bed.waitForJSON(timeout: .seconds(10)) {
            $0["reading"] as? String == "deviceState" && $0["state"] as? String == "disconnected"
        }
        let departure = ContinuousClock.now - unplugged
        #expect(gone["message"] as? String == "unplugged (hotplug: device left bus 1 address 5)")
        #expect(departure < .milliseconds(1500), "departure took \(departure); the next sample was up to 3 s away")

        try await Task.sleep(for: .seconds(1))   // the driver is now waiting in its open, past the first rescan
        let before = Self.sensors(bed).count
        let plugged = ContinuousClock.now
        try await bed.send("plug \(UMockdevHarness.fixtures.path)/tempergold-413d-2107-replugged.umockdev /dev/bus/usb/001/006")
        let back = try await bed.waitForJSON(timeout: .seconds(20)) {
            $0["reading"] as? String == "deviceState" && $0["state"] as? String == "connected"
                && ($0["message"] as? String)?.contains("found by hotplug") == true
        }
        try await bed.waitForJSON(timeout: .seconds(20)) { _ in Self.sensors(bed).count > before }
        let arrival = ContinuousClock.now - plugged
        #expect(back["message"] as? String == "TEMPerGold_V3.1 TG-0001, found by hotplug arrival (bus 1 address 6)")
        #expect(arrival < .seconds(3), "first reading after the replug took \(arrival); the next rescan was 30 s away")
    }

    /// Between two samples the driver waits for the next one or the device's departure blocked in libusb's
    /// event handling, on a thread of its own. It used to look for a departure every 100 ms: ten wake-ups a
    /// second for as long as a sensor was plugged in. Over 2 s of a 5 s interval the whole probe now switches
    /// a handful of times (libdispatch's once-a-second pool check among them).
    @Test("between samples with hotplug the driver sleeps in libusb: no check every 100 ms", .timeLimit(.minutes(1)))
    func hotplugPauseDoesNotPoll() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.gold(dir, ["--serial", "TG-0001", "--interval-ms", "5000"])
        defer { bed.stop() }
        try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        let probe = try #require(ContextSwitches.descendant(of: bed.process.pid, named: "edgetrace-sensor-probe"))
        try await Task.sleep(for: .milliseconds(500))
        let switches = try await ContextSwitches.during(.seconds(2), of: probe)
        #expect(Self.sensors(bed).count == 1, "a second sample came inside the 5 s interval")
        #expect(switches <= 8, "the probe's threads switched \(switches) times in 2 s of waiting between samples")

        let unplugged = ContinuousClock.now
        try await bed.send("unplug")
        let gone = try await bed.waitForJSON(timeout: .seconds(10)) {
            $0["reading"] as? String == "deviceState" && $0["state"] as? String == "disconnected"
        }
        #expect(gone["message"] as? String == "unplugged (hotplug: device left bus 1 address 5)")
        #expect(ContinuousClock.now - unplugged < .milliseconds(1500))
    }

    /// Without hotplug (``TemperSensorDriver/Options/hotplug`` false, as when libusb has no
    /// LIBUSB_CAP_HAS_HOTPLUG or registration fails) the same replug comes back through rescans: the unplug
    /// shows as the next sample's failed transfer, the open does not sit in a hotplug wait (30 s here), and
    /// the device is found by a rescan of the reopen backoff (at most 500 ms apart).
    @Test("without hotplug the replug is found by rescans, and the open does not wait for an arrival",
          .timeLimit(.minutes(1)))
    func rescanFallback() async throws {
        let dir = try TemporaryDirectory()
        let bed = try Self.gold(dir, ["--serial", "TG-0001", "--no-hotplug", "--hotplug-wait-ms", "30000",
                                      "--reopen-min-ms", "50", "--reopen-max-ms", "500"])
        defer { bed.stop() }
        try await bed.waitForJSON { $0["reading"] as? String == "sensor" }
        try await bed.send("unplug")
        let gone = try await bed.waitForJSON(timeout: .seconds(10)) {
            $0["reading"] as? String == "deviceState" && $0["state"] as? String == "disconnected"
        }
        #expect((gone["message"] as? String)?.contains("NO_DEVICE") == true)
        #expect((gone["message"] as? String)?.contains("hotplug") == false)
        try await Task.sleep(for: .seconds(1))
        let before = Self.sensors(bed).count
        let plugged = ContinuousClock.now
        try await bed.send("plug \(UMockdevHarness.fixtures.path)/tempergold-413d-2107-replugged.umockdev /dev/bus/usb/001/006")
        try await bed.waitForJSON(timeout: .seconds(20)) { _ in Self.sensors(bed).count > before }
        let arrival = ContinuousClock.now - plugged
        #expect(Self.states(bed, "connected").last?["message"] as? String == "TEMPerGold_V3.1 TG-0001, found by rescan")
        #expect(arrival < .seconds(3), "first reading after the replug took \(arrival)")
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
