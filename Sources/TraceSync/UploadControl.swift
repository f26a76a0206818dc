import Synchronization
import TraceStore

/// What an operator can ask of the running uploader (through the daemon's control socket): upload now,
/// skipping the backoff wait (`edgetrace sync`), and pause/resume uploading (`edgetrace pause|resume`).
///
/// Pausing keeps capturing: events stay queued in the store and drain when uploading resumes.
public final class UploadControl: Sendable {
    private let store: TraceStore
    private let state = Mutex(State())

    private struct State {
        var paused = false
        /// Bumped by every request, so a waiting uploader sees that something changed.
        var generation = 0
    }

    public init(store: TraceStore) {
        self.store = store
    }

    /// True while uploading is paused.
    public var isPaused: Bool { state.withLock { $0.paused } }

    /// Ends the uploader's idle or backoff wait at once, so the queue is tried now.
    public func syncNow() async {
        state.withLock { $0.generation += 1 }
        await store.wakeCommitWaiters()
    }

    /// Stops sending after the request in flight (if any). Returns whether it was running before.
    @discardableResult
    public func pause() async -> Bool {
        let was = state.withLock { s in
            defer { s.paused = true; s.generation += 1 }
            return !s.paused
        }
        // An idle uploader wakes, sees the pause and says so in its status.
        await store.wakeCommitWaiters()
        return was
    }

    /// Resumes sending at once. Returns whether it was paused before.
    @discardableResult
    public func resume() async -> Bool {
        let was = state.withLock { s in
            defer { s.paused = false; s.generation += 1 }
            return s.paused
        }
        await store.wakeCommitWaiters()
        return was
    }

    var generation: Int { state.withLock { $0.generation } }

    /// Sleeps up to `duration`, returning early when a request arrives (checked every 50 ms) or the task is
    /// cancelled.
    func sleep(for duration: Duration) async {
        let start = generation
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while clock.now < deadline, generation == start {
            let slice = min(.milliseconds(50), clock.now.duration(to: deadline))
            do { try await Task.sleep(for: slice) } catch { return }
        }
    }
}
