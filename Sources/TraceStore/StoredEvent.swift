/// An event as it sits in the outbox: the canonical body plus its chain links.
public struct StoredEvent: Sendable, Hashable {
    public var seq: Int64
    public var eventID: String
    /// Canonical JSON (sorted keys, without `seq`, `prevHash` and `hash`).
    public var body: [UInt8]
    public var prevHash: String
    public var hash: String

    /// The event as JSON for the wire: the canonical body with `seq`, `hash` and `prevHash` added.
    public var wireJSON: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + hash.utf8.count + prevHash.utf8.count + 48)
        appendWireJSON(to: &out)
        return out
    }

    /// Appends ``wireJSON`` to `out` without building it on its own (the uploader's batch encoding).
    public func appendWireJSON(to out: inout [UInt8]) {
        guard body.last == UInt8(ascii: "}") else {
            out += body
            return
        }
        out += body[..<(body.count - 1)]
        out += #","seq":"#.utf8
        out += String(seq).utf8
        out += #","hash":""#.utf8
        out += hash.utf8
        out += #"","prevHash":""#.utf8
        out += prevHash.utf8
        out += #""}"#.utf8
    }
}

/// One line of `edgetrace trace`: what it shows of an event.
public struct TraceLine: Sendable, Hashable {
    public var seq: Int64
    public var kind: String
    public var deviceID: String
    public var gtin: String?
    public var lot: String?
    public var serial: String?
    public var sscc: String?
    /// The capture time as the event carries it (ISO 8601 with the station's offset).
    public var time: String
    public var expiry: String?
    public var bizStep: String?
}

/// An event set aside, with the reason.
public struct QuarantineEntry: Sendable, Hashable, Codable {
    public var seq: Int64
    public var eventID: String
    public var reason: String
    /// `platform` (rejected upstream) or `local`.
    public var source: String
    public var atMillis: Int64
    /// `held`, `retrying` (an operator asked for another upload) or `discarded` (kept locally, never sent).
    public var state: String? = nil
}

/// Figures about the outbox for `edgetrace status`.
public struct StoreStats: Sendable, Hashable, Codable {
    public var events: Int64
    public var lastSeq: Int64
    public var cursor: Int64
    public var unsynced: Int64
    /// Capture time (ms since epoch) of the oldest event not yet acknowledged by the platform.
    public var oldestUnsyncedMillis: Int64?
    public var quarantined: Int64
    public var databaseBytes: Int64
    /// Free bytes on the file system holding the database (nil when unknown).
    public var freeDiskBytes: Int64?
}
