import TraceModel

/// The reference platform's reading of a `POST /capture` body (EPCIS 2.0 REST binding).
public enum CaptureDocument {
    /// Why a document is refused (answered 400 `epcisException:ValidationException`).
    public struct Problem: Error, Sendable, Equatable {
        /// What is wrong, for the RFC 7807 `detail`.
        public var detail: String
        /// The `eventID` of the event at fault, when it has one.
        public var instance: String? = nil
    }

    /// The EPCIS 2.0 event types.
    public static let eventTypes: Set<String> = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"]
    /// The types that carry an `action`.
    static let typesWithAction: Set<String> = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "AssociationEvent"]

    /// Minimal validation: an EPCISDocument (JSON object, `@context`, `type`, `schemaVersion`,
    /// `creationDate`, `epcisBody.eventList`), every event an object of a known type with
    /// `eventTime`, `eventTimeZoneOffset`, `eventID`, and `action` where the type has one.
    public static func validate(_ bytes: [UInt8]) throws(Problem) -> [(id: String, json: JSONValue)] {
        let doc: JSONValue
        do { doc = try JSONValue(parsing: bytes) } catch { throw Problem(detail: "\(error)") }
        guard case .object = doc else { throw Problem(detail: "the document is not a JSON object") }
        guard doc["@context"] != nil else { throw Problem(detail: "@context is missing") }
        guard doc["type"]?.stringValue == "EPCISDocument" else { throw Problem(detail: "type must be EPCISDocument") }
        for key in ["schemaVersion", "creationDate"] where doc[key]?.stringValue == nil {
            throw Problem(detail: "\(key) is missing")
        }
        guard let list = doc["epcisBody"]?["eventList"]?.arrayValue else { throw Problem(detail: "epcisBody.eventList is missing") }
        var events: [(id: String, json: JSONValue)] = []
        events.reserveCapacity(list.count)
        for (index, event) in list.enumerated() {
            guard case .object = event, let type = event["type"]?.stringValue, eventTypes.contains(type) else {
                throw Problem(detail: "event \(index): not an object with a known EPCIS event type")
            }
            guard let id = event["eventID"]?.stringValue, !id.isEmpty else { throw Problem(detail: "event \(index): eventID is missing") }
            for key in ["eventTime", "eventTimeZoneOffset"] where event[key]?.stringValue == nil {
                throw Problem(detail: "event \(index): \(key) is missing", instance: id)
            }
            if typesWithAction.contains(type), event["action"]?.stringValue == nil {
                throw Problem(detail: "event \(index): action is missing", instance: id)
            }
            events.append((id, event))
        }
        return events
    }
}
