import Foundation
import Testing
@testable import TracePlatformServer

/// Each fault over real HTTP, set in-process, over `/v1/_faults`, or at start.
@Suite(.timeLimit(.minutes(1)))
struct FaultInjectionTests {
    @Test func answersAStatusForCountPostsThenRecovers() async throws {
        try await TestSupport.withServer { server in
            server.setFaults(PlatformFaults(status: 503, statusCount: 2))
            for _ in 0..<2 {
                let failed = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...3)))
                #expect(failed.status == 503)
                #expect(failed.headers.first(name: "Retry-After") == nil)
            }
            #expect(server.faults() == .none)
            let recovered = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...3)))
            #expect(recovered.status == 200)
            #expect(recovered.json["accepted"] as? Int == 3)
        }
    }

    @Test(arguments: ["2", "Wed, 21 Oct 2026 07:28:00 GMT"])
    func sendsRetryAfterWith429(retryAfter: String) async throws {
        try await TestSupport.withServer(faults: PlatformFaults(status: 429, retryAfter: retryAfter)) { server in
            let response = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...1)))
            #expect(response.status == 429)
            #expect(response.headers.first(name: "Retry-After") == retryAfter)
            #expect(try server.eventCount(gateway: nil) == 0)
        }
    }

    @Test func answers413AboveMaxEvents() async throws {
        try await TestSupport.withServer(faults: PlatformFaults(maxEvents: 2)) { server in
            let tooMany = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...3)))
            #expect(tooMany.status == 413)
            let fits = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...2)))
            #expect(fits.status == 200)
        }
    }

    @Test func delaysTheAnswerWithoutBlockingTheEventLoop() async throws {
        // Ordering, not timing: every /healthz sent during the delay is answered before the delayed batch.
        // 8 s: four /healthz round trips fit in it even on a loaded machine (a parallel test run).
        try await TestSupport.withServer(faults: PlatformFaults(delayMs: 8000)) { server in
            let clock = ContinuousClock()
            let start = clock.now
            let delayedDone = ManagedFlag()
            async let delayed: HTTPTestResponse? = {
                defer { delayedDone.set() }
                return try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...2))
            }()
            try await Task.sleep(for: .milliseconds(100))
            // Other requests are answered during the delay, whichever event loop they land on.
            for _ in 0..<4 {
                let health = try #require(try await HTTPTestClient.send(port: server.port, path: "/healthz"))
                #expect(health.status == 200)
                #expect(!delayedDone.isSet, "/healthz waited for the delayed answer")
            }
            let response = try #require(try await delayed)
            #expect(clock.now - start >= .milliseconds(8000))
            #expect(response.status == 200)
        }
    }

    @Test func delaysLargerBatchesLonger() async throws {
        // A slow link: 50 ms an event. Sent together, the batch of 2 is answered before the batch of 40,
        // which takes at least 2 s.
        try await TestSupport.withServer(faults: PlatformFaults(delayMsPerEvent: 50)) { server in
            let clock = ContinuousClock()
            let start = clock.now
            let largeDone = ManagedFlag()
            async let large: HTTPTestResponse? = {
                defer { largeDone.set() }
                return try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...40))
            }()
            try await Task.sleep(for: .milliseconds(100))
            let small = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 41...42)))
            #expect(small.status == 200)
            #expect(!largeDone.isSet, "the batch of 40 was answered before the batch of 2")
            let answer = try #require(try await large)
            #expect(answer.status == 200)
            #expect(clock.now - start >= .milliseconds(2000))
        }
    }

    @Test func dropsTheConnectionWithoutAnAnswerThenRecovers() async throws {
        try await TestSupport.withServer(faults: PlatformFaults(drop: true, dropCount: 2)) { server in
            for _ in 0..<2 {
                let dropped = try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...2))
                #expect(dropped == nil)
            }
            #expect(try server.eventCount(gateway: nil) == 0)
            let answered = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...2)))
            #expect(answered.status == 200)
        }
    }

    @Test func rejectsListedEventsAndStoresTheRest() async throws {
        let rejectedID = TestSupport.event(2)["eventID"] as! String
        try await TestSupport.withServer(faults: PlatformFaults(rejectEventIDs: [rejectedID])) { server in
            let response = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...3)))
            #expect(response.status == 200)
            #expect(response.json["accepted"] as? Int == 2)
            let rejected = try #require(response.json["rejected"] as? [[String: Any]])
            #expect(rejected.count == 1)
            #expect(rejected.first?["eventID"] as? String == rejectedID)
            #expect(rejected.first?["reason"] as? String == "rejected by platform fault injection")
            let stored = try server.storedEvents(gateway: "dock-3").map(\.seq)
            #expect(stored == [1, 3])
        }
    }

    @Test func answers422ForABatchWithAPoisonEvent() async throws {
        let poisonID = TestSupport.event(3)["eventID"] as! String
        try await TestSupport.withServer(faults: PlatformFaults(poisonEventIDs: [poisonID])) { server in
            let poisoned = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...4)))
            #expect(poisoned.status == 422)
            #expect(poisoned.json["eventID"] as? String == poisonID)
            #expect(((poisoned.json["error"] as? String) ?? "").contains(poisonID))
            #expect(try server.eventCount(gateway: nil) == 0)
            // Bisecting: the half without the poison goes through.
            let clean = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...2)))
            #expect(clean.status == 200)
        }
    }

    @Test func answers422ForABatchWithAPoisonSubstring() async throws {
        try await TestSupport.withServer(faults: PlatformFaults(poisonSubstring: "LOT7")) { server in
            let poisoned = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 5...8)))
            #expect(poisoned.status == 422)
            #expect(poisoned.json["eventID"] as? String == "ni:///sha-256;dock-3-7")
            let clean = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...6)))
            #expect(clean.status == 200)
        }
    }

    @Test func composesACountedStatusWithPoison() async throws {
        let faults = PlatformFaults(status: 503, statusCount: 1, poisonSubstring: "LOT2")
        try await TestSupport.withServer(faults: faults) { server in
            let body = TestSupport.batch(seqs: 1...3)
            let first = try await HTTPTestClient.postBatch(port: server.port, body)
            #expect(first?.status == 503)
            let second = try await HTTPTestClient.postBatch(port: server.port, body)
            #expect(second?.status == 422)
            #expect(server.faults() == PlatformFaults(poisonSubstring: "LOT2"))
        }
    }

    @Test func setsReadsAndClearsFaultsOverHTTP() async throws {
        try await TestSupport.withServer { server in
            let set = try #require(
                try await HTTPTestClient.send(
                    .POST, port: server.port, path: "/v1/_faults",
                    body: Array(#"{"status": 503, "count": 1, "retryAfter": 2, "maxEvents": 50}"#.utf8)))
            #expect(set.status == 200)
            #expect(server.faults() == PlatformFaults(status: 503, statusCount: 1, retryAfter: "2", maxEvents: 50))

            let failed = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...1)))
            #expect(failed.status == 503)
            #expect(failed.headers.first(name: "Retry-After") == "2")

            let current = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/_faults"))
            #expect(current.json.keys.sorted() == ["maxEvents"])

            let drop = try #require(
                try await HTTPTestClient.send(
                    .POST, port: server.port, path: "/v1/_faults", body: Array(#"{"drop": true, "count": 2}"#.utf8)))
            #expect(drop.status == 200)
            #expect(server.faults() == PlatformFaults(drop: true, dropCount: 2))

            let cleared = try #require(try await HTTPTestClient.send(.DELETE, port: server.port, path: "/v1/_faults"))
            #expect(cleared.status == 200)
            #expect(server.faults() == .none)

            let typo = try #require(
                try await HTTPTestClient.send(.POST, port: server.port, path: "/v1/_faults", body: Array(#"{"delay": 5}"#.utf8)))
            #expect(typo.status == 400)
            #expect(((typo.json["error"] as? String) ?? "").contains("delay"))
        }
    }
}

/// A flag set from one task and read from another.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
