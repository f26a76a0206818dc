import CSQLite
import Foundation
import TraceModel
import TraceStore

/// Outbox append rate (group commit, chain, canonical JSON, synchronous=FULL) vs. a raw SQLite C loop
/// inserting the same rows into the same schema with one prepared statement.
enum IngestBenchmark {
    static func run(dir: String, events count: Int) async throws {
        let events = Workload.events(count)
        // Outbox, fed by 64 concurrent producers (devices/pipelines), as the daemon would be under load.
        let path = dir + "/ingest.sqlite"
        let store = try TraceStore.open(path: path)
        let producers = Int(ProcessInfo.processInfo.environment["BENCH_PRODUCERS"] ?? "") ?? 64
        let start = Bench.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for p in 0..<producers {
                group.addTask {
                    var i = p
                    while i < events.count {
                        try await store.append(events[i])
                        i += producers
                    }
                }
            }
            try await group.waitForAll()
        }
        let outboxNs = Bench.now() - start
        let commits = await store.commitCount()
        try store.close()

        // The same rows, raw: read back what the outbox stored, insert into a fresh copy of the schema.
        let rows = try readRows(path)
        let rawPath = dir + "/raw.sqlite"
        try copySchema(from: path, to: rawPath)
        let rawFull = try rawInsert(rows, path: rawPath, synchronous: "FULL", perTransaction: 1000)
        try? FileManager.default.removeItem(atPath: rawPath)
        try copySchema(from: path, to: rawPath)
        let rawNormal = try rawInsert(rows, path: rawPath, synchronous: "NORMAL", perTransaction: 1000)
        let group = max(1, count / max(commits, 1))
        try? FileManager.default.removeItem(atPath: rawPath)
        try copySchema(from: path, to: rawPath)
        let rawGroup = try rawInsert(rows, path: rawPath, synchronous: "FULL", perTransaction: group)

        let avgBody = rows.reduce(0) { $0 + $1.body.count } / max(rows.count, 1)
        print("ingest: \(count) events (avg body \(avgBody) B), outbox append, \(producers) producers, synchronous=FULL: \(Bench.rate(count, outboxNs))")
        print("ingest: raw SQLite C loop, same rows/schema, 1000/txn, synchronous=FULL:   \(Bench.rate(count, rawFull))")
        print("ingest: raw SQLite C loop, same rows/schema, 1000/txn, synchronous=NORMAL: \(Bench.rate(count, rawNormal))")
        print("ingest: raw SQLite C loop, same rows/schema, \(group)/txn (the outbox's mean group), FULL: \(Bench.rate(count, rawGroup))")
        print("ingest: outbox made \(commits) commits, mean group \(group) events")
        print(String(format: "ingest: outbox / raw(FULL, 1000/txn) = %.2f; outbox / raw(FULL, same group size) = %.2f",
                     Double(rawFull) / Double(outboxNs), Double(rawGroup) / Double(outboxNs)))
        Summary.add("ingest, \(count) events, \(producers) producers",
                    String(format: "outbox %@ vs. raw C loop %@: %.2f×", Bench.rate(count, outboxNs), Bench.rate(count, rawFull),
                           Double(rawFull) / Double(outboxNs)),
                    goal: "≥ 0.5×")
    }

    struct Row {
        var seq: Int64, eventID: String, kind: String, timeMs: Int64, device: String
        var gtin: String?, lot: String?, serial: String?, sscc: String?
        var body: [UInt8], prevHash: String, hash: String
    }

    static func check(_ rc: Int32, _ db: OpaquePointer?, _ what: String) throws {
        guard rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW else {
            throw NSError(domain: "sqlite", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: sqlite3_errmsg(db)))"])
        }
    }

    static func readRows(_ path: String) throws -> [Row] {
        var db: OpaquePointer?
        try check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil), db, "open")
        defer { sqlite3_close(db) }
        var stmt: OpaquePointer?
        try check(sqlite3_prepare_v2(db, "SELECT seq, event_id, kind, time_ms, device_id, gtin, lot, serial, sscc, body, prev_hash, hash FROM event ORDER BY seq", -1, &stmt, nil), db, "prepare")
        defer { sqlite3_finalize(stmt) }
        func text(_ i: Int32) -> String? { sqlite3_column_text(stmt, i).map { String(cString: $0) } }
        var rows: [Row] = []
        while sqlite3_step(stmt) == SQLITE_ROW {
            let n = Int(sqlite3_column_bytes(stmt, 9))
            let body = n > 0 ? Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(stmt, 9), count: n)) : []
            rows.append(Row(seq: sqlite3_column_int64(stmt, 0), eventID: text(1)!, kind: text(2)!, timeMs: sqlite3_column_int64(stmt, 3),
                            device: text(4)!, gtin: text(5), lot: text(6), serial: text(7), sscc: text(8), body: body,
                            prevHash: text(10)!, hash: text(11)!))
        }
        return rows
    }

    static func copySchema(from source: String, to target: String) throws {
        var db: OpaquePointer?
        try check(sqlite3_open_v2(source, &db, SQLITE_OPEN_READONLY, nil), db, "open")
        var stmt: OpaquePointer?
        try check(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE name IN ('event','event_gtin','event_lot','event_serial','event_sscc') ORDER BY type DESC", -1, &stmt, nil), db, "schema")
        var ddl: [String] = []
        while sqlite3_step(stmt) == SQLITE_ROW { ddl.append(String(cString: sqlite3_column_text(stmt, 0))) }
        sqlite3_finalize(stmt)
        sqlite3_close(db)
        var out: OpaquePointer?
        try check(sqlite3_open(target, &out), out, "open target")
        defer { sqlite3_close(out) }
        try check(sqlite3_exec(out, "PRAGMA journal_mode=WAL;" + ddl.joined(separator: ";"), nil, nil, nil), out, "ddl")
    }

    /// Inserts with one prepared statement; returns nanoseconds.
    static func rawInsert(_ rows: [Row], path: String, synchronous: String, perTransaction: Int) throws -> UInt64 {
        var db: OpaquePointer?
        try check(sqlite3_open(path, &db), db, "open")
        defer { sqlite3_close(db) }
        try check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=\(synchronous)", nil, nil, nil), db, "pragma")
        var stmt: OpaquePointer?
        try check(sqlite3_prepare_v2(db, "INSERT INTO event(seq, event_id, kind, time_ms, device_id, gtin, lot, serial, sscc, body, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", -1, &stmt, nil), db, "prepare")
        defer { sqlite3_finalize(stmt) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func bind(_ i: Int32, _ s: String?) {
            if let s { sqlite3_bind_text(stmt, i, s, -1, transient) } else { sqlite3_bind_null(stmt, i) }
        }
        let start = Bench.now()
        var i = 0
        while i < rows.count {
            try check(sqlite3_exec(db, "BEGIN", nil, nil, nil), db, "begin")
            for r in rows[i..<min(i + perTransaction, rows.count)] {
                sqlite3_bind_int64(stmt, 1, r.seq)
                bind(2, r.eventID); bind(3, r.kind)
                sqlite3_bind_int64(stmt, 4, r.timeMs)
                bind(5, r.device); bind(6, r.gtin); bind(7, r.lot); bind(8, r.serial); bind(9, r.sscc)
                _ = r.body.withUnsafeBytes { sqlite3_bind_blob(stmt, 10, $0.baseAddress, Int32($0.count), transient) }
                bind(11, r.prevHash); bind(12, r.hash)
                try check(sqlite3_step(stmt), db, "insert")
                sqlite3_reset(stmt)
            }
            try check(sqlite3_exec(db, "COMMIT", nil, nil, nil), db, "commit")
            i += perTransaction
        }
        return Bench.now() - start
    }
}
