import Foundation
import GRDB

/// Consistent copies of the outbox while the daemon runs, and their checks (`edgetrace backup|restore`,
/// the daemon's `[backup]` schedule).
extension TraceStore {
    /// What a checked copy holds.
    public struct BackupCheck: Sendable, Hashable, Codable {
        /// The copy's file.
        public var path: String
        /// Events in it.
        public var events: Int64
        /// Its newest seq.
        public var lastSeq: Int64
        /// Its upload cursor.
        public var cursor: Int64
        /// Size of the file in bytes.
        public var bytes: Int64
    }

    /// Writes a consistent copy of the database to `destination` (`VACUUM INTO` on a read connection: a
    /// snapshot, the writer is never blocked), checks it (``checkCopy(path:)``), sets mode 0640 and only
    /// then gives it its name. Refuses to overwrite an existing file.
    @discardableResult
    public func backup(to destination: String) throws -> BackupCheck {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: destination) else {
            throw StoreError(.write, "\(destination) already exists; choose a new file name (a backup never overwrites)", path: path)
        }
        let partial = destination + ".partial"
        try? fm.removeItem(atPath: partial)
        do {
            try pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial]) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            try? fm.removeItem(atPath: partial)
            throw StoreError(.diskFull, "the backup destination is full; nothing was written to \(destination)", path: path, cause: error)
        } catch {
            try? fm.removeItem(atPath: partial)
            throw StoreError(.write, "cannot write the backup to \(destination) (does the directory exist and is it writable?)", path: path, cause: error)
        }
        do {
            try fm.setAttributes([.posixPermissions: 0o640], ofItemAtPath: partial)
            _ = try Self.checkCopy(path: partial)
            try fm.moveItem(atPath: partial, toPath: destination)
        } catch {
            try? fm.removeItem(atPath: partial)
            throw error
        }
        return try Self.checkCopy(path: destination)
    }

    /// Checks a copy of the database: it opens read-only, passes `PRAGMA quick_check`, has the EdgeTrace
    /// schema, and its hash chain is intact. Throws a ``StoreError`` (`corrupt` or `chainBroken`) saying what is wrong.
    public static func checkCopy(path: String) throws -> BackupCheck {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.open, "no such file", path: path)
        }
        var config = Configuration()
        config.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError(.corrupt, "cannot open the copy as a database", path: path, cause: error)
        }
        defer { try? queue.close() }
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        do {
            return try queue.read { db in
                let result = try String.fetchOne(db, sql: "PRAGMA quick_check")
                guard result == "ok" else {
                    throw StoreError(.corrupt, "the copy failed its integrity check (\(result ?? "no answer"))", path: path)
                }
                guard try db.tableExists("event"), try db.tableExists("meta") else {
                    throw StoreError(.corrupt, "not an EdgeTrace database (no event table)", path: path)
                }
                if let broken = try verifyChain(db, fromSeq: 1) {
                    throw StoreError(.chainBroken, "the copy's hash chain is broken at event #\(broken): it was altered after capture", path: path)
                }
                return BackupCheck(
                    path: path, events: try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0,
                    lastSeq: try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0,
                    cursor: try StoreQueries.cursor(db), bytes: bytes)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw StoreError(.corrupt, "the copy is corrupt or not a database", path: path, cause: error)
        } catch {
            throw StoreError(.read, "cannot read the copy", path: path, cause: error)
        }
    }

    /// Puts a checked copy in place of the database at `databasePath` (the daemon must be stopped): the
    /// copy is checked first (``checkCopy(path:)``); the current database and its -wal/-shm are moved aside
    /// to `DATABASE.replaced-STAMP`; the copy is copied in (mode 0640). Returns where the old database went (nil
    /// when there was none).
    public static func restore(from source: String, to databasePath: String, nowMillis: Int64) throws -> (check: BackupCheck, movedAside: String?) {
        let check = try checkCopy(path: source)
        let fm = FileManager.default
        let incoming = databasePath + ".restoring"
        try? fm.removeItem(atPath: incoming)
        do {
            try fm.copyItem(atPath: source, toPath: incoming)
            try fm.setAttributes([.posixPermissions: 0o640], ofItemAtPath: incoming)
        } catch {
            try? fm.removeItem(atPath: incoming)
            throw StoreError(.write, "cannot copy the backup next to the database (is the directory writable?)", path: databasePath, cause: error)
        }
        var movedAside: String? = nil
        if fm.fileExists(atPath: databasePath) {
            // The restored file gets the owner of the one it replaces (the service user), when allowed.
            if let old = try? fm.attributesOfItem(atPath: databasePath) {
                try? fm.setAttributes([.ownerAccountID: old[.ownerAccountID] as Any, .groupOwnerAccountID: old[.groupOwnerAccountID] as Any]
                    .filter { !($0.value is NSNull) }, ofItemAtPath: incoming)
            }
            let stamp = backupStamp(millis: nowMillis)
            let target = "\(databasePath).replaced-\(stamp)"
            do {
                try fm.moveItem(atPath: databasePath, toPath: target)
                for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: databasePath + suffix) {
                    try fm.moveItem(atPath: databasePath + suffix, toPath: target + suffix)
                }
            } catch {
                try? fm.removeItem(atPath: incoming)
                throw StoreError(.write, "cannot move the current database aside; nothing was changed", path: databasePath, cause: error)
            }
            movedAside = target
        }
        do {
            try fm.moveItem(atPath: incoming, toPath: databasePath)
        } catch {
            throw StoreError(.write, "cannot put the restored database in place; the old one is at \(movedAside ?? "(none)")", path: databasePath, cause: error)
        }
        return (check, movedAside)
    }

    /// `YYYYMMDDTHHMMSSZ` for file names.
    public static func backupStamp(millis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
