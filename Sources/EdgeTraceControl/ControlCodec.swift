import Foundation

/// Encodes and decodes the control protocol's lines: one JSON object per line, `\n`-terminated, UTF-8.
public enum ControlCodec {
    /// A line that is not a valid message.
    public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The longest line either side accepts.
    public static let maxLineBytes = 64 * 1024

    /// `value` as one JSON line (with the terminating `\n`).
    public static func line(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain structs of strings, numbers and arrays always encode.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// Decodes a request line (without its `\n`), checking what the types cannot say.
    public static func request(_ line: [UInt8]) throws(DecodeError) -> ControlRequest {
        let request: ControlRequest
        do {
            request = try JSONDecoder().decode(ControlRequest.self, from: Data(line))
        } catch {
            let known = ControlRequest.Command.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodeError(description: "not a control request (a JSON object with \"command\": one of \(known))")
        }
        switch request.command {
        case .quarantineRetry, .quarantineDiscard:
            let hasSeqs = !(request.seqs ?? []).isEmpty
            if hasSeqs == (request.all == true) {
                throw DecodeError(description: "\(request.command.rawValue) needs either \"seqs\" or \"all\": true")
            }
            if request.command == .quarantineDiscard, (request.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw DecodeError(description: "quarantine.discard needs a \"reason\" (it is recorded in the audit table)")
            }
        default:
            break
        }
        return request
    }

    /// Decodes a response line (without its `\n`).
    public static func response(_ line: [UInt8]) throws(DecodeError) -> ControlResponse {
        do {
            return try JSONDecoder().decode(ControlResponse.self, from: Data(line))
        } catch {
            throw DecodeError(description: "the daemon's answer is not a control response: \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
    }
}
