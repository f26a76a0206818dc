/// GS1 Company Prefix lengths, used to split a GTIN, SSCC, GLN… into an EPC URI.
///
/// The built-in table (``default``) is derived from the GS1 Company Prefix length list (as bundled by
/// the `biip` package, see `CompanyPrefixTable+Data.swift`): exact for the GS1 prefixes it covers,
/// including GS1 China 690–699 (690–691: 7 digits, 692–696: 8, 697: 9, 698–699: individually assigned
/// numbers, 12). A few very fragmented national ranges are left out; configure ``init(overrides:)``
/// for them, or for any company whose prefix length you know.
public struct CompanyPrefixTable: Sendable {
    private let overrides: [String: Int]
    private let builtIn: [String: Int]
    private let longestKey: Int

    /// A table of the built-in GS1 data plus `overrides`, keyed by leading digits (e.g. `"6901234": 7`).
    ///
    /// Overrides win over the built-in data; among overrides, and within the built-in data, the
    /// longest matching prefix wins. A length of 0 marks a prefix as having no company prefix.
    public init(overrides: [String: Int] = [:]) {
        self.init(overrides: overrides, builtIn: Self.builtInEntries)
    }

    private init(overrides: [String: Int], builtIn: [String: Int]) {
        self.overrides = overrides.filter { $0.key.gs1IsAllDigits }
        self.builtIn = builtIn
        self.longestKey = max(12, self.overrides.keys.map(\.count).max() ?? 0)
    }

    /// The table with the built-in GS1 data and no overrides.
    public static let `default` = CompanyPrefixTable()

    /// An empty table (no built-in data): only `overrides` are known.
    public static func only(_ overrides: [String: Int]) -> CompanyPrefixTable {
        CompanyPrefixTable(overrides: overrides, builtIn: [:])
    }

    /// The company-prefix length for a number whose digits start with the GS1 prefix: a GTIN-14
    /// without its indicator digit (the 13 digits of a GTIN-13), a GLN, an SSCC without its extension
    /// digit… Only the leading digits are examined; trailing digits (check digit) may be present.
    /// Returns nil when the prefix is unknown or has no company prefix (restricted circulation, coupons).
    public func prefixLength(forGTIN13Body body: String) -> Int? {
        guard body.gs1IsAllDigits else { return nil }
        if let length = Self.longestMatch(body, in: overrides, longest: longestKey) {
            return length > 0 ? length : nil
        }
        if let length = Self.longestMatch(body, in: builtIn, longest: 12) {
            return length > 0 ? length : nil
        }
        return nil
    }

    private static func longestMatch(_ digits: String, in table: [String: Int], longest: Int) -> Int? {
        guard !table.isEmpty else { return nil }
        var length = min(longest, digits.count)
        while length > 0 {
            if let value = table[String(digits.prefix(length))] {
                return value
            }
            length -= 1
        }
        return nil
    }

    private static let builtInEntries: [String: Int] = {
        var entries: [String: Int] = [:]
        for pair in packedDefault.split(separator: " ") {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let length = Int(parts[1]) {
                entries[String(parts[0])] = length
            }
        }
        return entries
    }()
}
