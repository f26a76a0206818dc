import Foundation
import Testing
@testable import TraceModel

@Suite("EPCIS event hash == the reference implementation (epcis-event-hash-generator 1.9.3)")
struct EPCISEventHashTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/epcis-hash")

    /// The reference's example documents that come with the hashes its own test suite records.
    static let examples: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".hashes") }.map { String($0.dropLast(7)) }.sorted()
    }()

    @Test("the vendored examples are there") func examplesPresent() {
        #expect(Self.examples.count >= 13)
    }

    @Test("hashes of the reference's example documents", arguments: examples)
    func referenceExample(_ name: String) throws {
        let document = try JSONValue(parsing: try String(contentsOf: Self.fixtures.appendingPathComponent(name + ".jsonld"), encoding: .utf8))
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent(name + ".hashes"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        let got = try EPCISEventHash.hashes(ofDocument: document)
        #expect(got == expected)
    }

    @Test("pre-hash of a minimal ObjectEvent, written out by hand from hash_generator.py")
    func minimalPreHash() throws {
        let doc = try JSONValue(parsing: """
        {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",
         "epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2026-11-29T10:00:00.1235+08:00",
         "eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.42"],"action":"OBSERVE",
         "bizStep":"receiving","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"}}]}}
        """)
        let pre = try EPCISEventHash.preHashes(ofDocument: doc)
        #expect(pre == ["eventType=ObjectEventeventTime=2026-11-29T02:00:00.124ZeventTimeZoneOffset=+08:00"
            + "epcListepc=https://id.gs1.org/01/06901234123456/21/42action=OBSERVE"
            + "bizStep=https://ref.gs1.org/cbv/BizStep-receivingreadPointid=https://id.gs1.org/414/6901234000016"])
    }

    @Test("Python number text", arguments: [
        ("0042", "42"), ("1.50", "1.5"), ("1e-5", "1e-05"), ("1_000", "1000"), ("abc", "abc"), ("4.25", "4.25"),
        ("12345678901234567890", "12345678901234567168"), ("1e15", "1000000000000000"), ("0.0001", "0.0001"),
        ("-0", "0"), ("nan", "nan"), (".5", "0.5"), ("5.", "5"), ("1.5e17", "150000000000000000"),
    ])
    func numbers(_ input: String, _ expected: String) throws {
        #expect(try PythonNumber.formatNumeric(input) == expected)
    }

    @Test("repr of floats", arguments: [(0.1, "0.1"), (1e-05, "1e-05"), (123.5, "123.5"), (1e16, "1e+16"),
                                        (1e15, "1000000000000000.0"), (2.5e-07, "2.5e-07"), (-4.25, "-4.25")])
    func repr(_ x: Double, _ expected: String) {
        #expect(PythonNumber.repr(x) == expected)
    }

    @Test("time stamps: UTC, milliseconds, half-even", arguments: [
        ("2020-03-04T11:00:30.0005+01:00", "2020-03-04T10:00:30.000Z"),
        ("2020-03-04T11:00:30.0015+01:00", "2020-03-04T10:00:30.002Z"),
        ("2020-03-04T11:00:30Z", "2020-03-04T11:00:30.000Z"),
        ("2020-01-01T00:30:00-05:30", "2020-01-01T06:00:00.000Z"),
        ("not a time", "not a time"),
    ])
    func timestamps(_ input: String, _ expected: String) throws {
        #expect(try EPCISValueCanonicaliser.timestamp(input) == expected)
    }

    @Test("Digital Link normaliser", arguments: [
        ("urn:epc:id:sgtin:4012345.011111.9876", "https://id.gs1.org/01/04012345111118/21/9876"),
        ("urn:epc:id:sscc:4012345.0000000111", "https://id.gs1.org/00/040123450000001112"),
        ("urn:epc:class:lgtin:4012345.011111.LOT-1", "https://id.gs1.org/01/04012345111118/10/LOT-1"),
        ("urn:epc:idpat:sgtin:4012345.011111.*", "https://id.gs1.org/01/04012345111118"),
        ("https://example.com/gtin/4012345111118/lot/A1/ser/7?17=270531", "https://id.gs1.org/01/04012345111118/21/7"),
        ("urn:epc:id:sgln:4012345.00001.0", "https://id.gs1.org/414/4012345000016"),
    ])
    func digitalLink(_ input: String, _ expected: String) {
        #expect(DigitalLinkNormaliser.normalise(input) == expected)
    }

    @Test("order-preserving JSON round trip")
    func jsonRoundTrip() throws {
        let text = #"{"b":1,"a":[true,null,"x\"y\u00e9/"],"c":{"z":-1.5e3}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized == #"{"b":1,"a":[true,null,"x\"yé/"],"c":{"z":-1.5e3}}"#)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "{\"a\":}") }
    }

    /// Found by fuzz-platform: a high surrogate escape followed by a second high one trapped on arithmetic
    /// overflow. The uploader parses the platform's capture-job answers with this parser, so a platform could
    /// have crashed the daemon.
    @Test("surrogate escapes: pairs decoded, lone or doubled high surrogates become U+FFFD, no trap",
          arguments: [(#"["\uD83D\uDE00"]"#, "\u{1F600}"), (#"["\uDbaf\uDbafnc"]"#, "\u{FFFD}\u{FFFD}nc"),
                      (#"["\uD800\u0041"]"#, "\u{FFFD}A"), (#"["\uDC00x"]"#, "\u{FFFD}x"), (#"["\uD800"]"#, "\u{FFFD}")])
    func surrogates(text: String, decoded: String) throws {
        #expect(try JSONValue(parsing: text) == .array([.string(decoded)]))
    }
}
