import Glibc

/// A raw file descriptor with the system calls EdgeTrace makes on it.
///
/// A value type that does not own the descriptor: whoever opened it closes it, once
/// (``close()``). Every call goes through ``retryingOnEINTR(_:path:fileID:line:_:)``.
public struct FileDescriptor: RawRepresentable, Hashable, Sendable {
    public let rawValue: CInt
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// Opens `path` with `open(2)`. Add `O_CLOEXEC` to `flags` unless the descriptor must
    /// survive `exec`.
    public static func open(
        _ path: String,
        _ flags: CInt,
        permissions: mode_t = 0o600
    ) throws(SystemError) -> FileDescriptor {
        let fd = try retryingOnEINTR("open", path: path) { Glibc.open(path, flags, permissions) }
        return FileDescriptor(rawValue: fd)
    }

    /// Closes the descriptor with `close(2)`, exactly once: EINTR is not retried because Linux
    /// has already released the descriptor by then.
    public func close() throws(SystemError) {
        if Glibc.close(rawValue) == -1 {
            let code = SystemError.Code.current
            if code != .interrupted { throw SystemError("close", code: code) }
        }
    }

    /// Reads up to `maxBytes` with `read(2)`. An empty result means end of file (or, on a
    /// terminal in non-canonical mode with `VMIN` 0, no data). A non-blocking descriptor with
    /// nothing to read throws ``SystemError/Code/wouldBlock``.
    public func read(maxBytes: Int) throws(SystemError) -> [UInt8] {
        precondition(maxBytes > 0, "maxBytes must be positive")
        var bytes = [UInt8](repeating: 0, count: maxBytes)
        let count = try retryingOnEINTR("read") {
            bytes.withUnsafeMutableBytes { Glibc.read(rawValue, $0.baseAddress, maxBytes) }
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Writes once with `write(2)`; returns how many bytes the kernel took.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return try retryingOnEINTR("write") { Glibc.write(rawValue, base, bytes.count) }
    }

    /// Writes every byte of `bytes`, waiting with `poll(2)` whenever a non-blocking descriptor
    /// is full; throws ``SystemError/Code/timedOut`` when nothing could be written for
    /// `timeout`. A descriptor whose peer hung up throws what `write(2)` reports (`EIO` on a
    /// terminal, `EPIPE` on a pipe or socket).
    public func writeAll(_ bytes: [UInt8], timeout: Duration) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            do throws(SystemError) {
                offset += try retryingOnEINTR("write") {
                    bytes.withUnsafeBytes { Glibc.write(rawValue, $0.baseAddress! + offset, $0.count - offset) }
                }
            } catch SystemError.Code.wouldBlock {
                let ready = try poll(.writable, timeout: timeout)
                if ready.isEmpty { throw SystemError("write", code: .timedOut) }
            }
        }
    }

    /// Sets or clears `O_NONBLOCK` with `fcntl(F_GETFL)` / `fcntl(F_SETFL)`.
    public func setNonBlocking(_ nonBlocking: Bool) throws(SystemError) {
        let flags = try retryingOnEINTR("fcntl") { fcntl(rawValue, F_GETFL) }
        let updated = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        if updated != flags {
            try retryingOnEINTR("fcntl") { fcntl(rawValue, F_SETFL, updated) }
        }
    }

    /// Takes an exclusive advisory lock with `flock(LOCK_EX | LOCK_NB)`, without waiting.
    /// Throws ``SystemError/Code/wouldBlock`` when another open file description holds it
    /// (another process, or another `open` of the same file in this one).
    public func lockExclusively() throws(SystemError) {
        try retryingOnEINTR("flock") { flock(rawValue, LOCK_EX | LOCK_NB) }
    }

    /// Creates a pipe with `pipe2(O_CLOEXEC | O_NONBLOCK)`; the caller closes both ends.
    public static func pipe() throws(SystemError) -> (read: FileDescriptor, write: FileDescriptor) {
        let pipe2 = try LibCSymbols.require(LibCSymbols.pipe2, "pipe2")
        var ends: [CInt] = [-1, -1]
        try retryingOnEINTR("pipe2") { pipe2(&ends, O_CLOEXEC | O_NONBLOCK) }
        return (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
    }
}
