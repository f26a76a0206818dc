extension GS1DigitalLink {
    /// Key-qualifier order in the path, duplicates, and which AIs may be query attributes.
    static func checkStructure(_ parsed: Parsed) throws(GS1Failure) {
        let path = parsed.elements.prefix(parsed.pathCount).map(\.ai)
        guard isValidPath(path) else {
            let key = path[0]
            let alternatives = GS1Dictionary.lookup(key)?.digitalLinkQualifiers ?? [[]]
            let allowed = alternatives.filter { !$0.isEmpty }.map { $0.map { "/\($0)" }.joined() }
            let hint = allowed.isEmpty ? "AI \(key) takes no key qualifiers" : "after /\(key)/ the qualifiers allowed, in this order, are \(GS1Text.orList(allowed))"
            throw GS1Failure("GS1 Digital Link URI: invalid path /\(path.joined(separator: "/…/"))/…: \(hint)")
        }
        var seen = Set<String>()
        for element in parsed.elements {
            guard seen.insert(element.ai).inserted else {
                throw GS1Failure("GS1 Digital Link URI: AI \(element.ai) appears more than once")
            }
        }
        for element in parsed.elements.dropFirst(parsed.pathCount) {
            guard let definition = GS1Dictionary.lookup(element.ai), definition.isDigitalLinkAttribute else {
                throw GS1Failure("GS1 Digital Link URI: AI \(element.ai) is not allowed as a query attribute")
            }
            for position in 1...path.count {
                var trial = path
                trial.insert(element.ai, at: position)
                if isValidPath(trial) {
                    throw GS1Failure("GS1 Digital Link URI: AI \(element.ai) belongs in the path (/\(path[0])/…/\(element.ai)/…), not in the query")
                }
            }
        }
    }

    /// `true` when `path` is a primary key followed by an in-order subset of one of its qualifier
    /// sequences (`dlpkey=22,10,21|235`).
    static func isValidPath(_ path: [String]) -> Bool {
        guard let key = path.first, let alternatives = GS1Dictionary.lookup(key)?.digitalLinkQualifiers else {
            return false
        }
        let qualifiers = path.dropFirst()
        return alternatives.contains { sequence in
            var remaining = sequence[...]
            for qualifier in qualifiers {
                guard let found = remaining.firstIndex(of: qualifier) else { return false }
                remaining = remaining[(found + 1)...]
            }
            return true
        }
    }
}
