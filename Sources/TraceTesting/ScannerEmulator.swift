import Glibc
import Synchronization
import SystemSupport

/// A software serial barcode scanner on a pseudo-terminal, for tests of the real serial path.
///
/// The reader under test opens ``path`` (the pty slave, e.g. `/dev/pts/7`) or ``stablePath``,
/// a symbolic link kept pointing at the current slave, the way udev keeps
/// `/dev/serial/by-id/usb-…` pointing at the current `/dev/ttyACMn`.
///
/// Bytes written before the reader has put the line in raw mode are lost (the reader flushes
/// its input, and the kernel's canonical mode would mangle them anyway): call
/// ``waitUntilOpened(timeout:)`` before the first ``send(_:aim:terminator:)``. It watches the
/// slave's termios through the master and returns once the line is non-canonical with
/// `VMIN` 0, which `SerialPort` sets as its very last opening step, after flushing.
///
/// ``unplug()`` closes the master: the reader's port hangs up (`POLLHUP`, reads end, writes
/// fail with `EIO`) and the slave path disappears, like a USB scanner pulled out.
/// ``replug()`` makes a new pty and re-points ``stablePath`` at it, like the scanner coming back
/// as a new `/dev/ttyACMn`.
///
/// Every use of the master happens under a lock, so the methods may be called from any task.
/// The waiting methods are `async` and poll with short sleeps, never blocking a thread.
public final class ScannerEmulator: Sendable {
    /// What can go wrong driving the emulator.
    public enum Failure: Error, Hashable, Sendable {
        /// The emulator is unplugged: ``replug()`` first.
        case unplugged
        /// No reader put the slave in raw mode within the timeout.
        case notOpened(path: String)
    }

    /// The symbolic link kept pointing at the current slave, when one was asked for.
    public let stablePath: String?
    private let state: Mutex<State>

    private struct State {
        var terminal: PseudoTerminal?
        var slavePath: String
        var replies: [UInt8] = []
    }

    /// Plugs in a scanner: a new pty and, when `stablePath` is given, a symbolic link there to
    /// its slave (missing parent directories are created).
    public init(stablePath: String? = nil) throws(SystemError) {
        let terminal = try PseudoTerminal(nonBlocking: true)
        self.stablePath = stablePath
        if let stablePath {
            if let slash = stablePath.lastIndex(of: "/"), slash != stablePath.startIndex {
                try FileSystem.createDirectory(String(stablePath[..<slash]))
            }
            try FileSystem.replaceSymbolicLink(at: stablePath, pointingTo: terminal.slavePath)
        }
        state = Mutex(State(terminal: terminal, slavePath: terminal.slavePath))
    }

    deinit { close() }

    /// The current slave device, e.g. `/dev/pts/7`; after ``unplug()``, the one that was.
    public var path: String { state.withLock { $0.slavePath } }

    /// False between ``unplug()`` and ``replug()``.
    public var isPlugged: Bool { state.withLock { $0.terminal != nil } }

    /// True when a reader has the slave open in raw mode with `VMIN` 0 (see the type's notes).
    public func isOpenedByReader() throws(SystemError) -> Bool {
        try checkReader(resettingWhenClosed: false)
    }

    /// Whether a reader has the slave open and set up. With `resettingWhenClosed`, a slave
    /// nobody has open (the master polls `POLLHUP`) that a previous reader left in raw mode is
    /// put back into the initial canonical mode, so that the next reader's setup can be seen.
    private func checkReader(resettingWhenClosed: Bool) throws(SystemError) -> Bool {
        try state.withLock { state throws(SystemError) -> Bool in
            guard let terminal = state.terminal else { return false }
            var attributes = try terminal.slaveAttributes()
            let canonical = attributes.c_lflag & tcflag_t(ICANON) != 0
            if try terminal.master.poll([], timeout: .zero).contains(.hangUp) {
                if resettingWhenClosed && !canonical {
                    try terminal.setSlaveAttributes(terminal.initialAttributes)
                }
                return false
            }
            let minimumBytes = withUnsafeBytes(of: &attributes.c_cc) { $0[Int(VMIN)] }
            return !canonical && minimumBytes == 0
        }
    }

    /// The slave's termios as the reader set it (`tcgetattr(3)` through the master).
    public func slaveAttributes() throws -> termios {
        try state.withLock { state throws -> termios in
            guard let terminal = state.terminal else { throw Failure.unplugged }
            return try terminal.slaveAttributes()
        }
    }

    /// Waits until a reader has opened the slave and set it up (``isOpenedByReader()``).
    ///
    /// While nobody has the slave open, a raw mode left behind by an earlier reader (a daemon
    /// that was stopped or killed) is reset first, so calling this before or while a new reader
    /// starts waits for that reader. One race remains: a reader whose whole setup falls between
    /// this method seeing "nobody has it open" and its reset (a few microseconds) would be put
    /// back into canonical mode. When a test knows the old reader is gone, call
    /// ``resetTerminalMode()`` before starting the new one.
    ///
    /// - Throws: ``Failure/notOpened(path:)`` after `timeout`.
    public func waitUntilOpened(timeout: Duration = .seconds(5)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while try !checkReader(resettingWhenClosed: true) {
            if clock.now >= deadline { throw Failure.notOpened(path: path) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Sends one scan as a scanner does: `aim` (e.g. `"]C1"`), the code's UTF-8 bytes, then
    /// `terminator` (default CR).
    public func send(_ code: String, aim: String? = nil, terminator: [UInt8] = [0x0D]) throws {
        try send(bytes: Array((aim ?? "").utf8) + Array(code.utf8) + terminator)
    }

    /// Sends raw bytes (`write(2)` on the master, waiting up to 2 s for room).
    public func send(bytes: [UInt8]) throws {
        try state.withLock { state throws in
            guard let terminal = state.terminal else { throw Failure.unplugged }
            try terminal.master.writeAll(bytes, timeout: .seconds(2))
        }
    }

    /// Waits up to `timeout` for the reader's reply and returns the first ACK (0x06) or NAK
    /// (0x15) not returned before; nil when none came. Other bytes the reader writes are
    /// ignored.
    public func awaitReply(timeout: Duration = .seconds(2)) async throws -> UInt8? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if let reply = try takeReply() { return reply }
            if clock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// ``send(_:aim:terminator:)``, then ``awaitReply(timeout:)``: a scanner in ACK/NAK
    /// handshake mode waiting for the host's verdict.
    public func sendAndAwaitReply(
        _ code: String,
        aim: String? = nil,
        terminator: [UInt8] = [0x0D],
        timeout: Duration = .seconds(2)
    ) async throws -> UInt8? {
        try send(code, aim: aim, terminator: terminator)
        return try await awaitReply(timeout: timeout)
    }

    /// Pulls the scanner out: closes the master (the reader hangs up and the slave path
    /// disappears). ``stablePath`` is left dangling, as udev's link would be. Idempotent.
    public func unplug() {
        let terminal = state.withLock { state in
            defer { state.terminal = nil; state.replies = [] }
            return state.terminal
        }
        terminal?.close()
        // As udev removes a /dev/serial/by-id link when the device goes: a dangling link could
        // otherwise point at a pts number the kernel hands to another pty meanwhile.
        if let stablePath { try? FileSystem.removeFile(stablePath) }
    }

    /// Plugs the scanner back in as a new pty (unplugging first if needed) and re-points
    /// ``stablePath`` at the new slave.
    public func replug() throws(SystemError) {
        unplug()
        let terminal = try PseudoTerminal(nonBlocking: true)
        if let stablePath {
            try FileSystem.replaceSymbolicLink(at: stablePath, pointingTo: terminal.slavePath)
        }
        state.withLock { state in
            state.terminal = terminal
            state.slavePath = terminal.slavePath
        }
    }

    /// Puts the slave back into the kernel's initial (canonical) mode, so that a reader that
    /// closed the port and opens this same pty again can be waited for once more.
    public func resetTerminalMode() throws {
        try state.withLock { state throws in
            guard let terminal = state.terminal else { throw Failure.unplugged }
            try terminal.setSlaveAttributes(terminal.initialAttributes)
        }
    }

    /// Unplugs and removes ``stablePath``. Idempotent.
    public func close() {
        unplug()
        if let stablePath { try? FileSystem.removeFile(stablePath) }
    }

    /// Drains what the reader wrote (non-blocking reads of the master) into the reply queue
    /// and takes the first ACK or NAK from it.
    private func takeReply() throws -> UInt8? {
        try state.withLock { state throws -> UInt8? in
            if let terminal = state.terminal {
                while true {
                    let bytes: [UInt8]
                    do {
                        bytes = try terminal.master.read(maxBytes: 256)
                    } catch SystemError.Code.wouldBlock {
                        break
                    } catch SystemError.Code.ioError {
                        break  // no reader has the slave open
                    }
                    if bytes.isEmpty { break }
                    state.replies += bytes.filter { $0 == 0x06 || $0 == 0x15 }
                }
            }
            return state.replies.isEmpty ? nil : state.replies.removeFirst()
        }
    }
}
