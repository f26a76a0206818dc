import SerialPort
import SystemSupport
import Testing
import TraceTesting

#if canImport(TraceDevices)
import TraceDevices
#else
import ScannerFraming
#endif

/// Noise on the line (wrong baud rate, a loose cable, a scanner in the wrong mode) must never
/// crash the reader or grow its buffer, and a good scan afterwards must still come through.
@Suite("Serial noise")
struct SerialGarbageTests {
    @Test(.timeLimit(.minutes(1)))
    func overlongInputBecomesOverlongFrames() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var random = SplitMix64(seed: 42)
        let noise = (0..<40_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }.filter { $0 != 0x0D && $0 != 0x0A }
        var reader = FrameReader(port: rig.port, framing: .cr, maxFrameBytes: 512)
        // More than a pty holds: the writer waits on its own thread while the reader drains.
        let emulator = rig.emulator
        async let sent: Void = DedicatedThread.run {
            try emulator.send(bytes: noise)
            try emulator.send(bytes: [0x0D])
            try emulator.send("GOOD-AFTER-NOISE")
        }
        let frames = try await reader.frames { $0.last?.bytes == Array("GOOD-AFTER-NOISE".utf8) }
        let junk = frames.dropLast()
        #expect(frames.last?.flags == [])
        #expect(junk.allSatisfy { $0.flags.contains(.overlong) && $0.bytes.count <= 512 })
        #expect(junk.first?.flags == .overlong)
        #expect(junk.dropFirst().allSatisfy { $0.flags.contains(.continuation) })
        #expect(junk.flatMap(\.bytes) == noise)
        try await sent
    }

    @Test(.timeLimit(.minutes(1)))
    func randomBinaryLosesNoByte() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var random = SplitMix64(seed: 7)
        let noise = (0..<60_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var reader = FrameReader(port: rig.port, framing: .suffix([0x03]), maxFrameBytes: 256)
        let emulator = rig.emulator
        async let sent: Void = DedicatedThread.run { try emulator.send(bytes: noise + [0x03]) }
        let expected = noise.filter { $0 != 0x03 }
        let frames = try await reader.frames { $0.reduce(0) { $0 + $1.bytes.count } >= expected.count }
        #expect(frames.flatMap(\.bytes) == expected)
        #expect(frames.allSatisfy { $0.bytes.count <= 256 })
        #expect(reader.assembler.pendingByteCount == 0)
        try await sent
    }
}
