import Foundation
import SerialPort
import ServiceLifecycle
import SystemSupport
import TraceModel

/// Several Modbus RTU sensors on one RS-485 bus: this driver is the port's one owner (exclusive lock)
/// and the bus's one master; it polls the sensors one after another, each at its own interval.
///
/// A request is answered within `responseTimeoutMs` or counts as a timeout. Bad CRCs, exception
/// responses and timeouts produce no `sensor` reading; the first failure of a gap produces a
/// `device` reading for that sensor (`unresponsive`, with the reason), and the first good answer after
/// it a `connected` one. A port that fails (unplugged adapter) ends the run with a transient error.
public struct ModbusBusDriver: DeviceDriver {
    public struct Options: Sendable {
        public var settings: SerialSettings
        public var sensors: [ModbusSensor]
        public var responseTimeoutMs: Int
        /// Silence before each request (Modbus RTU's 3.5 character times, at least 2 ms).
        public var interFrameMs: Int

        public init(settings: SerialSettings, sensors: [ModbusSensor], responseTimeoutMs: Int = 500, interFrameMs: Int = 5) {
            self.settings = settings
            self.sensors = sensors
            self.responseTimeoutMs = responseTimeoutMs
            self.interFrameMs = interFrameMs
        }
    }

    public let ref: DeviceRef
    public let options: Options
    private let clock: CaptureClock
    private let channels: [ChannelBox]

    public init(id: String, options: Options, clock: CaptureClock) {
        ref = DeviceRef(id: id, driver: "modbus", path: options.settings.path)
        self.options = options
        self.clock = clock
        channels = options.sensors.map { s in
            ChannelBox(SensorChannel(ref: DeviceRef(id: s.id, driver: "modbus", path: options.settings.path + "#\(s.address)"),
                                     calibration: s.calibration, rules: s.rules))
        }
    }

    /// What one poll of one sensor gave.
    enum PollResult: Sendable {
        case values([UInt16], raw: [UInt8])
        case failed(String)
    }

    public func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws {
        let port: SerialPort
        do {
            let settings = options.settings
            port = try await DedicatedThread.run { () throws(SerialError) -> SerialPort in try SerialPort(settings: settings) }
        } catch let error as SerialError {
            throw DeviceError(deviceID: ref.id, message: error.description, isTransient: error.code != .invalidSettings)
        }
        defer { port.close() }
        await onConnected(port.resolvedPath)

        var due = [ContinuousClock.Instant](repeating: .now, count: options.sensors.count)
        var failing = [Bool](repeating: false, count: options.sensors.count)
        try await withTaskCancellationHandler {
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                guard let next = due.indices.min(by: { due[$0] < due[$1] }) else { return }
                let wait = due[next] - .now
                if wait > .zero { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) } }
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                let sensor = options.sensors[next]
                due[next] = .now + .milliseconds(sensor.intervalMs)
                let timeout = options.responseTimeoutMs
                let gap = options.interFrameMs
                let result: PollResult
                do {
                    result = try await DedicatedThread.run { () throws -> PollResult in
                        try Self.poll(port: port, sensor: sensor, timeoutMs: timeout, interFrameMs: gap)
                    }
                } catch let error as SerialError {
                    throw DeviceError(deviceID: ref.id, message: error.description, isTransient: true)
                }
                let stamp = clock.stamp()
                let channel = channels[next]
                switch result {
                case .values(let registers, let raw):
                    if failing[next] { _ = await sink(channel.state("connected", "answering again", stamp: stamp)) }
                    failing[next] = false
                    let v = sensor.decode(registers)
                    for r in channel.readings(temperatureC: v.temperatureC, humidityPct: v.humidityPct, model: "modbus",
                                              serial: options.settings.path + "#\(sensor.address)", raw: Hex.encode(raw), stamp: stamp) {
                        _ = await sink(r)
                    }
                case .failed(let reason):
                    if !failing[next] { _ = await sink(channel.state("unresponsive", reason, stamp: stamp)) }
                    failing[next] = true
                }
            }
        } onCancel: {
            port.close()
        }
    }

    /// Blocking: one request, one response (or a timeout).
    static func poll(port: SerialPort, sensor: ModbusSensor, timeoutMs: Int, interFrameMs: Int) throws(SerialError) -> PollResult {
        // Drop anything stale (a late answer to a timed-out request) before speaking.
        while try !port.read(maxBytes: 256, timeout: .milliseconds(interFrameMs)).isEmpty {}
        let span = sensor.span
        try port.write(ModbusRTU.readRequest(address: sensor.address, function: sensor.function, start: span.start, count: span.count))
        var frame: [UInt8] = []
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while true {
            let expected = ModbusRTU.expectedLength(frame, count: Int(span.count))
            if let expected, frame.count >= expected { break }
            let left = deadline - .now
            if left <= .zero {
                return .failed(frame.isEmpty
                    ? "no answer from slave \(sensor.address) within \(timeoutMs) ms: check wiring, address and baud rate"
                    : "incomplete answer from slave \(sensor.address) (\(frame.count) bytes) within \(timeoutMs) ms")
            }
            frame += try port.read(maxBytes: 256, timeout: left)
        }
        switch ModbusRTU.parse(frame, address: sensor.address, function: sensor.function, count: Int(span.count)) {
        case .success(.registers(let r)): return .values(r, raw: frame)
        case .success(.exception(let code)):
            return .failed("slave \(sensor.address) answered with exception \(code): \(ModbusRTU.exceptionName(code))")
        case .failure(let e): return .failed("slave \(sensor.address): \(e)")
        }
    }
}
