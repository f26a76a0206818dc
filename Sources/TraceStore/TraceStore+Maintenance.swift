import Foundation
import GRDB
import TraceModel

extension TraceStore {
    /// Pages in use plus the WAL, and free space on the file system (DESIGN.md §4).
    public func usage() throws -> DiskUsage {
        let pages = try pool.read { db -> Int64 in
            let count = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            return (count - free) * size
        }
        let fm = FileManager.default
        let wal = ((try? fm.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber)?.int64Value ?? 0
        let free = ((try? fm.attributesOfFileSystem(forPath: path))?[.systemFreeSize] as? NSNumber)?.int64Value
        return DiskUsage(databaseBytes: pages + wal, freeBytes: free)
    }

    /// One pass of the disk-budget policy (see ``DiskBudget`` for the order of steps). Call it periodically
    /// and whenever appends are being refused; it is cheap when there is nothing to do.
    public func maintain(budget: DiskBudget, nowMillis: Int64, summarize: SensorSummarizer? = nil) async throws
        -> MaintenanceReport
    {
        guard let writer else { throw StoreError(.write, "the database was opened read-only", path: path) }
        var report = MaintenanceReport()
        if budget.retentionMillis > 0 {
            report.prunedExpired = try pruneSynced(capturedBefore: nowMillis - budget.retentionMillis)
        }
        var usage = try self.usage()
        if budget.underPressure(usage) {
            // The WAL keeps its high-water size after checkpoints: give that back first.
            releaseFreePages()
            usage = try self.usage()
        }
        var step = 1000
        while budget.underPressure(usage) {
            let n: Int
            do {
                n = try pruneSynced(capturedBefore: nil, limit: step)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
                // A delete needs room in the WAL for the pages it touches. On a full disk: give back what the
                // WAL holds and delete fewer rows at a time (each step frees its pages before the next); when
                // even one row does not fit, give up the space reserve kept for this.
                releaseFreePages()
                if step > 1 {
                    step = max(1, step / 8)
                } else if reserve.release() {
                    report.reserveReleased = true
                } else {
                    throw error
                }
                continue
            }
            if n == 0 { break }
            report.prunedForSpace += n
            usage = try self.usage()
        }
        if budget.underPressure(usage), let summarize {
            // Keep the current interval raw: it is still being filled.
            let done = try await compactSensors(
                beforeMillis: nowMillis - budget.compactionIntervalMillis, intervalMillis: budget.compactionIntervalMillis,
                summarize: summarize)
            report.compactedReadings = done.readings
            report.summaries = done.summaries
            if done.readings > 0 { usage = try self.usage() }
        }
        if !budget.underPressure(usage), !reserve.exists {
            report.reserveRestored = reserve.restore(keepFree: 2 * budget.minFreeBytes)
            if report.reserveRestored { usage = try self.usage() }
        }
        report.usage = usage
        report.refusing = budget.exhausted(usage)
        await writer.refuse(report.refusing ? budgetError(budget, usage) : nil)
        await writer.measured(headroom: budget.headroom(usage))
        return report
    }

    /// Waits up to `timeout` for the writer to ask for a maintenance pass (it has written half the
    /// head-room the last pass measured), so that the budget is enforced during a burst of reads. True
    /// when the writer asked, false after `timeout`.
    @discardableResult
    public func waitForMaintenanceRequest(upTo timeout: Duration) async -> Bool {
        guard let writer else {
            try? await Task.sleep(for: timeout)
            return false
        }
        return await writer.maintenanceBell.wait(timeout: timeout)
    }

    /// Replaces unsynced sensor readings captured before `beforeMillis` by one summary per device and
    /// interval, appended at the end of the chain (the disk budget's third step; see ``DiskBudget``).
    public func compactSensors(beforeMillis: Int64, intervalMillis: Int64, maxReadings: Int = 200_000,
                               summarize: SensorSummarizer) async throws -> (readings: Int, summaries: Int)
    {
        guard let writer else { throw StoreError(.write, "the database was opened read-only", path: path) }
        let done = try await writer.compactSensors(beforeMillis: beforeMillis, intervalMillis: intervalMillis,
                                                   maxReadings: maxReadings, summarize: summarize)
        if done.readings > 0 {
            rewrites.add(1, ordering: .releasing)
            releaseFreePages()
        }
        return done
    }

    /// Whether appends are being refused for want of space.
    public func refusing() async -> Bool {
        await writer?.refusal != nil
    }

    /// Deletes the oldest synced events, in `seq` order, up to the first one captured at or after
    /// `capturedBefore` (nil: of any age), never the newest event (the chain head) and never a quarantined
    /// one (it may still be retried). Returns how many were deleted.
    @discardableResult
    public func pruneSynced(capturedBefore: Int64?, limit: Int = 20_000) throws -> Int {
        let deleted = try pool.write { db -> Int in
            let cursor = try StoreQueries.cursor(db)
            let base = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pruned_through'") ?? 0
            let maxSeq = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT seq, time_ms FROM event WHERE seq > ? AND seq <= ? AND seq < ? ORDER BY seq LIMIT ?
                """, arguments: [base, cursor, maxSeq, limit])
            var through: Int64?
            for row in rows {
                if let capturedBefore, (row["time_ms"] as Int64) >= capturedBefore { break }
                through = row["seq"]
            }
            guard let through else { return 0 }
            // The link that the first event after the pruned history must still match.
            let anchor = try String.fetchOne(db, sql: "SELECT hash FROM event WHERE seq = ?", arguments: [through]) ?? ""
            try db.execute(sql: "DELETE FROM event WHERE seq > ? AND seq <= ? AND seq NOT IN (SELECT seq FROM quarantine)",
                           arguments: [base, through])
            let n = db.changesCount
            try db.execute(sql: "UPDATE meta SET value = value - ? WHERE key = 'event_count'", arguments: [n])
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'pruned_through'", arguments: [through])
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('pruned_hash', ?)", arguments: [anchor])
            try db.execute(sql: "DELETE FROM chain_gap WHERE last_seq <= ?", arguments: [through])
            return n
        }
        if deleted > 0 { releaseFreePages() }
        return deleted
    }

    /// Gives freed pages back to the file system (databases created with `auto_vacuum = INCREMENTAL`) and
    /// shrinks the WAL; best effort. The checkpoint does not wait for readers (busy timeout 0 for its
    /// duration): a TRUNCATE checkpoint waiting on a reader would hold the writer, and every capture
    /// behind it, for the whole busy timeout.
    func releaseFreePages() {
        try? pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum")
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = 5000") }
            _ = try? Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    private func budgetError(_ budget: DiskBudget, _ usage: DiskUsage) -> StoreError {
        let mib = { (b: Int64) in "\(b >> 20) MiB" }
        var what: [String] = []
        if budget.maxDatabaseBytes > 0, usage.databaseBytes >= budget.maxDatabaseBytes {
            what.append("the database holds \(mib(usage.databaseBytes)) of its \(mib(budget.maxDatabaseBytes)) budget (store.max_bytes)")
        }
        if let free = usage.freeBytes, free < budget.minFreeBytes {
            what.append("only \(mib(free)) are free on the disk, below store.min_free_bytes = \(mib(budget.minFreeBytes))")
        }
        return StoreError(.budget, """
            the disk budget is used up by events not yet uploaded (\(what.joined(separator: "; "))): the read was NOT captured; \
            get the upload going (check the upstream in `edgetrace status`) or free space or raise the budget
            """, path: path)
    }
}
