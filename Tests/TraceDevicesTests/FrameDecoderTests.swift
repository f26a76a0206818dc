import Foundation
import ImageFiles
import Testing
import TraceDevices
import TraceModel
import TraceTesting

@Suite("FrameDecoder: zbar + libdmtx on one frame, then the interpreter")
struct FrameDecoderTests {
    @Test("every symbology: AIM + data as a scanner sends it, then a valid scan event", arguments: BarcodeSample.all)
    func decodeAndInterpret(sample: BarcodeSample) throws {
        let dir = try TemporaryDirectory()
        let frame = BarcodeImages.frame(try sample.draw(dir.path), width: 1400, height: 480, x: 30, y: 50)
        let symbols = try FrameDecoder().decode(frame)
        try #require(symbols.count == 1, "\(symbols)")
        let symbol = symbols[0]
        #expect(symbol.transmitted == sample.transmitted)
        #expect(symbol.symbology == sample.symbology)
        #expect(symbol.decoder == (sample.isDataMatrix ? .libdmtx : .zbar))

        let event = try #require(CrossCheck.interpret(symbol))
        #expect(event.kind == .scan, "\(event.rejected?.reason ?? "")")
        #expect(event.scan?.aim == sample.aim)
        if sample.isGS1 { #expect(event.scan?.gtin == "06901234567892") }
    }

    @Test("zbar and libdmtx codes in the same frame are both reported")
    func bothDecoders() throws {
        let dir = try TemporaryDirectory()
        let dm = try BarcodeImages.dmtxwrite(Array("DM-1".utf8), directory: dir.path)
        let qr = try BarcodeImages.qrencode(Array("QR-1".utf8), directory: dir.path)
        let frame = GreyImage(width: 640, height: 480, fill: 230).pasting(dm, atX: 30, y: 30).pasting(qr, atX: 350, y: 200)
        let symbols = try FrameDecoder().decode(frame)
        #expect(symbols.map(\.transmitted) == [Array("]Q1QR-1".utf8), Array("]d1DM-1".utf8)])
    }

    @Test("only the configured symbologies: without datamatrix, libdmtx is not run")
    func configured() throws {
        let dir = try TemporaryDirectory()
        let dm = try BarcodeImages.dmtxwrite(Array("DM-2".utf8), directory: dir.path)
        let frame = BarcodeImages.frame(dm)
        let zbarOnly = try FrameDecoder(options: .init(symbologies: ["qrcode", "code128"]))
        #expect(try zbarOnly.decode(frame).isEmpty)
        let dmOnly = try FrameDecoder(options: .init(symbologies: ["datamatrix"]))
        #expect(try dmOnly.decode(frame).map(\.aim) == ["]d1"])
        #expect(throws: FrameDecoderError.self) { try FrameDecoder.Options(symbologies: ["qrcode", "aztec"]) }
    }

    @Test("datamatrix shrink 2: a symbol with 4-pixel modules is still found; shrink reaches libdmtx")
    func shrink() throws {
        let dir = try TemporaryDirectory()
        let big = BarcodeImages.frame(try BarcodeImages.dmtxwrite(Array("BIG".utf8), module: 4, directory: dir.path))
        let tiny = BarcodeImages.frame(try BarcodeImages.dmtxwrite(Array("TINY".utf8), module: 2, directory: dir.path))
        let shrunk = try FrameDecoder(options: .init(symbologies: ["datamatrix"], dataMatrixShrink: 2))
        #expect(shrunk.options.dataMatrix?.shrink == 2)
        #expect(try shrunk.decode(big).map(\.transmitted) == [Array("]d1BIG".utf8)])
        #expect(try shrunk.decode(tiny).isEmpty)
        #expect(try FrameDecoder(options: .init(symbologies: ["datamatrix"])).decode(tiny).map(\.transmitted) == [Array("]d1TINY".utf8)])
    }

    @Test("blank, noise and an empty scene: nothing from either decoder", arguments: ["blank", "noise", "scene"])
    func nothing(kind: String) throws {
        let frame: GreyImage = switch kind {
        case "blank": GreyImage(width: 640, height: 480, fill: 250)
        case "noise": BarcodeImages.noise(seed: 11)
        default: BarcodeImages.emptyScene()
        }
        #expect(try FrameDecoder().decode(frame).isEmpty)
    }
}
