import Foundation
import Logging
import Testing
import TraceModel
import TracePlatformServer
import TraceStore
@testable import TraceSync

/// The uploader reads and encodes the next batch while the current one is in flight; the batch read ahead
/// is used only when the current one was delivered whole. Whatever the platform answers, every event
/// arrives once and in order.
@Suite("Upload with the next batch read ahead", .serialized)
struct PipelinedUploadTests {
    func event(_ n: Int) -> TraceEvent {
        TraceEvent(
            eventID: TraceEvent.makeID(gateway: "g", deviceID: "d", bootID: "b", uptimeNs: UInt64(n), kind: .scan, raw: Array("code\(n)".utf8)),
            gateway: "g", kind: .scan, time: EventTime(unixMillis: 1_796_000_000_000 + Int64(n), offsetSeconds: 28800),
            clock: ClockInfo(synced: true, bootID: "b", uptimeNs: UInt64(n)), device: DeviceRef(id: "d", driver: "serial"),
            context: StationContext())
    }

    /// Fills a store with `count` events, drains it with batches of `batch` to a platform with `faults`,
    /// and returns the platform's figures and the events it holds.
    func drain(count: Int, batch: Int, faults: PlatformFaults, requestTimeout: Duration = .seconds(15), batchMaxBytes: Int = 1 << 20)
        async throws -> (stats: PlatformStats, seqs: [Int64], cursor: Int64, quarantined: [Int64])
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pipelined-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let logger = Logger(label: "test")
        let platform = try await TracePlatformServer.start(databasePath: dir + "/p.sqlite", logger: logger)
        platform.setFaults(faults)
        let store = try TraceStore.open(path: dir + "/s.sqlite")
        for n in 1...count { try await store.append(event(n)) }
        var config = UploadConfiguration(baseURL: "http://127.0.0.1:\(platform.port)", gateway: "g", batchMaxEvents: batch)
        config.backoff = Backoff(base: .milliseconds(10), cap: .milliseconds(50))
        config.requestTimeout = requestTimeout
        config.batchMaxBytes = batchMaxBytes
        let uploader = Uploader(store: store, config: config, logger: logger)
        let task = Task { try await uploader.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while try store.cursor() < Int64(count), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        _ = try? await task.value
        let result = (try platform.stats(gateway: "g"), try platform.storedEvents(gateway: "g").map(\.seq), try store.cursor(),
                      try store.quarantined().map(\.seq).sorted())
        try store.close()
        try await platform.shutdown()
        return result
    }

    @Test("a backlog of many full batches arrives once, in order")
    func backlog() async throws {
        let r = try await drain(count: 100, batch: 8, faults: .none)
        #expect(r.cursor == 100)
        #expect(r.seqs == Array(1...100))
        #expect(r.stats.batches == 13)
        #expect(r.stats.duplicatesReceived == 0 && r.stats.doubleDelivered == 0)
    }

    /// A slow link: 10 ms an event, 1 s to answer. Batches of 240 and 120 cannot make it (the platform stores
    /// them, then answers too late); batches of 60 can. Without halving on a timeout the uploader sent the
    /// same 240 events forever and the cursor never moved.
    @Test("a batch that times out is halved until it gets through")
    func timeoutHalvesTheBatch() async throws {
        let r = try await drain(count: 240, batch: 240, faults: PlatformFaults(delayMsPerEvent: 10), requestTimeout: .seconds(1))
        #expect(r.cursor == 240)
        #expect(r.seqs == Array(1...240))
        #expect(r.stats.duplicatesReceived > 0, "no batch timed out: the test did not test anything")
        #expect(r.quarantined.isEmpty)
    }

    /// Batches of up to 100 events but 4000 bytes of stored JSON: the 40 events (~300 bytes each) go in
    /// batches of about 13, each read ahead while the one before is in flight.
    @Test("batches end at batchMaxBytes, and are read ahead like full ones")
    func byteCappedBatches() async throws {
        let r = try await drain(count: 40, batch: 100, faults: .none, batchMaxBytes: 4000)
        #expect(r.cursor == 40)
        #expect(r.seqs == Array(1...40))
        #expect(r.stats.batches >= 3, "\(r.stats.batches) batches: the byte cap did not end any")
        #expect(r.stats.duplicatesReceived == 0 && r.stats.doubleDelivered == 0)
    }

    @Test("a batch that fails is sent again before the one read ahead")
    func failureDiscardsTheBatchReadAhead() async throws {
        let r = try await drain(count: 40, batch: 8, faults: PlatformFaults(status: 503, statusCount: 2))
        #expect(r.cursor == 40)
        #expect(r.seqs == Array(1...40))
        #expect(r.stats.duplicatesReceived == 0 && r.stats.doubleDelivered == 0)
        #expect(r.stats.batches == 5)
    }

    @Test("a batch halved after a 413 is read again at the new size")
    func splitDiscardsTheBatchReadAhead() async throws {
        let r = try await drain(count: 40, batch: 8, faults: PlatformFaults(maxEvents: 5))
        #expect(r.cursor == 40)
        #expect(r.seqs == Array(1...40))
        #expect(r.stats.duplicatesReceived == 0 && r.stats.doubleDelivered == 0)
        #expect(r.stats.batches == 10, "batches of 4 once the platform said 413")
    }

    @Test("an event the platform rejects is quarantined; the batch read ahead then follows")
    func rejectionKeepsTheBatchReadAhead() async throws {
        let rejected = event(11).eventID
        let r = try await drain(count: 40, batch: 8, faults: PlatformFaults(rejectEventIDs: [rejected]))
        #expect(r.cursor == 40)
        #expect(r.seqs == Array(1...40).filter { $0 != 11 })
        #expect(r.quarantined == [11])
        #expect(r.stats.duplicatesReceived == 0 && r.stats.batches == 5)
    }
}
