import Foundation
import GRDB
import SystemSupport
import TraceModel

/// The single writer: assigns `seq`, links the hash chain and commits appends in groups, so one fsync
/// covers every event that arrived while the previous commit was running.
actor EventWriter {
    let pool: DatabasePool
    let path: String
    var nextSeq: Int64
    var head: String
    private var flushing = false
    /// How long a commit waits for more reads when reads are arriving faster than commits complete.
    static let groupWindow: Duration = .microseconds(1500)

    /// Commits made since open (for benchmarks and diagnostics: events ÷ commits = mean group size).
    private(set) var commits = 0
    /// An event with its canonical bytes, encoded by the producer before it joins the queue.
    typealias Entry = (event: TraceEvent, canonical: [UInt8])
    private var pending: [(Entry, CheckedContinuation<TraceEvent, any Error>)] = []
    private var subscribers: [UUID: AsyncStream<Void>.Continuation] = [:]
    /// Set while the disk budget is used up: appends fail at once with this error (see ``DiskBudget``).
    private(set) var refusal: StoreError?
    /// Exclusive tasks (compaction) waiting for the current leader to finish.
    private var leaderWaiters: [CheckedContinuation<Void, Never>] = []
    /// Rung when the bytes committed since the maintenance last measured the store reach half the head-room
    /// it measured, so that a burst of reads meets the budget policy at once instead of at the next interval.
    let maintenanceBell = Doorbell()
    private var writtenSinceMeasure: Int64 = 0
    private var ringAfterBytes: Int64 = .max

    /// The maintenance measured the store: `headroom` bytes may still be written before it must act.
    func measured(headroom: Int64) {
        writtenSinceMeasure = 0
        ringAfterBytes = max(64 << 10, headroom / 2)
    }

    func refuse(_ error: StoreError?) { refusal = error }

    init(pool: DatabasePool, path: String) throws {
        self.pool = pool
        self.path = path
        (nextSeq, head) = try pool.read { db in
            let lastSeq = max(
                try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0)
            let head = try String.fetchOne(db, sql: "SELECT hash FROM event ORDER BY seq DESC LIMIT 1")
                ?? TraceEvent.genesisHash
            return (lastSeq + 1, head)
        }
    }

    /// Registered before it returns, so no commit after the call can be missed.
    func subscribe() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unregister(id) } }
        return stream
    }

    private func unregister(_ id: UUID) { subscribers[id] = nil }

    /// Wakes every subscriber as a commit would (an operator's "sync now").
    func nudge() { for c in subscribers.values { c.yield() } }

    func append(_ event: Entry) async throws -> TraceEvent {
        if let refusal { throw refusal }
        if flushing {
            return try await withCheckedThrowingContinuation { pending.append((event, $0)) }
        }
        // This caller leads: commit its own event, then whatever arrived meanwhile, until none is left.
        flushing = true
        defer { endLead() }
        // Let producers that are ready run first, so their events join this commit instead of each
        // leading a commit of one (costs microseconds when idle; halves the commits under load).
        await Task.yield()
        let first = pending
        pending = []
        var mine: Result<[TraceEvent], any Error>
        do {
            let stored = try await commitGroup([event] + first.map(\.0))
            for (i, (_, c)) in first.enumerated() { c.resume(returning: stored[i + 1]) }
            mine = .success(stored)
        } catch {
            for (_, c) in first { c.resume(throwing: error) }
            mine = .failure(error)
        }
        await commitPending()
        return try mine.get()[0]
    }

    /// Commits what arrived while the leader was busy, in groups, until nothing is left (the leader only).
    func commitPending() async {
        while !pending.isEmpty {
            // Under load (reads arrived during the last commit) wait a moment for more, so one fsync covers
            // many reads; a lone read at low rates is committed at once.
            try? await Task.sleep(for: Self.groupWindow)
            let group = pending
            pending = []
            do {
                let stored = try await commitGroup(group.map(\.0))
                for (i, (_, c)) in group.enumerated() { c.resume(returning: stored[i]) }
            } catch {
                for (_, c) in group { c.resume(throwing: error) }
            }
        }
    }

    /// Becomes the leader for work other than appends (compaction): waits until no commit is running, so
    /// that `nextSeq` and `head` cannot change under it. Appends that arrive meanwhile wait in `pending`.
    func beginExclusive() async {
        while flushing {
            await withCheckedContinuation { leaderWaiters.append($0) }
        }
        flushing = true
    }

    /// Ends a lead: the next waiting exclusive task may take over (appends start their own).
    func endLead() {
        flushing = false
        if !leaderWaiters.isEmpty { leaderWaiters.removeFirst().resume() }
    }

    private func commitGroup(_ events: [Entry]) async throws -> [TraceEvent] {
        let startSeq = nextSeq
        let startHead = head
        let result: (stored: [TraceEvent], nextSeq: Int64, head: String)
        do {
            result = try await pool.write { db in try Self.insert(events, db: db, seq: startSeq, head: startHead) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError(.diskFull, "the disk is full: the read was NOT captured; free space on the data partition", path: path, cause: error)
        } catch {
            throw StoreError(.write, "could not commit to the database: the read was NOT captured", path: path, cause: error)
        }
        nextSeq = result.nextSeq
        head = result.head
        commits += 1
        // What the commit adds on disk, roughly: the rows and their index entries, and the WAL frames of the
        // pages it touched (at least a leaf page and an index page per commit).
        writtenSinceMeasure += events.reduce(Int64(2 * 4096)) { $0 + Int64($1.1.count) * 2 }
        if writtenSinceMeasure >= ringAfterBytes {
            ringAfterBytes = .max
            maintenanceBell.ring()
        }
        for c in subscribers.values { c.yield() }
        return result.stored
    }

    /// Inserts `events` after `head` from `seq` on, in the caller's transaction; an event whose `eventID` is
    /// already stored is returned as stored and uses up no seq.
    static func insert(_ events: [Entry], db: Database, seq startSeq: Int64, head startHead: String) throws
        -> (stored: [TraceEvent], nextSeq: Int64, head: String)
    {
        var seq = startSeq
        var head = startHead
        var stored: [TraceEvent] = []
        stored.reserveCapacity(events.count)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO event(seq, event_id, kind, time_ms, device_id, gtin, lot, serial, sscc, body, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING
            """)
        for (original, canonical) in events {
            var event = original
            event.seq = seq
            let hash = TraceEvent.chainHash(prevHash: head, seq: seq, canonical: canonical)
            try insert.execute(arguments: [
                seq, event.eventID, event.kind.rawValue, event.time.unixMillis, event.device.id,
                event.scan?.gtin, event.scan?.lot, event.scan?.serial, event.scan?.sscc,
                Data(canonical), head, hash,
            ])
            if db.changesCount == 0 {
                // Already stored (same eventID): return the stored event, don't use up a seq. Any other
                // conflict (a seq already taken) fails the statement instead of being skipped: an event
                // must never be reported as stored when it is not.
                guard let existing = try StoreQueries.event(db, eventID: event.eventID) else { throw NotInserted(seq: seq) }
                stored.append(existing)
                continue
            }
            event.prevHash = head
            event.hash = hash
            stored.append(event)
            head = hash
            seq += 1
        }
        if seq > startSeq {
            try db.cachedStatement(sql: "UPDATE meta SET value = value + ? WHERE key = 'event_count'")
                .execute(arguments: [seq - startSeq])
        }
        return (stored, seq, head)
    }
}

/// An insert that changed nothing although no event with its eventID is stored.
struct NotInserted: Error, CustomStringConvertible {
    var seq: Int64
    var description: String { "the event was not inserted at seq \(seq), and no event with its eventID is stored" }
}
