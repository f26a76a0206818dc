/// Faults the platform injects into its handling of `POST /v1/batches`, for tests and demos.
///
/// Faults compose: a batch post first meets `drop`, then `status`; a post that passes both is read,
/// checked against `maxEvents` and the poison lists, and stored (less `rejectEventIDs`); `delayMs`
/// delays every answer to a batch post, whatever it is.
///
/// JSON keys (the body of `POST /v1/_faults`, which replaces the whole set, and the answer of
/// `GET /v1/_faults`; unknown keys are refused):
/// - `status` (Int, 200…599): answer batch posts with this status, without reading them.
/// - `count` (Int ≥ 0): how many batch posts `status` applies to; absent = until cleared. In an object
///   with `drop` but no `status`, `count` is the number of posts to drop (like `dropCount`).
/// - `retryAfter` (String or Int): sent as `Retry-After` with `status` (seconds or an HTTP date,
///   passed through unchanged).
/// - `maxEvents` (Int ≥ 0): batches with more events are answered 413.
/// - `delayMs` (Int, 0…600000): wait this long before answering each batch post. The wait is a timer
///   on the connection's event loop; the batch is stored before the wait.
/// - `delayMsPerEvent` (Int, 0…60000): wait this much longer for each event of a batch that is read: a slow
///   link, on which a large batch takes longer than a small one. Added to `delayMs`; the answer is delayed
///   at most 600000 ms in all.
/// - `drop` (Bool): close the connection after reading the request, without answering or storing.
/// - `dropCount` (Int ≥ 0): how many batch posts `drop` applies to; absent = until cleared.
/// - `rejectEventIDs` ([String]): these events come back in `rejected` and are not stored.
/// - `poisonEventIDs` ([String]): a batch holding any of these is answered 422 as a whole, naming the
///   first poison event.
/// - `poisonSubstring` (String): like `poisonEventIDs`, for any event whose JSON text contains it.
public struct PlatformFaults: Codable, Sendable, Equatable {
    /// The status that answers batch posts (`status`), or nil.
    public var status: Int?
    /// How many more batch posts `status` answers (`count`); nil = until cleared.
    public var statusCount: Int?
    /// The `Retry-After` value sent with `status` (`retryAfter`).
    public var retryAfter: String?
    /// The largest batch accepted (`maxEvents`); larger ones are answered 413.
    public var maxEvents: Int?
    /// The delay before answering each batch post, in milliseconds (`delayMs`).
    public var delayMs: Int?
    /// The delay per event of a batch read, in milliseconds (`delayMsPerEvent`).
    public var delayMsPerEvent: Int?
    /// Whether batch posts are dropped without an answer (`drop`).
    public var drop: Bool
    /// How many more batch posts are dropped (`dropCount`); nil = until cleared.
    public var dropCount: Int?
    /// Events answered as rejected and not stored (`rejectEventIDs`).
    public var rejectEventIDs: [String]
    /// Events that make their whole batch answer 422 (`poisonEventIDs`).
    public var poisonEventIDs: [String]
    /// A substring of an event's JSON that makes its whole batch answer 422 (`poisonSubstring`).
    public var poisonSubstring: String?

    /// Creates a set of faults; the default is no fault at all.
    public init(
        status: Int? = nil,
        statusCount: Int? = nil,
        retryAfter: String? = nil,
        maxEvents: Int? = nil,
        delayMs: Int? = nil,
        delayMsPerEvent: Int? = nil,
        drop: Bool = false,
        dropCount: Int? = nil,
        rejectEventIDs: [String] = [],
        poisonEventIDs: [String] = [],
        poisonSubstring: String? = nil
    ) {
        self.status = status
        self.statusCount = statusCount
        self.retryAfter = retryAfter
        self.maxEvents = maxEvents
        self.delayMs = delayMs
        self.delayMsPerEvent = delayMsPerEvent
        self.drop = drop
        self.dropCount = dropCount
        self.rejectEventIDs = rejectEventIDs
        self.poisonEventIDs = poisonEventIDs
        self.poisonSubstring = poisonSubstring
    }

    /// No fault: the platform behaves.
    public static let none = PlatformFaults()

    /// Whether no fault is set.
    public var isEmpty: Bool { self == .none }
}
