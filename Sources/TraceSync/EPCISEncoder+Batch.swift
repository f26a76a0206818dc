import Foundation
import TraceModel
import TraceStore

/// A batch of stored events encoded for EPCIS: which events are in the document, which are passed
/// over (not EPCIS events) and which cannot be encoded.
public struct EPCISBatch: Sendable {
    public enum Item: Sendable, Equatable {
        case event(EPCISEncoder.Encoded)
        /// Not an EPCIS event (rejected, device, command, no GS1 identifier): nothing to send.
        case notEPCIS
        /// The stored event could not be read or hashed; quarantine it locally with this reason.
        case unencodable(String)
    }

    public var stored: [StoredEvent]
    public var items: [Item]

    /// The encoded events in order.
    public var encoded: [EPCISEncoder.Encoded] {
        items.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    /// The stored event's ID for each EPCIS eventID in the batch.
    public var storedIDByEPCISID: [String: (seq: Int64, eventID: String)] {
        var out: [String: (seq: Int64, eventID: String)] = [:]
        for (s, item) in zip(stored, items) {
            if case .event(let e) = item, out[e.epcisEventID] == nil { out[e.epcisEventID] = (s.seq, s.eventID) }
        }
        return out
    }

    /// The first `count` stored events and their items.
    public func prefix(_ count: Int) -> EPCISBatch {
        EPCISBatch(stored: Array(stored.prefix(count)), items: Array(items.prefix(count)))
    }

    /// The number of EPCIS events among the first `count` stored events.
    public func eventCount(inFirst count: Int) -> Int {
        items.prefix(count).filter { if case .event = $0 { return true } else { return false } }.count
    }
}

extension EPCISEncoder {
    /// Decodes and encodes stored events (their canonical bodies).
    public func batch(_ stored: [StoredEvent]) -> EPCISBatch {
        let decoder = JSONDecoder()
        let items: [EPCISBatch.Item] = stored.map { s in
            guard let event = try? decoder.decode(TraceEvent.self, from: Data(s.body)) else {
                return .unencodable("the stored event cannot be read back as a TraceEvent")
            }
            do {
                guard let encoded = try encode(event) else { return .notEPCIS }
                return .event(encoded)
            } catch {
                return .unencodable("EPCIS event hash: \(error)")
            }
        }
        return EPCISBatch(stored: stored, items: items)
    }

    /// The EPCISDocument bytes of a batch (`creationDate` = the newest event time among the encoded ones).
    public func documentBytes(_ batch: EPCISBatch) -> [UInt8] {
        let decoder = JSONDecoder()
        var newest = EventTime(unixMillis: 0)
        for (s, item) in zip(batch.stored, batch.items) {
            guard case .event = item, let e = try? decoder.decode(TraceEvent.self, from: Data(s.body)) else { continue }
            if e.time.unixMillis > newest.unixMillis { newest = e.time }
        }
        return Array(document(batch.encoded, creationDate: newest).serialized.utf8)
    }
}
