import Foundation
import Testing
import TraceTesting

/// `edgetrace scan` on every kind of device besides the serial scanner: the real `edgetrace` against the same emulated
/// devices the daemon's tests use (umockdev for evdev, hidraw and USB; zint frames; the software PN532 and the Modbus
/// bus on ptys), asserting the interpreted lines it prints.
extension CommissioningTests {
    /// A configuration with `devices` (TOML of [[device]] tables) in `dir`; returns its path.
    static func writeConfig(_ dir: TemporaryDirectory, _ devices: String) throws -> String {
        let path = dir.appending("edgetrace.toml")
        try "[station]\ngateway = \"commissioning-test\"\n\n\(devices)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The lines of the process's output that are events (`#0  time  kind  device …`).
    static func eventLines(_ process: TestProcess) -> [String] {
        process.lines.filter { $0.hasPrefix("#") }
    }

    @Test("scan a keyboard wedge by id (umockdev): a GS1 scan and an RFID reader's EPC hex, interpreted", .timeLimit(.minutes(1)))
    func scanWedge() async throws {
        let dir = try TemporaryDirectory()
        let byID = WedgeStationTests.byID
        let config = try Self.writeConfig(dir, """
            [[device]]
            id = "wedge-1"
            driver = "wedge"
            path = "\(byID)"
            """)
        let bed = try UMockdevHarness(devices: ["scanner-kbd.umockdev"], ioctls: [(byID, "scanner-kbd.ioctl")],
                                      program: "edgetrace", ["scan", "wedge-1", "--config", config, "--count", "2"], directory: dir.path)
        defer { bed.stop() }
        try await bed.process.waitForLine { $0.contains("reading wedge device") }
        var keys = KeyStrokes()
        keys.typeUS("]C1010690123456789221SN77\u{1D}10LOT9\r")
        keys.typeUS("3074257BF7194E4000001A85\r")
        try await bed.write("/dev/input/event5", keys.bytes)
        #expect(try await bed.process.waitForExit(timeout: .seconds(20)) == 0, "\(bed.process.lines)")
        let lines = Self.eventLines(bed.process)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains("scan  wedge-1  gtin 06901234567892  lot LOT9  serial SN77") == true, "\(lines)")
        #expect(lines.last?.contains("tag  wedge-1  tag urn:epc:id:sgtin:0614141.812345.6789") == true, "\(lines)")
    }

    @Test("scan a HID POS node by path with --driver hidpos (umockdev); a keyboard-mode node is refused with what to do",
          .timeLimit(.minutes(1)))
    func scanHIDPOSByPath() async throws {
        let dir = try TemporaryDirectory()
        let bed = try UMockdevHarness(devices: ["hidpos.umockdev"], ioctls: [("/dev/hidraw3", "hidpos.ioctl")],
                                      program: "edgetrace", ["scan", "/dev/hidraw3", "--driver", "hidpos", "--count", "1"],
                                      directory: dir.path)
        defer { bed.stop() }
        try await bed.process.waitForLine { $0.contains("reading hidpos device") }
        let code = Array("0106901234567892\u{1D}10LOT5".utf8)
        try await bed.write("/dev/hidraw3", HIDPOSUMockdevReport.report(code, symbology: "]d2"))
        #expect(try await bed.process.waitForExit(timeout: .seconds(20)) == 0, "\(bed.process.lines)")
        let lines = Self.eventLines(bed.process)
        #expect(lines.count == 1 && lines[0].contains("scan  scan  gtin 06901234567892  lot LOT5"), "\(lines)")

        // The same command on a scanner in keyboard mode (no Barcode Scanner page): it fails and says to use wedge.
        let keyboard = try UMockdevHarness(devices: ["hidpos.umockdev"], ioctls: [("/dev/hidraw3", "hid-keyboard.ioctl")],
                                           program: "edgetrace", ["scan", "/dev/hidraw3", "--driver", "hidpos", "--count", "1"],
                                           directory: dir.path)
        defer { keyboard.stop() }
        #expect(try await keyboard.process.waitForExit(timeout: .seconds(20)) == 1)
        let message = keyboard.process.lines.joined(separator: "\n")
        #expect(message.contains("edgetrace: ") && message.contains("0x8C") && message.contains("wedge"), "\(message)")
    }

    @Test("scan a camera by id: a GS1 DataMatrix in a directory of frames, as ]d2 with GTIN and serial", .timeLimit(.minutes(1)))
    func scanCamera() async throws {
        let dir = try TemporaryDirectory()
        let frames = dir.appending("frames")
        try FileManager.default.createDirectory(atPath: frames, withIntermediateDirectories: true)
        let code = try BarcodeImages.zint(71, "[01]06901234567892[21]CAM-A", gs1: true, scale: 4, directory: dir.path)
        for i in 0..<3 {
            try BarcodeImages.writePGM(BarcodeImages.frame(code, x: 40 + 2 * i), to: frames + "/000\(i).pgm")
        }
        let config = try Self.writeConfig(dir, """
            [[device]]
            id = "camera-1"
            driver = "camera"
            source = "directory"
            path = "\(frames)"
            fps = 20
            """)
        let scan = try TestProcess("edgetrace", ["scan", "camera-1", "--config", config, "--count", "1", "--json"])
        defer { scan.killTree() }
        #expect(try await scan.waitForExit(timeout: .seconds(30)) == 0, "\(scan.lines)")
        let line = try #require(scan.lines.first { $0.hasPrefix("{") }, "\(scan.lines)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let s = try #require(event["scan"] as? [String: Any], "\(event)")
        #expect(s["aim"] as? String == "]d2")
        #expect(s["gtin"] as? String == "06901234567892" && s["serial"] as? String == "CAM-A")
        #expect((event["device"] as? [String: Any])?["driver"] as? String == "camera")
    }

    @Test("scan an NFC reader by id (libnfc's pn532_uart on the software PN532): the tag's UID, type and Digital Link keys",
          .timeLimit(.minutes(1)))
    func scanNFC() async throws {
        let dir = try TemporaryDirectory()
        let emulator = try PN532Emulator(stablePath: dir.appending("nfc0"))
        defer { emulator.close() }
        let config = try Self.writeConfig(dir, """
            [[device]]
            id = "nfc-1"
            driver = "nfc"
            connstring = "\(emulator.connstring)"
            presence_interval_ms = 50
            """)
        let scan = try TestProcess("edgetrace", ["scan", "nfc-1", "--config", config, "--count", "1", "--json"])
        defer { scan.killTree() }
        guard await emulator.wait(until: { $0.isPolling }) else { throw TestFailure("scan never polled the reader: \(scan.lines)") }
        emulator.place(NFCStationTests.product())
        #expect(try await scan.waitForExit(timeout: .seconds(20)) == 0, "\(scan.lines)")
        let line = try #require(scan.lines.first { $0.hasPrefix("{") }, "\(scan.lines)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(event["kind"] as? String == "tag")
        let tag = try #require(event["tag"] as? [String: Any], "\(event)")
        #expect(tag["uid"] as? String == "04A2247A3C5E80" && tag["type"] as? String == "NTAG213")
        #expect(tag["gtin"] as? String == "09520123456788" && tag["serial"] as? String == "SN42")
    }

    @Test("scan a modbus bus by id (both sensors' samples) and by path with --driver modbus --address", .timeLimit(.minutes(1)))
    func scanModbus() async throws {
        let dir = try TemporaryDirectory()
        let bus = try ModbusEmulator()
        defer { bus.stop() }
        bus.setSlave(1, registers: [1: 0xFFCE, 2: 0x0258])   // −5.0 °C, 60.0 %RH
        bus.setSlave(2, registers: [1: 0x0032, 2: 0x0190])   // 5.0 °C, 40.0 %RH
        let config = try Self.writeConfig(dir, """
            [[device]]
            id = "rs485"
            driver = "modbus"
            path = "\(bus.path)"
            response_timeout_ms = 300

            [[device.sensor]]
            id = "freezer"
            address = 1

            [[device.sensor]]
            id = "chiller"
            address = 2
            temperature_offset_c = 0.5
            """)
        let byID = try TestProcess("edgetrace", ["scan", "rs485", "--config", config, "--count", "2", "--interval-ms", "200"])
        defer { byID.killTree() }
        #expect(try await byID.waitForExit(timeout: .seconds(20)) == 0, "\(byID.lines)")
        let lines = Self.eventLines(byID)
        #expect(lines.contains { $0.contains("sensor  freezer  -5.0 °C  60.0 %RH") }, "\(lines)")
        #expect(lines.contains { $0.contains("sensor  chiller  5.5 °C  40.0 %RH") }, "calibrated as configured: \(lines)")

        let byPath = try TestProcess("edgetrace", ["scan", bus.path, "--driver", "modbus", "--address", "2", "--count", "1"])
        defer { byPath.killTree() }
        #expect(try await byPath.waitForExit(timeout: .seconds(20)) == 0, "\(byPath.lines)")
        #expect(Self.eventLines(byPath).first?.contains("sensor  sensor-2  5.0 °C  40.0 %RH") == true, "\(byPath.lines)")
    }

    @Test("scan a TEMPer by id (libusb under umockdev): samples as sensor events with the sensor's value, its connection as a device line", .timeLimit(.minutes(1)))
    func scanTemper() async throws {
        let dir = try TemporaryDirectory()
        let config = try Self.writeConfig(dir, """
            [[device]]
            id = "temper-1"
            driver = "temper"
            vendor_id = "413d"
            product_id = "2107"
            sample_interval_ms = 100
            timeout_ms = 200
            """)
        let bed = try UMockdevHarness(
            script: "temper.py",
            scriptArguments: ["--device", UMockdevHarness.fixtures.appendingPathComponent("tempergold-413d-2107.umockdev").path,
                              "--node", "/dev/bus/usb/001/005", "--product", "TEMPerGold", "--serial", "TG-0001",
                              "--firmware", "TEMPerGold_V3.1", "--report", "808009c44e200000"],
            program: "edgetrace", ["scan", "temper-1", "--config", config, "--count", "2"], directory: dir.path)
        defer { bed.stop() }
        #expect(try await bed.process.waitForExit(timeout: .seconds(30)) == 0, "\(bed.process.lines)")
        let lines = Self.eventLines(bed.process)
        // The driver's own `connected` device event is printed, not counted: two samples end the scan.
        #expect(lines.first?.contains("device  temper-1  connected: TEMPerGold_V3.1 TG-0001") == true, "\(lines)")
        let samples = lines.filter { $0.contains("  sensor  ") }
        #expect(samples.count == 2 && samples.allSatisfy { $0.contains("sensor  temper-1  25.0 °C") }, "\(lines)")
    }
}

/// HID POS input reports as the umockdev fixture's descriptor lays them out (as in HIDPOSUMockdevTests).
enum HIDPOSUMockdevReport {
    /// One 63-byte scanned data report holding all of `data` (at most 56 bytes).
    static func report(_ data: [UInt8], symbology: String) -> [UInt8] {
        [0x02, UInt8(data.count)] + Array(symbology.utf8) + data + [UInt8](repeating: 0, count: 56 - data.count) + [0x00, 0x00]
    }
}
