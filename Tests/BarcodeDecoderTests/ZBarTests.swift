import ImageFiles
import Testing
import TraceTesting
import ZBar

@Suite("zbar wrapper: real images decoded by libzbar")
struct ZBarTests {
    static let zbarSamples = BarcodeSample.all.filter { !$0.isDataMatrix }

    @Test("every zbar symbology: data bytes, GS1 flag, AIM identifier, name", arguments: zbarSamples)
    func decodes(sample: BarcodeSample) throws {
        let dir = try TemporaryDirectory()
        let image = BarcodeImages.frame(try sample.draw(dir.path), width: 1400, height: 480)
        let scanner = try ZBarImageScanner(symbologies: Set(ZBarSymbology.traceability))
        let symbols = try scanner.scan(width: image.width, height: image.height, pixels: image.pixels)
        try #require(symbols.count == 1, "\(symbols)")
        let symbol = symbols[0]
        #expect(symbol.data == sample.data, "\(String(decoding: symbol.data, as: UTF8.self))")
        #expect(symbol.isGS1 == sample.isGS1)
        #expect(symbol.aimIdentifier == sample.aim)
        #expect(symbol.symbologyName == sample.symbology)
        #expect(symbol.quality > 0)
        #expect(!symbol.location.isEmpty)
        #expect(symbol.location.allSatisfy { $0.x >= 40 && $0.y >= 40 && $0.x < image.width && $0.y < image.height })
    }

    @Test("QR Code bytes come back unchanged: NUL, high bytes, GS (ZBAR_CFG_BINARY)")
    func binaryQR() throws {
        let dir = try TemporaryDirectory()
        let bytes: [UInt8] = [0x00, 0x01, 0x1D, 0x7F, 0x80, 0xC3, 0x28, 0xFF, 0xFE] + Array("tail".utf8)
        let image = BarcodeImages.frame(try BarcodeImages.qrencode(bytes, eightBit: true, directory: dir.path))
        let symbols = try ZBarImageScanner(symbologies: [.qrCode]).scan(width: image.width, height: image.height, pixels: image.pixels)
        #expect(symbols.map(\.data) == [bytes])
        #expect(symbols.first?.aimIdentifier == "]Q1")
    }

    @Test("a symbology that is not enabled is not reported")
    func disabledSymbology() throws {
        let dir = try TemporaryDirectory()
        let image = BarcodeImages.frame(try BarcodeImages.zint(20, "Hello-128", directory: dir.path))
        let onlyQR = try ZBarImageScanner(symbologies: [.qrCode, .ean13])
        #expect(try onlyQR.scan(width: image.width, height: image.height, pixels: image.pixels).isEmpty)
        let with128 = try ZBarImageScanner(symbologies: [.code128])
        #expect(try with128.scan(width: image.width, height: image.height, pixels: image.pixels).map(\.symbology) == [.code128])
    }

    @Test("several codes in one frame are all found")
    func severalCodes() throws {
        let dir = try TemporaryDirectory()
        let a = try BarcodeImages.zint(16, "[01]06901234567892[21]A1", gs1: true, directory: dir.path)
        let b = try BarcodeImages.qrencode(Array("second".utf8), directory: dir.path)
        let image = GreyImage(width: 1400, height: 600, fill: 240).pasting(a, atX: 20, y: 20).pasting(b, atX: 300, y: 300)
        let symbols = try ZBarImageScanner(symbologies: Set(ZBarSymbology.traceability))
            .scan(width: image.width, height: image.height, pixels: image.pixels)
        #expect(Set(symbols.map(\.aimIdentifier)) == ["]C1", "]Q1"])
    }

    @Test("blank, noise and an empty scene yield nothing", arguments: ["blank", "noise", "scene", "dark"])
    func nothing(kind: String) throws {
        let image: GreyImage = switch kind {
        case "blank": GreyImage(width: 640, height: 480, fill: 255)
        case "noise": BarcodeImages.noise(seed: 7)
        case "dark": GreyImage(width: 640, height: 480, fill: 0)
        default: BarcodeImages.emptyScene()
        }
        let scanner = try ZBarImageScanner(symbologies: Set(ZBarSymbology.traceability))
        #expect(try scanner.scan(width: image.width, height: image.height, pixels: image.pixels).isEmpty)
    }

    @Test("a frame whose bytes do not match its size is refused with ZBAR_ERR_INVALID")
    func invalidFrame() throws {
        let scanner = try ZBarImageScanner(symbologies: [.qrCode])
        #expect(throws: ZBarError.self) { try scanner.scan(width: 640, height: 480, pixels: [UInt8](repeating: 0, count: 100)) }
        do {
            _ = try scanner.scan(width: 0, height: 10, pixels: [])
            Issue.record("expected an error")
        } catch ZBarError.Code.invalid {
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("configuration names round-trip and match zbar's symbol names")
    func names() {
        for s in ZBarSymbology.traceability {
            #expect(ZBarSymbology(configName: s.configName) == s)
        }
        #expect(ZBarSymbology.code128.description == "CODE-128")
        #expect(ZBarSymbology(configName: "nonsense") == nil)
    }

    @Test("opening a video device that does not exist fails with a transient system error")
    func videoMissing() {
        do {
            _ = try ZBarVideo(device: "/dev/video-edgetrace-missing", width: 640, height: 480)
            Issue.record("expected an error")
        } catch {
            #expect(error.operation == "zbar_video_open")
            #expect(error.isTransient)
        }
    }
}
