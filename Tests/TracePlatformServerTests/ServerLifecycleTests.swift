import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import TracePlatformServer

/// Concurrency, shutdown and HTTP details of the running server.
@Suite(.timeLimit(.minutes(1)))
struct ServerLifecycleTests {
    @Test func storesEachEventOnceWhenTheSameBatchArrivesConcurrently() async throws {
        try await TestSupport.withServer { server in
            let body = TestSupport.batch(seqs: 1...20)
            let answers = try await withThrowingTaskGroup(of: HTTPTestResponse?.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await HTTPTestClient.postBatch(port: server.port, body) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let accepted = answers.compactMap { $0?.json["accepted"] as? Int }.reduce(0, +)
            let duplicates = answers.compactMap { $0?.json["duplicates"] as? Int }.reduce(0, +)
            #expect(answers.allSatisfy { $0?.status == 200 })
            #expect(accepted == 20)
            #expect(duplicates == 20 * 7)
            let stats = try server.stats(gateway: "dock-3")
            #expect(stats.events == 20)
            #expect(stats.duplicatesReceived == 140)
            #expect(stats.doubleDelivered == 0)
            #expect(try server.storedEvents(gateway: "dock-3").allSatisfy { $0.deliveries == 8 })
        }
    }

    @Test func answersExpectContinueWithoutMakingTheClientWait() async throws {
        try await TestSupport.withServer { server in
            let response = try #require(
                try await HTTPTestClient.postBatch(
                    port: server.port, TestSupport.batch(seqs: 1...2), headers: [("Expect", "100-continue")]))
            #expect(response.status == 200)
            #expect(response.json["accepted"] as? Int == 2)
        }
    }

    @Test func shutdownClosesIdleConnectionsAndCanBeRepeated() async throws {
        let server = try await TracePlatformServer.start(databasePath: ":memory:", logger: TestSupport.logger)
        let idle = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: server.port).get()
        try await server.shutdown()
        try await idle.closeFuture.get()
        try await server.shutdown()
        await #expect(throws: (any Error).self) {
            _ = try await HTTPTestClient.send(port: server.port, path: "/healthz")
        }
        #expect(throws: (any Error).self) { try server.eventCount(gateway: nil) }
    }
}
