import Foundation
import Testing
@testable import TracePlatformServer

/// The fault set as a value: decisions, counts, and its JSON form.
struct PlatformFaultsTests {
    @Test(arguments: [
        (PlatformFaults(), [BatchFaultDecision.proceed, .proceed]),
        (PlatformFaults(status: 503, statusCount: 1), [.status(503, retryAfter: nil), .proceed]),
        (PlatformFaults(status: 429, retryAfter: "2"), [.status(429, retryAfter: "2"), .status(429, retryAfter: "2")]),
        (PlatformFaults(drop: true, dropCount: 1), [.drop, .proceed]),
        (PlatformFaults(status: 503, statusCount: 1, drop: true, dropCount: 1), [.drop, .status(503, retryAfter: nil), .proceed]),
        (PlatformFaults(status: 503, statusCount: 0), [.proceed]),
    ])
    func decidesInOrderAndCountsDown(faults: PlatformFaults, expected: [BatchFaultDecision]) {
        var faults = faults
        faults.normalize()
        let decisions = expected.map { _ in faults.takeBatchDecision() }
        #expect(decisions == expected)
    }

    @Test func clearsACountedFaultOnceUsedUp() {
        var faults = PlatformFaults(status: 503, statusCount: 1, retryAfter: "1", maxEvents: 10)
        _ = faults.takeBatchDecision()
        #expect(faults == PlatformFaults(maxEvents: 10))
    }

    @Test(arguments: [
        (#"{"status": 503, "count": 5}"#, PlatformFaults(status: 503, statusCount: 5)),
        (#"{"status": 429, "retryAfter": "2"}"#, PlatformFaults(status: 429, retryAfter: "2")),
        (#"{"status": 429, "retryAfter": 2}"#, PlatformFaults(status: 429, retryAfter: "2")),
        (#"{"drop": true, "count": 2}"#, PlatformFaults(drop: true, dropCount: 2)),
        (#"{"status": 503, "count": 1, "drop": true, "dropCount": 3}"#,
         PlatformFaults(status: 503, statusCount: 1, drop: true, dropCount: 3)),
        (#"{"maxEvents": 50, "delayMs": 3000}"#, PlatformFaults(maxEvents: 50, delayMs: 3000)),
        (#"{"delayMsPerEvent": 4}"#, PlatformFaults(delayMsPerEvent: 4)),
        (#"{"rejectEventIDs": ["a"], "poisonEventIDs": ["b"], "poisonSubstring": "XYZ"}"#,
         PlatformFaults(rejectEventIDs: ["a"], poisonEventIDs: ["b"], poisonSubstring: "XYZ")),
        (#"{}"#, PlatformFaults()),
    ])
    func decodesTheDocumentedJSON(json: String, expected: PlatformFaults) throws {
        let faults = try JSONDecoder().decode(PlatformFaults.self, from: Data(json.utf8))
        #expect(faults == expected)
        let again = try JSONDecoder().decode(PlatformFaults.self, from: JSONEncoder().encode(faults))
        #expect(again == faults)
    }

    @Test(arguments: [
        #"{"delay": 5}"#,
        #"{"status": 42}"#,
        #"{"status": 503, "count": -1}"#,
        #"{"delayMs": 9999999}"#,
        #"{"delayMsPerEvent": -1}"#,
        #"{"delayMsPerEvent": 60001}"#,
        #"{"poisonSubstring": ""}"#,
        #"{"status": "503"}"#,
    ])
    func refusesInvalidJSON(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PlatformFaults.self, from: Data(json.utf8))
        }
    }
}
