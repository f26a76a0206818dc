/// A configured excursion rule: a quantity above or below a limit, or changing faster than a rate per
/// minute, for longer than `minDurationMs` (0: the first offending sample starts the excursion).
public struct ExcursionRule: Sendable, Hashable {
    /// What is measured.
    public enum Quantity: String, Sendable, Hashable, CaseIterable {
        case temperatureC, humidityPct
    }

    /// When a sample offends.
    public enum Condition: Sendable, Hashable {
        /// The value is greater than the limit.
        case above(Double)
        /// The value is less than the limit.
        case below(Double)
        /// The value changes by more than this much per minute (either direction), measured between
        /// consecutive samples.
        case rate(perMinute: Double)

        /// `above`, `below`, `rate`.
        public var name: String {
            switch self {
            case .above: "above"
            case .below: "below"
            case .rate: "rate"
            }
        }

        /// The limit (value, or change per minute).
        public var limit: Double {
            switch self {
            case .above(let v), .below(let v), .rate(let v): v
            }
        }
    }

    public var name: String
    public var quantity: Quantity
    public var condition: Condition
    /// How long samples must offend before the excursion starts, in milliseconds.
    public var minDurationMs: Int64

    public init(name: String, quantity: Quantity, condition: Condition, minDurationMs: Int64 = 0) {
        self.name = name
        self.quantity = quantity
        self.condition = condition
        self.minDurationMs = minDurationMs
    }
}
