import Foundation
import TraceDevices
import TraceModel

/// The path every camera symbol takes in the daemon: reading → ``Interpreter``.
enum CrossCheck {
    static let device = DeviceRef(id: "cam-test", driver: "camera", path: "/tmp/frames")

    /// The event the interpreter makes of `symbol` (nil for a duplicate, which cannot happen here: dedup is off).
    static func interpret(_ symbol: DecodedSymbol) -> TraceEvent? {
        var interpreter = Interpreter(gateway: "test", context: StationContext(), dedupWindowNs: 0)
        let stamp = CaptureStamp(time: EventTime(unixMillis: 1_780_000_000_000, offsetSeconds: 8 * 3600),
                                 clock: ClockInfo(synced: true, bootID: "boot", uptimeNs: 1))
        guard case .event(let event) = interpreter.interpret(symbol.reading(device: device, stamp: stamp)) else { return nil }
        return event
    }
}
