import Foundation
import Testing
@testable import TraceModel

@Suite("GS1 element values")
struct GS1ElementValuesTests {
    @Test("decimal measures and amounts", arguments: [
        ("3103", "000550", "0.55", "KGM"), ("3100", "000550", "550", "KGM"), ("3105", "123456", "1.23456", "KGM"),
        ("3202", "001234", "12.34", "LBR"), ("3151", "000015", "1.5", "LTR"), ("3300", "000100", "100", "KGM"),
        ("3373", "001500", "1.5", "28"), ("3572", "000123", "1.23", "OZA"), ("3922", "0299", "2.99", nil),
        ("3932", "978123", "1.23", nil), ("3901", "5", "0.5", nil), ("3955", "000100", "0.001", nil),
    ] as [(String, String, String, String?)])
    func decimals(ai: String, value: String, decimal: String, unit: String?) {
        let element = GS1Element(ai: ai, value: value)
        #expect(element.decimalValue == Decimal(string: decimal))
        #expect(element.doubleValue == Double(decimal))
        #expect(element.unitCode == unit)
    }

    @Test func currency() {
        #expect(GS1Element(ai: "3932", value: "978123").currencyCode == "978")
        #expect(GS1Element(ai: "3922", value: "0299").currencyCode == nil)
    }

    @Test("no decimals for other AIs", arguments: ["01", "10", "17", "3700", "7004", "8005"])
    func noDecimals(ai: String) {
        #expect(GS1Element(ai: ai, value: "000100").decimalPlaces == nil)
        #expect(GS1Element(ai: ai, value: "000100").decimalValue == nil)
    }

    @Test("dates of date AIs", arguments: [
        ("17", "270500", "2027-05-31"), ("11", "250101", "2025-01-01"), ("7003", "2612311530", "2026-12-31"),
        ("7007", "261201261231", "2026-12-01"), ("4326", "260615", "2026-06-15"), ("7250", "19700101", "1970-01-01"),
        ("8008", "26123115", "2026-12-31"), ("17", "201332", nil), ("10", "270500", nil),
    ] as [(String, String, String?)])
    func dates(ai: String, value: String, iso: String?) {
        #expect(GS1Element(ai: ai, value: value).isoDate(referenceDate: GS1Fixture.referenceDate) == iso)
    }

    @Test func dateHelpers() {
        #expect(GS1Date.fullYear(twoDigit: 76, referenceYear: 2026) == 2076)
        #expect(GS1Date.fullYear(twoDigit: 77, referenceYear: 2026) == 1977)
        #expect(GS1Date.daysIn(month: 2, year: 2000) == 29)
        #expect(GS1Date.daysIn(month: 2, year: 1900) == 28)
        #expect(GS1Date.isoDate(yyyymmdd: "20240200") == "2024-02-29")
        #expect(GS1Date.year(of: GS1Fixture.referenceDate) == 2026)
    }

    @Test func definitionLookupFromElement() {
        #expect(GS1Element(ai: "01", value: "x").definition?.title == "GTIN")
        #expect(GS1Element(ai: "23", value: "x").definition == nil)
    }
}

@Suite("Scanner text unescaping")
struct ScannerTextTests {
    @Test("written separators become GS", arguments: [
        ("0109506000134352<GS>10ABC", "0109506000134352\u{1D}10ABC"), ("A\\x1dB\\x1DC", "A\u{1D}B\u{1D}C"),
        ("A\\u001dB", "A\u{1D}B"), ("A\\u{1d}B", "A\u{1D}B"), ("A{GS}B<FNC1>C", "A\u{1D}B\u{1D}C"), ("A\u{241D}B", "A\u{1D}B"),
        ("no separators", "no separators"), ("<G S>", "<G S>"), ("", ""),
    ])
    func unescape(text: String, expected: String) {
        #expect(unescapeScannerText(text) == expected)
    }

    @Test func unescapedTextInterprets() throws {
        let data = try #require(GS1Fixture.accept(unescapeScannerText("]C10109506000134352\\x1d10ABC<GS>21X")))
        #expect(data.lot == "ABC")
        #expect(data.serial == "X")
    }
}
