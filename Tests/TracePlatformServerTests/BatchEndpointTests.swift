import CompressNIO
import Foundation
import NIOCore
import Testing
@testable import TracePlatformServer

/// `POST /v1/batches` over real HTTP: acceptance, deduplication, encodings and refusals.
@Suite(.timeLimit(.minutes(1)))
struct BatchEndpointTests {
    @Test func acceptsThenDeduplicatesARepeatedBatch() async throws {
        try await TestSupport.withServer { server in
            let body = TestSupport.batch(seqs: 1...5)
            let first = try #require(try await HTTPTestClient.postBatch(port: server.port, body))
            #expect(first.status == 200)
            #expect(first.json["accepted"] as? Int == 5)
            #expect(first.json["duplicates"] as? Int == 0)
            #expect((first.json["rejected"] as? [Any])?.isEmpty == true)

            let second = try #require(try await HTTPTestClient.postBatch(port: server.port, body))
            #expect(second.status == 200)
            #expect(second.json["accepted"] as? Int == 0)
            #expect(second.json["duplicates"] as? Int == 5)

            #expect(try server.eventCount(gateway: "dock-3") == 5)
            let stats = try server.stats(gateway: "dock-3")
            #expect(stats == PlatformStats(
                events: 5, duplicatesReceived: 5, batches: 2, maxSeq: 5, redeliveredEvents: 5, doubleDelivered: 0))
        }
    }

    @Test func keepsTheEventJSONExactlyAsSent() async throws {
        try await TestSupport.withServer { server in
            let event = #"{ "seq" : 7, "eventID":"ni:///sha-256;x\/y", "temperatureC": 4.250, "note": "caf\u00e9 [\"}\"]" }"#
            let body = Array(#"{"schema":1,"events":[ "#.utf8) + Array(event.utf8) + Array(#" ],"gateway":"dock-3"}"#.utf8)
            let response = try #require(try await HTTPTestClient.postBatch(port: server.port, body))
            #expect(response.status == 200)
            #expect(response.json["accepted"] as? Int == 1)
            let stored = try server.storedEvents(gateway: "dock-3")
            #expect(stored.map(\.json) == [event])
            #expect(stored.first?.eventID == "ni:///sha-256;x/y")
            let listed = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/events?gateway=dock-3"))
            #expect(listed.text == #"{"events":["# + event + "]}")
        }
    }

    @Test func rejectsEventsWithoutEventIDOrSeqOneByOne() async throws {
        try await TestSupport.withServer { server in
            let events: [[String: Any]] = [
                TestSupport.event(1),
                ["seq": 2, "kind": "scan"],
                ["eventID": "no-seq", "kind": "scan"],
                ["eventID": "text-seq", "seq": "3"],
                TestSupport.event(4),
            ]
            let response = try #require(try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(events)))
            #expect(response.status == 200)
            #expect(response.json["accepted"] as? Int == 2)
            let rejected = try #require(response.json["rejected"] as? [[String: Any]])
            #expect(rejected.map { $0["index"] as? Int } == [1, 2, 3])
            #expect(rejected.map { $0["eventID"] as? String } == ["", "no-seq", "text-seq"])
            #expect(rejected.allSatisfy { !(($0["reason"] as? String) ?? "").isEmpty })
            #expect(try server.eventCount(gateway: nil) == 2)
        }
    }

    @Test func acceptsAGzipBody() async throws {
        try await TestSupport.withServer { server in
            var plain = ByteBuffer(bytes: TestSupport.batch(seqs: 1...50))
            let gzipped = try plain.compress(with: .gzip())
            let response = try #require(
                try await HTTPTestClient.postBatch(
                    port: server.port, Array(gzipped.readableBytesView),
                    headers: [("Content-Encoding", "gzip"), ("Idempotency-Key", "dock-3:1-50")]))
            #expect(response.status == 200)
            #expect(response.json["accepted"] as? Int == 50)
        }
    }

    @Test func refusesCorruptGzipAndBodiesTooLargeOnceDecompressed() async throws {
        try await TestSupport.withServer(maxBodyBytes: 4096) { server in
            let corrupt = try #require(
                try await HTTPTestClient.postBatch(
                    port: server.port, Array("not gzip at all".utf8), headers: [("Content-Encoding", "gzip")]))
            #expect(corrupt.status == 400)

            var big = ByteBuffer(bytes: TestSupport.batch(seqs: 1...200))
            let bomb = try big.compress(with: .gzip())
            #expect(bomb.readableBytes < 4096)
            let tooLarge = try #require(
                try await HTTPTestClient.postBatch(
                    port: server.port, Array(bomb.readableBytesView), headers: [("Content-Encoding", "gzip")]))
            #expect(tooLarge.status == 413)

            let plainTooLarge = try #require(
                try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...200)))
            #expect(plainTooLarge.status == 413)

            let unknownEncoding = try #require(
                try await HTTPTestClient.postBatch(
                    port: server.port, TestSupport.batch(seqs: 1...1), headers: [("Content-Encoding", "br")]))
            #expect(unknownEncoding.status == 415)
            #expect(try server.eventCount(gateway: nil) == 0)
        }
    }

    @Test(arguments: [
        (#"not json"#, 400),
        (#"[1, 2]"#, 400),
        (#"{"schema": 1, "events": []}"#, 400),
        (#"{"gateway": "dock-3", "events": []}"#, 400),
        (#"{"gateway": "dock-3", "schema": 1}"#, 400),
        (#"{"gateway": "dock-3", "schema": 1, "events": {}}"#, 400),
        (#"{"gateway": "dock-3", "schema": 2, "events": []}"#, 422),
        (#"{"gateway": "dock-3", "schema": 1, "events": []}"#, 200),
    ])
    func answersMalformedBatchesAsAWhole(body: String, status: Int) async throws {
        try await TestSupport.withServer { server in
            let response = try #require(try await HTTPTestClient.postBatch(port: server.port, Array(body.utf8)))
            #expect(response.status == status)
            if status != 200 {
                #expect(response.headers.first(name: "Content-Type") == "application/json")
                #expect(!((response.json["error"] as? String) ?? "").isEmpty)
            }
        }
    }

    @Test func requiresTheBearerTokenWhenConfigured() async throws {
        try await TestSupport.withServer(token: "s3cret") { server in
            let body = TestSupport.batch(seqs: 1...3)
            let missing = try #require(try await HTTPTestClient.postBatch(port: server.port, body))
            #expect(missing.status == 401)
            #expect(missing.json["error"] as? String == "missing bearer token")

            let wrong = try #require(
                try await HTTPTestClient.postBatch(port: server.port, body, headers: [("Authorization", "Bearer nope")]))
            #expect(wrong.status == 401)

            let events = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/events"))
            #expect(events.status == 401)

            let health = try #require(try await HTTPTestClient.send(port: server.port, path: "/healthz"))
            #expect(health.status == 200)

            let right = try #require(
                try await HTTPTestClient.postBatch(port: server.port, body, headers: [("Authorization", "Bearer s3cret")]))
            #expect(right.status == 200)
            #expect(right.json["accepted"] as? Int == 3)
        }
    }

    @Test func answersUnknownPathsAndMethods() async throws {
        try await TestSupport.withServer { server in
            let health = try #require(try await HTTPTestClient.send(port: server.port, path: "/healthz"))
            #expect(health.status == 200)
            #expect(health.text == "ok")
            let unknown = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/nothing"))
            #expect(unknown.status == 404)
            let wrongMethod = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/batches"))
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers.first(name: "Allow") == "POST")
        }
    }
}
