import SystemSupport

/// Why an image file could not be read, with what to do.
///
/// Catch by code: `catch ImageFileError.Code.unsupportedFormat { … }`.
public struct ImageFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The file could not be read (missing, no permission): see ``ImageFileError/cause``.
        public static let unreadable = Self(rawValue: "unreadable")
        /// Not a PNG, JPEG or binary PGM (P5) file.
        public static let unsupportedFormat = Self(rawValue: "unsupportedFormat")
        /// The file claims a format but its content is broken or truncated (libpng's or libjpeg's message says how).
        public static let corrupt = Self(rawValue: "corrupt")

        public var description: String { rawValue }

        /// Matches a thrown ``ImageFileError`` by code.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? ImageFileError)?.code == code
        }
    }

    public var code: Code
    /// The file, when there is one.
    public var path: String?
    /// What happened and what to do.
    public var message: String
    /// The failed system call, for ``Code/unreadable``.
    public var cause: SystemError?

    public init(_ code: Code, path: String?, message: String, cause: SystemError? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.cause = cause
    }

    public var description: String {
        let file = path.map { "\($0): " } ?? ""
        guard let cause else { return "\(file)\(message) [\(code)]" }
        return "\(file)\(message) [\(code); \(cause.operation): \(cause.code)]"
    }
}
