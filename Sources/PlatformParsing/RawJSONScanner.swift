/// A strict RFC 8259 reader over the bytes of a body: it moves past values, hands out the exact byte
/// ranges of values (events are stored as the gateway sent them: their hashes cover those bytes) and
/// decodes the few strings and integers the platform reads. It builds no tree: a batch is read in one
/// pass.
///
/// It is also the platform's strict check of the body's grammar: Foundation's `JSONDecoder`, which the
/// platform used first, lets through trailing commas, unescaped control characters and unknown escapes in
/// strings (found by fuzz-platform), and the platform must never store event text that a strict JSON
/// parser refuses. Every method returns false or nil on anything that is not JSON, leaving ``offset``
/// where the reading stopped.
struct RawJSONScanner {
    /// Nesting deeper than this is refused (the scanner recurses once per level).
    static let maxDepth = 256

    let bytes: [UInt8]
    /// The next byte to read.
    private(set) var offset = 0
    /// Set when a string held a `\u` escape of a lone UTF-16 surrogate (grammatical, but no Unicode text
    /// can hold it: RFC 8259 §8.2); the caller clears it.
    var sawLoneSurrogate = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// The next byte after whitespace, or nil at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// Whether only whitespace is left.
    mutating func atEnd() -> Bool { peek() == nil }

    /// Reads the object at the current position, calling `member` with the range of each member's name
    /// (quotes included: see ``name(_:is:)``) with the scanner on the member's value; `member` must read
    /// the value.
    mutating func readObject(depth: Int, _ member: (inout RawJSONScanner, Range<Int>) -> Bool) -> Bool {
        guard depth <= Self.maxDepth, consume(UInt8(ascii: "{")) else { return false }
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return true }
        while true {
            skipWhitespace()
            guard let name = readStringRange() else { return false }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return false }
            skipWhitespace()
            guard member(&self, name) else { return false }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}"))
        }
    }

    /// Reads the array at the current position, calling `element` with the scanner on each element;
    /// `element` must read it.
    mutating func readArray(depth: Int, _ element: (inout RawJSONScanner) -> Bool) -> Bool {
        guard depth <= Self.maxDepth, consume(UInt8(ascii: "[")) else { return false }
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return true }
        while true {
            skipWhitespace()
            guard element(&self) else { return false }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "]"))
        }
    }

    /// Moves past one value of any kind and returns its bytes' range; nil if it is not a JSON value.
    mutating func skipValue(depth: Int) -> Range<Int>? {
        skipWhitespace()
        let start = offset
        guard offset < bytes.count else { return nil }
        let ok: Bool
        switch bytes[offset] {
        case UInt8(ascii: "\""): ok = readStringRange() != nil
        case UInt8(ascii: "{"): ok = readObject(depth: depth) { scanner, _ in scanner.skipValue(depth: depth + 1) != nil }
        case UInt8(ascii: "["): ok = readArray(depth: depth) { scanner in scanner.skipValue(depth: depth + 1) != nil }
        case UInt8(ascii: "t"): ok = consume(word: "true")
        case UInt8(ascii: "f"): ok = consume(word: "false")
        case UInt8(ascii: "n"): ok = consume(word: "null")
        default: ok = skipNumber()
        }
        return ok ? start..<offset : nil
    }

    /// Reads the string value here (the next byte is its quote): nil when it is not JSON, `.some(nil)`
    /// when it has no Unicode reading.
    mutating func readString() -> String?? {
        guard let range = readStringRange() else { return nil }
        return .some(decodeString(range))
    }

    /// The integer the next value is, when it is written as one (`-?digits`) and fits an `Int64`.
    /// The value is read in any case; `valid` is false when it is not JSON.
    mutating func readInteger(depth: Int, valid: inout Bool) -> Int64? {
        guard let range = skipValue(depth: depth) else {
            valid = false
            return nil
        }
        var i = range.lowerBound
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < range.upperBound else { return nil }
        var value: Int64 = 0
        while i < range.upperBound {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(Int64(digit)) : times10.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` (RFC 8259 §6).
    private mutating func skipNumber() -> Bool {
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // no leading zeros
        } else {
            guard offset < bytes.count, (0x31...0x39).contains(bytes[offset]) else { return false }
            skipDigits()
        }
        if consume(UInt8(ascii: ".")) {
            guard skipDigits() else { return false }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard skipDigits() else { return false }
        }
        return true
    }

    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = offset
        while offset < bytes.count, (0x30...0x39).contains(bytes[offset]) { offset += 1 }
        return offset > start
    }

    /// Moves past the string starting here and returns its range, quotes included.
    private mutating func readStringRange() -> Range<Int>? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
        let start = offset
        var i = offset + 1
        defer { offset = i }
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
                    guard let unit = hex4(at: i + 2) else { return nil }
                    i += 6
                    if (0xD800...0xDBFF).contains(unit) {
                        if i + 5 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                           let low = hex4(at: i + 2), (0xDC00...0xDFFF).contains(low) {
                            i += 6
                        } else {
                            sawLoneSurrogate = true
                        }
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        sawLoneSurrogate = true
                    }
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

    /// Whether the member name at `range` (quotes included) is `name`; compares bytes unless the name
    /// has escapes.
    func name(_ range: Range<Int>, is name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        if range.count == count + 2 {
            var k = 0
            while k < count, bytes[range.lowerBound + 1 + k] == name.utf8Start[k] { k += 1 }
            if k == count { return true }
        }
        guard bytes[range].contains(UInt8(ascii: "\\")) else { return false }
        return decodeString(range) == name.description
    }

    /// Which of `names` the member name at `range` is, or nil when none.
    func name(_ range: Range<Int>, among names: [StaticString]) -> String? {
        names.first { name(range, is: $0) }.map(\.description)
    }

    /// The text of the (grammatical) string whose bytes, quotes included, are `range`; nil when it is not
    /// UTF-8 or holds a lone surrogate escape.
    func decodeString(_ range: Range<Int>) -> String? {
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        guard bytes[inner].contains(UInt8(ascii: "\\")) else {
            return String(validating: bytes[inner], as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        var plain: [UInt8] = []
        func flush() -> Bool {
            guard !plain.isEmpty else { return true }
            guard let text = String(validating: plain, as: UTF8.self) else { return false }
            scalars.append(contentsOf: text.unicodeScalars)
            plain.removeAll(keepingCapacity: true)
            return true
        }
        var i = inner.lowerBound
        while i < inner.upperBound {
            guard bytes[i] == UInt8(ascii: "\\") else {
                plain.append(bytes[i])
                i += 1
                continue
            }
            guard flush() else { return nil }
            let escape = bytes[i + 1]
            i += 2
            let scalar: Unicode.Scalar?
            switch escape {
            case UInt8(ascii: "b"): scalar = "\u{08}"
            case UInt8(ascii: "f"): scalar = "\u{0C}"
            case UInt8(ascii: "n"): scalar = "\n"
            case UInt8(ascii: "r"): scalar = "\r"
            case UInt8(ascii: "t"): scalar = "\t"
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: i) else { return nil }
                i += 4
                if (0xD800...0xDBFF).contains(unit), i + 5 < inner.upperBound, bytes[i] == UInt8(ascii: "\\"),
                   let low = hex4(at: i + 2), (0xDC00...0xDFFF).contains(low) {
                    i += 6
                    scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    scalar = Unicode.Scalar(unit)  // nil for a lone surrogate
                }
            default: scalar = Unicode.Scalar(escape)  // \" \\ \/
            }
            guard let scalar else { return nil }
            scalars.append(scalar)
        }
        guard flush() else { return nil }
        return String(scalars)
    }

    /// The value of four hex digits at `i`, or nil.
    private func hex4(at i: Int) -> UInt32? {
        guard i + 3 < bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[i..<(i + 4)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Moves past `byte` when it is next; false otherwise.
    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Moves past `word` when it is next; false otherwise.
    private mutating func consume(word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        for k in 0..<count where bytes[offset + k] != word.utf8Start[k] { return false }
        offset += count
        return true
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count, bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09 {
            offset += 1
        }
    }
}
