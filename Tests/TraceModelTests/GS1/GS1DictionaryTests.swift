import Testing
@testable import TraceModel

@Suite("GS1 syntax dictionary")
struct GS1DictionaryTests {
    @Test func everyLineOfTheDictionaryIsParsed() {
        // 224 entry lines; ranges expand (3100-3105 → 6 AIs, 91-99 → 9 …).
        let lines = GS1Dictionary.syntaxDictionaryText.split(separator: "\n")
        #expect(lines.count == 224)
        for line in lines {
            let parsed = GS1ApplicationIdentifier.parseDictionaryLine(line)
            #expect(!parsed.isEmpty, "line not parsed: \(line)")
            for ai in parsed {
                #expect(!ai.components.isEmpty, "no components for \(ai.ai)")
                #expect(!ai.title.isEmpty, "no title for \(ai.ai)")
                #expect(!ai.components.flatMap(\.linters).contains(.unknown), "unknown linter in \(line)")
            }
        }
        #expect(GS1Dictionary.all.count == 541)
        #expect(Set(GS1Dictionary.all.map(\.ai)).count == GS1Dictionary.all.count)
    }

    @Test("AIs are prefix-free, so an element string can be split without separators before AIs")
    func prefixFree() {
        let ais = GS1Dictionary.all.map(\.ai)
        for ai in ais {
            #expect(!ais.contains { $0 != ai && $0.hasPrefix(ai) }, "\(ai) is a prefix of another AI")
        }
    }

    @Test("predefined-length AIs follow the GS1 table (00→18, 01-03→14, 11-19→6, 20→2, 31-36→6, 41→13)")
    func predefinedLengths() {
        let expected: [String: Int] = ["00": 18, "01": 14, "02": 14, "03": 14, "04": 16, "11": 6, "12": 6,
                                       "13": 6, "14": 6, "15": 6, "16": 6, "17": 6, "18": 6, "19": 6, "20": 2,
                                       "31": 6, "32": 6, "33": 6, "34": 6, "35": 6, "36": 6, "41": 13]
        for definition in GS1Dictionary.all where definition.isPredefinedLength {
            let prefix = String(definition.ai.prefix(2))
            #expect(expected[prefix] == definition.maxLength, "AI \(definition.ai)")
            #expect(definition.isFixedLength)
        }
        #expect(GS1Dictionary.lookup("422")?.isPredefinedLength == false)
        #expect(GS1Dictionary.lookup("7003")?.isPredefinedLength == false)
        #expect(GS1Dictionary.lookup("7003")?.isFixedLength == true)
    }

    @Test("definitions", arguments: [
        ("00", "SSCC", "N18", true), ("01", "GTIN", "N14", true), ("10", "BATCH/LOT", "X..20", false),
        ("17", "USE BY or EXPIRY", "N6", true), ("21", "SERIAL", "X..20", false),
        ("253", "GDTI", "N13 [X..17]", false), ("3103", "NET WEIGHT (kg)", "N6", true),
        ("3922", "PRICE", "N..15", false), ("3932", "PRICE", "N3 N..15", false), ("414", "LOC No.", "N13", true),
        ("4309", "SHIP TO GEO", "N10 N10", false), ("7003", "EXPIRY TIME", "N6 N4", false),
        ("7007", "HARVEST DATE", "N6 [N6]", false), ("7240", "PROTOCOL", "X..20", false),
        ("8003", "GRAI", "N1 N13 [X..16]", false), ("8004", "GIAI", "X..30", false), ("8010", "CPID", "Y..30", false),
        ("8030", "DIGSIG", "Z..90", false), ("8200", "PRODUCT URL", "X..70", false), ("99", "INTERNAL", "X..90", false),
        ("7040", "UIC+EXT", "N1 X1 X1 X1", false), ("8001", "DIMENSIONS", "N4 N5 N3 N1 N1", false),
    ])
    func definition(ai: String, title: String, format: String, predefined: Bool) throws {
        let definition = try #require(GS1Dictionary.lookup(ai))
        #expect(definition.title == title)
        #expect(GS1ElementValidator.format(definition) == format)
        #expect(definition.isPredefinedLength == predefined)
    }

    @Test func attributes() throws {
        let gtin = try #require(GS1Dictionary.lookup("01"))
        #expect(gtin.digitalLinkQualifiers == [["22", "10", "21"], ["235"]])
        #expect(gtin.exclusions == ["255", "37"])
        #expect(gtin.hasCheckDigit)
        let serial = try #require(GS1Dictionary.lookup("21"))
        #expect(serial.requirements == [[["01"], ["03"], ["8006"]]])
        #expect(!serial.isDigitalLinkAttribute)
        let secondary = try #require(GS1Dictionary.lookup("250"))
        #expect(secondary.requirements == [[["01", "21"], ["03", "21"], ["8006", "21"]]])
        #expect(GS1Dictionary.lookup("00")?.digitalLinkQualifiers == [[]])
        #expect(GS1Dictionary.lookup("414")?.digitalLinkQualifiers == [["254"], ["7040"]])
        #expect(GS1Dictionary.lookup("10")?.digitalLinkQualifiers == nil)
        #expect(GS1Dictionary.lookup("8013")?.components.first?.linters == [.csumalpha, .gcppos1])
        #expect(GS1Dictionary.lookup("4330")?.components.last?.isOptional == true)
    }

    @Test("unknown AIs", arguments: ["", "0", "05", "23", "89", "3106", "7012", "8099", "123456"])
    func unknown(ai: String) {
        #expect(GS1Dictionary.lookup(ai) == nil)
    }

    @Test("prefix match finds the AI at the start of data", arguments: [
        ("0109506000134352", "01"), ("3103000550", "3103"), ("2351234", "235"), ("8004ABC", "8004"),
        ("9912", "99"), ("4141234", "414"),
    ])
    func prefixMatch(data: String, ai: String) {
        #expect(GS1Dictionary.match(prefixOf: Substring(data))?.ai == ai)
    }

    @Test func prefixMatchFailsForUnknownOrNonDigits() {
        #expect(GS1Dictionary.match(prefixOf: "2312345") == nil)
        #expect(GS1Dictionary.match(prefixOf: "AB12") == nil)
        #expect(GS1Dictionary.match(prefixOf: "0") == nil)
    }
}
