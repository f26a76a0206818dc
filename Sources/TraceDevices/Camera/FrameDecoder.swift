import DataMatrix
import ImageFiles
import ZBar

/// The camera's per-frame unit: zbar and libdmtx run on the same greyscale frame; every symbol comes back
/// with its AIM identifier and data bytes. `edgetrace decode --image` runs the same code.
///
/// Holds a zbar image scanner, so it is not `Sendable`: create it on the thread that decodes.
public final class FrameDecoder {
    /// What to decode.
    public struct Options: Sendable, Hashable {
        /// zbar symbologies to decode (empty: zbar is not run).
        public var zbar: Set<ZBarSymbology>
        /// libdmtx settings, or nil to skip Data Matrix.
        public var dataMatrix: DataMatrixReader.Options?

        public init(zbar: Set<ZBarSymbology> = Set(ZBarSymbology.traceability),
                    dataMatrix: DataMatrixReader.Options? = DataMatrixReader.Options()) {
            self.zbar = zbar
            self.dataMatrix = dataMatrix
        }

        /// Options from configuration names (``CameraSymbology/names``); throws on an unknown name.
        public init(symbologies names: [String], dataMatrixTimeoutMs: Int = 100, dataMatrixShrink: Int = 1) throws(FrameDecoderError) {
            var zbar = Set<ZBarSymbology>()
            for name in names where name != CameraSymbology.dataMatrix {
                guard let symbology = CameraSymbology.zbar(name) else {
                    throw FrameDecoderError(message: "unknown symbology '\(name)' (known: \(CameraSymbology.names.joined(separator: ", ")))")
                }
                zbar.insert(symbology)
            }
            self.init(zbar: zbar, dataMatrix: names.contains(CameraSymbology.dataMatrix)
                      ? DataMatrixReader.Options(timeoutMs: dataMatrixTimeoutMs, shrink: dataMatrixShrink) : nil)
        }
    }

    private let zbar: ZBarImageScanner?
    private let dataMatrix: DataMatrixReader?
    public let options: Options

    public init(options: Options = Options()) throws {
        self.options = options
        zbar = options.zbar.isEmpty ? nil : try ZBarImageScanner(symbologies: options.zbar)
        dataMatrix = options.dataMatrix.map { DataMatrixReader(options: $0) }
    }

    /// Every symbol in `frame`: zbar's first, then libdmtx's.
    public func decode(_ frame: GreyImage) throws -> [DecodedSymbol] {
        try frame.pixels.withUnsafeBufferPointer { pixels in
            var symbols: [DecodedSymbol] = []
            if let zbar {
                symbols += try zbar.scan(width: frame.width, height: frame.height, pixels: pixels).map(DecodedSymbol.init)
            }
            if let dataMatrix {
                symbols += try dataMatrix.decode(width: frame.width, height: frame.height, pixels: pixels).map(DecodedSymbol.init)
            }
            return symbols
        }
    }
}

/// Camera options that cannot work.
public struct FrameDecoderError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
