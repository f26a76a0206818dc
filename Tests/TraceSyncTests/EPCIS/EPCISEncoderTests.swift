import Foundation
import Testing
import TraceModel
import TraceStore
import TraceTesting
@testable import TraceSync

@Suite("EPCIS 2.0 encoding: GS1 JSON schema and the reference event hash")
struct EPCISEncoderTests {
    static let context = StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0", bizLocation: "urn:epc:id:sgln:6901234.00000.0",
                                        bizStep: "receiving", disposition: "in_progress", operator: "op-1", workOrder: "WO-1187/A")
    static let prefixes = CompanyPrefixTable.only(["6901234": 7])

    static func event(_ kind: EventKind, millis: Int64 = 1_795_917_600_123, scan: ScanData? = nil, tag: TagData? = nil,
                      context: StationContext = context) -> TraceEvent {
        TraceEvent(eventID: "ni:///sha-256;native-\(millis)", gateway: "dock-3", kind: kind,
                   time: EventTime(unixMillis: millis, offsetSeconds: 28800),
                   clock: ClockInfo(synced: true, bootID: "b", uptimeNs: 1), device: DeviceRef(id: "scanner-1", driver: "serial"),
                   context: context, scan: scan,
                   rejected: kind == .rejected ? RejectedInfo(reason: "GTIN check digit", raw: "0101234") : nil,
                   deviceState: kind == .device ? DeviceStateInfo(state: "connected") : nil, tag: tag)
    }

    /// One event of every kind this branch encodes, each with what it should become.
    static let cases: [(name: String, event: TraceEvent, expect: String)] = [
        ("serialised GS1 scan → epcList SGTIN", event(.scan, scan: ScanData(raw: "x", gtin: "06901234123456", serial: "42", epc: "urn:epc:id:sgtin:6901234.012345.42")),
         #""epcList":["urn:epc:id:sgtin:6901234.012345.42"]"#),
        ("serial, unknown prefix → Digital Link", event(.scan, millis: 1_795_917_600_124, scan: ScanData(raw: "x", gtin: "09506000134352", serial: "A/1")),
         #""epcList":["https://id.gs1.org/01/09506000134352/21/A%2F1"]"#),
        ("lot-level scan → quantityList LGTIN", event(.scan, millis: 1_795_917_600_125, scan: ScanData(raw: "x", gtin: "06901234123456", lot: "L1")),
         #""quantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.012345.L1","quantity":1}]"#),
        ("GTIN only → idpat class", event(.scan, millis: 1_795_917_600_126, scan: ScanData(raw: "x", gtin: "06901234123456")),
         #""epcClass":"urn:epc:idpat:sgtin:6901234.012345.*""#),
        ("SSCC scan → epcList", event(.scan, millis: 1_795_917_600_127, scan: ScanData(raw: "x", sscc: "069012340000000017", epc: "urn:epc:id:sscc:6901234.0000000001")),
         #""epcList":["urn:epc:id:sscc:6901234.0000000001"]"#),
        ("EPC tag → epcList", event(.tag, millis: 1_795_917_600_128, tag: TagData(type: "SGTIN-96", epc: "urn:epc:id:sgtin:0614141.812345.6789")),
         #""epcList":["urn:epc:id:sgtin:0614141.812345.6789"]"#),
        ("context-less scan", event(.scan, millis: 1_795_917_600_129, scan: ScanData(raw: "x", gtin: "06901234123456", serial: "7"), context: StationContext()),
         #""action":"OBSERVE"}"#),
    ]

    @Test("what each kind becomes", arguments: cases.indices)
    func shape(_ i: Int) throws {
        let encoded = try #require(try EPCISEncoder(prefixes: Self.prefixes).encode(Self.cases[i].event))
        let text = encoded.json.serialized
        #expect(text.contains(Self.cases[i].expect), "\(text)")
        #expect(text.hasPrefix(#"{"type":"ObjectEvent","eventID":"ni:///sha-256;"#))
        #expect(text.contains(#""eventTime":"2026-11-29T"#) && text.contains(#"+08:00""#))
        #expect(encoded.epcisEventID.hasSuffix("?ver=CBV2.0"))
    }

    @Test("station context → bizStep, disposition, readPoint, bizLocation, bizTransactionList")
    func context() throws {
        let encoded = try #require(try EPCISEncoder(prefixes: Self.prefixes).encode(Self.cases[0].event))
        let text = encoded.json.serialized
        #expect(text.contains(#""bizStep":"receiving","disposition":"in_progress","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},"bizLocation":{"id":"urn:epc:id:sgln:6901234.00000.0"},"bizTransactionList":[{"type":"prodorder","bizTransaction":"urn:edgetrace:workorder:WO-1187%2FA"}]"#), "\(text)")
    }

    @Test("CBV URNs and web URIs are written as the bare words the schema wants; the hash does not change")
    func cbvForms() throws {
        let encoder = EPCISEncoder(prefixes: Self.prefixes)
        let scan = ScanData(raw: "x", gtin: "06901234123456", serial: "42", epc: "urn:epc:id:sgtin:6901234.012345.42")
        let bare = try #require(try encoder.encode(Self.event(.scan, scan: scan, context: StationContext(bizStep: "shipping", disposition: "in_transit"))))
        let urn = try #require(try encoder.encode(Self.event(.scan, scan: scan, context: StationContext(
            bizStep: "urn:epcglobal:cbv:bizstep:shipping", disposition: "https://ref.gs1.org/cbv/Disp-in_transit"))))
        #expect(urn.json.serialized == bare.json.serialized)
        #expect(bare.json.serialized.contains(#""bizStep":"shipping","disposition":"in_transit""#))
        #expect(CBV.bizStep("urn:epcglobal:cbv:bizstep:nonsense") == nil)
        #expect(!CBV.isValidEPCIS("urn:epcglobal:cbv:bizstep:nonsense", isBizStep: true))
        #expect(CBV.isValidEPCIS("https://example.com/steps/qc", isBizStep: true))
    }

    @Test("rejected, device and plain-text reads are not EPCIS events")
    func notEPCIS() throws {
        let encoder = EPCISEncoder(prefixes: Self.prefixes)
        #expect(try encoder.encode(Self.event(.rejected)) == nil)
        #expect(try encoder.encode(Self.event(.device)) == nil)
        #expect(try encoder.encode(Self.event(.scan, scan: ScanData(raw: "81234567890123456789", text: "81234567890123456789"))) == nil)
        #expect(try encoder.encode(Self.event(.tag, tag: TagData(uid: "04A2247A3C5E80", type: "NTAG213"))) == nil)
    }

    /// A reading, a compacted series and an excursion, as the drivers and the disk budget make them.
    static func sensorTraceEvents() -> [TraceEvent] {
        var reading = event(.sensor, millis: 1_795_917_600_300)
        reading.device = DeviceRef(id: "cold-1", driver: "temper", path: "usb:1-4")
        reading.sensor = SensorData(temperatureC: -18.5, humidityPct: 40, model: "TEMPerHUM", serial: "TG-1")
        var second = reading
        second.eventID += "2"
        second.time = EventTime(unixMillis: 1_795_917_660_300, offsetSeconds: 28800)
        second.sensor?.temperatureC = -17.25
        let series = SensorSeries.summarize([reading, second])!
        var excursion = event(.excursion, millis: 1_795_917_700_000)
        excursion.excursion = ExcursionInfo(rule: "freezer-above-minus-15", phase: "end", sensor: "cold-1", quantity: "temperatureC",
                                            condition: "above", limit: -15, extreme: -12.5,
                                            startTime: EventTime(unixMillis: 1_795_917_640_000, offsetSeconds: 28800).description,
                                            endTime: EventTime(unixMillis: 1_795_917_700_000, offsetSeconds: 28800).description, durationS: 60)
        return [reading, series, excursion]
    }

    @Test("sensor readings, compacted series and excursions become sensorElementList events")
    func sensorFromTraceEvents() throws {
        let encoder = EPCISEncoder(prefixes: Self.prefixes)
        let out = try Self.sensorTraceEvents().map { try #require(try encoder.encode($0)).json.serialized }
        #expect(out[0].contains(#""sensorReport":[{"type":"Temperature","value":-18.5,"uom":"CEL"},{"type":"RelativeHumidity","value":40,"uom":"P1"}]"#), "\(out[0])")
        #expect(out[0].contains(#""deviceID":"urn:edgetrace:device:"#))
        #expect(out[1].contains(#""minValue":-18.5,"maxValue":-17.25,"meanValue":-17.875"#), "\(out[1])")
        #expect(out[1].contains(#""startTime":"#) && out[1].contains(#""endTime":"#))
        #expect(out[2].contains(#""exception":"ALARM_CONDITION","value":-12.5"#), "\(out[2])")
    }

    static func sensorEvents() throws -> [EPCISEncoder.Encoded] {
        let encoder = EPCISEncoder(prefixes: Self.prefixes)
        let t = EventTime(unixMillis: 1_795_917_600_500, offsetSeconds: 28800)
        return try sensorTraceEvents().map { try #require(try encoder.encode($0)) } + [
            try encoder.encode(sensor: EPCISSensorObservation(time: t, deviceID: "urn:edgetrace:device:dock-3:temper-1", reports: [
                .init(type: "Temperature", uom: "CEL", value: 4.25), .init(type: "RelativeHumidity", uom: "P1", value: 55.1)]),
                context: Self.context),
            try encoder.encode(sensor: EPCISSensorObservation(time: t, startTime: EventTime(unixMillis: 1_795_914_000_500, offsetSeconds: 28800),
                deviceID: "urn:edgetrace:device:dock-3:temper-1",
                reports: [.init(type: "Temperature", uom: "CEL", minValue: 3.5, maxValue: 9, meanValue: 4.125)], isExcursion: true),
                context: Self.context),
        ]
    }

    static func aggregationEvents() throws -> [EPCISEncoder.Encoded] {
        let encoder = EPCISEncoder(prefixes: Self.prefixes)
        var pack = event(.aggregation, millis: 1_795_917_600_700, context: StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0", bizStep: "packing"))
        pack.aggregation = AggregationInfo(action: "ADD", parentID: "urn:epc:id:sscc:6901234.0000000001",
                                           childEPCs: ["urn:epc:id:sgtin:6901234.012345.1", "urn:epc:id:sgtin:6901234.012345.2"],
                                           childQuantities: [.init(epcClass: "urn:epc:class:lgtin:6901234.012345.L1", quantity: 3)], closedBy: "parent")
        var unpack = event(.aggregation, millis: 1_795_917_600_800, context: StationContext(bizStep: "unpacking"))
        unpack.aggregation = AggregationInfo(action: "DELETE", parentID: "urn:epc:id:sscc:6901234.0000000001", closedBy: "unpack")
        var command = event(.command, millis: 1_795_917_600_900)
        command.command = CommandInfo(code: "CMD:QC-PASS", action: "disposition", value: "conformant")
        #expect(try encoder.encode(command) == nil, "a command is never uploaded as a product event")
        return [try #require(try encoder.encode(pack)), try #require(try encoder.encode(unpack))]
    }

    @Test("aggregation → AggregationEvent ADD/DELETE with parentID, childEPCs, childQuantityList")
    func aggregation() throws {
        let (add, delete) = try { let a = try Self.aggregationEvents(); return (a[0].json.serialized, a[1].json.serialized) }()
        #expect(add.contains(#""parentID":"urn:epc:id:sscc:6901234.0000000001","childEPCs":["urn:epc:id:sgtin:6901234.012345.1","urn:epc:id:sgtin:6901234.012345.2"],"childQuantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.012345.L1","quantity":3}],"action":"ADD","bizStep":"packing""#), "\(add)")
        #expect(delete.contains(#""action":"DELETE""#) && delete.hasPrefix(#"{"type":"AggregationEvent""#))
    }

    /// Every encoded event in one document, plus the document.
    static func document() throws -> (EPCISEncoder, [EPCISEncoder.Encoded], String) {
        let encoder = EPCISEncoder(prefixes: Self.prefixes)
        var encoded = try cases.compactMap { try encoder.encode($0.event) }
        encoded += try sensorEvents()
        encoded += try aggregationEvents()
        let doc = encoder.document(encoded, creationDate: EventTime(unixMillis: 1_795_917_601_000)).serialized
        return (encoder, encoded, doc)
    }

    @Test("every event kind is valid against the GS1 EPCIS 2.0 JSON schema")
    func schemaValid() throws {
        let (_, encoded, doc) = try Self.document()
        #expect(encoded.count == Self.cases.count + 7)
        let errors = try EPCISReferenceTools.schemaErrors(of: try EPCISReferenceTools.temporaryFile(doc))
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("the schema check does catch a broken event (no action)")
    func schemaCatches() throws {
        let (_, _, doc) = try Self.document()
        let broken = doc.replacingOccurrences(of: #","action":"OBSERVE""#, with: "")
        let errors = try EPCISReferenceTools.schemaErrors(of: try EPCISReferenceTools.temporaryFile(broken))
        #expect(!errors.isEmpty)
    }

    @Test("our eventIDs == the reference's hashes of our own document")
    func hashesMatchReference() throws {
        let (_, encoded, doc) = try Self.document()
        let reference = try EPCISReferenceTools.referenceHashes(of: try EPCISReferenceTools.temporaryFile(doc))
        #expect(reference == encoded.map(\.epcisEventID))
    }

    @Test("the reference's example documents: our hashes == the live reference tool")
    func examplesMatchLiveReference() throws {
        let dir = EPCISReferenceTools.repoRoot.appendingPathComponent("Tests/TraceModelTests/Fixtures/epcis-hash")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".jsonld") }.sorted()
        #expect(files.count >= 14)
        for name in files {
            let url = dir.appendingPathComponent(name)
            let ours = try EPCISEventHash.hashes(ofDocument: try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)))
            #expect(ours == (try EPCISReferenceTools.referenceHashes(of: url)), "\(name)")
        }
    }

    @Test("the same events give the same bytes")
    func deterministic() throws {
        let (_, _, a) = try Self.document()
        let (_, _, b) = try Self.document()
        #expect(a == b)
        #expect(a.hasPrefix(#"{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-29T02:00:01.000Z","epcisBody":{"eventList":["#))
    }
}
