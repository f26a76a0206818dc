import Foundation

/// A device's state for `edgetrace status`.
public struct DeviceStatus: Sendable, Codable, Hashable {
    public enum State: String, Sendable, Codable, Hashable {
        case starting, connected, disconnected, failed, stopped
    }

    public var id: String
    public var driver: String
    public var path: String?
    /// Where the path pointed when last opened (e.g. /dev/ttyACM0 for a by-id link).
    public var resolvedPath: String?
    public var state: State
    public var message: String?
    public var sinceMillis: Int64
    public var reads: Int64 = 0
    public var rejected: Int64 = 0
    public var duplicates: Int64 = 0
    public var failed: Int64 = 0
    public var reconnects: Int64 = 0
    /// The last read as text (GS shown as `<GS>`, at most 80 characters) and when it was captured.
    public var lastRead: String?
    public var lastReadMillis: Int64?
    /// The device's chip and firmware, when it says (an NFC reader: "PN532 v1.6").
    public var firmware: String?
    /// NFC: the UID of the tag lying on the reader now (nil: none).
    public var tagPresent: String?
    /// Errors the device recovered from without a reconnect (a tag that could not be read, a garbled frame).
    public var errors: Int64?

    public init(id: String, driver: String, path: String?, state: State, sinceMillis: Int64) {
        self.id = id
        self.driver = driver
        self.path = path
        self.state = state
        self.sinceMillis = sinceMillis
    }
}

/// Collects every device's status; the daemon persists snapshots for the CLI.
public actor DeviceStatusBoard {
    private var devices: [String: DeviceStatus] = [:]
    private var version = 0
    private let changed: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
        = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))

    public init() {}

    /// Wakes after any change (at most one pending wake-up is kept). One consumer.
    public nonisolated var changes: AsyncStream<Void> { changed.stream }

    public func update(_ id: String, _ change: @Sendable (inout DeviceStatus) -> Void) {
        guard var s = devices[id] else { return }
        change(&s)
        devices[id] = s
        version += 1
        changed.continuation.yield()
    }

    public func register(_ status: DeviceStatus) {
        devices[status.id] = status
        version += 1
        changed.continuation.yield()
    }

    /// Forgets a device (removed from the configuration by a reload).
    public func unregister(_ id: String) {
        guard devices.removeValue(forKey: id) != nil else { return }
        version += 1
        changed.continuation.yield()
    }

    /// All devices, sorted by id, and a version that changes with every update.
    public func snapshot() -> (devices: [DeviceStatus], version: Int) {
        (devices.values.sorted { $0.id < $1.id }, version)
    }
}
