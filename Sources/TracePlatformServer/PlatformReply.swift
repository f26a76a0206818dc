/// What the connection does with a request once the platform has decided.
struct PlatformReply: Sendable {
    enum Action: Sendable {
        /// Send this response.
        case respond(PlatformResponse)
        /// Close the connection without answering (fault injection).
        case drop
    }

    var action: Action
    /// How long to wait, on the event loop, before acting.
    var delayMs: Int = 0
}
