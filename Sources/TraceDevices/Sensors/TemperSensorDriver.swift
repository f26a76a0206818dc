import Foundation
import ServiceLifecycle
import SystemSupport
import TraceModel
import USB

/// A TEMPer USB temperature (and humidity) sensor through libusb: finds it by VID:PID (and optionally
/// serial number or port path), detaches usbhid from interface 1, samples every `intervalMs`, and
/// delivers calibrated `sensor` readings plus the `excursion`s its rules detect.
///
/// No invented readings: a sample that fails produces no `sensor` reading; the first failure of a gap
/// produces a `device` reading (`unresponsive`) and the driver resets the device; after
/// `maxFailures` failures in a row, or when the device is gone, it reports `disconnected` and throws
/// a transient error, so ``DeviceService`` reopens it (status `disconnected` meanwhile). The first good
/// sample after a gap is preceded by a `connected` device reading.
public struct TemperSensorDriver: DeviceDriver {
    public struct Options: Sendable {
        public var vendorID: UInt16?
        public var productID: UInt16?
        public var serial: String?
        public var portPath: String?
        public var intervalMs: Int
        public var timeoutMs: Int
        public var calibration: SensorCalibration
        public var rules: [ExcursionRule]
        public var maxFailures: Int
        /// How long an open waits for a hotplug arrival before it gives up and ``DeviceService`` rescans.
        public var hotplugWaitMs: Int
        /// Use libusb's hotplug callbacks where libusb has them (``USBContext/hasHotplug``): arrivals end the
        /// open's wait at once, departures end sampling at once. false (or no hotplug): rescans only, and an
        /// unplug shows as a failed transfer at the next sample.
        public var hotplug: Bool

        public init(vendorID: UInt16? = nil, productID: UInt16? = nil, serial: String? = nil, portPath: String? = nil,
                    intervalMs: Int = 60_000, timeoutMs: Int = 1000, calibration: SensorCalibration = .init(),
                    rules: [ExcursionRule] = [], maxFailures: Int = 3, hotplugWaitMs: Int = 2000, hotplug: Bool = true) {
            self.vendorID = vendorID
            self.productID = productID
            self.serial = serial
            self.portPath = portPath
            self.intervalMs = intervalMs
            self.timeoutMs = timeoutMs
            self.calibration = calibration
            self.rules = rules
            self.maxFailures = maxFailures
            self.hotplugWaitMs = hotplugWaitMs
            self.hotplug = hotplug
        }
    }

    public let ref: DeviceRef
    public let options: Options
    private let clock: CaptureClock
    private let channel: ChannelBox

    public init(id: String, options: Options, clock: CaptureClock) {
        var path: String? = nil
        if let v = options.vendorID, let p = options.productID {
            path = "usb:" + Self.hex(v) + ":" + Self.hex(p) + (options.serial.map { "#" + $0 } ?? options.portPath.map { "@" + $0 } ?? "")
        }
        ref = DeviceRef(id: id, driver: "temper", path: path)
        self.options = options
        self.clock = clock
        channel = ChannelBox(SensorChannel(ref: ref, calibration: options.calibration, rules: options.rules))
    }

    static func hex(_ x: UInt16) -> String { let s = String(x, radix: 16); return String(repeating: "0", count: 4 - s.count) + s }

    public func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws {
        let match = TemperSession.Match(vendorID: options.vendorID, productID: options.productID,
                                        serial: options.serial, portPath: options.portPath)
        let timeout = UInt32(options.timeoutMs)
        let wait = options.hotplugWaitMs
        // Hotplug, where libusb has it and the VID:PID is known: registered before the scan, so that an arrival
        // during the scan is not lost; nil (registration failed, or none) leaves rescans only.
        var hotplug: USBHotplug?
        if options.hotplug, USBContext.hasHotplug, let v = options.vendorID, let p = options.productID {
            hotplug = try? USBHotplug(vendorID: v, productID: p)
        }
        let events = hotplug
        let stop = StopSignal()
        let halt: @Sendable () -> Void = { stop.set(); events?.interrupt() }
        let session: TemperSession
        do {
            session = try await withTaskCancellationHandler {
                try await withGracefulShutdownStop(halt) {
                    try await DedicatedThread.run { () throws -> TemperSession in
                        try TemperSession.open(match, hotplug: events, timeoutMs: timeout, waitMs: wait, stop: stop)
                    }
                }
            } onCancel: { halt() }
        } catch let error as TemperSession.OpenError {
            switch error {
            case .notFound(let what):
                throw DeviceError(deviceID: ref.id, message: "no TEMPer sensor found (\(what)): plug it in, or check vid/pid/serial", isTransient: true)
            case .usb(let e):
                throw DeviceError(deviceID: ref.id, message: "\(e)", isTransient: e.isTransient)
            case .decode(let e):
                throw DeviceError(deviceID: ref.id, message: e.message, isTransient: false)
            }
        }
        let closer = SessionCloser(session)
        defer { closer.close() }
        await onConnected(session.identity)
        _ = await sink(channel.state("connected", "\(session.model.name) \(session.identity), found by \(session.foundBy)",
                                     stamp: clock.stamp()))

        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let outcome: Result<[UInt8], USBError>
            do {
                outcome = .success(try await DedicatedThread.run { () throws -> [UInt8] in try session.sample() })
            } catch let e as USBError {
                outcome = .failure(e)
            } catch {
                outcome = .failure(USBError("libusb", code: .other))
            }
            let stamp = clock.stamp()
            switch outcome {
            case .success(let report):
                switch TemperProtocol.decode(report, model: session.model) {
                case .success(let m) where m.temperatureC != nil:
                    if failures > 0 { _ = await sink(channel.state("connected", "answering again", stamp: stamp)) }
                    failures = 0
                    for r in channel.readings(temperatureC: m.temperatureC, humidityPct: m.humidityPct, model: session.model.name,
                                              serial: session.identity, raw: Hex.encode(report), stamp: stamp) {
                        _ = await sink(r)
                    }
                case .success:
                    failures += 1
                    if failures == 1 { _ = await sink(channel.state("no-reading", "the sensor reports no value (0x4E20): probe unplugged or broken", stamp: stamp)) }
                case .failure(let e):
                    failures += 1
                    if failures == 1 { _ = await sink(channel.state("error", e.message, stamp: stamp)) }
                }
            case .failure(let e):
                failures += 1
                if e.code == .noDevice || failures >= options.maxFailures {
                    let message = e.code == .noDevice ? "unplugged (\(e))" : "not answering after \(failures) tries (\(e)); reopening"
                    _ = await sink(channel.state("disconnected", message, stamp: stamp))
                    throw DeviceError(deviceID: ref.id, message: message, isTransient: true)
                }
                if failures == 1 { _ = await sink(channel.state("unresponsive", "\(e); resetting the device", stamp: stamp)) }
                do {
                    _ = try await DedicatedThread.run { () throws -> Bool in try session.reset(); return true }
                } catch {
                    _ = await sink(channel.state("disconnected", "reset failed (\(error)); reopening", stamp: clock.stamp()))
                    throw DeviceError(deviceID: ref.id, message: "reset failed: \(error)", isTransient: true)
                }
            }
            if let left = await Self.pause(options.intervalMs, watching: session) {
                let message = "unplugged (hotplug: device left bus \(left.bus) address \(left.address))"
                _ = await sink(channel.state("disconnected", message, stamp: clock.stamp()))
                throw DeviceError(deviceID: ref.id, message: message, isTransient: true)
            }
        }
    }

    /// Waits `ms` between samples; with hotplug, on a thread of its own blocked in libusb's event handling,
    /// which returns the device's departure at once (without hotplug an unplug shows only as the next
    /// sample's failed transfer). Either way the wait is a sleep: no wake-ups until the departure, the next
    /// sample, or the stop.
    static func pause(_ ms: Int, watching session: TemperSession) async -> (bus: UInt8, address: UInt8)? {
        guard session.hotplug != nil else {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(ms)) }
            return nil
        }
        if Task.isCancelled || Task.isShuttingDownGracefully { return nil }
        let stop = StopSignal()
        let hotplug = session.hotplug
        let halt: @Sendable () -> Void = { stop.set(); hotplug?.interrupt() }
        let departure = try? await withTaskCancellationHandler {
            try await withGracefulShutdownStop(halt) {
                try await DedicatedThread.run { session.awaitDeparture(ms: ms, stop: stop) }
            }
        } onCancel: { halt() }
        if case .left(let bus, let address) = departure ?? nil { return (bus, address) }
        return nil
    }
}

/// The channel's state (excursions in progress) outlives one open of the device.
final class ChannelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var channel: SensorChannel

    init(_ channel: SensorChannel) { self.channel = channel }

    func readings(temperatureC: Double?, humidityPct: Double?, model: String?, serial: String?, raw: String?, stamp: CaptureStamp) -> [Reading] {
        lock.withLock {
            channel.readings(temperatureC: temperatureC, humidityPct: humidityPct, model: model, serial: serial, raw: raw, stamp: stamp)
        }
    }

    func state(_ state: String, _ message: String?, stamp: CaptureStamp) -> Reading {
        lock.withLock { channel.state(state, message, stamp: stamp) }
    }
}

/// Closes a session on a dedicated thread when the driver's run ends (libusb_close may block briefly).
final class SessionCloser: @unchecked Sendable {
    private let session: TemperSession
    init(_ session: TemperSession) { self.session = session }
    func close() { session.close() }
}
