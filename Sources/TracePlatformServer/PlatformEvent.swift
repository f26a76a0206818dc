import Foundation

/// An event as the platform holds it.
public struct PlatformEvent: Sendable, Equatable {
    /// The event's `eventID`, its key on the platform.
    public var eventID: String
    /// The gateway of the batch that delivered it first.
    public var gateway: String
    /// The event's `seq`.
    public var seq: Int64
    /// When the platform first received it, in milliseconds since 1970.
    public var receivedAtMs: Int64
    /// How many times it was delivered (1 + the duplicates received).
    public var deliveries: Int
    /// The event's JSON text, exactly as the gateway sent it.
    public var json: String

    /// The event's JSON as a dictionary.
    public var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }
}
