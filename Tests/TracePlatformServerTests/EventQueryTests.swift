import Foundation
import GRDB
import Testing
@testable import TracePlatformServer

/// `GET /v1/events`, `GET /v1/stats`, and persistence across restarts.
@Suite(.timeLimit(.minutes(1)))
struct EventQueryTests {
    @Test func listsEventsInSeqOrderAndPagesByAfterAndLimit() async throws {
        try await TestSupport.withServer { server in
            _ = try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: [5, 1, 3]))
            _ = try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: [2, 4, 6]))
            _ = try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: [1, 2], gateway: "line-1"))

            let all = try await HTTPTestClient.send(port: server.port, path: "/v1/events?gateway=dock-3")
            #expect(TestSupport.seqs(all) == [1, 2, 3, 4, 5, 6])

            let page = try await HTTPTestClient.send(port: server.port, path: "/v1/events?gateway=dock-3&after=2&limit=3")
            #expect(TestSupport.seqs(page) == [3, 4, 5])

            let rest = try await HTTPTestClient.send(port: server.port, path: "/v1/events?gateway=dock-3&after=5")
            #expect(TestSupport.seqs(rest) == [6])

            let other = try await HTTPTestClient.send(port: server.port, path: "/v1/events?gateway=line-1")
            #expect(TestSupport.seqs(other) == [1, 2])

            let everyGateway = try await HTTPTestClient.send(port: server.port, path: "/v1/events")
            #expect(TestSupport.seqs(everyGateway) == [1, 1, 2, 2, 3, 4, 5, 6])

            #expect(try server.events(gateway: "dock-3", after: 4, limit: 10).compactMap { $0["eventID"] as? String }
                == ["ni:///sha-256;dock-3-5", "ni:///sha-256;dock-3-6"])
        }
    }

    @Test(arguments: ["limit=0", "limit=10001", "limit=x", "after=x"])
    func refusesBadQueryParameters(query: String) async throws {
        try await TestSupport.withServer { server in
            let response = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/events?\(query)"))
            #expect(response.status == 400)
        }
    }

    @Test func reportsStatsPerGateway() async throws {
        try await TestSupport.withServer { server in
            _ = try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...4))
            _ = try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 3...6))
            _ = try await HTTPTestClient.postBatch(port: server.port, TestSupport.batch(seqs: 1...2, gateway: "line-1"))
            let stats = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/stats?gateway=dock-3"))
            #expect(stats.status == 200)
            #expect(stats.json["events"] as? Int == 6)
            #expect(stats.json["duplicatesReceived"] as? Int == 2)
            #expect(stats.json["batches"] as? Int == 2)
            #expect(stats.json["maxSeq"] as? Int == 6)
            #expect(stats.json["doubleDelivered"] as? Int == 0)
            let everything = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/stats"))
            #expect(everything.json["events"] as? Int == 8)
            #expect(everything.json["batches"] as? Int == 3)
        }
    }

    @Test func keepsEventsAcrossARestartWithTheSameDatabase() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("platform.sqlite").path
        let body = TestSupport.batch(seqs: 1...10)

        try await TestSupport.withServer(databasePath: path) { server in
            let response = try #require(try await HTTPTestClient.postBatch(port: server.port, body))
            #expect(response.json["accepted"] as? Int == 10)
        }
        try await TestSupport.withServer(databasePath: path) { server in
            #expect(try server.eventCount(gateway: "dock-3") == 10)
            let again = try #require(try await HTTPTestClient.postBatch(port: server.port, body))
            #expect(again.json["accepted"] as? Int == 0)
            #expect(again.json["duplicates"] as? Int == 10)
            let listed = try await HTTPTestClient.send(port: server.port, path: "/v1/events?gateway=dock-3")
            #expect(TestSupport.seqs(listed) == Array(1...10))
            #expect(try server.stats(gateway: nil).batches == 2)
        }
    }

    @Test func refusesToStartOnAnUnusableDatabasePath() async throws {
        await #expect(throws: TracePlatformError.self) {
            _ = try await TracePlatformServer.start(
                databasePath: "/nonexistent-dir/for/sure/platform.sqlite", logger: TestSupport.logger)
        }
    }

    /// 200 means stored: the platform's commits are fsynced (GRDB's pool would leave them at NORMAL, lost
    /// on a power cut), and its WAL is checkpointed every 64 MiB (a drain's random eventID index pages).
    @Test func commitsAreDurable() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EventStore(path: dir.appendingPathComponent("platform.sqlite").path)
        defer { try? store.close() }
        let pragmas = try store.use { writer in
            try writer.writeWithoutTransaction { db in
                (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint"),
                 try String.fetchOne(db, sql: "PRAGMA journal_mode"))
            }
        }
        #expect(pragmas.0 == 2)  // FULL
        #expect(pragmas.1 == 16384)
        #expect(pragmas.2 == "wal")
    }
}
