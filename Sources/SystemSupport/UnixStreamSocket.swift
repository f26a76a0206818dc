import Glibc
import Synchronization

/// An `AF_UNIX` stream socket (`socket(2)` with `SOCK_STREAM | SOCK_CLOEXEC`): a listening socket bound
/// to a file (``listen(path:mode:)``), a connection accepted from it (``accept(timeout:)``), or a client
/// connection (``connect(to:timeout:)``).
///
/// The daemon's control socket uses it with one request line and one response line per connection.
/// A listening socket removes its file (`unlink(2)`) when closed.
public final class UnixStreamSocket: Sendable {
    /// The socket's descriptor; valid until ``close()``.
    public let descriptor: FileDescriptor
    /// The file a listening socket is bound to.
    public let boundPath: String?
    private let closed = Mutex(false)
    private let buffered = Mutex<[UInt8]>([])

    private init(descriptor: FileDescriptor, boundPath: String?) {
        self.descriptor = descriptor
        self.boundPath = boundPath
    }

    deinit { close() }

    /// Binds (`bind(2)`) a new socket to `path`, replacing a stale socket file left by an earlier run,
    /// sets the file's mode (`chmod(2)`) and listens (`listen(2)`).
    public static func listen(path: String, mode: mode_t = 0o660, backlog: CInt = 16) throws(SystemError) -> UnixStreamSocket {
        let fd = try makeSocket()
        do throws(SystemError) {
            var (address, length) = try UnixDatagramSocket.address(path)
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }
            try retryingOnEINTR("bind", path: path) {
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd.rawValue, $0, length) }
                }
            }
            try retryingOnEINTR("chmod", path: path) { chmod(path, mode) }
            try retryingOnEINTR("listen", path: path) { Glibc.listen(fd.rawValue, backlog) }
            try fd.setNonBlocking(true)
        } catch {
            try? fd.close()
            throw error
        }
        return UnixStreamSocket(descriptor: fd, boundPath: path)
    }

    /// Connects (`connect(2)`) to the listening socket at `path`. `ENOENT` / `ECONNREFUSED` mean nothing
    /// listens there; `EACCES` means the caller may not use it (not in the socket's group).
    public static func connect(to path: String) throws(SystemError) -> UnixStreamSocket {
        let fd = try makeSocket()
        do throws(SystemError) {
            var (address, length) = try UnixDatagramSocket.address(path)
            try retryingOnEINTR("connect", path: path) {
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd.rawValue, $0, length) }
                }
            }
            try fd.setNonBlocking(true)
        } catch {
            try? fd.close()
            throw error
        }
        return UnixStreamSocket(descriptor: fd, boundPath: nil)
    }

    /// Waits up to `timeout` (`poll(2)`) on a listening socket, also waking when `wake` is raised, and
    /// accepts one connection (`accept4(2)`); nil when none came.
    public func accept(timeout: Duration?, wake: WakeSignal? = nil) throws(SystemError) -> UnixStreamSocket? {
        var requests = [(descriptor, PollEvents.readable)]
        if let wake { requests.append((wake.descriptor, .readable)) }
        let ready = try FileDescriptor.poll(requests, timeout: timeout)
        guard ready[0].contains(.readable) else { return nil }
        let listener = descriptor.rawValue
        // accept4(2) is behind _GNU_SOURCE, which the Glibc module is built without: accept(2), then
        // FD_CLOEXEC and O_NONBLOCK with fcntl(2).
        let fd: CInt
        do throws(SystemError) {
            fd = try retryingOnEINTR("accept", path: boundPath) { Glibc.accept(listener, nil, nil) }
        } catch SystemError.Code.wouldBlock {
            return nil
        }
        let connection = FileDescriptor(rawValue: fd)
        do throws(SystemError) {
            try retryingOnEINTR("fcntl") { fcntl(fd, F_SETFD, FD_CLOEXEC) }
            try connection.setNonBlocking(true)
        } catch {
            try? connection.close()
            throw error
        }
        return UnixStreamSocket(descriptor: connection, boundPath: nil)
    }

    /// The peer's user and group ids (`getsockopt(SO_PEERCRED)`), for the audit log.
    public func peerCredentials() throws(SystemError) -> (pid: Int32, uid: UInt32, gid: UInt32) {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } (<sys/socket.h>, behind _GNU_SOURCE): three 32-bit fields.
        var cred: [UInt32] = [0, 0, 0]
        var length = socklen_t(12)
        let fd = descriptor.rawValue
        try retryingOnEINTR("getsockopt") {
            cred.withUnsafeMutableBytes { getsockopt(fd, SOL_SOCKET, SO_PEERCRED, $0.baseAddress, &length) }
        }
        return (Int32(bitPattern: cred[0]), cred[1], cred[2])
    }

    /// Reads up to and without the next `\n` (at most `maxBytes`), waiting at most `timeout` in total;
    /// nil when the peer closed before a whole line came. Throws ``SystemError/Code/timedOut``.
    public func readLine(maxBytes: Int = 1 << 20, timeout: Duration) throws(SystemError) -> [UInt8]? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let line = buffered.withLock { buffer -> [UInt8]? in
                guard let end = buffer.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                let line = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                return line
            }
            if let line { return line }
            if buffered.withLock({ $0.count }) > maxBytes { throw SystemError("read", code: .noBufferSpace) }
            let left = clock.now.duration(to: deadline)
            if left <= .zero { throw SystemError("read", code: .timedOut) }
            let ready = try descriptor.poll(.readable, timeout: left)
            if ready.isEmpty { continue }
            let chunk: [UInt8]
            do throws(SystemError) {
                chunk = try descriptor.read(maxBytes: 65536)
            } catch SystemError.Code.wouldBlock {
                continue
            }
            if chunk.isEmpty { return nil }
            buffered.withLock { $0 += chunk }
        }
    }

    /// Writes all of `bytes` (`send(2)` with `MSG_NOSIGNAL`, so a peer that went away is an `EPIPE` error and
    /// not a SIGPIPE), waiting at most `timeout` whenever the peer is slow.
    public func write(_ bytes: [UInt8], timeout: Duration) throws(SystemError) {
        let fd = descriptor.rawValue
        var offset = 0
        while offset < bytes.count {
            do throws(SystemError) {
                offset += try retryingOnEINTR("send") {
                    bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, CInt(MSG_NOSIGNAL)) }
                }
            } catch SystemError.Code.wouldBlock {
                if try descriptor.poll(.writable, timeout: timeout).isEmpty { throw SystemError("send", code: .timedOut) }
            }
        }
    }

    /// Closes the socket and removes a listening socket's file. Safe to call more than once.
    public func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        try? descriptor.close()
        if let boundPath { unlink(boundPath) }
    }

    private static func makeSocket() throws(SystemError) -> FileDescriptor {
        let type = CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        return FileDescriptor(rawValue: try retryingOnEINTR("socket") { socket(AF_UNIX, type, 0) })
    }
}
