import Foundation
import TraceModel
import Crypto

enum EncodeProbe {
    static func run(events count: Int) throws {
        let events = Workload.events(count)
        var t = Bench.now()
        var total = 0
        for e in events { total += try e.canonicalBytes().count }
        print("probe: canonical JSONEncoder: \(Bench.rate(count, Bench.now() - t)) (\(total / count) B)")
        let bodies = try events.map { try $0.canonicalBytes() }
        t = Bench.now()
        var h = TraceEvent.genesisHash
        for (i, b) in bodies.enumerated() { h = TraceEvent.chainHash(prevHash: h, seq: Int64(i + 1), canonical: b) }
        print("probe: chain hash: \(Bench.rate(count, Bench.now() - t))")
        t = Bench.now()
        for b in bodies { _ = try JSONDecoder().decode(TraceEvent.self, from: Data(b)) }
        print("probe: decode: \(Bench.rate(count, Bench.now() - t))")
    }
}
