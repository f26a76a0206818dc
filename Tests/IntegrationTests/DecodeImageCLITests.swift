import Foundation
import ImageFiles
import Testing
import TraceTesting

@Suite("edgetrace decode --image: the camera's frame pipeline on one image")
struct DecodeImageCLITests {
    static func run(_ args: [String]) async throws -> (status: Int32, json: [[String: Any]]?) {
        let r = try await TestProcess.run("edgetrace", ["decode"] + args)
        return (r.status, try? JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [[String: Any]])
    }

    @Test("a GS1 DataMatrix PNG (libdmtx): element strings with their GS restored, interpreted")
    func dataMatrixPNG() async throws {
        let dir = try TemporaryDirectory()
        let png = dir.appending("udi.png")
        try BarcodeImages.run("zint", ["--barcode=71", "--gs1", "--scale=4", "--output=\(png)",
                                       "--data=[01]06901234567892[17]270531[10]LOT7[21]SER9"])
        let r = try await Self.run(["--image", png])
        #expect(r.status == 0)
        let entry = try #require(r.json?.first)
        #expect(r.json?.count == 1)
        #expect(entry["decoder"] as? String == "libdmtx")
        #expect(entry["aim"] as? String == "]d2")
        #expect(entry["symbology"] as? String == "GS1 DataMatrix")
        #expect(entry["data"] as? String == "01069012345678921727053110LOT7\u{1D}21SER9")
        let scan = try #require(entry["scan"] as? [String: Any])
        #expect(scan["gtin"] as? String == "06901234567892")
        #expect(scan["lot"] as? String == "LOT7")
        #expect(scan["serial"] as? String == "SER9")
        #expect(scan["expiry"] as? String == "2027-05-31")
    }

    @Test("a PGM frame with GS1-128 and a QR Code, and a JPEG with EAN-13: every symbol", arguments: ["pgm", "jpg"])
    func severalSymbols(ext: String) async throws {
        let dir = try TemporaryDirectory()
        let gs1 = try BarcodeImages.zint(16, "[01]06901234567892[21]CLI1", gs1: true, scale: 1, directory: dir.path)
        let qr = try BarcodeImages.qrencode(Array("https://id.gs1.org/01/06901234567892/21/CLI2".utf8), directory: dir.path)
        let ean = try BarcodeImages.zint(13, "690123456789", directory: dir.path)
        let frame = GreyImage(width: 900, height: 600, fill: 240).pasting(gs1, atX: 20, y: 20).pasting(qr, atX: 600, y: 300)
            .pasting(ean, atX: 20, y: 300)
        let path = dir.appending("frame.\(ext)")
        if ext == "jpg" { try BarcodeImages.writeJPEG(frame, to: path) } else { try BarcodeImages.writePGM(frame, to: path) }
        let r = try await Self.run(["--image", path])
        #expect(r.status == 0)
        let entries = try #require(r.json)
        #expect(Set(entries.compactMap { $0["aim"] as? String }) == ["]C1", "]Q1", "]E0"])
        let serials = Set(entries.compactMap { ($0["scan"] as? [String: Any])?["serial"] as? String })
        #expect(serials == ["CLI1", "CLI2"])
        #expect(entries.allSatisfy { (($0["box"] as? [String: Any])?["width"] as? Int ?? 0) > 10 })
        let qrBox = try #require(entries.first { $0["aim"] as? String == "]Q1" }?["box"] as? [String: Any])
        // The QR Code was pasted at (600, 300), its quiet zone included.
        #expect((600..<(600 + qr.width / 4)).contains(qrBox["x"] as? Int ?? 0), "\(qrBox)")
        #expect((300..<(300 + qr.height / 4)).contains(qrBox["y"] as? Int ?? 0), "\(qrBox)")
    }

    @Test("a blank image: an empty array, exit 1")
    func blank() async throws {
        let dir = try TemporaryDirectory()
        try BarcodeImages.writePGM(GreyImage(width: 320, height: 240, fill: 250), to: dir.appending("blank.pgm"))
        let r = try await Self.run(["--image", dir.appending("blank.pgm")])
        #expect(r.status == 1)
        #expect(r.json?.isEmpty == true)
    }

    @Test("zbar's corrupted DataBar Expanded: the symbol is shown rejected with the reason, exit 2")
    func rejected() async throws {
        let dir = try TemporaryDirectory()
        let png = dir.appending("dbe.png")
        try BarcodeImages.run("zint", ["--barcode=31", "--gs1", "--scale=2", "--output=\(png)", "--data=[01]06901234567892[10]ABC[21]DEF"])
        let r = try await Self.run(["--image", png])
        let entry = try #require(r.json?.first)
        if entry["scan"] == nil {
            #expect(r.status == 2)
            #expect(((entry["rejected"] as? [String: Any])?["reason"] as? String)?.isEmpty == false)
        } else {
            #expect((entry["scan"] as? [String: Any])?["serial"] as? String == "DEF")
        }
    }

    @Test("a file that is not an image, or TEXT with --image: an error message, non-zero exit")
    func misuse() async throws {
        let dir = try TemporaryDirectory()
        try Data("hello".utf8).write(to: URL(fileURLWithPath: dir.appending("x.png")))
        let bad = try await TestProcess.run("edgetrace", ["decode", "--image", dir.appending("x.png")])
        #expect(bad.status == 1)
        #expect(bad.output.contains("not a PNG, JPEG or binary PGM"))
        let both = try await TestProcess.run("edgetrace", ["decode", "]C1x", "--image", dir.appending("x.png")])
        #expect(both.status != 0)
        #expect(both.output.contains("either TEXT or --image"))
    }
}
