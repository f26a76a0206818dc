import Glibc

/// The `events` / `revents` bits of `struct pollfd` (<poll.h>).
public struct PollEvents: OptionSet, Hashable, Sendable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// `POLLIN`: data to read (or, on a hung-up terminal, end of file).
    public static let readable = Self(rawValue: Int16(POLLIN))
    /// `POLLOUT`: a write would not block.
    public static let writable = Self(rawValue: Int16(POLLOUT))
    /// `POLLERR`: an error condition (reported whether asked for or not).
    public static let error = Self(rawValue: Int16(POLLERR))
    /// `POLLHUP`: the other side hung up (reported whether asked for or not).
    public static let hangUp = Self(rawValue: Int16(POLLHUP))
    /// `POLLNVAL`: the descriptor is not open.
    public static let invalid = Self(rawValue: Int16(POLLNVAL))
}

extension FileDescriptor {
    /// Waits with `poll(2)` until one of `requests` is ready or `timeout` passes (`nil`: no
    /// limit). Returns the `revents` of each request, in order; all empty after a timeout.
    /// An interrupted wait resumes with the time that is left.
    public static func poll(
        _ requests: [(FileDescriptor, PollEvents)],
        timeout: Duration?
    ) throws(SystemError) -> [PollEvents] {
        var fds = requests.map { pollfd(fd: $0.0.rawValue, events: $0.1.rawValue, revents: 0) }
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        while true {
            let milliseconds = deadline.map { Self.pollMilliseconds(clock.now.duration(to: $0)) } ?? -1
            let count = fds.withUnsafeMutableBufferPointer { buffer in
                Glibc.poll(buffer.baseAddress, nfds_t(buffer.count), milliseconds)
            }
            if count >= 0 { return fds.map { PollEvents(rawValue: $0.revents) } }
            let code = SystemError.Code.current
            if code != .interrupted { throw SystemError("poll", code: code) }
        }
    }

    /// Waits with `poll(2)` for `events` on this descriptor; see ``poll(_:timeout:)``.
    public func poll(_ events: PollEvents, timeout: Duration?) throws(SystemError) -> PollEvents {
        try Self.poll([(self, events)], timeout: timeout)[0]
    }

    /// `duration` rounded up to whole milliseconds, clamped to `0…Int32.max`.
    static func pollMilliseconds(_ duration: Duration) -> CInt {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + perMillisecond - 1) / perMillisecond
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow || milliseconds > Int64(CInt.max) - fraction { return CInt.max }
        return CInt(milliseconds + fraction)
    }
}
