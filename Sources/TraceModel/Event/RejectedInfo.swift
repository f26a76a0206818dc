/// Why input was not turned into a regular event (DESIGN.md §3, `rejected`).
public struct RejectedInfo: Codable, Sendable, Hashable {
    /// What is wrong, in words an operator can act on.
    public var reason: String
    /// The input exactly as received (GS kept as U+001D; binary as `\xNN` escapes).
    public var raw: String
    /// The symbology, when known.
    public var symbology: String?
    /// The AIM symbology identifier, when the device sent one.
    public var aim: String?

    public init(reason: String, raw: String, symbology: String? = nil, aim: String? = nil) {
        self.reason = reason
        self.raw = raw
        self.symbology = symbology
        self.aim = aim
    }
}

/// A device state change (kind `device`).
public struct DeviceStateInfo: Codable, Sendable, Hashable {
    /// `connected`, `disconnected`, `error`.
    public var state: String
    /// What happened and what to do.
    public var message: String?

    public init(state: String, message: String? = nil) {
        self.state = state
        self.message = message
    }
}
