import EdgeTraceConfig
import Foundation
import Logging
import ServiceLifecycle
import SystemSupport
import TraceStore

/// Takes a consistent, checked copy of the database every `[backup] interval_h` into `[backup] dir` and
/// keeps the newest `keep` copies (``BackupRotation``). The first copy is taken at start when none is
/// recent enough. The result is in the status table (`backup`) for `edgetrace status`.
struct BackupScheduler: Service {
    let store: TraceStore
    let settings: EdgeTraceConfiguration.Backup
    let logger: Logger

    struct Report: Codable {
        var dir: String
        var lastFile: String?
        var lastMillis: Int64?
        var lastEvents: Int64?
        var lastError: String?
        var lastErrorMillis: Int64?
        var kept: Int
    }

    func run() async throws {
        let interval = Int64(settings.intervalH) * 3_600_000
        var report = Report(dir: settings.dir, kept: 0)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let now = Self.nowMillis()
            let delay = BackupRotation.delayMillis(newestMillis: newestCopyMillis(), intervalMillis: interval, nowMillis: now)
            if delay > 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(delay)) }
                continue
            }
            let destination = (settings.dir as NSString).appendingPathComponent(BackupRotation.fileName(millis: now))
            let store = self.store
            do {
                try FileManager.default.createDirectory(atPath: settings.dir, withIntermediateDirectories: true)
                let check = try await DedicatedThread.run { try store.backup(to: destination) }
                report.lastFile = destination
                report.lastMillis = now
                report.lastEvents = check.events
                report.lastError = nil
                report.kept = rotate()
                logger.info("database backed up", metadata: ["backup.file": "\(destination)", "backup.events": "\(check.events)",
                                                              "backup.kept": "\(report.kept)"])
                write(report)
            } catch {
                report.lastError = "\(error)"
                report.lastErrorMillis = now
                write(report)
                logger.error("SCHEDULED BACKUP FAILED: check that [backup] dir is mounted and writable; retrying in 10 minutes",
                             metadata: ["backup.dir": "\(settings.dir)", "backup.error": "\(error)"])
                let pause = min(interval, 600_000)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(pause)) }
            }
        }
    }

    private func copies() -> [String] {
        BackupRotation.copies((try? FileManager.default.contentsOfDirectory(atPath: settings.dir)) ?? [])
    }

    private func newestCopyMillis() -> Int64? {
        guard let newest = copies().last,
              let date = (try? FileManager.default.attributesOfItem(atPath: (settings.dir as NSString).appendingPathComponent(newest)))?[.modificationDate] as? Date
        else { return nil }
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    /// Deletes the copies beyond `keep`; returns how many remain.
    private func rotate() -> Int {
        let names = copies()
        for name in BackupRotation.toDelete(names, keep: settings.keep) {
            let path = (settings.dir as NSString).appendingPathComponent(name)
            do {
                try FileManager.default.removeItem(atPath: path)
                logger.info("old backup deleted", metadata: ["backup.file": "\(path)"])
            } catch {
                logger.warning("cannot delete an old backup", metadata: ["backup.file": "\(path)", "backup.error": "\(error)"])
            }
        }
        return copies().count
    }

    private func write(_ report: Report) {
        guard let data = try? JSONEncoder().encode(report) else { return }
        try? store.writeStatus(key: "backup", json: String(decoding: data, as: UTF8.self), nowMillis: Self.nowMillis())
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
