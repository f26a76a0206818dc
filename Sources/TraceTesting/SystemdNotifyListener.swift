import SystemSupport

/// A stand-in for systemd's notification socket: binds an `AF_UNIX` datagram socket and hands
/// out what a service sends to it with `sd_notify` (``SystemdNotifier``).
///
/// Pass ``environment`` to the service (or to `SystemdNotifier(environment:)`), then read the
/// messages with ``nextMessage(timeout:)``.
public final class SystemdNotifyListener: Sendable {
    /// The socket's address: a file path, or `@name` in the abstract namespace.
    public let socketPath: String
    private let socket: UnixDatagramSocket

    /// Binds the socket at `socketPath` (`@…` for the abstract namespace).
    public init(socketPath: String) throws(SystemError) {
        self.socketPath = socketPath
        socket = try UnixDatagramSocket(bindingTo: socketPath)
    }

    /// `["NOTIFY_SOCKET": socketPath]`.
    public var environment: [String: String] { ["NOTIFY_SOCKET": socketPath] }

    /// The next datagram as text, waiting up to `timeout`; nil when none came. Polls without
    /// blocking the calling task's thread.
    public func nextMessage(timeout: Duration = .seconds(5)) async throws -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if let bytes = try socket.receive(timeout: .zero) {
                return String(decoding: bytes, as: UTF8.self)
            }
            if clock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Closes and removes the socket.
    public func close() { socket.close() }
}
