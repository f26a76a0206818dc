import Testing
import TraceDevices

/// The TEMPer report formats, against the byte sequences of the reference implementations' tests and of
/// captures posted in their issues (each table entry names its source), and the formulas of their code.
@Suite("TEMPer protocol")
struct TemperProtocolTests {
    static let fm75 = TemperProtocol.model(vendorID: 0x0C45, productID: 0x7401, product: nil)!
    static let si7021 = TemperProtocol.model(vendorID: 0x0C45, productID: 0x7402, product: "TEMPERHUM1V1.3")!

    @Test("queries are the documented bytes")
    func queries() {
        #expect(TemperProtocol.dataQuery == [0x01, 0x80, 0x33, 0x01, 0x00, 0x00, 0x00, 0x00])
        #expect(TemperProtocol.firmwareQuery == [0x01, 0x86, 0xFF, 0x01, 0x00, 0x00, 0x00, 0x00])
        #expect(TemperProtocol.setReport.requestType == 0x21 && TemperProtocol.setReport.request == 0x09
            && TemperProtocol.setReport.value == 0x0200 && TemperProtocol.endpoint == 0x82)
    }

    @Test("families by vendor and product ID", arguments: [
        (UInt16(0x0C45), UInt16(0x7401), TemperProtocol.Family?.some(.setReport)),
        (0x0C45, 0x7402, .firmwareQuery), (0x1A86, 0xE025, .firmwareQuery),
        (0x413D, 0x2107, .firmwareQuery), (0x3553, 0xA001, .firmwareQuery),
        (0x1A86, 0x5523, nil), (0x046D, 0xC52B, nil),
    ])
    func families(vid: UInt16, pid: UInt16, family: TemperProtocol.Family?) {
        #expect(TemperProtocol.family(vendorID: vid, productID: pid) == family)
    }

    @Test("product strings follow temperusb's device library; an unknown one is its generic FM75")
    func variants() {
        let hum = TemperProtocol.model(vendorID: 0x1A86, productID: 0xE025, product: "TEMPer1F_H1_V1.4")!
        #expect(hum.conversion == .fm75 && hum.humidityOffset == 4)
        let si = TemperProtocol.model(vendorID: 0x0C45, productID: 0x7402, product: "TEMPERHUM1V1.3")!
        #expect(si.conversion == .si7021 && si.humidityOffset == 4)
        let generic = TemperProtocol.model(vendorID: 0x1A86, productID: 0xE025, product: "TEMPer2_V3.9")!
        #expect(generic.conversion == .fm75 && generic.temperatureOffset == 2 && generic.humidityOffset == nil)
        #expect(Self.fm75.conversion == .fm75)
        #expect(TemperProtocol.model(product: "TEMPer2_V3.9") == nil)
        #expect(TemperProtocol.model(vendorID: 0x046D, productID: 0xC52B, product: "TEMPerV1.2") == nil)
    }

    /// One case of a reference implementation's test data or of a capture in an issue report.
    struct ProductCase: Sendable, CustomTestStringConvertible {
        var product: String
        var productID: UInt16
        var report: [UInt8]
        var celsius: Double
        var humidity: Double?
        var source: String
        var testDescription: String { "\(product): \(source)" }
    }

    /// Set-report devices, decoded by product string. Sources:
    /// - padelt/temper-python tests/test_temper.py (`test_TemperDevice` table; its devices are faked as
    ///   0c45:7401, the library matches only the product string). Their expected values are rounded
    ///   (`pytest.approx(…, 0.01)`): 0x201A/256 = 32.1015625, 0x0AE0/256 = 10.875, 0x0C0C·32/1000 = 98.688.
    /// - padelt/temper-python issue #124, a capture from a 0c45:7402 "TEMPerHumiV1.0": `80 04 19 3a 03 e6 0d 14`,
    ///   logged as T=22.72656C (that user's calibration offset of −2.5 on 0x193A/256 = 25.2265625) and
    ///   RH=31.936 (0x03E6·32/1000, no calibration for humidity).
    static let productCases: [ProductCase] = [
        .init(product: "generic_unmatched", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A, 0x2B, 0x33], celsius: 32.1016,
              source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPer2V1.3", productID: 0x7401, report: [0x80, 0x04, 0x0A, 0xE0, 0x15, 0x00, 0x1D, 0x15], celsius: 10.875,
              source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPerV1.2", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A], celsius: 32.1016,
              source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPerV1.4", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A], celsius: 32.1016,
              source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPer2_M12_V1.3", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A, 0x2B, 0x33], celsius: 32.1016,
              source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPer1F_V1.3", productID: 0x7401, report: [0x00, 0x00, 0x00, 0x00, 0x20, 0x1A], celsius: 32.1016,
              source: "temper-python tests/test_temper.py (sensor at offset 4)"),
        .init(product: "TEMPERHUM1V1.3", productID: 0x7401, report: [0x00, 0x00, 0x56, 0x2C, 0xBF, 0xB1], celsius: 12.2989,
              humidity: 87.5993, source: "temper-python tests/test_temper.py (SI7021)"),
        .init(product: "TEMPerHumiV1.0", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A, 0x0C, 0x0C], celsius: 32.1016,
              humidity: 98.688, source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPerHumiV1.1", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A, 0x0C, 0x0C], celsius: 32.1016,
              humidity: 98.688, source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPer1F_H1_V1.4", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A, 0x0C, 0x0C], celsius: 32.1016,
              humidity: 98.688, source: "temper-python tests/test_temper.py"),
        .init(product: "TEMPerNTC1.O", productID: 0x7401, report: [0x00, 0x00, 0x20, 0x1A, 0x2B, 0x33, 0x36, 0x4D], celsius: 32.1016,
              source: "temper-python tests/test_temper.py (first of three sensors)"),
        .init(product: "TEMPerHumiV1.0", productID: 0x7402, report: [0x80, 0x04, 0x19, 0x3A, 0x03, 0xE6, 0x0D, 0x14], celsius: 25.2266,
              humidity: 31.936, source: "temper-python issue #124, captured on 0c45:7402"),
    ]

    @Test("reference byte sequences, set-report devices by product string", arguments: productCases)
    func productReports(_ c: ProductCase) throws {
        let model = try #require(TemperProtocol.model(vendorID: 0x0C45, productID: c.productID, product: c.product))
        let m = try TemperProtocol.decode(c.report, model: model).get()
        #expect(m.temperatureC == c.celsius)
        #expect(m.humidityPct == c.humidity)
    }

    @Test("FM75 reports: signed int16 / 256", arguments: [
        ([UInt8]([0x80, 0x02, 0x19, 0x40, 0, 0, 0, 0]), 25.25),
        ([0x80, 0x02, 0xFB, 0x80, 0, 0, 0, 0], -4.5),
        ([0x80, 0x02, 0xFF, 0xF0, 0, 0, 0, 0], -0.0625),
        ([0x80, 0x02, 0x00, 0x00, 0, 0, 0, 0], 0.0),
    ])
    func fm75Reports(report: [UInt8], celsius: Double) throws {
        let m = try TemperProtocol.decode(report, model: Self.fm75).get()
        #expect(m.temperatureC == celsius)
        #expect(m.humidityPct == nil)
    }

    @Test("SI7021 reports: T = 175.72·raw/65536 − 46.85, RH = 125·raw/65536 − 6")
    func si7021Report() throws {
        let m = try TemperProtocol.decode([0x80, 0x04, 0x66, 0x66, 0x80, 0x00, 0, 0], model: Self.si7021).get()
        #expect(m.temperatureC == 23.4369)
        #expect(m.humidityPct == 56.5)
        let cold = try TemperProtocol.decode([0x80, 0x04, 0x33, 0x33, 0x80, 0x00, 0, 0], model: Self.si7021).get()
        #expect(cold.temperatureC == -11.7065)
    }

    /// A firmware-query device: the firmware reports as captured, the data report, the values.
    struct FirmwareCase: Sendable, CustomTestStringConvertible {
        var firmwareHex: String
        var name: String
        var reportHex: String
        var celsius: Double?
        var humidity: Double?
        var source: String
        var testDescription: String { "\(name): \(source)" }
    }

    /// Captures posted with `temper.py --verbose`/`--json` (urwen/temper and its fork ccwienk/temper):
    /// "Firmware value" / hex_firmware and "Data value" / hex_data. Scaling as in temper.py `_read_hidraw`.
    static let firmwareCases: [FirmwareCase] = [
        .init(firmwareHex: "54454d506572476f6c645f56332e3120", name: "TEMPerGold_V3.1", reportHex: "808009c44e200000",
              celsius: 25.0, source: "urwen/temper issue #11 (firmware; data from REFERENCE.md's format)"),
        .init(firmwareHex: "54454d506572476f6c645f56332e3420", name: "TEMPerGold_V3.4", reportHex: "80800c674e200000",
              celsius: 31.75, source: "ccwienk/temper issue #12, 1a86:e025"),
        .init(firmwareHex: "54454d506572476f6c645f56332e3520", name: "TEMPerGold_V3.5", reportHex: "80800b3b4e200000",
              celsius: 28.75, source: "urwen/temper pull request #42"),
        .init(firmwareHex: "54454d506572325f56342e3100000000", name: "TEMPer2_V4.1", reportHex: "80800b544e200000800109ca4e200000",
              celsius: 29.0, source: "padelt/temper-python issue #134, 3553:a001 (NUL-padded firmware, 16-byte data)"),
        .init(firmwareHex: "54454d50657248554d5f56332e382020", name: "TEMPerHUM_V3.8", reportHex: "8020090111930000",
              celsius: 23.05, humidity: 44.99, source: "ccwienk/temper pull request #45, 1a86:e025"),
        .init(firmwareHex: "54454d50657248554d5f56332e382020", name: "TEMPerHUM_V3.8", reportHex: "802008ff11af0000",
              celsius: 23.03, humidity: 45.27, source: "ccwienk/temper pull request #45, second capture"),
        .init(firmwareHex: "54454d50657248554d5f56342e310000", name: "TEMPerHUM_V4.1", reportHex: "8020093910360000",
              celsius: 23.61, humidity: 41.5, source: "ccwienk/temper issue #47, 3553:a001"),
        .init(firmwareHex: "54454d506572476f6c645f56332e3120", name: "TEMPerGold_V3.1", reportHex: "80804e204e200000",
              celsius: nil, source: "temper.py _parse_bytes: 0x4E20 is no value"),
    ]

    @Test("reference byte sequences, firmware-query devices", arguments: firmwareCases)
    func firmwareReports(_ c: FirmwareCase) throws {
        let firmware = TemperProtocol.firmwareName(Self.bytes(c.firmwareHex))
        #expect(firmware == c.name)
        let model = try TemperProtocol.model(firmware: firmware).get()
        let m = try TemperProtocol.decode(Self.bytes(c.reportHex), model: model).get()
        #expect(m.temperatureC == c.celsius)
        #expect(m.humidityPct == c.humidity)
    }

    /// No capture of a TEMPer1F_H1V1.5F (0c45:7402) report was found; this checks temper-py's formula
    /// (temper.py, firmware TEMPer1F_H1V1.5F): t = int16 << 2, T = −46.85 + 175.72·t/65536;
    /// h = int16 << 4, RH = −6 + 125·h/65536. 0x1770 → 17.5006 °C, 0x0800 → 56.5 %.
    @Test("TEMPer1F_H1V1.5F: SHT20 values shifted by 2 and 4 bits (temper-py)")
    func sht20Shifted() throws {
        let model = try TemperProtocol.model(firmware: "TEMPer1F_H1V1.5F").get()
        #expect(model.conversion == .sht20Shifted)
        let m = try TemperProtocol.decode([0x80, 0x40, 0x17, 0x70, 0x08, 0x00, 0, 0], model: model).get()
        #expect(m.temperatureC == 17.5006)
        #expect(m.humidityPct == 56.5)
    }

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    @Test("firmware names and their scaling", arguments: [
        ("TEMPerGold_V3.1", [UInt8]([0x80, 0x80, 0x09, 0xC4, 0x4E, 0x20, 0, 0]), 25.0, Double?.none),
        ("TEMPerGold_V3.1", [0x80, 0x80, 0xFE, 0x0C, 0x4E, 0x20, 0, 0], -5.0, nil),
        ("TEMPerGold_V3.5", [0x80, 0x80, 0xF8, 0x30, 0, 0, 0, 0], -20.0, nil),
        ("TEMPerX_V3.1", [0x80, 0x80, 0x0A, 0x28, 0x13, 0x88, 0, 0], 26.0, 50.0),
        ("TEMPerX_V3.3", [0x80, 0x80, 0xFF, 0x9C, 0x4E, 0x20, 0, 0], -1.0, nil),
        ("TEMPerF1.4", [0x80, 0x80, 0x0C, 0x80, 0, 0, 0, 0], 12.5, nil),
        ("TEMPer1F1.1Per1F", [0x80, 0x80, 0x0C, 0x80, 0, 0, 0, 0], 12.5, nil),
    ])
    func firmware(name: String, report: [UInt8], celsius: Double, humidity: Double?) throws {
        let model = try TemperProtocol.model(firmware: name).get()
        let m = try TemperProtocol.decode(report, model: model).get()
        #expect(m.temperatureC == celsius)
        #expect(m.humidityPct == humidity)
    }

    @Test("the firmware name is the ASCII of the two reports without trailing spaces")
    func firmwareName() {
        #expect(TemperProtocol.firmwareName(Array("TEMPerGold_V3.1 ".utf8)) == "TEMPerGold_V3.1")
        #expect(TemperProtocol.firmwareName(Array("TEMPerX_V3.1".utf8) + [0, 0, 0, 0]) == "TEMPerX_V3.1")
    }

    @Test("0x4E20 is no reading, an unknown firmware and a short report are errors that say so")
    func noReading() throws {
        let gold = try TemperProtocol.model(firmware: "TEMPerGold_V3.1").get()
        #expect(try TemperProtocol.decode([0x80, 0x80, 0x4E, 0x20, 0, 0, 0, 0], model: gold).get().temperatureC == nil)
        guard case .failure(let e) = TemperProtocol.model(firmware: "TEMPerMystery_V9") else { Issue.record("accepted"); return }
        #expect(e.message.contains("TEMPerMystery_V9"))
        guard case .failure(let short) = TemperProtocol.decode([0x80, 0x80, 0x09], model: gold) else { Issue.record("accepted"); return }
        #expect(short.message.contains("short"))
    }
}
