import Foundation
import TraceModel
import TraceStore

/// Encodes trace events as EPCIS 2.0 JSON-LD (an `EPCISDocument`), each event with its canonical
/// event hash as `eventID` (``EPCISEventHash``), so a repository that recomputes the hash of a
/// retried event finds the same ID.
///
/// - `scan` and `tag` events become `ObjectEvent` `OBSERVE`: a serialised item (SGTIN, SSCC, GRAI …)
///   in `epcList` as its EPC URI (or a GS1 Digital Link URI when the company-prefix length is not
///   known); a GTIN + lot in `quantityList` with the LGTIN class; a GTIN alone as the
///   `urn:epc:idpat:sgtin:…` class; quantity 1 (each read is one unit).
/// - The station context gives `readPoint`, `bizLocation`, `bizStep` and `disposition` (CBV terms
///   are written as bare words, also when configured as `urn:epcglobal:cbv:…` URNs, which the EPCIS
///   2.0 JSON schema refuses; other URIs as they are); the work order becomes a
///   `bizTransactionList` entry of type `prodorder`.
/// - `eventTime` is the capture time in the station's offset, with `eventTimeZoneOffset`.
/// - `sensor` and `excursion` events become sensor-only `ObjectEvent`s with a `sensorElementList`
///   (``EPCISSensorObservation/init(event:)``): a value, or min/max/mean of a compacted series.
/// - `aggregation` events become `AggregationEvent` (ADD/DELETE, `parentID`, `childEPCs`,
///   `childQuantityList`).
/// - `rejected`, `device` and `command` events, and reads that carry no GS1 identifier (plain text,
///   China drug codes, NFC UIDs without an EPC) are station records, not EPCIS events: they are not
///   encoded (``encode(_:)`` returns nil) and the uploader passes over them.
///
/// The same events always give the same bytes (members in a fixed order, `creationDate` = the time of
/// the newest event), so `edgetrace export --format epcis` writes exactly what is uploaded.
public struct EPCISEncoder: Sendable {
    public let prefixes: CompanyPrefixTable
    /// Base of the business transaction URI of a work order: `{base}{work order, percent-encoded}`.
    public let workOrderURIBase: String

    public init(prefixes: CompanyPrefixTable = .default, workOrderURIBase: String = "urn:edgetrace:workorder:") {
        self.prefixes = prefixes
        self.workOrderURIBase = workOrderURIBase
    }

    /// One encoded event.
    public struct Encoded: Sendable, Equatable {
        /// The EPCIS event object, `eventID` included.
        public var json: JSONValue
        /// Its canonical event hash (`ni:///sha-256;…?ver=CBV2.0`).
        public var epcisEventID: String
    }

    /// The EPCIS event of a trace event, or nil when it is not an EPCIS event (see the type's doc).
    public func encode(_ event: TraceEvent) throws(EPCISHashError) -> Encoded? {
        if event.kind == .sensor || event.kind == .excursion {
            guard let observation = EPCISSensorObservation(event: event) else { return nil }
            return try encode(sensor: observation, context: event.context)
        }
        if event.kind == .aggregation {
            guard let aggregation = event.aggregation else { return nil }
            return try encode(aggregation: aggregation, time: event.time, context: event.context)
        }
        guard let what = whatPart(of: event) else { return nil }
        var members: [(String, JSONValue)] = [("type", .string("ObjectEvent"))]
        members += timeMembers(event.time)
        members += what
        members.append(("action", .string("OBSERVE")))
        members += contextMembers(event.context)
        return try finish(members)
    }

    /// An `AggregationEvent`: `parentID`, `childEPCs`, `childQuantityList`, `action` ADD or DELETE.
    func encode(aggregation a: AggregationInfo, time: EventTime, context: StationContext) throws(EPCISHashError) -> Encoded {
        var members: [(String, JSONValue)] = [("type", .string("AggregationEvent"))]
        members += timeMembers(time)
        members.append(("parentID", .string(a.parentID)))
        members.append(("childEPCs", .array(a.childEPCs.map { .string($0) })))
        if !a.childQuantities.isEmpty {
            members.append(("childQuantityList", .array(a.childQuantities.map {
                .object([("epcClass", .string($0.epcClass)), ("quantity", .int($0.quantity))])
            })))
        }
        members.append(("action", .string(a.action)))
        members += contextMembers(context)
        return try finish(members)
    }

    /// Adds the event hash as `eventID` (second member, after `type`).
    func finish(_ members: [(String, JSONValue)]) throws(EPCISHashError) -> Encoded {
        let id = try EPCISEventHash.hash(ofEvent: .object(members))
        var out = members
        out.insert(("eventID", .string(id)), at: 1)
        return Encoded(json: .object(out), epcisEventID: id)
    }

    func timeMembers(_ time: EventTime) -> [(String, JSONValue)] {
        [("eventTime", .string(time.description)), ("eventTimeZoneOffset", .string(Self.offset(time.offsetSeconds)))]
    }

    /// `±hh:mm` (EPCIS wants an offset, never `Z`).
    static func offset(_ seconds: Int32) -> String {
        let a = abs(Int(seconds))
        let hh = a / 3600, mm = a / 60 % 60
        return (seconds < 0 ? "-" : "+") + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    /// `epcList` or `quantityList` for the identifier a scan or tag carries.
    func whatPart(of event: TraceEvent) -> [(String, JSONValue)]? {
        switch EPCISIdentity.of(event, prefixes: prefixes) {
        case .instance(let epc)?: return [("epcList", .array([.string(epc)]))]
        case .epcClass(let epcClass)?:
            return [("quantityList", .array([.object([("epcClass", .string(epcClass)), ("quantity", .int(1))])]))]
        case nil: return nil
        }
    }

    func contextMembers(_ context: StationContext) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        if let v = context.bizStep { out.append(("bizStep", .string(CBV.bizStep(v) ?? v))) }
        if let v = context.disposition { out.append(("disposition", .string(CBV.disposition(v) ?? v))) }
        if let v = context.readPoint { out.append(("readPoint", .object([("id", .string(v))]))) }
        if let v = context.bizLocation { out.append(("bizLocation", .object([("id", .string(v))]))) }
        if let v = context.workOrder {
            out.append(("bizTransactionList", .array([.object([
                ("type", .string("prodorder")), ("bizTransaction", .string(workOrderURIBase + Self.pathEncode(v))),
            ])])))
        }
        return out
    }

    static func pathEncode(_ s: String) -> String { EPCISIdentity.pathEncode(s) }

    /// The EPCISDocument holding `events` (in order). `creationDate` is the newest event time (UTC),
    /// so the same events always give the same document.
    public func document(_ events: [Encoded], creationDate: EventTime) -> JSONValue {
        .object([
            ("@context", .array([.string(EPCISDocumentConstants.contextURL)])),
            ("type", .string("EPCISDocument")),
            ("schemaVersion", .string("2.0")),
            ("creationDate", .string(EventTime(unixMillis: creationDate.unixMillis, offsetSeconds: 0).description)),
            ("epcisBody", .object([("eventList", .array(events.map(\.json)))])),
        ])
    }
}
