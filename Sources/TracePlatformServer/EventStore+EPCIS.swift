import Foundation
import GRDB

extension EventStore {
    /// Stores captured EPCIS events in one transaction: new eventIDs inserted, known ones counted as
    /// duplicates (and their delivery count raised). Returns (accepted, duplicates).
    func storeEPCIS(_ events: [(id: String, json: String)], now: Date = Date()) throws -> (Int, Int) {
        let receivedAtMs = Int64((now.timeIntervalSince1970 * 1000).rounded())
        return try use { writer in
            try writer.write { db in
                var accepted = 0, duplicates = 0
                let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO epcis_event (eventID, receivedAtMs, json) VALUES (?, ?, ?)")
                let redeliver = try db.cachedStatement(sql: "UPDATE epcis_event SET deliveries = deliveries + 1 WHERE eventID = ?")
                for e in events {
                    try insert.execute(arguments: [e.id, receivedAtMs, e.json])
                    if db.changesCount > 0 {
                        accepted += 1
                    } else {
                        duplicates += 1
                        try redeliver.execute(arguments: [e.id])
                    }
                }
                return (accepted, duplicates)
            }
        }
    }

    /// The captured EPCIS events' JSON in arrival order, and the number of duplicate deliveries.
    func epcisEvents() throws -> (events: [String], duplicates: Int) {
        try use { writer in
            try writer.read { db in
                (try String.fetchAll(db, sql: "SELECT json FROM epcis_event ORDER BY n"),
                 try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(deliveries - 1), 0) FROM epcis_event") ?? 0)
            }
        }
    }
}
