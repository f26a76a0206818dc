import CompressNIO
import NIOCore

/// Undoes the `Content-Encoding` of a request body.
enum GzipBody {
    /// The body with its content encoding removed, at most `maxBytes` long.
    ///
    /// Accepts no encoding, `identity`, `gzip` and `x-gzip`; throws 415 for others, 400 for a corrupt
    /// gzip stream and 413 when the decompressed body would pass `maxBytes`.
    static func decode(_ body: ByteBuffer, contentEncoding: String?, maxBytes: Int) throws(PlatformProblem) -> ByteBuffer {
        let encoding = (contentEncoding ?? "identity").trimmingASCIIWhitespace().lowercased()
        switch encoding {
        case "", "identity":
            return body
        case "gzip", "x-gzip":
            break
        default:
            throw PlatformProblem(status: .unsupportedMediaType, message: "unsupported Content-Encoding '\(encoding)'; use gzip or none")
        }
        guard body.readableBytes > 0 else {
            throw PlatformProblem(status: .badRequest, message: "empty gzip body")
        }
        var compressed = body
        do {
            return try compressed.decompress(with: .gzip(), maxSize: maxBytes)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw PlatformProblem(status: .payloadTooLarge, message: "decompressed body is larger than \(maxBytes) bytes")
        } catch {
            throw PlatformProblem(status: .badRequest, message: "gzip body could not be decompressed (\(error))")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        let trimmed = drop(while: { $0 == " " || $0 == "\t" })
        return String(trimmed.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
