import Foundation
import Testing
import TraceModel
@testable import TraceStore

func tempDir() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edgetrace-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func sampleEvent(_ n: Int, kind: EventKind = .scan, gtin: String? = "09506000134352", lot: String? = "L1") -> TraceEvent {
    var e = TraceEvent(
        eventID: TraceEvent.makeID(gateway: "g", deviceID: "d", bootID: "b", uptimeNs: UInt64(n), kind: kind, raw: Array("code\(n)".utf8)),
        gateway: "g", kind: kind, time: EventTime(unixMillis: 1_790_000_000_000 + Int64(n), offsetSeconds: 28800),
        clock: ClockInfo(synced: true, bootID: "b", uptimeNs: UInt64(n)), device: DeviceRef(id: "d", driver: "serial", path: "/dev/x"),
        context: StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0", bizStep: "receiving"))
    if kind == .scan {
        e.scan = makeScan(raw: "code\(n)", gtin: gtin, lot: lot, serial: "S\(n)")
    }
    return e
}

@Suite("TraceStore")
struct TraceStoreTests {
    @Test("seq increases by one per event and survives reopen and deletion of the newest rows")
    func seqMonotonic() async throws {
        let path = tempDir() + "/s.sqlite"
        do {
            let store = try TraceStore.open(path: path)
            for i in 1...5 {
                let e = try await store.append(sampleEvent(i))
                #expect(e.seq == Int64(i))
            }
            // Delete the newest two rows: their seqs must never be handed out again.
            try await store.pool.write { db in try db.execute(sql: "DELETE FROM event WHERE seq > 3") }
            try store.close()
        }
        let reopened = try TraceStore.open(path: path)
        let e = try await reopened.append(sampleEvent(6))
        #expect(e.seq == 6)
    }

    @Test("concurrent appends are group-committed with unique, gapless seqs and an intact chain")
    func concurrentAppends() async throws {
        let store = try TraceStore.open(path: tempDir() + "/c.sqlite")
        let seqs = try await withThrowingTaskGroup(of: Int64.self) { group in
            for i in 1...200 { group.addTask { try await store.append(sampleEvent(i)).seq } }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(Set(seqs) == Set(1...200))
        #expect(try store.verifyChain() == nil)
        #expect(try store.stats().events == 200)
    }

    @Test("the same eventID is stored once")
    func duplicateEventID() async throws {
        let store = try TraceStore.open(path: tempDir() + "/d.sqlite")
        let a = try await store.append(sampleEvent(1))
        let b = try await store.append(sampleEvent(1))
        #expect(a.seq == b.seq)
        let c = try await store.append(sampleEvent(2))
        #expect(c.seq == 2)
        #expect(try store.stats().events == 2)
    }

    @Test("tampering with a stored event breaks the chain at that event")
    func chainDetectsTampering() async throws {
        let store = try TraceStore.open(path: tempDir() + "/t.sqlite")
        for i in 1...10 { try await store.append(sampleEvent(i)) }
        #expect(try store.verifyChain() == nil)
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE event SET body = replace(body, 'receiving', 'shipping') WHERE seq = 7")
        }
        #expect(try store.verifyChain() == 7)
    }

    @Test("cursor only moves forward; quarantine records reasons; unsynced counts follow")
    func cursorAndQuarantine() async throws {
        let store = try TraceStore.open(path: tempDir() + "/q.sqlite")
        for i in 1...10 { try await store.append(sampleEvent(i)) }
        #expect(try store.stats().unsynced == 10)
        let batch = try store.batch(after: 0, limit: 4)
        #expect(batch.map(\.seq) == [1, 2, 3, 4])
        try store.acknowledge(through: 4, quarantine: [(seq: 2, eventID: batch[1].eventID, reason: "bad")], nowMillis: 1)
        #expect(try store.cursor() == 4)
        try store.acknowledge(through: 2, nowMillis: 2)
        #expect(try store.cursor() == 4, "the cursor must never move back")
        #expect(try store.stats().unsynced == 6)
        let q = try store.quarantined()
        #expect(q.count == 1 && q[0].seq == 2 && q[0].reason == "bad")
        #expect(try store.batch(after: 4, limit: 100).first?.seq == 5)
    }

    @Test("a batch ends with the event that brings its bodies to maxBytes, and holds at least one event")
    func batchByteCap() async throws {
        let store = try TraceStore.open(path: tempDir() + "/b.sqlite")
        for i in 1...10 { try await store.append(sampleEvent(i)) }
        let all = try store.batch(after: 0, limit: 100)
        let size = all[0].body.count
        // Three bodies and one byte: the fourth event reaches the cap and ends the batch.
        let capped = try store.batch(after: 0, limit: 100, maxBytes: 3 * size + 1)
        #expect(capped.map(\.seq) == [1, 2, 3, 4])
        #expect(capped.dropLast().reduce(0) { $0 + $1.body.count } < 3 * size + 1)
        #expect(try store.batch(after: 0, limit: 100, maxBytes: 1).map(\.seq) == [1])
        #expect(try store.batch(after: 0, limit: 2, maxBytes: .max).map(\.seq) == [1, 2])
    }

    @Test("wire JSON is the canonical body plus the chain links, and decodes back to the event")
    func wireJSON() async throws {
        let store = try TraceStore.open(path: tempDir() + "/w.sqlite")
        let stored = try await store.append(sampleEvent(1))
        let wire = try #require(try store.batch(after: 0, limit: 1).first).wireJSON
        let decoded = try JSONDecoder().decode(TraceEvent.self, from: Data(wire))
        #expect(decoded == stored)
        #expect(decoded.hash == TraceEvent.chainHash(prevHash: TraceEvent.genesisHash, seq: 1, canonical: try stored.canonicalBytes()))
        #expect(decoded.seq == 1)
    }

    @Test("trace finds events by GTIN (any length), lot, serial")
    func traceLookup() async throws {
        let store = try TraceStore.open(path: tempDir() + "/tr.sqlite")
        try await store.append(sampleEvent(1, gtin: "00012345678905", lot: "LOTA"))
        try await store.append(sampleEvent(2, gtin: "09506000134352", lot: "LOTB"))
        #expect(try store.trace(code: "012345678905").map(\.seq) == [1])
        #expect(try store.trace(code: "LOTB").map(\.seq) == [2])
        #expect(try store.trace(code: "S1").map(\.seq) == [1])
        #expect(try store.trace(code: "nothing").isEmpty)
    }

    @Test("trace lines carry what the events say, read from columns and the body in SQL, in seq order")
    func traceLinesMatchTheEvents() async throws {
        let store = try TraceStore.open(path: tempDir() + "/tl.sqlite")
        var stored: [TraceEvent] = []
        for n in 1...6 {
            var event = sampleEvent(n, gtin: n == 3 ? "00012345678905" : "09506000134352", lot: n.isMultiple(of: 2) ? "LOTA" : "LOTB")
            if n == 4 { event.scan?.expiry = "2027-12-31" }
            if n == 5 { event.context.bizStep = nil }
            stored.append(try await store.append(event))
        }
        stored.append(try await store.append(sampleEvent(7, kind: .device)))
        for code in ["LOTA", "LOTB", "09506000134352", "012345678905", "S4", "nothing"] {
            let events = try store.trace(code: code)
            let lines = try store.traceLines(code: code)
            #expect(lines.map(\.seq) == events.map(\.seq), "\(code)")
            for (line, event) in zip(lines, events) {
                #expect(line.time == event.time.description)
                #expect(line.kind == event.kind.rawValue)
                #expect(line.deviceID == event.device.id)
                #expect(line.gtin == event.scan?.gtin && line.lot == event.scan?.lot && line.serial == event.scan?.serial)
                #expect(line.sscc == event.scan?.sscc && line.expiry == event.scan?.expiry)
                #expect(line.bizStep == event.context.bizStep)
            }
        }
        #expect(try store.traceLines(code: "LOTA").map(\.seq) == [2, 4, 6])
        #expect(try store.traceLines(code: "S4").first?.expiry == "2027-12-31")
        #expect(try store.traceLines(code: "LOTB", limit: 2).map(\.seq) == [1, 3])
    }

    @Test("a corrupt database is moved aside and a new one is started")
    func corruptionRecovery() async throws {
        let dir = tempDir()
        let path = dir + "/x.sqlite"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let store = try TraceStore.open(path: path)
        let recovery = try #require(store.recovery)
        #expect(FileManager.default.fileExists(atPath: recovery.movedTo))
        #expect(recovery.movedTo.hasPrefix(path + ".corrupt-"))
        #expect(try await store.append(sampleEvent(1)).seq == 1)
    }

    @Test("the CLI's read-only view sees what the writer committed")
    func readOnlyView() async throws {
        let path = tempDir() + "/r.sqlite"
        let store = try TraceStore.open(path: path)
        for i in 1...3 { try await store.append(sampleEvent(i)) }
        let ro = try TraceStore.openReadOnly(path: path)
        #expect(try ro.stats().events == 3)
        await #expect(throws: StoreError.self) { try await ro.append(sampleEvent(9)) }
        #expect(throws: StoreError.self) { try TraceStore.openReadOnly(path: path + ".missing") }
    }
}

func makeScan(raw: String, gtin: String?, lot: String?, serial: String?) -> ScanData {
    var fields: [String: String] = ["raw": raw]
    fields["gtin"] = gtin
    fields["lot"] = lot
    fields["serial"] = serial
    let json = try! JSONEncoder().encode(fields)
    return try! JSONDecoder().decode(ScanData.self, from: json)
}

@Suite("TraceStore files")
struct TraceStoreFileTests {
    @Test("a new database and its WAL are 0640 (owner rw, group r, others nothing)")
    func permissions() async throws {
        let path = tempDir() + "/perm.sqlite"
        let store = try TraceStore.open(path: path)
        try await store.append(sampleEvent(1))
        for file in [path, path + "-wal"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)
            #expect(mode.intValue & 0o777 == 0o640, "\(file): \(String(mode.intValue, radix: 8))")
        }
    }
}

@Suite("TraceStore durability settings")
struct TraceStoreDurabilityTests {
    @Test("the writer connection runs WAL with synchronous = FULL (2)")
    func synchronousFull() async throws {
        let store = try TraceStore.open(path: tempDir() + "/sync.sqlite")
        let (mode, sync) = try await store.pool.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(sync == 2, "FULL; GRDB's default for pools is NORMAL (1), which can lose the last commits on power loss")
    }
}

@Suite("TraceStore and the wall clock")
struct TraceStoreClockTests {
    @Test("a wall clock jumping backwards never reorders seq or breaks the chain; batches stay in capture order")
    func clockJumpsBack() async throws {
        let store = try TraceStore.open(path: tempDir() + "/clock.sqlite")
        var times: [Int64] = []
        for i in 1...20 {
            var e = sampleEvent(i)
            // The clock is stepped back by an hour after the 10th read (NTP correcting a fast RTC).
            e.time = EventTime(unixMillis: (i <= 10 ? 1_796_000_000_000 : 1_796_000_000_000 - 3_600_000) + Int64(i) * 1000,
                               offsetSeconds: 28800)
            times.append(e.time.unixMillis)
            let stored = try await store.append(e)
            #expect(stored.seq == Int64(i))
        }
        #expect(try store.verifyChain() == nil)
        let batch = try store.batch(after: 0, limit: 100)
        #expect(batch.map(\.seq) == Array(1...20))
        let decoded = try batch.map { try JSONDecoder().decode(TraceEvent.self, from: Data($0.wireJSON)) }
        #expect(decoded.map(\.time.unixMillis) == times, "times are kept as captured, order is by seq")
    }
}
