import Foundation
import Testing
import TraceModel
@testable import TraceStore

@Suite("TraceStore operations: quarantine retry/discard, backup, export")
struct OperationsStoreTests {
    /// A store with 5 events, #2 and #4 quarantined by the platform, cursor at 5.
    func quarantinedStore() async throws -> TraceStore {
        let store = try TraceStore.open(path: tempDir() + "/q.sqlite")
        for i in 1...5 { try await store.append(sampleEvent(i)) }
        let batch = try store.batch(after: 0, limit: 10)
        try store.acknowledge(through: 5, quarantine: [(2, batch[1].eventID, "422 bad"), (4, batch[3].eventID, "422 worse")], nowMillis: 1)
        return store
    }

    @Test("retry queues the seq without moving the cursor or touching the chain; delivery clears it; audit records all")
    func retryLifecycle() async throws {
        let store = try await quarantinedStore()
        let queued = try store.requestRetry(seqs: [2], actor: "uid 0 (pid 1)", reason: "platform fixed", nowMillis: 10)
        #expect(queued == [2])
        #expect(try store.cursor() == 5)
        #expect(try store.pendingRetries(limit: 10).map(\.seq) == [2])
        #expect(try store.quarantined().first { $0.seq == 2 }?.state == "retrying")
        try store.completeRetries(delivered: [2], rejected: [], nowMillis: 20)
        #expect(try store.pendingRetries(limit: 10).isEmpty)
        #expect(try store.quarantined().map(\.seq) == [4])
        #expect(try store.verifyChain() == nil)
        let audit = try store.quarantineAudit(seq: 2)
        #expect(audit.map(\.action) == ["delivered", "retry"])
        #expect(audit.last?.actor == "uid 0 (pid 1)")
        #expect(audit.last?.reason == "platform fixed")
    }

    @Test("a retried event refused again is held with the new reason")
    func retryRejectedAgain() async throws {
        let store = try await quarantinedStore()
        _ = try store.requestRetry(seqs: nil, actor: "a", reason: nil, nowMillis: 10)
        #expect(try store.pendingRetries(limit: 10).map(\.seq) == [2, 4])
        try store.completeRetries(delivered: [], rejected: [(4, "still bad")], nowMillis: 11)
        let entry = try #require(try store.quarantined().first { $0.seq == 4 })
        #expect(entry.state == "held")
        #expect(entry.reason == "still bad")
    }

    @Test("discard keeps the event locally, records the reason, and it no longer counts as quarantined")
    func discard() async throws {
        let store = try await quarantinedStore()
        #expect(try store.stats().quarantined == 2)
        #expect(try store.discard(seqs: [4], reason: "test label", actor: "uid 1000 (pid 9)", nowMillis: 10) == [4])
        #expect(try store.stats().quarantined == 1)
        #expect(try store.event(seq: 4) != nil)
        #expect(try store.quarantineAudit(seq: 4).first?.reason == "test label")
        // A discarded event cannot be retried or discarded again; a seq that is not quarantined is an error.
        #expect(throws: StoreError.self) { try store.requestRetry(seqs: [4], actor: "a", reason: nil, nowMillis: 11) }
        #expect(throws: StoreError.self) { try store.requestRetry(seqs: [3], actor: "a", reason: nil, nowMillis: 11) }
    }

    @Test("backup: VACUUM INTO a new file, checked, mode 0640; an existing file is never overwritten")
    func backup() async throws {
        let store = try await quarantinedStore()
        let dest = tempDir() + "/copy.sqlite"
        let check = try store.backup(to: dest)
        #expect(check.events == 5)
        #expect(check.cursor == 5)
        let mode = (try FileManager.default.attributesOfItem(atPath: dest)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o640)
        #expect(throws: StoreError.self) { try store.backup(to: dest) }
        #expect(try TraceStore.checkCopy(path: dest).lastSeq == 5)
    }

    @Test("a copy whose chain was altered is refused by restore, and nothing is changed")
    func restoreRefusesTampered() async throws {
        let store = try await quarantinedStore()
        let dest = tempDir() + "/copy.sqlite"
        try store.backup(to: dest)
        let copy = try TraceStore.open(path: dest)
        try await copy.pool.write { db in try db.execute(sql: "UPDATE event SET body = CAST('{\"x\":1}' AS BLOB) WHERE seq = 3") }
        try copy.close()
        let target = tempDir() + "/live.sqlite"
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        #expect(throws: StoreError.self) { try TraceStore.restore(from: dest, to: target, nowMillis: 0) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
    }

    @Test("export streams the events of a time range and a code, in seq order")
    func exportFilter() async throws {
        let store = try await quarantinedStore()
        var seqs: [Int64] = []
        try store.forEachEvent(.init(fromMillis: 1_790_000_000_002, toMillis: 1_790_000_000_005)) { seqs.append($0.seq) }
        #expect(seqs == [2, 3, 4])
        seqs = []
        try store.forEachEvent(.init(code: "S3")) { seqs.append($0.seq) }
        #expect(seqs == [3])
        #expect(try store.lastEvents(2).map(\.seq) == [4, 5])
    }

    @Test("backup rotation keeps the newest N copies and ignores other files", arguments: [
        (["edgetrace-20260101T000000Z.sqlite", "edgetrace-20260103T000000Z.sqlite", "edgetrace-20260102T000000Z.sqlite", "notes.txt",
          "edgetrace-20260104T000000Z.sqlite.partial"], 2, ["edgetrace-20260101T000000Z.sqlite"]),
        (["edgetrace-20260101T000000Z.sqlite"], 1, []),
        (["edgetrace-20260101T000000Z.sqlite", "edgetrace-20260102T000000Z.sqlite"], 0, ["edgetrace-20260101T000000Z.sqlite"]),
    ])
    func rotation(names: [String], keep: Int, deleted: [String]) {
        #expect(BackupRotation.toDelete(names, keep: keep) == deleted)
    }

    @Test("the next backup is due one interval after the newest, at once when there is none or it is overdue", arguments: [
        (Int64?.none, Int64(0)), (Int64?.some(1000), Int64(0)), (Int64?.some(9_000), Int64(2_000)), (Int64?.some(20_000), Int64(3_000)),
    ])
    func nextDelay(newest: Int64?, delay: Int64) {
        #expect(BackupRotation.delayMillis(newestMillis: newest, intervalMillis: 3_000, nowMillis: 10_000) == delay)
    }

    @Test("copy names sort by time")
    func names() {
        #expect(BackupRotation.fileName(millis: 1_790_000_000_000) == "edgetrace-20260921T141320Z.sqlite")
    }
}
