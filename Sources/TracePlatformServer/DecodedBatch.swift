/// One event of a batch as the platform sees it: opaque JSON, less the two fields it needs.
struct DecodedEvent: Sendable, Equatable {
    /// The position of the event in its batch, from 0.
    var index: Int
    /// `eventID`, when the event is an object with a string there.
    var eventID: String?
    /// `seq`, when the event is an object with an integer there.
    var seq: Int64?
    /// Whether the event is a JSON object at all.
    var isObject: Bool
    /// The event's JSON text, exactly as it was sent.
    var json: String

    /// Why the platform cannot store this event, or nil when it can.
    var rejectionReason: String? {
        guard isObject else { return "event is not a JSON object" }
        guard let eventID else { return "missing eventID (a string)" }
        guard !eventID.isEmpty else { return "empty eventID" }
        guard seq != nil else { return "missing seq (an integer)" }
        return nil
    }
}

/// A batch body, decoded.
struct DecodedBatch: Sendable, Equatable {
    /// The gateway that sent the batch (`gateway`).
    var gateway: String
    /// The events, in the order sent.
    var events: [DecodedEvent]
}
