/// How one TEMPer variant encodes its 8-byte report (tables of temperusb, temper-py and
/// charlieh0tel/temper; REFERENCE.md "TEMPer USB sensors").
public struct TemperModel: Sendable, Hashable {
    /// How raw 16-bit big-endian values become units.
    public enum Conversion: Sendable, Hashable {
        /// Signed int16 divided by `divisor` (FM75 and firmware-query models: 256 or 100).
        case fixedPoint(divisor: Double)
        /// Silicon Labs SI7021 (and SHT2x): T = 175.72·raw/65536 − 46.85 °C, RH = 125·raw/65536 − 6 %.
        case si7021
    }

    /// Model name as events show it (`TEMPer1`, `TEMPerHUM`, or the firmware name).
    public var name: String
    public var conversion: Conversion
    /// Byte offset of the big-endian temperature in the report.
    public var temperatureOffset: Int
    /// Byte offset of the humidity, when the model has a humidity sensor.
    public var humidityOffset: Int?

    public init(name: String, conversion: Conversion, temperatureOffset: Int = 2, humidityOffset: Int? = nil) {
        self.name = name
        self.conversion = conversion
        self.temperatureOffset = temperatureOffset
        self.humidityOffset = humidityOffset
    }
}

/// A decoded TEMPer report.
public struct TemperMeasurement: Sendable, Hashable {
    /// nil: the sensor sent the "no reading" marker 0x4E20.
    public var temperatureC: Double?
    public var humidityPct: Double?

    public init(temperatureC: Double?, humidityPct: Double? = nil) {
        self.temperatureC = temperatureC
        self.humidityPct = humidityPct
    }
}

/// Why a report could not be decoded.
public struct TemperDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
