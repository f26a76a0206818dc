import Synchronization

/// A wake-up that one side rings and another awaits with a timeout, without polling: the waiter sleeps
/// until the ring, the timeout or its task's cancellation. A ring while nobody waits is kept for the next
/// wait (at most one).
public final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var nextID: UInt64 = 0
        /// Waits in progress, and the continuation of those that are asleep.
        var active: Set<UInt64> = []
        var sleeping: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        /// Waits woken before their continuation was registered: by a ring (true) or not.
        var woken: [UInt64: Bool] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes every wait in progress, or the next wait when none is.
    public func ring() {
        let sleepers = state.withLock { s -> [CheckedContinuation<Bool, Never>] in
            guard !s.active.isEmpty else {
                s.rung = true
                return []
            }
            for id in s.active where s.sleeping[id] == nil { s.woken[id] = true }
            let sleepers = Array(s.sleeping.values)
            for id in s.sleeping.keys { s.active.remove(id) }
            s.sleeping = [:]
            return sleepers
        }
        for c in sleepers { c.resume(returning: true) }
    }

    /// Returns when rung or a ring was waiting (true), after `timeout` or when the task is cancelled (false).
    @discardableResult
    public func wait(timeout: Duration) async -> Bool {
        let id = state.withLock { s -> UInt64? in
            if s.rung {
                s.rung = false
                return nil
            }
            s.nextID &+= 1
            s.active.insert(s.nextID)
            return s.nextID
        }
        guard let id else { return true }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.wake(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
                let now = state.withLock { s -> Bool? in
                    if let byRing = s.woken.removeValue(forKey: id) {
                        s.active.remove(id)
                        return byRing
                    }
                    s.sleeping[id] = c
                    return nil
                }
                if let now { c.resume(returning: now) }
            }
        } onCancel: {
            wake(id)
        }
    }

    /// Ends one wait (its timeout or cancellation).
    private func wake(_ id: UInt64) {
        let sleeper = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard s.active.contains(id), s.woken[id] == nil else { return nil }
            if let c = s.sleeping.removeValue(forKey: id) {
                s.active.remove(id)
                return c
            }
            s.woken[id] = false
            return nil
        }
        sleeper?.resume(returning: false)
    }
}
