extension GS1Linter {
    static func checkAlphaPair(_ value: Substring) -> Failure? {
        guard value.count >= 2 else { return .invalid("too short for a check-character pair") }
        guard let expected = CheckDigit.alphaPair(value.dropLast(2)) else {
            return .invalid("too long for a check-character pair")
        }
        let got = String(value.suffix(2))
        return expected == got ? nil : .checkPair(expected: expected, got: got)
    }

    static func checkRange<S: StringProtocol>(_ value: S, _ range: ClosedRange<Int>, _ name: String) -> Failure? {
        guard value.count == 2, value.gs1IsAllDigits, let number = Int(value) else {
            return .invalid("\(name) must be 2 digits")
        }
        return range.contains(number) ? nil : .invalid("\(name) \(value)")
    }

    static func checkCompanyPrefix(_ value: Substring) -> Failure? {
        value.count >= 4 && value.prefix(4).gs1IsAllDigits
            ? nil : .invalid("must start with a GS1 Company Prefix (at least 4 digits)")
    }

    static func checkPercentEncoding(_ value: Substring) -> Failure? {
        let characters = Array(value)
        var index = 0
        while index < characters.count {
            if characters[index] == "%" {
                guard index + 2 < characters.count, characters[index + 1].isHexDigit, characters[index + 2].isHexDigit else {
                    return .invalid("invalid percent-encoding at character \(index + 1)")
                }
                index += 2
            }
            index += 1
        }
        return nil
    }

    static func checkPieceOfTotal(_ value: Substring) -> Failure? {
        guard value.count.isMultiple(of: 2), !value.isEmpty else { return .invalid("piece and total must be the same length") }
        let piece = value.prefix(value.count / 2), total = value.suffix(value.count / 2)
        if piece.allSatisfy({ $0 == "0" }) { return .invalid("piece number 0") }
        if total.allSatisfy({ $0 == "0" }) { return .invalid("total number of pieces 0") }
        return piece > total ? .invalid("piece \(piece) exceeds total \(total)") : nil
    }

    static func checkPositionInSequence(_ value: Substring) -> Failure? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].gs1IsAllDigits, parts[1].gs1IsAllDigits else {
            return .invalid("must be position/total, e.g. 1/2")
        }
        if parts[0].hasPrefix("0") || parts[1].hasPrefix("0") { return .invalid("numbers must not start with 0") }
        let exceeds = parts[0].count > parts[1].count || (parts[0].count == parts[1].count && parts[0] > parts[1])
        return exceeds ? .invalid("position \(parts[0]) exceeds total \(parts[1])") : nil
    }

    static func checkIBAN(_ value: Substring) -> Failure? {
        guard value.count >= 4, iso3166Alpha2.contains(String(value.prefix(2))) else {
            return .invalid("IBAN must start with an ISO 3166 country code")
        }
        guard value.count > 10, value.count <= 34 else { return .invalid("IBAN length \(value.count) is invalid") }
        var remainder = 0
        for character in value.dropFirst(4) + value.prefix(4) {
            guard let ascii = character.asciiValue, character.gs1IsDigit || (ascii >= 0x41 && ascii <= 0x5A) else {
                return .invalid("IBAN character '\(character)' is not allowed")
            }
            let number = character.gs1IsDigit ? Int(ascii - 0x30) : Int(ascii - 0x41) + 10
            remainder = (remainder * (number < 10 ? 10 : 100) + number) % 97
        }
        return remainder == 1 ? nil : .invalid("IBAN check digits are wrong")
    }
}
