import TraceDevices

/// Everything the status page shows and the metrics are made from, at one moment (`/status.json`).
public struct StationSnapshot: Sendable, Codable, Hashable {
    /// The outbox: what is still to be delivered.
    public struct Queue: Sendable, Codable, Hashable {
        public var unsynced: Int64
        public var lastSeq: Int64
        public var cursor: Int64
        public var oldestUnsyncedMillis: Int64?
        public var quarantined: Int64
    }

    /// The uploader as it last published itself (nil: no uploader has run since the daemon started).
    public struct Upload: Sendable, Codable, Hashable {
        /// online, offline, unauthorized, or disabled (no `[upstream]`).
        public var link: String
        public var upstream: String?
        public var delivered: Int64
        public var quarantined: Int64
        public var eventsPerSecond: Double?
        public var lastSuccessMillis: Int64?
        public var lastError: String?
        public var lastErrorMillis: Int64?
        public var nextRetryMillis: Int64?
    }

    /// The disk budget (DESIGN.md §4).
    public struct Budget: Sendable, Codable, Hashable {
        public var databaseBytes: Int64
        /// `store.max_mb` in bytes; 0 = no limit.
        public var limitBytes: Int64
        public var freeBytes: Int64?
        public var minFreeBytes: Int64
        /// True while reads are refused because space is short.
        public var refusing: Bool
    }

    /// One of the last events, as text for people.
    public struct RecentEvent: Sendable, Codable, Hashable {
        public var seq: Int64
        public var time: String
        public var device: String
        public var kind: String
        /// The code read, the tag UID, the sensor values or the rejection reason.
        public var text: String
    }

    public var gateway: String
    public var generatedMillis: Int64
    public var startedMillis: Int64
    public var devices: [DeviceStatus]
    public var queue: Queue
    public var upload: Upload?
    public var budget: Budget
    /// Newest first.
    public var recent: [RecentEvent]
}
