import Testing
@testable import TraceModel

@Suite("Rejection reasons")
struct RejectionTests {
    typealias F = GS1Fixture

    @Test("reasons say what is wrong and where", arguments: [
        // check digits
        ("]C10109506000134358", "GTIN check digit: expected 2, got 8"),
        ("(01)09506000134357(10)A", "GTIN check digit: expected 2, got 7"),
        ("]C100106141411234567898", "SSCC check digit: expected 7, got 8"),
        ("]C14149506000134351", "GLN check digit: expected 2, got 1"),
        ("]C14109506000134351", "GLN (AI 410) check digit: expected 2, got 1"),
        ("]C1800307071324001022085952", "GRAI check digit: expected 1, got 2"),
        ("]C10209506000134353<GS>3712", "GTIN (AI 02) check digit: expected 2, got 3"),
        ("]C18018123456789012345674", "GSRN (AI 8018) check digit: expected 5, got 4"),
        ("4006381333932", "GTIN check digit: expected 1, got 2"),
        ("]C180131987654Ad4X4bL5ttr2310cXK", "AI 8013 (GMN) check characters: expected 2K, got XK"),
        // dates
        ("]C1010950600013435217201332", "AI 17 date 201332: month 13"),
        ("]C1010950600013435217200010", "AI 17 date 200010: month 00"),
        ("]C1010950600013435217210229", "AI 17 date 210229: day 29 (February 2021 has 28 days)"),
        ("]C1010950600013435215260431", "AI 15 date 260431: day 31 (April 2026 has 30 days)"),
        ("]C1010950600013435211200132", "AI 11 date 200132: day 32 (January 2020 has 31 days)"),
        ("]C10109506000134352<GS>7006261200", "AI 7006 date 261200: day 00 is not allowed here"),
        ("]C101095060001343527003261231<GS>", "AI 7003 (EXPIRY TIME) value 261231 has 6 digits, 10 required"),
        ("]C1010950600013435270032612312460", "AI 7003 time 2460: hour 24"),
        ("]C1010950600013435270032612312360", "AI 7003 time 2360: minute 60"),
        ("]C1000061414112345678904324261231156", "AI 4324 (NOT BEF DEL DT) value 261231156 has 9 digits, 10 required"),
        // lengths and separators
        ("]C1010950600013435", "AI 01 (GTIN) value 0950600013435 has 13 digits, 14 required"),
        ("]C1010950600013435210ABCDEFGHIJKLMNOPQRSTUVWXYZ", "AI 10 (BATCH/LOT) value ABCDEFGHIJKLMNOPQRSTUVWXYZ has 26 characters, at most 20 allowed (is a GS separator missing after it?)"),
        ("]C10109506000134352422156123", "AI 422 (ORIGIN) value 156123 has 6 digits, 3 required (is a GS separator missing after it?)"),
        ("]C101095060001343522", "expected a GS1 Application Identifier at character 17, found 2; AI 01 before it has a fixed length of 14: is its value too long?"),
        ("]C1010950600013435223", "unknown AI: no GS1 Application Identifier starts 23 (character 17); AI 01 before it has a fixed length of 14: is its value too long?"),
        ("]C1230109506000134352", "unknown AI: no GS1 Application Identifier starts 2301 (character 1)"),
        ("]C1ABC", "expected a GS1 Application Identifier at character 1, found ABC"),
        ("]C110<GS>21X", "AI 10 (BATCH/LOT) has no data (character 1)"),
        // character sets and code lists
        ("]C1010950600013435210AB CD", "AI 10 (BATCH/LOT) value AB CD: character (space) at position 3 is not allowed (GS1 character set 82)"),
        ("]C1010950600013435210AB€", "AI 10 (BATCH/LOT) value AB€: character € at position 3 is not allowed (GS1 character set 82)"),
        ("]C101A9506000134352", "AI 01 (GTIN) value A9506000134352: character A at position 1 is not allowed (digits only)"),
        ("]C10109506000134352<GS>422999", "AI 422 value 999: 999 is not an ISO 3166 country code"),
        ("]C1000061414112345678904307XX", "AI 4307 value XX: XX is not an ISO 3166 alpha-2 country code"),
        ("]C180109506abc", "AI 8010 (CPID) value 9506abc: character a at position 5 is not allowed (GS1 character set 39: digits, A-Z, # - /)"),
        ("]C10109506000134352<GS>3932000100", "AI 3932 value 000: 000 is not an ISO 4217 currency code"),
        ("]C10109506000134352<GS>800100001234512391", "AI 8001 value 0000: must not be zero"),
        ("]C10109506000134352<GS>800100101234512321", "AI 8001 value 2: winding direction must be 0, 1 or 9"),
        // combinations
        ("]C10109506000134352<GS>10A<GS>10B", "AI 10 appears twice with different values: A and B"),
        ("]C101095060001343520209506000134352", "AI 02 (CONTENT) and AI 01 must not appear together"),
        ("]C1010950600013435231030001003103000200", "AI 3103 appears twice with different values: 000100 and 000200"),
        ("]C1010950600013435231030001003102000200", "AI 3103 (NET WEIGHT (kg)) and AI 3102 must not appear together"),
        ("]C180309506000134352<GS>2539506000134351", "GDTI check digit: expected 2, got 1"),
        // empty input
        ("", "empty scan"),
        ("\r\n", "empty scan"),
        ("]C1", "no data after the symbology identifier ]C1"),
        ("]d2https://id.gs1.org/01/09506000134352", "]d2 announces a GS1 element string, but the data is a URI"),
        // retail
        ("]E040063813339", "EAN-13/UPC: 13 digits expected after ]E0, got 11"),
        ("]E4123", "EAN-8: 8 digits expected after ]E4, got 3"),
        ("]E0400638133393X", "EAN/UPC: digits only expected, got 400638133393X"),
        ("]E496385075", "GTIN check digit: expected 4, got 5"),
        ("]I110614141123450", "GTIN check digit: expected 9, got 0"),
    ])
    func reason(raw: String, reason: String) {
        #expect(F.reject(raw)?.reason == reason)
    }

    @Test func rejectionCarriesRawSymbologyAndAIM() throws {
        let rejection = try #require(F.reject("]C10109506000134358<GS>10A"))
        #expect(rejection.raw == "]C10109506000134358\u{1D}10A")
        #expect(rejection.symbology == "GS1-128")
        #expect(rejection.aim == "]C1")
        #expect(rejection.description == rejection.reason)
    }

    @Test("mandatory associations are noted by default and rejected when asked", arguments: [
        ("]C110ABC", "AI 10 (BATCH/LOT) requires AI 01, 02, 03, 8006 or 8026"),
        ("]C121XYZ", "AI 21 (SERIAL) requires AI 01, 03 or 8006"),
        ("]C1250S1", "AI 250 (SECONDARY SERIAL) requires AI 01 with 21, 03 with 21 or 8006 with 21"),
        ("]C10109506000134352<GS>3922123", "AI 3922 (PRICE) requires AI 01 with 30, 01 with 31nn, 01 with 32nn, 01 with 35nn or 01 with 36nn"),
    ])
    func associations(raw: String, message: String) throws {
        let noted = try #require(F.accept(raw))
        #expect(noted.note == message + " (may be on another barcode of the item)")
        #expect(F.reject(raw, F.strict)?.reason == message)
        let silent = BarcodeInterpreter(referenceDate: F.referenceDate, associations: .ignore)
        #expect(F.accept(raw, silent)?.note == nil)
    }

    @Test func satisfiedAssociationsLeaveNoNote() {
        #expect(F.accept("]C101095060001343521720123110ABC<GS>21XYZ", F.strict)?.note == nil)
        #expect(F.summary(F.accept("]C1001061414112345678970280614141123458<GS>3712", F.strict)) == "00=106141411234567897|02=80614141123458|37=12")
    }

    @Test func identicalRepeatsAreMerged() {
        #expect(F.summary(F.accept("]C1010950600013435210A<GS>0109506000134352")) == "01=09506000134352|10=A")
    }

    @Test func digitalSignatureNeedsSerialisedKey() {
        #expect(F.reject("]C12539506000134352<GS>8030ABCD")?.reason == "AI 8030 (digital signature) requires AI 253 with its serial component")
        #expect(F.accept("]C12539506000134352X1<GS>8030ABCD") != nil)
    }
}
