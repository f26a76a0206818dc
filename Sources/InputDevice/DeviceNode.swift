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
    private let handle: ClosableDescriptor
    var descriptor: FileDescriptor { handle.descriptor }

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
            handle = try ClosableDescriptor(fd, beforeClose: beforeClose)
        } catch {
            try? fd.close()
            throw InputDeviceError(.io, path: path, message: "cannot create a wake-up pipe for \(path)", cause: error)
        }
        self.path = path
    }

    var isClosed: Bool { handle.isClosed }

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
            ready = try FileDescriptor.poll([(descriptor, .readable), (handle.wakeUp, .readable)], timeout: timeout)
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
        handle.close()
    }

    private func enter() throws(InputDeviceError) {
        if !handle.enter() { throw .closed(path) }
    }

    private func leave() {
        handle.leave()
    }
}
