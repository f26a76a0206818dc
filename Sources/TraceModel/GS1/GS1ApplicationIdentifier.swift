/// A GS1 Application Identifier definition from the GS1 syntax dictionary.
///
/// Built from `gs1-syntax-dictionary.txt` (gs1/gs1-syntax-dictionary), the machine-readable form of the
/// AI table of the GS1 General Specifications. Each value is a sequence of ``Component``s, each with a
/// character set, a length range and the linters (content checks) that apply to it.
public struct GS1ApplicationIdentifier: Sendable, Hashable {
    /// The AI itself, 2 to 4 digits.
    public let ai: String
    /// The dictionary's short data title, e.g. `"GTIN"`, `"BATCH/LOT"`, `"NET WEIGHT (kg)"`.
    public let title: String
    /// The parts of the value, in order. Only the last may be of variable length.
    public let components: [Component]
    /// `true` for AIs of predefined length (flag `*`): no FNC1/GS separator follows them.
    public let isPredefinedLength: Bool
    /// `true` when the AI may appear as a GS1 Digital Link data attribute (flag `?`).
    public let isDigitalLinkAttribute: Bool
    /// Mandatory associations (`req=`): each entry is one requirement, satisfied by any one of its
    /// alternatives; an alternative is a list of AI patterns that must all be present (`n` = any digit).
    public let requirements: [[[String]]]
    /// Invalid pairings (`ex=`): AI patterns that must not appear together with this AI.
    public let exclusions: [String]
    /// GS1 Digital Link primary-key qualifier sequences (`dlpkey`): `nil` when this AI is not a
    /// primary key; `[[]]` for a key without qualifiers; else each alternative ordered sequence.
    public let digitalLinkQualifiers: [[String]]?

    /// One part of an AI's value.
    public struct Component: Sendable, Hashable {
        /// The character set the part is drawn from.
        public let charset: Charset
        /// Minimum number of characters (when present).
        public let minLength: Int
        /// Maximum number of characters.
        public let maxLength: Int
        /// `true` for a bracketed `[...]` optional part (only trailing parts are optional).
        public let isOptional: Bool
        /// Content checks applied to the part, in dictionary order.
        public let linters: [GS1Linter]
    }

    /// The character sets of GS1 AI values.
    public enum Charset: String, Sendable, Hashable {
        /// `N`: digits 0-9.
        case numeric = "N"
        /// `X`: the GS1 AI encodable character set 82.
        case cset82 = "X"
        /// `Y`: the GS1 AI encodable character set 39 (`#-/0-9A-Z`).
        case cset39 = "Y"
        /// `Z`: base64url (RFC 4648 §5) with `=` padding (character set 64).
        case cset64 = "Z"
    }

    /// Smallest total length of a valid value (sum of the mandatory parts' minimums).
    public var minLength: Int { components.filter { !$0.isOptional }.reduce(0) { $0 + $1.minLength } }
    /// Largest total length of a valid value.
    public var maxLength: Int { components.reduce(0) { $0 + $1.maxLength } }
    /// `true` when every valid value has the same length (`minLength == maxLength`).
    public var isFixedLength: Bool { minLength == maxLength }
    /// `true` when the value must be followed by FNC1 (GS) unless it ends the data.
    public var requiresSeparator: Bool { !isPredefinedLength }
    /// `true` when this AI can be the primary key of a GS1 Digital Link URI.
    public var isDigitalLinkPrimaryKey: Bool { digitalLinkQualifiers != nil }
    /// `true` when the value has a check digit (the `csum` linter on its first part).
    public var hasCheckDigit: Bool { components.first?.linters.contains(.csum) ?? false }
}
