import Glibc
import Synchronization

/// A pseudo-terminal pair, made the way `openpty(3)` makes one: `open("/dev/ptmx")` (which is
/// what `posix_openpt(3)` does on Linux), `unlockpt(3)`, `ptsname_r(3)`.
///
/// Only the master end is kept open here; the slave (``slavePath``, e.g. `/dev/pts/7`) is for
/// the program under test to open, like a `/dev/ttyACM0`. Until something opens the slave,
/// bytes written to the master wait in the kernel; while nothing has it open after that, the
/// master polls ``PollEvents/hangUp`` and reads fail with `EIO`. Closing the master hangs the
/// slave up (readers see `POLLHUP`, writes fail with `EIO`) and removes ``slavePath``.
///
/// On Linux the termios calls on a master act on its slave, so ``slaveAttributes()`` shows the
/// mode the slave's user has set.
public final class PseudoTerminal: Sendable {
    /// The master end: what the emulated device writes to and reads from.
    public let master: FileDescriptor
    /// The slave's device path, e.g. `/dev/pts/7`.
    public let slavePath: String
    /// The slave's attributes as the kernel created them (canonical mode, echo).
    public let initialAttributes: termios
    private let closed = Mutex(false)

    /// Opens a new pair. The master is opened `O_RDWR | O_NOCTTY | O_CLOEXEC`, plus
    /// `O_NONBLOCK` when `nonBlocking` is true.
    public init(nonBlocking: Bool = true) throws(SystemError) {
        let flags = O_RDWR | O_NOCTTY | O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)
        let master = try FileDescriptor.open("/dev/ptmx", flags)
        do throws(SystemError) {
            let unlockpt = try LibCSymbols.require(LibCSymbols.unlockpt, "unlockpt")
            let ptsnameR = try LibCSymbols.require(LibCSymbols.ptsnameR, "ptsname_r")
            try retryingOnEINTR("unlockpt", path: "/dev/ptmx") { unlockpt(master.rawValue) }
            var name = [CChar](repeating: 0, count: 128)
            let result = ptsnameR(master.rawValue, &name, name.count)
            if result != 0 { throw SystemError("ptsname_r", code: .init(rawValue: result)) }
            self.slavePath = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            self.initialAttributes = try master.terminalAttributes()
        } catch {
            try? master.close()
            throw error
        }
        self.master = master
    }

    deinit { close() }

    /// True once ``close()`` ran.
    public var isClosed: Bool { closed.withLock { $0 } }

    /// The slave's termios (`tcgetattr(3)` on the master).
    public func slaveAttributes() throws(SystemError) -> termios {
        try master.terminalAttributes()
    }

    /// Sets the slave's termios (`tcsetattr(3)` with `TCSANOW` on the master).
    public func setSlaveAttributes(_ attributes: termios) throws(SystemError) {
        try master.setTerminalAttributes(attributes)
    }

    /// Puts the slave in raw mode (`cfmakeraw(3)`), as `socat pty,raw,echo=0` does.
    public func makeRaw() throws(SystemError) {
        var attributes = try slaveAttributes()
        cfmakeraw(&attributes)
        try setSlaveAttributes(attributes)
    }

    /// Closes the master (`close(2)`), hanging the slave up. Safe to call more than once.
    public func close() {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if !wasClosed { try? master.close() }
    }
}
