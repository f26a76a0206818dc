/// The GS1 Application Identifier table (every AI of the GS1 syntax dictionary).
///
/// Source of truth: `gs1-syntax-dictionary.txt` from gs1/gs1-syntax-dictionary, embedded verbatim
/// in `GS1Dictionary+Table.swift` and parsed once on first use.
public enum GS1Dictionary {
    /// The definition of `ai` (exact match, e.g. `"01"`, `"3103"`), or nil if it is not a GS1 AI.
    public static func lookup(_ ai: String) -> GS1ApplicationIdentifier? {
        table[ai]
    }

    /// Every AI definition, in dictionary (lexical) order.
    public static var all: [GS1ApplicationIdentifier] { ordered }

    /// The AI whose digits begin `data` (AIs are prefix-free, so at most one matches), or nil.
    public static func match(prefixOf data: Substring) -> GS1ApplicationIdentifier? {
        for length in 2...4 {
            guard data.count >= length else { return nil }
            let candidate = data.prefix(length)
            guard candidate.allSatisfy(\.gs1IsDigit) else { return nil }
            if let entry = table[String(candidate)] {
                return entry
            }
        }
        return nil
    }

    private static let ordered: [GS1ApplicationIdentifier] = syntaxDictionaryText
        .split(separator: "\n")
        .flatMap { GS1ApplicationIdentifier.parseDictionaryLine($0) }

    private static let table: [String: GS1ApplicationIdentifier] =
        Dictionary(ordered.map { ($0.ai, $0) }, uniquingKeysWith: { first, _ in first })
}

extension Character {
    /// `true` for the ASCII digits 0-9 only (unlike `isNumber`, which accepts other scripts).
    var gs1IsDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}

extension StringProtocol {
    /// `true` when non-empty and made only of ASCII digits.
    var gs1IsAllDigits: Bool { !isEmpty && allSatisfy(\.gs1IsDigit) }
}
