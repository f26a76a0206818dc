import CompressNIO
import NIOCore
import Testing
@testable import TracePlatformServer

/// Undoing `Content-Encoding: gzip`: one buffer of the size the stream declares (ISIZE), and the growing
/// path when that size is wrong or belongs to the last of several members.
struct GzipBodyTests {
    private func gzip(_ text: String) throws -> ByteBuffer {
        var plain = ByteBuffer(string: text)
        return try plain.compress(with: .gzip())
    }

    private let text = String(repeating: #"{"eventID":"ni:///sha-256;abc","seq":1},"#, count: 2000)

    @Test func declaredSizeIsTheLengthOfTheData() throws {
        let body = try gzip(text)
        #expect(GzipBody.declaredSize(body) == text.utf8.count)
        #expect(try GzipBody.decode(body, contentEncoding: "gzip", maxBytes: 1 << 20) == ByteBuffer(string: text))
    }

    @Test func wrongDeclaredSizeFallsBackToGrowing() throws {
        for lie: UInt32 in [0, 10, UInt32(text.utf8.count / 2), UInt32(text.utf8.count + 1000)] {
            var body = try gzip(text)
            body.setInteger(lie, at: body.writerIndex - 4, endianness: .little)
            // zlib checks ISIZE at the end: a lying trailer is a corrupt stream either way, never a short body.
            #expect(throws: PlatformProblem.self) { try GzipBody.decode(body, contentEncoding: "gzip", maxBytes: 1 << 20) }
        }
    }

    @Test func multiMemberStreamIsReadWhole() throws {
        var body = try gzip(String(text.prefix(1000)))
        var second = try gzip(String(text.dropFirst(1000)))
        body.writeBuffer(&second)
        let decoded = try GzipBody.decode(body, contentEncoding: "gzip", maxBytes: 1 << 20)
        #expect(decoded.readableBytes >= 1000)
        #expect(String(buffer: decoded).hasPrefix(String(text.prefix(1000))))
    }

    /// A highly compressible body (over 64×) is not trusted with its declared size; it is still read whole.
    @Test func declaredSizeFarOverTheCompressedSizeIsNotTrusted() throws {
        let zeros = String(repeating: "0", count: 1 << 20)
        let body = try gzip(zeros)
        #expect(GzipBody.declaredSize(body) == 1 << 20)
        #expect(body.readableBytes * 64 < 1 << 20)
        #expect(try GzipBody.decode(body, contentEncoding: "gzip", maxBytes: 4 << 20).readableBytes == 1 << 20)
    }

    @Test func declaredSizeOverTheLimitIsRefused() throws {
        let body = try gzip(text)
        #expect(throws: PlatformProblem.self) { try GzipBody.decode(body, contentEncoding: "gzip", maxBytes: 1000) }
    }
}
