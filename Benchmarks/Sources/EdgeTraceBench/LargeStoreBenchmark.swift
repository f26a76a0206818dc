import CSQLite
import Foundation
import TraceModel
import TraceStore

/// A store with a long history (issue 7: ten million events kept for local trace queries): `edgetrace status`
/// and `edgetrace trace CODE` latency (the real CLI processes, start-up included) and the append rate, first
/// with `base` events filled through the outbox, then with the history multiplied by `factor` in SQL
/// (copies of the same rows with their codes suffixed, so index sizes and selectivities grow as in life).
enum LargeStoreBenchmark {
    static func run(dir: String, base: Int, factor: Int) async throws {
        let path = dir + "/large.sqlite"
        let filler = Process()
        filler.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        filler.arguments = ["fill", path, String(base)]
        try filler.run()
        filler.waitUntilExit()
        try setCursor(path, unsynced: 10_000)
        try await measure(path: path, label: "\(base / 1_000_000)M", nextEvent: base, suffix: "")
        let start = Bench.now()
        try amplify(path, base: base, factor: factor)
        print(String(format: "large store: history grown to %d events in %.0f s (SQL copies)", base * factor, Double(Bench.now() - start) / 1e9))
        try setCursor(path, unsynced: 10_000)
        // Codes of the copies carry "~k": look up ones from the middle copy.
        try await measure(path: path, label: "\(base * factor / 1_000_000)M", nextEvent: base * factor + 100_000,
                          sample: base, suffix: "~\(factor / 2)")
    }

    static func measure(path: String, label: String, nextEvent: Int, sample: Int? = nil, suffix: String) async throws {
        let middle = (sample ?? nextEvent) / 2
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        let status = try cliMedian(["status", "--db", path])
        let serial = try cliMedian(["trace", "S\(middle)\(suffix)", "--db", path])
        let lot = try cliMedian(["trace", "L\(middle / 1000)\(suffix)", "--db", path])
        let gtin = try cliMedian(["trace", Workload.gtins[0], "--db", path, "--limit", "100"])
        // Appends on top of the history: 20k events, 64 producers.
        let events = Workload.events(nextEvent..<(nextEvent + 20_000))
        let store = try TraceStore.open(path: path)
        let t0 = Bench.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for p in 0..<64 {
                group.addTask {
                    var i = p
                    while i < events.count { try await store.append(events[i]); i += 64 }
                }
            }
            try await group.waitForAll()
        }
        let ingest = Bench.rate(events.count, Bench.now() - t0)
        try store.close()
        print(String(format: "large store %@ events (%.1f GiB): status %.0f ms, trace serial %.0f ms, trace lot (1000 events) %.0f ms, trace GTIN (first 100) %.0f ms; append %@",
                     label, Double(size) / Double(1 << 30), status, serial, lot, gtin, ingest))
        Summary.add("store of \(label) events", String(format: "status %.0f ms, trace %.0f ms (lot of 1000: %.0f ms); append %@", status, serial, lot, ingest),
                    goal: "status < 100 ms, trace < 50 ms")
    }

    /// Median wall time of 5 runs of the release `edgetrace` CLI, in ms.
    static func cliMedian(_ arguments: [String]) throws -> Double {
        var samples: [Double] = []
        for _ in 0..<5 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: DaemonBenchmark.binDirectory + "/edgetrace")
            p.arguments = arguments
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let t0 = Bench.now()
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw BenchError("edgetrace \(arguments.joined(separator: " ")) failed") }
            samples.append(Double(Bench.now() - t0) / 1e6)
        }
        return samples.sorted()[samples.count / 2]
    }

    static func amplify(_ path: String, base: Int, factor: Int) throws {
        try withDatabase(path) { db in
            try exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF")
            for k in 1..<factor {
                try exec(db, """
                    INSERT INTO event(event_id, kind, time_ms, device_id, gtin, lot, serial, sscc, body, prev_hash, hash)
                    SELECT event_id || '~\(k)', kind, time_ms + \(k * base), device_id, gtin, lot || '~\(k)', serial || '~\(k)', sscc,
                           body, prev_hash, hash
                    FROM event WHERE seq <= \(base)
                    """)
            }
            try exec(db, "UPDATE meta SET value = (SELECT COUNT(*) FROM event) WHERE key = 'event_count'")
            try exec(db, "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    static func setCursor(_ path: String, unsynced: Int) throws {
        try withDatabase(path) { db in
            try exec(db, "UPDATE meta SET value = MAX(0, (SELECT MAX(seq) FROM event) - \(unsynced)) WHERE key = 'upload_cursor'")
        }
    }

    static func withDatabase(_ path: String, _ body: (OpaquePointer) throws -> Void) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_busy_timeout(db, 10_000)
        try body(db)
    }

    static func exec(_ db: OpaquePointer, _ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "?"
            sqlite3_free(error)
            throw BenchError("SQL failed: \(message)")
        }
    }
}
