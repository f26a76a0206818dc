import SystemSupport

/// Why a serial port could not be opened, read or written, and what to do about it.
///
/// Catch by code: `catch SerialError.Code.disconnected { … }`. ``message`` is written for the
/// person reading the log: it names the port and says what to do. No scanned data is ever part
/// of an error.
public struct SerialError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely enough to decide what to do next.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The device does not exist (not plugged in, or the path is wrong). Transient.
        public static let notFound = Self(rawValue: "notFound")
        /// The service user may not open the device. Needs an administrator.
        public static let permissionDenied = Self(rawValue: "permissionDenied")
        /// Another process holds the port (its `flock`), or the driver reports `EBUSY`. Transient.
        public static let busy = Self(rawValue: "busy")
        /// The device went away while open (unplugged, powered off, hung up). Transient: reopen.
        public static let disconnected = Self(rawValue: "disconnected")
        /// The settings cannot work (unsupported speed, not a serial device). Needs a config change.
        public static let invalidSettings = Self(rawValue: "invalidSettings")
        /// Any other failure of the device or the kernel. Transient.
        public static let io = Self(rawValue: "io")
        /// The port was closed by ``SerialPort/close()``, possibly while the call waited.
        public static let closed = Self(rawValue: "closed")

        public var description: String { rawValue }

        /// Matches a thrown ``SerialError`` by code: `catch SerialError.Code.busy { … }`.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? SerialError)?.code == code
        }
    }

    public var code: Code
    /// The port's path as configured.
    public var path: String
    /// What happened and what to do, for the log.
    public var message: String
    /// The failed system call, when there was one.
    public var cause: SystemError?

    public init(_ code: Code, path: String, message: String, cause: SystemError? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.cause = cause
    }

    /// The `errno` of ``cause``, when there is one.
    public var errno: CInt? { cause?.code.rawValue }

    /// True when trying again later (reopening the port) may succeed without anyone changing
    /// the configuration or the system: ``Code/notFound``, ``Code/busy``,
    /// ``Code/disconnected``, ``Code/io``.
    public var isTransient: Bool {
        [.notFound, .busy, .disconnected, .io].contains(code)
    }

    public var description: String {
        guard let cause else { return "\(message) [\(code)]" }
        return "\(message) [\(code); \(cause.operation): \(cause.code)]"
    }
}
