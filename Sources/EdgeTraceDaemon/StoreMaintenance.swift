import EdgeTraceConfig
import Foundation
import Logging
import ServiceLifecycle
import TraceModel
import TraceStore

/// Keeps the outbox inside its disk budget (DESIGN.md §4, ``DiskBudget``): runs the policy at start, every
/// `maintenance_interval_s`, every 2 s while space is short, and as soon as the reads committed since the
/// last pass have used half of the head-room it measured; logs what it deleted or compacted and
/// publishes the figures as the `budget` status record.
struct StoreMaintenance: Service {
    let store: TraceStore
    let budget: DiskBudget
    let interval: Duration
    let summarize: SensorSummarizer?
    let logger: Logger

    /// What `edgetrace status` shows.
    struct Record: Codable {
        var maxBytes: Int64
        var minFreeBytes: Int64
        var retentionDays: Int64
        var databaseBytes: Int64
        var freeBytes: Int64?
        var refusing: Bool
        var refusedSinceMillis: Int64?
        var prunedExpiredTotal: Int
        var prunedForSpaceTotal: Int
        var compactedReadingsTotal: Int
        var lastRunMillis: Int64
    }

    init(store: TraceStore, configuration: EdgeTraceConfiguration.Store, summarize: SensorSummarizer?, logger: Logger) {
        self.store = store
        self.budget = DiskBudget(
            maxDatabaseBytes: Int64(configuration.maxMB) << 20, minFreeBytes: Int64(configuration.minFreeMB) << 20,
            retentionMillis: Int64(configuration.retentionDays) * 86_400_000,
            compactionIntervalMillis: Int64(configuration.sensorCompactionIntervalS) * 1000)
        self.interval = .seconds(configuration.maintenanceIntervalS)
        self.summarize = summarize
        self.logger = logger
    }

    func run() async throws {
        var record = Record(maxBytes: budget.maxDatabaseBytes, minFreeBytes: budget.minFreeBytes,
                            retentionDays: budget.retentionMillis / 86_400_000, databaseBytes: 0, freeBytes: nil,
                            refusing: false, prunedExpiredTotal: 0, prunedForSpaceTotal: 0, compactedReadingsTotal: 0,
                            lastRunMillis: 0)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var short = false
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            do {
                let report = try await store.maintain(budget: budget, nowMillis: now, summarize: summarize)
                note(report, &record, now: now)
                short = report.refusing || budget.underPressure(report.usage)
            } catch {
                // A full disk can make the pass itself fail: try again soon, the reads are refused meanwhile.
                logger.error("the disk-budget check failed; it is retried in 2 s", metadata: ["store.error": "\(error)"])
                short = true
            }
            let pause = short ? Duration.seconds(2) : interval
            // Woken early when a burst of reads has used half the head-room this pass measured.
            let store = self.store
            try? await cancelWhenGracefulShutdown { await store.waitForMaintenanceRequest(upTo: pause) }
        }
    }

    private func note(_ report: MaintenanceReport, _ record: inout Record, now: Int64) {
        if report.prunedExpired > 0 {
            logger.info("synced events past their retention deleted", metadata: ["store.pruned": "\(report.prunedExpired)"])
        }
        if report.prunedForSpace > 0 {
            logger.warning("space is short: synced events deleted before the end of their retention (they are at the platform; local trace history is shorter)",
                           metadata: ["store.pruned": "\(report.prunedForSpace)", "store.bytes": "\(report.usage.databaseBytes)"])
        }
        if report.reserveReleased {
            logger.error("THE DISK IS FULL: SQLite could not even delete, so the space reserve beside the database was released to prune synced history; free space on the data partition (it is written again once there is room)",
                         metadata: ["store.bytes": "\(report.usage.databaseBytes)", "store.free_bytes": "\(report.usage.freeBytes ?? -1)"])
        }
        if report.reserveRestored {
            logger.notice("space is back: the space reserve beside the database is written again")
        }
        if report.compactedReadings > 0 {
            logger.error("space is short: unsynced sensor readings compacted into min/max/mean summaries; the single readings are gone",
                         metadata: ["store.compacted": "\(report.compactedReadings)", "store.summaries": "\(report.summaries)"])
        }
        if report.refusing, !record.refusing {
            logger.error("THE DISK BUDGET IS USED UP by events not yet uploaded: new reads are REFUSED (scanners get a NAK) until the platform takes the backlog or space is freed",
                         metadata: ["store.bytes": "\(report.usage.databaseBytes)", "store.free_bytes": "\(report.usage.freeBytes ?? -1)",
                                    "store.max_bytes": "\(budget.maxDatabaseBytes)", "store.min_free_bytes": "\(budget.minFreeBytes)"])
            record.refusedSinceMillis = now
        } else if !report.refusing, record.refusing {
            logger.notice("space is back within the disk budget: reads are captured again")
            record.refusedSinceMillis = nil
        }
        record.refusing = report.refusing
        record.databaseBytes = report.usage.databaseBytes
        record.freeBytes = report.usage.freeBytes
        record.prunedExpiredTotal += report.prunedExpired
        record.prunedForSpaceTotal += report.prunedForSpace
        record.compactedReadingsTotal += report.compactedReadings
        record.lastRunMillis = now
        if let data = try? JSONEncoder().encode(record) {
            try? store.writeStatus(key: "budget", json: String(decoding: data, as: UTF8.self), nowMillis: now)
        }
    }
}
