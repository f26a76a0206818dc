import Testing
import TraceDevices
import TraceModel
import TraceTesting

/// zbar has been seen corrupting GS1 DataBar Expanded after a separator (it does here: zbar 0.23.92 turns
/// `…10ABC<GS>21DEF` into `…10ABC<GS>2QDEF`). Whatever a decoder returns goes through the GS1 validation,
/// so corrupted GS1 data becomes a `rejected` event with the reason, never a scan with a wrong identifier.
@Suite("Cross-check: corrupted GS1 from a decoder becomes a rejected event")
struct CrossCheckTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var barcode: Int
        var data: String
        /// Encode without zint's own GS1 validation, to put invalid data in the symbol.
        var noCheck: Bool
        /// What the reason must mention.
        var reason: String
    }

    static let cases: [Case] = [
        // (DataBar Expanded does not store a GTIN's check digit: the decoder computes it, so a wrong one cannot
        // be encoded there; an SSCC's or a GLN's is stored.)
        Case(description: "DataBar Expanded, SSCC check digit wrong", barcode: 31, data: "[00]069012340000000017", noCheck: true,
             reason: "check digit"),
        Case(description: "DataBar Expanded, GLN check digit wrong after a separator", barcode: 31,
             data: "[01]06901234567892[10]L1[414]6901234000017", noCheck: true, reason: "check digit"),
        Case(description: "DataBar Expanded, impossible expiry date", barcode: 31, data: "[01]06901234567892[17]271399", noCheck: true,
             reason: "17"),
        Case(description: "GS1 DataMatrix, GTIN check digit wrong", barcode: 71, data: "[01]06901234567891[21]S1", noCheck: true,
             reason: "check digit"),
        Case(description: "GS1-128, GTIN too short after the AI", barcode: 16, data: "[01]0690123456[21]S1", noCheck: true,
             reason: "01"),
    ]

    @Test("invalid GS1 in a real symbol → rejected with the reason, no identifier", arguments: cases)
    func rejected(_ c: Case) throws {
        let dir = try TemporaryDirectory()
        let image = try BarcodeImages.zint(c.barcode, c.data, gs1: true, scale: c.barcode == 71 ? 4 : 2,
                                           arguments: c.noCheck ? ["--gs1nocheck"] : [], directory: dir.path)
        let symbols = try FrameDecoder().decode(BarcodeImages.frame(image, width: 1400))
        let symbol = try #require(symbols.first)
        #expect(symbol.isGS1)
        let event = try #require(CrossCheck.interpret(symbol))
        #expect(event.kind == .rejected)
        #expect(event.scan == nil, "no identifier may come out of invalid data")
        let reason = try #require(event.rejected?.reason)
        #expect(reason.localizedLowercase.contains(c.reason), "\(reason)")
        #expect(event.rejected?.raw.hasPrefix(symbol.aim ?? "?") == true)
    }

    @Test("zbar's DataBar Expanded corruption after a separator is caught, not stored as a wrong serial")
    func zbarDataBarExpandedCorruption() throws {
        let dir = try TemporaryDirectory()
        let image = try BarcodeImages.zint(31, "[01]06901234567892[10]ABC[21]DEF", gs1: true, directory: dir.path)
        let symbol = try #require(try FrameDecoder().decode(BarcodeImages.frame(image, width: 1400)).first)
        let correct = Array("010690123456789210ABC".utf8) + [0x1D] + Array("21DEF".utf8)
        let event = try #require(CrossCheck.interpret(symbol))
        if symbol.data == correct {
            // A zbar without the bug: the right identifier.
            #expect(event.kind == .scan && event.scan?.serial == "DEF" && event.scan?.lot == "ABC")
        } else {
            #expect(event.kind == .rejected, "corrupted data \(String(decoding: symbol.data, as: UTF8.self)) was accepted")
            #expect(event.scan == nil)
            #expect(event.rejected?.reason.isEmpty == false)
        }
    }
}
