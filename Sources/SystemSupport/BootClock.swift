import Glibc

/// Time since boot, counting suspend: `clock_gettime(CLOCK_BOOTTIME)`.
///
/// Never goes backwards and never jumps when the wall clock is set, so it orders scans and
/// measures timeouts even while NTP has not synchronised the wall clock yet. Pair a reading
/// with ``BootID/current`` to compare readings across restarts of the daemon (not of the box).
public enum BootClock {
    /// Nanoseconds since boot (`clock_gettime(CLOCK_BOOTTIME)`).
    public static func nowNanoseconds() -> UInt64 {
        var time = timespec()
        // CLOCK_BOOTTIME exists since Linux 2.6.39 and the call cannot fail with a valid pointer.
        let result = clock_gettime(CLOCK_BOOTTIME, &time)
        precondition(result == 0, "clock_gettime(CLOCK_BOOTTIME) failed: errno \(errno)")
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
