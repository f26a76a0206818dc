/// Counts the platform answers with at `GET /v1/stats`.
public struct PlatformStats: Codable, Sendable, Equatable {
    /// Events held (`events`).
    public var events: Int
    /// Duplicate events received over all batches, ever (`duplicatesReceived`).
    public var duplicatesReceived: Int
    /// Batches processed, that is answered 200 (`batches`).
    public var batches: Int
    /// The highest `seq` held, 0 when none (`maxSeq`).
    public var maxSeq: Int64
    /// Events held that were delivered more than once (`redeliveredEvents`).
    public var redeliveredEvents: Int
    /// EventIDs accepted more than once (`doubleDelivered`); 0 by construction, since eventID is unique.
    public var doubleDelivered: Int

    /// Creates stats.
    public init(
        events: Int, duplicatesReceived: Int, batches: Int, maxSeq: Int64, redeliveredEvents: Int, doubleDelivered: Int
    ) {
        self.events = events
        self.duplicatesReceived = duplicatesReceived
        self.batches = batches
        self.maxSeq = maxSeq
        self.redeliveredEvents = redeliveredEvents
        self.doubleDelivered = doubleDelivered
    }
}
