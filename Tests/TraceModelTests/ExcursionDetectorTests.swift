import Testing
import TraceModel

/// Excursion rules with an injected clock: each sample carries its own time.
@Suite("Excursion rules")
struct ExcursionDetectorTests {
    /// A case: the rule, samples as (seconds, value), and the excursions expected as
    /// (sample index, phase, extreme, start second, duration s).
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rule: ExcursionRule
        var samples: [(Int64, Double?)]
        var expected: [(Int, String, Double, Int64, Int)]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "above for longer than 5 min starts at the 5 min mark and ends when back",
             rule: .init(name: "hot", quantity: .temperatureC, condition: .above(8), minDurationMs: 300_000),
             samples: [(0, 5), (60, 8.5), (120, 9.7), (300, 9.1), (360, 10.2), (420, 7.9), (480, 7)],
             expected: [(4, "start", 10.2, 60, 300), (5, "end", 10.2, 60, 360)]),
        Case(name: "a short spike does not start an excursion",
             rule: .init(name: "hot", quantity: .temperatureC, condition: .above(8), minDurationMs: 300_000),
             samples: [(0, 5), (60, 12), (120, 13), (180, 6), (240, 5)],
             expected: []),
        Case(name: "at the limit is not above it",
             rule: .init(name: "hot", quantity: .temperatureC, condition: .above(8)),
             samples: [(0, 8), (60, 8.0)],
             expected: []),
        Case(name: "below, negative values, no minimum duration",
             rule: .init(name: "freezer-warm", quantity: .temperatureC, condition: .below(-25)),
             samples: [(0, -20), (60, -26), (120, -30.5), (180, -27), (240, -24)],
             expected: [(1, "start", -26, 60, 0), (4, "end", -30.5, 60, 180)]),
        Case(name: "rate of change per minute, either direction",
             rule: .init(name: "door-open", quantity: .temperatureC, condition: .rate(perMinute: 1)),
             samples: [(0, 4), (60, 4.5), (90, 6), (120, 5.9), (150, 3.4), (210, 3.3)],
             expected: [(2, "start", 3, 90, 0), (3, "end", 3, 90, 30), (4, "start", -5, 150, 0), (5, "end", -5, 150, 60)]),
        Case(name: "a gap (no reading) is not guessed over",
             rule: .init(name: "hot", quantity: .temperatureC, condition: .above(8), minDurationMs: 120_000),
             samples: [(0, 9), (60, nil), (120, 9.5), (180, 7)],
             expected: [(2, "start", 9.5, 0, 120), (3, "end", 9.5, 0, 180)]),
        Case(name: "humidity rules read humidity",
             rule: .init(name: "damp", quantity: .humidityPct, condition: .above(70)),
             samples: [(0, 60), (60, 75)],
             expected: [(1, "start", 75, 60, 0)]),
    ]

    @Test("rule table", arguments: cases)
    func table(c: Case) {
        var detector = ExcursionDetector(sensor: "cold-1", rules: [c.rule])
        var got: [(Int, ExcursionInfo)] = []
        for (i, (second, value)) in c.samples.enumerated() {
            let data = c.rule.quantity == .temperatureC ? SensorData(temperatureC: value) : SensorData(humidityPct: value)
            for e in detector.observe(data, at: EventTime(unixMillis: 1_796_000_000_000 + second * 1000)) { got.append((i, e)) }
        }
        #expect(got.count == c.expected.count, "got \(got.map { "\($0.0) \($0.1.phase) \($0.1.extreme)" })")
        for ((i, e), x) in zip(got, c.expected) {
            #expect(i == x.0)
            #expect(e.phase == x.1)
            #expect(e.extreme == x.2)
            #expect(e.startTime == EventTime(unixMillis: 1_796_000_000_000 + x.3 * 1000).description)
            #expect(e.durationS == x.4)
            #expect(e.rule == c.rule.name && e.sensor == "cold-1" && e.condition == c.rule.condition.name)
            #expect((e.endTime != nil) == (e.phase == "end"))
        }
    }
}
