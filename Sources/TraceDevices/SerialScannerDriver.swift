import Foundation
import SerialPort
import SystemSupport
import TraceModel

/// A barcode scanner on a serial port (USB CDC-ACM or RS-232): raw termios, framing by terminator or pause,
/// AIM prefixes, GS bytes kept, an exclusive lock on the port, and optional ACK/NAK handshaking where the
/// scanner is told "good read" only once the read's commit is durable.
public struct SerialScannerDriver: DeviceDriver {
    public struct Options: Sendable, Hashable {
        public var settings: SerialSettings
        public var framing: Framing
        /// A pause this long ends a frame whose terminator never came (0: never).
        public var interCharacterTimeoutMs: Int
        /// Answer every frame with ACK (0x06, captured durably) or NAK (0x15, rejected or not captured).
        public var handshake: Bool
        public var maxFrameBytes: Int

        public init(settings: SerialSettings, framing: Framing, interCharacterTimeoutMs: Int = 200, handshake: Bool = false,
                    maxFrameBytes: Int = 4096) {
            self.settings = settings
            self.framing = framing
            self.interCharacterTimeoutMs = interCharacterTimeoutMs
            self.handshake = handshake
            self.maxFrameBytes = maxFrameBytes
        }
    }

    public let ref: DeviceRef
    public let options: Options
    private let clock: CaptureClock

    public init(id: String, options: Options, clock: CaptureClock) {
        self.ref = DeviceRef(id: id, driver: "serial", path: options.settings.path)
        self.options = options
        self.clock = clock
    }

    /// A frame read on the reader thread, stamped the moment it was complete.
    struct Captured: Sendable {
        var bytes: [UInt8]
        var overlong: Bool
        var stamp: CaptureStamp
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

        let stop = StopFlag()
        let (frames, continuation) = AsyncThrowingStream<Captured, any Error>.makeStream()
        let options = self.options
        let clock = self.clock
        // One thread per open port reads and frames; the async side interprets, commits and answers.
        let reader = Task {
            try await DedicatedThread.run {
                Self.readLoop(port: port, options: options, clock: clock, stop: stop, out: continuation)
            }
        }
        defer { stop.set(); port.close() }
        do {
            try await withTaskCancellationHandler {
                try await withGracefulShutdownStop({ stop.set(); port.close() }) {
                    for try await frame in frames {
                        let verdict = await sink(makeReading(frame))
                        if options.handshake {
                            let reply = (verdict == .captured || verdict == .duplicate) ? ScannerHandshake.ack : ScannerHandshake.nak
                            try? port.write([reply])
                        }
                    }
                }
            } onCancel: {
                stop.set()
                port.close()
            }
        } catch let error as SerialError {
            stop.set()
            _ = try? await reader.value
            throw DeviceError(deviceID: ref.id, message: error.description, isTransient: true)
        }
        _ = try? await reader.value
    }

    private func makeReading(_ frame: Captured) -> Reading {
        if frame.overlong {
            return Reading(device: ref, payload: .malformed(
                bytes: frame.bytes,
                reason: "no frame terminator after \(frame.bytes.count) bytes: check the scanner's suffix (framing) and baud rate"),
                stamp: frame.stamp)
        }
        return Reading(device: ref, payload: .barcode(bytes: frame.bytes, symbology: nil), stamp: frame.stamp)
    }

    /// Blocking: read, frame, hand over, until stopped or the port fails.
    static func readLoop(port: SerialPort, options: Options, clock: CaptureClock, stop: StopFlag,
                         out: AsyncThrowingStream<Captured, any Error>.Continuation) {
        var assembler = FrameAssembler(framing: options.framing, maxFrameBytes: options.maxFrameBytes,
                                       idleTimeoutMs: options.interCharacterTimeoutMs)
        func emit(_ frames: [Frame]) {
            guard !frames.isEmpty else { return }
            let stamp = clock.stamp()
            for f in frames { out.yield(Captured(bytes: f.bytes, overlong: f.isOverlong, stamp: stamp)) }
        }
        while !stop.isSet {
            let now = BootClock.nowNanoseconds()
            // Idle: block long (close() wakes the read at shutdown); a partial frame: until its deadline.
            var wait: Duration = .seconds(30)
            if let deadline = assembler.nextDeadlineNs {
                wait = deadline > now ? min(wait, .nanoseconds(Int64(deadline - now))) : .zero
            }
            do {
                let bytes = try port.read(maxBytes: 4096, timeout: wait)
                let at = BootClock.nowNanoseconds()
                var frames = bytes.isEmpty ? [] : assembler.feed(bytes, at: at)
                while let idle = assembler.flushIfIdle(at: at) { frames.append(idle) }
                emit(frames)
            } catch {
                // Whatever was half-read is still a read: keep it (as rejected if it makes no sense).
                emit(assembler.flushAll())
                if stop.isSet { out.finish() } else { out.finish(throwing: error) }
                return
            }
        }
        emit(assembler.flushAll())
        out.finish()
    }
}

/// A flag the async side sets and the reader thread polls.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

import Synchronization
import ServiceLifecycle

/// Runs `body`; on graceful shutdown sets `stop` so the reader thread drains and ends the stream.
func withGracefulShutdownStop<T: Sendable>(_ stop: @escaping @Sendable () -> Void, _ body: () async throws -> T) async throws -> T {
    try await withGracefulShutdownHandler {
        try await body()
    } onGracefulShutdown: {
        stop()
    }
}
