// The one TraceModel helper the NFC parser uses, for the stand-alone fuzzer build (TraceModel's own Hex lives
// in Event/TraceEvent.swift, which needs swift-crypto).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)
    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
