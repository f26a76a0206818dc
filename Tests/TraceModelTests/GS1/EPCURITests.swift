import Testing
@testable import TraceModel

@Suite("EPC URIs and company prefixes")
struct EPCURITests {
    typealias F = GS1Fixture
    static let sevenDigits = CompanyPrefixTable.only(["0614141": 7, "0012345": 7])

    @Test func tdsExamples() {
        #expect(EPCURI.sgtin(gtin: "80614141123458", serial: "6789", prefixes: Self.sevenDigits) == "urn:epc:id:sgtin:0614141.812345.6789")
        #expect(EPCURI.sscc("106141411234567897", prefixes: Self.sevenDigits) == "urn:epc:id:sscc:0614141.1123456789")
        #expect(EPCURI.sgln(gln: "0614141123452", extension: "5678", prefixes: Self.sevenDigits) == "urn:epc:id:sgln:0614141.12345.5678")
        #expect(EPCURI.sgln(gln: "0614141123452", extension: nil, prefixes: Self.sevenDigits) == "urn:epc:id:sgln:0614141.12345.0")
        #expect(EPCURI.grai("00614141123452ABC", prefixes: Self.sevenDigits) == "urn:epc:id:grai:0614141.12345.ABC")
        #expect(EPCURI.grai("00614141123452", prefixes: Self.sevenDigits) == nil)
        #expect(EPCURI.giai("06141411A/B", prefixes: Self.sevenDigits) == "urn:epc:id:giai:0614141.1A%2FB")
        #expect(EPCURI.gsrn("061414112345678906", provider: false, prefixes: Self.sevenDigits) == "urn:epc:id:gsrn:0614141.1234567890")
        #expect(EPCURI.gsrn("061414112345678906", provider: true, prefixes: Self.sevenDigits) == "urn:epc:id:gsrnp:0614141.1234567890")
        #expect(EPCURI.gdti("0614141123452006847", prefixes: Self.sevenDigits) == "urn:epc:id:gdti:0614141.12345.006847")
        #expect(EPCURI.sgcn("4012345111118123", prefixes: .only(["401234": 6])) == "urn:epc:id:sgcn:401234.511111.123")
        #expect(EPCURI.lgtinClass(gtin: "80614141123458", lot: "L/1", prefixes: Self.sevenDigits) == "urn:epc:class:lgtin:0614141.812345.L%2F1")
        #expect(EPCURI.sgtinPattern(gtin: "80614141123458", prefixes: Self.sevenDigits) == "urn:epc:idpat:sgtin:0614141.812345.*")
    }

    @Test("serial escaping per TDS", arguments: [
        ("ABC", "ABC"), ("a/b", "a%2Fb"), ("x\"y", "x%22y"), ("50%", "50%25"), ("a&b", "a%26b"), ("<>", "%3C%3E"),
        ("?", "%3F"), ("!'()*+,-.:;=_", "!'()*+,-.:;=_"),
    ])
    func escaping(serial: String, escaped: String) {
        #expect(EPCURI.escape(serial) == escaped)
        #expect(EPCURI.sgtin(gtin: "80614141123458", serial: serial, prefixes: Self.sevenDigits) == "urn:epc:id:sgtin:0614141.812345.\(escaped)")
    }

    @Test("company-prefix lengths from the built-in table", arguments: [
        ("6901234567892", 7), ("6911234567892", 7), ("6921234567892", 8), ("6931234567892", 8), ("6941234567892", 8),
        ("6951234567892", 8), ("6971234567892", 9), ("6981234567892", 12), ("6901028000001", 10),
        ("0614141123458", 7), ("7032069804988", 6), ("9506000134352", 11), ("9520123456788", 6), ("4006381333931", 7),
    ])
    func builtInLengths(body: String, length: Int) {
        #expect(CompanyPrefixTable.default.prefixLength(forGTIN13Body: body) == length)
    }

    @Test("no company prefix: restricted circulation, coupons, unshipped ranges, non-digits", arguments: [
        "2001234567890", "0201234567891", "9811234567890", "5901234123457", "", "69A",
    ])
    func unknownLengths(body: String) {
        #expect(CompanyPrefixTable.default.prefixLength(forGTIN13Body: body) == nil)
    }

    @Test func overridesWinAndLongestMatchWins() {
        let table = CompanyPrefixTable(overrides: ["69": 9, "6901234": 7, "590": 8, "2": 0])
        #expect(table.prefixLength(forGTIN13Body: "6901234567892") == 7)
        #expect(table.prefixLength(forGTIN13Body: "6921234567892") == 9)
        #expect(table.prefixLength(forGTIN13Body: "5901234123457") == 8)
        #expect(table.prefixLength(forGTIN13Body: "4006381333931") == 7)
        #expect(table.prefixLength(forGTIN13Body: "2001234567890") == nil)
        #expect(CompanyPrefixTable.only([:]).prefixLength(forGTIN13Body: "6901234567892") == nil)
    }

    @Test("interpreted scans carry the EPC of their key", arguments: [
        ("]C101806141411234582112345", "urn:epc:id:sgtin:0614141.812345.12345"),
        ("]C100106141411234567897", "urn:epc:id:sscc:0614141.1123456789"),
        ("]C1010690123456789221A%", "urn:epc:id:sgtin:6901234.056789.A%25"),
        ("https://id.gs1.org/01/06921234567890/21/7", "urn:epc:id:sgtin:69212345.06789.7"),
        ("]C14146901234567892", "urn:epc:id:sgln:6901234.56789.0"),
        ("]C14146901234567892254X-1", "urn:epc:id:sgln:6901234.56789.X-1"),
        ("]C1800306901234567892SN1", "urn:epc:id:grai:6901234.56789.SN1"),
        ("]C18004690123400042", "urn:epc:id:giai:6901234.00042"),
        ("]C18018690123412345678906", "urn:epc:id:gsrn:6901234.1234567890"),
    ])
    func scanEPC(raw: String, epc: String) {
        #expect(F.accept(raw, BarcodeInterpreter(prefixes: Self.sevenDigits.merging(["690": 7, "692": 8]), referenceDate: F.referenceDate))?.epc == epc)
    }

    @Test("no EPC without a serialised key or a known prefix", arguments: [
        "]C10106901234567892", "]C10102012345678903217", "4006381333931", "]C10122012345678907219",
    ])
    func noEPC(raw: String) throws {
        #expect(try #require(F.accept(raw, BarcodeInterpreter(prefixes: .only(["690": 7]), referenceDate: F.referenceDate))).epc == nil)
    }
}

extension CompanyPrefixTable {
    /// Test helper: an `only` table plus more overrides.
    func merging(_ more: [String: Int]) -> CompanyPrefixTable {
        var all = ["0614141": 7, "0012345": 7]
        all.merge(more) { $1 }
        return .only(all)
    }
}
