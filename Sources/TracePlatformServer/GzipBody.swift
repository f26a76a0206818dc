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
            // A gzip member ends with the length of its data (RFC 1952 §2.3.1, ISIZE): one buffer of that
            // size, instead of growing ones concatenated at the end. A wrong or multi-member length falls
            // back to growing, and so does one over 64× the compressed size (JSON batches compress 5-10×),
            // so that a few bytes claiming megabytes cannot make the platform allocate them.
            if let size = declaredSize(body), size < maxBytes, size <= 64 * body.readableBytes {
                var out = ByteBufferAllocator().buffer(capacity: size + 1)
                var input = body
                if (try? input.decompress(to: &out, with: .gzip())) != nil, input.readableBytes == 0 {
                    return out
                }
            }
            return try compressed.decompress(with: .gzip(), maxSize: maxBytes)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw PlatformProblem(status: .payloadTooLarge, message: "decompressed body is larger than \(maxBytes) bytes")
        } catch {
            throw PlatformProblem(status: .badRequest, message: "gzip body could not be decompressed (\(error))")
        }
    }
}

extension GzipBody {
    /// ISIZE, the last four bytes of a gzip stream (little endian): the length of the last member's data.
    static func declaredSize(_ body: ByteBuffer) -> Int? {
        guard body.readableBytes >= 18,
              let size = body.getInteger(at: body.readerIndex + body.readableBytes - 4, endianness: .little, as: UInt32.self)
        else { return nil }
        return Int(size)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        let trimmed = drop(while: { $0 == " " || $0 == "\t" })
        return String(trimmed.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
