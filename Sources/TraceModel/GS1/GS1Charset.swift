/// Character-set membership for GS1 AI values.
enum GS1Charset {
    /// CSET 82 in the order that gives each character its weight for check-character pairs.
    static let cset82Order = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
    private static let cset82 = Set(cset82Order)
    private static let cset39 = Set("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    private static let cset64 = Set("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")

    /// The first character of `value` not allowed in `charset`, with its 0-based offset, or nil.
    /// Base64url padding (`=`, at most 2, only at the end of a length that is a multiple of 3… as the
    /// GS1 `cset64` linter defines it) is accepted for ``GS1ApplicationIdentifier/Charset/cset64``.
    static func firstInvalid(
        in value: Substring, charset: GS1ApplicationIdentifier.Charset
    ) -> (offset: Int, character: Character)? {
        var body = value
        if charset == .cset64 {
            var pads = 0
            while body.last == "=" {
                body.removeLast()
                pads += 1
            }
            if pads > 2 || (pads > 0 && value.count % 3 != 0) {
                return (body.count, "=")
            }
        }
        for (offset, character) in body.enumerated() where !contains(character, charset) {
            return (offset, character)
        }
        return nil
    }

    /// `true` when `character` belongs to `charset` (padding excluded for cset64).
    static func contains(_ character: Character, _ charset: GS1ApplicationIdentifier.Charset) -> Bool {
        switch charset {
        case .numeric: character.gs1IsDigit
        case .cset82: cset82.contains(character)
        case .cset39: cset39.contains(character)
        case .cset64: cset64.contains(character)
        }
    }

    /// Human name used in rejection messages.
    static func name(_ charset: GS1ApplicationIdentifier.Charset) -> String {
        switch charset {
        case .numeric: "digits only"
        case .cset82: "GS1 character set 82"
        case .cset39: "GS1 character set 39: digits, A-Z, # - /"
        case .cset64: "base64url character set"
        }
    }
}
