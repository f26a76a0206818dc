import Glibc
import Synchronization

/// A descriptor that one thread uses with blocking calls (poll + read/write) and any thread may
/// close: ``close()`` wakes a call in progress through a pipe (poll ``wakeUp`` beside the
/// descriptor), and the descriptors are released only after the last call in progress returned, so
/// a number the kernel hands out again is never read, written or woken by mistake.
///
/// Shared by `SerialPort` and the input-device nodes.
public final class ClosableDescriptor: Sendable {
    /// The device's descriptor.
    public let descriptor: FileDescriptor
    /// Becomes readable when ``close()`` was called.
    public let wakeUp: FileDescriptor
    private let wakeWrite: FileDescriptor
    private let state = Mutex(State())
    /// Runs once on the descriptor just before it is closed (e.g. `EVIOCGRAB 0`).
    private let beforeClose: @Sendable (FileDescriptor) -> Void

    private struct State {
        var isClosed = false
        var callsInProgress = 0
        var released = false
    }

    /// Takes ownership of `descriptor` and makes the wake-up pipe (`pipe2(2)`). When this throws,
    /// the caller still owns `descriptor`.
    public init(_ descriptor: FileDescriptor, beforeClose: @escaping @Sendable (FileDescriptor) -> Void = { _ in })
        throws(SystemError)
    {
        let pipe = try FileDescriptor.pipe()
        self.descriptor = descriptor
        self.wakeUp = pipe.read
        self.wakeWrite = pipe.write
        self.beforeClose = beforeClose
    }

    deinit {
        let release = state.withLock { state in
            defer { state.released = true }
            return !state.released
        }
        if release { releaseDescriptors() }
    }

    /// True once ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Marks a call in progress; false (and nothing marked) once closed. Pair with ``leave()``.
    public func enter() -> Bool {
        state.withLock { state in
            if !state.isClosed { state.callsInProgress += 1 }
            return !state.isClosed
        }
    }

    /// Ends a call marked by ``enter()``; the last one after ``close()`` releases the descriptors.
    public func leave() {
        let release = state.withLock { state -> Bool in
            state.callsInProgress -= 1
            guard state.isClosed, state.callsInProgress == 0, !state.released else { return false }
            state.released = true
            return true
        }
        if release { releaseDescriptors() }
    }

    /// Wakes a call in progress and releases the descriptors once none is left. Safe to call more
    /// than once, from any thread.
    public func close() {
        let releaseNow = state.withLock { state -> Bool in
            guard !state.isClosed else { return false }
            state.isClosed = true
            guard state.callsInProgress == 0 else {
                // Written while holding the lock: once it is released, the call in progress may return
                // and close the pipe, and its number could already belong to someone else (a socket,
                // the database) when this byte is written.
                var byte: UInt8 = 1
                _ = Glibc.write(wakeWrite.rawValue, &byte, 1)
                return false
            }
            state.released = true
            return true
        }
        if releaseNow { releaseDescriptors() }
    }

    private func releaseDescriptors() {
        beforeClose(descriptor)
        try? descriptor.close()
        try? wakeUp.close()
        try? wakeWrite.close()
    }
}
