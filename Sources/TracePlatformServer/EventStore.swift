import Foundation
import GRDB
import PlatformParsing

/// The platform's SQLite database (WAL): events keyed by `eventID`, and a log of the batches processed.
///
/// Every method blocks on SQLite; the server calls them from a thread pool, never from an event loop.
final class EventStore: Sendable {
    /// What storing one batch did.
    struct Outcome: Sendable, Equatable {
        var accepted: Int
        var duplicates: Int
    }

    private let writer: any DatabaseWriter
    private let gate = UsageGate()

    /// Opens (creating if needed) the database at `path`; `:memory:` keeps it in memory.
    init(path: String) throws {
        if path == ":memory:" {
            writer = try DatabaseQueue()
        } else {
            // eventID is a random hash: its unique index takes inserts all over the file. With SQLite's
            // default 2 MiB page cache a backlog drain spent half its time in the kernel (pread copies and
            // page-cache lookups); a larger cache and memory-mapped reads keep the index in memory.
            // A batch of 500 dirties about 500 index pages; checkpointing every 64 MiB of WAL instead of
            // 4 MiB writes a page changed by several batches back once (drain: 6.5 → 4.5 s of CPU for
            // 300k events).
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA cache_size = -65536")
                try db.execute(sql: "PRAGMA mmap_size = 268435456")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            }
            writer = try DatabasePool(path: path, configuration: configuration)
            // 200 means stored (DESIGN.md §5): a commit that returned must survive a power cut, as on the
            // gateway (GRDB's pool sets NORMAL when it switches to WAL).
            try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        try EventSchema.migrator.migrate(writer)
    }

    /// Waits for the operations under way, then closes the database; later calls throw
    /// ``UsageGate/Closed``. Closing again does nothing.
    func close() throws {
        guard gate.closeAndWait() else { return }
        try writer.close()
    }

    /// Runs `body` on the database unless it is closed.
    func use<T>(_ body: (any DatabaseWriter) throws -> T) throws -> T {
        try gate.enter()
        defer { gate.leave() }
        return try body(writer)
    }

    /// Stores `events` of a batch from `gateway` in one transaction: new eventIDs are inserted,
    /// known ones counted as duplicates (and their delivery count raised); `rejected` is only logged.
    func store(
        gateway: String, events: [DecodedEvent], rejected: Int, idempotencyKey: String?, now: Date = Date()
    ) throws -> Outcome {
        let receivedAtMs = Int64((now.timeIntervalSince1970 * 1000).rounded())
        return try use { writer in
            try writer.write { db in
                try Self.insert(
                    db, gateway: gateway, events: events, rejected: rejected, idempotencyKey: idempotencyKey,
                    receivedAtMs: receivedAtMs)
            }
        }
    }

    private static func insert(
        _ db: Database, gateway: String, events: [DecodedEvent], rejected: Int, idempotencyKey: String?,
        receivedAtMs: Int64
    ) throws -> Outcome {
        var outcome = Outcome(accepted: 0, duplicates: 0)
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO event (eventID, gateway, seq, receivedAtMs, json) VALUES (?, ?, ?, ?, ?)
            """)
        let redeliver = try db.cachedStatement(sql: "UPDATE event SET deliveries = deliveries + 1 WHERE eventID = ?")
        for event in events {
            guard let eventID = event.eventID, let seq = event.seq else { continue }
            try insert.execute(arguments: [eventID, gateway, seq, receivedAtMs, event.json])
            if db.changesCount > 0 {
                outcome.accepted += 1
            } else {
                outcome.duplicates += 1
                try redeliver.execute(arguments: [eventID])
            }
        }
        try db.execute(
            sql: """
                INSERT INTO batch (gateway, receivedAtMs, idempotencyKey, events, accepted, duplicates, rejected)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [gateway, receivedAtMs, idempotencyKey, events.count + rejected,
                        outcome.accepted, outcome.duplicates, rejected])
        return outcome
    }

    /// Events with `seq` greater than `after`, of `gateway` (or all gateways), ordered by `seq`.
    func events(gateway: String?, after: Int64, limit: Int) throws -> [PlatformEvent] {
        let rows = try use { writer in
            try writer.read { db in
                if let gateway {
                    return try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM event WHERE gateway = ? AND seq > ? ORDER BY seq, eventID LIMIT ?",
                        arguments: [gateway, after, limit])
                }
                return try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM event WHERE seq > ? ORDER BY seq, gateway, eventID LIMIT ?",
                    arguments: [after, limit])
            }
        }
        return rows.map { row in
            PlatformEvent(
                eventID: row["eventID"], gateway: row["gateway"], seq: row["seq"],
                receivedAtMs: row["receivedAtMs"], deliveries: row["deliveries"], json: row["json"])
        }
    }

    /// The number of events held for `gateway` (or all gateways).
    func eventCount(gateway: String?) throws -> Int {
        try use { writer in
            try writer.read { db in
                if let gateway {
                    return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE gateway = ?", arguments: [gateway]) ?? 0
                }
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0
            }
        }
    }

    /// The counts of `GET /v1/stats` for `gateway` (or all gateways).
    func stats(gateway: String?) throws -> PlatformStats {
        try use { writer in
            try writer.read { db in try Self.stats(db, gateway: gateway) }
        }
    }

    private static func stats(_ db: Database, gateway: String?) throws -> PlatformStats {
        let filter = gateway == nil ? "" : " WHERE gateway = ?"
        let arguments: StatementArguments = gateway.map { [$0] } ?? []
        let eventRow = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS maxSeq,
                       COALESCE(SUM(deliveries > 1), 0) AS redelivered
                FROM event\(filter)
                """,
            arguments: arguments)
        let batchRow = try Row.fetchOne(
            db,
            sql: "SELECT COUNT(*) AS n, COALESCE(SUM(duplicates), 0) AS duplicates FROM batch\(filter)",
            arguments: arguments)
        let doubled = try Int.fetchOne(
            db,
            sql: "SELECT COUNT(*) FROM (SELECT eventID FROM event\(filter) GROUP BY eventID HAVING COUNT(*) > 1)",
            arguments: arguments) ?? 0
        return PlatformStats(
            events: eventRow?["n"] ?? 0,
            duplicatesReceived: batchRow?["duplicates"] ?? 0,
            batches: batchRow?["n"] ?? 0,
            maxSeq: eventRow?["maxSeq"] ?? 0,
            redeliveredEvents: eventRow?["redelivered"] ?? 0,
            doubleDelivered: doubled)
    }
}
