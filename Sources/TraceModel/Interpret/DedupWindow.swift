/// Drops repeated reads of the same code on the same device inside a time window (a decision value, no I/O).
///
/// Time is the monotonic boot clock in nanoseconds, so wall-clock steps never open or close the window.
/// A read inside the window does not extend it: a code held under a scanner for minutes is kept once per window.
public struct DedupWindow: Sendable {
    private struct Key: Hashable {
        var device: String
        var code: [UInt8]
    }

    /// Window length in nanoseconds; 0 disables dedup.
    public let windowNs: UInt64
    private var lastKept: [Key: UInt64] = [:]
    private var lastPrune: UInt64 = 0
    /// Reads dropped as duplicates since creation.
    public private(set) var dropped: UInt64 = 0

    public init(windowNs: UInt64) {
        self.windowNs = windowNs
    }

    /// Whether a read is new (kept) or a duplicate inside the window (dropped and counted).
    public mutating func admit(device: String, code: [UInt8], atNs now: UInt64) -> Bool {
        guard windowNs > 0 else { return true }
        let key = Key(device: device, code: code)
        if let kept = lastKept[key], now >= kept, now - kept < windowNs {
            dropped += 1
            return false
        }
        lastKept[key] = now
        if lastKept.count > 256, now &- lastPrune >= windowNs {
            lastPrune = now
            lastKept = lastKept.filter { now < $0.value || now - $0.value < windowNs }
        }
        return true
    }

    /// Undoes the ``admit(device:code:atNs:)`` of a read that was then not captured (the store refused it),
    /// so that scanning it again is a new read, not a duplicate of one that was never kept.
    public mutating func forget(device: String, code: [UInt8], admittedAtNs: UInt64) {
        let key = Key(device: device, code: code)
        if lastKept[key] == admittedAtNs { lastKept[key] = nil }
    }
}
