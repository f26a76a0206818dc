import Foundation
import ImageFiles
import Testing
import TraceTesting
import ZBar

@Suite("Image files: PNG (libpng), JPEG (libjpeg-turbo), PGM")
struct ImageFilesTests {
    @Test("PGM round trip, with comments and a maxval below 255")
    func pgm() throws {
        let image = GreyImage(width: 3, height: 2, pixels: [0, 10, 20, 30, 40, 255])
        #expect(try PGM.decode(PGM.encode(image)) == image)
        let commented = Array("P5\n# made by hand\n2 1\n# another\n15\n".utf8) + [0, 15]
        #expect(try PGM.decode(commented) == GreyImage(width: 2, height: 1, pixels: [0, 255]))
        #expect(throws: ImageFileError.self) { try PGM.decode(Array("P5\n4 4\n255\n".utf8) + [1, 2]) }
    }

    @Test("PNG from zint: size and content survive; the same code decodes from PNG, PGM and JPEG",
          arguments: ["png", "pgm", "jpg"])
    func formats(ext: String) throws {
        let dir = try TemporaryDirectory()
        let png = dir.appending("code.png")
        try BarcodeImages.run("zint", ["--barcode=16", "--gs1", "--scale=3", "--output=\(png)", "--data=[01]06901234567892[21]FMT"])
        let original = try ImageFile.load(path: png)
        #expect(original.width > 100 && original.height > 50)
        #expect(Set(original.pixels).isSubset(of: [0, 255]))
        let path = dir.appending("code.\(ext)")
        switch ext {
        case "pgm": try BarcodeImages.writePGM(original, to: path)
        case "jpg": try BarcodeImages.writeJPEG(original, to: path)
        default: break
        }
        let loaded = try ImageFile.load(path: path)
        #expect(loaded.width == original.width && loaded.height == original.height)
        let symbols = try ZBarImageScanner(symbologies: [.code128]).scan(width: loaded.width, height: loaded.height, pixels: loaded.pixels)
        #expect(symbols.map(\.data) == [Array("0106901234567892".utf8) + Array("21FMT".utf8)])
    }

    @Test("a colour PNG is converted to grey")
    func colour() throws {
        let dir = try TemporaryDirectory()
        let path = dir.appending("qr.png")
        try BarcodeImages.run("qrencode", ["-t", "PNG32", "--foreground=102030", "--background=F0F0E0", "-o", path, "colour"])
        let image = try ImageFile.load(path: path)
        #expect(image.pixels.min()! < 60 && image.pixels.max()! > 200)
        let symbols = try ZBarImageScanner(symbologies: [.qrCode]).scan(width: image.width, height: image.height, pixels: image.pixels)
        #expect(symbols.map(\.data) == [Array("colour".utf8)])
    }

    @Test("unsupported, corrupt and missing files fail with their code")
    func failures() throws {
        let dir = try TemporaryDirectory()
        try Data("hello".utf8).write(to: URL(fileURLWithPath: dir.appending("a.png")))
        #expect { try ImageFile.load(path: dir.appending("a.png")) } throws: { ImageFileError.Code.unsupportedFormat ~= $0 }
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).write(to: URL(fileURLWithPath: dir.appending("b.png")))
        #expect { try ImageFile.load(path: dir.appending("b.png")) } throws: { ImageFileError.Code.corrupt ~= $0 }
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).write(to: URL(fileURLWithPath: dir.appending("c.jpg")))
        #expect { try ImageFile.load(path: dir.appending("c.jpg")) } throws: { ImageFileError.Code.corrupt ~= $0 }
        #expect { try ImageFile.load(path: dir.appending("missing.png")) } throws: { ImageFileError.Code.unreadable ~= $0 }
    }

    @Test("image names: extensions, hidden files")
    func names() {
        #expect(ImageFile.isImageName("frame-001.PNG"))
        #expect(ImageFile.isImageName("a.jpeg") && ImageFile.isImageName("b.pgm"))
        #expect(!ImageFile.isImageName(".hidden.png"))
        #expect(!ImageFile.isImageName("frame.png.partial"))
        #expect(!ImageFile.isImageName("notes.txt"))
    }
}
