/// How the wall time of an event was obtained (DESIGN.md §6).
public struct ClockInfo: Codable, Sendable, Hashable {
    /// Whether the kernel clock was NTP-synchronised at capture (adjtimex).
    public var synced: Bool
    /// The kernel boot ID (`/proc/sys/kernel/random/boot_id`) of the capture.
    public var bootID: String
    /// `CLOCK_BOOTTIME` at capture, in nanoseconds.
    public var uptimeNs: UInt64
    /// Set when the wall time was corrected from boot time after the clock became synchronised.
    public var corrected: Bool?
    /// The wall time as captured, kept when ``corrected`` (the hash chain covers the event as captured).
    public var originalTime: String?

    public init(synced: Bool, bootID: String, uptimeNs: UInt64, corrected: Bool? = nil) {
        self.synced = synced
        self.bootID = bootID
        self.uptimeNs = uptimeNs
        self.corrected = corrected
    }
}
