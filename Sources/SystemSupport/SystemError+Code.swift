import Glibc

extension SystemError {
    /// An `errno` value (the `E…` constants of <errno.h>), with the ones EdgeTrace meets named.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: CInt
        public init(rawValue: CInt) { self.rawValue = rawValue }

        /// `EPERM`
        public static let notPermitted = Self(rawValue: EPERM)
        /// `ENOENT`
        public static let noSuchFile = Self(rawValue: ENOENT)
        /// `EINTR`
        public static let interrupted = Self(rawValue: EINTR)
        /// `EIO`
        public static let ioError = Self(rawValue: EIO)
        /// `ENXIO`
        public static let noSuchDeviceOrAddress = Self(rawValue: ENXIO)
        /// `EBADF`
        public static let badFileDescriptor = Self(rawValue: EBADF)
        /// `EAGAIN` (same value as `EWOULDBLOCK` on Linux)
        public static let wouldBlock = Self(rawValue: EAGAIN)
        /// `ENOMEM`
        public static let outOfMemory = Self(rawValue: ENOMEM)
        /// `EACCES`
        public static let permissionDenied = Self(rawValue: EACCES)
        /// `EBUSY`
        public static let busy = Self(rawValue: EBUSY)
        /// `EEXIST`
        public static let fileExists = Self(rawValue: EEXIST)
        /// `ENODEV`
        public static let noSuchDevice = Self(rawValue: ENODEV)
        /// `EINVAL`
        public static let invalidArgument = Self(rawValue: EINVAL)
        /// `ENOTTY`
        public static let notATerminal = Self(rawValue: ENOTTY)
        /// `EPIPE`
        public static let brokenPipe = Self(rawValue: EPIPE)
        /// `ENOSYS`
        public static let notImplemented = Self(rawValue: ENOSYS)
        /// `ENAMETOOLONG`
        public static let nameTooLong = Self(rawValue: ENAMETOOLONG)
        /// `ENOBUFS`
        public static let noBufferSpace = Self(rawValue: ENOBUFS)
        /// `ECONNREFUSED`
        public static let connectionRefused = Self(rawValue: ECONNREFUSED)
        /// `ETIMEDOUT`
        public static let timedOut = Self(rawValue: ETIMEDOUT)
        /// `EAFNOSUPPORT`
        public static let addressFamilyNotSupported = Self(rawValue: EAFNOSUPPORT)

        /// The `errno` the calling thread holds right now.
        public static var current: Self { Self(rawValue: errno) }

        /// Matches a thrown ``SystemError`` by code: `catch SystemError.Code.busy { … }`.
        public static func ~= (code: Self, error: any Error) -> Bool {
            (error as? SystemError)?.code == code
        }

        /// See ``isTransient``: the codes a retry may cure.
        static let transient: Set<Self> = [
            .interrupted, .wouldBlock, .busy, .outOfMemory, .noBufferSpace, .timedOut,
            .connectionRefused, .ioError, .noSuchDeviceOrAddress, .noSuchDevice,
        ]

        /// True for codes where trying again later may succeed without a configuration change.
        public var isTransient: Bool { Self.transient.contains(self) }

        /// The C library's text for this code (`strerror_r`).
        public var message: String {
            var buffer = [CChar](repeating: 0, count: 256)
            // Swift's Glibc imports the XSI strerror_r: 0 and the text in `buffer`.
            guard strerror_r(rawValue, &buffer, buffer.count) == 0 else { return "errno \(rawValue)" }
            return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }

        /// The symbolic name when known (`"EBUSY"`), else `"errno N"`.
        public var description: String {
            Self.names[rawValue] ?? "errno \(rawValue)"
        }

        private static let names: [CInt: String] = [
            EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", ENXIO: "ENXIO",
            EBADF: "EBADF", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EBUSY: "EBUSY",
            EEXIST: "EEXIST", ENODEV: "ENODEV", EINVAL: "EINVAL", ENOTTY: "ENOTTY", EPIPE: "EPIPE",
            ENOSYS: "ENOSYS", ENAMETOOLONG: "ENAMETOOLONG", ENOBUFS: "ENOBUFS",
            ECONNREFUSED: "ECONNREFUSED", ETIMEDOUT: "ETIMEDOUT", EAFNOSUPPORT: "EAFNOSUPPORT",
            ENOTDIR: "ENOTDIR", ELOOP: "ELOOP", EROFS: "EROFS",
        ]
    }
}
