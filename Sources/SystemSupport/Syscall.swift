import Glibc

/// The funnel every system call in EdgeTrace goes through.
///
/// Runs `call`; while it returns -1 with `errno == EINTR` (a signal arrived), runs it again;
/// any other -1 becomes a ``SystemError`` carrying `errno`, `operation`, `path` and the caller's
/// location. Returns the call's non-negative result.
///
/// Don't use it for `close(2)`: on Linux the descriptor is gone even when close reports EINTR,
/// and retrying could close a descriptor another thread just opened (see
/// ``FileDescriptor/close()``).
///
/// - Parameters:
///   - operation: the C function's name, for the error (`"open"`, `"tcsetattr"`).
///   - path: the file the call is about, for the error.
///   - call: the system call; must return -1 and set `errno` on failure.
@discardableResult
public func retryingOnEINTR<Result: SignedInteger>(
    _ operation: String,
    path: String? = nil,
    fileID: String = #fileID,
    line: Int = #line,
    _ call: () -> Result
) throws(SystemError) -> Result {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = SystemError.Code.current
        if code == .interrupted { continue }
        throw SystemError(operation, code: code, path: path, fileID: fileID, line: line)
    }
}
