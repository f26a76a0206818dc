import Testing
@testable import TraceSync

@Suite("Retry decision (pure)")
struct RetryPolicyTests {
    @Test("full-jitter backoff: ceiling doubles from base up to the cap; delay = unit × ceiling", arguments: [
        (0, 500), (1, 1000), (2, 2000), (3, 4000), (6, 32000), (7, 60000), (30, 60000), (100, 60000),
    ])
    func backoffCeiling(attempt: Int, ms: Int64) {
        let b = Backoff(base: .milliseconds(500), cap: .seconds(60))
        #expect(b.ceiling(attempt: attempt) == .milliseconds(ms))
        #expect(b.delay(attempt: attempt, unit: 0) == .zero)
        #expect(b.delay(attempt: attempt, unit: 0.5) == .milliseconds(ms) / 2)
        #expect(b.delay(attempt: attempt, unit: 7) == .milliseconds(ms), "unit is clamped to [0, 1]")
    }

    @Test("Retry-After: seconds and IMF-fixdate", arguments: [
        ("120", Int64(784_111_777_000), Duration.seconds(120)),
        ("0", Int64(0), Duration.seconds(0)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", Int64(784_111_777_000 - 5000), Duration.milliseconds(5000)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", Int64(784_111_777_000 + 5000), Duration.zero),
    ])
    func retryAfter(value: String, now: Int64, expected: Duration) {
        #expect(RetryAfter.parse(value, nowMillis: now) == expected)
    }

    @Test("Retry-After garbage is ignored", arguments: ["", "soon", "-5", "1.5", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"])
    func retryAfterGarbage(value: String) {
        #expect(RetryAfter.parse(value, nowMillis: 0) == nil)
    }

    @Test("status → decision table")
    func classify() {
        func c(_ status: Int, _ retryAfter: String? = nil, body: String = "", count: Int = 10) -> UploadDecision {
            ResponseClassifier.classify(status: status, retryAfter: retryAfter, body: Array(body.utf8), batchCount: count, nowMillis: 0)
        }
        #expect(c(200, body: #"{"accepted":9,"duplicates":1,"rejected":[]}"#) == .delivered(rejected: []))
        #expect(c(200, body: #"{"accepted":9,"duplicates":0,"rejected":[{"eventID":"x","reason":"bad gtin"}]}"#)
                == .delivered(rejected: [.init(eventID: "x", reason: "bad gtin")]))
        #expect(c(413) == .split)
        #expect(c(413, count: 1) == .quarantine(reason: "platform answered 413: a single event is larger than it accepts"))
        #expect(c(422, body: #"{"error":"poison"}"#) == .bisect(reason: "platform answered 422: poison"))
        #expect(c(400, body: #"{"error":"poison"}"#, count: 1) == .quarantine(reason: "platform answered 400: poison"))
        guard case .retry(let after, _, let link) = c(429, "7") else { Issue.record("429 must retry"); return }
        #expect(after == .seconds(7) && link == .degraded)
        guard case .retry(nil, _, .degraded) = c(503) else { Issue.record("503 without Retry-After: backoff"); return }
        guard case .retry(nil, _, .degraded) = c(500) else { Issue.record("500 must retry"); return }
        guard case .retry(nil, _, .degraded) = c(404) else { Issue.record("404 must keep the queue"); return }
        guard case .retry(nil, let reason, .unauthorized) = c(401) else { Issue.record("401 must keep the queue"); return }
        #expect(reason.contains("token"))
        guard case .retry(nil, _, .unauthorized) = c(403) else { Issue.record("403 must keep the queue"); return }
    }
}

@Suite("Retry-After with jitter")
struct RetryAfterJitterTests {
    @Test("never earlier than asked, at most a fifth (or the base) later", arguments: [
        (Duration.seconds(10), 0.0, Duration.seconds(10)),
        (Duration.seconds(10), 1.0, Duration.seconds(12)),
        (Duration.seconds(10), 0.5, Duration.seconds(11)),
        (Duration.zero, 1.0, Duration.milliseconds(500)),      // "retry now": still spread over the base
        (Duration.seconds(1), 1.0, Duration.milliseconds(1500)),
    ])
    func bounds(after: Duration, unit: Double, expected: Duration) {
        #expect(Backoff(base: .milliseconds(500), cap: .seconds(60)).delay(retryAfter: after, unit: unit) == expected)
    }

    @Test("a fleet of 200 gateways told Retry-After: 30 spreads over 6 s instead of returning at once")
    func fleetSpread() {
        let backoff = Backoff(base: .milliseconds(500), cap: .seconds(60))
        let delays = (0..<200).map { _ in backoff.delay(retryAfter: .seconds(30), unit: Double.random(in: 0..<1)) }
        #expect(delays.allSatisfy { $0 >= .seconds(30) && $0 < .seconds(36) })
        // Buckets of 500 ms: no bucket holds more than a quarter of the fleet.
        var buckets: [Int: Int] = [:]
        for d in delays { buckets[Int(d.components.seconds * 2) + Int(d.components.attoseconds / 500_000_000_000_000_000), default: 0] += 1 }
        #expect(buckets.count >= 8)
        #expect(buckets.values.max()! <= 50)
    }
}
