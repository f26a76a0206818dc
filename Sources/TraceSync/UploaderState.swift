import Foundation

/// The uploader's mutable figures, behind an actor.
actor UploaderState {
    private(set) var status: UploaderStatus
    private var window: [(millis: Int64, count: Int)] = []

    init(status: UploaderStatus) {
        self.status = status
    }

    func update(_ change: @Sendable (inout UploaderStatus) -> Void) {
        change(&status)
    }

    func delivered(count: Int, quarantined: Int, atMillis now: Int64) {
        status.delivered += Int64(count)
        status.quarantined += Int64(quarantined)
        status.lastSuccessMillis = now
        window.append((now, count + quarantined))
        window.removeAll { now - $0.millis > 60_000 }
        let span = max(1.0, Double(now - (window.first?.millis ?? now)) / 1000)
        status.eventsPerSecond = Double(window.reduce(0) { $0 + $1.count }) / (window.count > 1 ? span : 1)
    }
}

/// A "once per interval" gate.
final class ManagedAtomicMillis: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Int64 = 0

    func due(now: Int64, every interval: Int64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if now - last < interval { return false }
        last = now
        return true
    }
}
