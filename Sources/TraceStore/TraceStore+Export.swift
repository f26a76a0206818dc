import Foundation
import GRDB

/// Streaming reads over the whole store (`edgetrace export`, `edgetrace verify`), one row at a time.
extension TraceStore {
    /// Which events an export covers.
    public struct ExportFilter: Sendable, Hashable {
        /// Capture time from (inclusive), Unix ms.
        public var fromMillis: Int64?
        /// Capture time to (exclusive), Unix ms.
        public var toMillis: Int64?
        /// A GTIN (8–14 digits), lot, serial or SSCC the events must carry.
        public var code: String?

        public init(fromMillis: Int64? = nil, toMillis: Int64? = nil, code: String? = nil) {
            self.fromMillis = fromMillis
            self.toMillis = toMillis
            self.code = code
        }
    }

    /// Calls `body` with each matching event in `seq` order, reading through a cursor (the whole result is
    /// never in memory). `body` may throw to stop.
    public func forEachEvent(_ filter: ExportFilter, _ body: (StoredEvent) throws -> Void) throws {
        var sql = "SELECT seq, event_id, body, prev_hash, hash FROM event WHERE 1"
        var arguments: StatementArguments = []
        if let from = filter.fromMillis { sql += " AND time_ms >= ?"; arguments += [from] }
        if let to = filter.toMillis { sql += " AND time_ms < ?"; arguments += [to] }
        if let code = filter.code {
            let gtin = code.allSatisfy(\.isNumber) && (8...14).contains(code.count)
                ? String(repeating: "0", count: 14 - code.count) + code : code
            sql += " AND (gtin = ? OR lot = ? OR serial = ? OR sscc = ?)"
            arguments += [gtin, code, code, code]
        }
        sql += " ORDER BY seq"
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let data: Data = row["body"]
                try body(StoredEvent(seq: row["seq"], eventID: row["event_id"], body: Array(data),
                                     prevHash: row["prev_hash"], hash: row["hash"]))
            }
        }
    }

    /// The newest `count` events, oldest first (`edgetrace events tail -n`).
    public func lastEvents(_ count: Int) throws -> [StoredEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, event_id, body, prev_hash, hash FROM event ORDER BY seq DESC LIMIT ?",
                             arguments: [count]).reversed().map { row in
                let data: Data = row["body"]
                return StoredEvent(seq: row["seq"], eventID: row["event_id"], body: Array(data), prevHash: row["prev_hash"], hash: row["hash"])
            }
        }
    }
}
