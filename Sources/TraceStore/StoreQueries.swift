import Foundation
import GRDB
import TraceModel

/// SQL shared by the reading and writing sides.
enum StoreQueries {
    static let decoder = JSONDecoder()

    static func event(_ db: Database, eventID: String) throws -> TraceEvent? {
        try Row.fetchOne(db, sql: "SELECT seq, body, prev_hash, hash FROM event WHERE event_id = ?", arguments: [eventID])
            .map(decode)
    }

    static func decode(_ row: Row) throws -> TraceEvent {
        let body: Data = row["body"]
        var event = try decoder.decode(TraceEvent.self, from: body)
        event.seq = row["seq"]
        event.prevHash = row["prev_hash"]
        event.hash = row["hash"]
        return event
    }

    /// Events carrying `column` = ?, oldest first, at most ?: an index walk, no sort (a test checks the plan).
    static func traceSQL(column: String, select: String = eventColumns) -> String {
        "SELECT \(select) FROM event WHERE \(column) = ? ORDER BY seq LIMIT ?"
    }

    /// The columns ``decode(_:)`` reads.
    static let eventColumns = "seq, body, prev_hash, hash"

    /// What a line of `edgetrace trace` shows: the indexed columns, and three members of the body read by
    /// SQLite's JSON functions (decoding 1000 events with JSONDecoder was most of a trace's time).
    static let traceLineColumns = """
        seq, kind, device_id, gtin, lot, serial, sscc, json_extract(CAST(body AS TEXT), '$.time'), \
        json_extract(CAST(body AS TEXT), '$.scan.expiry'), json_extract(CAST(body AS TEXT), '$.context.bizStep')
        """

    static func cursor(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'upload_cursor'") ?? 0
    }
}

extension TraceStore {
    /// The newest `seq` acknowledged by the platform (or quarantined); the upload cursor.
    public func cursor() throws -> Int64 {
        try pool.read(StoreQueries.cursor)
    }

    /// Up to `limit` events after `seq`, in order.
    /// The batch ends early with the event whose body brings the total to `maxBytes` (at least one event).
    public func batch(after seq: Int64, limit: Int, maxBytes: Int = .max) throws -> [StoredEvent] {
        // A cursor and the blob read in place: each body is copied once, into its event (the uploader
        // holds two batches during a backlog drain).
        try pool.read { db in
            var events: [StoredEvent] = []
            events.reserveCapacity(limit)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, event_id, body, prev_hash, hash FROM event WHERE seq > ? ORDER BY seq LIMIT ?
                """, arguments: [seq, limit])
            var bytes = 0
            while bytes < maxBytes, let row = try rows.next() {
                let body = try row.withUnsafeData(atIndex: 2) { data in data.map { Array($0) } ?? [] }
                bytes += body.count
                events.append(StoredEvent(seq: row[0], eventID: row[1], body: body, prevHash: row[3], hash: row[4]))
            }
            return events
        }
    }

    /// Moves the cursor forward to `seq` (never back) and quarantines the given events with their reasons,
    /// in one transaction.
    public func acknowledge(through seq: Int64, quarantine: [(seq: Int64, eventID: String, reason: String)] = [],
                            source: String = "platform", nowMillis: Int64) throws {
        let entries = quarantine.map { [$0.seq, $0.eventID, $0.reason] as [any DatabaseValueConvertible] }
        try pool.write { db in
            for e in entries {
                try db.execute(sql: "INSERT OR REPLACE INTO quarantine(seq, event_id, reason, source, at_ms) VALUES (?, ?, ?, ?, ?)",
                               arguments: StatementArguments(e + [source, nowMillis]))
            }
            try db.execute(sql: "UPDATE meta SET value = MAX(value, ?) WHERE key = 'upload_cursor'", arguments: [seq])
        }
    }

    /// Everything set aside, newest first.
    public func quarantined(limit: Int = 1000) throws -> [QuarantineEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, event_id, reason, source, at_ms, state FROM quarantine ORDER BY seq DESC LIMIT ?",
                             arguments: [limit]).map {
                QuarantineEntry(seq: $0["seq"], eventID: $0["event_id"], reason: $0["reason"], source: $0["source"], atMillis: $0["at_ms"],
                                state: $0["state"])
            }
        }
    }

    /// The stored event with this `seq`.
    public func event(seq: Int64) throws -> TraceEvent? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, body, prev_hash, hash FROM event WHERE seq = ?", arguments: [seq])
                .map(StoreQueries.decode)
        }
    }

    /// All local events that carry this code as GTIN, lot, serial or SSCC (a GTIN may be given with 8–14 digits).
    public func trace(code: String, limit: Int = 1000) throws -> [TraceEvent] {
        try traceRows(code: code, limit: limit, select: StoreQueries.eventColumns, make: StoreQueries.decode)
    }

    /// What `edgetrace trace` prints of the events ``trace(code:limit:)`` finds, without decoding them.
    public func traceLines(code: String, limit: Int = 1000) throws -> [TraceLine] {
        try traceRows(code: code, limit: limit, select: StoreQueries.traceLineColumns) { row in
            TraceLine(seq: row[0], kind: row[1], deviceID: row[2], gtin: row[3], lot: row[4], serial: row[5],
                      sscc: row[6], time: row[7] ?? "", expiry: row[8], bizStep: row[9])
        }
    }

    /// The rows (columns `select`, `seq` first) of the events carrying `code`, oldest first, at most `limit`.
    ///
    /// One query per key column, each walking its index in seq order (an index on a column also holds the
    /// rowid, which is seq) and stopping at `limit`. A single `… OR … ORDER BY seq` collects every match
    /// and sorts it: millions of rows for a GTIN in a long history.
    private func traceRows<T>(code: String, limit: Int, select: String, make: (Row) throws -> T) throws -> [T] {
        try pool.read { db in
            var found: [Int64: T] = [:]
            for (column, value) in Self.traceKeys(code) {
                let rows = try Row.fetchCursor(db, sql: StoreQueries.traceSQL(column: column, select: select), arguments: [value, limit])
                while let row = try rows.next() {
                    let seq: Int64 = row[0]
                    if found[seq] == nil { found[seq] = try make(row) }
                }
            }
            return found.keys.sorted().prefix(limit).compactMap { found[$0] }
        }
    }

    /// The columns a code is looked up in, with the value for each (a GTIN of 8–13 digits is padded to 14).
    static func traceKeys(_ code: String) -> [(column: String, value: String)] {
        let gtin = code.allSatisfy(\.isNumber) && (8...14).contains(code.count)
            ? String(repeating: "0", count: 14 - code.count) + code : code
        return [("gtin", gtin), ("lot", code), ("serial", code), ("sscc", code)]
    }

    /// Events not yet acknowledged, from two index lookups (seqs are gapless and only synced events are
    /// ever deleted), for periodic reporting where `stats()`'s counts would scan the table.
    public func queueDepth() throws -> (lastSeq: Int64, unsynced: Int64) {
        try pool.read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
            let cursor = try StoreQueries.cursor(db)
            return (last, max(0, last - cursor))
        }
    }

    /// Figures for `edgetrace status`.
    public func stats() throws -> StoreStats {
        var stats = try pool.read { db in
            let cursor = try StoreQueries.cursor(db)
            let lastSeq = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0
            return StoreStats(
                events: try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'event_count'")
                    ?? Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0,
                lastSeq: lastSeq,
                cursor: cursor,
                unsynced: try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE seq > ?", arguments: [cursor]) ?? 0,
                oldestUnsyncedMillis: try Int64.fetchOne(db, sql: "SELECT time_ms FROM event WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [cursor]),
                quarantined: try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine WHERE state != 'discarded'") ?? 0,
                databaseBytes: 0)
        }
        let fm = FileManager.default
        if let free = (try? fm.attributesOfFileSystem(forPath: path))?[.systemFreeSize] as? NSNumber {
            stats.freeDiskBytes = free.int64Value
        }
        for suffix in ["", "-wal"] {
            if let size = (try? fm.attributesOfItem(atPath: path + suffix))?[.size] as? NSNumber {
                stats.databaseBytes += size.int64Value
            }
        }
        return stats
    }

    /// Walks the hash chain from `fromSeq`; returns the first seq whose links do not match, or nil when intact.
    ///
    /// Pruned synced history (up to `pruned_through`) leaves events that are each checked on their own
    /// (quarantined events are kept); the chain is followed from there. A run of compacted sensor readings is
    /// crossed only through its `chain_gap` record, so an event removed any other way breaks the chain.
    public func verifyChain(fromSeq: Int64 = 1) throws -> Int64? {
        try pool.read { db in try Self.verifyChain(db, fromSeq: fromSeq) }
    }

    /// ``verifyChain(fromSeq:)`` on any connection (a backup copy is checked through its own).
    static func verifyChain(_ db: Database, fromSeq: Int64) throws -> Int64? {
        do {
            let base = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pruned_through'") ?? 0
            var gaps: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT prev_hash, last_hash FROM chain_gap") {
                gaps[row["prev_hash"], default: []].insert(row["last_hash"])
            }
            // From the start, the first link is anchored too: the genesis, or the last pruned event's hash.
            var expectedPrev: String? = nil
            if fromSeq <= base + 1 {
                expectedPrev = base == 0 ? TraceEvent.genesisHash
                    : try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pruned_hash'")
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, body, prev_hash, hash FROM event WHERE seq >= ? ORDER BY seq",
                                           arguments: [fromSeq])
            while let row = try rows.next() {
                let seq: Int64 = row["seq"]
                let prev: String = row["prev_hash"]
                let hash: String = row["hash"]
                let body: Data = row["body"]
                if TraceEvent.chainHash(prevHash: prev, seq: seq, canonical: Array(body)) != hash { return seq }
                if seq <= base { continue }
                if let expectedPrev, expectedPrev != prev, gaps[expectedPrev]?.contains(prev) != true { return seq }
                expectedPrev = hash
            }
            return nil
        }
    }

    /// Saves a status record (JSON text) for the CLI to read.
    public func writeStatus(key: String, json: String, nowMillis: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO status(key, value, updated_ms) VALUES (?, ?, ?)",
                           arguments: [key, json, nowMillis])
        }
    }

    /// All status records: key → (JSON text, updated ms).
    public func readStatus() throws -> [String: (json: String, updatedMillis: Int64)] {
        try pool.read { db in
            var out: [String: (json: String, updatedMillis: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value, updated_ms FROM status") {
                out[row["key"]] = (row["value"], row["updated_ms"])
            }
            return out
        }
    }
}
