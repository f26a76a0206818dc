import Foundation
import Logging
import Synchronization
import Testing
import TraceModel
@testable import TraceDevices

/// A driver that plays a script: each `run` takes the next step (fail transiently, fail for good, or
/// deliver readings and then fail as if unplugged).
final class ScriptedDriver: DeviceDriver, @unchecked Sendable {
    enum Step { case transient(String), permanent(String), deliver([String]) }
    let ref = DeviceRef(id: "scripted", driver: "test")
    private let steps: Mutex<[Step]>
    let runs = Mutex(0)

    init(_ steps: [Step]) { self.steps = Mutex(steps) }

    func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws {
        runs.withLock { $0 += 1 }
        let step = steps.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        switch step {
        case .transient(let m)?: throw DeviceError(deviceID: ref.id, message: m, isTransient: true)
        case .permanent(let m)?: throw DeviceError(deviceID: ref.id, message: m, isTransient: false)
        case .deliver(let codes)?:
            await onConnected("/dev/fake0")
            for c in codes {
                _ = await sink(Reading(device: ref, payload: .barcode(bytes: Array(c.utf8), symbology: nil),
                                       stamp: CaptureStamp(time: EventTime(unixMillis: 0), clock: ClockInfo(synced: true, bootID: "b", uptimeNs: 0))))
            }
            throw DeviceError(deviceID: ref.id, message: "unplugged", isTransient: true)
        case nil:
            try await Task.sleep(for: .seconds(3600))
        }
    }
}

@Suite("DeviceService")
struct DeviceServiceTests {
    @Test("transient failures are retried with backoff; reads, verdict counts, reconnects and last read reach the board", .timeLimit(.minutes(1)))
    func reconnects() async throws {
        let driver = ScriptedDriver([.transient("not there yet"), .deliver(["A", "B"]), .transient("gone"), .deliver(["C"])])
        let board = DeviceStatusBoard()
        let verdicts: [String: ReadVerdict] = ["A": .captured, "B": .rejected, "C": .failed]
        let service = DeviceService(
            driver: driver, sink: { r in verdicts[String(decoding: r.rawBytes, as: UTF8.self)] ?? .duplicate },
            board: board, logger: Logger(label: "test"), reopenMin: .milliseconds(5), reopenMax: .milliseconds(20))
        let task = Task { try await service.run() }
        while driver.runs.withLock({ $0 }) < 5 { try await Task.sleep(for: .milliseconds(5)) }
        let status = try #require(await board.snapshot().devices.first)
        task.cancel()
        _ = try? await task.value
        #expect(status.reads == 2, "A captured, B rejected (still a read)")
        #expect(status.rejected == 1)
        #expect(status.failed == 1, "C was not captured")
        #expect(status.reconnects >= 1)
        #expect(status.lastRead == "C")
        #expect(status.resolvedPath == "/dev/fake0")
    }

    @Test("a permanent failure stops the device with its reason; the service returns", .timeLimit(.minutes(1)))
    func permanent() async throws {
        let driver = ScriptedDriver([.permanent("baud rate 123 is not supported")])
        let board = DeviceStatusBoard()
        let service = DeviceService(driver: driver, sink: { _ in .captured }, board: board, logger: Logger(label: "test"))
        try await service.run()
        let status = try #require(await board.snapshot().devices.first)
        #expect(status.state == .failed)
        #expect(status.message == "baud rate 123 is not supported")
        #expect(driver.runs.withLock { $0 } == 1)
    }
}
