import Foundation
import Testing
@testable import TraceModel

@Suite("Symbology identifiers and detection")
struct InterpreterDetectionTests {
    typealias F = GS1Fixture

    @Test("AIM identifiers name the symbology", arguments: [
        ("]C10109506000134352", "GS1-128", "]C1"), ("]e00109506000134352", "GS1 DataBar", "]e0"),
        ("]d20109506000134352", "GS1 DataMatrix", "]d2"), ("]Q30109506000134352", "GS1 QR Code", "]Q3"),
        ("]J10109506000134352", "GS1 DotCode", "]J1"), ("]d50109506000134352", "GS1 DataMatrix", "]d5"),
        ("]C0HELLO", "Code 128", "]C0"), ("]d1HELLO", "DataMatrix", "]d1"), ("]Q1HELLO", "QR Code", "]Q1"),
        ("]A0HELLO", "Code 39", "]A0"), ("]L2HELLO", "PDF417", "]L2"), ("]z0HELLO", "Aztec Code", "]z0"),
        ("]E04006381333931", "EAN-13", "]E0"), ("]E496385074", "EAN-8", "]E4"), ("]G0HELLO", "Code 93", "]G0"),
        ("]F0A123B", "Codabar", "]F0"), ("]J0HELLO", "DotCode", "]J0"),
    ])
    func symbology(raw: String, symbology: String, aim: String) throws {
        let data = try #require(F.accept(raw))
        #expect(data.symbology == symbology)
        #expect(data.aim == aim)
        #expect(data.raw == raw)
    }

    @Test func unknownAIMCodeIsKeptWithText() throws {
        let data = try #require(F.accept("]X0payload"))
        #expect(data.aim == "]X0")
        #expect(data.symbology == nil)
        #expect(data.text == "payload")
    }

    @Test("non-GS1 text is accepted as text", arguments: [
        ("]C0ABC-123", "ABC-123"), ("]C00109506000134352", "0109506000134352"), ("]Q1你好, world", "你好, world"),
        ("]d1WO-1187", "WO-1187"), ("hello world", "hello world"), ("10ABC", "10ABC"), ("12345", "12345"),
        ("]C0<GS>0109506000134352", "\u{1D}0109506000134352"), ("ABC\r\n", "ABC"),
    ])
    func plainText(raw: String, text: String) throws {
        let data = try #require(F.accept(raw))
        #expect(data.text == text)
        #expect(data.elements.isEmpty)
        #expect(data.gtin == nil)
        #expect(data.raw == F.gs(raw))
    }

    @Test("China drug traceability codes are text with a note", arguments: ["81234567890123456789", "]C081234567890123456789", "]d183950160001234567890"])
    func chinaDrugCode(raw: String) throws {
        let data = try #require(F.accept(raw))
        #expect(data.text == String(raw.suffix(20)))
        #expect(data.note == "China drug traceability code (药品追溯码): check not verifiable offline")
        #expect(data.elements.isEmpty)
    }

    @Test("GS1 data without an AIM prefix", arguments: [
        ("<GS>0109506000134352<GS>10ABC", "01=09506000134352|10=ABC"),
        ("0109506000134352<GS>10ABC", "01=09506000134352|10=ABC"),
        ("010950600013435217201225", "01=09506000134352|17=201225"),
        ("00106141411234567897", "00=106141411234567897"),
        ("0010614141123456789702806141411234583712", "00=106141411234567897|02=80614141123458|37=12"),
        ("4149506000134352", "414=9506000134352"),
        ("8004950600013435ABC", "8004=950600013435ABC"),
    ])
    func unidentifiedGS1(raw: String, expected: String) throws {
        let data = try #require(F.accept(raw))
        #expect(F.summary(data) == expected)
        #expect(data.symbology == nil)
        #expect(data.aim == nil)
    }

    @Test func unidentifiedGS1IsStrict() {
        #expect(F.reject("0109506000134353")?.reason == "GTIN check digit: expected 2, got 3")
        #expect(F.reject("<GS>17201332")?.reason == "AI 17 date 201332: month 13")
    }

    @Test func unidentifiedKeyLikeTextThatDoesNotParseIsText() throws {
        #expect(F.accept("4141234")?.text == "4141234")
        #expect(F.accept("8004")?.text == "8004")
    }

    @Test func humanReadableInsidePlainSymbology() throws {
        let data = try #require(F.accept("]C0(01)09506000134352(10)ABC"))
        #expect(data.gtin == "09506000134352")
        #expect(data.lot == "ABC")
        #expect(data.note == "GS1 data in human-readable form, not encoded as GS1")
        #expect(F.accept("]C0(01)09506000134353")?.text == "(01)09506000134353")
    }

    @Test func keyFieldsAndDates() throws {
        let data = try #require(F.accept("]C1010950600013435211250101132501021525020016250300172505001020ABC<GS>21S/1<GS>4149506000134352"))
        #expect(data.gtin == "09506000134352")
        #expect(data.productionDate == "2025-01-01")
        #expect(data.packDate == "2025-01-02")
        #expect(data.bestBefore == "2025-02-28")
        #expect(data.sellBy == "2025-03-31")
        #expect(data.expiry == "2025-05-31")
        #expect(data.lot == "20ABC")
        #expect(data.serial == "S/1")
        #expect(data.gln == "9506000134352")
        #expect(data[ai: "414"] == "9506000134352")
        #expect(data[ai: "99"] == nil)
    }

    @Test("two-digit years fall within -49…+50 years of the reference date", arguments: [
        ("2026-06-15", "760101", "2076-01-01"), ("2026-06-15", "770101", "1977-01-01"),
        ("2026-06-15", "000229", "2000-02-29"), ("2026-06-15", "991231", "1999-12-31"),
        ("2099-01-01", "000101", "2100-01-01"), ("2099-01-01", "490101", "2149-01-01"), ("2099-01-01", "500101", "2050-01-01"),
        ("2001-01-01", "990101", "1999-01-01"), ("2001-01-01", "510101", "2051-01-01"), ("2001-01-01", "520101", "1952-01-01"),
        ("2026-06-15", "270500", "2027-05-31"), ("2026-06-15", "280200", "2028-02-29"), ("2026-06-15", "270200", "2027-02-28"),
    ])
    func centuryWindow(today: String, yymmdd: String, iso: String) throws {
        let interpreter = BarcodeInterpreter(referenceDate: GS1Fixture.date(today))
        let data = try #require(F.accept("]C10109506000134352 17\(yymmdd)".replacingOccurrences(of: " ", with: ""), interpreter))
        #expect(data.expiry == iso)
    }

    @Test func leapDayDependsOnCentury() {
        // 000229 is valid in 2000 but not in 2100.
        let in2099 = BarcodeInterpreter(referenceDate: GS1Fixture.date("2099-01-01"))
        #expect(F.reject("]C1010950600013435217000229", in2099)?.reason == "AI 17 date 000229: day 29 (February 2100 has 28 days)")
    }
}
