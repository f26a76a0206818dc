import ArgumentParser
import Foundation
import ImageFiles
import TraceDevices
import TraceModel

extension Decode {
    /// One symbol of `decode --image`: what the decoder saw and what the interpreter made of it.
    struct ImageSymbol: Encodable {
        var decoder: String
        var symbology: String
        var aim: String?
        /// The data as text (control bytes other than GS as `\xNN`), AIM identifier excluded.
        var data: String
        var gs1: Bool
        var quality: Int?
        /// The bounding box of the points the decoder located the symbol at (zbar gives one per scan line).
        var box: Box?
        var scan: ScanData?
        var rejected: ScanRejection?
    }

    /// A rectangle in image coordinates.
    struct Box: Encodable {
        var x: Int, y: Int, width: Int, height: Int

        init?(_ points: [FramePoint]) {
            guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
                  let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else { return nil }
            (x, y, width, height) = (minX, minY, maxX - minX + 1, maxY - minY + 1)
        }
    }

    /// Loads `path`, runs ``FrameDecoder`` (every symbology, Data Matrix included) and prints a JSON array.
    func decodeImage(_ path: String, interpreter: BarcodeInterpreter) throws {
        let frame: GreyImage
        do {
            frame = try ImageFile.load(path: path)
        } catch {
            FileHandle.standardError.write(Data("edgetrace decode: \(error)\n".utf8))
            throw ExitCode(1)
        }
        // A quiet zone around the image: generator output and tight crops often have none.
        let margin = 16
        let symbols = try FrameDecoder(options: .init(symbologies: CameraSymbology.names, dataMatrixTimeoutMs: 2000))
            .decode(frame.padded(by: margin))
        let report = symbols.map { symbol in
            var entry = ImageSymbol(
                decoder: symbol.decoder.rawValue, symbology: symbol.symbology, aim: symbol.aim, data: RawText.escape(symbol.data),
                gs1: symbol.isGS1, quality: symbol.quality,
                box: Box(symbol.location.map { FramePoint(x: $0.x - margin, y: $0.y - margin) }))
            if let text = RawText.decode(symbol.transmitted) {
                switch interpreter.interpret(text) {
                case .success(let scan): entry.scan = scan
                case .failure(let rejection): entry.rejected = rejection
                }
            } else {
                entry.rejected = ScanRejection(reason: "binary data: the symbol holds bytes that are not text",
                                               raw: RawText.escape(symbol.transmitted), symbology: symbol.symbology, aim: symbol.aim)
            }
            return entry
        }
        print(try Output.json(report))
        if report.isEmpty { throw ExitCode(1) }
        if report.contains(where: { $0.rejected != nil }) { throw ExitCode(2) }
    }
}
