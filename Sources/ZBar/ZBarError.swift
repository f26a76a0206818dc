import CZBar
import Glibc

/// A failure of libzbar or of a call into it, with what to do.
///
/// Catch by code: `catch ZBarError.Code.system { … }`. No decoded data is ever part of an error.
public struct ZBarError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A libzbar error code (`zbar_error_t`: `ZBAR_ERR_NOMEM`, `ZBAR_ERR_SYSTEM`, … in <zbar.h>).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: CInt
        public init(rawValue: CInt) { self.rawValue = rawValue }
        init(_ error: zbar_error_t) { self.rawValue = CInt(bitPattern: error.rawValue) }

        /// `ZBAR_ERR_NOMEM`: out of memory.
        public static let outOfMemory = Self(ZBAR_ERR_NOMEM)
        /// `ZBAR_ERR_INTERNAL`: a bug in libzbar.
        public static let `internal` = Self(ZBAR_ERR_INTERNAL)
        /// `ZBAR_ERR_UNSUPPORTED`: the device or library cannot do what was asked (format, size, symbology).
        public static let unsupported = Self(ZBAR_ERR_UNSUPPORTED)
        /// `ZBAR_ERR_INVALID`: an invalid request (a frame whose size does not match its bytes).
        public static let invalid = Self(ZBAR_ERR_INVALID)
        /// `ZBAR_ERR_SYSTEM`: a system call failed (``ZBarError/systemErrno`` says which errno).
        public static let system = Self(ZBAR_ERR_SYSTEM)
        /// `ZBAR_ERR_LOCKING`: a lock could not be taken.
        public static let locking = Self(ZBAR_ERR_LOCKING)
        /// `ZBAR_ERR_BUSY`: all resources busy (the camera is used by another process).
        public static let busy = Self(ZBAR_ERR_BUSY)
        /// `ZBAR_ERR_CLOSED`: the video device was closed.
        public static let closed = Self(ZBAR_ERR_CLOSED)

        public var description: String {
            switch self {
            case .outOfMemory: "outOfMemory"
            case .internal: "internal"
            case .unsupported: "unsupported"
            case .invalid: "invalid"
            case .system: "system"
            case .locking: "locking"
            case .busy: "busy"
            case .closed: "closed"
            default: "zbar error \(rawValue)"
            }
        }

        /// Matches a thrown ``ZBarError`` by code: `catch ZBarError.Code.busy { … }`.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? ZBarError)?.code == code
        }
    }

    public var code: Code
    /// The C function that failed, e.g. `"zbar_video_open"`.
    public var operation: String
    /// What happened and what to do, for the log.
    public var message: String
    /// libzbar's own text for the error (`zbar_video_error_string`), when it has one.
    public var detail: String?
    /// `errno` right after the failed call, for ``Code/system`` errors.
    public var systemErrno: CInt?

    public init(_ code: Code, operation: String, message: String, detail: String? = nil, systemErrno: CInt? = nil) {
        self.code = code
        self.operation = operation
        self.message = message
        self.detail = detail
        self.systemErrno = systemErrno
    }

    /// True when the same call may succeed later without a configuration change: the device is
    /// busy, or not there yet (`ENOENT`, `ENODEV`, `ENXIO`, `EBUSY`, `EIO` behind ``Code/system``).
    public var isTransient: Bool {
        switch code {
        case .busy, .locking, .closed: return true
        case .system: return systemErrno.map { [ENOENT, ENODEV, ENXIO, EBUSY, EIO, EINTR, EAGAIN].contains($0) } ?? true
        default: return false
        }
    }

    public var description: String {
        var text = "\(message) [\(code); \(operation)"
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        return text + "]"
    }
}
