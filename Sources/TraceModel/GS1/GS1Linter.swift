/// A content check ("linter") of the GS1 Barcode Syntax Tests, named as in the syntax dictionary.
///
/// Each check mirrors the reference C implementation in gs1/gs1-syntax-dictionary (`src/lint_*.c`).
public enum GS1Linter: String, Sendable, Hashable, CaseIterable {
    case couponcode, couponposoffer, csum, csumalpha, gcppos1, gcppos2, hasnondigit, hh, hhmi, hyphen
    case iban, importeridx, iso3166, iso3166999, iso3166alpha2, iso4217, iso5218, latitude, longitude
    case mediatype, mi, nonzero, nozeroprefix, packagetype, pcenc, pieceoftotal, posinseqslash, ss
    case winding, yesno, yymmd0, yymmdd, yyyymmd0, yyyymmdd, zero
    /// A linter name this version does not know (the check is skipped).
    case unknown

    /// Why a value failed a check.
    public enum Failure: Error, Sendable, Hashable {
        /// A mod-10 check digit is wrong.
        case checkDigit(expected: Int, got: Character)
        /// An alphanumeric check-character pair is wrong.
        case checkPair(expected: String, got: String)
        /// Anything else; the text says what is wrong ("month 13").
        case invalid(String)
    }

    /// The word used for the checked part in messages: "date", "time" or "value".
    var noun: String {
        switch self {
        case .yymmd0, .yymmdd, .yyyymmd0, .yyyymmdd: "date"
        case .hh, .hhmi, .mi, .ss: "time"
        default: "value"
        }
    }

    /// Checks `value` (one component of an AI value, already known to be in its character set).
    /// - Parameter referenceYear: the current year, for the century of two-digit years.
    public func check(_ value: Substring, referenceYear: Int) -> Failure? {
        switch self {
        case .csum:
            guard let last = value.last else { return .invalid("empty") }
            let expected = CheckDigit.mod10(value.dropLast())
            return last.asciiValue == UInt8(0x30 + expected) ? nil : .checkDigit(expected: expected, got: last)
        case .csumalpha: return Self.checkAlphaPair(value)
        case .yymmd0, .yymmdd:
            guard value.count == 6, value.gs1IsAllDigits else { return .invalid("6 digits YYMMDD expected") }
            let year = GS1Date.fullYear(twoDigit: Int(value.prefix(2))!, referenceYear: referenceYear)
            return GS1Date.checkDay(year: year, month: Int(value.dropFirst(2).prefix(2))!,
                                    day: Int(value.suffix(2))!, allowsZeroDay: self == .yymmd0)
        case .yyyymmd0, .yyyymmdd:
            guard value.count == 8, value.gs1IsAllDigits else { return .invalid("8 digits YYYYMMDD expected") }
            return GS1Date.checkDay(year: Int(value.prefix(4))!, month: Int(value.dropFirst(4).prefix(2))!,
                                    day: Int(value.suffix(2))!, allowsZeroDay: self == .yyyymmd0)
        case .hh: return Self.checkRange(value, 0...23, "hour")
        case .mi: return Self.checkRange(value, 0...59, "minute")
        case .ss: return Self.checkRange(value, 0...59, "second")
        case .hhmi:
            guard value.count == 4 else { return .invalid("4 digits HHMI expected") }
            return Self.checkRange(value.prefix(2), 0...23, "hour") ?? Self.checkRange(value.suffix(2), 0...59, "minute")
        default: return checkCode(value)
        }
    }

    private func checkCode(_ value: Substring) -> Failure? {
        let text = String(value)
        switch self {
        case .iso3166: return Self.iso3166Numeric.contains(text) ? nil : .invalid("\(text) is not an ISO 3166 country code")
        case .iso3166999:
            return text == "999" || Self.iso3166Numeric.contains(text)
                ? nil : .invalid("\(text) is not an ISO 3166 country code or 999")
        case .iso3166alpha2:
            return Self.iso3166Alpha2.contains(text) ? nil : .invalid("\(text) is not an ISO 3166 alpha-2 country code")
        case .iso4217: return Self.iso4217Numeric.contains(text) ? nil : .invalid("\(text) is not an ISO 4217 currency code")
        case .iso5218: return ["0", "1", "2", "9"].contains(text) ? nil : .invalid("sex code must be 0, 1, 2 or 9")
        case .packagetype: return Self.packageTypes.contains(text) ? nil : .invalid("\(text) is not a package type code")
        case .mediatype:
            guard let code = Int(text), text.count == 2, (1...10).contains(code) || (80...99).contains(code) else {
                return .invalid("\(text) is not an AIDC media type code")
            }
            return nil
        case .yesno: return text == "0" || text == "1" ? nil : .invalid("must be 0 or 1")
        case .winding: return ["0", "1", "9"].contains(text) ? nil : .invalid("winding direction must be 0, 1 or 9")
        case .zero: return !text.isEmpty && text.allSatisfy { $0 == "0" } ? nil : .invalid("must be 0")
        case .hyphen: return !text.isEmpty && text.allSatisfy { $0 == "-" } ? nil : .invalid("must be '-'")
        case .nonzero: return text.contains(where: { $0 != "0" }) ? nil : .invalid("must not be zero")
        case .nozeroprefix: return text.hasPrefix("0") ? .invalid("must not start with 0") : nil
        case .hasnondigit: return text.gs1IsAllDigits ? .invalid("must contain a character other than a digit") : nil
        case .gcppos1: return Self.checkCompanyPrefix(value)
        case .gcppos2: return value.count < 2 ? .invalid("too short for a GS1 Company Prefix") : Self.checkCompanyPrefix(value.dropFirst())
        case .importeridx:
            let allowed = value.count == 1 && value.allSatisfy { $0.gs1IsDigit || $0.gs1IsLetter || $0 == "-" || $0 == "_" }
            return allowed ? nil : .invalid("\(text) is not a valid importer index")
        case .latitude, .longitude:
            let limit: UInt64 = self == .latitude ? 1_800_000_000 : 3_600_000_000
            guard value.count == 10, let number = UInt64(text), number <= limit else {
                return .invalid("\(text) is not a valid \(rawValue)")
            }
            return nil
        case .pcenc: return Self.checkPercentEncoding(value)
        case .pieceoftotal: return Self.checkPieceOfTotal(value)
        case .posinseqslash: return Self.checkPositionInSequence(value)
        case .iban: return Self.checkIBAN(value)
        case .couponcode: return GS1CouponLinter.checkCouponCode(value)
        case .couponposoffer: return GS1CouponLinter.checkPositiveOffer(value)
        default: return nil
        }
    }
}

extension Character {
    /// `true` for ASCII A-Z and a-z only.
    var gs1IsLetter: Bool { asciiValue.map { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) } ?? false }
}
