import Foundation
import GRDB
import TraceModel

/// Folds a run of sensor readings of one device and interval into one summary event, or nil to leave
/// them as they are. The summary's `seq` and chain links are set by the store.
public typealias SensorSummarizer = @Sendable (_ readings: [TraceEvent]) -> TraceEvent?

extension EventWriter {
    /// Replaces unsynced sensor readings captured before `beforeMillis` by one summary per device and
    /// `intervalMillis`, appended at the end of the chain. The removed links are recorded in `chain_gap`,
    /// so that ``TraceStore/verifyChain(fromSeq:)`` can still prove that nothing else changed.
    /// Runs in the writer, so that `seq` and the chain head stay its own.
    func compactSensors(beforeMillis: Int64, intervalMillis: Int64, maxReadings: Int, summarize: SensorSummarizer)
        async throws -> (readings: Int, summaries: Int)
    {
        // Lead the writer for the whole pass: an append committing while the transaction runs would move
        // `nextSeq` and `head` under it (that lost appends: they were given a seq already taken).
        await beginExclusive()
        let outcome: Result<(readings: Int, summaries: Int), any Error>
        do {
            outcome = .success(try await compactSensorsExclusively(
                beforeMillis: beforeMillis, intervalMillis: intervalMillis, maxReadings: maxReadings, summarize: summarize))
        } catch {
            outcome = .failure(error)
        }
        await commitPending()
        endLead()
        return try outcome.get()
    }

    private func compactSensorsExclusively(beforeMillis: Int64, intervalMillis: Int64, maxReadings: Int, summarize: SensorSummarizer)
        async throws -> (readings: Int, summaries: Int)
    {
        let startSeq = nextSeq
        let startHead = head
        let interval = max(1, intervalMillis)
        let result: (readings: Int, summaries: Int, nextSeq: Int64, head: String)
        do {
            result = try await pool.write { db in
                let cursor = try StoreQueries.cursor(db)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT seq, device_id, time_ms, body, prev_hash, hash FROM event
                    WHERE seq > ? AND kind = 'sensor' AND time_ms < ? ORDER BY seq LIMIT ?
                    """, arguments: [cursor, beforeMillis, maxReadings])
                // Group by device and interval, keeping capture order inside a group.
                var groups: [String: [Row]] = [:]
                var order: [String] = []
                for row in rows {
                    let device: String = row["device_id"]
                    let time: Int64 = row["time_ms"]
                    let key = "\(device)\u{0}\(time >= 0 ? time / interval : (time - interval + 1) / interval)"
                    if groups[key] == nil { order.append(key) }
                    groups[key, default: []].append(row)
                }
                var removed: [Row] = []
                var summaries: [Entry] = []
                for key in order {
                    guard let group = groups[key], group.count >= 2 else { continue }
                    let events = try group.map(StoreQueries.decode)
                    guard let summary = summarize(events) else { continue }
                    summaries.append((summary, try summary.canonicalBytes()))
                    removed += group
                }
                guard !summaries.isEmpty else { return (0, 0, startSeq, startHead) }
                removed.sort { ($0["seq"] as Int64) < ($1["seq"] as Int64) }
                let delete = try db.cachedStatement(sql: "DELETE FROM event WHERE seq = ?")
                for row in removed { try delete.execute(arguments: [row["seq"] as Int64]) }
                try db.execute(sql: "UPDATE meta SET value = value - ? WHERE key = 'event_count'", arguments: [removed.count])
                try Self.recordGaps(removed, db: db)
                let inserted = try Self.insert(summaries, db: db, seq: startSeq, head: startHead)
                return (removed.count, summaries.count, inserted.nextSeq, inserted.head)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError(.diskFull, "the disk is full: sensor readings could not be compacted", path: path, cause: error)
        }
        nextSeq = result.nextSeq
        head = result.head
        return (result.readings, result.summaries)
    }

    /// Records each run of removed events (no remaining event between them) as one gap from the hash before
    /// the run to the hash of its last event, merged with gaps it touches.
    static func recordGaps(_ removed: [Row], db: Database) throws {
        var runs: [(first: Int64, last: Int64, prevHash: String, lastHash: String)] = []
        for row in removed {
            let seq: Int64 = row["seq"]
            let prev: String = row["prev_hash"]
            let hash: String = row["hash"]
            if let run = runs.last {
                let between = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM event WHERE seq > ? AND seq < ?)",
                                                arguments: [run.last, seq]) ?? true
                if !between {
                    runs[runs.count - 1].last = seq
                    runs[runs.count - 1].lastHash = hash
                    continue
                }
            }
            runs.append((seq, seq, prev, hash))
        }
        for var run in runs {
            // A gap ending where this run starts, or starting where it ends, becomes part of it.
            if let before = try Row.fetchOne(db, sql: "SELECT first_seq, prev_hash FROM chain_gap WHERE last_hash = ?",
                                             arguments: [run.prevHash]) {
                run.first = before["first_seq"]
                run.prevHash = before["prev_hash"]
                try db.execute(sql: "DELETE FROM chain_gap WHERE first_seq = ?", arguments: [run.first])
            }
            if let after = try Row.fetchOne(db, sql: "SELECT first_seq, last_seq, last_hash FROM chain_gap WHERE prev_hash = ?",
                                            arguments: [run.lastHash]) {
                run.last = after["last_seq"]
                run.lastHash = after["last_hash"]
                try db.execute(sql: "DELETE FROM chain_gap WHERE first_seq = ?", arguments: [after["first_seq"] as Int64])
            }
            try db.execute(sql: "INSERT INTO chain_gap(first_seq, last_seq, prev_hash, last_hash) VALUES (?, ?, ?, ?)",
                           arguments: [run.first, run.last, run.prevHash, run.lastHash])
        }
    }
}
