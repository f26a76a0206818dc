/// Applies ``ExcursionRule``s to one sensor's samples and says when excursions start and end. Pure:
/// time comes with each sample (the capture time of the reading), so tests drive it with any clock.
///
/// Per rule: a sample that offends starts a *pending* excursion; once samples have offended for
/// `minDurationMs` (measured from the first offending sample) it becomes *active* and a `start` is
/// reported; the first sample back within the limit reports `end` (or silently drops a pending one).
/// A sample without the rule's quantity (no reading) changes nothing: gaps are not guessed over.
public struct ExcursionDetector: Sendable {
    public let sensor: String
    public let rules: [ExcursionRule]
    private var states: [State]
    private var previous: [ExcursionRule.Quantity: (value: Double, atMillis: Int64)] = [:]

    enum Phase: Sendable { case normal, pending, active }

    struct State: Sendable {
        var phase: Phase = .normal
        var startMillis: Int64 = 0
        var startTime = ""
        var extreme = 0.0
    }

    public init(sensor: String, rules: [ExcursionRule]) {
        self.sensor = sensor
        self.rules = rules
        states = Array(repeating: State(), count: rules.count)
    }

    /// Whether an excursion of `rule` is active now.
    public func isActive(_ rule: String) -> Bool {
        rules.indices.contains { rules[$0].name == rule && states[$0].phase == .active }
    }

    /// Feeds one sample taken at `time`; returns the excursions that started or ended with it.
    public mutating func observe(_ sample: SensorData, at time: EventTime) -> [ExcursionInfo] {
        var out: [ExcursionInfo] = []
        var current: [ExcursionRule.Quantity: Double] = [:]
        if let t = sample.temperatureC { current[.temperatureC] = t }
        if let h = sample.humidityPct { current[.humidityPct] = h }
        for i in rules.indices {
            let rule = rules[i]
            guard let value = current[rule.quantity] else { continue }
            let measured: Double?
            let offends: Bool
            switch rule.condition {
            case .above(let limit):
                measured = value
                offends = value > limit
            case .below(let limit):
                measured = value
                offends = value < limit
            case .rate(let limit):
                if let prev = previous[rule.quantity], time.unixMillis > prev.atMillis {
                    let perMinute = (value - prev.value) / (Double(time.unixMillis - prev.atMillis) / 60_000)
                    measured = (perMinute * 10_000).rounded() / 10_000
                    offends = abs(perMinute) > limit
                } else {
                    measured = nil
                    offends = false
                }
            }
            guard let measured else { continue }
            var s = states[i]
            if offends {
                if s.phase == .normal {
                    s = State(phase: .pending, startMillis: time.unixMillis, startTime: time.description, extreme: measured)
                } else {
                    s.extreme = Self.worse(s.extreme, measured, rule.condition)
                }
                if s.phase == .pending, time.unixMillis - s.startMillis >= rule.minDurationMs {
                    s.phase = .active
                    out.append(info(rule, s, phase: "start", end: nil, nowMillis: time.unixMillis))
                }
            } else {
                if s.phase == .active {
                    out.append(info(rule, s, phase: "end", end: time, nowMillis: time.unixMillis))
                }
                s = State()
            }
            states[i] = s
        }
        for (q, v) in current { previous[q] = (v, time.unixMillis) }
        return out
    }

    private func info(_ rule: ExcursionRule, _ s: State, phase: String, end: EventTime?, nowMillis: Int64) -> ExcursionInfo {
        ExcursionInfo(
            rule: rule.name, phase: phase, sensor: sensor, quantity: rule.quantity.rawValue,
            condition: rule.condition.name, limit: rule.condition.limit, extreme: s.extreme,
            startTime: s.startTime, endTime: end?.description, durationS: Int((nowMillis - s.startMillis) / 1000))
    }

    /// The more extreme of two values for the condition: higher for `above`, lower for `below`, larger
    /// magnitude (sign kept) for `rate`.
    static func worse(_ a: Double, _ b: Double, _ condition: ExcursionRule.Condition) -> Double {
        switch condition {
        case .above: max(a, b)
        case .below: min(a, b)
        case .rate: abs(b) > abs(a) ? b : a
        }
    }
}
