import Foundation
import SystemSupport
import TraceModel

/// Takes the capture stamp of a reading: wall time, boot ID, CLOCK_BOOTTIME and NTP sync state (DESIGN.md §6).
public struct CaptureClock: Sendable {
    public let bootID: String
    /// UTC offset for event times; nil = the machine's local offset at each stamp.
    public let offsetSeconds: Int32?

    public init(offsetSeconds: Int32?) {
        self.bootID = (try? BootID.current.rawValue) ?? "unknown"
        self.offsetSeconds = offsetSeconds
    }

    public func stamp() -> CaptureStamp {
        let now = Date()
        let offset = offsetSeconds ?? Int32(TimeZone.current.secondsFromGMT(for: now))
        return CaptureStamp(
            time: EventTime(unixMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)), offsetSeconds: offset),
            clock: ClockInfo(synced: (try? ClockSync.isSynchronized()) ?? false, bootID: bootID, uptimeNs: BootClock.nowNanoseconds()))
    }
}
