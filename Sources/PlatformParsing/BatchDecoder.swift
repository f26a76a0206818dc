import Foundation

/// Why a batch body cannot be read: the HTTP status to answer with and a message for the client.
public struct BatchProblem: Error, Sendable, Equatable {
    /// 400, or 422 for a schema the platform does not speak.
    public var status: Int
    /// What is wrong, naming the member but never echoing event data.
    public var message: String
}

/// Turns the (decompressed) body of `POST /v1/batches` into a ``DecodedBatch``, in one pass of the strict
/// ``RawJSONScanner`` over the bytes: the envelope's members, each event's exact bytes, and the two members
/// the platform reads from an event (`eventID`, `seq`). No JSON tree is built: Foundation's `JSONDecoder`,
/// which read the envelope and the events before, was a sixth of the platform's CPU in a backlog drain.
public enum BatchDecoder {
    /// The protocol schema this platform speaks.
    public static let schema = 1

    /// Decodes `body`, or throws the problem to answer with (400, or 422 for a schema it does not speak).
    public static func decode(_ body: [UInt8]) throws(BatchProblem) -> DecodedBatch {
        var scanner = RawJSONScanner(body)
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw BatchProblem(status: 400, message: scanner.atEnd()
                ? "body is not valid JSON: it is empty" : "body is not a batch: the top level must be a JSON object")
        }
        var envelope = Envelope()
        let grammatical = scanner.readObject(depth: 1) { scanner, name in envelope.read(name, &scanner) }
        guard grammatical, scanner.atEnd() else {
            throw BatchProblem(
                status: 400,
                message: "body is not valid JSON: stopped at byte \(scanner.offset) of \(body.count) (it must be strict RFC 8259 JSON: no trailing commas, control characters escaped, only the escapes of §7)")
        }
        if let twice = envelope.twice {
            throw BatchProblem(status: 400, message: "member \(twice) appears twice in the body; send it once")
        }
        switch envelope.gateway {
        case nil, .string(""): throw BatchProblem(status: 400, message: "missing gateway (a non-empty string)")
        case .string(nil): throw BatchProblem(status: 400, message: "gateway is not valid Unicode text")
        case .other: throw BatchProblem(status: 400, message: "gateway must be a non-empty string")
        case .string(.some): break
        }
        switch envelope.schema {
        case nil: throw BatchProblem(status: 400, message: "missing schema (an integer)")
        case .some(nil): throw BatchProblem(status: 400, message: "schema must be an integer")
        case .some(.some(let schema)) where schema != Int64(Self.schema):
            throw BatchProblem(
                status: 422,
                message: "unsupported schema \(schema); this platform speaks schema \(Self.schema)")
        default: break
        }
        guard envelope.eventsIsArray != nil else {
            throw BatchProblem(status: 400, message: "missing events (an array)")
        }
        guard envelope.eventsIsArray == true else {
            throw BatchProblem(status: 400, message: "events must be an array")
        }
        guard case .string(.some(let gateway)) = envelope.gateway else { preconditionFailure("checked above") }
        return DecodedBatch(gateway: gateway, events: envelope.events)
    }

    /// The members read from the top level and from each event; the others are only checked.
    private static let envelopeMembers: [StaticString] = ["gateway", "schema", "events"]
    private static let eventMembers: [StaticString] = ["eventID", "seq"]

    /// A string member: its text (nil when it has no Unicode reading), or a value of another kind.
    private enum StringMember {
        case string(String?)
        case other
    }

    /// The top-level members, as they are read.
    private struct Envelope {
        var gateway: StringMember?
        /// nil: absent; `.some(nil)`: not an integer.
        var schema: Int64??
        /// nil: absent; false: not an array.
        var eventsIsArray: Bool?
        var events: [DecodedEvent] = []
        /// The first of the members above that appeared twice (decoders disagree on which one counts:
        /// found by fuzz-platform).
        var twice: String?

        /// Reads the value of the member named at `name`; false when the body is not JSON.
        mutating func read(_ name: Range<Int>, _ scanner: inout RawJSONScanner) -> Bool {
            switch scanner.name(name, among: BatchDecoder.envelopeMembers) {
            case "gateway":
                if gateway != nil { twice = twice ?? "gateway" }
                guard scanner.peek() == UInt8(ascii: "\"") else {
                    gateway = .other
                    return scanner.skipValue(depth: 2) != nil
                }
                guard let text = scanner.readString() else { return false }
                gateway = .string(text)
                return true
            case "schema":
                if schema != nil { twice = twice ?? "schema" }
                var valid = true
                schema = .some(scanner.readInteger(depth: 2, valid: &valid))
                return valid
            case "events":
                if eventsIsArray != nil { twice = twice ?? "events" }
                guard scanner.peek() == UInt8(ascii: "[") else {
                    eventsIsArray = false
                    return scanner.skipValue(depth: 2) != nil
                }
                eventsIsArray = true
                var events: [DecodedEvent] = []
                let ok = scanner.readArray(depth: 2) { scanner in
                    guard let event = BatchDecoder.readEvent(&scanner, index: events.count) else { return false }
                    events.append(event)
                    return true
                }
                self.events = events
                return ok
            default:
                return scanner.skipValue(depth: 2) != nil
            }
        }
    }

    /// Reads one element of `events`; nil when it is not JSON.
    private static func readEvent(_ scanner: inout RawJSONScanner, index: Int) -> DecodedEvent? {
        guard let first = scanner.peek() else { return nil }
        scanner.sawLoneSurrogate = false
        let start = scanner.offset
        var eventID: String?
        var seq: Int64?
        var seen: (eventID: Bool, seq: Bool) = (false, false)
        var twice: String?
        let isObject = first == UInt8(ascii: "{")
        if isObject {
            let ok = scanner.readObject(depth: 3) { scanner, name in
                switch scanner.name(name, among: BatchDecoder.eventMembers) {
                case "eventID":
                    if seen.eventID { twice = twice ?? "eventID" }
                    seen.eventID = true
                    guard scanner.peek() == UInt8(ascii: "\"") else {
                        eventID = nil
                        return scanner.skipValue(depth: 4) != nil
                    }
                    guard let text = scanner.readString() else { return false }
                    eventID = text
                    return true
                case "seq":
                    if seen.seq { twice = twice ?? "seq" }
                    seen.seq = true
                    var valid = true
                    seq = scanner.readInteger(depth: 4, valid: &valid)
                    return valid
                default:
                    return scanner.skipValue(depth: 4) != nil
                }
            }
            guard ok else { return nil }
        } else {
            guard scanner.skipValue(depth: 3) != nil else { return nil }
        }
        let bytes = scanner.bytes[start..<scanner.offset]
        let text = String(validating: bytes, as: UTF8.self)
        var unreadable: String? = nil
        if let twice {
            unreadable = "\(twice) appears twice in the event"
        } else if scanner.sawLoneSurrogate {
            unreadable = "event has a \\u escape that is a lone UTF-16 surrogate (no Unicode text can hold it)"
        }
        return DecodedEvent(
            index: index, eventID: eventID, seq: seq, isObject: isObject,
            json: text ?? String(decoding: bytes, as: UTF8.self), isValidUTF8: text != nil, unreadable: unreadable)
    }
}
