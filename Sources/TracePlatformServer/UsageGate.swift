import Foundation

/// Counts the users of a resource so that it is closed only once none is left, and refuses new
/// users once closing has begun. (GRDB must not be used after `close()`.)
final class UsageGate: @unchecked Sendable {
    /// Thrown by ``enter()`` once the gate is closed.
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the platform database is closed (the server is shutting down)" }
    }

    private let condition = NSCondition()
    private var closed = false
    private var active = 0

    /// Registers a user, or throws ``Closed``.
    func enter() throws(Closed) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { throw Closed() }
        active += 1
    }

    /// Unregisters a user registered by ``enter()``.
    func leave() {
        condition.lock()
        defer { condition.unlock() }
        active -= 1
        if active == 0 { condition.broadcast() }
    }

    /// Refuses new users and blocks until the current ones have left; false if already closed.
    func closeAndWait() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        closed = true
        while active > 0 { condition.wait() }
        return true
    }
}
