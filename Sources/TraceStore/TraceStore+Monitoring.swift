import Foundation
import GRDB

/// Queue and disk figures for metrics scrapes and the status page: index lookups only, no table scans,
/// so a scrape every few seconds costs the same on a store of any size.
public struct MonitorFigures: Sendable, Hashable, Codable {
    public var lastSeq: Int64
    public var cursor: Int64
    /// Events not yet acknowledged by the platform.
    public var unsynced: Int64
    /// Capture time (ms since epoch) of the oldest unacknowledged event.
    public var oldestUnsyncedMillis: Int64?
    /// Events set aside after the platform refused them.
    public var quarantined: Int64
    /// Database plus WAL file size.
    public var databaseBytes: Int64
    /// Free bytes on the database's file system (nil when unknown).
    public var freeDiskBytes: Int64?
}

extension TraceStore {
    /// The figures of ``MonitorFigures``.
    public func monitorFigures() throws -> MonitorFigures {
        var figures = try pool.read { db in
            let cursor = try StoreQueries.cursor(db)
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
            let lastSeq = max(last, try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0)
            return MonitorFigures(
                lastSeq: lastSeq, cursor: cursor, unsynced: max(0, last - cursor),
                oldestUnsyncedMillis: try Int64.fetchOne(db, sql: "SELECT time_ms FROM event WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [cursor]),
                quarantined: try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine") ?? 0,
                databaseBytes: 0, freeDiskBytes: nil)
        }
        let fm = FileManager.default
        if let free = (try? fm.attributesOfFileSystem(forPath: path))?[.systemFreeSize] as? NSNumber {
            figures.freeDiskBytes = free.int64Value
        }
        for suffix in ["", "-wal"] {
            if let size = (try? fm.attributesOfItem(atPath: path + suffix))?[.size] as? NSNumber {
                figures.databaseBytes += size.int64Value
            }
        }
        return figures
    }
}
