import Foundation
import Testing
@testable import PlatformParsing

/// Reading a batch body in one pass: the envelope's members, each event's exact bytes, its `eventID` and
/// `seq`, and a strict RFC 8259 check of the whole body.
struct BatchDecoderTests {
    private func decode(_ text: String) throws(BatchProblem) -> DecodedBatch {
        try BatchDecoder.decode(Array(text.utf8))
    }

    private func problem(_ bytes: [UInt8]) -> BatchProblem? {
        do {
            _ = try BatchDecoder.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func problem(_ text: String) -> BatchProblem? { problem(Array(text.utf8)) }

    @Test func keepsEachEventsBytesAndReadsEventIDAndSeq() throws {
        let body = #"""
            {"events" : [ {"eventID":"a","seq":1,"s":"]}\"{"} ,{"eventID":"b", "seq": 2, "n":[1,{"x":[]}]}, 3, "x", {"seq":1.5,"eventID":"c"} ],
             "gateway": "dock-3", "schema": 1, "extra": {"events": "not these"}}
            """#
        let batch = try decode(body)
        #expect(batch.gateway == "dock-3")
        #expect(batch.events.map(\.json) == [
            #"{"eventID":"a","seq":1,"s":"]}\"{"}"#, #"{"eventID":"b", "seq": 2, "n":[1,{"x":[]}]}"#, "3", #""x""#,
            #"{"seq":1.5,"eventID":"c"}"#,
        ])
        #expect(batch.events.map(\.index) == [0, 1, 2, 3, 4])
        #expect(batch.events.map(\.eventID) == ["a", "b", nil, nil, "c"])
        #expect(batch.events.map(\.seq) == [1, 2, nil, nil, nil])
        #expect(batch.events.map(\.isObject) == [true, true, false, false, true])
        #expect(batch.events.map { $0.rejectionReason == nil } == [true, true, false, false, false])
        #expect(batch.events[2].rejectionReason == "event is not a JSON object")
        #expect(batch.events[4].rejectionReason == "missing seq (an integer)")
    }

    @Test func findsAnEscapedMemberName() throws {
        let batch = try decode(#"{"gateway":"g","schema":1,"\u0065vents":[{"\u0065ventID":"a\/\u00e9\ud83d\ude00","seq":-7}]}"#)
        #expect(batch.events.map(\.json) == [#"{"\u0065ventID":"a\/\u00e9\ud83d\ude00","seq":-7}"#])
        #expect(batch.events.first?.eventID == "a/é\u{1F600}")
        #expect(batch.events.first?.seq == -7)
    }

    @Test func readsOnlyIntegersAsSeq() throws {
        let batch = try decode(#"""
            {"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1e3},{"eventID":"b","seq":"4"},
             {"eventID":"c","seq":9223372036854775807},{"eventID":"d","seq":9223372036854775808},{"eventID":"e","seq":-0}]}
            """#)
        #expect(batch.events.map(\.seq) == [nil, nil, Int64.max, nil, 0])
    }

    @Test func emptyEventsAndWhitespace() throws {
        let batch = try decode(" \t\r\n{ \"gateway\" : \"g\" , \"schema\" : 1 , \"events\" : [ ] } \n")
        #expect(batch.gateway == "g")
        #expect(batch.events.isEmpty)
    }

    @Test func envelopeProblemsNameTheMember() {
        #expect(problem(#"{"schema":1,"events":[]}"#) == BatchProblem(status: 400, message: "missing gateway (a non-empty string)"))
        #expect(problem(#"{"gateway":"","schema":1,"events":[]}"#)?.message == "missing gateway (a non-empty string)")
        #expect(problem(#"{"gateway":7,"schema":1,"events":[]}"#)?.message == "gateway must be a non-empty string")
        #expect(problem(#"{"gateway":"g","events":[]}"#)?.message == "missing schema (an integer)")
        #expect(problem(#"{"gateway":"g","schema":"1","events":[]}"#)?.message == "schema must be an integer")
        #expect(problem(#"{"gateway":"g","schema":2,"events":[]}"#)
            == BatchProblem(status: 422, message: "unsupported schema 2; this platform speaks schema 1"))
        #expect(problem(#"{"gateway":"g","schema":1}"#)?.message == "missing events (an array)")
        #expect(problem(#"{"gateway":"g","schema":1,"events":{}}"#)?.message == "events must be an array")
        #expect(problem(#"[1]"#)?.message == "body is not a batch: the top level must be a JSON object")
        #expect(problem("")?.status == 400)
    }

    /// Found by fuzz-platform: decoders disagree on which of two `events` members counts.
    @Test func memberTwiceIsRefused() {
        #expect(problem(#"{"gateway":"g","schema":1,"events":[],"events":[{"eventID":"a","seq":1}]}"#)?.message
            == "member events appears twice in the body; send it once")
        #expect(problem(#"{"gateway":"g","gateway":"h","schema":1,"events":[]}"#)?.message
            == "member gateway appears twice in the body; send it once")
    }

    /// Found by fuzz-platform: Foundation's decoder let these through and the platform stored them.
    @Test("bodies that are not strict RFC 8259 JSON are refused whole", arguments: [
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1},]}"#,
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1,}]}"#,
        "{\"gateway\":\"g\",\"schema\":1,\"events\":[{\"eventID\":\"a\u{1}\",\"seq\":1}]}",
        "{\"gateway\":\"g\",\"schema\":1,\"events\":[{\"eventID\":\"a\",\"seq\":1,\"x\":\"\0\"}]}",
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a\q","seq":1}]}"#,
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a\u12G4","seq":1}]}"#,
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":01}]}"#,
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1}]"#,
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1}]}x"#,
        #"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1}]}{}"#,
        #"{"gateway":"g","schema":1,"events":[tru]}"#,
    ])
    func strictGrammar(body: String) {
        let refused = problem(body)
        #expect(refused?.status == 400)
        #expect(refused?.message.hasPrefix("body is not valid JSON") == true)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let batch = try BatchDecoder.decode([0xEF, 0xBB, 0xBF] + Array(#"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1}]}"#.utf8))
        #expect(batch.events.map(\.eventID) == ["a"])
    }

    /// Found by fuzz-platform: an event whose bytes are not UTF-8 was refused as "not a JSON object"; it is
    /// refused on its own, with a reason that says so, and the other events are kept.
    @Test func eventThatIsNotUTF8IsRefusedAlone() throws {
        let body = Array(#"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1,"x":""#.utf8) + [0xFF, 0xFE]
            + Array(#""},{"eventID":"b","seq":2}]}"#.utf8)
        let batch = try BatchDecoder.decode(body)
        #expect(batch.events.map(\.eventID) == ["a", "b"])
        #expect(batch.events[0].rejectionReason == "event is not valid UTF-8 (JSON text must be UTF-8)")
        #expect(batch.events[1].rejectionReason == nil)
    }

    /// Found by fuzz-platform (a member name with a lone surrogate escape): such text has no Unicode
    /// reading (RFC 8259 §8.2); the event is refused on its own, wherever in it the escape is.
    @Test("an event with a lone UTF-16 surrogate escape is refused alone", arguments: [
        #"{"\uDeafn":"]C","eventID":"a","seq":1}"#, #"{"eventID":"a","seq":1,"n":{"x":["\uDC00"]}}"#,
        #"{"eventID":"a\ud800","seq":1}"#, #"{"eventID":"a","seq":1,"x":"\uD800\uD800"}"#,
    ])
    func loneSurrogate(event: String) throws {
        let batch = try decode(#"{"gateway":"g","schema":1,"events":["# + event + #",{"eventID":"b","seq":2}]}"#)
        #expect(batch.events.count == 2)
        #expect(batch.events[0].json == event)
        #expect(batch.events[0].rejectionReason == "event has a \\u escape that is a lone UTF-16 surrogate (no Unicode text can hold it)")
        #expect(batch.events[1].rejectionReason == nil)
    }

    @Test func eventWithAMemberTwiceIsRefusedAlone() throws {
        let batch = try decode(#"{"gateway":"g","schema":1,"events":[{"eventID":"a","seq":1,"eventID":"b"},{"seq":2,"eventID":"c","seq":3}]}"#)
        #expect(batch.events.map(\.rejectionReason) == [
            "eventID appears twice in the event", "seq appears twice in the event",
        ])
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(problem(#"{"gateway":"g","schema":1,"events":["# + deep + "]}")?.status == 400)
    }

    /// Every seed of fuzz-platform is answered with a status and a message, or decoded.
    @Test func fuzzSeeds() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/platform")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("batch-") }
        #expect(names.count >= 8)
        for name in names {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
            if let refused = problem(bytes) {
                #expect([400, 422].contains(refused.status), "\(name)")
            }
        }
        #expect(problem(Array(try Data(contentsOf: dir.appendingPathComponent("batch-trailing-comma"))))?.status == 400)
        #expect(problem(Array(try Data(contentsOf: dir.appendingPathComponent("batch-events-twice"))))?.status == 400)
        #expect(problem(Array(try Data(contentsOf: dir.appendingPathComponent("batch-bom-schema2"))))?.status == 422)
        let twoEvents = try BatchDecoder.decode(Array(try Data(contentsOf: dir.appendingPathComponent("batch-two-events"))))
        #expect(twoEvents.events.count == 2 && twoEvents.events.allSatisfy { $0.rejectionReason == nil })
    }
}
