import Synchronization
import SystemSupport
import TraceStore

/// What an operator can ask of the running uploader (through the daemon's control socket): upload now,
/// skipping the backoff wait (`edgetrace sync`), and pause/resume uploading (`edgetrace pause|resume`).
///
/// Pausing keeps capturing: events stay queued in the store and drain when uploading resumes.
public final class UploadControl: Sendable {
    private let store: TraceStore
    private let state = Mutex(State())
    /// Rung by every request, so that a waiting uploader sees that something changed (no polling).
    private let requests = Doorbell()

    private struct State {
        var paused = false
    }

    public init(store: TraceStore) {
        self.store = store
    }

    /// True while uploading is paused.
    public var isPaused: Bool { state.withLock { $0.paused } }

    /// Ends the uploader's idle or backoff wait at once, so the queue is tried now.
    public func syncNow() async {
        requests.ring()
        await store.wakeCommitWaiters()
    }

    /// Stops sending after the request in flight (if any). Returns whether it was running before.
    @discardableResult
    public func pause() async -> Bool {
        let was = state.withLock { s in
            defer { s.paused = true }
            return !s.paused
        }
        requests.ring()
        // An idle uploader wakes, sees the pause and says so in its status.
        await store.wakeCommitWaiters()
        return was
    }

    /// Resumes sending at once. Returns whether it was paused before.
    @discardableResult
    public func resume() async -> Bool {
        let was = state.withLock { s in
            defer { s.paused = false }
            return s.paused
        }
        requests.ring()
        await store.wakeCommitWaiters()
        return was
    }

    /// Sleeps up to `duration`, returning early when a request arrives (or arrived since the last sleep) or
    /// the task is cancelled.
    func sleep(for duration: Duration) async {
        await requests.wait(timeout: duration)
    }
}
