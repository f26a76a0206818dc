import Testing
@testable import PlatformParsing

/// Splitting a batch body into events, keeping each event's exact bytes.
struct BatchDecoderTests {
    @Test func keepsEachEventsBytesAndReadsEventIDAndSeq() throws {
        let body = #"""
            {"events" : [ {"eventID":"a","seq":1,"s":"]}\"{"} ,{"eventID":"b", "seq": 2, "n":[1,{"x":[]}]}, 3, "x", {"seq":1.5,"eventID":"c"} ],
             "gateway": "dock-3", "schema": 1, "extra": {"events": "not these"}}
            """#
        let batch = try BatchDecoder.decode(Array(body.utf8))
        #expect(batch.gateway == "dock-3")
        #expect(batch.events.map(\.json) == [
            #"{"eventID":"a","seq":1,"s":"]}\"{"}"#, #"{"eventID":"b", "seq": 2, "n":[1,{"x":[]}]}"#, "3", #""x""#,
            #"{"seq":1.5,"eventID":"c"}"#,
        ])
        #expect(batch.events.map(\.eventID) == ["a", "b", nil, nil, "c"])
        #expect(batch.events.map(\.seq) == [1, 2, nil, nil, nil])
        #expect(batch.events.map { $0.rejectionReason == nil } == [true, true, false, false, false])
    }

    @Test func findsAnEscapedMemberName() throws {
        let body = #"{"gateway":"g","schema":1,"\u0065vents":[{"eventID":"a","seq":1}]}"#
        let batch = try BatchDecoder.decode(Array(body.utf8))
        #expect(batch.events.map(\.json) == [#"{"eventID":"a","seq":1}"#])
    }

    @Test func scannerGivesUpOnTruncatedInput() {
        #expect(RawJSONScanner.arrayElements(ofMember: "events", in: Array(#"{"events":[{"a":1}"#.utf8)) == nil)
        #expect(RawJSONScanner.arrayElements(ofMember: "events", in: Array(#"[1]"#.utf8)) == nil)
    }
}
