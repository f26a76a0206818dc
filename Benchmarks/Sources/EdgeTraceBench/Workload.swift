import Foundation
import TraceModel

/// Realistic readings: GS1-128 with GTIN, expiry, lot and serial, as a serial scanner sends them.
enum Workload {
    static let gtins = ["06901234567892", "06923450012345", "06976543002587"]

    static func code(_ n: Int) -> String {
        "]C101\(gtins[n % 3])17271231" + "10L\(n / 1000)\u{1D}21S\(n)"
    }

    static func events(_ count: Int) -> [TraceEvent] { events(0..<count) }

    static func events(_ range: Range<Int>) -> [TraceEvent] {
        let count = range.count
        var interpreter = Interpreter(
            gateway: "bench", context: StationContext(readPoint: "urn:epc:id:sgln:6901234.00001.0", bizStep: "receiving",
                                                      disposition: "in_progress"),
            dedupWindowNs: 0)
        var out: [TraceEvent] = []
        out.reserveCapacity(count)
        for n in range {
            let reading = Reading(
                device: DeviceRef(id: "scanner-1", driver: "serial", path: "/dev/edgetrace/scanner0"),
                payload: .barcode(bytes: Array(code(n).utf8), symbology: nil),
                stamp: CaptureStamp(time: EventTime(unixMillis: 1_796_000_000_000 + Int64(n), offsetSeconds: 28800),
                                    clock: ClockInfo(synced: true, bootID: "8d7f0c2e-5b0c-4a41-9a38-2f9a4f4d3b11", uptimeNs: UInt64(n) * 1000)))
            if case .event(let e) = interpreter.interpret(reading) { out.append(e) }
        }
        return out
    }
}
