/// A trustworthy link between boot time and wall time for one boot, taken while the kernel clock was
/// synchronised (DESIGN.md §6). With it, an event captured earlier in the same boot with an unsynchronised
/// clock (a gateway without RTC that booted into 1970 or last week) gets its real time back.
public struct ClockReference: Codable, Sendable, Hashable {
    /// The boot this reference is valid for.
    public var bootID: String
    /// Wall time (ms since epoch) at boot time zero: wall time at the reference minus CLOCK_BOOTTIME.
    public var wallMillisAtBoot: Int64

    public init(bootID: String, wallMillisAtBoot: Int64) {
        self.bootID = bootID
        self.wallMillisAtBoot = wallMillisAtBoot
    }

    /// The reference from one synchronised reading of both clocks.
    public init(bootID: String, wallMillis: Int64, uptimeNs: UInt64) {
        self.init(bootID: bootID, wallMillisAtBoot: wallMillis - Int64(uptimeNs / 1_000_000))
    }
}

extension TraceEvent {
    /// This event with its time recomputed from boot time, marked `clock.corrected` and with the captured
    /// time kept in `clock.originalTime`; nil when there is nothing to correct (captured synchronised,
    /// already corrected, or in another boot).
    public func correctingTime(with reference: ClockReference) -> TraceEvent? {
        guard !clock.synced, clock.corrected != true, clock.bootID == reference.bootID else { return nil }
        var event = self
        event.time = EventTime(unixMillis: reference.wallMillisAtBoot + Int64(clock.uptimeNs / 1_000_000),
                               offsetSeconds: time.offsetSeconds)
        event.clock.corrected = true
        event.clock.originalTime = time.description
        return event
    }
}
