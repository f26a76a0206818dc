import Foundation

/// Why a batch body cannot be read: the HTTP status to answer with and a message for the client.
public struct BatchProblem: Error, Sendable, Equatable {
    /// 400, or 422 for a schema the platform does not speak.
    public var status: Int
    /// What is wrong, naming the member but never echoing event data.
    public var message: String
}

/// Turns the (decompressed) body of `POST /v1/batches` into a ``DecodedBatch``.
public enum BatchDecoder {
    /// The protocol schema this platform speaks.
    public static let schema = 1

    /// Decodes `body`, or throws the problem to answer with (400, or 422 for a schema it does not speak).
    public static func decode(_ body: [UInt8]) throws(BatchProblem) -> DecodedBatch {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch let error as DecodingError {
            throw BatchProblem(status: 400, message: "body is not a batch: \(Self.describe(error))")
        } catch {
            throw BatchProblem(status: 400, message: "body is not JSON")
        }
        guard let gateway = envelope.gateway, !gateway.isEmpty else {
            throw BatchProblem(status: 400, message: "missing gateway (a non-empty string)")
        }
        guard let schema = envelope.schema else {
            throw BatchProblem(status: 400, message: "missing schema (an integer)")
        }
        guard schema == Self.schema else {
            throw BatchProblem(
                status: 422,
                message: "unsupported schema \(schema); this platform speaks schema \(Self.schema)")
        }
        guard let probes = envelope.events else {
            throw BatchProblem(status: 400, message: "missing events (an array)")
        }
        guard let ranges = RawJSONScanner.arrayElements(ofMember: "events", in: body), ranges.count == probes.count else {
            throw BatchProblem(status: 400, message: "body is not valid JSON: the events array could not be read (it must be strict RFC 8259 JSON, with one events member)")
        }
        let events = zip(probes, ranges).enumerated().map { index, pair in
            let text = String(validating: body[pair.1], as: UTF8.self)
            // The scanner checked the grammar, so the first byte says whether the element is an object.
            let isObject = body[pair.1.lowerBound] == UInt8(ascii: "{")
            return DecodedEvent(
                index: index, eventID: pair.0.eventID, seq: pair.0.seq, isObject: isObject,
                json: text ?? String(decoding: body[pair.1], as: UTF8.self), isValidUTF8: text != nil,
                isReadable: pair.0.isObject || !isObject)
        }
        return DecodedBatch(gateway: gateway, events: events)
    }

    /// A short description of a decoding error, naming the path but no data.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type) at \(path(context))"
        case .keyNotFound(let key, _):
            return "missing \(key.stringValue)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "invalid JSON" : "invalid value at \(path(context))"
        @unknown default:
            return "invalid JSON"
        }
    }

    /// The top level of a batch body; every member is optional so that each gets its own message.
    private struct Envelope: Decodable {
        var gateway: String?
        var schema: Int?
        var events: [EventProbe]?
    }

    /// What the platform reads from an event; never fails, so one bad event rejects only itself.
    private struct EventProbe: Decodable {
        var isObject = false
        var eventID: String?
        var seq: Int64?

        enum CodingKeys: String, CodingKey { case eventID, seq }

        init(from decoder: any Decoder) throws {
            guard let c = try? decoder.container(keyedBy: CodingKeys.self) else { return }
            isObject = true
            eventID = try? c.decodeIfPresent(String.self, forKey: .eventID)
            seq = try? c.decodeIfPresent(Int64.self, forKey: .seq)
        }
    }
}
