import Logging
import TraceDevices
import TraceModel
import TraceStore

/// Reading → interpreter → durable append; answers the driver with what happened.
actor CapturePipeline {
    var interpreter: Interpreter
    private let store: TraceStore
    private let logger: Logger

    init(interpreter: Interpreter, store: TraceStore, logger: Logger) {
        self.interpreter = interpreter
        self.store = store
        self.logger = logger
    }

    /// Changes the interpreter's settings (a reload); applies to the reads that follow.
    func reconfigure(_ change: @Sendable (inout Interpreter) -> Void) {
        change(&interpreter)
    }

    /// Stores what the reading becomes: its own event, and for command barcodes and packing stations
    /// the command or aggregation events that follow from it (see ``Interpreter/process(_:)``).
    func handle(_ reading: Reading) async -> ReadVerdict {
        let interpretation = interpreter.interpretReading(reading)
        let events = interpretation.events
        if let change = interpreter.takeOperatorChange() {
            // The pseudonym only: the badge's UID is never logged or stored.
            if let pseudonym = change {
                logger.info("operator signed in by badge; following events carry the operator", metadata: [
                    "device.id": "\(reading.device.id)", "station.operator": "\(pseudonym)"])
            } else {
                logger.info("operator signed off by badge", metadata: ["device.id": "\(reading.device.id)"])
            }
            if events.isEmpty { return .badge }
        }
        guard !events.isEmpty else { return .duplicate }
        var verdict = ReadVerdict.captured
        var ownRefused = false
        for (index, event) in events.enumerated() {
            // What follows from a read that was not captured (the aggregation its parent scan would close) is
            // not stored either: the operator scans the read again after the NAK, and that completes it.
            if ownRefused {
                logger.warning("not stored: it follows from the read the store refused; scanning that again records it", metadata: [
                    "device.id": "\(reading.device.id)", "event.kind": "\(event.kind.rawValue)",
                ])
                continue
            }
            do {
                let stored = try await store.append(event)
                switch stored.kind {
                case .rejected:
                    logger.warning("input rejected (kept as a rejected event)", metadata: [
                        "device.id": "\(reading.device.id)", "event.seq": "\(stored.seq)",
                        "event.reason": "\(stored.rejected?.reason ?? "")",
                    ])
                    if index == interpretation.ownIndex { verdict = .rejected }
                case .command:
                    logger.info("station command", metadata: [
                        "device.id": "\(reading.device.id)", "event.seq": "\(stored.seq)",
                        "command.action": "\(stored.command?.action ?? "")", "command.value": "\(stored.command?.value ?? "")",
                        "command.note": "\(stored.command?.note ?? "")",
                    ])
                case .aggregation:
                    logger.info("aggregation recorded", metadata: [
                        "event.seq": "\(stored.seq)", "aggregation.action": "\(stored.aggregation?.action ?? "")",
                        "aggregation.parent": "\(stored.aggregation?.parentID ?? "")",
                        "aggregation.children": "\((stored.aggregation?.childEPCs.count ?? 0) + (stored.aggregation?.childQuantities.reduce(0) { $0 + $1.quantity } ?? 0))",
                        "aggregation.closed_by": "\(stored.aggregation?.closedBy ?? "")",
                    ])
                default:
                    logger.debug("captured", metadata: ["device.id": "\(reading.device.id)", "event.seq": "\(stored.seq)"])
                }
            } catch {
                logger.error("A READ WAS NOT CAPTURED: the store refused it", metadata: [
                    "device.id": "\(reading.device.id)", "store.error": "\(error)", "event.kind": "\(event.kind.rawValue)",
                ])
                verdict = .failed
                if index == interpretation.ownIndex { ownRefused = true }
            }
        }
        // The operator will scan it again after the NAK: that must be a new read, not a dedup'd "duplicate"; and
        // when the read itself was refused, what it did to the packing session is undone.
        if ownRefused {
            interpreter.notCaptured(reading, interpretation)
        } else if verdict == .failed {
            interpreter.notCaptured(reading)
        }
        return verdict
    }
}
