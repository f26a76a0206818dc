import Foundation

/// Finds the exact bytes of the elements of one array member of a top-level JSON object, so that
/// events are stored as the gateway sent them (their hashes cover those bytes).
///
/// The scanner is also the platform's strict check of the body's grammar (RFC 8259): Foundation's
/// `JSONDecoder`, which reads the members first, lets through trailing commas, unescaped control
/// characters and unknown escapes in strings (found by fuzz-platform), and the platform must never
/// store event text that a strict JSON parser refuses. On anything that is not JSON it returns nil.
enum RawJSONScanner {
    /// Nesting deeper than this is refused (the scanner recurses once per level).
    static let maxDepth = 256

    /// The byte ranges of the elements of the array that is the value of member `name` of the
    /// top-level object in `bytes`, or nil when there is none, when the name appears twice (decoders
    /// disagree on which one counts: found by fuzz-platform) or `bytes` is not one JSON object.
    static func arrayElements(ofMember name: String, in bytes: [UInt8]) -> [Range<Int>]? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        skipWhitespace(bytes, &i)
        guard consume(UInt8(ascii: "{"), bytes, &i) else { return nil }
        var found: [Range<Int>]?
        skipWhitespace(bytes, &i)
        if !consume(UInt8(ascii: "}"), bytes, &i) {
            while true {
                skipWhitespace(bytes, &i)
                guard let keyRange = skipString(bytes, &i) else { return nil }
                skipWhitespace(bytes, &i)
                guard consume(UInt8(ascii: ":"), bytes, &i) else { return nil }
                skipWhitespace(bytes, &i)
                if key(bytes, keyRange) == name {
                    guard found == nil, i < bytes.count, bytes[i] == UInt8(ascii: "["),
                          let elements = elementsOfArray(bytes, &i) else { return nil }
                    found = elements
                } else {
                    guard skipValue(bytes, &i, depth: 1) else { return nil }
                }
                skipWhitespace(bytes, &i)
                if consume(UInt8(ascii: ","), bytes, &i) { continue }
                guard consume(UInt8(ascii: "}"), bytes, &i) else { return nil }
                break
            }
        }
        skipWhitespace(bytes, &i)
        return i == bytes.count ? found : nil
    }

    /// Reads the array starting at `i` and returns the ranges of its elements.
    private static func elementsOfArray(_ bytes: [UInt8], _ i: inout Int) -> [Range<Int>]? {
        i += 1
        var elements: [Range<Int>] = []
        skipWhitespace(bytes, &i)
        if consume(UInt8(ascii: "]"), bytes, &i) { return elements }
        while true {
            skipWhitespace(bytes, &i)
            let start = i
            guard skipValue(bytes, &i, depth: 2) else { return nil }
            elements.append(start..<i)
            skipWhitespace(bytes, &i)
            if consume(UInt8(ascii: ","), bytes, &i) { continue }
            return consume(UInt8(ascii: "]"), bytes, &i) ? elements : nil
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

    /// Moves past one value of any kind; false if it is not a JSON value.
    private static func skipValue(_ bytes: [UInt8], _ i: inout Int, depth: Int) -> Bool {
        guard i < bytes.count, depth <= maxDepth else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return skipString(bytes, &i) != nil
        case UInt8(ascii: "{"):
            i += 1
            skipWhitespace(bytes, &i)
            if consume(UInt8(ascii: "}"), bytes, &i) { return true }
            while true {
                skipWhitespace(bytes, &i)
                guard skipString(bytes, &i) != nil else { return false }
                skipWhitespace(bytes, &i)
                guard consume(UInt8(ascii: ":"), bytes, &i) else { return false }
                skipWhitespace(bytes, &i)
                guard skipValue(bytes, &i, depth: depth + 1) else { return false }
                skipWhitespace(bytes, &i)
                if consume(UInt8(ascii: ","), bytes, &i) { continue }
                return consume(UInt8(ascii: "}"), bytes, &i)
            }
        case UInt8(ascii: "["):
            i += 1
            skipWhitespace(bytes, &i)
            if consume(UInt8(ascii: "]"), bytes, &i) { return true }
            while true {
                skipWhitespace(bytes, &i)
                guard skipValue(bytes, &i, depth: depth + 1) else { return false }
                skipWhitespace(bytes, &i)
                if consume(UInt8(ascii: ","), bytes, &i) { continue }
                return consume(UInt8(ascii: "]"), bytes, &i)
            }
        case UInt8(ascii: "t"): return consume(Array("true".utf8), bytes, &i)
        case UInt8(ascii: "f"): return consume(Array("false".utf8), bytes, &i)
        case UInt8(ascii: "n"): return consume(Array("null".utf8), bytes, &i)
        default: return skipNumber(bytes, &i)
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` (RFC 8259 §6).
    private static func skipNumber(_ bytes: [UInt8], _ i: inout Int) -> Bool {
        _ = consume(UInt8(ascii: "-"), bytes, &i)
        if consume(UInt8(ascii: "0"), bytes, &i) {
            // no leading zeros
        } else {
            guard i < bytes.count, (0x31...0x39).contains(bytes[i]) else { return false }
            skipDigits(bytes, &i)
        }
        if consume(UInt8(ascii: "."), bytes, &i) {
            guard skipDigits(bytes, &i) else { return false }
        }
        if consume(UInt8(ascii: "e"), bytes, &i) || consume(UInt8(ascii: "E"), bytes, &i) {
            if !consume(UInt8(ascii: "+"), bytes, &i) { _ = consume(UInt8(ascii: "-"), bytes, &i) }
            guard skipDigits(bytes, &i) else { return false }
        }
        return true
    }

    /// Moves past a run of digits; false when there is none.
    @discardableResult
    private static func skipDigits(_ bytes: [UInt8], _ i: inout Int) -> Bool {
        let start = i
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        return i > start
    }

    /// Moves past the string starting at `i` and returns its range, quotes included.
    private static func skipString(_ bytes: [UInt8], _ i: inout Int) -> Range<Int>? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"):
                // RFC 8259 §7: \" \\ \/ \b \f \n \r \t or \u and four hex digits.
                guard i + 1 < bytes.count else { return nil }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 5 < bytes.count, bytes[(i + 2)...(i + 5)].allSatisfy(isHexDigit) else { return nil }
                    i += 6
                default:
                    return nil
                }
            case UInt8(ascii: "\""):
                i += 1
                return start..<i
            case 0x00..<0x20:
                return nil  // control characters must be escaped
            default:
                i += 1
            }
        }
        return nil
    }

    /// Moves past `byte` when it is next; false otherwise.
    private static func consume(_ byte: UInt8, _ bytes: [UInt8], _ i: inout Int) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// Moves past `word` when it is next; false otherwise.
    private static func consume(_ word: [UInt8], _ bytes: [UInt8], _ i: inout Int) -> Bool {
        guard i + word.count <= bytes.count, bytes[i..<(i + word.count)].elementsEqual(word) else { return false }
        i += word.count
        return true
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static func skipWhitespace(_ bytes: [UInt8], _ i: inout Int) {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }
}
