/// A sensor measurement (the `sensor` object of a TraceEvent of kind `sensor`, DESIGN.md §3):
/// `{"temperatureC":4.25,"humidityPct":55.1,"model":"TEMPerHUM","serial":"…"}`. Keys are omitted when nil.
/// Values are calibrated (the configured offset is already added) and numeric, so a series can be
/// compacted to min/max/mean per interval without parsing anything else.
public struct SensorData: Codable, Sendable, Hashable {
    /// Temperature in degrees Celsius, calibrated.
    public var temperatureC: Double?
    /// Relative humidity in percent, calibrated.
    public var humidityPct: Double?
    /// The sensor model or firmware, e.g. `TEMPerGold_V3.1`, `modbus`.
    public var model: String?
    /// The sensor's stable identity: its USB serial number, else its USB port path (`usb:1-4.2`);
    /// for Modbus the bus and slave address (`/dev/ttyUSB0#1`).
    public var serial: String?
    /// The calibration offset that was added to the temperature (°C), when not zero.
    public var offsetC: Double?
    /// The bytes or registers the values were decoded from (hex), for audits.
    public var raw: String?
    /// Set when this event stands for a compacted series (DESIGN.md §4): then `temperatureC` and
    /// `humidityPct` are the series' means.
    public var summary: SensorSummary?

    public init(temperatureC: Double? = nil, humidityPct: Double? = nil, model: String? = nil, serial: String? = nil,
                offsetC: Double? = nil, raw: String? = nil, summary: SensorSummary? = nil) {
        self.temperatureC = temperatureC
        self.humidityPct = humidityPct
        self.model = model
        self.serial = serial
        self.offsetC = offsetC
        self.raw = raw
        self.summary = summary
    }
}
