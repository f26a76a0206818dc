import Foundation
import GRDB
import Synchronization
import TraceModel

/// The durable outbox (DESIGN.md §4): one writer appending events in group commits, readers for the
/// uploader and the CLI, a forward-only upload cursor and a quarantine.
///
/// An event counts as captured once ``append(_:)`` has returned: the transaction is committed with
/// `synchronous=FULL` in WAL mode, so it survives a crash or power loss from then on.
public final class TraceStore: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let writer: EventWriter?
    /// What happened at open when the file was found corrupt (it was moved aside); nil otherwise.
    public let recovery: CorruptionRecovery?
    /// Room kept beside the database for the day the file system is full (see ``SpaceReserve``).
    let reserve: SpaceReserve
    /// Raised after every pass that rewrote events not yet uploaded (sensor compaction).
    let rewrites = Atomic<Int>(0)

    /// Changes whenever events after the cursor were rewritten (sensor readings compacted): a batch read
    /// ahead of its turn is still what the store holds if this is the same before the read and at its use.
    public var rewriteGeneration: Int { rewrites.load(ordering: .acquiring) }

    /// Opens (creating or migrating) the outbox for writing. A corrupt file is moved aside with a
    /// timestamp and a new one is started; ``recovery`` says so, and the caller must say it loudly.
    public static func open(path: String) throws -> TraceStore {
        do {
            return try TraceStore(path: path, readOnly: false, recovery: nil)
        } catch let error as StoreError where error.code == .corrupt {
            let moved = try CorruptionRecovery.moveAside(path: path)
            let store = try TraceStore(path: path, readOnly: false, recovery: CorruptionRecovery(movedTo: moved, reason: error.description))
            return store
        }
    }

    /// Opens an existing outbox read-only (the CLI), while the daemon may be writing.
    public static func openReadOnly(path: String) throws -> TraceStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.open, "no EdgeTrace database here: is the path right (store.path in the config), and has edgetraced run yet?", path: path)
        }
        return try TraceStore(path: path, readOnly: true, recovery: nil)
    }

    private init(path: String, readOnly: Bool, recovery: CorruptionRecovery?) throws {
        self.path = path
        self.recovery = recovery
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(5)
        config.label = "edgetrace.store"
        if !readOnly {
            // Before the first table: freed pages can then be given back to the file system when the disk
            // budget prunes history (no effect on a database created earlier).
            config.prepareDatabase { db in
                try? db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                // The daemon's readers (the uploader, status) read new rows once: SQLite's default page cache
                // of 2 MiB per connection only held memory, for each reader connection a drain used.
                if db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -256") }
            }
        }
        let pool: DatabasePool
        do {
            if !readOnly {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true)
            }
            if !readOnly, !FileManager.default.fileExists(atPath: path) {
                // Created 0640 before SQLite opens it: SQLite gives -wal and -shm the database's mode.
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640])
            }
            pool = try DatabasePool(path: path, configuration: config)
            if !readOnly {
                // FULL: every commit fsyncs the WAL, so a commit that returned survives a power cut.
                // (GRDB's pool sets NORMAL when it switches to WAL, after prepareDatabase: set it here,
                // on the one writer connection. The durability-order test checks it under strace.)
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            }
            if !readOnly {
                let result = try pool.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") }
                guard result == "ok" else {
                    throw StoreError(.corrupt, "the database failed its integrity check (\(result ?? "no answer"))", path: path)
                }
                try StoreSchema.migrator.migrate(pool)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw StoreError(.corrupt, "the database file is corrupt or not a database", path: path, cause: error)
        } catch {
            throw StoreError(.open, "cannot open the database (check that the directory exists and is writable by the service user)", path: path, cause: error)
        }
        self.pool = pool
        self.writer = readOnly ? nil : try EventWriter(pool: pool, path: path)
        reserve = SpaceReserve(databasePath: path)
        if !readOnly { reserve.restore(keepFree: Int64(SpaceReserve.bytes) * 4) }
    }

    /// Appends events in one durable group commit with the other appends arriving meanwhile; returns them
    /// with `seq`, `prevHash` and `hash` set. An event whose `eventID` is already stored is not stored again:
    /// the stored one is returned.
    @discardableResult
    public func append(_ event: TraceEvent) async throws -> TraceEvent {
        guard let writer else { throw StoreError(.write, "the database was opened read-only", path: path) }
        // Encoded here, in the caller's task, so that encoding runs in parallel with the single writer.
        let canonical: [UInt8]
        do {
            canonical = try event.canonicalBytes()
        } catch {
            throw StoreError(.write, "the event could not be encoded: the read was NOT captured", path: path, cause: error)
        }
        return try await writer.append((event, canonical))
    }

    /// Wakes whenever new events have been committed (at most one pending wake-up is kept).
    public func commits() async -> AsyncStream<Void> {
        guard let writer else { return AsyncStream { $0.finish() } }
        return await writer.subscribe()
    }

    /// Wakes whoever waits in ``commits()`` as if something had been committed (`edgetrace sync`).
    public func wakeCommitWaiters() async {
        await writer?.nudge()
    }

    /// Group commits made since open (events appended ÷ commits = mean group size).
    public func commitCount() async -> Int {
        await writer?.commits ?? 0
    }

    /// Blocks all pending appends until closed; call at shutdown after devices stopped.
    public func close() throws {
        try pool.close()
    }
}

/// A corrupt database that was moved aside at open.
public struct CorruptionRecovery: Sendable, Hashable {
    /// Where the corrupt file now is.
    public var movedTo: String
    /// What was wrong with it.
    public var reason: String

    static func moveAside(path: String) throws -> String {
        let stamp = EventTime(unixMillis: Int64(Date().timeIntervalSince1970 * 1000)).description
            .replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        let target = "\(path).corrupt-\(stamp)"
        let fm = FileManager.default
        do {
            try fm.moveItem(atPath: path, toPath: target)
            for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
                try fm.moveItem(atPath: path + suffix, toPath: target + suffix)
            }
        } catch {
            throw StoreError(.corrupt, "the database is corrupt and could not be moved aside; move it away by hand and restart", path: path, cause: error)
        }
        return target
    }
}
