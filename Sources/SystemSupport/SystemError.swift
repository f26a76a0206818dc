import Glibc

/// A failed system call: the `errno` it set, what was being done and where.
///
/// Thrown by every wrapper in this module (see ``retryingOnEINTR(_:path:fileID:line:_:)``).
/// Catch by code with `catch SystemError.Code.busy { … }`. The description holds the
/// operation, the path and the C library's text for the error; never any data that was read
/// or written.
public struct SystemError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What failed, e.g. `"open"` or `"tcsetattr"`: the C function's name.
    public var operation: String
    /// The `errno` value.
    public var code: Code
    /// The file the call was about, when there is one.
    public var path: String?
    /// Where in EdgeTrace the call was made (`#fileID`).
    public var fileID: String
    /// Line of `fileID`.
    public var line: Int

    public init(
        _ operation: String,
        code: Code,
        path: String? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.operation = operation
        self.code = code
        self.path = path
        self.fileID = fileID
        self.line = line
    }

    /// The C library's text for ``code`` (`strerror_r`), e.g. "No such file or directory".
    public var message: String { code.message }

    /// True when the same call may succeed later without anyone changing anything
    /// (interrupted, would block, busy, out of buffers, a device that went away).
    public var isTransient: Bool { code.isTransient }

    public var description: String {
        let target = path.map { "(\($0))" } ?? ""
        return "\(operation)\(target): \(message) (\(code)) [\(fileID):\(line)]"
    }
}
