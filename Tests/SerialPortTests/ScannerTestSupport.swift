import SerialPort
import SystemSupport
import Testing
import TraceTesting

#if canImport(TraceDevices)
import TraceDevices
#else
import ScannerFraming
#endif

/// Reads frames off a real `SerialPort` the way a reader loop does, without ever blocking a
/// thread of the shared pool: zero-timeout reads, short async sleeps in between.
struct FrameReader {
    let port: SerialPort
    var assembler: FrameAssembler

    init(port: SerialPort, framing: Framing, timeoutMs: Int? = nil, maxFrameBytes: Int = 4096) {
        self.port = port
        assembler = FrameAssembler(framing: framing, maxFrameBytes: maxFrameBytes, idleTimeoutMs: timeoutMs)
    }

    /// Frames until `count` arrived or `timeout` passed (then fewer are returned).
    mutating func frames(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [Frame] {
        try await frames(timeout: timeout) { $0.count >= count }
    }

    /// Frames until `done` says so or `timeout` passed.
    mutating func frames(
        timeout: Duration = .seconds(10),
        until done: ([Frame]) -> Bool
    ) async throws -> [Frame] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var frames: [Frame] = []
        while !done(frames) {
            let bytes = try port.read(maxBytes: 4096, timeout: .zero)
            let now = BootClock.nowNanoseconds()
            if !bytes.isEmpty {
                frames += assembler.feed(bytes, at: now)
            } else if let frame = assembler.flushIfIdle(at: now) {
                frames.append(frame)
            } else {
                if clock.now >= deadline { break }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        return frames
    }
}

/// A plugged-in emulated scanner and a `SerialPort` opened on it, ready for scans.
struct ScannerRig {
    let directory: TemporaryDirectory
    let emulator: ScannerEmulator
    let port: SerialPort

    /// `stable`: open through a `/dev/serial/by-id`-style symbolic link instead of the pty.
    init(stable: Bool = false, baudRate: Int = 9600) async throws {
        directory = try TemporaryDirectory()
        emulator = try ScannerEmulator(stablePath: stable ? directory.appending("serial/by-id/usb-EdgeTrace_Test_Scanner-if00") : nil)
        port = try SerialPort(settings: SerialSettings(path: emulator.stablePath ?? emulator.path, baudRate: baudRate))
        try await emulator.waitUntilOpened(timeout: .seconds(10))
    }

    func close() {
        port.close()
        emulator.close()
        directory.remove()
    }
}

/// Runs `body` and returns the `SerialError` it threw, recording an issue when it threw none.
func serialError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> SerialError? {
    do {
        try body()
        Issue.record("expected a SerialError, none was thrown", sourceLocation: sourceLocation)
    } catch let error as SerialError {
        return error
    } catch {
        Issue.record("expected a SerialError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
