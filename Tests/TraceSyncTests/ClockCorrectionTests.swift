import Foundation
import Logging
import Testing
import TraceModel
import TracePlatformServer
import TraceStore
@testable import TraceSync

@Suite("Clock correction before upload", .serialized)
struct ClockCorrectionTests {
    func event(_ n: Int, boot: String, synced: Bool, wall: Int64, uptimeMs: UInt64) -> TraceEvent {
        TraceEvent(
            eventID: TraceEvent.makeID(gateway: "g", deviceID: "d", bootID: boot, uptimeNs: uptimeMs * 1_000_000, kind: .scan, raw: [UInt8(n)]),
            gateway: "g", kind: .scan, time: EventTime(unixMillis: wall, offsetSeconds: 28800),
            clock: ClockInfo(synced: synced, bootID: boot, uptimeNs: uptimeMs * 1_000_000),
            device: DeviceRef(id: "d", driver: "serial"), context: StationContext())
    }

    @Test("pure: only unsynchronised events of the reference's boot are corrected, once")
    func pure() throws {
        let ref = ClockReference(bootID: "B", wallMillis: 1_796_000_100_000, uptimeNs: 100_000_000_000)  // boot at 1_796_000_000_000
        let early = event(1, boot: "B", synced: false, wall: 86_400_000, uptimeMs: 5_000)                 // clock said 1970-01-02
        let fixed = try #require(early.correctingTime(with: ref))
        #expect(fixed.time.unixMillis == 1_796_000_005_000)
        #expect(fixed.clock.corrected == true)
        #expect(fixed.clock.originalTime == early.time.description)
        #expect(fixed.correctingTime(with: ref) == nil, "never corrected twice")
        #expect(event(2, boot: "A", synced: false, wall: 0, uptimeMs: 1).correctingTime(with: ref) == nil, "another boot")
        #expect(event(3, boot: "B", synced: true, wall: 0, uptimeMs: 1).correctingTime(with: ref) == nil, "captured synchronised")
    }

    @Test("the platform receives corrected times; the local chain still verifies", .timeLimit(.minutes(1)))
    func endToEnd() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clock-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let logger = Logger(label: "test")
        let platform = try await TracePlatformServer.start(databasePath: dir + "/p.sqlite", logger: logger)
        let store = try TraceStore.open(path: dir + "/s.sqlite")
        try await store.append(event(1, boot: "B", synced: false, wall: 86_400_000, uptimeMs: 5_000))
        try await store.append(event(2, boot: "B", synced: true, wall: 1_796_000_200_000, uptimeMs: 200_000))
        try await store.append(event(3, boot: "OLD", synced: false, wall: 1_000, uptimeMs: 7))
        try store.setClockReference(ClockReference(bootID: "B", wallMillis: 1_796_000_100_000, uptimeNs: 100_000_000_000))
        try store.setClockReference(ClockReference(bootID: "B", wallMillisAtBoot: 5))  // the first reference stays

        let uploader = Uploader(store: store, config: UploadConfiguration(baseURL: "http://127.0.0.1:\(platform.port)", gateway: "g"), logger: logger)
        let task = Task { try await uploader.run() }
        while try store.cursor() < 3 { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        _ = try? await task.value

        let events = try platform.events(gateway: "g")
        let times = events.map { ($0["time"] as? String) ?? "" }
        let clocks = events.map { ($0["clock"] as? [String: Any]) ?? [:] }
        #expect(times[0] == EventTime(unixMillis: 1_796_000_005_000, offsetSeconds: 28800).description)
        #expect(clocks[0]["corrected"] as? Bool == true)
        #expect(clocks[0]["originalTime"] as? String == EventTime(unixMillis: 86_400_000, offsetSeconds: 28800).description)
        #expect(clocks[1]["corrected"] == nil, "captured synchronised: as it was")
        #expect(clocks[2]["corrected"] == nil, "a boot without reference: as it was")
        #expect(try store.verifyChain() == nil)
        #expect(try store.event(seq: 1)?.clock.corrected == nil, "the stored event is unchanged")
        try store.close()
        try await platform.shutdown()
    }
}
