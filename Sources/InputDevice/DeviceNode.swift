import Glibc
import Synchronization
import SystemSupport

/// An open character device that one thread reads with blocking calls and any thread may close.
///
/// Shared by ``EventDevice`` and ``HIDRawDevice``: the descriptor, a wake-up pipe, and the
/// bookkeeping that releases the descriptor only after the last call in progress returned (so a
/// number the kernel reuses is never read by mistake), as `SerialPort` does.
final class DeviceNode: Sendable {
    let path: String
    let descriptor: FileDescriptor
    private let wakeUp: (read: FileDescriptor, write: FileDescriptor)
    private let state = Mutex(State())
    /// Runs once on the descriptor just before it is closed (e.g. `EVIOCGRAB 0`).
    private let beforeClose: @Sendable (FileDescriptor) -> Void

    private struct State {
        var isClosed = false
        var callsInProgress = 0
        var released = false
    }

    /// Opens `path` read-only, non-blocking, without becoming its controlling terminal, and makes
    /// the wake-up pipe. Releases what it acquired when a step fails.
    init(path: String, beforeClose: @escaping @Sendable (FileDescriptor) -> Void = { _ in }) throws(InputDeviceError) {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        } catch {
            throw InputDeviceError.opening(path, cause: error)
        }
        do {
            wakeUp = try FileDescriptor.pipe()
        } catch {
            try? fd.close()
            throw InputDeviceError(.io, path: path, message: "cannot create a wake-up pipe for \(path)", cause: error)
        }
        self.path = path
        self.descriptor = fd
        self.beforeClose = beforeClose
    }

    deinit {
        let release = state.withLock { state in
            defer { state.released = true }
            return !state.released
        }
        if release { releaseDescriptors() }
    }

    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Runs `body` with the descriptor, unless the node is closed.
    func withDescriptor<Result>(_ body: (FileDescriptor) throws(InputDeviceError) -> Result) throws(InputDeviceError) -> Result {
        try enter()
        defer { leave() }
        return try body(descriptor)
    }

    /// Waits up to `timeout` (`poll(2)`) and reads what is there (`read(2)`); empty when the time
    /// passed without data. Data that came before a hang-up is returned first.
    func read(maxBytes: Int, timeout: Duration) throws(InputDeviceError) -> [UInt8] {
        try enter()
        defer { leave() }
        let ready: [PollEvents]
        do {
            ready = try FileDescriptor.poll([(descriptor, .readable), (wakeUp.read, .readable)], timeout: timeout)
        } catch {
            throw InputDeviceError.transferring(path, cause: error)
        }
        if !ready[1].isEmpty { throw .closed(path) }
        let events = ready[0]
        if events.contains(.invalid) { throw .closed(path) }
        if events.contains(.readable) {
            var bytes: [UInt8]? = nil
            do throws(SystemError) {
                bytes = try descriptor.read(maxBytes: maxBytes)
            } catch SystemError.Code.wouldBlock {
                // Nothing after all; fall through to the hang-up check.
            } catch {
                throw InputDeviceError.transferring(path, cause: error)
            }
            if let bytes {
                if !bytes.isEmpty { return bytes }
                // End of file: the node is gone (a hung-up emulated node may read 0).
                throw InputDeviceError.disconnected(path)
            }
        }
        if !events.isDisjoint(with: [.hangUp, .error]) { throw .disconnected(path) }
        return []
    }

    /// Wakes a waiting ``read(maxBytes:timeout:)`` (it throws ``InputDeviceError/Code/closed``)
    /// and releases the descriptors once no call is in progress. Safe to call more than once,
    /// from any thread.
    func close() {
        let releaseNow = state.withLock { state -> Bool in
            guard !state.isClosed else { return false }
            state.isClosed = true
            guard state.callsInProgress == 0 else {
                // Written under the lock: once released, the pipe's number may belong to someone else.
                var byte: UInt8 = 1
                _ = Glibc.write(wakeUp.write.rawValue, &byte, 1)
                return false
            }
            state.released = true
            return true
        }
        if releaseNow { releaseDescriptors() }
    }

    private func enter() throws(InputDeviceError) {
        let open = state.withLock { state in
            if !state.isClosed { state.callsInProgress += 1 }
            return !state.isClosed
        }
        if !open { throw .closed(path) }
    }

    private func leave() {
        let release = state.withLock { state -> Bool in
            state.callsInProgress -= 1
            guard state.isClosed, state.callsInProgress == 0, !state.released else { return false }
            state.released = true
            return true
        }
        if release { releaseDescriptors() }
    }

    private func releaseDescriptors() {
        beforeClose(descriptor)
        try? descriptor.close()
        try? wakeUp.read.close()
        try? wakeUp.write.close()
    }
}
