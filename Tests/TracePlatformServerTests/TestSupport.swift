import Foundation
import Logging
@testable import TracePlatformServer

/// Helpers shared by the tests.
enum TestSupport {
    /// A logger that writes nothing.
    static let logger = Logger(label: "test.platform") { _ in SwiftLogNoOpLogHandler() }

    /// A new empty directory under the temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("platform-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `body` against a server on a free port with an in-memory database, then shuts it down.
    static func withServer<T>(
        databasePath: String = ":memory:",
        token: String? = nil,
        faults: PlatformFaults = .init(),
        maxBodyBytes: Int = 64 << 20,
        _ body: (TracePlatformServer) async throws -> T
    ) async throws -> T {
        let server = try await TracePlatformServer.start(
            configuration: PlatformConfiguration(
                databasePath: databasePath, token: token, faults: faults, maxBodyBytes: maxBodyBytes),
            logger: logger)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// An event object with the fields the platform reads, plus some opaque ones.
    static func event(_ seq: Int64, gateway: String = "dock-3", id: String? = nil) -> [String: Any] {
        [
            "eventID": id ?? "ni:///sha-256;\(gateway)-\(seq)",
            "seq": seq,
            "gateway": gateway,
            "kind": "scan",
            "scan": ["symbology": "GS1-128", "raw": "(01)09506000134352(10)LOT\(seq)"],
        ]
    }

    /// A batch body holding `events`.
    static func batch(_ events: [[String: Any]], gateway: String = "dock-3", schema: Int = 1) -> [UInt8] {
        let object: [String: Any] = ["gateway": gateway, "schema": schema, "events": events]
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// A batch body of events with `seqs` from `gateway`.
    static func batch(seqs: some Sequence<Int64>, gateway: String = "dock-3") -> [UInt8] {
        batch(seqs.map { event($0, gateway: gateway) }, gateway: gateway)
    }

    /// The `seq` values of a `GET /v1/events` answer.
    static func seqs(_ response: HTTPTestResponse?) -> [Int64] {
        let events = response?.json["events"] as? [[String: Any]] ?? []
        return events.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
    }
}
