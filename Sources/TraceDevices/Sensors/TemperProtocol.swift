/// The TEMPer USB sensor protocols (pure: bytes in, values out).
///
/// Two families, both driven by HID SET_REPORT control transfers (bmRequestType 0x21, bRequest 0x09,
/// wValue 0x0200, wIndex = interface 1) and 8-byte reports read from interrupt endpoint 0x82:
/// - ``Family/setReport`` (0c45:7401, 0c45:7402, 1a86:e025; temperusb): send ``dataQuery``, read one
///   report. The variant comes from the USB product string: FM75 (int16/256) or SI7021 (TEMPerHUM).
/// - ``Family/firmwareQuery`` (413d:2107, 3553:a001; temper-py, charlieh0tel/temper): send
///   ``firmwareQuery`` and read two reports (16 ASCII bytes, e.g. `TEMPerGold_V3.1 `), then the data
///   query; big-endian int16 at offset 2 (temperature) and 4 (humidity), /100 or /256 by firmware.
/// In both, 0x4E20 in a value's place means "no reading".
public enum TemperProtocol {
    public enum Family: String, Sendable, Hashable {
        case setReport, firmwareQuery
    }

    /// `01 80 33 01 00 00 00 00`: read temperature (and humidity).
    public static let dataQuery: [UInt8] = [0x01, 0x80, 0x33, 0x01, 0x00, 0x00, 0x00, 0x00]
    /// `01 86 ff 01 00 00 00 00`: read the firmware name (two reports).
    public static let firmwareQuery: [UInt8] = [0x01, 0x86, 0xFF, 0x01, 0x00, 0x00, 0x00, 0x00]
    /// The "no reading" marker.
    public static let noReading: UInt16 = 0x4E20
    /// The HID interface that carries the sensor reports, and its interrupt IN endpoint.
    public static let interface = 1
    public static let endpoint: UInt8 = 0x82
    public static let reportLength = 8

    /// SET_REPORT (output report 0) on ``interface``: bmRequestType, bRequest, wValue, wIndex.
    public static let setReport: (requestType: UInt8, request: UInt8, value: UInt16, index: UInt16) = (0x21, 0x09, 0x0200, 0x0001)

    /// The family of a vendor/product ID, nil when it is not a known TEMPer.
    public static func family(vendorID: UInt16, productID: UInt16) -> Family? {
        switch (vendorID, productID) {
        case (0x0C45, 0x7401), (0x0C45, 0x7402), (0x1A86, 0xE025): .setReport
        case (0x413D, 0x2107), (0x3553, 0xA001): .firmwareQuery
        default: nil
        }
    }

    /// The variant of a set-report family device, from its IDs and USB product string.
    /// 1a86:e025 with "HUM" or "_H" in the product string is the SI7021 TEMPerHUM, otherwise the FM75
    /// TEMPer2; 0c45:7402 is the TEMPerHUM; 0c45:7401 the FM75 TEMPer1.
    public static func model(vendorID: UInt16, productID: UInt16, product: String?) -> TemperModel? {
        let p = (product ?? "").uppercased()
        switch (vendorID, productID) {
        case (0x0C45, 0x7401):
            return TemperModel(name: product.map { $0.isEmpty ? "TEMPer1" : $0 } ?? "TEMPer1", conversion: .fixedPoint(divisor: 256))
        case (0x0C45, 0x7402):
            return TemperModel(name: product ?? "TEMPerHUM", conversion: .si7021, humidityOffset: 4)
        case (0x1A86, 0xE025):
            if p.contains("HUM") || p.contains("_H") {
                return TemperModel(name: product ?? "TEMPerHUM", conversion: .si7021, humidityOffset: 4)
            }
            return TemperModel(name: product ?? "TEMPer2", conversion: .fixedPoint(divisor: 256))
        default:
            return nil
        }
    }

    /// Firmware names (without the trailing space) of the firmware-query family and their scaling.
    static let firmwareTable: [(prefix: String, divisor: Double, humidity: Bool)] = [
        ("TEMPerF1.", 256, false),
        ("TEMPer2_M12_V1.3", 256, false),
        ("TEMPerGold_V3.", 100, false),
        ("TEMPerX_V3.", 100, true),
        ("TEMPerHUM_V3.", 100, true),
        ("TEMPer2_V3.", 100, false),
        ("TEMPer2_V4.", 100, false),
        ("TEMPer1F_V3.", 100, false),
        ("TEMPer1F_V4.", 100, false),
    ]

    /// The firmware name from the two firmware reports (ASCII, trailing spaces and NULs dropped).
    public static func firmwareName(_ reports: [UInt8]) -> String {
        let text = String(decoding: reports.filter { $0 >= 0x20 && $0 < 0x7F }, as: UTF8.self)
        return String(text.reversed().drop { $0 == " " }.reversed())
    }

    /// The model of a firmware-query family device from its firmware name.
    public static func model(firmware: String) -> Result<TemperModel, TemperDecodeError> {
        guard let entry = firmwareTable.first(where: { firmware.hasPrefix($0.prefix) }) else {
            return .failure(TemperDecodeError(message:
                "unknown TEMPer firmware '\(firmware)': its scaling (/100 or /256) is not known; report the firmware name and a reading so it can be added"))
        }
        return .success(TemperModel(name: firmware, conversion: .fixedPoint(divisor: entry.divisor),
                                    humidityOffset: entry.humidity ? 4 : nil))
    }

    /// Decodes one report.
    public static func decode(_ report: [UInt8], model: TemperModel) -> Result<TemperMeasurement, TemperDecodeError> {
        let needed = max(model.temperatureOffset, model.humidityOffset ?? 0) + 2
        guard report.count >= needed else {
            return .failure(TemperDecodeError(message:
                "short TEMPer report: \(report.count) bytes, need \(needed) (\(report.map { Self.hex($0) }.joined(separator: " ")))"))
        }
        func raw(_ at: Int) -> UInt16 { UInt16(report[at]) << 8 | UInt16(report[at + 1]) }
        func value(_ r: UInt16, humidity: Bool) -> Double? {
            if r == noReading { return nil }
            switch model.conversion {
            case .fixedPoint(let divisor): return Double(Int16(bitPattern: r)) / divisor
            case .si7021:
                return humidity ? 125 * Double(r) / 65536 - 6 : 175.72 * Double(r) / 65536 - 46.85
            }
        }
        let t = value(raw(model.temperatureOffset), humidity: false)
        let h = model.humidityOffset.flatMap { value(raw($0), humidity: true) }
        return .success(TemperMeasurement(temperatureC: t.map(round4), humidityPct: h.map(round4)))
    }

    /// Four decimals: below any TEMPer's resolution, and short in JSON.
    static func round4(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }

    static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16)
        return s.count == 1 ? "0" + s : s
    }
}
