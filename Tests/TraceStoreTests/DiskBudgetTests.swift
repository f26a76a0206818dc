import Foundation
import GRDB
import Testing
import TraceModel
@testable import TraceStore

/// A sensor reading of device `device` captured at `millis` (the payload does not matter to the store).
func sensorEvent(_ n: Int, device: String = "t1", millis: Int64) -> TraceEvent {
    var e = sampleEvent(n, kind: .sensor)
    e.eventID = TraceEvent.makeID(gateway: "g", deviceID: device, bootID: "b", uptimeNs: UInt64(n), kind: .sensor, raw: [UInt8(n & 0xFF)])
    e.device = DeviceRef(id: device, driver: "temper", path: "usb:1-1")
    e.time = EventTime(unixMillis: millis, offsetSeconds: 0)
    return e
}

/// Folds readings into one event whose device path records how many it stands for.
let countingSummarizer: SensorSummarizer = { readings in
    var s = readings[0]
    s.eventID = "summary:" + readings.map(\.eventID).joined(separator: ",").suffix(40)
    s.device.path = "summary:\(readings.count)"
    return s
}

@Suite("Disk budget")
struct DiskBudgetTests {
    @Test("pressure and exhaustion marks", arguments: [
        // (max, minFree, used, free, pressure, exhausted)
        (Int64(1000), Int64(100), Int64(500), Int64?(10_000), false, false),
        (1000, 100, 901, 10_000, true, false),    // above 90 % of the budget: act
        (1000, 100, 1000, 10_000, true, true),    // at the budget: refuse
        (1000, 100, 10, 149, true, false),        // free below 1.5 × min: act
        (1000, 100, 10, 99, true, true),          // free below min: refuse
        (0, 100, 1 << 40, 10_000, false, false),  // no database limit
        (1000, 100, 10, nil, false, false),       // free space unknown
    ])
    func marks(max: Int64, minFree: Int64, used: Int64, free: Int64?, pressure: Bool, exhausted: Bool) {
        let budget = DiskBudget(maxDatabaseBytes: max, minFreeBytes: minFree)
        let usage = DiskUsage(databaseBytes: used, freeBytes: free)
        #expect(budget.underPressure(usage) == pressure)
        #expect(budget.exhausted(usage) == exhausted)
    }

    @Test("head-room: what may be written before the pressure marks", arguments: [
        (Int64(1000), Int64(100), Int64(500), Int64?(10_000), Int64(400)),  // 90 % of 1000 − 500
        (1000, 100, 10, 400, 250),                                          // free − 1.5 × min
        (1000, 100, 950, 10_000, 0),                                        // under pressure: none
        (0, 100, 1 << 40, nil, Int64.max),                                  // no limit known
    ])
    func headroom(max: Int64, minFree: Int64, used: Int64, free: Int64?, room: Int64) {
        #expect(DiskBudget(maxDatabaseBytes: max, minFreeBytes: minFree).headroom(DiskUsage(databaseBytes: used, freeBytes: free)) == room)
    }

    @Test("the writer asks for a maintenance pass once a burst has used half the head-room, not at the next interval",
          .timeLimit(.minutes(1)))
    func burstWakesMaintenance() async throws {
        let store = try TraceStore.open(path: tempDir() + "/w.sqlite")
        let budget = DiskBudget(maxDatabaseBytes: 4 << 20, minFreeBytes: 0, retentionMillis: 0)
        let report = try await store.maintain(budget: budget, nowMillis: 0)
        let room = budget.headroom(report.usage)
        #expect(room > 1 << 20 && room < 4 << 20, "\(report.usage)")
        #expect(await store.waitForMaintenanceRequest(upTo: .milliseconds(50)) == false, "nothing written yet")
        let filler = String(repeating: "x", count: 8000)
        var written = 0
        for i in 1...1000 {
            var e = sampleEvent(i)
            e.scan?.raw = "\(i)-" + filler
            try await store.append(e)
            written += 8000
            if written >= Int(room / 2) { break }
        }
        #expect(await store.waitForMaintenanceRequest(upTo: .seconds(30)), "rung after \(written) bytes of a \(room)-byte head-room")
        // One ring per measurement: the next wait sleeps until the maintenance measured again.
        #expect(await store.waitForMaintenanceRequest(upTo: .milliseconds(50)) == false)
    }

    /// Seen in the disk-budget integration test: a burst overshot the budget until the file system was full,
    /// and then every pass failed at COMMIT (SQLITE_FULL), because deleting 1000 rows needs room in the WAL for
    /// every page it touches: the daemon could never free the space the platform had already taken.
    @Test("a full file system: the maintenance still prunes synced history, in smaller deletes, and gives the space back",
          .timeLimit(.minutes(2)))
    func pruneOnAFullFileSystem() async throws {
        let dir = tempDir() + "/full"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/usr/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=12m", "tmpfs", dir]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0, "this test needs root to mount a small tmpfs")
        defer { _ = try? Process.run(URL(fileURLWithPath: "/usr/bin/umount"), arguments: ["-l", dir]).waitUntilExit() }

        let store = try TraceStore.open(path: dir + "/s.sqlite")
        #expect(FileManager.default.fileExists(atPath: dir + "/s.sqlite.reserve"), "a space reserve is kept from the start")
        let filler = String(repeating: "y", count: 3000)
        for i in 1...1500 {
            var e = sampleEvent(i)
            e.scan?.raw = "\(i)-" + filler
            try await store.append(e)
        }
        try store.acknowledge(through: 1500, nowMillis: 0)
        store.releaseFreePages()
        // Fill what is left with a ballast file, as another program would.
        let ballast = dir + "/ballast"
        FileManager.default.createFile(atPath: ballast, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ballast))
        let chunk = Data(repeating: 0, count: 64 << 10)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        try? handle.close()
        let before = try store.usage().freeBytes ?? 0
        #expect(before < 64 << 10, "the file system is full: \(before) bytes free")

        let budget = DiskBudget(maxDatabaseBytes: 0, minFreeBytes: 1 << 20, retentionMillis: 0)
        let report = try await store.maintain(budget: budget, nowMillis: 0)
        #expect(report.prunedForSpace > 0, "\(report)")
        let after = try store.usage().freeBytes ?? 0
        #expect(after > before + (1 << 20), "space given back: \(before) → \(after) bytes free")
        #expect(try store.verifyChain() == nil)
        #expect(report.reserveReleased, "a delete of a single row did not fit: the reserve made the room")
        #expect(report.reserveRestored, "the prune freed enough to write the reserve again")
        #expect(FileManager.default.fileExists(atPath: dir + "/s.sqlite.reserve"))
    }

    /// Found through the disk-budget integration test: a compaction pass took the writer's next seq and chain
    /// head before its transaction and set them back after it, undoing the appends that committed meanwhile.
    /// The next append then hit a taken seq, INSERT OR IGNORE skipped it, and the read was ACKed as stored
    /// but lost (every later one too).
    @Test("compaction passes running while reads are appended: every append that returned is stored, once, in one chain",
          .timeLimit(.minutes(2)))
    func compactionDuringAppends() async throws {
        let store = try TraceStore.open(path: tempDir() + "/race.sqlite")
        let appended = try await withThrowingTaskGroup(of: [String].self) { group in
            for producer in 0..<4 {
                group.addTask {
                    var ids: [String] = []
                    for i in 0..<150 {
                        let e = sensorEvent(producer * 1000 + i, device: "t\(producer)", millis: Int64(producer * 1000 + i))
                        ids.append(try await store.append(e).eventID)
                    }
                    return ids
                }
            }
            group.addTask {
                // Passes that find nothing to fold (the summarizer declines), and passes that fold.
                for pass in 0..<60 {
                    _ = try await store.compactSensors(beforeMillis: 0, intervalMillis: 1000, summarize: pass % 2 == 0 ? { _ in nil } : countingSummarizer)
                    await Task.yield()
                }
                return []
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(appended.count == 600)
        let stored = try await store.pool.read { db in try String.fetchSet(db, sql: "SELECT event_id FROM event") }
        let missing = appended.filter { !stored.contains($0) }
        #expect(missing.count == 0, "appends that returned but are not in the store")
        let seqs = try await store.pool.read { db in try Int64.fetchAll(db, sql: "SELECT seq FROM event ORDER BY seq") }
        #expect(seqs == Array(1...Int64(seqs.count)), "seq has no gaps or repeats")
        #expect(try store.verifyChain() == nil)
    }

    @Test("an insert at a seq already taken fails; it is never reported as stored (it was, with INSERT OR IGNORE)")
    func takenSeqFails() async throws {
        let store = try TraceStore.open(path: tempDir() + "/taken.sqlite")
        for i in 1...3 { try await store.append(sampleEvent(i)) }
        let event = sampleEvent(4)
        let bytes = try event.canonicalBytes()
        #expect(throws: (any Error).self) {
            try store.pool.write { db in _ = try EventWriter.insert([(event, bytes)], db: db, seq: 2, head: "x") }
        }
        // The same eventID again is a duplicate, not an error: the stored event comes back and no seq is used.
        let again = try await store.append(sampleEvent(2))
        #expect(again.seq == 2)
        #expect(try await store.append(event).seq == 4)
    }

    @Test("retention deletes synced history only: never unsynced, quarantined or the newest event")
    func retention() async throws {
        let path = tempDir() + "/r.sqlite"
        let store = try TraceStore.open(path: path)
        for i in 1...10 {
            var e = sampleEvent(i)
            e.time = EventTime(unixMillis: Int64(i) * 1000, offsetSeconds: 0)
            try await store.append(e)
        }
        try store.acknowledge(through: 6, quarantine: [(seq: 2, eventID: "x", reason: "bad")], nowMillis: 0)
        // Events 1…8 are older than the retention; only the synced ones (1…6, without the quarantined 2) go.
        let budget = DiskBudget(maxDatabaseBytes: 0, minFreeBytes: 0, retentionMillis: 1000)
        let report = try await store.maintain(budget: budget, nowMillis: 9000 + 1000)
        #expect(report.prunedExpired == 5)
        #expect(report.refusing == false)
        let left = try await store.pool.read { db in try Int64.fetchAll(db, sql: "SELECT seq FROM event ORDER BY seq") }
        #expect(left == [2, 7, 8, 9, 10])
        #expect(try store.verifyChain() == nil)
        // Everything synced and old: the newest event stays as the chain's anchor, and seq goes on.
        try store.acknowledge(through: 10, nowMillis: 0)
        _ = try await store.maintain(budget: budget, nowMillis: 1_000_000)
        try store.close()
        let reopened = try TraceStore.open(path: path)
        let left2 = try await reopened.pool.read { db in try Int64.fetchAll(db, sql: "SELECT seq FROM event ORDER BY seq") }
        #expect(left2 == [2, 10])
        #expect(try reopened.stats().events == 2, "the stored-event count follows pruning without COUNT(*)")
        #expect(try await reopened.append(sampleEvent(11)).seq == 11)
        #expect(try reopened.verifyChain() == nil)
    }

    @Test("over budget: synced history goes first, then new reads are refused with a reason, and accepted again once uploaded")
    func refuseWhenUnsyncedFillTheBudget() async throws {
        let store = try TraceStore.open(path: tempDir() + "/b.sqlite")
        let filler = String(repeating: "x", count: 2000)
        func big(_ n: Int) -> TraceEvent {
            var e = sampleEvent(n)
            e.scan?.raw = "\(n)-" + filler
            return e
        }
        for i in 1...200 { try await store.append(big(i)) }
        try store.acknowledge(through: 100, nowMillis: 0)
        // A budget the unsynced half alone (100 events of more than 2 KB) already exceeds.
        let budget = DiskBudget(maxDatabaseBytes: 150_000, minFreeBytes: 0, retentionMillis: 0)
        let report = try await store.maintain(budget: budget, nowMillis: 0)
        #expect(report.prunedForSpace == 100, "all synced history \(report)")
        #expect(report.refusing)
        #expect(try store.stats().unsynced == 100, "nothing unsynced deleted")
        await #expect(throws: StoreError.self) { try await store.append(big(201)) }
        do {
            try await store.append(big(202))
        } catch let error as StoreError {
            #expect(error.code == .budget)
            #expect(error.description.contains("NOT captured"))
            #expect(error.description.contains("store.max_bytes"))
        }
        // The platform takes the backlog: the next pass prunes it and reads are accepted again.
        try store.acknowledge(through: 200, nowMillis: 0)
        let after = try await store.maintain(budget: budget, nowMillis: 0)
        #expect(after.refusing == false, "\(after)")
        #expect(try await store.append(big(203)).seq == 201)
        #expect(try store.verifyChain() == nil)
    }

    @Test("under pressure, unsynced sensor readings are compacted per device and interval; scans are untouched; the chain still verifies")
    func compaction() async throws {
        let store = try TraceStore.open(path: tempDir() + "/c.sqlite")
        // Interleaved: per minute 6 readings of t1, 6 of t2 and one scan, over 3 minutes.
        var n = 0
        var scans: [String] = []
        for minute in 0..<3 {
            for k in 0..<6 {
                n += 1; try await store.append(sensorEvent(n, device: "t1", millis: Int64(minute * 60_000 + k * 10_000)))
                n += 1; try await store.append(sensorEvent(n, device: "t2", millis: Int64(minute * 60_000 + k * 10_000 + 1)))
            }
            n += 1
            let scan = try await store.append(sampleEvent(n))
            scans.append(scan.eventID)
        }
        let lastSeq = Int64(n)
        let budget = DiskBudget(maxDatabaseBytes: 1, minFreeBytes: 0, retentionMillis: 0, compactionIntervalMillis: 60_000)
        // "now" is in minute 3: minutes 0 and 1 are compacted, minute 2 is still being filled and stays raw.
        let report = try await store.maintain(budget: budget, nowMillis: 3 * 60_000 - 1, summarize: countingSummarizer)
        #expect(report.compactedReadings == 24)
        #expect(report.summaries == 4)
        let rows = try await store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, kind, event_id FROM event ORDER BY seq")
        }
        #expect(rows.count == 39 - 24 + 4)
        #expect(try store.stats().events == Int64(rows.count), "the stored-event count follows compaction")
        #expect(Set(rows.filter { $0["kind"] == "scan" }.map { $0["event_id"] as String }) == Set(scans))
        let summaries = try rows.filter { ($0["seq"] as Int64) > lastSeq }.map { try #require(try store.event(seq: $0["seq"])) }
        #expect(summaries.map(\.device.path) == Array(repeating: "summary:6", count: 4))
        #expect(summaries.map(\.seq) == Array((lastSeq + 1)...(lastSeq + 4)))
        #expect(try store.verifyChain() == nil)

        // A second pass over the same data compacts nothing more, and the chain holds across merged gaps.
        let again = try await store.maintain(budget: budget, nowMillis: 3 * 60_000 - 1, summarize: countingSummarizer)
        #expect(again.compactedReadings == 0)
        #expect(try store.verifyChain() == nil)

        // Removing a scan by hand is still caught: only compaction's records bridge the chain.
        let victim = try #require(rows.first { $0["kind"] == "scan" }?["seq"] as Int64?)
        try await store.pool.write { db in try db.execute(sql: "DELETE FROM event WHERE seq = ?", arguments: [victim]) }
        #expect(try store.verifyChain() != nil)
    }

    @Test("a compacted run next to an earlier one is merged into one gap")
    func adjacentGapsMerge() async throws {
        let store = try TraceStore.open(path: tempDir() + "/m.sqlite")
        // t1 readings in minute 0, then a t2 reading in minute 1, then t1 again in minute 0's interval… :
        // the first pass compacts t1 (minute 0) only, as t2 has a single reading; the second pass, after
        // another t2 reading, compacts t2 too, and its run touches the first gap.
        for i in 1...3 { try await store.append(sensorEvent(i, device: "t1", millis: Int64(i))) }
        try await store.append(sensorEvent(4, device: "t2", millis: 60_001))
        #expect(try await store.compactSensors(beforeMillis: 200_000, intervalMillis: 60_000, summarize: countingSummarizer).readings == 3)
        try await store.append(sensorEvent(6, device: "t2", millis: 60_002))
        #expect(try await store.compactSensors(beforeMillis: 200_000, intervalMillis: 60_000, summarize: countingSummarizer).readings == 2)
        #expect(try store.verifyChain() == nil)
        let gaps = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chain_gap") }
        #expect(gaps == 2, "seq 1–4 is one run (merged); the t2 reading at seq 6 sits after the first summary")
    }

    @Test("with the real summarizer: readings become min/max/mean summaries at the end of the chain")
    func realSummaries() async throws {
        let store = try TraceStore.open(path: tempDir() + "/s.sqlite")
        for i in 0..<10 {
            var e = sensorEvent(i + 1, millis: Int64(i) * 10_000)
            e.sensor = SensorData(temperatureC: Double(i), model: "TEMPerGold", serial: "TG")
            try await store.append(e)
        }
        let done = try await store.compactSensors(beforeMillis: 1_000_000, intervalMillis: 60_000, summarize: SensorSeries.summarize)
        #expect(done.readings == 10 && done.summaries == 2)
        let summaries = try [store.event(seq: 11), store.event(seq: 12)].compactMap { $0?.sensor?.summary }
        #expect(summaries.map(\.count) == [6, 4])
        #expect(summaries.first?.temperatureC == SensorSummary.Stats(min: 0, max: 5, mean: 2.5))
        #expect(summaries.last?.temperatureC == SensorSummary.Stats(min: 6, max: 9, mean: 7.5))
        #expect(try store.verifyChain() == nil)
    }

    @Test("trace queries walk an index in seq order: no full scan, no sort, however long the history", arguments: ["gtin", "lot", "serial", "sscc"])
    func tracePlan(column: String) async throws {
        let store = try TraceStore.open(path: tempDir() + "/p.sqlite")
        let plan = try await store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + StoreQueries.traceSQL(column: column), arguments: ["x", 10])
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("USING INDEX event_\(column)"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE") && !plan.contains("SCAN"), "\(plan)")
    }
}
