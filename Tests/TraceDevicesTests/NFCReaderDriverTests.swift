import Foundation
import Glibc
import Logging
import NFC
import Synchronization
import SystemSupport
import Testing
import TraceModel
import TraceTesting
@testable import TraceDevices

/// Collects what a driver delivers.
final class ReadingCollector: Sendable {
    private let readings = Mutex<[Reading]>([])
    var all: [Reading] { readings.withLock { $0 } }
    var tags: [NFCTagRead] { all.compactMap { if case .nfcTag(let t) = $0.payload { t } else { nil } } }
    var departures: [String] { all.compactMap { if case .deviceState(let s) = $0.payload, s.state == "tag_departed" { s.message } else { nil } } }
    func sink() -> ReadingSink { { r in self.readings.withLock { $0.append(r) }; return .captured } }

    func wait(timeout: Duration = .seconds(10), until condition: (ReadingCollector) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }
}

@Suite("NFC presence as a value")
struct NFCPresenceTests {
    @Test("one arrival per tag put down, one departure when it goes, a swap is both")
    func changes() {
        var p = NFCPresence()
        #expect(p.observe(nil) == [])
        #expect(p.observe([1]) == [.arrived([1])])
        #expect(p.observe([1]) == [], "still there: nothing")
        #expect(p.observe([2]) == [.departed([1]), .arrived([2])])
        #expect(p.observe(nil) == [.departed([2])])
        #expect(p.observe(nil) == [])
    }
}

/// While a tag lies on the reader the driver pauses `presence_interval_ms` between presence checks. The pause
/// used to sleep in 20 ms steps, looking at the stop flag after each: 50 wake-ups a second for as long as a
/// tag lay there. It is now one sleep that the stop ends.
@Suite("NFC presence pause")
struct NFCPresencePauseTests {
    @Test("the pause between presence checks is one sleep, not 20 ms steps", .timeLimit(.minutes(1)))
    func oneSleep() async throws {
        let stop = StopSignal()
        let (switches, stayed) = try await DedicatedThread.run { () -> (Int, Bool) in
            let before = ContextSwitches.ofCurrentThread()
            let stayed = NFCReaderDriver.wait(ms: 600, stop: stop)
            return (ContextSwitches.ofCurrentThread() - before, stayed)
        }
        #expect(stayed)
        #expect(switches <= 3, "the pausing thread was switched out \(switches) times in 600 ms")
    }

    @Test("a stop ends the pause at once, and every later pause too", .timeLimit(.minutes(1)))
    func stopEndsIt() async throws {
        let stop = StopSignal()
        let started = ContinuousClock.now
        async let first = DedicatedThread.run { NFCReaderDriver.wait(ms: 30_000, stop: stop) }
        async let second = DedicatedThread.run { NFCReaderDriver.wait(ms: 30_000, stop: stop) }
        try await Task.sleep(for: .milliseconds(100))
        stop.set()
        #expect(try await first == false)
        #expect(try await second == false)
        #expect(NFCReaderDriver.wait(ms: 30_000, stop: stop) == false)
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}

@Suite("NFC reader driver: real libnfc, emulated PN532", .serialized)
struct NFCReaderDriverTests {
    static let uid: [UInt8] = [0x04, 0xA2, 0x24, 0x7A, 0x3C, 0x5E, 0x80]

    static func driver(_ emulator: PN532Emulator, departures: Bool = true) -> NFCReaderDriver {
        NFCReaderDriver(id: "nfc-test", options: .init(connstring: emulator.connstring, presenceIntervalMs: 50, departureEvents: departures),
                        clock: CaptureClock(offsetSeconds: 0))
    }

    @Test("a tag left on the reader is one reading with its memory; removal is tracked; re-placement is a second reading",
          .timeLimit(.minutes(1)))
    func presence() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let collector = ReadingCollector()
        let driver = Self.driver(emulator)
        let run = Task { try await driver.run(sink: collector.sink(), onConnected: { _ in }) }
        defer { run.cancel() }
        #expect(await emulator.wait { $0.isPolling })
        emulator.place(.ntag213(uid: Self.uid, ndef: NDEFMessageBuilder.uri(0x04, "example.com/a")))
        #expect(await collector.wait { $0.tags.count == 1 })
        let tag = try #require(collector.tags.first)
        #expect(tag.uid == Self.uid && tag.sak == 0x00 && tag.atqa == [0x00, 0x44])
        #expect(tag.version?[6] == 0x0F)
        #expect(tag.memory?.count == 160, "pages 0-3 and the 144-byte data area")
        #expect(tag.readError == nil)
        // Many presence checks later, still one reading.
        let checks = emulator.commandsReceived.filter { $0 == 0x40 }.count
        #expect(await emulator.wait { $0.commandsReceived.filter { $0 == 0x40 }.count >= checks + 10 })
        #expect(collector.tags.count == 1)
        emulator.remove()
        #expect(await collector.wait { $0.departures == ["04A2247A3C5E80"] })
        emulator.place(.ntag213(uid: Self.uid, ndef: NDEFMessageBuilder.uri(0x04, "example.com/a")))
        #expect(await collector.wait { $0.tags.count == 2 })
        run.cancel()
        _ = try? await run.value
    }

    @Test("ISO14443B and FeliCa cards: one reading each while they lie on the reader (libnfc's own presence checks), then a departure",
          .timeLimit(.minutes(1)))
    func typeBAndFeliCa() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let collector = ReadingCollector()
        let driver = NFCReaderDriver(
            id: "nfc-test", options: .init(connstring: emulator.connstring, modulations: [.iso14443a, .iso14443b, .felica212],
                                           presenceIntervalMs: 50, departureEvents: true),
            clock: CaptureClock(offsetSeconds: 0))
        let run = Task { try await driver.run(sink: collector.sink(), onConnected: { _ in }) }
        defer { run.cancel() }
        #expect(await emulator.wait { $0.isPolling })
        let cards: [(EmulatedNFCTag, modulation: String, id: String)] = [
            (.iso14443b(pupi: [0x1D, 0x2C, 0x3B, 0x4A]), "ISO14443B", "1D2C3B4A"),
            (.felica(idm: [0x01, 0x2E, 0x4C, 0x00, 0x11, 0x22, 0x33, 0x44]), "FeliCa 212", "012E4C0011223344"),
        ]
        for (n, card) in cards.enumerated() {
            emulator.place(card.0)
            #expect(await collector.wait { $0.tags.count == n + 1 }, "\(card.modulation) read")
            let tag = try #require(collector.tags.last)
            #expect(tag.modulation == card.modulation)
            #expect(tag.uid == card.0.uid)
            #expect(tag.memory == nil, "only Type 2 memory is read")
            // Presence checks go on (InDataExchange / InCommunicateThru) and the card stays one reading.
            let checks = emulator.commandsReceived.filter { $0 == 0x40 || $0 == 0x42 }.count
            #expect(await emulator.wait { $0.commandsReceived.filter { $0 == 0x40 || $0 == 0x42 }.count >= checks + 5 })
            #expect(collector.tags.count == n + 1, "\(card.modulation): no second arrival while it lies there")
            #expect(collector.departures.count == n)
            emulator.remove()
            #expect(await collector.wait { $0.departures.count == n + 1 })
            #expect(collector.departures.last == card.id)
        }
        run.cancel()
        _ = try? await run.value
    }

    @Test("a MIFARE Ultralight (no GET_VERSION: it halts) is selected again and its NDEF read", .timeLimit(.minutes(1)))
    func ultralight() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let collector = ReadingCollector()
        let driver = Self.driver(emulator)
        let run = Task { try await driver.run(sink: collector.sink(), onConnected: { _ in }) }
        defer { run.cancel() }
        #expect(await emulator.wait { $0.isPolling })
        emulator.place(.ultralight(uid: Self.uid, ndef: NDEFMessageBuilder.text("pallet 7")))
        #expect(await collector.wait { $0.tags.count == 1 })
        let tag = try #require(collector.tags.first)
        #expect(tag.version == nil && tag.readError == nil)
        #expect(tag.memory?.count == 64, "16 pages")
        #expect(emulator.commandsReceived.contains(0x4A), "InListPassiveTarget: selected again after the NAK")
        var interpreter = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 0)
        let reading = try #require(collector.all.first)
        guard case .event(let event) = interpreter.interpret(reading) else { Issue.record("no event"); return }
        #expect(event.tag?.type == "MIFARE Ultralight/NTAG")
        #expect(event.tag?.ndef?.first?.text == "pallet 7")
        run.cancel()
        _ = try? await run.value
    }

    @Test("a second driver on the same port is refused by the flock while the first holds it (libnfc takes no lock)",
          .timeLimit(.minutes(1)))
    func secondDriverRefused() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        // libnfc's own claim mark (CCLAIMED, bit 31 of c_iflag) does not survive on Linux: the kernel drops it.
        let fd = try FileDescriptor.open(emulator.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        var attributes = try fd.terminalAttributes()
        attributes.c_iflag |= NFCPortClaim.claimedFlag
        try fd.setTerminalAttributes(attributes)
        #expect(try fd.terminalAttributes().c_iflag & NFCPortClaim.claimedFlag == 0)
        try fd.close()

        let first = Task { try await Self.driver(emulator).run(sink: ReadingCollector().sink(), onConnected: { _ in }) }
        defer { first.cancel() }
        #expect(await emulator.wait { $0.isPolling })
        do {
            try await Self.driver(emulator).run(sink: ReadingCollector().sink(), onConnected: { _ in })
            Issue.record("the second driver opened the port")
        } catch let error as DeviceError {
            #expect(error.isTransient)
            #expect(error.message.contains("locked by another process"))
        }
        #expect(emulator.isPolling, "the first driver's poll was not disturbed")
        first.cancel()
        _ = try? await first.value
    }

    @Test("cancellation during the blocking poll aborts it promptly", .timeLimit(.minutes(1)))
    func cancelDuringPoll() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let driver = Self.driver(emulator)
        let run = Task { try await driver.run(sink: ReadingCollector().sink(), onConnected: { _ in }) }
        #expect(await emulator.wait { $0.isPolling })
        run.cancel()
        let ended = Task { _ = try? await run.value; return true }
        let result = try await withThrowingTaskGroup(of: Bool.self) { g in
            g.addTask { try await ended.value }
            g.addTask { try await Task.sleep(for: .seconds(5)); return false }
            let first = try await g.next()!
            g.cancelAll()
            return first
        }
        #expect(result, "the driver returned after its poll was aborted")
        #expect(emulator.abortsReceived >= 1)
    }

    @Test("twenty cancellations during the poll leak no descriptors (libnfc's select() aborts past FD_SETSIZE)",
          .timeLimit(.minutes(1)))
    func noDescriptorLeak() async throws {
        func openDescriptors() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0 }
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let before = openDescriptors()
        for _ in 0..<20 {
            let polls = emulator.commandsReceived.filter { $0 == 0x60 }.count
            // Through the service, which opens again if an open fails on a loaded machine (libnfc's Diagnose waits 500 ms).
            let service = DeviceService(driver: Self.driver(emulator), sink: ReadingCollector().sink(), board: DeviceStatusBoard(),
                                        logger: Logger(label: "test"), reopenMin: .milliseconds(10), reopenMax: .milliseconds(50))
            let run = Task { try await service.run() }
            #expect(await emulator.wait(timeout: .seconds(20)) { $0.isPolling && $0.commandsReceived.filter { $0 == 0x60 }.count > polls },
                    "commands: \(emulator.commandsReceived.suffix(12))")
            run.cancel()
            _ = try? await run.value
        }
        #expect(openDescriptors() - before < 60, "each cancellation may leave at most a pipe end or two inside libnfc")
    }

    @Test("a reader that stops answering for a while: error counted on the status board, no departure, no second arrival",
          .timeLimit(.minutes(1)))
    func hiccupCountsErrors() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        let collector = ReadingCollector()
        let board = DeviceStatusBoard()
        let service = DeviceService(driver: Self.driver(emulator), sink: collector.sink(), board: board,
                                    logger: Logger(label: "test"), reopenMin: .milliseconds(20), reopenMax: .milliseconds(100))
        let run = Task { try await service.run() }
        defer { run.cancel() }
        #expect(await emulator.wait { $0.isPolling })
        emulator.place(.ntag213(uid: Self.uid, ndef: NDEFMessageBuilder.text("x")))
        #expect(await collector.wait { $0.tags.count == 1 })
        var status = try #require(await board.snapshot().devices.first)
        #expect(status.firmware == "PN532 v1.6")
        #expect(status.tagPresent == "04A2247A3C5E80")
        #expect(status.lastRead == "tag 04A2247A3C5E80")
        emulator.setMute(true)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, (await board.snapshot().devices.first?.errors ?? 0) == 0,
              await board.snapshot().devices.first?.state == .connected {
            try await Task.sleep(for: .milliseconds(20))
        }
        emulator.setMute(false)
        status = try #require(await board.snapshot().devices.first)
        #expect(status.errors == 1, "the presence check that timed out")
        #expect(status.state == .connected && status.reconnects == 0, "a timeout is not an unplug")
        // Back to normal: the tag is still there and still one reading, never departed.
        let checks = emulator.commandsReceived.filter { $0 == 0x40 }.count
        #expect(await emulator.wait { $0.commandsReceived.filter { $0 == 0x40 }.count >= checks + 5 })
        #expect(collector.tags.count == 1)
        #expect(collector.departures.isEmpty)
        #expect(await board.snapshot().devices.first?.tagPresent == "04A2247A3C5E80")
        run.cancel()
        _ = try? await run.value
    }

    @Test("no connstring and no reader libnfc can find (ptys are never scanned): a transient error, tried again later",
          .timeLimit(.minutes(1)))
    func discoveryFindsNothing() async throws {
        let emulator = try PN532Emulator()
        defer { emulator.close() }
        #expect(try NFCContext().listDevices().allSatisfy { !$0.contains(emulator.path) })
        let driver = NFCReaderDriver(id: "nfc-any", options: .init(connstring: nil), clock: CaptureClock(offsetSeconds: 0))
        do {
            try await driver.run(sink: ReadingCollector().sink(), onConnected: { _ in })
            Issue.record("a reader was found")
        } catch let error as DeviceError {
            #expect(error.isTransient)
            #expect(error.message.contains("nfc_open"))
        }
    }

    @Test("unplugged: the run ends with a transient error; the port lock is held while open", .timeLimit(.minutes(1)))
    func unplugAndLock() async throws {
        let dir = try TemporaryDirectory()
        let emulator = try PN532Emulator(stablePath: dir.path + "/nfc0")
        defer { emulator.close() }
        let driver = Self.driver(emulator)
        let run = Task { try await driver.run(sink: ReadingCollector().sink(), onConnected: { _ in }) }
        #expect(await emulator.wait { $0.isPolling })
        #expect(throws: SystemError.self, "another process (or open) cannot take the port") {
            _ = try NFCPortClaim(path: dir.path + "/nfc0")
        }
        emulator.unplug()
        do {
            try await run.value
            Issue.record("the run ended without an error")
        } catch let error as DeviceError {
            #expect(error.isTransient)
        }
    }
}
