import Testing
import TraceDevices

/// The TEMPer report formats, against byte sequences built from the formats in REFERENCE.md and the
/// tables of temperusb / temper-py / charlieh0tel/temper.
@Suite("TEMPer protocol")
struct TemperProtocolTests {
    static let fm75 = TemperProtocol.model(vendorID: 0x0C45, productID: 0x7401, product: nil)!
    static let si7021 = TemperProtocol.model(vendorID: 0x1A86, productID: 0xE025, product: "TEMPer1F_H1_V1.4")!

    @Test("queries are the documented bytes")
    func queries() {
        #expect(TemperProtocol.dataQuery == [0x01, 0x80, 0x33, 0x01, 0x00, 0x00, 0x00, 0x00])
        #expect(TemperProtocol.firmwareQuery == [0x01, 0x86, 0xFF, 0x01, 0x00, 0x00, 0x00, 0x00])
        #expect(TemperProtocol.setReport.requestType == 0x21 && TemperProtocol.setReport.request == 0x09
            && TemperProtocol.setReport.value == 0x0200 && TemperProtocol.endpoint == 0x82)
    }

    @Test("families by vendor and product ID", arguments: [
        (UInt16(0x0C45), UInt16(0x7401), TemperProtocol.Family?.some(.setReport)),
        (0x0C45, 0x7402, .setReport), (0x1A86, 0xE025, .setReport),
        (0x413D, 0x2107, .firmwareQuery), (0x3553, 0xA001, .firmwareQuery),
        (0x1A86, 0x5523, nil), (0x046D, 0xC52B, nil),
    ])
    func families(vid: UInt16, pid: UInt16, family: TemperProtocol.Family?) {
        #expect(TemperProtocol.family(vendorID: vid, productID: pid) == family)
    }

    @Test("1a86:e025 is the SI7021 TEMPerHUM or the FM75 TEMPer2 by its product string")
    func variants() {
        #expect(Self.si7021.conversion == .si7021 && Self.si7021.humidityOffset == 4)
        let fm75 = TemperProtocol.model(vendorID: 0x1A86, productID: 0xE025, product: "TEMPer2_V3.9")!
        #expect(fm75.conversion == .fixedPoint(divisor: 256) && fm75.humidityOffset == nil)
        #expect(Self.fm75.conversion == .fixedPoint(divisor: 256))
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

    @Test("firmware names and their scaling", arguments: [
        ("TEMPerGold_V3.1", [UInt8]([0x80, 0x80, 0x09, 0xC4, 0x4E, 0x20, 0, 0]), 25.0, Double?.none),
        ("TEMPerGold_V3.1", [0x80, 0x80, 0xFE, 0x0C, 0x4E, 0x20, 0, 0], -5.0, nil),
        ("TEMPerGold_V3.5", [0x80, 0x80, 0xF8, 0x30, 0, 0, 0, 0], -20.0, nil),
        ("TEMPerX_V3.1", [0x80, 0x80, 0x0A, 0x28, 0x13, 0x88, 0, 0], 26.0, 50.0),
        ("TEMPerX_V3.3", [0x80, 0x80, 0xFF, 0x9C, 0x4E, 0x20, 0, 0], -1.0, nil),
        ("TEMPerF1.4", [0x80, 0x80, 0x0C, 0x80, 0, 0, 0, 0], 12.5, nil),
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
