import Foundation
import Testing
@testable import TraceModel

@Suite("Event model")
struct EventModelTests {
    @Test("EventTime formats RFC 3339 with milliseconds and offset, and parses back", arguments: [
        (Int64(0), Int32(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_796_000_400_123), Int32(28800), "2026-11-30T09:00:00.123+08:00"),
        (Int64(951_782_400_000), Int32(0), "2000-02-29T00:00:00.000Z"),
        (Int64(-1), Int32(0), "1969-12-31T23:59:59.999Z"),
        (Int64(1_700_000_000_000), Int32(-18000), "2023-11-14T17:13:20.000-05:00"),
        (Int64(1_700_000_000_000), Int32(19800), "2023-11-15T03:43:20.000+05:30"),
    ])
    func eventTime(millis: Int64, offset: Int32, text: String) throws {
        let t = EventTime(unixMillis: millis, offsetSeconds: offset)
        #expect(t.description == text)
        let parsed = try #require(EventTime(rfc3339: text))
        #expect(parsed == t)
        #expect(parsed.offsetSeconds == offset)
    }

    @Test("EventTime rejects malformed text", arguments: [
        "", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01 00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00", "2026-01-01T00:00:00+0800", "2026-01-01T00:00:00.Z",
    ])
    func eventTimeRejects(text: String) {
        #expect(EventTime(rfc3339: text) == nil)
    }

    @Test("dedup: same code on the same device inside the window is dropped and counted; the window does not slide")
    func dedupWindow() {
        var w = DedupWindow(windowNs: 1_000)
        let code = Array("X".utf8)
        let results = [
            w.admit(device: "d", code: code, atNs: 10_000),
            w.admit(device: "d", code: code, atNs: 10_500),               // duplicate
            w.admit(device: "d", code: Array("Y".utf8), atNs: 10_600),    // another code
            w.admit(device: "e", code: code, atNs: 10_700),               // another device
            w.admit(device: "d", code: code, atNs: 10_999),               // duplicate
            w.admit(device: "d", code: code, atNs: 11_000),               // window measured from the kept read
        ]
        #expect(results == [true, false, true, true, false, true])
        #expect(w.dropped == 2)
        var off = DedupWindow(windowNs: 0)
        let both = [off.admit(device: "d", code: code, atNs: 1), off.admit(device: "d", code: code, atNs: 1)]
        #expect(both == [true, true])
    }

    @Test("a read the store refused is forgotten by the dedup window: the operator's second scan is a new read, not a duplicate")
    func refusedReadIsNotADuplicate() {
        var i = Interpreter(gateway: "g", context: StationContext(), dedupWindowNs: 10_000_000_000)
        let first = reading("]C101095011010209171719050810ABCD1234", at: 1_000)
        guard case .event = i.interpret(first) else { Issue.record("first read"); return }
        i.notCaptured(first)
        guard case .event = i.interpret(reading("]C101095011010209171719050810ABCD1234", at: 2_000)) else {
            Issue.record("the second scan of a refused read was taken for a duplicate"); return
        }
        // A read that was captured stays in the window; forgetting an older admission does not erase a newer one.
        if case .duplicate = i.interpret(reading("]C101095011010209171719050810ABCD1234", at: 3_000)) {} else {
            Issue.record("a captured read's repeat must be a duplicate")
        }
        i.notCaptured(first)
        if case .duplicate = i.interpret(reading("]C101095011010209171719050810ABCD1234", at: 4_000)) {} else {
            Issue.record("notCaptured of an old admission erased the newer one")
        }
    }

    func reading(_ text: String, at ns: UInt64, device: String = "scanner-1") -> Reading {
        Reading(device: DeviceRef(id: device, driver: "serial"), payload: .barcode(bytes: Array(text.utf8), symbology: nil),
                stamp: CaptureStamp(time: EventTime(unixMillis: 1_796_000_000_000, offsetSeconds: 28800),
                                    clock: ClockInfo(synced: true, bootID: "boot", uptimeNs: ns)))
    }

    @Test("interpreter: context attached, GS1 parsed, duplicates dropped, garbage rejected with a reason")
    func interpreter() throws {
        let context = StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0", bizStep: "receiving")
        var i = Interpreter(gateway: "dock-3", context: context, dedupWindowNs: 1_000_000_000,
                            dedupWindowOverrides: ["fast": 0])
        guard case .event(let e) = i.interpret(reading("]C1010690123456789221SN1", at: 1)) else {
            Issue.record("expected an event"); return
        }
        #expect(e.kind == .scan && e.scan?.gtin == "06901234567892" && e.scan?.serial == "SN1")
        #expect(e.context == context && e.gateway == "dock-3")
        #expect(e.eventID.hasPrefix("ni:///sha-256;"))
        guard case .duplicate = i.interpret(reading("]C1010690123456789221SN1", at: 500_000_000)) else {
            Issue.record("expected a duplicate"); return
        }
        guard case .event = i.interpret(reading("]C1010690123456789221SN1", at: 2_000_000_000)) else {
            Issue.record("outside the window the read is kept"); return
        }
        guard case .event = i.interpret(reading("]C1010690123456789221SN1", at: 2_000_000_001, device: "fast")),
              case .event = i.interpret(reading("]C1010690123456789221SN1", at: 2_000_000_002, device: "fast")) else {
            Issue.record("a device with window 0 keeps every read"); return
        }
        #expect(i.duplicatesDropped["scanner-1"] == 1)

        guard case .event(let bad) = i.interpret(reading("]C1010690123456789321SN1", at: 3)) else { return }
        #expect(bad.kind == .rejected)
        #expect(bad.rejected?.reason.lowercased().contains("check digit") == true)
        #expect(bad.rejected?.raw == "]C1010690123456789321SN1")

        let binary = Reading(device: DeviceRef(id: "scanner-1", driver: "serial"), payload: .barcode(bytes: [0xFF, 0x00, 0x41], symbology: nil),
                             stamp: reading("", at: 4).stamp)
        guard case .event(let garbage) = i.interpret(binary) else { return }
        #expect(garbage.kind == .rejected)
        #expect(garbage.rejected?.raw == "\\xff\\x00A")
        #expect(garbage.rejected?.reason.contains("baud rate") == true)
    }

    @Test("accept_non_gs1 = false rejects plain text codes")
    func gs1Only() {
        var i = Interpreter(gateway: "g", context: StationContext(), acceptNonGS1: false, dedupWindowNs: 0)
        guard case .event(let e) = i.interpret(reading("]C0HELLO-123", at: 1)) else { return }
        #expect(e.kind == .rejected)
        var j = Interpreter(gateway: "g", context: StationContext(), acceptNonGS1: true, dedupWindowNs: 0)
        guard case .event(let f) = j.interpret(reading("]C0HELLO-123", at: 1)) else { return }
        #expect(f.kind == .scan && f.scan?.text == "HELLO-123")
    }

    @Test("eventID is stable for the same capture and differs between captures")
    func eventIDStability() {
        let a = TraceEvent.makeID(gateway: "g", deviceID: "d", bootID: "b", uptimeNs: 1, kind: .scan, raw: [1, 2])
        #expect(a == TraceEvent.makeID(gateway: "g", deviceID: "d", bootID: "b", uptimeNs: 1, kind: .scan, raw: [1, 2]))
        #expect(a != TraceEvent.makeID(gateway: "g", deviceID: "d", bootID: "b", uptimeNs: 2, kind: .scan, raw: [1, 2]))
        #expect(a != TraceEvent.makeID(gateway: "g", deviceID: "d", bootID: "c", uptimeNs: 1, kind: .scan, raw: [1, 2]))
    }
}

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    static let codes = [
        "]C1010690123456789217270531" + "10LOT7\u{1D}21SER9",
        "]C100106141411234567897",
        "]E06901234567892",
        "https://id.gs1.org/01/09506000134352/10/AB%2FC/21/1?17=201225",
        "]C0HELLO \"quoted\" back\\slash",
        "]C1010690123456789321SN1",
        "]d2010690123456789221\u{4e2d}\u{6587}",
        "3074257BF7194E4000001A85",     // EPC hex reads: tag events
        "3114257BF4499602D2000000",
        "32220C78E63C40A86B0A18E8",
    ]

    @Test("the hand-written canonical form is byte-identical to JSONEncoder's sorted-key form", arguments: codes)
    func matchesJSONEncoder(code: String) throws {
        var i = Interpreter(gateway: "g/1", context: StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0", bizStep: "receiving",
                                                                    operator: "op-7\u{1}"), dedupWindowNs: 0)
        let reading = Reading(device: DeviceRef(id: "d", driver: "serial", path: "/dev/x"), payload: .barcode(bytes: Array(code.utf8), symbology: nil),
                              stamp: CaptureStamp(time: EventTime(unixMillis: 1_796_000_000_123, offsetSeconds: 28800),
                                                  clock: ClockInfo(synced: false, bootID: "b", uptimeNs: 42, corrected: true)))
        guard case .event(let event) = i.interpret(reading) else { Issue.record("no event"); return }
        let expected = Array(try TraceEvent.canonicalEncoder.encode(event))
        let actual = try event.canonicalBytes()
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        let back = try JSONDecoder().decode(TraceEvent.self, from: Data(actual))
        #expect(back == event)
    }

    @Test("device and rejected payloads too")
    func otherPayloads() throws {
        var e = TraceEvent(eventID: "x", gateway: "g", kind: .device, time: EventTime(unixMillis: 0),
                           clock: ClockInfo(synced: true, bootID: "b", uptimeNs: 1), device: DeviceRef(id: "d", driver: "serial"),
                           context: StationContext(), deviceState: DeviceStateInfo(state: "disconnected", message: "EIO\n"))
        #expect(try e.canonicalBytes() == Array(try TraceEvent.canonicalEncoder.encode(e)))
        e.deviceState = nil
        e.kind = .rejected
        e.rejected = RejectedInfo(reason: "r\t", raw: "\\xff", symbology: "GS1-128", aim: "]C1")
        #expect(try e.canonicalBytes() == Array(try TraceEvent.canonicalEncoder.encode(e)))
    }
}

@Suite("Base64url")
struct Base64URLTests {
    @Test("RFC 4648 test vectors, url alphabet, no padding", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func vectors(input: String, expected: String) {
        #expect(Base64URL.encode(Array(input.utf8)) == expected)
    }

    @Test("url-safe characters replace + and /")
    func urlSafe() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        let random = (0..<200).map { _ in UInt8.random(in: 0...255) }
        let foundation = Data(random).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(Base64URL.encode(random) == foundation)
    }
}
