import Glibc
import SerialPort
import SystemSupport
import Testing
import TraceTesting

#if canImport(TraceDevices)
import TraceDevices
#else
import ScannerFraming
#endif

/// Opening, locking, losing and getting back a port, against an emulated scanner on a pty.
@Suite("SerialPort lifecycle")
struct SerialPortLifecycleTests {
    @Test(.timeLimit(.minutes(1)))
    func secondOpenIsBusy() async throws {
        let rig = try await ScannerRig(stable: true)
        defer { rig.close() }
        for path in [rig.emulator.path, try #require(rig.emulator.stablePath)] {
            let error = serialError { _ = try SerialPort(settings: SerialSettings(path: path)) }
            #expect(error?.code == .busy)
            #expect(error?.path == path)
            #expect(error?.message.contains(path) == true)
            #expect(error?.message.contains("another process holds it") == true)
            #expect(error?.isTransient == true)
        }
        // The failed opens took nothing away: the first port still reads.
        var reader = FrameReader(port: rig.port, framing: .cr)
        try rig.emulator.send("STILL-MINE")
        #expect(try await reader.frames(1).map(\.bytes) == [Array("STILL-MINE".utf8)])
    }

    @Test(.timeLimit(.minutes(1)))
    func closeAndDeinitReleaseTheLock() async throws {
        let emulator = try ScannerEmulator()
        defer { emulator.close() }
        let settings = SerialSettings(path: emulator.path)
        let first = try SerialPort(settings: settings)
        first.close()
        first.close()
        #expect(first.isClosed)
        #expect(serialError { _ = try first.read(timeout: .zero) }?.code == .closed)
        #expect(serialError { try first.write([1]) }?.code == .closed)
        do {
            _ = try SerialPort(settings: settings)  // released when it goes out of scope
        }
        let third = try SerialPort(settings: settings)
        defer { third.close() }
        try emulator.resetTerminalMode()
        #expect(try !emulator.isOpenedByReader())
    }

    @Test(.timeLimit(.minutes(1)))
    func unplugDisconnectsReadsAndWrites() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var reader = FrameReader(port: rig.port, framing: .cr)
        try rig.emulator.send("BEFORE-UNPLUG")
        #expect(try await reader.frames(1).map(\.bytes) == [Array("BEFORE-UNPLUG".utf8)])
        rig.emulator.unplug()
        #expect(!rig.emulator.isPlugged)
        let clock = ContinuousClock()
        let start = clock.now
        let error = serialError { _ = try rig.port.read(timeout: .seconds(20)) }
        #expect(error?.code == .disconnected)
        #expect(clock.now - start < .seconds(10))
        #expect(error?.message.contains("reopens") == true)
        #expect(serialError { try rig.port.write([ScannerHandshake.ack]) }?.code == .disconnected)
        #expect(throws: ScannerEmulator.Failure.unplugged) { try rig.emulator.send("LOST") }
    }

    @Test(.timeLimit(.minutes(1)))
    func replugAtTheSameStablePath() async throws {
        let rig = try await ScannerRig(stable: true)
        defer { rig.close() }
        let stablePath = try #require(rig.emulator.stablePath)
        let firstDevice = rig.emulator.path
        rig.emulator.unplug()
        #expect(serialError { _ = try rig.port.read(timeout: .seconds(20)) }?.code == .disconnected)
        rig.port.close()

        // While unplugged the by-id link is gone: not found, and worth retrying.
        let missing = serialError { _ = try SerialPort(settings: SerialSettings(path: stablePath)) }
        #expect(missing?.code == .notFound)
        #expect(missing?.isTransient == true)

        try rig.emulator.replug()
        #expect(rig.emulator.isPlugged)
        let port = try SerialPort(settings: SerialSettings(path: stablePath))
        defer { port.close() }
        #expect(port.resolvedPath == rig.emulator.path)
        #expect(FileSystem.exists(rig.emulator.path))
        _ = firstDevice  // the kernel may hand the same pts number out again
        try await rig.emulator.waitUntilOpened()
        var reader = FrameReader(port: port, framing: .crlf)
        try rig.emulator.send("AFTER-REPLUG", terminator: [0x0D, 0x0A])
        #expect(try await reader.frames(1).map(\.bytes) == [Array("AFTER-REPLUG".utf8)])
    }

    @Test(.timeLimit(.minutes(1)))
    func reopenTheSamePty() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        rig.port.close()
        try rig.emulator.resetTerminalMode()
        #expect(try !rig.emulator.isOpenedByReader())
        let port = try SerialPort(settings: SerialSettings(path: rig.emulator.path))
        defer { port.close() }
        try await rig.emulator.waitUntilOpened()
        var reader = FrameReader(port: port, framing: .cr)
        try rig.emulator.send("AGAIN")
        #expect(try await reader.frames(1).map(\.bytes) == [Array("AGAIN".utf8)])
    }

    /// A reader that went away without anyone resetting the line (a killed daemon): waiting
    /// for the next reader must not return before that reader has set the line up.
    @Test(.timeLimit(.minutes(1)))
    func waitingAfterAReaderVanishedWaitsForTheNextOne() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        rig.port.close()
        await #expect(throws: ScannerEmulator.Failure.notOpened(path: rig.emulator.path)) {
            try await rig.emulator.waitUntilOpened(timeout: .milliseconds(50))
        }
        #expect(try !rig.emulator.isOpenedByReader())
        let port = try SerialPort(settings: SerialSettings(path: rig.emulator.path))
        defer { port.close() }
        try await rig.emulator.waitUntilOpened()
        var reader = FrameReader(port: port, framing: .cr)
        try rig.emulator.send("NEXT-READER")
        #expect(try await reader.frames(1).map(\.bytes) == [Array("NEXT-READER".utf8)])
    }

    @Test(.timeLimit(.minutes(1)))
    func closeWakesABlockedRead() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        let port = rig.port
        let clock = ContinuousClock()
        let start = clock.now
        async let outcome = DedicatedThread.run { () -> SerialError.Code? in
            do {
                _ = try port.read(timeout: .seconds(30))
                return nil
            } catch {
                return (error as? SerialError)?.code
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        port.close()
        #expect(try await outcome == .closed)
        #expect(clock.now - start < .seconds(20))
    }

    @Test(.timeLimit(.minutes(1)))
    func emulatorWaitTimesOutWithoutReader() async throws {
        let emulator = try ScannerEmulator()
        defer { emulator.close() }
        await #expect(throws: ScannerEmulator.Failure.notOpened(path: emulator.path)) {
            try await emulator.waitUntilOpened(timeout: .milliseconds(50))
        }
    }

    @Test func missingDeviceIsNotFound() {
        let path = "/dev/serial/by-id/usb-EdgeTrace_Missing_\(UInt32.random(in: 0 ... .max))-if00"
        let error = serialError { _ = try SerialPort(settings: SerialSettings(path: path)) }
        #expect(error?.code == .notFound)
        #expect(error?.errno == ENOENT)
        #expect(error?.message.contains(path) == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func invalidSettingsAreRejectedBeforeOpening() async throws {
        let emulator = try ScannerEmulator()
        defer { emulator.close() }
        let error = serialError { _ = try SerialPort(settings: SerialSettings(path: emulator.path, baudRate: 12345)) }
        #expect(error?.code == .invalidSettings)
        #expect(try !emulator.isOpenedByReader())
        let port = try SerialPort(settings: SerialSettings(path: emulator.path))  // the port was not taken
        port.close()
    }

    /// A regular file passes `open` and `flock` and fails at `tcgetattr`: the failed port must
    /// give its descriptor, and so its lock, back.
    @Test func notATerminalReleasesWhatItTook() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("not-a-tty")
        let file = try FileDescriptor.open(path, O_RDWR | O_CREAT | O_CLOEXEC)
        try file.close()
        let error = serialError { _ = try SerialPort(settings: SerialSettings(path: path)) }
        #expect(error?.code == .invalidSettings)
        #expect(error?.message.contains("not a serial device") == true)
        let check = try FileDescriptor.open(path, O_RDWR | O_CLOEXEC)
        defer { try? check.close() }
        try check.lockExclusively()
    }
}
