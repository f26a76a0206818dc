extension PlatformFaults {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case status, count, retryAfter, maxEvents, delayMs, delayMsPerEvent, drop, dropCount
        case rejectEventIDs, poisonEventIDs, poisonSubstring
    }

    /// A key that is not one of `CodingKeys`, used to refuse unknown keys.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the JSON form documented on ``PlatformFaults``, refusing unknown keys and bad values.
    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        let any = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = any.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: any,
                debugDescription: "unknown fault key '\(unknown.stringValue)'; known keys: \(known.sorted().joined(separator: ", "))")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = try c.decodeIfPresent(Int.self, forKey: .status)
        let count = try c.decodeIfPresent(Int.self, forKey: .count)
        let drop = try c.decodeIfPresent(Bool.self, forKey: .drop) ?? false
        let explicitDropCount = try c.decodeIfPresent(Int.self, forKey: .dropCount)
        var retryAfter: String?
        if let text = try? c.decodeIfPresent(String.self, forKey: .retryAfter) {
            retryAfter = text
        } else if let seconds = try c.decodeIfPresent(Int.self, forKey: .retryAfter) {
            retryAfter = String(seconds)
        }
        self.init(
            status: status,
            statusCount: status != nil ? count : nil,
            retryAfter: retryAfter,
            maxEvents: try c.decodeIfPresent(Int.self, forKey: .maxEvents),
            delayMs: try c.decodeIfPresent(Int.self, forKey: .delayMs),
            delayMsPerEvent: try c.decodeIfPresent(Int.self, forKey: .delayMsPerEvent),
            drop: drop,
            dropCount: explicitDropCount ?? (status == nil && drop ? count : nil),
            rejectEventIDs: try c.decodeIfPresent([String].self, forKey: .rejectEventIDs) ?? [],
            poisonEventIDs: try c.decodeIfPresent([String].self, forKey: .poisonEventIDs) ?? [],
            poisonSubstring: try c.decodeIfPresent(String.self, forKey: .poisonSubstring)
        )
        if let problem = validationProblem {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
        }
    }

    /// Encodes the JSON form documented on ``PlatformFaults``, leaving out what is not set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(statusCount, forKey: .count)
        try c.encodeIfPresent(retryAfter, forKey: .retryAfter)
        try c.encodeIfPresent(maxEvents, forKey: .maxEvents)
        try c.encodeIfPresent(delayMs, forKey: .delayMs)
        try c.encodeIfPresent(delayMsPerEvent, forKey: .delayMsPerEvent)
        if drop { try c.encode(true, forKey: .drop) }
        try c.encodeIfPresent(dropCount, forKey: .dropCount)
        if !rejectEventIDs.isEmpty { try c.encode(rejectEventIDs, forKey: .rejectEventIDs) }
        if !poisonEventIDs.isEmpty { try c.encode(poisonEventIDs, forKey: .poisonEventIDs) }
        try c.encodeIfPresent(poisonSubstring, forKey: .poisonSubstring)
    }

    /// What is wrong with these faults, or nil when they can be applied.
    public var validationProblem: String? {
        if let status, !(200...599).contains(status) { return "status must be in 200…599, got \(status)" }
        if let statusCount, statusCount < 0 { return "count must not be negative" }
        if let dropCount, dropCount < 0 { return "dropCount must not be negative" }
        if let maxEvents, maxEvents < 0 { return "maxEvents must not be negative" }
        if let delayMs, !(0...600_000).contains(delayMs) { return "delayMs must be in 0…600000, got \(delayMs)" }
        if let delayMsPerEvent, !(0...60_000).contains(delayMsPerEvent) {
            return "delayMsPerEvent must be in 0…60000, got \(delayMsPerEvent)"
        }
        if poisonSubstring == "" { return "poisonSubstring must not be empty" }
        return nil
    }
}
