import Foundation
import TraceStore

/// Encodes a batch for `POST /v1/batches` (native protocol v1) by splicing the stored event bodies:
/// no event is decoded or re-encoded on the upload path.
public enum NativeEncoder {
    /// `{"gateway":…,"schema":1,"events":[…]}`.
    public static func encode(gateway: String, events: [StoredEvent]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(events.reduce(64) { $0 + $1.body.count + 160 })
        out += Array("{\"gateway\":".utf8)
        out += (try? JSONEncoder().encode(gateway)).map(Array.init) ?? Array("\"\"".utf8)
        out += Array(",\"schema\":1,\"events\":[".utf8)
        for (i, e) in events.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            e.appendWireJSON(to: &out)
        }
        out += Array("]}".utf8)
        return out
    }

    /// `Idempotency-Key: {gateway}:{firstSeq}-{lastSeq}`.
    public static func idempotencyKey(gateway: String, events: [StoredEvent]) -> String {
        "\(gateway):\(events.first?.seq ?? 0)-\(events.last?.seq ?? 0)"
    }
}
