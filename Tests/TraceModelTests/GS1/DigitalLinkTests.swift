import Testing
@testable import TraceModel

@Suite("GS1 Digital Link")
struct DigitalLinkTests {
    typealias F = GS1Fixture

    @Test("valid URIs (GS1 syntax engine and Digital Link standard examples)", arguments: [
        ("https://example.com/01/09506000134352/10/ABC/21/123?17=201225", "01=09506000134352|10=ABC|21=123|17=201225"),
        ("http://a/00/006141411234567890", "00=006141411234567890"),
        ("HTTP://a/00/006141411234567890", "00=006141411234567890"),
        ("HTTPS://a/00/006141411234567890", "00=006141411234567890"),
        ("https://a/01/12312312312333", "01=12312312312333"),
        ("https://xn--fsq.xn--0zwm56d/01/12312312312333", "01=12312312312333"),
        ("https://a:65535/01/12312312312333", "01=12312312312333"),
        ("https://192.0.2.1/01/12312312312333", "01=12312312312333"),
        ("https://[2001:db8::1]/01/12312312312333", "01=12312312312333"),
        ("https://a/stem/00/006141411234567890", "00=006141411234567890"),
        ("https://a/more/stem/00/006141411234567890", "00=006141411234567890"),
        ("https://a/00/faux/00/006141411234567890", "00=006141411234567890"),
        ("https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ", "01=12312312312333|22=TEST|10=ABC|21=XYZ"),
        ("https://a/01/12312312312333/235/TEST", "01=12312312312333|235=TEST"),
        ("https://a/253/1231231231232", "253=1231231231232"),
        ("https://a/253/1231231231232TEST5678901234567", "253=1231231231232TEST5678901234567"),
        ("https://a/8018/123456789012345675/8019/123", "8018=123456789012345675|8019=123"),
        ("https://a/stem/00/006141411234567890?", "00=006141411234567890"),
        ("https://a/stem/00/006141411234567890?99=ABC", "00=006141411234567890|99=ABC"),
        ("https://a/stem/401/12345678?99=ABC", "401=12345678|99=ABC"),
        ("https://a/01/12312312312333?99=ABC&98=XYZ", "01=12312312312333|99=ABC|98=XYZ"),
        ("https://a/01/12312312312333?&&&99=ABC&&&&&&98=XYZ&&&", "01=12312312312333|99=ABC|98=XYZ"),
        ("https://a/01/12312312312333?99=ABC&unknown=666&98=XYZ", "01=12312312312333|99=ABC|98=XYZ"),
        ("https://a/01/12312312312333?singleton1&unknown1=555&99=ABC&singleton2&98=XYZ", "01=12312312312333|99=ABC|98=XYZ"),
        ("https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987", "01=12312312312333|22=ABC-123|99=ABC|98=XYZ/987"),
        ("https://a/01/12312312312333/22/ABC+123?99=ABC&98=XYZ%2f987", "01=12312312312333|22=ABC+123|99=ABC|98=XYZ/987"),
        ("https://a/01/12312312312333/22/test/10/abc/21/xyz#fragment", "01=12312312312333|22=test|10=abc|21=xyz"),
        ("https://a/stem/00/006141411234567890?99=ABC#", "00=006141411234567890|99=ABC"),
        ("https://id.gs1.org/01/09520123456788/22/2A", "01=09520123456788|22=2A"),
        ("https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426", "01=09520123456788|10=ABC1|21=12345|17=180426"),
        ("https://id.gs1.org/01/09520123456788?3103=000195", "01=09520123456788|3103=000195"),
        ("https://example.com/01/09520123456788?3103=000195&3922=0299&17=201225", "01=09520123456788|3103=000195|3922=0299|17=201225"),
        ("https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123", "00=952012345678912345|02=09520123456788|37=25|10=ABC123"),
        ("https://id.gs1.org/414/9520123456788", "414=9520123456788"),
        ("https://id.gs1.org/414/9520123456788/254/32a%2Fb", "414=9520123456788|254=32a/b"),
        ("https://example.com/8004/9520614141234567?01=09520123456788", "8004=9520614141234567|01=09520123456788"),
        ("https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123", "01=09520123456788|235=XYZ|10=ABC123"),
        ("https://id.gs1.org/8003/03870585000552987", "8003=03870585000552987"),
        ("https://id.gs1.org/8004/0614141ABC%2F1", "8004=0614141ABC/1"),
        ("https://brand.example.com/01/9520123456788", "01=09520123456788"),
        ("https://a/01/02345673", "01=00000002345673"),
        ("https://a/gtin/12312312312333/ser/ABC123", "01=12312312312333|21=ABC123"),
    ])
    func valid(uri: String, expected: String) throws {
        let data = try #require(F.accept(uri))
        #expect(F.summary(data) == expected)
        #expect(data.digitalLink == uri)
        #expect(data.symbology == "GS1 Digital Link")
    }

    @Test("invalid Digital Links are rejected with a reason", arguments: [
        ("https://a/01/12312312312334", "GTIN check digit: expected 3, got 4"),
        ("HtTp://a/01/12312312312333", nil),
        ("https://a/01/12312312312333<bad", "GS1 Digital Link URI: character < is not allowed in a URI"),
        ("https://a/01/12312312312333^bad", "GS1 Digital Link URI: character ^ is not allowed in a URI"),
        ("https://a$/01/12312312312333", "GS1 Digital Link URI: host a$ has characters not allowed in a domain"),
        ("https://a/stem/00/006141411234567890/", "GS1 Digital Link URI: the path must end with /key/value pairs of known AIs, e.g. /01/{GTIN}/10/{lot}"),
        ("https://a/01/09506000134352/lot/ABC/xyz/1", "GS1 Digital Link URI: the path must end with /key/value pairs of known AIs, e.g. /01/{GTIN}/10/{lot}"),
        ("https://a/01//12312312312333", "GS1 Digital Link URI: the path must end with /key/value pairs of known AIs, e.g. /01/{GTIN}/10/{lot}"),
        ("https://a/253/1231231231232TEST56789012345678", "AI 253 (GDTI) value 1231231231232TEST56789012345678 has 31 characters, at most 30 allowed (is a GS separator missing after it?)"),
        ("https://a/01/12312312312333?99=", "GS1 Digital Link URI: AI 99 has an empty value"),
        ("https://a/01/12312312312333?99=ABC&999=faux", "GS1 Digital Link URI: unknown AI 999 in the query"),
        ("https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ+987", "AI 98 (INTERNAL) value XYZ 987: character (space) at position 4 is not allowed (GS1 character set 82)"),
        ("https://example.com/01/09520123456788?10=ABC123", "GS1 Digital Link URI: AI 10 belongs in the path (/01/…/10/…), not in the query"),
        ("https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123", "GS1 Digital Link URI: AI 10 appears more than once"),
        ("https://id.gs1.org/01/09520123456788/10/ABC123?01=09520123456788", "GS1 Digital Link URI: AI 01 appears more than once"),
        ("https://example.com/01/09520123456788?99=XYZ&89=ABC123", "GS1 Digital Link URI: unknown AI 89 in the query"),
        ("https://a/01/12312312312333?99=ABC%00DEF", "GS1 Digital Link URI: AI 99 value decodes to a NUL character"),
        ("https://a/01/09506000134352/21/1/10/A", "GS1 Digital Link URI: invalid path /01/…/21/…/10/…: after /01/ the qualifiers allowed, in this order, are /22/10/21 or /235"),
        ("https://a/00/106141411234567897/10/A", "GS1 Digital Link URI: invalid path /00/…/10/…: AI 00 takes no key qualifiers"),
        ("https://a/01/09506000134352?21=S", "GS1 Digital Link URI: AI 21 is not allowed as a query attribute"),
        ("https://a/01/09506000134352?17=201332", "AI 17 date 201332: month 13"),
    ] as [(String, String?)])
    func invalid(uri: String, reason: String?) {
        let result = F.interpreter.interpret(uri)
        if let reason {
            #expect(F.reject(uri)?.reason == reason)
        } else {
            // Not a Digital Link at all (mixed-case scheme): kept as text.
            #expect((try? result.get())?.text == uri)
        }
    }

    @Test func urlsWithoutGS1KeysAreText() throws {
        for uri in ["https://example.com/", "https://example.com/a/b?x=1", "https://example.com/products/123", "]Q1http://example.org"] {
            let data = try #require(F.accept(uri))
            #expect(data.digitalLink == nil)
            #expect(data.text == String(uri.dropFirst(uri.hasPrefix("]") ? 3 : 0)))
            #expect(data.elements.isEmpty)
        }
    }

    @Test func digitalLinkInQRCodeKeepsAIM() throws {
        let data = try #require(F.accept("]Q1https://id.gs1.org/01/09506000134352/21/A%2FB"))
        #expect(data.aim == "]Q1")
        #expect(data.symbology == "GS1 Digital Link")
        #expect(data.serial == "A/B")
        #expect(data.digitalLink == "https://id.gs1.org/01/09506000134352/21/A%2FB")
        #expect(data.epc == "urn:epc:id:sgtin:95060001343.05.A%2FB")
    }

    @Test func notesForPaddedGTINAndConvenienceAlphas() throws {
        #expect(F.accept("https://a/01/9520123456788")?.note == "GTIN-13 in the URI zero-padded to 14 digits")
        #expect(F.accept("https://a/gtin/09520123456788")?.note == "deprecated convenience alpha /gtin/ read as AI 01")
    }

    @Test func percentDecoding() {
        #expect(GS1DigitalLink.percentDecode("A%2Fb%zz+c%41", plusIsSpace: false) == "A/b%zz+cA")
        #expect(GS1DigitalLink.percentDecode("A+B%2B", plusIsSpace: true) == "A B+")
    }

    @Test("key-qualifier sequences", arguments: [
        (["01"], true), (["01", "22"], true), (["01", "10"], true), (["01", "21"], true), (["01", "22", "10", "21"], true),
        (["01", "10", "21"], true), (["01", "235"], true), (["01", "10", "22"], false), (["01", "22", "235"], false),
        (["414", "254"], true), (["414", "7040"], true), (["414", "254", "7040"], false), (["8004", "7040"], true),
        (["00"], true), (["00", "10"], false), (["10"], false), (["8006", "22", "10", "21"], true),
    ])
    func pathSequences(path: [String], valid: Bool) {
        #expect(GS1DigitalLink.isValidPath(path) == valid)
    }
}
