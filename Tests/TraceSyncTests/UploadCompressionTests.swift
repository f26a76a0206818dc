import CompressNIO
import NIOCore
import Testing
@testable import TraceSync

@Suite("Upload compression")
struct UploadCompressionTests {
    @Test("the configured zlib level is the one used; a batch compressed at any level decompresses to the same bytes")
    func levels() throws {
        #expect(Uploader.zlib(level: 1).compressionLevel == 1)
        #expect(Uploader.zlib(level: 9).compressionLevel == 9)
        #expect(Uploader.zlib(level: 0).compressionLevel == -1, "out of range: zlib's default")
        #expect(UploadConfiguration(baseURL: "http://x", gateway: "g").gzipLevel == 3)
        let body = ByteBuffer(string: String(repeating: #"{"eventID":"ni:///sha-256;abc","seq":1,"scan":{"gtin":"09506000134352"}},"#, count: 500))
        var sizes: [Int] = []
        for level in [1, 3, 9] {
            var input = body
            var compressed = try input.compress(with: .gzip(configuration: Uploader.zlib(level: level)))
            sizes.append(compressed.readableBytes)
            let back = try compressed.decompress(with: .gzip())
            #expect(back == body)
        }
        #expect(sizes[2] <= sizes[0], "level 9 is no larger than level 1: \(sizes)")
    }
}
