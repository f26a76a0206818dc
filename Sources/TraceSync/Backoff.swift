/// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
///
///     delay(attempt) = random(0, 1) × min(cap, base × 2^attempt)
///
/// A pure value: the random number is passed in, so tests can pin it.
public struct Backoff: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .milliseconds(500), cap: Duration = .seconds(60)) {
        self.base = base
        self.cap = cap
    }

    /// The ceiling for `attempt` (0 = first retry): `min(cap, base × 2^attempt)`.
    public func ceiling(attempt: Int) -> Duration {
        let exponent = min(max(attempt, 0), 40)
        let baseMs = Double(base.components.seconds) * 1000 + Double(base.components.attoseconds) / 1e15
        let capMs = Double(cap.components.seconds) * 1000 + Double(cap.components.attoseconds) / 1e15
        return .milliseconds(Int64(min(capMs, baseMs * Double(UInt64(1) << UInt64(exponent)))))
    }

    /// The delay before retry `attempt`, for `unit` drawn uniformly from [0, 1).
    public func delay(attempt: Int, unit: Double) -> Duration {
        ceiling(attempt: attempt) * min(max(unit, 0), 1)
    }

    /// The delay after a `Retry-After` of `after`: at least that, plus up to a fifth of it more (at least up
    /// to `base`), so that a fleet of gateways told the same `Retry-After` does not come back in lockstep:
    ///
    ///     delay = after + unit × max(after / 5, base)
    public func delay(retryAfter after: Duration, unit: Double) -> Duration {
        after + max(after / 5, base) * min(max(unit, 0), 1)
    }
}
