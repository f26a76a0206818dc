import SystemSupport

/// Reads image files as greyscale frames: PNG (libpng), JPEG (libjpeg-turbo) and binary PGM, told apart
/// by their first bytes, not their names.
public enum ImageFile {
    /// The file extensions ``load(path:)`` is meant for (lower case, without the dot).
    public static let extensions: Set<String> = ["png", "jpg", "jpeg", "pgm"]

    /// True when `name` ends in one of ``extensions`` (any case) and is not hidden (no leading dot).
    public static func isImageName(_ name: String) -> Bool {
        guard !name.hasPrefix("."), let dot = name.lastIndex(of: ".") else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// Reads and decodes the image at `path`.
    public static func load(path: String) throws(ImageFileError) -> GreyImage {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path)
        } catch {
            throw ImageFileError(.unreadable, path: path, message: "cannot read the image file", cause: error)
        }
        do {
            return try decode(bytes)
        } catch {
            var located = error
            located.path = path
            throw located
        }
    }

    /// Decodes an image held in memory.
    public static func decode(_ bytes: [UInt8]) throws(ImageFileError) -> GreyImage {
        if PNGDecoder.matches(bytes) { return try PNGDecoder.decode(bytes) }
        if JPEGDecoder.matches(bytes) { return try JPEGDecoder().decode(bytes) }
        if PGM.matches(bytes) { return try PGM.decode(bytes) }
        throw ImageFileError(.unsupportedFormat, path: nil, message: "not a PNG, JPEG or binary PGM (P5) image")
    }
}
