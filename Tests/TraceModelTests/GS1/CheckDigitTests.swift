import Testing
@testable import TraceModel

@Suite("Check digits")
struct CheckDigitTests {
    @Test("mod-10 check digit of data digits", arguments: [
        ("0950600013435", 2), ("8061414112345", 8), ("10614141123456789", 7), ("400638133393", 1),
        ("629104150021", 3), ("952123454321", 3), ("1234567890123", 1), ("0", 0), ("1", 7),
        ("211234567890", 0), ("12345678901234567", 5), ("01234500006", 5),
    ])
    func mod10(digits: String, expected: Int) {
        #expect(CheckDigit.mod10(digits) == expected)
        #expect(CheckDigit.mod10(Substring(digits)) == expected)
    }

    @Test("isValid accepts correct and rejects wrong, short or non-digit input", arguments: [
        ("09506000134352", true), ("09506000134353", false), ("80614141123458", true),
        ("106141411234567897", true), ("106141411234567898", false), ("4006381333931", true),
        ("96385074", true), ("96385075", false), ("0950600013435A", false), ("7", false), ("", false),
        ("6291041500213", true), ("9520123456788", true), ("١٢٣٤٥٦٧٨٩٠١٢٣١", false),
    ])
    func isValid(digits: String, valid: Bool) {
        #expect(CheckDigit.isValid(digits) == valid)
    }

    @Test("alphanumeric check-character pairs (GS1 syntax dictionary csumalpha tests)", arguments: [
        "1987654Ad4X4bL5ttr2310c2K", "12345678901234567890123NT", "12345_ABCDEFGHIJKLMCP",
        "12345_NOPQRSTUVWXYZDN", "12345_abcdefghijklmN3", "12345_nopqrstuvwxyzP2", "12345_!\"%&'()*+,-./LC",
        "12345_0123456789:;<=>?62", "7907665Bm8v2AB", "97850l6KZm0yCD", "225803106GSpEF", "149512464PM+GH",
        "62577B8fRG7HJK", "515942070CYxLM", "390800494sP6NP", "386830132uO+QR", "53395376X1:nST",
        "957813138Sb6UV", "530790no0qOgWX", "62185314IvwmYZ", "23956qk1&dB!23", "794394895ic045",
        "57453Uq3qA<H67", "0881063PhHvY89", "00000!HV", "99999zzzzzzzzzzzzzzzzzzT2", "!22", "22",
    ])
    func alphaPair(value: String) {
        #expect(CheckDigit.alphaPair(value.dropLast(2)) == String(value.suffix(2)))
    }

    @Test func alphaPairRejectsCharactersOutsideSet82() {
        #expect(CheckDigit.alphaPair("12 34") == nil)
        #expect(CheckDigit.alphaPair(String(repeating: "1", count: 98)) == nil)
    }
}
