/// Decides which codes in view are new: a camera sees the same code in every frame while it is in front of
/// it, and that is one read. A code is reported when it first appears, and again only after it has been
/// out of view for at least `reappearAfterNs`. Pure: time is passed in.
public struct PresenceTracker<Code: Hashable & Sendable>: Sendable {
    /// How long a code must have been absent to count as a new appearance.
    public let reappearAfterNs: UInt64
    private var lastSeenNs: [Code: UInt64] = [:]

    public init(reappearAfterNs: UInt64) {
        self.reappearAfterNs = reappearAfterNs
    }

    /// Codes currently tracked as in view (seen within the reappear window of the last observation).
    public var tracked: Int { lastSeenNs.count }

    /// The codes in view at `nowNs` (a frame's capture time, monotonic). Returns those to report, in the order
    /// given, each once: the ones not seen in the last `reappearAfterNs`.
    public mutating func observe(_ codes: [Code], atNs nowNs: UInt64) -> [Code] {
        var fresh: [Code] = []
        var inFrame = Set<Code>()
        for code in codes where inFrame.insert(code).inserted {
            if let seen = lastSeenNs[code], nowNs < seen || nowNs - seen < reappearAfterNs {
                lastSeenNs[code] = max(seen, nowNs)
                continue
            }
            fresh.append(code)
            lastSeenNs[code] = nowNs
        }
        lastSeenNs = lastSeenNs.filter { nowNs < $0.value || nowNs - $0.value < reappearAfterNs }
        return fresh
    }
}
