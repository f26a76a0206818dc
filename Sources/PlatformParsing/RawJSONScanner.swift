import Foundation

/// Finds the exact bytes of the elements of one array member of a top-level JSON object, so that
/// events are stored as the gateway sent them (their hashes cover those bytes).
///
/// The scanner trusts its input to be well-formed JSON (the body is validated by `JSONDecoder`
/// first); on anything unexpected it gives up and returns nil.
enum RawJSONScanner {
    /// The byte ranges of the elements of the array that is the value of member `name` of the
    /// top-level object in `bytes` (the last such member, if the name repeats), or nil.
    static func arrayElements(ofMember name: String, in bytes: [UInt8]) -> [Range<Int>]? {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipWhitespace(bytes, &i)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var found: [Range<Int>]?
        while true {
            skipWhitespace(bytes, &i)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return found }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard let keyRange = skipString(bytes, &i) else { return nil }
            skipWhitespace(bytes, &i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipWhitespace(bytes, &i)
            if key(bytes, keyRange) == name, i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                guard let elements = elementsOfArray(bytes, &i) else { return nil }
                found = elements
            } else {
                guard skipValue(bytes, &i) else { return nil }
            }
        }
    }

    /// Reads the array starting at `i` and returns the ranges of its elements.
    private static func elementsOfArray(_ bytes: [UInt8], _ i: inout Int) -> [Range<Int>]? {
        i += 1
        var elements: [Range<Int>] = []
        while true {
            skipWhitespace(bytes, &i)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return elements }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            let start = i
            guard skipValue(bytes, &i) else { return nil }
            elements.append(start..<i)
        }
    }

    /// The decoded text of the string whose bytes, quotes included, are `range`.
    private static func key(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        let inner = bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
        if !inner.contains(UInt8(ascii: "\\")) {
            return String(decoding: inner, as: UTF8.self)
        }
        return try? JSONDecoder().decode(String.self, from: Data(bytes[range]))
    }

    /// Moves past one value of any kind; false if the input ends first.
    private static func skipValue(_ bytes: [UInt8], _ i: inout Int) -> Bool {
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return skipString(bytes, &i) != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard skipString(bytes, &i) != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default:
                    break
                }
                i += 1
            }
            return false
        default:
            let start = i
            while i < bytes.count, !isDelimiter(bytes[i]) { i += 1 }
            return i > start
        }
    }

    /// Moves past the string starting at `i` and returns its range, quotes included.
    private static func skipString(_ bytes: [UInt8], _ i: inout Int) -> Range<Int>? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"):
                i += 2
            case UInt8(ascii: "\""):
                i += 1
                return start..<i
            default:
                i += 1
            }
        }
        return nil
    }

    private static func skipWhitespace(_ bytes: [UInt8], _ i: inout Int) {
        while i < bytes.count, isWhitespace(bytes[i]) { i += 1 }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
    }
}
