import EdgeTraceConfig
import SerialPort
import TraceDevices

extension DriverFactory {
    static func makeTemper(id: String, settings t: TemperSettings, clock: CaptureClock) -> any DeviceDriver {
        TemperSensorDriver(id: id, options: .init(
            vendorID: t.vendorID, productID: t.productID, serial: t.usbSerial, portPath: t.usbPort,
            intervalMs: t.sampleIntervalMs, timeoutMs: t.timeoutMs,
            calibration: .init(temperatureOffsetC: t.temperatureOffsetC, humidityOffsetPct: t.humidityOffsetPct),
            rules: t.excursions), clock: clock)
    }

    static func makeModbus(id: String, path: String, settings m: ModbusSettings, clock: CaptureClock) -> any DeviceDriver {
        let sensors = m.sensors.map { s in
            ModbusSensor(
                id: s.id, address: UInt8(s.address), function: s.function == 3 ? .readHoldingRegisters : .readInputRegisters,
                temperatureRegister: UInt16(s.temperatureRegister), humidityRegister: s.humidityRegister.map { UInt16($0) },
                scale: s.scale, signed: s.signed, intervalMs: s.sampleIntervalMs,
                calibration: .init(temperatureOffsetC: s.temperatureOffsetC, humidityOffsetPct: s.humidityOffsetPct),
                rules: s.excursions)
        }
        let settings = SerialSettings(path: path, baudRate: m.baud, dataBits: 8,
                                      parity: SerialSettings.Parity(rawValue: m.parity) ?? .none, stopBits: m.stopBits)
        return ModbusBusDriver(id: id, options: .init(settings: settings, sensors: sensors, responseTimeoutMs: m.responseTimeoutMs),
                               clock: clock)
    }
}
