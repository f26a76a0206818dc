import SystemSupport

/// Spaces frames at most `fps` per second: file sources sleep until the next frame is due (waking early on
/// stop), live cameras drop frames that come before it.
struct FramePacer {
    let intervalNs: UInt64
    private var nextDueNs: UInt64 = 0

    init(fps: Int) {
        intervalNs = 1_000_000_000 / UInt64(max(1, fps))
    }

    /// Sleeps until the next frame is due; false when `wake` was raised meanwhile.
    mutating func waitForNext(wake: WakeSignal) -> Bool {
        let now = BootClock.nowNanoseconds()
        if nextDueNs > now, wake.wait(timeout: .nanoseconds(Int64(nextDueNs - now))) { return false }
        if wake.isRaised { return false }
        markDelivered(at: max(now, nextDueNs))
        return true
    }

    /// True when a frame arriving at `nowNs` is due (a live camera drops the others); marks it delivered.
    mutating func admit(atNs nowNs: UInt64) -> Bool {
        guard nowNs >= nextDueNs else { return false }
        markDelivered(at: nowNs)
        return true
    }

    private mutating func markDelivered(at ns: UInt64) {
        // On time or a little late: keep the cadence. Far behind (a slow decode): restart it from now, so late
        // frames do not pile up into a burst.
        let base = ns >= nextDueNs && ns - nextDueNs < intervalNs ? nextDueNs : ns
        nextDueNs = base + intervalNs
    }
}
