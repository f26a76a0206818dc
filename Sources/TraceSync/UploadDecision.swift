/// What to do after one upload attempt: the retry *decision*, separate from the mechanism (a pure value).
public enum UploadDecision: Equatable, Sendable {
    /// Every event was processed; the listed ones (eventID, reason) go to quarantine; the cursor passes the batch.
    case delivered(rejected: [Rejection])
    /// Nothing moves; try the same events again after the delay (nil: the backoff decides).
    case retry(after: Duration?, reason: String, link: LinkState)
    /// 413: the batch is too large; halve it.
    case split
    /// No answer within the request timeout to a batch of several events: retry after the backoff, with a
    /// batch half as large for a while. On a slow link a large batch may never get through in time.
    case timedOut(reason: String)
    /// 400/422 for a batch of several events: halve it until the bad event stands alone.
    case bisect(reason: String)
    /// 400/413/422 for a single event: set it aside with the reason and move on.
    case quarantine(reason: String)

    /// An event the platform rejected.
    public struct Rejection: Equatable, Sendable, Codable {
        public var eventID: String
        public var reason: String
        public init(eventID: String, reason: String) {
            self.eventID = eventID
            self.reason = reason
        }
    }
}

/// How the link to the platform looks from here.
public enum LinkState: String, Sendable, Codable, Equatable {
    /// No upstream configured: events are kept locally.
    case disabled
    /// Last exchange succeeded.
    case online
    /// The platform answered, but with an error (5xx, 429, …).
    case degraded
    /// No connection (refused, timed out, reset, DNS).
    case offline
    /// Credentials rejected (401/403).
    case unauthorized
}
