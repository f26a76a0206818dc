/// The daemon's answer to one ``ControlRequest``.
public struct ControlResponse: Sendable, Hashable, Codable {
    /// True when the request was carried out.
    public var ok: Bool
    /// One line for a person: what was done, or what went wrong and what to do.
    public var message: String
    /// A machine-readable error code when `ok` is false (``ErrorCode``).
    public var error: String?
    /// The events a quarantine command acted on.
    public var seqs: [Int64]?
    /// Whether uploading is paused after the request.
    public var paused: Bool?
    /// What a reload changed.
    public var reload: ReloadSummary?

    public init(ok: Bool, message: String, error: String? = nil, seqs: [Int64]? = nil, paused: Bool? = nil,
                reload: ReloadSummary? = nil) {
        self.ok = ok
        self.message = message
        self.error = error
        self.seqs = seqs
        self.paused = paused
        self.reload = reload
    }

    /// A failed request.
    public static func failure(_ code: ErrorCode, _ message: String) -> ControlResponse {
        ControlResponse(ok: false, message: message, error: code.rawValue)
    }

    /// The `error` values.
    public struct ErrorCode: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The request line was not a valid request.
        public static let badRequest = Self(rawValue: "bad-request")
        /// The new configuration is invalid; the old one stays in force.
        public static let invalidConfig = Self(rawValue: "invalid-config")
        /// No `[upstream]` is configured, so there is no uploader to control.
        public static let noUploader = Self(rawValue: "no-uploader")
        /// The store refused the action (unknown seq, wrong state, database error).
        public static let store = Self(rawValue: "store")
    }
}

/// What a reload did to the devices and settings.
public struct ReloadSummary: Sendable, Hashable, Codable {
    /// Device ids started because they are new (or newly enabled).
    public var started: [String]
    /// Device ids stopped because they were removed (or disabled).
    public var stopped: [String]
    /// Device ids restarted because their settings changed.
    public var restarted: [String]
    /// Device ids left running untouched.
    public var unchanged: [String]
    /// Settings that changed but only take effect at the next start of the daemon.
    public var needsRestart: [String]

    public init(started: [String] = [], stopped: [String] = [], restarted: [String] = [], unchanged: [String] = [],
                needsRestart: [String] = []) {
        self.started = started
        self.stopped = stopped
        self.restarted = restarted
        self.unchanged = unchanged
        self.needsRestart = needsRestart
    }
}
