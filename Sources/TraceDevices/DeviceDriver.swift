import TraceModel

/// What became of a reading once the pipeline handled it; a driver in handshake mode answers the device
/// from it (ACK only for a read whose commit is durable).
public enum ReadVerdict: Sendable, Equatable {
    /// Stored durably as a regular event.
    case captured
    /// Stored durably, as a `rejected` event (the code did not parse).
    case rejected
    /// A duplicate inside the dedup window (the original was captured).
    case duplicate
    /// Not stored (database error, disk full): the device should signal failure.
    case failed
    /// An operator badge: the station's operator changed; nothing is stored, and the badge's UID is shown nowhere.
    case badge
}

/// Where readings go: the daemon wires this to interpreter → store, and awaits the durable commit.
public typealias ReadingSink = @Sendable (Reading) async -> ReadVerdict

/// A driver owns one device: it opens it, delivers its readings to the sink until the device fails
/// or the task is cancelled / the service shuts down gracefully, then releases it.
public protocol DeviceDriver: Sendable {
    /// The device as it appears in events.
    var ref: DeviceRef { get }
    /// Opens the device and reads until it fails (throws) or shutdown (returns). A `DeviceError` with
    /// `isTransient` means: try again after a backoff (unplugged, busy, not there yet).
    func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws
}

/// Changes a driver makes to its device's status beyond connected/disconnected (firmware, the tag on the reader,
/// error counts), applied on the ``DeviceStatusBoard``.
public typealias DeviceStatusReport = @Sendable (@escaping @Sendable (inout DeviceStatus) -> Void) async -> Void

/// A driver that reports more about its device than its readings (the NFC reader: firmware, tag present, errors).
public protocol StatusReportingDriver: DeviceDriver {
    /// As ``DeviceDriver/run(sink:onConnected:)``, with `report` for status details.
    func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void, report: @escaping DeviceStatusReport) async throws
}

extension StatusReportingDriver {
    public func run(sink: @escaping ReadingSink, onConnected: @Sendable (String) async -> Void) async throws {
        try await run(sink: sink, onConnected: onConnected, report: { _ in })
    }
}

/// A device failure, with what to do.
public struct DeviceError: Error, CustomStringConvertible, Sendable {
    public var deviceID: String
    public var message: String
    public var isTransient: Bool

    public init(deviceID: String, message: String, isTransient: Bool) {
        self.deviceID = deviceID
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { "device \(deviceID): \(message)" }
}
