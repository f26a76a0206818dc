import Testing
@testable import TraceModel

@Suite("GS1 linters")
struct GS1LinterTests {
    @Test("passing values", arguments: [
        (GS1Linter.yymmd0, "200229"), (.yymmd0, "200600"), (.yymmdd, "991231"), (.yyyymmdd, "20240229"), (.yyyymmd0, "20230200"),
        (.hhmi, "2359"), (.hh, "00"), (.mi, "59"), (.ss, "59"), (.iso3166, "156"), (.iso3166, "528"), (.iso3166999, "999"),
        (.iso3166alpha2, "CN"), (.iso3166alpha2, "GB"), (.iso4217, "156"), (.iso4217, "978"), (.iso5218, "9"), (.yesno, "1"),
        (.zero, "0"), (.nonzero, "0010"), (.nozeroprefix, "123"), (.hyphen, "-"), (.winding, "9"), (.pieceoftotal, "0102"),
        (.pieceoftotal, "0202"), (.posinseqslash, "1/2"), (.posinseqslash, "10/10"), (.latitude, "1800000000"),
        (.longitude, "3600000000"), (.mediatype, "01"), (.mediatype, "99"), (.packagetype, "BX"), (.packagetype, "1A"),
        (.importeridx, "_"), (.pcenc, "A%20B"), (.hasnondigit, "12A"), (.gcppos1, "9506ABC"), (.gcppos2, "09506"),
        (.csum, "09506000134352"), (.csumalpha, "1987654Ad4X4bL5ttr2310c2K"), (.iban, "GB82WEST12345698765432"),
        (.couponcode, "012345612345611110123"), (.couponposoffer, "101234561234560123456"), (.unknown, "anything"),
    ])
    func passes(linter: GS1Linter, value: String) {
        #expect(linter.check(Substring(value), referenceYear: 2026) == nil)
    }

    @Test("failing values and their messages", arguments: [
        (GS1Linter.yymmd0, "201310", "month 13"), (.yymmd0, "210229", "day 29 (February 2021 has 28 days)"),
        (.yymmdd, "200600", "day 00 is not allowed here"), (.yyyymmdd, "19000229", "day 29 (February 1900 has 28 days)"),
        (.hhmi, "2400", "hour 24"), (.hhmi, "0060", "minute 60"), (.ss, "60", "second 60"),
        (.iso3166, "999", "999 is not an ISO 3166 country code"), (.iso3166999, "000", "000 is not an ISO 3166 country code or 999"),
        (.iso3166alpha2, "UK", "UK is not an ISO 3166 alpha-2 country code"), (.iso4217, "001", "001 is not an ISO 4217 currency code"),
        (.iso5218, "3", "sex code must be 0, 1, 2 or 9"), (.yesno, "2", "must be 0 or 1"), (.zero, "1", "must be 0"),
        (.nonzero, "000", "must not be zero"), (.nozeroprefix, "01", "must not start with 0"), (.hyphen, "+", "must be '-'"),
        (.winding, "2", "winding direction must be 0, 1 or 9"), (.pieceoftotal, "0001", "piece number 0"),
        (.pieceoftotal, "0100", "total number of pieces 0"), (.pieceoftotal, "0302", "piece 03 exceeds total 02"),
        (.posinseqslash, "3/2", "position 3 exceeds total 2"), (.posinseqslash, "0/2", "numbers must not start with 0"),
        (.posinseqslash, "12", "must be position/total, e.g. 1/2"), (.latitude, "1800000001", "1800000001 is not a valid latitude"),
        (.mediatype, "11", "11 is not an AIDC media type code"), (.packagetype, "QQQ", "QQQ is not a package type code"),
        (.importeridx, "#", "# is not a valid importer index"), (.pcenc, "A%2", "invalid percent-encoding at character 2"),
        (.hasnondigit, "123", "must contain a character other than a digit"),
        (.gcppos1, "95A", "must start with a GS1 Company Prefix (at least 4 digits)"),
        (.iban, "GB82WEST12345698765433", "IBAN check digits are wrong"), (.iban, "XX82WEST1234", "IBAN must start with an ISO 3166 country code"),
        (.couponcode, "7012345", "coupon: invalid GS1 Company Prefix length indicator 7"), (.couponcode, "0123456123456111101230", "coupon: excess data"),
        (.couponposoffer, "2", "coupon: invalid format code"),
    ])
    func fails(linter: GS1Linter, value: String, message: String) {
        #expect(linter.check(Substring(value), referenceYear: 2026) == .invalid(message))
    }

    @Test func checkDigitFailures() {
        #expect(GS1Linter.csum.check("09506000134358", referenceYear: 2026) == .checkDigit(expected: 2, got: "8"))
        #expect(GS1Linter.csumalpha.check("1987654Ad4X4bL5ttr2310c2X", referenceYear: 2026) == .checkPair(expected: "2K", got: "2X"))
    }

    @Test func codeListsMatchTheDictionaryLinters() {
        #expect(GS1Linter.iso3166Numeric.count == 249)
        #expect(GS1Linter.iso3166Alpha2.count == 249)
        #expect(GS1Linter.iso4217Numeric.count == 179)
        #expect(GS1Linter.packageTypes.count == 431)
        #expect(GS1Linter.iso3166Alpha2.contains("CN") && !GS1Linter.iso3166Alpha2.contains("UK"))
    }

    @Test("every AI value check is reachable from the dictionary", arguments: GS1Linter.allCases.filter { $0 != .unknown && $0 != .yyyymmd0 })
    func linterUsed(linter: GS1Linter) {
        #expect(GS1Dictionary.all.contains { $0.components.contains { $0.linters.contains(linter) } })
    }
}
