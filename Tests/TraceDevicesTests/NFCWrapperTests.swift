import Foundation
import NFC
import Testing
import TraceTesting

/// The libnfc wrapper driving libnfc's real pn532_uart driver against the software PN532 on a pty.
@Suite("libnfc wrapper against the emulated PN532", .serialized)
struct NFCWrapperTests {
    static let uid: [UInt8] = [0x04, 0xA2, 0x24, 0x7A, 0x3C, 0x5E, 0x80]
    static let message: [UInt8] = NDEFMessageBuilder.uri(0x04, "id.gs1.org/01/09520123456788/21/12345")

    @Test("PN532 frames: ACK, checksums, wake-up bytes skipped; CRC_A of READ 0 is 02 A8")
    func frames() {
        var buffer: [UInt8] = [0x55, 0x55, 0x00, 0x00, 0x00] + PN532Frame.commandBytes([0x02]) + PN532Frame.ackBytes + [0x00, 0x00, 0xFF, 0x02]
        #expect(PN532Frame.take(from: &buffer) == .command([0x02]))
        #expect(PN532Frame.take(from: &buffer) == .ack)
        #expect(PN532Frame.take(from: &buffer) == nil, "an incomplete frame waits")
        var bad = PN532Frame.commandBytes([0x02, 0x01])
        bad[bad.count - 2] ^= 0xFF
        #expect(PN532Frame.take(from: &bad) == .corrupt)
        #expect(PN532Frame.response(to: 0x02, [0x32, 0x01, 0x06, 0x07]) == [0x00, 0x00, 0xFF, 0x06, 0xFA, 0xD5, 0x03, 0x32, 0x01, 0x06, 0x07, 0xE8, 0x00])
        #expect(crcA([0x30, 0x00]) == [0x02, 0xA8])
        #expect(crcA([0x60]) == [0xF8, 0x32])
    }

    @Test("open, firmware, poll, READ and GET_VERSION, presence, removal", .timeLimit(.minutes(1)))
    func pollAndRead() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let context = try NFCContext()
        let device = try context.open(emulator.connstring)
        defer { device.close() }
        #expect(device.firmware() == "PN532 v1.6")
        #expect(emulator.commandsReceived.prefix(3) == [0x14, 0x00, 0x02], "SAMConfiguration, Diagnose, GetFirmwareVersion")
        try device.initiatorInit()
        #expect(try device.supportedModulations().contains(.felica))

        emulator.place(.ntag213(uid: Self.uid, ndef: Self.message))
        let target = try #require(try device.poll([.iso14443a], pollCount: 1, period: 1))
        #expect(target.uid == Self.uid)
        #expect(target.atqa == [0x00, 0x44])
        #expect(target.sak == 0x00)
        #expect(try device.transceive([0x60]) == [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03])
        let page4 = try device.transceive([0x30, 0x04])
        #expect(page4.count == 16)
        #expect(Array(page4.prefix(2)) == [0x03, UInt8(Self.message.count)])
        #expect(try device.isTargetPresent())
        emulator.remove()
        #expect(try device.isTargetPresent() == false)
        #expect(try device.poll([.iso14443a], pollCount: 1, period: 1) == nil, "no tag: the polls run out")
    }

    @Test("raw InCommunicateThru with CRC_A computed by the host and checked by the tag", .timeLimit(.minutes(1)))
    func rawWithCRC() async throws {
        try await Self.withInitiator { emulator, device in
            emulator.place(.ntag213(uid: Self.uid, ndef: Self.message))
            _ = try #require(try device.selectPassiveTarget(.iso14443a))
            try device.setProperty(.easyFraming, false)
            try device.setProperty(.handleCRC, false)
            let command: [UInt8] = [0x30, 0x03]
            let answer = try device.transceive(command + crcA(command))
            #expect(answer.count == 18)
            #expect(Array(answer.prefix(4)) == [0xE1, 0x10, 0x12, 0x00])
            #expect(Array(answer.suffix(2)) == crcA(Array(answer.prefix(16))))
            #expect(emulator.commandsReceived.contains(0x42), "InCommunicateThru")
            #expect(emulator.commandsReceived.contains(0x08), "WriteRegister (CRC off)")
        }
    }

    @Test("FeliCa: NFCID2 and system code", .timeLimit(.minutes(1)))
    func felica() async throws {
        try await Self.withInitiator { emulator, device in
            let idm: [UInt8] = [0x01, 0x2E, 0x4C, 0x00, 0x11, 0x22, 0x33, 0x44]
            emulator.place(.felica(idm: idm))
            let target = try #require(try device.poll([.iso14443a, .felica212], pollCount: 1, period: 1))
            #expect(target.modulation.kind == .felica)
            #expect(target.uid == idm)
            #expect(target.systemCode == [0x12, 0xFC])
        }
    }

    @Test("ISO14443B: PUPI from the ATQB (InAutoPoll type 0x23), and the R(NAK) presence check", .timeLimit(.minutes(1)))
    func iso14443b() async throws {
        try await Self.withInitiator { emulator, device in
            #expect(try device.supportedModulations().contains(.iso14443b))
            let pupi: [UInt8] = [0x1D, 0x2C, 0x3B, 0x4A]
            emulator.place(.iso14443b(pupi: pupi))
            let target = try #require(try device.poll([.iso14443a, .iso14443b], pollCount: 1, period: 1))
            #expect(target.modulation.kind == .iso14443b)
            #expect(target.modulation.description == "ISO14443B")
            #expect(target.uid == pupi)
            #expect(target.atqa == nil && target.sak == nil)
            #expect(try device.isTargetPresent())
            emulator.remove()
            #expect(try device.isTargetPresent() == false)
            // A type A tag does not answer a type B poll.
            emulator.place(.ntag213(uid: [0x04, 1, 2, 3, 4, 5, 6], ndef: []))
            #expect(try device.poll([.iso14443b], pollCount: 1, period: 1) == nil)
        }
    }

    @Test("nfc_abort_command from another thread ends a blocking poll", .timeLimit(.minutes(1)))
    func abortBlockingPoll() async throws {
        try await Self.withInitiator { emulator, device in
            let poll = Task {
                try await DedicatedThreadRunner.run { () throws -> NFCTarget? in try device.poll([.iso14443a], pollCount: 0xFF, period: 1) }
            }
            #expect(await emulator.wait { $0.isPolling }, "the reader polls until a tag comes")
            device.abort()
            await #expect(throws: NFCError.self) { _ = try await poll.value }
            #expect(await emulator.wait { $0.abortsReceived == 1 }, "libnfc sent the chip an ACK to stop its poll")
        }
    }

    /// A software PN532 on a pty and libnfc's device on it in initiator mode, for the length of `body`.
    static func withInitiator(_ body: (PN532Emulator, NFCDevice) async throws -> Void) async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let context = try NFCContext()
        let device = try context.open(emulator.connstring)
        defer { device.close() }
        try device.initiatorInit()
        defer { withExtendedLifetime(context) {} }
        try await body(emulator, device)
    }

    @Test("a reader that is not there: a clear error", .timeLimit(.minutes(1)))
    func missingReader() throws {
        let context = try NFCContext()
        #expect(throws: NFCError.self) { _ = try context.open("pn532_uart:/nonexistent/ttyUSB9") }
    }
}

/// Runs blocking work on a thread of its own (not the cooperative pool).
enum DedicatedThreadRunner {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            let t = Thread { c.resume(with: Result { try body() }) }
            t.start()
        }
    }
}
