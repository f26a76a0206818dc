/// An error of the outbox, with what to do about it.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let open = Self(rawValue: "open")
        public static let corrupt = Self(rawValue: "corrupt")
        public static let write = Self(rawValue: "write")
        public static let read = Self(rawValue: "read")
        public static let diskFull = Self(rawValue: "disk-full")
        public static let chainBroken = Self(rawValue: "chain-broken")
        /// The disk budget (`[store] max_bytes`, `min_free_bytes`) is used up by unsynced events.
        public static let budget = Self(rawValue: "budget")
        public static func ~= (code: Self, error: any Error) -> Bool { (error as? StoreError)?.code == code }
    }

    public var code: Code
    public var message: String
    public var path: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, path: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.cause = cause
    }

    public var description: String {
        var s = "\(message) (database \(path))"
        if let cause { s += ": \(cause)" }
        return s
    }
}
