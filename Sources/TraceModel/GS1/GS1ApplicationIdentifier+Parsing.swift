extension GS1ApplicationIdentifier {
    /// Parses one entry line of the GS1 Barcode Syntax Dictionary into its AI definitions.
    ///
    /// Line format: `AIs [Flags] Specification [Attributes...] [# Title]` where AIs is one AI or a
    /// range (`3100-3105`), Flags is made of `*` (predefined length) and `?` (Digital Link attribute),
    /// Specification is whitespace-separated components `Type[,linter...]` (Type `N5`, `X..20`,
    /// optionally in `[...]`), and Attributes are `req=`, `ex=`, `dlpkey[=...]`.
    /// Returns `[]` for a line that is not an entry.
    static func parseDictionaryLine(_ line: Substring) -> [GS1ApplicationIdentifier] {
        let parts = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        var title = parts.count > 1 ? parts[1].gs1TrimmingSpaces() : ""
        var tokens = parts[0].split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        guard let aiToken = tokens.popFirst() else { return [] }
        var predefined = false, dlAttribute = false
        if let flags = tokens.first, flags.allSatisfy({ "*?!\"$%&'()+,-./:;<=>@[\\]^_`{|}~".contains($0) }),
           !flags.hasPrefix("[") {
            predefined = flags.contains("*")
            dlAttribute = flags.contains("?")
            tokens.removeFirst()
        }
        var components: [Component] = []
        var requirements: [[[String]]] = []
        var exclusions: [String] = []
        var qualifiers: [[String]]?
        for token in tokens {
            if token.hasPrefix("req=") {
                requirements.append(token.dropFirst(4).split(separator: ",").map { $0.split(separator: "+").map(String.init) })
            } else if token.hasPrefix("ex=") {
                exclusions += token.dropFirst(3).split(separator: ",").map(String.init)
            } else if token == "dlpkey" {
                qualifiers = [[]]
            } else if token.hasPrefix("dlpkey=") {
                qualifiers = token.dropFirst(7).split(separator: "|").map { $0.split(separator: ",").map(String.init) }
            } else if let component = Component(specification: token) {
                components.append(component)
            }
        }
        if title.isEmpty {
            title = untitled[String(aiToken)] ?? "AI \(aiToken)"
        }
        return expandRange(aiToken).map {
            GS1ApplicationIdentifier(
                ai: $0, title: title, components: components, isPredefinedLength: predefined,
                isDigitalLinkAttribute: dlAttribute, requirements: requirements, exclusions: exclusions,
                digitalLinkQualifiers: qualifiers)
        }
    }

    /// Titles for the entries the dictionary leaves untitled (North American coupon codes).
    private static let untitled = ["8110": "COUPON CODE (North America)", "8112": "POSITIVE OFFER FILE COUPON CODE"]

    /// `"3100-3105"` → the six AIs; `"01"` → `["01"]`.
    private static func expandRange(_ token: Substring) -> [String] {
        let ends = token.split(separator: "-")
        guard ends.count == 2, let low = Int(ends[0]), let high = Int(ends[1]), low <= high else {
            return [String(token)]
        }
        let width = ends[0].count
        return (low...high).map { n in
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
    }
}

extension GS1ApplicationIdentifier.Component {
    /// Parses `N13,csum,gcppos1`, `X..20`, `[N..12]`, `[X1],hyphen` (nil if not a component).
    init?(specification token: Substring) {
        var spec = token
        var optional = false
        if spec.hasPrefix("[") {
            optional = true
            spec = spec.dropFirst()
        }
        var fields = spec.split(separator: ",")[...]
        guard var type = fields.popFirst() else { return nil }
        if type.hasSuffix("]") {
            type = type.dropLast()
        }
        guard let first = type.first, let charset = GS1ApplicationIdentifier.Charset(rawValue: String(first)) else {
            return nil
        }
        let length = type.dropFirst()
        let min: Int, max: Int
        if length.hasPrefix("..") {
            guard let value = Int(length.dropFirst(2)) else { return nil }
            (min, max) = (1, value)
        } else {
            guard let value = Int(length) else { return nil }
            (min, max) = (value, value)
        }
        self.init(charset: charset, minLength: min, maxLength: max, isOptional: optional,
                  linters: fields.map { GS1Linter(rawValue: String($0)) ?? .unknown })
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func gs1TrimmingSpaces() -> String {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
