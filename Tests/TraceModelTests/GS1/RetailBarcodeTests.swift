import Testing
@testable import TraceModel

@Suite("EAN/UPC and ITF-14")
struct RetailBarcodeTests {
    typealias F = GS1Fixture

    @Test("retail codes normalise to a 14-digit GTIN", arguments: [
        ("]E04006381333931", "EAN-13", "04006381333931"),
        ("4006381333931", "EAN-13", "04006381333931"),
        ("]E00012345000065", "UPC-A", "00012345000065"),
        ("012345000065", "UPC-A", "00012345000065"),
        ("]E0012345000065", "UPC-A", "00012345000065"),
        ("]E496385074", "EAN-8", "00000096385074"),
        ("96385074", "EAN-8", "00000096385074"),
        ("]E001234565", "UPC-E", "00012345000065"),
        ("01234565", "UPC-E", "00012345000065"),
        ("]E004252614", "UPC-E", "00042100005264"),
        ("]I110614141123459", "ITF-14", "10614141123459"),
        ("]I010614141123459", "ITF-14", "10614141123459"),
        ("]I31061414112345", "ITF-14", "10614141123459"),
        ("10614141123459", "ITF-14", "10614141123459"),
        ("6901234567892", "EAN-13", "06901234567892"),
        ("]E06901234567892", "EAN-13", "06901234567892"),
    ])
    func gtin(raw: String, symbology: String, gtin: String) throws {
        let data = try #require(F.accept(raw))
        #expect(data.symbology == symbology)
        #expect(data.gtin == gtin)
        #expect(data.elements == [GS1Element(ai: "01", value: gtin)])
    }

    @Test("UPC-E expansion (all four suppression rules)", arguments: [
        ("01234565", "012345000065"), ("04252614", "042100005264"), ("01234531", "012300000451"),
        ("01234543", "012340000053"), ("01234576", "012345000076"), ("11234561", "112345000061"),
        ("21234567", nil), ("0123456", nil),
    ] as [(String, String?)])
    func upcE(upcE: String, upcA: String?) {
        #expect(RetailBarcode.expandUPCE(upcE) == upcA)
    }

    @Test func eightDigitsPreferUPCEOnlyWhenItsCheckFits() throws {
        // 0-prefixed EAN-8 whose UPC-E reading fails its check digit stays EAN-8.
        let ean8 = try #require(F.accept("00000017"))
        #expect(ean8.symbology == "EAN-8")
        #expect(ean8.gtin == "00000000000017")
        #expect(F.reject("]E0123456789")?.reason == "EAN-13/UPC: 13 digits expected after ]E0, got 9")
        #expect(F.reject("]E021234567")?.reason == "UPC-E: number system must be 0 or 1, got 2")
    }

    @Test func addOns() throws {
        let withAddOn = try #require(F.accept("]E3400638133393112"))
        #expect(withAddOn.gtin == "04006381333931")
        #expect(withAddOn.text == "12")
        #expect(withAddOn.note == "2-digit add-on 12")
        let five = try #require(F.accept("]E3978020137962451995"))
        #expect(five.gtin == "09780201379624")
        #expect(five.text == "51995")
        let alone = try #require(F.accept("]E212345"))
        #expect(alone.symbology == "EAN-5 add-on")
        #expect(alone.text == "12345")
        #expect(F.reject("]E11")?.reason == "EAN add-on: 2 or 5 digits expected, got 1")
    }

    @Test func otherInterleaved2of5LengthsAreText() throws {
        let data = try #require(F.accept("]I0123456"))
        #expect(data.symbology == "Interleaved 2 of 5")
        #expect(data.text == "123456")
        #expect(data.gtin == nil)
        #expect(F.reject("]I0123A56")?.reason == "Interleaved 2 of 5: digits only expected, got 123A56")
    }
}
