import DataMatrix
import ImageFiles
import Testing
import TraceTesting

@Suite("Data Matrix wrapper: real images decoded by libdmtx")
struct DataMatrixTests {
    static let samples = BarcodeSample.all.filter(\.isDataMatrix)

    @Test("Data Matrix and GS1 DataMatrix: FNC1 restored as GS, leading FNC1 → ]d2", arguments: samples)
    func decodes(sample: BarcodeSample) throws {
        let dir = try TemporaryDirectory()
        let image = BarcodeImages.frame(try sample.draw(dir.path), x: 100, y: 60)
        let symbols = try DataMatrixReader().decode(width: image.width, height: image.height, pixels: image.pixels)
        try #require(symbols.count == 1)
        #expect(symbols[0].data == sample.data, "\(String(decoding: symbols[0].data, as: UTF8.self))")
        #expect(symbols[0].isGS1 == sample.isGS1)
        #expect(symbols[0].aimIdentifier == sample.aim)
        #expect(symbols[0].symbologyName == sample.symbology)
    }

    @Test("corners are in frame coordinates, origin top left")
    func corners() throws {
        let dir = try TemporaryDirectory()
        let code = try BarcodeImages.dmtxwrite(Array("corner test".utf8), module: 6, directory: dir.path)
        let image = BarcodeImages.frame(code, x: 300, y: 50)
        let symbol = try #require(try DataMatrixReader().decode(width: image.width, height: image.height, pixels: image.pixels).first)
        try #require(symbol.corners.count == 4)
        for corner in symbol.corners {
            #expect((300 - 2)...(300 + code.width + 2) ~= corner.x, "\(symbol.corners)")
            #expect((50 - 2)...(50 + code.height + 2) ~= corner.y, "\(symbol.corners)")
        }
        // Top left is above bottom left (rows counted from the top).
        #expect(symbol.corners[0].y < symbol.corners[3].y)
    }

    @Test("two symbols in one frame")
    func two() throws {
        let dir = try TemporaryDirectory()
        let a = try BarcodeImages.dmtxwrite(Array("first".utf8), directory: dir.path)
        let b = try BarcodeImages.dmtxwrite(Array("second".utf8), directory: dir.path)
        let image = GreyImage(width: 640, height: 480, fill: 240).pasting(a, atX: 40, y: 40).pasting(b, atX: 400, y: 250)
        let symbols = try DataMatrixReader().decode(width: image.width, height: image.height, pixels: image.pixels)
        #expect(Set(symbols.map { String(decoding: $0.data, as: UTF8.self) }) == ["first", "second"])
    }

    @Test("blank, noise and an empty scene yield nothing, within the time budget", arguments: ["blank", "noise", "scene"])
    func nothing(kind: String) throws {
        let image: GreyImage = switch kind {
        case "blank": GreyImage(width: 640, height: 480, fill: 255)
        case "noise": BarcodeImages.noise(seed: 3)
        default: BarcodeImages.emptyScene()
        }
        let reader = DataMatrixReader(options: .init(timeoutMs: 300))
        let start = ContinuousClock.now
        #expect(try reader.decode(width: image.width, height: image.height, pixels: image.pixels).isEmpty)
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("a frame whose bytes do not match its size is refused")
    func invalidFrame() {
        #expect(throws: DataMatrixError.self) {
            try DataMatrixReader().decode(width: 64, height: 64, pixels: [UInt8](repeating: 255, count: 10))
        }
    }
}
