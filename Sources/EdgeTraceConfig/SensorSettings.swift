import TraceModel

/// Settings of a TEMPer USB temperature (and humidity) sensor (driver `temper`), read through libusb.
public struct TemperSettings: Sendable, Equatable {
    /// `vendor_id`, `product_id`: hex, e.g. "413d" and "2107" (0c45:7401, 0c45:7402, 1a86:e025, 413d:2107, 3553:a001).
    public var vendorID: UInt16
    public var productID: UInt16
    /// `usb_serial`: pick the sensor with this USB serial number (default: the first one found).
    public var usbSerial: String?
    /// `usb_port`: pick the sensor in this USB port, e.g. "1-4.2" (for sensors without a serial number).
    public var usbPort: String?
    /// `sample_interval_ms` (default 60000, 100…86400000).
    public var sampleIntervalMs: Int
    /// `timeout_ms`: how long one USB transfer may take (default 1000, 50…10000).
    public var timeoutMs: Int
    /// `temperature_offset_c`, `humidity_offset_pct`: calibration offsets added to every value (default 0).
    public var temperatureOffsetC: Double
    public var humidityOffsetPct: Double
    /// `[[device.excursion]]`: the rules for this sensor.
    public var excursions: [ExcursionRule]
    /// `reopen_max_ms` (default 5000).
    public var reopenMaxMs: Int
}

/// Settings of a Modbus RTU bus (driver `modbus`, `path` = the RS-485 adapter's serial port) and its sensors.
public struct ModbusSettings: Sendable, Equatable {
    /// `baud` (default 9600), `parity` none/even/odd (none), `stop_bits` 1/2 (1); 8 data bits.
    public var baud: Int
    public var parity: String
    public var stopBits: Int
    /// `response_timeout_ms`: how long a slave may take to answer (default 500, 20…10000).
    public var responseTimeoutMs: Int
    /// `[[device.sensor]]`: the sensors on the bus, polled one after another.
    public var sensors: [ModbusSensorSettings]
    /// `reopen_max_ms` (default 5000).
    public var reopenMaxMs: Int
}

/// One sensor on a Modbus bus (`[[device.sensor]]`).
public struct ModbusSensorSettings: Sendable, Equatable {
    /// `id`: the device id its events carry (unique among all devices).
    public var id: String
    /// `address`: the slave address, 1…247.
    public var address: Int
    /// `function`: 4 (input registers, default) or 3 (holding registers).
    public var function: Int
    /// `temperature_register` (default 1), `humidity_register` (default 2; -1 = none).
    public var temperatureRegister: Int
    public var humidityRegister: Int?
    /// `scale`: value = register / scale (default 10).
    public var scale: Double
    /// `signed`: registers are two's-complement (default true).
    public var signed: Bool
    /// `sample_interval_ms` (default 60000).
    public var sampleIntervalMs: Int
    /// `temperature_offset_c`, `humidity_offset_pct` (default 0).
    public var temperatureOffsetC: Double
    public var humidityOffsetPct: Double
    /// `[[device.sensor.excursion]]`.
    public var excursions: [ExcursionRule]
}
