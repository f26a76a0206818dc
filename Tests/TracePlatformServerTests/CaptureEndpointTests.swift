import Foundation
import NIOHTTP1
import Testing
@testable import TracePlatformServer

@Suite("EPCIS /capture of the reference platform")
struct CaptureEndpointTests {
    static func withServer<T>(_ epcis: EPCISCaptureSettings, databasePath: String = ":memory:",
                              _ body: (TracePlatformServer) async throws -> T) async throws -> T {
        var configuration = PlatformConfiguration(databasePath: databasePath)
        configuration.epcis = epcis
        let server = try await TracePlatformServer.start(configuration: configuration, logger: TestSupport.logger)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    static func event(_ n: Int) -> String {
        #"{"type":"ObjectEvent","eventID":"ni:///sha-256;\#(n)?ver=CBV2.0","eventTime":"2026-11-29T10:00:00.000+08:00","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.\#(n)"],"action":"OBSERVE"}"#
    }

    static func document(_ events: [String]) -> [UInt8] {
        Array((#"{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-29T02:00:00.000Z","epcisBody":{"eventList":["#
            + events.joined(separator: ",") + "]}}").utf8)
    }

    static func post(_ port: Int, _ body: [UInt8], proceed: Bool = false) async throws -> HTTPTestResponse {
        try #require(try await HTTPTestClient.send(.POST, port: port, path: "/capture",
                                                   headers: [("Content-Type", "application/ld+json")] + (proceed ? [("GS1-Capture-Error-Behaviour", "proceed")] : []),
                                                   body: body))
    }

    @Test("OPTIONS advertises the limits")
    func options() async throws {
        try await Self.withServer(EPCISCaptureSettings(captureLimit: 7, fileSizeLimit: 4096)) { server in
            let r = try #require(try await HTTPTestClient.send(.OPTIONS, port: server.port, path: "/capture"))
            #expect(r.status == 204)
            #expect(r.headers.first(name: "GS1-EPCIS-Capture-Limit") == "7")
            #expect(r.headers.first(name: "GS1-EPCIS-Capture-File-Size-Limit") == "4096")
        }
    }

    @Test("202 + a job that runs for its polls, then succeeds; events stored once per eventID")
    func jobs() async throws {
        try await Self.withServer(EPCISCaptureSettings(jobPolls: 2)) { server in
            let r = try await Self.post(server.port, Self.document([Self.event(1), Self.event(2)]))
            #expect(r.status == 202)
            let location = try #require(r.headers.first(name: "Location"))
            for _ in 0..<2 {
                let job = try #require(try await HTTPTestClient.send(port: server.port, path: location))
                #expect(job.json["running"] as? Bool == true)
            }
            let done = try #require(try await HTTPTestClient.send(port: server.port, path: location))
            #expect(done.json["running"] as? Bool == false && done.json["success"] as? Bool == true)
            _ = try await Self.post(server.port, Self.document([Self.event(2), Self.event(3)]))
            let events = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/epcis/events"))
            #expect((events.json["events"] as? [Any])?.count == 3)
            #expect(events.json["duplicates"] as? Int == 1)
        }
    }

    @Test("a failing event: the job fails naming it; proceed keeps the others, rollback none")
    func failingJob() async throws {
        try await Self.withServer(EPCISCaptureSettings(jobPolls: 0, failSubstring: "sgtin:6901234.012345.2\"")) { server in
            let rollback = try await Self.post(server.port, Self.document([Self.event(1), Self.event(2)]))
            let location = try #require(rollback.headers.first(name: "Location"))
            let job = try #require(try await HTTPTestClient.send(port: server.port, path: location))
            #expect(job.json["success"] as? Bool == false)
            let errors = try #require(job.json["errors"] as? [[String: Any]])
            #expect(errors.count == 1 && errors[0]["instance"] as? String == "ni:///sha-256;2?ver=CBV2.0")
            var events = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/epcis/events"))
            #expect((events.json["events"] as? [Any])?.count == 0)
            _ = try await Self.post(server.port, Self.document([Self.event(1), Self.event(2)]), proceed: true)
            events = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/epcis/events"))
            #expect((events.json["events"] as? [Any])?.count == 1)
        }
    }

    @Test("413 as problem+json: above the limits, and at them with rejectAtLimit")
    func limits() async throws {
        try await Self.withServer(EPCISCaptureSettings(captureLimit: 2, rejectAtLimit: true)) { server in
            let r = try await Self.post(server.port, Self.document([Self.event(1), Self.event(2)]))
            #expect(r.status == 413)
            #expect(r.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(r.json["type"] as? String == "epcisException:CaptureLimitExceededException")
            do { let r = try await Self.post(server.port, Self.document([Self.event(1)])); #expect(r.status == 202) }
        }
        try await Self.withServer(EPCISCaptureSettings(captureLimit: 2)) { server in
            do { let r = try await Self.post(server.port, Self.document([Self.event(1), Self.event(2)])); #expect(r.status == 202) }
            do { let r = try await Self.post(server.port, Self.document([Self.event(1), Self.event(2), Self.event(3)])); #expect(r.status == 413) }
        }
        let size = Self.document([Self.event(1)]).count
        try await Self.withServer(EPCISCaptureSettings(fileSizeLimit: size, rejectAtLimit: true)) { server in
            do { let r = try await Self.post(server.port, Self.document([Self.event(1)])); #expect(r.status == 413) }
        }
    }

    @Test("invalid documents: 400 problem+json saying what is missing", arguments: [
        (#"{"type":"EPCISDocument"}"#, "@context"),
        (#"{"@context":[],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"x","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"t","eventTimeZoneOffset":"+00:00","action":"OBSERVE"}]}}"#, "eventID"),
        ("not json", "JSON"),
    ])
    func invalid(_ text: String, _ says: String) async throws {
        try await Self.withServer(EPCISCaptureSettings()) { server in
            let r = try await Self.post(server.port, Array(text.utf8))
            #expect(r.status == 400)
            #expect(r.headers.first(name: "Content-Type") == "application/problem+json")
            #expect((r.json["detail"] as? String)?.contains(says) == true, "\(r.text)")
        }
    }

    @Test("captured events are in the database: a restarted platform still has them, and still deduplicates")
    func persisted() async throws {
        let db = try TestSupport.temporaryDirectory().appendingPathComponent("platform.sqlite").path
        try await Self.withServer(EPCISCaptureSettings(synchronous: true), databasePath: db) { server in
            let r = try await Self.post(server.port, Self.document([Self.event(1), Self.event(2)]))
            #expect(r.status == 201)
        }
        try await Self.withServer(EPCISCaptureSettings(synchronous: true), databasePath: db) { server in
            let r = try await Self.post(server.port, Self.document([Self.event(2), Self.event(3)]))
            #expect(r.status == 201)
            let events = try #require(try await HTTPTestClient.send(port: server.port, path: "/v1/epcis/events"))
            #expect((events.json["events"] as? [[String: Any]])?.compactMap { $0["eventID"] as? String }
                    == ["ni:///sha-256;1?ver=CBV2.0", "ni:///sha-256;2?ver=CBV2.0", "ni:///sha-256;3?ver=CBV2.0"])
            #expect(events.json["duplicates"] as? Int == 1)
        }
    }

    @Test("201 mode and the problem fault")
    func synchronousAndProblems() async throws {
        try await Self.withServer(EPCISCaptureSettings(synchronous: true, problemStatus: 503, problemCount: 1)) { server in
            let first = try await Self.post(server.port, Self.document([Self.event(1)]))
            #expect(first.status == 503 && first.json["type"] as? String == "epcisException:ImplementationException")
            do { let r = try await Self.post(server.port, Self.document([Self.event(1)])); #expect(r.status == 201) }
        }
    }
}
