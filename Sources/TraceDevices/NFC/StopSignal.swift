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
}
