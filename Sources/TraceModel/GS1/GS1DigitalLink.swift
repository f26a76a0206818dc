/// Parsing GS1 Digital Link URIs (GS1 Digital Link standard: URI syntax), following the GS1 syntax
/// engine: any host; the path ends with `/{primary key AI}/{value}` then key qualifiers in their
/// defined order (e.g. 01 → 22, 10, 21); other AIs as query parameters; percent-decoding.
enum GS1DigitalLink {
    /// The result of a successful parse.
    struct Parsed: Equatable {
        /// Path elements then query elements, in URI order (values decoded, not yet validated).
        var elements: [GS1RawElement]
        /// How many of `elements` come from the path.
        var pathCount: Int
        /// Remarks for the operator (GTIN zero-padded, deprecated convenience alphas).
        var notes: [String]
    }

    /// `true` when `text` starts with an http(s) scheme (the forms the standard allows).
    static func hasWebScheme<S: StringProtocol>(_ text: S) -> Bool {
        ["https://", "HTTPS://", "http://", "HTTP://"].contains { text.hasPrefix($0) }
    }

    /// Parses `uri`. Returns nil when it is a web URI without any GS1 Digital Link primary key in
    /// its path (an ordinary URL); throws when it is a Digital Link with an error.
    static func parse(_ uri: Substring) throws(GS1Failure) -> Parsed? {
        guard let scheme = ["https://", "HTTPS://", "http://", "HTTP://"].first(where: { uri.hasPrefix($0) }) else {
            return nil
        }
        if let bad = uri.first(where: { !uriCharacters.contains($0) }) {
            guard mentionsPrimaryKey(uri) else { return nil }
            throw GS1Failure("GS1 Digital Link URI: character \(GS1Text.name(bad)) is not allowed in a URI")
        }
        var rest = uri.dropFirst(scheme.count)
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let query: Substring? = rest.firstIndex(of: "?").map { rest[rest.index(after: $0)...] }
        if let mark = rest.firstIndex(of: "?") { rest = rest[..<mark] }
        guard let slash = rest.firstIndex(of: "/"), slash > rest.startIndex else { return nil }
        let host = rest[..<slash]
        let segments = rest[slash...].split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard let root = findRoot(Array(segments)) else {
            guard mentionsPrimaryKey(uri) else { return nil }
            throw GS1Failure("GS1 Digital Link URI: the path must end with /key/value pairs of known AIs, e.g. /01/{GTIN}/10/{lot}")
        }
        if host.contains(where: { "_~?#@!$&'()*+,;=%".contains($0) }) {
            throw GS1Failure("GS1 Digital Link URI: host \(GS1Text.show(host)) has characters not allowed in a domain")
        }
        var parsed = Parsed(elements: [], pathCount: 0, notes: [])
        let pairs = Array(segments)[root...]
        var index = pairs.startIndex
        while index < pairs.endIndex {
            let (ai, alpha) = resolve(pairs[index])!
            if let alpha { parsed.notes.append("deprecated convenience alpha /\(alpha)/ read as AI \(ai)") }
            try parsed.elements.append(element(ai, rawValue: pairs[index + 1], isQuery: false, notes: &parsed.notes))
            index += 2
        }
        parsed.pathCount = parsed.elements.count
        for parameter in (query ?? "").split(separator: "&") {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let key = parameter[..<equals]
            guard key.gs1IsAllDigits else { continue }
            guard GS1Dictionary.lookup(String(key)) != nil else {
                throw GS1Failure("GS1 Digital Link URI: unknown AI \(key) in the query")
            }
            let value = parameter[parameter.index(after: equals)...]
            try parsed.elements.append(element(String(key), rawValue: value, isQuery: true, notes: &parsed.notes))
        }
        try checkStructure(parsed)
        return parsed
    }

    /// Index in `segments` of the primary-key AI that roots the Digital Link path, or nil.
    private static func findRoot(_ segments: [Substring]) -> Int? {
        var valueIndex = segments.count - 1
        while valueIndex >= 1 {
            guard let (ai, _) = resolve(segments[valueIndex - 1]) else { return nil }
            if GS1Dictionary.lookup(ai)?.isDigitalLinkPrimaryKey == true { return valueIndex - 1 }
            valueIndex -= 2
        }
        return nil
    }

    /// A path AI segment: numeric AI, or deprecated convenience alpha (`gtin`, `lot`, `ser`…).
    private static func resolve(_ segment: Substring) -> (ai: String, alpha: String?)? {
        if segment.gs1IsAllDigits { return GS1Dictionary.lookup(String(segment)) == nil ? nil : (String(segment), nil) }
        return convenienceAlphas[String(segment)].map { ($0, String(segment)) }
    }

    /// `true` when some path segment is a numeric primary-key AI followed by something.
    private static func mentionsPrimaryKey(_ uri: Substring) -> Bool {
        let segments = uri.split(separator: "?").first?.split(separator: "/") ?? []
        return segments.dropLast().contains { $0.gs1IsAllDigits && GS1Dictionary.lookup(String($0))?.isDigitalLinkPrimaryKey == true }
    }

    private static func element(
        _ ai: String, rawValue: Substring, isQuery: Bool, notes: inout [String]
    ) throws(GS1Failure) -> GS1RawElement {
        guard !rawValue.isEmpty else { throw GS1Failure("GS1 Digital Link URI: AI \(ai) has an empty value") }
        var value = percentDecode(rawValue, plusIsSpace: isQuery)
        guard !value.contains("\u{0}") else { throw GS1Failure("GS1 Digital Link URI: AI \(ai) value decodes to a NUL character") }
        if ai == "01", [8, 12, 13].contains(value.count), value.gs1IsAllDigits {
            notes.append("GTIN-\(value.count) in the URI zero-padded to 14 digits")
            value = String(repeating: "0", count: 14 - value.count) + value
        }
        return GS1RawElement(ai: ai, value: value, position: 0)
    }

    /// Decodes `%XX` escapes (an invalid escape stays as is); `+` is a space only in the query.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
                continue
            }
            bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static let uriCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")

    /// Deprecated convenience alphas of early Digital Link versions.
    static let convenienceAlphas: [String: String] = [
        "cpid": "8010", "cpsn": "8011", "cpv": "22", "gcn": "255", "gdti": "253", "giai": "8004",
        "ginc": "401", "gln": "414", "glnx": "254", "gmn": "8013", "grai": "8003", "gsin": "402",
        "gsrn": "8018", "gsrnp": "8017", "gtin": "01", "itip": "8006", "lot": "10", "party": "417",
        "refno": "8020", "ser": "21", "srin": "8019", "sscc": "00",
    ]
}
