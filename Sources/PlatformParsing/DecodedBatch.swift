/// One event of a batch as the platform sees it: opaque JSON, less the two fields it needs.
public struct DecodedEvent: Sendable, Equatable {
    /// The position of the event in its batch, from 0.
    public var index: Int
    /// `eventID`, when the event is an object with a string there.
    public var eventID: String?
    /// `seq`, when the event is an object with an integer there.
    public var seq: Int64?
    /// Whether the event is a JSON object at all.
    public var isObject: Bool
    /// The event's JSON text, exactly as it was sent (when ``isValidUTF8``).
    public var json: String
    /// Whether the event's bytes are UTF-8, as JSON must be (RFC 8259 §8.1); when not, ``json`` has
    /// replacement characters where the bad bytes were and the event is refused.
    public var isValidUTF8: Bool
    /// Why the object's members cannot be read, or nil: a `\u` escape of a lone UTF-16 surrogate anywhere
    /// in it (grammatical, but no Unicode text can hold it), or `eventID` or `seq` given twice.
    public var unreadable: String?

    /// Whether the object's members can be read.
    public var isReadable: Bool { unreadable == nil }

    public init(index: Int, eventID: String?, seq: Int64?, isObject: Bool, json: String, isValidUTF8: Bool = true,
                unreadable: String? = nil) {
        self.index = index
        self.eventID = eventID
        self.seq = seq
        self.isObject = isObject
        self.json = json
        self.isValidUTF8 = isValidUTF8
        self.unreadable = unreadable
    }

    /// Why the platform cannot store this event, or nil when it can.
    public var rejectionReason: String? {
        guard isValidUTF8 else { return "event is not valid UTF-8 (JSON text must be UTF-8)" }
        guard isObject else { return "event is not a JSON object" }
        if let unreadable { return unreadable }
        guard let eventID else { return "missing eventID (a string)" }
        guard !eventID.isEmpty else { return "empty eventID" }
        guard seq != nil else { return "missing seq (an integer)" }
        return nil
    }
}

/// A batch body, decoded.
public struct DecodedBatch: Sendable, Equatable {
    /// The gateway that sent the batch (`gateway`).
    public var gateway: String
    /// The events, in the order sent.
    public var events: [DecodedEvent]

    public init(gateway: String, events: [DecodedEvent]) {
        self.gateway = gateway
        self.events = events
    }
}
