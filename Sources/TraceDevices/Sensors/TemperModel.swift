/// How one TEMPer variant encodes its 8-byte report (tables of temperusb, temper-py and
/// charlieh0tel/temper; REFERENCE.md "TEMPer USB sensors").
public struct TemperModel: Sendable, Hashable {
    /// How raw 16-bit big-endian values become units.
    public enum Conversion: Sendable, Hashable {
        /// Signed int16 divided by `divisor`, temperature and humidity alike (firmware-query models: 256 or
        /// 100; temper-py `_parse_bytes`).
        case fixedPoint(divisor: Double)
        /// temperusb's FM75 type: T = int16/256 °C, RH = uint16·32/1000 % (temperusb/temper.py
        /// `get_temperatures`, `get_humidity`).
        case fm75
        /// temperusb's SI7021 type: T = 175.72·raw/65536 − 46.85 °C, RH = 125·raw/65536 − 6 %. temperusb
        /// unpacks the temperature as signed (`>h`); the datasheet's code is unsigned, which agrees below
        /// 0x8000 (41 °C) and is what this uses.
        case si7021
        /// The SHT20 of the TEMPer1F_H1V1.5F, whose firmware sends the 14-bit temperature shifted right by 2
        /// and the 12-bit humidity by 4: T = −46.85 + 175.72·(int16 << 2)/65536, RH = −6 + 125·(int16 << 4)/65536
        /// (temper-py temper.py, firmware TEMPer1F_H1V1.5F).
        case sht20Shifted
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
