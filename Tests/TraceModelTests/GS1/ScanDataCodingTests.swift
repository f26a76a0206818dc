import Foundation
import Testing
@testable import TraceModel

@Suite("ScanData JSON")
struct ScanDataCodingTests {
    typealias F = GS1Fixture

    @Test func orderedJSONHasTheDesignShape() throws {
        let data = try #require(F.accept("]C101806141411234582112345<GS>17270500<GS>10L/7", BarcodeInterpreter(prefixes: .only(["0614141": 7]), referenceDate: F.referenceDate)))
        #expect(data.jsonString() == #"{"symbology":"GS1-128","aim":"]C1","raw":"]C101806141411234582112345\u001d17270500\u001d10L/7","gs1":{"01":"80614141123458","21":"12345","17":"270500","10":"L/7"},"gtin":"80614141123458","lot":"L/7","serial":"12345","expiry":"2027-05-31","epc":"urn:epc:id:sgtin:0614141.812345.12345"}"#)
    }

    @Test("encode → decode round-trips, keeping gs1 in scan order", arguments: [
        "]C101095060001343521720123110ABC<GS>21XYZ", "]C121X<GS>10L<GS>0109506000134352", "(21)B(10)A(01)09506000134352",
        "https://a/01/09506000134352/22/V/10/L?99=Z&3103=000100&17=270500", "]E04006381333931", "]C0plain \"text\"\\",
        "81234567890123456789", "]C13103000100<GS>99X<GS>0109506000134352", "]C1800409506000ABC<GS>7040 1AB-".replacingOccurrences(of: " ", with: ""),
    ])
    func roundTrip(raw: String) throws {
        let data = try #require(F.accept(raw))
        let encoded = try JSONEncoder().encode(data)
        let decoded = try JSONDecoder().decode(ScanData.self, from: encoded)
        #expect(decoded == data)
        let fromOrdered = try JSONDecoder().decode(ScanData.self, from: Data(data.jsonString().utf8))
        #expect(fromOrdered == data)
        #expect(fromOrdered.elements.map(\.ai) == data.elements.map(\.ai))
    }

    @Test func encodedKeysAreTheDesignKeysOnly() throws {
        let data = try #require(F.accept("https://a/01/09506000134352/10/L?17=270500"))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(data)) as? [String: Any])
        #expect(Set(object.keys) == ["symbology", "raw", "gs1", "gtin", "lot", "expiry", "digitalLink"])
        #expect(object["gs1"] as? [String: String] == ["01": "09506000134352", "10": "L", "17": "270500"])
        let text = try #require(F.accept("]C0abc"))
        let plain = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(text)) as? [String: Any])
        #expect(Set(plain.keys) == ["symbology", "aim", "raw", "text"])
    }

    @Test func decodeOfForeignOrderFallsBackToAIOrderForAIsNotInRaw() throws {
        let json = #"{"raw":"manual","gs1":{"21":"S","01":"09506000134352"},"gtin":"09506000134352"}"#
        let decoded = try JSONDecoder().decode(ScanData.self, from: Data(json.utf8))
        #expect(decoded.elements.map(\.ai) == ["01", "21"])
        #expect(decoded.gtin == "09506000134352")
        #expect(decoded.symbology == nil)
    }

    @Test func rejectionCodable() throws {
        let rejection = ScanRejection(reason: "GTIN check digit: expected 7, got 8", raw: "x", symbology: "GS1-128", aim: "]C1")
        let decoded = try JSONDecoder().decode(ScanRejection.self, from: JSONEncoder().encode(rejection))
        #expect(decoded == rejection)
    }

    @Test("JSON string escaping", arguments: [
        ("a\"b", #""a\"b""#), ("\u{1D}", #""\u001d""#), ("a\\b", #""a\\b""#), ("x\ny", #""x\ny""#), ("中", "\"中\""),
    ])
    func quote(text: String, json: String) {
        #expect(ScanData.quote(text) == json)
    }

    @Test func elementOrderFromRaw() {
        #expect(BarcodeInterpreter.elementOrder(raw: "]C11720010110A\u{1D}0109506000134352") == ["17", "10", "01"])
        #expect(BarcodeInterpreter.elementOrder(raw: "]E04006381333931") == ["01"])
        #expect(BarcodeInterpreter.elementOrder(raw: "]C0hello") == [])
    }
}
