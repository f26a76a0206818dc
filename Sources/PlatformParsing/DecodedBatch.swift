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
    /// The event's JSON text, exactly as it was sent.
    public var json: String

    public init(index: Int, eventID: String?, seq: Int64?, isObject: Bool, json: String) {
        self.index = index
        self.eventID = eventID
        self.seq = seq
        self.isObject = isObject
        self.json = json
    }

    /// Why the platform cannot store this event, or nil when it can.
    public var rejectionReason: String? {
        guard isObject else { return "event is not a JSON object" }
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
