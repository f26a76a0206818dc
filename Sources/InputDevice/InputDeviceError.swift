import SystemSupport

/// Why an input device (`/dev/input/eventN`, `/dev/hidrawN`) could not be opened or read, and
/// what to do about it.
///
/// Catch by code: `catch InputDeviceError.Code.disconnected { … }`. ``message`` names the device
/// and says what to do; no data read from the device is ever part of an error.
public struct InputDeviceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely enough to decide what to do next.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The node does not exist (not plugged in, or a wrong path). Transient.
        public static let notFound = Self(rawValue: "notFound")
        /// The service user may not open the node. Needs an administrator (udev rule, group).
        public static let permissionDenied = Self(rawValue: "permissionDenied")
        /// Another program holds the device exclusively (`EVIOCGRAB` answered `EBUSY`). Transient.
        public static let busy = Self(rawValue: "busy")
        /// The node is not what the driver needs (not an evdev or hidraw node, not a barcode
        /// scanner). Needs a configuration change.
        public static let wrongDevice = Self(rawValue: "wrongDevice")
        /// The device went away while open (`ENODEV`, hang-up). Transient: reopen.
        public static let disconnected = Self(rawValue: "disconnected")
        /// Any other failure of the device or the kernel. Transient.
        public static let io = Self(rawValue: "io")
        /// The device was closed by its owner, possibly while a call waited.
        public static let closed = Self(rawValue: "closed")

        public var description: String { rawValue }

        /// Matches a thrown ``InputDeviceError`` by code.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? InputDeviceError)?.code == code
        }
    }

    public var code: Code
    /// The node's path as configured.
    public var path: String
    /// What happened and what to do, for the log and `edgetrace status`.
    public var message: String
    /// The failed system call, when there was one.
    public var cause: SystemError?

    public init(_ code: Code, path: String, message: String, cause: SystemError? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.cause = cause
    }

    /// True when trying again later may succeed without a configuration change:
    /// ``Code/notFound``, ``Code/busy``, ``Code/disconnected``, ``Code/io``.
    public var isTransient: Bool { [.notFound, .busy, .disconnected, .io].contains(code) }

    public var description: String {
        guard let cause else { return "\(message) [\(code)]" }
        return "\(message) [\(code); \(cause.operation): \(cause.code)]"
    }

    static func closed(_ path: String) -> Self {
        Self(.closed, path: path, message: "\(path) was closed")
    }

    static func disconnected(_ path: String, cause: SystemError? = nil) -> Self {
        Self(.disconnected, path: path, message: "\(path) went away (unplugged?); reopening when it is back", cause: cause)
    }

    /// Classifies a failed `open(2)`.
    static func opening(_ path: String, cause: SystemError) -> Self {
        switch cause.code {
        case .noSuchFile, .noSuchDevice, .noSuchDeviceOrAddress:
            return Self(.notFound, path: path, message: "\(path) does not exist: is the scanner plugged in, and is the path right?", cause: cause)
        case .permissionDenied, .notPermitted:
            return Self(.permissionDenied, path: path,
                        message: "no permission to open \(path): add the service user to the device's group or install Udev/70-edgetrace.rules",
                        cause: cause)
        case .busy:
            return Self(.busy, path: path, message: "\(path) is busy (another program holds it)", cause: cause)
        default:
            return Self(.io, path: path, message: "cannot open \(path)", cause: cause)
        }
    }

    /// Classifies a failed `read(2)` or `poll(2)` on an open node.
    static func transferring(_ path: String, cause: SystemError) -> Self {
        switch cause.code {
        case .noSuchDevice, .ioError, .noSuchDeviceOrAddress: return .disconnected(path, cause: cause)
        case .badFileDescriptor: return .closed(path)
        default: return Self(.io, path: path, message: "reading \(path) failed", cause: cause)
        }
    }
}
