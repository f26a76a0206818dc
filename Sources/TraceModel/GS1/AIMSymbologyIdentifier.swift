/// An AIM symbology identifier (ISO/IEC 15424): `]` + code character + modifier, sent by a scanner
/// before the data. It says which symbology was read and, through the modifier, whether the data
/// is GS1 (FNC1 in first position).
public struct AIMSymbologyIdentifier: Sendable, Hashable {
    /// The three characters, e.g. `"]C1"`.
    public let prefix: String
    /// The symbology's name for `ScanData.symbology` (e.g. `"GS1-128"`, `"Code 128"`), or nil.
    public let symbology: String?
    /// How the data after the identifier is to be read.
    public let content: Content

    /// The kind of data a symbology identifier announces.
    public enum Content: Sendable, Hashable {
        /// GS1 element string (FNC1 in first position): `]C1`, `]e0`, `]d2`, `]Q3`, `]J1`…
        case gs1
        /// EAN/UPC: `]E0` (EAN-13, UPC-A, UPC-E), `]E4` (EAN-8), `]E3` (with add-on).
        case eanUPC
        /// Add-on alone: `]E1` (2 digits), `]E2` (5 digits).
        case addOn
        /// Interleaved 2 of 5 (`]I0`, `]I1`, `]I3`): ITF-14 when 14 digits.
        case interleaved2of5
        /// Anything else: plain text (which may still be a GS1 Digital Link URI).
        case plain
    }

    /// Parses the identifier at the start of `text` (nil if `text` does not start with `]Xm`).
    public init?<S: StringProtocol>(leading text: S) {
        let characters = Array(text.prefix(3))
        guard characters.count == 3, characters[0] == "]", characters[1].gs1IsLetter,
              characters[2].gs1IsDigit || characters[2].gs1IsLetter else { return nil }
        self.prefix = String(characters)
        (self.symbology, self.content) = Self.describe(code: characters[1], modifier: characters[2])
    }

    private static func describe(code: Character, modifier: Character) -> (String?, Content) {
        switch (code, modifier) {
        case ("C", "1"): ("GS1-128", .gs1)
        case ("C", _): ("Code 128", .plain)
        case ("e", _): ("GS1 DataBar", .gs1)
        case ("d", "2"), ("d", "5"): ("GS1 DataMatrix", .gs1)
        case ("d", _): ("DataMatrix", .plain)
        case ("Q", "3"), ("Q", "4"): ("GS1 QR Code", .gs1)
        case ("Q", _): ("QR Code", .plain)
        case ("J", "1"): ("GS1 DotCode", .gs1)
        case ("J", _): ("DotCode", .plain)
        case ("E", "0"), ("E", "3"): ("EAN-13", .eanUPC)
        case ("E", "4"): ("EAN-8", .eanUPC)
        case ("E", "1"): ("EAN-2 add-on", .addOn)
        case ("E", "2"): ("EAN-5 add-on", .addOn)
        case ("E", _): ("EAN/UPC", .eanUPC)
        case ("I", _): ("Interleaved 2 of 5", .interleaved2of5)
        case ("A", _): ("Code 39", .plain)
        case ("G", _): ("Code 93", .plain)
        case ("F", _): ("Codabar", .plain)
        case ("H", _): ("Code 11", .plain)
        case ("L", _): ("PDF417", .plain)
        case ("z", _): ("Aztec Code", .plain)
        case ("S", _), ("R", _): ("2 of 5", .plain)
        default: (nil, .plain)
        }
    }
}
