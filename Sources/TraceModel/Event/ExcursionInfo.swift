/// A cold-chain excursion (the `excursion` object of a TraceEvent of kind `excursion`): a configured
/// rule was broken for longer than it allows (`phase` `start`), or the value came back (`phase` `end`).
/// `extreme` is the most extreme value seen so far: the highest for `above` and `rate`, the lowest
/// for `below`. Times are the event times of the first and last offending samples.
public struct ExcursionInfo: Codable, Sendable, Hashable {
    /// The rule's configured name, e.g. `chilled-above-8`.
    public var rule: String
    /// `start` or `end`.
    public var phase: String
    /// The sensor (device id) whose readings broke the rule.
    public var sensor: String
    /// `temperatureC` or `humidityPct`.
    public var quantity: String
    /// `above`, `below` or `rate` (change per minute, either direction).
    public var condition: String
    /// The rule's limit (a value, or a change per minute for `rate`).
    public var limit: Double
    /// The most extreme value (or rate per minute) during the excursion.
    public var extreme: Double
    /// When the excursion began (the first offending sample).
    public var startTime: String
    /// When it ended (the first sample back within the limit); nil at `start`.
    public var endTime: String?
    /// How long it lasted in seconds so far.
    public var durationS: Int?

    public init(rule: String, phase: String, sensor: String, quantity: String, condition: String, limit: Double,
                extreme: Double, startTime: String, endTime: String? = nil, durationS: Int? = nil) {
        self.rule = rule
        self.phase = phase
        self.sensor = sensor
        self.quantity = quantity
        self.condition = condition
        self.limit = limit
        self.extreme = extreme
        self.startTime = startTime
        self.endTime = endTime
        self.durationS = durationS
    }
}
