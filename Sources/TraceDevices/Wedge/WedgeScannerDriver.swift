import InputDevice
import SystemSupport
import TraceModel

/// A barcode scanner that types like a keyboard (USB HID keyboard, "keyboard wedge"), read from
/// its evdev node and grabbed so that its keystrokes reach no console, login prompt or desktop.
///
/// Key events become bytes through ``WedgeKeyDecoder`` (layout, Shift/CapsLock, control chords,
/// the GS substitute), and bytes become scans through the serial scanners' ``FrameAssembler``:
/// Enter or Tab ends a scan, or a pause (``Options/interKeyTimeoutMs``). An AIM symbology
/// identifier the scanner types first (`]C1`) stays in the data for the interpreter.
///
/// Unplugging makes reads fail with `ENODEV`; ``DeviceService`` reopens the path with backoff, and
/// a `/dev/input/by-id/…-event-kbd` path finds the scanner under whatever `eventN` it comes back as.
/// A scan cut off by the unplug (no Enter yet) is delivered as malformed input (a `rejected`
/// event), never as a shorter code.
public struct WedgeScannerDriver: DeviceDriver {
    /// How the scanner ends each code (its "suffix" setting).
    public enum Suffix: String, Sendable, Hashable, CaseIterable {
        /// Enter (CR); the factory default of most scanners.
        case enter
        /// Tab.
        case tab
        /// Nothing: a pause of ``Options/interKeyTimeoutMs`` ends the code.
        case none
    }

    public struct Options: Sendable, Hashable {
        /// The evdev node; prefer `/dev/input/by-id/…-event-kbd`.
        public var path: String
        public var layout: KeyboardLayout
        public var suffix: Suffix
        /// A pause this long ends a code when ``suffix`` is ``Suffix/none``, and flushes a code
        /// whose suffix never came otherwise (0: never).
        public var interKeyTimeoutMs: Int
        public var gsSubstitute: GSSubstitute
        /// Take the device exclusively (`EVIOCGRAB`); only a test would turn this off.
        public var grab: Bool
        public var maxFrameBytes: Int

        public init(path: String, layout: KeyboardLayout = .us, suffix: Suffix = .enter, interKeyTimeoutMs: Int = 200,
                    gsSubstitute: GSSubstitute = .controlBracket, grab: Bool = true, maxFrameBytes: Int = 4096) {
            self.path = path
            self.layout = layout
            self.suffix = suffix
            self.interKeyTimeoutMs = interKeyTimeoutMs
            self.gsSubstitute = gsSubstitute
            self.grab = grab
            self.maxFrameBytes = maxFrameBytes
        }

        /// The ``Framing`` of the suffix.
        public var framing: Framing {
            switch suffix {
            case .enter: .cr
            case .tab: .suffix([0x09])
            case .none: .interCharacterTimeout(ms: max(interKeyTimeoutMs, 1))
            }
        }
    }

    public let ref: DeviceRef
    public let options: Options
    private let clock: CaptureClock

    public init(id: String, options: Options, clock: CaptureClock) {
        self.ref = DeviceRef(id: id, driver: "wedge", path: options.path)
        self.options = options
        self.clock = clock
    }

    /// A code read on the reader thread, stamped the moment it was complete.
    struct Captured: Sendable {
        enum Problem: Sendable { case overlong, cutOff, damaged }
        var bytes: [UInt8]
        var problem: Problem?
        var stamp: CaptureStamp
    }

    public func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws {
        let device: EventDevice
        do {
            let path = options.path
            let grab = options.grab
            device = try await DedicatedThread.run { () throws(InputDeviceError) -> EventDevice in
                try EventDevice(path: path, grab: grab)
            }
        } catch let error as InputDeviceError {
            throw DeviceError(deviceID: ref.id, message: error.description, isTransient: error.isTransient)
        }
        defer { device.close() }
        await onConnected(device.resolvedPath)

        let stop = StopFlag()
        let (codes, continuation) = AsyncThrowingStream<Captured, any Error>.makeStream()
        let options = self.options
        let clock = self.clock
        let reader = Task {
            try await DedicatedThread.run {
                Self.readLoop(device: device, options: options, clock: clock, stop: stop, out: continuation)
            }
        }
        defer { stop.set(); device.close() }
        do {
            try await withTaskCancellationHandler {
                try await withGracefulShutdownStop({ stop.set(); device.close() }) {
                    for try await code in codes {
                        _ = await sink(makeReading(code))
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

    func makeReading(_ code: Captured) -> Reading {
        let reason: String?
        switch code.problem {
        case .overlong?:
            reason = "no end of code after \(code.bytes.count) characters: check the scanner's suffix (suffix = \"\(options.suffix.rawValue)\")"
        case .cutOff?:
            reason = "the scan was cut off: the scanner went away before the end of the code (no \(options.suffix == .tab ? "Tab" : "Enter") after \(code.bytes.count) characters); scan it again"
        case .damaged?:
            reason = "key events were lost (the kernel reported SYN_DROPPED): the code is incomplete; scan it again"
        case nil:
            reason = nil
        }
        if let reason {
            return Reading(device: ref, payload: .malformed(bytes: code.bytes, reason: reason), stamp: code.stamp)
        }
        return Reading(device: ref, payload: .barcode(bytes: code.bytes, symbology: nil), stamp: code.stamp)
    }

    /// Blocking: read key events, decode, frame, hand over, until stopped or the device fails.
    static func readLoop(device: EventDevice, options: Options, clock: CaptureClock, stop: StopFlag,
                         out: AsyncThrowingStream<Captured, any Error>.Continuation) {
        var decoder = WedgeKeyDecoder(layout: options.layout, gsSubstitute: options.gsSubstitute)
        var assembler = FrameAssembler(framing: options.framing, maxFrameBytes: options.maxFrameBytes,
                                       idleTimeoutMs: options.interKeyTimeoutMs)
        var damaged = false
        func emit(_ frames: [Frame], endOfInput: Bool = false) {
            guard !frames.isEmpty else { return }
            let stamp = clock.stamp()
            for f in frames {
                var problem: Captured.Problem? = nil
                if f.isOverlong {
                    problem = .overlong
                } else if damaged {
                    problem = .damaged
                } else if f.flags.contains(.unterminated), endOfInput, options.suffix != .none {
                    problem = .cutOff
                }
                damaged = false
                out.yield(Captured(bytes: f.bytes, problem: problem, stamp: stamp))
            }
        }
        while !stop.isSet {
            let now = BootClock.nowNanoseconds()
            var wait: Duration = .seconds(30)
            if let deadline = assembler.nextDeadlineNs {
                wait = deadline > now ? min(wait, .nanoseconds(Int64(deadline - now))) : .zero
            }
            do {
                let events = try device.read(timeout: wait)
                let at = BootClock.nowNanoseconds()
                var frames: [Frame] = []
                for event in events {
                    switch decoder.feed(type: event.type, code: event.code, value: event.value) {
                    case .bytes(let bytes) where !bytes.isEmpty:
                        let completed = assembler.feed(bytes, at: at)
                        emit(frames)
                        frames = []
                        emit(completed)
                    case .bytes:
                        break
                    case .dropped:
                        emit(frames)
                        frames = []
                        damaged = true
                    }
                }
                while let idle = assembler.flushIfIdle(at: at) { frames.append(idle) }
                emit(frames)
            } catch {
                // A code half typed when the scanner went away is kept, as a cut-off scan.
                emit(assembler.flushAll(), endOfInput: !stop.isSet)
                if stop.isSet { out.finish() } else { out.finish(throwing: error) }
                return
            }
        }
        emit(assembler.flushAll())
        out.finish()
    }
}
