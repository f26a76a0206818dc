import Foundation

/// The TEMPer USB sensor protocols (pure: bytes in, values out).
///
/// Two families, both driven by HID SET_REPORT control transfers (bmRequestType 0x21, bRequest 0x09,
/// wValue 0x0200, wIndex = interface 1) and 8-byte reports read from interrupt endpoint 0x82:
/// - ``Family/setReport`` (0c45:7401; temperusb): send ``dataQuery``, read one report. The variant comes
///   from the USB product string (temperusb's device library): FM75 (int16/256, RH·32/1000) or SI7021.
/// - ``Family/firmwareQuery`` (0c45:7402, 1a86:e025, 413d:2107, 3553:a001; temper-py): send
///   ``firmwareQuery`` and read two reports (16 ASCII bytes, e.g. `TEMPerGold_V3.1 `), then the data
///   query; big-endian int16 at offset 2 (temperature) and 4 (humidity), /100 or /256 by firmware. A
///   firmware it does not know (or no answer) falls back to the product string.
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

    /// The family of a vendor/product ID, nil when it is not a known TEMPer. 0c45:7402 and 1a86:e025 answer
    /// the firmware query on the firmwares temper-py knows (TEMPer1F_H1V1.5F; TEMPerGold_V3.3/3.4,
    /// TEMPerHUM_V3.8/3.9, TEMPer2_V3.7/3.9 — urwen/temper README and issue captures); older ones are
    /// identified by their USB product string (temperusb), the fallback when the firmware is not known.
    public static func family(vendorID: UInt16, productID: UInt16) -> Family? {
        switch (vendorID, productID) {
        case (0x0C45, 0x7401): .setReport
        case (0x0C45, 0x7402), (0x1A86, 0xE025), (0x413D, 0x2107), (0x3553, 0xA001): .firmwareQuery
        default: nil
        }
    }

    /// temperusb's device library (temperusb/device_library.py), keyed by the USB product string:
    /// conversion, temperature offset (the first sensor) and humidity offset.
    static let productTable: [String: (conversion: TemperModel.Conversion, temperature: Int, humidity: Int?)] = [
        "TEMPer2V1.3": (.fm75, 2, nil), "TEMPerV1.2": (.fm75, 2, nil), "TEMPerV1.4": (.fm75, 2, nil),
        "TEMPer1F_V1.3": (.fm75, 4, nil),   // "Has only 1 sensor at offset 4"
        "TEMPERHUM1V1.2": (.si7021, 2, 4), "TEMPERHUM1V1.3": (.si7021, 2, 4),
        "TEMPerHumiV1.0": (.fm75, 2, 4), "TEMPerHumiV1.1": (.fm75, 2, 4), "TEMPer1F_H1_V1.4": (.fm75, 2, 4),
        "TEMPerNTC1.O": (.fm75, 2, nil), "TEMPer1V1.4": (.fm75, 2, nil), "TEMPer2_M12_V1.3": (.fm75, 2, nil),
        "TEMPer2_V3.7": (.fm75, 2, nil), "TEMPer2V1.4": (.fm75, 2, nil),
    ]

    /// The model of a set-report device (or a firmware-query device whose firmware is not known) from its
    /// USB product string, as temperusb does: an unknown product string is temperusb's `generic_fm75`
    /// (FM75, temperature at offset 2). nil for IDs that are not a TEMPer.
    public static func model(vendorID: UInt16, productID: UInt16, product: String?) -> TemperModel? {
        guard family(vendorID: vendorID, productID: productID) != nil else { return nil }
        let name = (product ?? "").trimmingCharacters(in: .whitespaces)
        return model(product: name) ?? TemperModel(name: name.isEmpty ? "TEMPer1" : name, conversion: .fm75)
    }

    /// The model of a product string in temperusb's device library; nil when it is not there.
    public static func model(product: String) -> TemperModel? {
        guard let entry = productTable[product] else { return nil }
        return TemperModel(name: product, conversion: entry.conversion, temperatureOffset: entry.temperature,
                           humidityOffset: entry.humidity)
    }

    /// Firmware names (without the trailing space) of the firmware-query family, their conversion and
    /// whether byte 4 carries humidity (temper-py temper.py `_read_hidraw`; ccwienk/temper for the V4 and
    /// V3.5 firmwares; TEMPerHUM_V4.1 from ccwienk/temper issue #47).
    static let firmwareTable: [(prefix: String, conversion: TemperModel.Conversion, humidity: Bool)] = [
        ("TEMPerF1.", .fixedPoint(divisor: 256), false),
        ("TEMPer1F1.", .fixedPoint(divisor: 256), false),
        ("TEMPer2_M12_V1.3", .fixedPoint(divisor: 256), false),
        ("TEMPer1F_H1V1.5F", .sht20Shifted, true),
        ("TEMPerGold_V3.", .fixedPoint(divisor: 100), false),
        ("TEMPerX_V3.", .fixedPoint(divisor: 100), true),
        ("TEMPerHUM_V3.", .fixedPoint(divisor: 100), true),
        ("TEMPerHUM_V4.", .fixedPoint(divisor: 100), true),
        ("TEMPer2_V3.", .fixedPoint(divisor: 100), false),
        ("TEMPer2_V4.", .fixedPoint(divisor: 100), false),
        ("TEMPer1F_V3.", .fixedPoint(divisor: 100), false),
        ("TEMPer1F_V4.", .fixedPoint(divisor: 100), false),
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
        return .success(TemperModel(name: firmware, conversion: entry.conversion, humidityOffset: entry.humidity ? 4 : nil))
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
            let signed = Double(Int16(bitPattern: r))
            switch model.conversion {
            case .fixedPoint(let divisor): return signed / divisor
            case .fm75: return humidity ? Double(r) * 32 / 1000 : signed / 256
            case .si7021:
                return humidity ? 125 * Double(r) / 65536 - 6 : 175.72 * Double(r) / 65536 - 46.85
            case .sht20Shifted:
                return humidity ? -6 + 125 * signed * 16 / 65536 : -46.85 + 175.72 * signed * 4 / 65536
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
