/// An internal failure while interpreting GS1 data; `reason` is the operator-facing message.
struct GS1Failure: Error, Equatable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Text helpers for rejection messages.
enum GS1Text {
    /// `value` quoted for a message, shortened past `limit` characters, control characters shown as
    /// `<GS>`/`U+XXXX`.
    static func show<S: StringProtocol>(_ value: S, limit: Int = 40) -> String {
        var text = ""
        for (count, character) in value.enumerated() {
            if count == limit {
                text += "…"
                break
            }
            text += describe(character)
        }
        return text
    }

    /// A single character named on its own in a message: like ``describe(_:)``, space as `(space)`.
    static func name(_ character: Character) -> String {
        character == " " ? "(space)" : describe(character)
    }

    /// One character for a message: printable as is, GS as `<GS>`, other controls as `U+001B`.
    static func describe(_ character: Character) -> String {
        if character == "\u{1D}" { return "<GS>" }
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
            return String(character)
        }
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return String(character)
    }

    /// "a", "a or b", "a, b or c".
    static func orList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
