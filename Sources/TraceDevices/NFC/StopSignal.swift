import Dispatch
import Synchronization

/// A flag set once, that a thread can also block on until it is set (no polling).
final class StopSignal: Sendable {
    private let value = Mutex(false)
    private let semaphore = DispatchSemaphore(value: 0)

    func set() {
        let first = value.withLock { v in
            defer { v = true }
            return !v
        }
        if first { semaphore.signal() }
    }

    var isSet: Bool { value.withLock { $0 } }

    /// Blocks the calling thread until ``set()`` (returns at once when it already was).
    func waitUntilSet() {
        if isSet { return }
        semaphore.wait()
        semaphore.signal()  // let another waiter through too
    }

    /// Blocks the calling thread for `ms` or until ``set()``, whichever comes first; true when set. One sleep
    /// in the kernel, not steps that wake to look at the flag.
    func wait(ms: Int) -> Bool {
        if isSet { return true }
        guard semaphore.wait(timeout: .now() + .milliseconds(max(0, ms))) == .success else { return isSet }
        semaphore.signal()
        return true
    }
}
