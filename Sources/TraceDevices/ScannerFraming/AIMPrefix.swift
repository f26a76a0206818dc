/// AIM symbology identifiers (ISO/IEC 15424): the `]` + code character + modifier character a
/// scanner can put before the data, e.g. `]C1` for GS1-128, `]d2` for GS1 DataMatrix, `]E0`
/// for EAN-13.
public enum AIMPrefix {
    /// Splits a leading symbology identifier off `frame`: `]`, then a letter (the symbology),
    /// then a letter or digit (the modifier). Returns `(nil, frame)` when `frame` does not start
    /// with one.
    public static func split(_ frame: [UInt8]) -> (aim: String?, body: [UInt8]) {
        guard frame.count >= 3,
            frame[0] == UInt8(ascii: "]"),
            isLetter(frame[1]),
            isLetter(frame[2]) || isDigit(frame[2])
        else {
            return (nil, frame)
        }
        return (String(decoding: frame[0..<3], as: UTF8.self), Array(frame[3...]))
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
