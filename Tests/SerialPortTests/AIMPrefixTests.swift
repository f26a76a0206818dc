import Testing

#if canImport(TraceDevices)
import TraceDevices  // the framer lives in TraceDevices in the EdgeTrace package
#else
import ScannerFraming
#endif

@Suite("AIMPrefix and handshake bytes")
struct AIMPrefixTests {
    @Test(arguments: [
        ("]C1010401234567890310LOT", "]C1", "010401234567890310LOT"),
        ("]d2010401234567890321SN\u{1D}10L", "]d2", "010401234567890321SN\u{1D}10L"),
        ("]E04006381333931", "]E0", "4006381333931"),
        ("]Q3https://id.gs1.org/01/04012345678903", "]Q3", "https://id.gs1.org/01/04012345678903"),
        ("]e0", "]e0", ""),
        ("]XA12", "]XA", "12"),
    ])
    func splitsIdentifier(frame: String, aim: String, body: String) {
        let result = AIMPrefix.split(Array(frame.utf8))
        #expect(result.aim == aim)
        #expect(result.body == Array(body.utf8))
    }

    @Test(arguments: ["4006381333931", "]C", "]1A123", "]C!123", "C1]123", "", "]", "[C1123"])
    func leavesOtherFramesAlone(frame: String) {
        let result = AIMPrefix.split(Array(frame.utf8))
        #expect(result.aim == nil)
        #expect(result.body == Array(frame.utf8))
    }

    @Test func handshakeBytes() {
        #expect(ScannerHandshake.ack == 0x06)
        #expect(ScannerHandshake.nak == 0x15)
    }
}
