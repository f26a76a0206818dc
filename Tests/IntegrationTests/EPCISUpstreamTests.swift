import Foundation
import Testing
import TraceTesting

@Suite("EPCIS 2.0 upstream: pty scanner → edgetraced → edgetrace-platform /capture", .serialized)
struct EPCISUpstreamTests {
    /// The store's unsynced and quarantined counts from `edgetrace status`.
    static func storeCounts(_ station: Station) async throws -> (unsynced: Int?, quarantined: Int?) {
        let store = try await station.status()["store"] as? [String: Any]
        return (store?["unsynced"] as? Int, store?["quarantined"] as? Int)
    }

    @Test("events reach /capture through polled capture jobs; eventIDs are the reference hashes; schema-valid; export == upload",
          .timeLimit(.minutes(3)))
    func captureJobs() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: ["--epcis-job-polls", "3"])
        try station.writeConfig(upstreamExtra: Station.epcisUpstream)
        // Platform down while scanning: the backlog then goes up as one capture, which export must reproduce.
        try await station.stopPlatform()
        try await station.startDaemon()
        for i in 0..<20 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 20 }
        try await station.startPlatform(extra: ["--epcis-job-polls", "3"])

        let events = try await station.waitForEPCIS(count: 20)
        #expect(events.count == 20)
        let ids = events.compactMap { $0["eventID"] as? String }
        #expect(Set(ids).count == 20 && ids.allSatisfy { $0.hasPrefix("ni:///sha-256;") && $0.hasSuffix("?ver=CBV2.0") })
        let first = try #require(events.first)
        #expect(first["type"] as? String == "ObjectEvent" && first["action"] as? String == "OBSERVE")
        #expect(first["bizStep"] as? String == "receiving")
        #expect((first["readPoint"] as? [String: Any])?["id"] as? String == "urn:epc:id:sgln:6901234.00001.0")
        #expect(first["eventTimeZoneOffset"] as? String != nil)

        // The cursor moves only once the job has finished (after its polls).
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 0 }
        #expect(station.daemon!.lines.contains { $0.contains("EPCIS repository capture limits") })

        // What the platform received: valid against GS1's schema, and its eventIDs are what the reference computes.
        let document = try await station.lastEPCISDocument()
        let file = try EPCISReferenceTools.temporaryFile(String(decoding: document, as: UTF8.self))
        #expect(try EPCISReferenceTools.schemaErrors(of: file).isEmpty)
        let reference = try EPCISReferenceTools.referenceHashes(of: file)
        #expect(reference.count == 20)
        #expect(reference == ids)

        // Export writes byte for byte what was uploaded.
        let out = station.dir + "/export.jsonld"
        let export = try await station.cli(["export", "--format", "epcis", "--config", station.configPath, "--output", out])
        #expect(export.status == 0, "\(export.output)")
        let exported = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(Array(exported) == document)
        // --from after everything: an empty document.
        let none = try await station.cli(["export", "--format", "epcis", "--config", station.configPath, "--from", "2100-01-01T00:00:00Z"])
        #expect(none.status == 0 && none.output.contains(#""eventList":[]"#))
    }

    @Test("201 mode (synchronous repository): delivered, nothing twice", .timeLimit(.minutes(3)))
    func synchronousCapture() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: ["--epcis-sync"])
        try station.writeConfig(upstreamExtra: Station.epcisUpstream)
        try await station.startDaemon()
        for i in 0..<15 { try station.scanner.send(gs1Scan(i)) }
        _ = try await station.waitForEPCIS(count: 15)
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 0 }
        let events = try await station.epcisEvents()
        #expect(events.count == 15)
    }

    @Test("a failed capture job: the event it names is quarantined, the rest is delivered", .timeLimit(.minutes(3)))
    func failedJobQuarantines() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: ["--epcis-fail-substring", "SNPOISON"])
        try station.writeConfig(batchMaxEvents: 16, upstreamExtra: Station.epcisUpstream)
        try await station.startDaemon()
        for i in 0..<10 { try station.scanner.send(gs1Scan(i)) }
        try station.scanner.send("]C1010690123456789221SNPOISON")
        for i in 10..<20 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus {
            let store = $0["store"] as? [String: Any]
            return store?["events"] as? Int == 21 && store?["unsynced"] as? Int == 0
        }
        let events = try await station.epcisEvents()
        #expect(events.count == 20)
        #expect(!events.contains { "\($0)".contains("SNPOISON") })
        let q = try await station.cli(["quarantine", "list", "--json", "--config", station.configPath])
        let entries = try JSONSerialization.jsonObject(with: Data(q.output.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1)
        #expect((entries?.first?["reason"] as? String)?.contains("epcisException:ValidationException") == true)
    }

    @Test("a repository that rejects a capture equal to its advertised limits gets none",
          .timeLimit(.minutes(3)), arguments: [["--epcis-capture-limit", "4"], ["--epcis-file-size-limit", "2500"]])
    func limitsAvoided(_ limit: [String]) async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: limit + ["--epcis-reject-at-limit"])
        try station.writeConfig(upstreamExtra: Station.epcisUpstream)
        try await station.stopPlatform()  // a backlog larger than the limits
        try await station.startDaemon()
        for i in 0..<30 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 30 }
        try await station.startPlatform(extra: limit + ["--epcis-reject-at-limit"])
        _ = try await station.waitForEPCIS(count: 30)
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 0 }
        #expect(try await station.epcisEvents().count == 30)
        // (not just "413": a random retry delay can be 413 ms)
        let refused = station.daemon!.lines.filter { $0.contains("(413)") || $0.contains("answered 413") || $0.contains("CaptureLimitExceeded") }
        #expect(refused.isEmpty, "\(refused)")
    }

    @Test("wrong token: OPTIONS /capture is refused, the link says unauthorized; the fixed token file delivers the backlog",
          .timeLimit(.minutes(2)))
    func unauthorized() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let right = "right-\(UUID().uuidString)"
        try right.write(toFile: station.dir + "/platform-token", atomically: true, encoding: .utf8)
        station.platformToken = right
        try await station.startPlatform(extra: ["--token-file", station.dir + "/platform-token", "--epcis-capture-limit", "4",
                                                "--epcis-reject-at-limit"])
        let tokenFile = station.dir + "/token"
        try "wrong".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try station.writeConfig(upstreamExtra: Station.epcisUpstream + [
            "token_file = \"\(tokenFile)\"", "unauthorized_backoff_initial_ms = 100", "unauthorized_backoff_max_ms = 400",
        ])
        try await station.startDaemon()
        for i in 0..<10 { try station.scanner.send(gs1Scan(i)) }
        try await station.waitForStatus {
            ($0["uploader"] as? [String: Any])?["link"] as? String == "unauthorized" && ($0["store"] as? [String: Any])?["events"] as? Int == 10
        }
        #expect(try await station.epcisEvents().isEmpty)
        try right.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        _ = try await station.waitForEPCIS(count: 10)
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 0 }
        // The limits were learned once the token was right: no capture hit the limit.
        #expect(!station.daemon!.lines.contains { $0.contains("(413)") || $0.contains("CaptureLimitExceeded") })
        #expect(station.daemon!.lines.contains { $0.contains("epcis.capture_limit=4") })
    }

    @Test("RFC 7807 problems are logged with their type; the events are delivered after them", .timeLimit(.minutes(3)))
    func problemsLogged() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform(extra: ["--epcis-problem-status", "500", "--epcis-problem-count", "2"])
        try station.writeConfig(upstreamExtra: Station.epcisUpstream)
        try await station.startDaemon()
        for i in 0..<5 { try station.scanner.send(gs1Scan(i)) }
        _ = try await station.waitForEPCIS(count: 5)
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 0 }
        let logged = station.daemon!.lines.filter { $0.contains("EPCIS repository answered with a problem") }
        #expect(logged.count >= 2)
        #expect(logged.allSatisfy { $0.contains("epcisException:ImplementationException") && $0.contains("500") }, "\(logged)")
    }
}

@Suite("Aggregation station end to end: commands, packing and unpacking reach /capture", .serialized)
struct AggregationStationTests {
    static let commands = """
    [[command]]
    code = "CMD:QC-PASS"
    action = "disposition"
    value = "conformant"

    [[command]]
    code = "CMD:UNPACK"
    action = "mode"
    value = "unpack"
    """

    @Test("children + parent SSCC → AggregationEvent ADD; unpack → DELETE; commands recorded locally, never uploaded",
          .timeLimit(.minutes(3)))
    func packingSession() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig(upstreamExtra: Station.epcisUpstream, stationExtra: [#"mode = "pack""#], tables: Self.commands)
        try await station.startDaemon()
        try station.scanner.send("CMD:QC-PASS")
        for i in 0..<3 { try station.scanner.send(gs1Scan(i)) }
        try station.scanner.send("]C100069012340000000016")
        _ = try await station.daemon!.waitForLine { $0.contains("aggregation recorded") }
        // The same parent observed again in the same millisecond would be the same EPCIS event (same hash).
        try await Task.sleep(for: .milliseconds(5))
        try station.scanner.send("CMD:UNPACK")
        try station.scanner.send("]C100069012340000000016")

        // 3 children + 2 parent scans as ObjectEvents, the ADD and the DELETE; the 2 commands stay local.
        let events = try await station.waitForEPCIS(count: 7)
        try await station.waitForStatus { ($0["store"] as? [String: Any])?["unsynced"] as? Int == 0 }
        let store = try await station.status()["store"] as? [String: Any]
        #expect(store?["events"] as? Int == 9)
        #expect(try await station.epcisEvents().count == 7)
        let aggregations = events.filter { $0["type"] as? String == "AggregationEvent" }
        #expect(aggregations.count == 2)
        let add = try #require(aggregations.first { $0["action"] as? String == "ADD" })
        let parent = try #require(add["parentID"] as? String)
        #expect(parent.contains("6901234.0000000001") || parent.contains("069012340000000016"), "\(parent)")
        let children = try #require(add["childEPCs"] as? [String])
        #expect(children.count == 3 && children.allSatisfy { $0.contains("SN") })
        #expect(add["disposition"] as? String == "conformant", "the command set the disposition of what followed")
        let delete = try #require(aggregations.first { $0["action"] as? String == "DELETE" })
        #expect(delete["parentID"] as? String == parent)
        #expect(!events.contains { "\($0)".contains("CMD:") }, "commands are not product events")
        #expect(station.daemon!.lines.contains { $0.contains("station command") && $0.contains("conformant") })
        #expect(station.daemon!.lines.contains { $0.contains("aggregation recorded") && $0.contains("closed_by=parent") })
    }
}
