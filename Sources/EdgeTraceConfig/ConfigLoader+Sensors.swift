import TraceModel

extension ConfigLoader {
    /// The keys of a `driver = "temper"` device (see ``TemperSettings``).
    static func parseTemper(_ d: inout ConfigReader) throws -> TemperSettings {
        func hexID(_ name: String, _ d: inout ConfigReader) throws -> UInt16 {
            let text = try d.requiredString(name)
            guard text.count == 4, let v = UInt16(text, radix: 16) else {
                throw d.error(name, "'\(text)' is not four hex digits (e.g. \"413d\"; `lsusb` shows vendor:product)")
            }
            return v
        }
        return TemperSettings(
            vendorID: try hexID("vendor_id", &d), productID: try hexID("product_id", &d),
            usbSerial: try d.string("usb_serial"), usbPort: try d.string("usb_port"),
            sampleIntervalMs: try d.int("sample_interval_ms", default: 60_000, range: 100...86_400_000),
            timeoutMs: try d.int("timeout_ms", default: 1000, range: 50...10_000),
            temperatureOffsetC: try d.double("temperature_offset_c", default: 0),
            humidityOffsetPct: try d.double("humidity_offset_pct", default: 0),
            excursions: try parseExcursions(&d),
            reopenMaxMs: try d.int("reopen_max_ms", default: 5000, range: 100...600_000))
    }

    /// The keys of a `driver = "modbus"` device (see ``ModbusSettings``).
    static func parseModbus(_ d: inout ConfigReader, path: String?) throws -> ModbusSettings {
        guard path != nil else { throw d.error("path", "is required for a modbus bus: the RS-485 adapter, e.g. /dev/serial/by-id/usb-…") }
        var sensors: [ModbusSensorSettings] = []
        for var s in try d.tableArray("sensor") {
            let humidity = try s.int("humidity_register", default: 2, range: -1...65_535)
            sensors.append(ModbusSensorSettings(
                id: try s.requiredString("id"),
                address: try s.int("address", default: 0, range: 1...247),
                function: try s.int("function", default: 4, range: 3...4),
                temperatureRegister: try s.int("temperature_register", default: 1, range: 0...65_535),
                humidityRegister: humidity < 0 ? nil : humidity,
                scale: try s.double("scale", default: 10),
                signed: try s.bool("signed", default: true),
                sampleIntervalMs: try s.int("sample_interval_ms", default: 60_000, range: 100...86_400_000),
                temperatureOffsetC: try s.double("temperature_offset_c", default: 0),
                humidityOffsetPct: try s.double("humidity_offset_pct", default: 0),
                excursions: try parseExcursions(&s)))
            if sensors.last!.scale <= 0 { throw s.error("scale", "must be above 0 (10 for ×10 sensors, 100 for ×100)") }
            if s.table["address"] == nil { throw s.error("address", "is required: the sensor's slave address, 1…247") }
            try s.rejectUnknownKeys()
        }
        if sensors.isEmpty { throw d.error("sensor", "a modbus bus needs at least one [[device.sensor]]") }
        var addresses = Set<Int>()
        for (i, s) in sensors.enumerated() where !addresses.insert(s.address).inserted {
            throw d.error("sensor[\(i)].address", "address \(s.address) is used twice on this bus")
        }
        return ModbusSettings(
            baud: try d.int("baud", default: 9600, range: 1200...921_600),
            parity: try d.oneOf("parity", ["none", "even", "odd"], default: "none"),
            stopBits: try d.int("stop_bits", default: 1, range: 1...2),
            responseTimeoutMs: try d.int("response_timeout_ms", default: 500, range: 20...10_000),
            sensors: sensors,
            reopenMaxMs: try d.int("reopen_max_ms", default: 5000, range: 100...600_000))
    }

    /// `[[…excursion]]` tables: `name`, `quantity` (temperature_c, humidity_pct), exactly one of `above`,
    /// `below`, `rate_per_min`, and `duration_ms` (default 0).
    static func parseExcursions(_ d: inout ConfigReader) throws -> [ExcursionRule] {
        var rules: [ExcursionRule] = []
        for var r in try d.tableArray("excursion") {
            let name = try r.requiredString("name")
            let quantity: ExcursionRule.Quantity =
                try r.oneOf("quantity", ["temperature_c", "humidity_pct"], default: "temperature_c") == "humidity_pct"
                ? .humidityPct : .temperatureC
            let given = ["above", "below", "rate_per_min"].filter { r.table[$0] != nil }
            guard given.count == 1 else {
                throw r.error(nil, "give exactly one of above, below, rate_per_min (found \(given.isEmpty ? "none" : given.joined(separator: ", ")))")
            }
            let value = try r.double(given[0], default: 0)
            let condition: ExcursionRule.Condition = switch given[0] {
            case "above": .above(value)
            case "below": .below(value)
            default: .rate(perMinute: value)
            }
            if case .rate(let v) = condition, v <= 0 { throw r.error("rate_per_min", "must be above 0 (a change per minute, either direction)") }
            let duration = try r.int("duration_ms", default: 0, range: 0...604_800_000)
            try r.rejectUnknownKeys()
            rules.append(ExcursionRule(name: name, quantity: quantity, condition: condition, minDurationMs: Int64(duration)))
        }
        return rules
    }
}
