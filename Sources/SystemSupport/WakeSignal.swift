import Glibc
import Synchronization

/// A one-way signal one thread raises to wake another that waits in `poll(2)`: a non-blocking pipe whose
/// read end becomes readable once ``raise()`` was called, and stays so.
///
/// Owns both pipe ends (`pipe2`) from `init` to `deinit`. Any thread may call ``raise()``.
public final class WakeSignal: Sendable {
    private let ends: (read: FileDescriptor, write: FileDescriptor)
    private let raised = Mutex(false)

    public init() throws(SystemError) {
        ends = try FileDescriptor.pipe()
    }

    deinit {
        try? ends.read.close()
        try? ends.write.close()
    }

    /// The descriptor to poll for `.readable` beside the one being waited on.
    public var descriptor: FileDescriptor { ends.read }

    /// True once ``raise()`` was called.
    public var isRaised: Bool { raised.withLock { $0 } }

    /// Raises the signal (writes one byte to the pipe the first time). Safe to call more than once.
    public func raise() {
        let first = raised.withLock { raised in
            defer { raised = true }
            return !raised
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(ends.write.rawValue, &byte, 1)
    }

    /// Sleeps up to `timeout` (`poll(2)` on the pipe); returns true, early, once the signal is raised.
    @discardableResult
    public func wait(timeout: Duration) -> Bool {
        if isRaised { return true }
        _ = try? descriptor.poll(.readable, timeout: timeout)
        return isRaised
    }
}
