import Glibc
import Synchronization

/// An `AF_UNIX` datagram socket (`socket(2)` with `SOCK_DGRAM | SOCK_CLOEXEC`).
///
/// Paths that start with `@` name the Linux abstract namespace (the `@` becomes a leading NUL
/// byte, as systemd writes it in `$NOTIFY_SOCKET`); other paths are files. A socket bound to
/// a file path removes that file (`unlink(2)`) when closed.
public final class UnixDatagramSocket: Sendable {
    /// The socket's descriptor; valid until ``close()``.
    public let descriptor: FileDescriptor
    /// The address this socket is bound to, when it was made with ``init(bindingTo:)``.
    public let boundPath: String?
    private let closed = Mutex(false)

    /// Opens an unbound socket, for sending.
    public init() throws(SystemError) {
        descriptor = try Self.makeSocket()
        boundPath = nil
    }

    /// Opens a socket bound (`bind(2)`) to `path`, for receiving.
    public init(bindingTo path: String) throws(SystemError) {
        let fd = try Self.makeSocket()
        do throws(SystemError) {
            var (address, length) = try Self.address(path)
            try retryingOnEINTR("bind", path: path) {
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd.rawValue, $0, length) }
                }
            }
        } catch {
            try? fd.close()
            throw error
        }
        descriptor = fd
        boundPath = path
    }

    deinit { close() }

    /// Sends one datagram to the socket at `path` (`sendto(2)`).
    public func send(_ bytes: [UInt8], to path: String) throws(SystemError) {
        var (address, length) = try Self.address(path)
        let fd = descriptor.rawValue
        try retryingOnEINTR("sendto", path: path) {
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL), raw, length) }
                }
            }
        }
    }

    /// Waits up to `timeout` (`poll(2)`) for a datagram and returns it (`recv(2)`, at most
    /// `maxBytes`); `nil` when none came.
    public func receive(maxBytes: Int = 4096, timeout: Duration?) throws(SystemError) -> [UInt8]? {
        let ready = try descriptor.poll(.readable, timeout: timeout)
        if ready.isEmpty { return nil }
        var bytes = [UInt8](repeating: 0, count: maxBytes)
        let fd = descriptor.rawValue
        let count = try retryingOnEINTR("recv", path: boundPath) {
            bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress, maxBytes, CInt(MSG_DONTWAIT)) }
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Closes the socket and removes a bound socket file. Safe to call more than once.
    public func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        try? descriptor.close()
        if let boundPath, !boundPath.hasPrefix("@") { unlink(boundPath) }
    }

    private static func makeSocket() throws(SystemError) -> FileDescriptor {
        let type = CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        return FileDescriptor(rawValue: try retryingOnEINTR("socket") { socket(AF_UNIX, type, 0) })
    }

    /// `sockaddr_un` for `path`, and the length to pass with it: a file path ends with NUL;
    /// an abstract name (`@…`) starts with NUL and has no terminator.
    static func address(_ path: String) throws(SystemError) -> (sockaddr_un, socklen_t) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 } else { bytes.append(0) }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !path.isEmpty, bytes.count <= capacity else {
            throw SystemError("sockaddr_un", code: .nameTooLong, path: path)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let offset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        return (address, socklen_t(offset + bytes.count))
    }
}
