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

let gs1Codes = [
    "0104012345678901",
    "]C1 not an AIM because of the space",
    "010401234567890310LOT7\u{1D}21SER-001\u{1D}17261231",
    "00340123450000000017",
    "https://id.gs1.org/01/04012345678903/10/ABC?17=261231",
    "药品追溯码81234567890123456789",
]

/// Emulated scanner → pty → real `SerialPort` → `FrameAssembler`: what was sent comes out.
@Suite("Serial round trips over a pty")
struct SerialRoundTripTests {
    @Test(.timeLimit(.minutes(1)), arguments: [
        (Framing.cr, [UInt8(0x0D)]),
        (.lf, [0x0A]),
        (.crlf, [0x0D, 0x0A]),
        (.suffix([0x03]), [0x03]),
        (.suffix([0x0D, 0x03]), [0x0D, 0x03]),
    ])
    func terminatedFraming(framing: Framing, terminator: [UInt8]) async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var reader = FrameReader(port: rig.port, framing: framing)
        for code in gs1Codes {
            try rig.emulator.send(code, terminator: terminator)
        }
        let frames = try await reader.frames(gs1Codes.count)
        #expect(frames.map { String(decoding: $0.bytes, as: UTF8.self) } == gs1Codes)
        #expect(frames.allSatisfy { $0.flags.isEmpty })
        #expect(frames[2].bytes.filter { $0 == 0x1D }.count == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func timeoutFraming() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var reader = FrameReader(port: rig.port, framing: .interCharacterTimeout(ms: 100))
        for code in gs1Codes.prefix(3) {
            try rig.emulator.send(code, terminator: [])
            let frames = try await reader.frames(1)
            #expect(frames.map(\.bytes) == [Array(code.utf8)])
            #expect(frames.first?.flags == .timedOut)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func droppedSuffixEndsByTimeout() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var reader = FrameReader(port: rig.port, framing: .crlf, timeoutMs: 100)
        try rig.emulator.send("NOSUFFIX", terminator: [])
        try rig.emulator.send("HALF", terminator: [0x0D])
        let first = try await reader.frames(1)
        try rig.emulator.send("NEXT", terminator: [0x0A, 0x0D, 0x0A])
        let second = try await reader.frames(1)
        #expect((first + second).map { String(decoding: $0.bytes, as: UTF8.self) } == ["NOSUFFIXHALF", "NEXT"])
        #expect(first.first?.flags == .timedOut)
        #expect(second.first?.flags == [])
    }

    @Test(.timeLimit(.minutes(1)), arguments: ["]C1", "]d2", "]Q3", "]E0"])
    func aimPrefixSplits(aim: String) async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var reader = FrameReader(port: rig.port, framing: .cr)
        let body = "0104012345678901\u{1D}10LOT"
        try rig.emulator.send(body, aim: aim)
        let frame = try #require(try await reader.frames(1).first)
        let split = AIMPrefix.split(frame.bytes)
        #expect(split.aim == aim)
        #expect(split.body == Array(body.utf8))
    }

    @Test(.timeLimit(.minutes(1)))
    func stablePathOpensTheCurrentDevice() async throws {
        let rig = try await ScannerRig(stable: true)
        defer { rig.close() }
        #expect(rig.port.path == rig.emulator.stablePath)
        #expect(rig.port.resolvedPath == rig.emulator.path)
        var reader = FrameReader(port: rig.port, framing: .cr)
        try rig.emulator.send("VIA-SYMLINK")
        #expect(try await reader.frames(1).map(\.bytes) == [Array("VIA-SYMLINK".utf8)])
    }

    @Test(.timeLimit(.minutes(1)))
    func settingsReachTheLine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let emulator = try ScannerEmulator()
        defer { emulator.close() }
        #expect(try !emulator.isOpenedByReader())
        let settings = SerialSettings(path: emulator.path, baudRate: 115200, dataBits: 7, parity: .even, stopBits: 2)
        let port = try SerialPort(settings: settings)
        defer { port.close() }
        try await emulator.waitUntilOpened()
        var line = try emulator.slaveAttributes()
        #expect(cfgetospeed(&line) == speed_t(B115200))
        #expect(line.c_cflag & tcflag_t(CSTOPB | CLOCAL) == tcflag_t(CSTOPB | CLOCAL))
        #expect(line.c_lflag & tcflag_t(ICANON | ECHO) == 0)
        // A pty is always 8 bits without parity (the kernel's pty_set_termios forces CS8):
        // opening still works, and 7E2 itself is checked on the termios value in SerialSettingsTests.
        #expect(line.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        var reader = FrameReader(port: port, framing: .cr)
        try emulator.send("7E2")
        #expect(try await reader.frames(1).map(\.bytes) == [Array("7E2".utf8)])
    }

    @Test(.timeLimit(.minutes(1)))
    func ackAndNakReachTheScanner() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        var reader = FrameReader(port: rig.port, framing: .cr)
        for (code, verdict) in [("GOOD-1", ScannerHandshake.ack), ("BAD-2", ScannerHandshake.nak), ("GOOD-3", ScannerHandshake.ack)] {
            async let reply = rig.emulator.sendAndAwaitReply(code, timeout: .seconds(10))
            let frames = try await reader.frames(1)
            #expect(frames.map(\.bytes) == [Array(code.utf8)])
            try rig.port.write([verdict])
            #expect(try await reply == verdict)
        }
        #expect(try await rig.emulator.awaitReply(timeout: .milliseconds(20)) == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func readTimesOutEmptyAndWritesLargeBlocks() async throws {
        let rig = try await ScannerRig()
        defer { rig.close() }
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try rig.port.read(timeout: .milliseconds(100)).isEmpty)
        #expect(clock.now - start >= .milliseconds(90))
        // Data already waiting comes back at once, even with a long timeout.
        try rig.emulator.send(bytes: [1, 2, 3])
        #expect(try rig.port.read(timeout: .seconds(30)) == [1, 2, 3])
        try rig.port.write([UInt8](repeating: 0x06, count: 2000))
        var replies = 0
        while try await rig.emulator.awaitReply(timeout: .milliseconds(200)) != nil { replies += 1 }
        #expect(replies == 2000)
    }
}
