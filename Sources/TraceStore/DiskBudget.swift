/// How much disk the outbox may use, and how long synced history is kept (DESIGN.md §4, `[store]`).
///
/// When the store is over budget the maintenance acts in this order, re-measuring after each step:
/// 1. delete synced history older than ``retentionMillis`` (this also runs when there is no pressure);
/// 2. delete the oldest synced history even inside its retention (it is already at the platform);
/// 3. compact unsynced sensor series into one summary (min/max/mean) per device and interval;
/// 4. refuse new reads (the scanner gets a NAK, the CLI and log say why) until space returns.
/// Nothing unsynced other than sensor readings is ever deleted; quarantined events are kept.
public struct DiskBudget: Sendable, Hashable {
    /// Bytes the database (pages in use plus the WAL) may occupy; 0 = no limit of its own.
    public var maxDatabaseBytes: Int64
    /// Free bytes to leave on the file system; new reads are refused below this.
    public var minFreeBytes: Int64
    /// How long synced events stay for local trace queries.
    public var retentionMillis: Int64
    /// Width of one compacted sensor summary.
    public var compactionIntervalMillis: Int64

    public init(maxDatabaseBytes: Int64 = 2 << 30, minFreeBytes: Int64 = 64 << 20,
                retentionMillis: Int64 = 30 * 86_400_000, compactionIntervalMillis: Int64 = 300_000) {
        self.maxDatabaseBytes = maxDatabaseBytes
        self.minFreeBytes = minFreeBytes
        self.retentionMillis = retentionMillis
        self.compactionIntervalMillis = compactionIntervalMillis
    }

    /// Space is short: act (prune, compact) until the usage is back under the low-water marks.
    /// The marks leave 10 % head-room below the limit so that the policy does not flap at its edge.
    public func underPressure(_ usage: DiskUsage) -> Bool {
        if maxDatabaseBytes > 0, usage.databaseBytes > maxDatabaseBytes / 10 * 9 { return true }
        if let free = usage.freeBytes, free < minFreeBytes + minFreeBytes / 2 { return true }
        return false
    }

    /// Bytes that may still be written before the store is under pressure (0 when it is).
    public func headroom(_ usage: DiskUsage) -> Int64 {
        var room = Int64.max
        if maxDatabaseBytes > 0 { room = min(room, maxDatabaseBytes / 10 * 9 - usage.databaseBytes) }
        if let free = usage.freeBytes { room = min(room, free - (minFreeBytes + minFreeBytes / 2)) }
        return max(0, room)
    }

    /// Space is used up: new reads must be refused rather than half-written.
    public func exhausted(_ usage: DiskUsage) -> Bool {
        if maxDatabaseBytes > 0, usage.databaseBytes >= maxDatabaseBytes { return true }
        if let free = usage.freeBytes, free < minFreeBytes { return true }
        return false
    }
}

/// What the outbox occupies now.
public struct DiskUsage: Sendable, Hashable, Codable {
    /// Pages in use (not on SQLite's free list) plus the WAL file.
    public var databaseBytes: Int64
    /// Free bytes on the file system for the service user (nil when unknown).
    public var freeBytes: Int64?

    public init(databaseBytes: Int64, freeBytes: Int64?) {
        self.databaseBytes = databaseBytes
        self.freeBytes = freeBytes
    }
}

/// What one maintenance pass did (logged, counted and shown in `edgetrace status`).
public struct MaintenanceReport: Sendable, Hashable, Codable {
    /// Synced events older than the retention, deleted.
    public var prunedExpired: Int = 0
    /// Synced events inside their retention, deleted because space was short.
    public var prunedForSpace: Int = 0
    /// Unsynced sensor readings folded into summaries, and the summaries written.
    public var compactedReadings: Int = 0
    public var summaries: Int = 0
    /// The file system was so full that even deleting failed: the space reserve beside the database was
    /// removed to make room (see the store's `.reserve` file).
    public var reserveReleased: Bool = false
    /// The space reserve was written again (space is back).
    public var reserveRestored: Bool = false
    /// New reads are refused until space returns.
    public var refusing: Bool = false
    public var usage: DiskUsage = DiskUsage(databaseBytes: 0, freeBytes: nil)

    public init() {}

    /// Anything deleted or rewritten.
    public var changedData: Bool { prunedExpired + prunedForSpace + compactedReadings > 0 }
}
