import InputDevice
import SystemSupport
import TraceModel

/// A USB barcode scanner in HID POS mode (the Barcode Scanner usage page 0x8C), read from its
/// hidraw node: the scanner sends the decoded data and its AIM symbology identifier as bytes, so
/// there is no keyboard layout to get wrong and FNC1 arrives as GS.
///
/// At open, the report descriptor (`HIDIOCGRDESC`) must declare the Barcode Scanner page; a
/// device that does not (a scanner left in keyboard mode, another HID device) is refused with a
/// message that says so, and is not retried. Codes longer than one report come in several
/// (Decoded Data Continued) and are joined.
public struct HIDPOSScannerDriver: DeviceDriver {
    public struct Options: Sendable, Hashable {
        /// The hidraw node; prefer a stable name from the udev rules (`/dev/edgetrace/…`).
        public var path: String
        public var maxCodeBytes: Int

        public init(path: String, maxCodeBytes: Int = 8192) {
            self.path = path
            self.maxCodeBytes = maxCodeBytes
        }
    }

    public let ref: DeviceRef
    public let options: Options
    private let clock: CaptureClock

    public init(id: String, options: Options, clock: CaptureClock) {
        self.ref = DeviceRef(id: id, driver: "hidpos", path: options.path)
        self.options = options
        self.clock = clock
    }

    struct Captured: Sendable {
        var bytes: [UInt8]
        var problem: String?
        var stamp: CaptureStamp
    }

    public func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws {
        let device: HIDRawDevice
        do {
            let path = options.path
            device = try await DedicatedThread.run { () throws(InputDeviceError) -> HIDRawDevice in try HIDRawDevice(path: path) }
        } catch let error as InputDeviceError {
            throw DeviceError(deviceID: ref.id, message: error.description, isTransient: error.isTransient)
        }
        defer { device.close() }
        let descriptor: HIDReportDescriptor
        let layout: HIDPOSLayout
        do {
            descriptor = try HIDReportDescriptor(device.reportDescriptor)
            layout = try HIDPOSLayout(descriptor: descriptor)
        } catch {
            throw DeviceError(deviceID: ref.id, message: "\(options.path) (\"\(device.name)\", \(device.identity)): \(error)", isTransient: false)
        }
        await onConnected(device.resolvedPath)

        let stop = StopFlag()
        let (codes, continuation) = AsyncThrowingStream<Captured, any Error>.makeStream()
        let clock = self.clock
        let maxCodeBytes = options.maxCodeBytes
        let reader = Task {
            try await DedicatedThread.run {
                Self.readLoop(device: device, descriptor: descriptor, layout: layout, maxCodeBytes: maxCodeBytes,
                              clock: clock, stop: stop, out: continuation)
            }
        }
        defer { stop.set(); device.close() }
        do {
            try await withTaskCancellationHandler {
                try await withGracefulShutdownStop({ stop.set(); device.close() }) {
                    for try await code in codes {
                        let payload: Reading.Payload = code.problem.map { .malformed(bytes: code.bytes, reason: $0) }
                            ?? .barcode(bytes: code.bytes, symbology: nil)
                        _ = await sink(Reading(device: ref, payload: payload, stamp: code.stamp))
                    }
                }
            } onCancel: {
                stop.set()
                device.close()
            }
        } catch let error as InputDeviceError {
            stop.set()
            _ = try? await reader.value
            throw DeviceError(deviceID: ref.id, message: error.description, isTransient: error.isTransient)
        }
        _ = try? await reader.value
    }

    /// Blocking: read reports, join continued ones, hand over codes, until stopped or the device fails.
    static func readLoop(device: HIDRawDevice, descriptor: HIDReportDescriptor, layout: HIDPOSLayout, maxCodeBytes: Int,
                         clock: CaptureClock, stop: StopFlag, out: AsyncThrowingStream<Captured, any Error>.Continuation) {
        var assembler = HIDPOSAssembler(maxCodeBytes: maxCodeBytes)
        func emit(_ code: HIDPOSAssembler.Code, cutOff: Bool = false) {
            var problem: String? = nil
            if cutOff {
                problem = "the scan was cut off: the scanner went away before the last report of the code (\(code.bytes.count) bytes so far); scan it again"
            } else if code.overlong {
                problem = "a code longer than \(maxCodeBytes) bytes: the rest was dropped"
            }
            out.yield(Captured(bytes: code.bytes, problem: problem, stamp: clock.stamp()))
        }
        while !stop.isSet {
            do {
                let bytes = try device.read(timeout: .seconds(30))
                for report in HIDReportSplitter.split(bytes, descriptor: descriptor) {
                    do throws(HIDPOSReport.Malformed) {
                        guard let parsed = try HIDPOSReport.parse(report, layout: layout) else { continue }
                        if let code = assembler.feed(parsed) { emit(code) }
                    } catch {
                        out.yield(Captured(bytes: report, problem: "unreadable HID POS report: \(error)", stamp: clock.stamp()))
                    }
                }
            } catch {
                if let code = assembler.flush() { emit(code, cutOff: !stop.isSet) }
                if stop.isSet { out.finish() } else { out.finish(throwing: error) }
                return
            }
        }
        if let code = assembler.flush() { emit(code) }
        out.finish()
    }
}
