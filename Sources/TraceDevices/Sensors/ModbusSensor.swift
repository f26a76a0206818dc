import TraceModel

/// One Modbus RTU sensor on a bus (SHT20 / XY-MD02 style): its slave address, the function and
/// registers to read, and how registers become values (value = register / scale, signed or not).
public struct ModbusSensor: Sendable, Hashable {
    /// The device id its events carry.
    public var id: String
    public var address: UInt8
    public var function: ModbusRTU.Function
    public var temperatureRegister: UInt16?
    public var humidityRegister: UInt16?
    /// Divisor: 10 for ×10 sensors (XY-MD02), 100 for ×100 models.
    public var scale: Double
    /// Registers are two's-complement (negative temperatures) when true.
    public var signed: Bool
    public var intervalMs: Int
    public var calibration: SensorCalibration
    public var rules: [ExcursionRule]

    public init(id: String, address: UInt8, function: ModbusRTU.Function = .readInputRegisters,
                temperatureRegister: UInt16? = 1, humidityRegister: UInt16? = 2, scale: Double = 10, signed: Bool = true,
                intervalMs: Int = 60_000, calibration: SensorCalibration = .init(), rules: [ExcursionRule] = []) {
        self.id = id
        self.address = address
        self.function = function
        self.temperatureRegister = temperatureRegister
        self.humidityRegister = humidityRegister
        self.scale = scale
        self.signed = signed
        self.intervalMs = intervalMs
        self.calibration = calibration
        self.rules = rules
    }

    /// The first register and how many to read so that one request covers both values.
    public var span: (start: UInt16, count: UInt16) {
        let regs = [temperatureRegister, humidityRegister].compactMap { $0 }
        guard let lo = regs.min(), let hi = regs.max() else { return (0, 1) }
        return (lo, hi - lo + 1)
    }

    /// The values in `registers` (read from ``span``).
    public func decode(_ registers: [UInt16]) -> (temperatureC: Double?, humidityPct: Double?) {
        let start = span.start
        func value(_ reg: UInt16?) -> Double? {
            guard let reg, Int(reg - start) < registers.count else { return nil }
            let r = registers[Int(reg - start)]
            let raw = signed ? Double(Int16(bitPattern: r)) : Double(r)
            return (raw / scale * 10_000).rounded() / 10_000
        }
        return (value(temperatureRegister), value(humidityRegister))
    }
}
