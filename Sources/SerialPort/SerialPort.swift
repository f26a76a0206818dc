import Glibc
import Synchronization
import SystemSupport

/// One open serial port: the descriptor, its lock and its raw mode.
///
/// Opening (`init`) does, in order: `open(2)` with `O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC`;
/// an exclusive non-blocking `flock(2)` (another holder → ``SerialError/Code/busy``); raw mode
/// and the ``SerialSettings`` (`tcsetattr(3)`, with `VMIN` 1); `tcflush(TCIFLUSH)` to drop
/// whatever arrived before; and last `VMIN` 0 / `VTIME` 0. A peer that watches the line (such as
/// `TraceTesting.ScannerEmulator`) can therefore take `VMIN` 0 in raw mode as "ready: nothing
/// sent from now on is discarded". Whatever was acquired is released when a step fails.
///
/// ``read(maxBytes:timeout:)`` and ``write(_:timeout:)`` block the calling thread (bounded by
/// their timeouts): call them from a dedicated thread or an actor with its own executor, not
/// from Swift's shared pool. Any thread may call ``close()``; it wakes a blocked call, which
/// then throws ``SerialError/Code/closed``. The descriptor is released only after the last
/// call in progress has returned, so a number reused by the kernel is never read by mistake.
///
/// The port never reopens itself: after ``SerialError/Code/disconnected``, close it and make a
/// new one with the same settings; a `/dev/serial/by-id/…` path then finds the scanner under
/// whatever `/dev/ttyACMn` it came back as.
public final class SerialPort: Sendable {
    /// The settings the port was opened with.
    public let settings: SerialSettings
    /// The device behind the configured path when it was opened (`realpath(3)`), for logs:
    /// `/dev/serial/by-id/usb-…-if00` → `/dev/ttyACM0`.
    public let resolvedPath: String
    private let handle: ClosableDescriptor
    private var descriptor: FileDescriptor { handle.descriptor }

    /// Opens and configures the port; see the type's documentation for the steps.
    public init(settings: SerialSettings) throws(SerialError) {
        try settings.validate()
        let path = settings.path
        var acquired: [FileDescriptor] = []
        do throws(SystemError) {
            let fd = try FileDescriptor.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            acquired.append(fd)
            try fd.lockExclusively()
            let original = try fd.terminalAttributes()
            let raw: termios
            do throws(SerialError) {
                raw = try settings.rawAttributes(from: original, minimumBytes: 1)
            } catch {
                throw SystemError("tcsetattr", code: .invalidArgument, path: path)
            }
            try Self.apply(raw, to: fd, path: path)
            try fd.discardPendingInput()
            // Last step, from what the driver actually took, so that only VMIN changes.
            var ready = try fd.terminalAttributes()
            withUnsafeMutableBytes(of: &ready.c_cc) { $0[Int(VMIN)] = 0 }
            try Self.apply(ready, to: fd, path: path)
            var applied = try fd.terminalAttributes()
            if cfgetospeed(&applied) != settings.speed {
                throw SystemError("tcsetattr", code: .invalidArgument, path: path)
            }
            self.handle = try ClosableDescriptor(fd)
        } catch {
            for fd in acquired.reversed() { try? fd.close() }
            throw SerialError(opening: path, cause: error)
        }
        self.settings = settings
        self.resolvedPath = (try? FileSystem.realPath(path)) ?? path
    }

    /// The configured path (``SerialSettings/path``).
    public var path: String { settings.path }

    /// True once ``close()`` was called.
    public var isClosed: Bool { handle.isClosed }

    /// Waits up to `timeout` for data (`poll(2)`) and returns what is there (`read(2)`, at most
    /// `maxBytes`). Returns an empty array when the time passed without data (it may also return
    /// one a little early). Data that arrived before a hang-up is returned first.
    ///
    /// - Throws: ``SerialError/Code/disconnected`` when the device went away (`POLLHUP`,
    ///   `POLLERR`, `EIO`, `ENXIO`); ``SerialError/Code/closed`` after ``close()``.
    public func read(maxBytes: Int = 4096, timeout: Duration) throws(SerialError) -> [UInt8] {
        precondition(maxBytes > 0, "maxBytes must be positive")
        try enter()
        defer { leave() }
        let ready = try transfer { () throws(SystemError) in
            try FileDescriptor.poll([(descriptor, .readable), (handle.wakeUp, .readable)], timeout: timeout)
        }
        if !ready[1].isEmpty { throw .closed(path) }
        let events = ready[0]
        if events.contains(.invalid) { throw .closed(path) }
        if events.contains(.readable) {
            do throws(SystemError) {
                let bytes = try descriptor.read(maxBytes: maxBytes)
                if !bytes.isEmpty { return bytes }
            } catch SystemError.Code.wouldBlock {
                // Nothing after all; fall through to the hang-up check.
            } catch {
                throw SerialError(transferringOn: path, cause: error)
            }
        }
        if !events.isDisjoint(with: [.hangUp, .error]) { throw .disconnected(path) }
        return []
    }

    /// Writes all of `bytes` (`write(2)`, waiting with `poll(2)` while the driver is full), e.g.
    /// the ACK byte (0x06) after a good scan.
    ///
    /// - Throws: ``SerialError/Code/io`` when not everything could be written within `timeout`;
    ///   ``SerialError/Code/disconnected``; ``SerialError/Code/closed``.
    public func write(_ bytes: some Collection<UInt8>, timeout: Duration = .seconds(2)) throws(SerialError) {
        try enter()
        defer { leave() }
        let bytes = Array(bytes)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var offset = 0
        while offset < bytes.count {
            do throws(SystemError) {
                let fd = descriptor.rawValue
                offset += try retryingOnEINTR("write", path: path) {
                    bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                }
            } catch SystemError.Code.wouldBlock {
                let left = clock.now.duration(to: deadline)
                let ready = try transfer { () throws(SystemError) in
                    try FileDescriptor.poll([(descriptor, .writable), (handle.wakeUp, .readable)], timeout: max(left, .zero))
                }
                if !ready[1].isEmpty { throw .closed(path) }
                if !ready[0].isDisjoint(with: [.hangUp, .error]) { throw .disconnected(path) }
                if ready[0].isEmpty && left <= .zero {
                    throw SerialError(transferringOn: path, cause: SystemError("write", code: .timedOut, path: path))
                }
            } catch {
                throw SerialError(transferringOn: path, cause: error)
            }
        }
    }

    /// Closes the port: wakes any ``read(maxBytes:timeout:)`` or ``write(_:timeout:)`` in
    /// progress (they throw ``SerialError/Code/closed``) and releases the descriptor, its lock
    /// and the wake-up pipe (`close(2)`) once they have returned. Safe to call more than once
    /// and from any thread.
    public func close() {
        handle.close()
    }

    /// Applies `attributes` (`tcsetattr(3)`). glibc reports `EINVAL` when the driver kept
    /// other character-size or parity bits than asked for (a pty is always 8N1); that is
    /// accepted as long as everything else, raw mode and speed included, took effect.
    private static func apply(_ attributes: termios, to fd: FileDescriptor, path: String) throws(SystemError) {
        do {
            try fd.setTerminalAttributes(attributes)
        } catch SystemError.Code.invalidArgument {
            let applied = try fd.terminalAttributes()
            guard sameExceptCharacterFormat(attributes, applied) else {
                throw SystemError("tcsetattr", code: .invalidArgument, path: path)
            }
        }
    }

    /// True when `a` and `b` differ at most in `CSIZE`, `PARENB`, `PARODD` and `CMSPAR`.
    static func sameExceptCharacterFormat(_ a: termios, _ b: termios) -> Bool {
        let format = tcflag_t(CSIZE | PARENB | PARODD) | tcflag_t(CMSPAR)
        var a = a
        var b = b
        return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_lflag == b.c_lflag
            && a.c_cflag & ~format == b.c_cflag & ~format
            && withUnsafeBytes(of: &a.c_cc) { x in withUnsafeBytes(of: &b.c_cc) { y in x.elementsEqual(y) } }
            && cfgetispeed(&a) == cfgetispeed(&b) && cfgetospeed(&a) == cfgetospeed(&b)
    }

    private func enter() throws(SerialError) {
        if !handle.enter() { throw .closed(path) }
    }

    private func leave() {
        handle.leave()
    }

    private func transfer<Result>(_ body: () throws(SystemError) -> Result) throws(SerialError) -> Result {
        do {
            return try body()
        } catch {
            throw SerialError(transferringOn: path, cause: error)
        }
    }
}
