import Foundation
import ImageFiles

/// Real barcode images for tests, made by the Debian tools `zint`, `qrencode`, `dmtxwrite` (and `cjpeg` for
/// JPEG), and camera-like frames built from them.
public enum BarcodeImages {
    /// A failure of one of the generator tools.
    public struct ToolError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `tool` (found on PATH) with `arguments`, standard input `input`; throws with its output on failure.
    public static func run(_ tool: String, _ arguments: [String], input: [UInt8]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input))
            try stdin.fileHandleForWriting.close()
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolError(description: "\(tool) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
        }
    }

    /// A symbol drawn by `zint` (`--barcode=TYPE`, `--scale`, more `arguments`), e.g.
    /// `zint(16, "[01]06901234567892[10]LOT7", gs1: true)` for GS1-128.
    public static func zint(_ barcode: Int, _ data: String, gs1: Bool = false, scale: Int = 2, arguments: [String] = [],
                            directory: String) throws -> GreyImage {
        let path = directory + "/zint-\(UUID().uuidString.prefix(8)).png"
        try run("zint", ["--barcode=\(barcode)", "--scale=\(scale)", "--output=\(path)", "--data=\(data)"]
                + (gs1 ? ["--gs1"] : []) + arguments)
        return try ImageFile.load(path: path)
    }

    /// A QR Code drawn by `qrencode` (`-8`: the bytes as they are, 8-bit mode), `size` pixels per module.
    public static func qrencode(_ data: [UInt8], eightBit: Bool = false, size: Int = 4, directory: String) throws -> GreyImage {
        let path = directory + "/qr-\(UUID().uuidString.prefix(8)).png"
        try run("qrencode", ["-s", "\(size)", "-m", "4", "-o", path] + (eightBit ? ["-8"] : []), input: data)
        return try ImageFile.load(path: path)
    }

    /// A Data Matrix drawn by `dmtxwrite`; with `gs1Separator`, that byte in `data` marks FNC1 (`-G`).
    public static func dmtxwrite(_ data: [UInt8], module: Int = 5, gs1Separator: UInt8? = nil, directory: String) throws -> GreyImage {
        let path = directory + "/dm-\(UUID().uuidString.prefix(8)).png"
        try run("dmtxwrite", ["-d", "\(module)", "-m", "\(2 * module)", "-o", path] + (gs1Separator.map { ["-G", "\($0)"] } ?? []),
                input: data)
        return try ImageFile.load(path: path)
    }

    /// `image` as a JPEG file at `path` (`cjpeg`, from a PGM written beside it).
    public static func writeJPEG(_ image: GreyImage, to path: String, quality: Int = 95) throws {
        let pgm = path + ".pgm"
        try Data(PGM.encode(image)).write(to: URL(fileURLWithPath: pgm))
        defer { try? FileManager.default.removeItem(atPath: pgm) }
        try run("cjpeg", ["-quality", "\(quality)", "-grayscale", "-outfile", path, pgm])
    }

    /// A camera-like frame: `width × height`, a light grey background, `code` at (`x`, `y`).
    public static func frame(_ code: GreyImage, width: Int = 640, height: Int = 480, x: Int = 40, y: Int = 40) -> GreyImage {
        GreyImage(width: width, height: height, fill: 235).pasting(code, atX: x, y: y)
    }

    /// A frame of uniform noise (a deterministic generator: the same `seed` gives the same frame).
    public static func noise(width: Int = 640, height: Int = 480, seed: UInt64 = 1) -> GreyImage {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        var pixels = [UInt8](repeating: 0, count: width * height)
        for i in pixels.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            pixels[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    /// A scene without any code: soft gradients and a few dark blocks and lines, like a conveyor in view.
    public static func emptyScene(width: Int = 640, height: Int = 480) -> GreyImage {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                var v = 150 + (x * 60) / width - (y * 40) / height
                if (x / 80 + y / 60) % 5 == 0 { v -= 90 }
                if y % 97 < 3 { v = 30 }
                pixels[y * width + x] = UInt8(clamping: v)
            }
        }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    /// Writes `image` to `path` as PGM, atomically (a temporary name, then `rename`), so a watcher never sees
    /// half a file.
    public static func writePGM(_ image: GreyImage, to path: String) throws {
        let temporary = path + ".partial"
        try Data(PGM.encode(image)).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw ToolError(description: "rename \(temporary) failed") }
    }
}
