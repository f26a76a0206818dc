/// How a keyboard-wedge scanner types FNC1 (the GS1 separator, ASCII GS 0x1D), which has no key.
///
/// - ``controlBracket``: Ctrl+] (the ASCII control chord for GS). Needs nothing extra: every
///   Ctrl chord is decoded as its control character (Ctrl+D → EOT, Ctrl+^ → RS …), so GS comes out
///   whichever way the scanner sends Ctrl+] (see ``WedgeKeyDecoder``).
/// - ``functionKey(_:)``: a function key, e.g. F8, stands for GS.
/// - ``character(_:)``: a printable character the scanner types instead of GS (must never occur
///   in the data itself; letters and digits are refused).
///
/// Independently of the setting, Alt + keypad digits (Alt+0029) type the character with that code.
public enum GSSubstitute: Sendable, Hashable, CustomStringConvertible {
    case controlBracket
    case functionKey(Int)
    case character(Unicode.Scalar)

    /// Parses the configuration value: `"ctrl+]"`, `"f1"` … `"f12"`, or one character. Returns
    /// nil for anything else (letters and digits included).
    public init?(_ text: String) {
        let lowered = text.lowercased()
        if lowered == "ctrl+]" {
            self = .controlBracket
        } else if lowered.hasPrefix("f"), let n = Int(lowered.dropFirst()), (1...12).contains(n), lowered.count <= 3 {
            self = .functionKey(n)
        } else if text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first,
                  scalar.value > 0x20, scalar.value != 0x7F,
                  !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) {
            self = .character(scalar)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .controlBracket: "ctrl+]"
        case .functionKey(let n): "f\(n)"
        case .character(let c): String(c)
        }
    }
}
