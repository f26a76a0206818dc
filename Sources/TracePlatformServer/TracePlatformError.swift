/// A failure to start or stop a ``TracePlatformServer``.
public struct TracePlatformError: Error, CustomStringConvertible, Sendable {
    /// What failed.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The code's name.
        public let rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The database could not be opened, migrated or closed.
        public static let database = Self(rawValue: "database")
        /// The listening socket could not be bound.
        public static let bind = Self(rawValue: "bind")
        /// The TLS certificate, key or client CA could not be loaded or do not go together.
        public static let tls = Self(rawValue: "tls")

        /// Whether `error` is a ``TracePlatformError`` with this code.
        public static func ~= (code: Self, error: any Error) -> Bool { (error as? TracePlatformError)?.code == code }
    }

    /// What failed.
    public var code: Code
    /// What happened and what to do about it.
    public var message: String
    /// The underlying error.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, with the cause.
    public var description: String {
        cause.map { "\(message) (\($0))" } ?? message
    }
}
