import ArgumentParser
import Foundation
import Logging
import SerialPort
import TraceDevices
import TraceModel

/// `edgetrace-sensor-probe`: runs one TEMPer (libusb) or Modbus RTU bus driver under ``DeviceService``
/// and prints, one JSON object per line on stdout, every state change (`{"state":"connected",…}`) and
/// every reading (`{"reading":"sensor","temperatureC":…}`, `{"reading":"deviceState",…}`,
/// `{"reading":"excursion",…}`). The tests run it under umockdev against emulated USB devices and
/// against a Modbus emulator on a pseudo-terminal. Kept small: umockdev's preload allows few open files.
@main
struct SensorProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgetrace-sensor-probe",
        abstract: "Read a TEMPer USB or Modbus RTU sensor and print its readings as JSON lines.")

    @Argument(help: "temper or modbus") var driver: String
    @Option(help: "TEMPer vendor ID (hex).") var vid: String?
    @Option(help: "TEMPer product ID (hex).") var pid: String?
    @Option(help: "TEMPer serial number to match.") var serial: String?
    @Option(help: "TEMPer USB port path to match (e.g. 1-4).") var port: String?
    @Option(help: "Modbus: the serial port.") var path: String?
    @Option(help: "Modbus: baud rate.") var baud = 9600
    @Option(help: "Modbus sensor: id=…,address=…,function=3|4,temp=REG,hum=REG,scale=10,signed=1 (repeatable).")
    var sensor: [String] = []
    @Option(help: "Excursion rule: name=…,quantity=temperatureC|humidityPct,above=X|below=X|rate=X,duration-ms=N (repeatable).")
    var rule: [String] = []
    @Option(help: "Sampling interval in ms.") var intervalMs = 200
    @Option(help: "Transfer / response timeout in ms.") var ioTimeoutMs = 300
    @Option(help: "Calibration offset in °C.") var offsetC = 0.0
    @Option(help: "Exit after this many sensor readings (0: never).") var count = 0
    @Option(help: "Exit after this many milliseconds.") var timeoutMs = 30_000
    @Option(help: "Shortest wait between reopen attempts (rescans), ms.") var reopenMinMs = 50
    @Option(help: "Longest wait between reopen attempts (rescans), ms.") var reopenMaxMs = 500
    @Option(help: "TEMPer: how long an open waits for a libusb hotplug arrival, ms.") var hotplugWaitMs = 300
    @Flag(help: "TEMPer: no libusb hotplug callbacks, rescans only.") var noHotplug = false

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let clock = CaptureClock(offsetSeconds: 0)
        let rules = try rule.map(Self.parseRule)
        let device: any DeviceDriver
        switch driver {
        case "temper":
            device = TemperSensorDriver(id: "probe", options: .init(
                vendorID: vid.flatMap { UInt16($0, radix: 16) }, productID: pid.flatMap { UInt16($0, radix: 16) },
                serial: serial, portPath: port, intervalMs: intervalMs, timeoutMs: ioTimeoutMs,
                calibration: .init(temperatureOffsetC: offsetC), rules: rules,
                hotplugWaitMs: hotplugWaitMs, hotplug: !noHotplug), clock: clock)
        case "modbus":
            guard let path else { throw ValidationError("modbus needs --path") }
            let sensors = try sensor.map { try Self.parseSensor($0, interval: intervalMs, offset: offsetC, rules: rules) }
            device = ModbusBusDriver(id: "bus", options: .init(
                settings: SerialSettings(path: path, baudRate: baud), sensors: sensors, responseTimeoutMs: ioTimeoutMs), clock: clock)
        default:
            throw ValidationError("driver: temper or modbus")
        }
        let printer = Printer()
        let board = DeviceStatusBoard()
        // The number of sensor readings printed, after each reading: the count limit is awaited, not polled.
        let (counts, counted) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let service = DeviceService(
            driver: device, sink: { reading in
                printer.print(reading)
                counted.yield(printer.sensorReadings)
                return .captured
            }, board: board,
            logger: Logger(label: "edgetrace.probe"), reopenMin: .milliseconds(reopenMinMs), reopenMax: .milliseconds(reopenMaxMs))
        let limit = count
        let timeout = timeoutMs
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await service.run() }
            group.addTask {
                var last: DeviceStatus.State?
                var lastMessage: String?
                for await _ in board.changes {
                    guard let s = await board.snapshot().devices.first else { continue }
                    if s.state != last || s.message != lastMessage {
                        printer.state(s)
                        last = s.state
                        lastMessage = s.message
                    }
                }
            }
            group.addTask {
                for await n in counts where limit > 0 && n >= limit { return }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(timeout))
                if !Task.isCancelled { printer.line(["timeout": "after \(timeout) ms"]) }
            }
            await group.next()
            group.cancelAll()
        }
    }

    static func fields(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }

    static func parseRule(_ text: String) throws -> ExcursionRule {
        let f = fields(text)
        guard let name = f["name"], let q = ExcursionRule.Quantity(rawValue: f["quantity"] ?? "temperatureC") else {
            throw ValidationError("bad --rule \(text)")
        }
        let condition: ExcursionRule.Condition
        if let v = f["above"].flatMap(Double.init) { condition = .above(v) }
        else if let v = f["below"].flatMap(Double.init) { condition = .below(v) }
        else if let v = f["rate"].flatMap(Double.init) { condition = .rate(perMinute: v) }
        else { throw ValidationError("--rule needs above=, below= or rate=") }
        return ExcursionRule(name: name, quantity: q, condition: condition, minDurationMs: Int64(f["duration-ms"] ?? "0") ?? 0)
    }

    static func parseSensor(_ text: String, interval: Int, offset: Double, rules: [ExcursionRule]) throws -> ModbusSensor {
        let f = fields(text)
        guard let id = f["id"], let address = f["address"].flatMap(UInt8.init),
              let function = ModbusRTU.Function(rawValue: UInt8(f["function"] ?? "4") ?? 4) else {
            throw ValidationError("bad --sensor \(text)")
        }
        return ModbusSensor(id: id, address: address, function: function,
                            temperatureRegister: f["temp"].flatMap(UInt16.init) ?? 1,
                            humidityRegister: f["hum"] == "none" ? nil : (f["hum"].flatMap(UInt16.init) ?? 2),
                            scale: f["scale"].flatMap(Double.init) ?? 10, signed: f["signed"] != "0",
                            intervalMs: interval, calibration: .init(temperatureOffsetC: offset), rules: rules)
    }
}

/// Prints JSON lines, one at a time.
final class Printer: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var sensorReadings: Int { lock.withLock { count } }

    func print(_ reading: Reading) {
        var object: [String: Any] = ["device": reading.device.id]
        switch reading.payload {
        case .sensor(let s):
            object["reading"] = "sensor"
            if let t = s.temperatureC { object["temperatureC"] = t }
            if let h = s.humidityPct { object["humidityPct"] = h }
            if let m = s.model { object["model"] = m }
            if let x = s.serial { object["serial"] = x }
            if let r = s.raw { object["raw"] = r }
            lock.withLock { count += 1 }
        case .excursion(let e):
            object["reading"] = "excursion"
            object["rule"] = e.rule
            object["phase"] = e.phase
            object["extreme"] = e.extreme
        case .deviceState(let s):
            object["reading"] = "deviceState"
            object["state"] = s.state
            if let m = s.message { object["message"] = m }
        case .barcode, .malformed, .nfcTag:
            object["reading"] = "other"
        }
        line(object)
    }

    func state(_ s: DeviceStatus) {
        var object: [String: Any] = ["state": s.state.rawValue, "reconnects": s.reconnects]
        if let p = s.resolvedPath { object["path"] = p }
        if let m = s.message { object["message"] = m }
        line(object)
    }

    func line(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        lock.withLock {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
