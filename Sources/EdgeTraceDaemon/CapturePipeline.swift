import Logging
import TraceDevices
import TraceModel
import TraceStore

/// Reading → interpreter → durable append; answers the driver with what happened.
actor CapturePipeline {
    private var interpreter: Interpreter
    private let store: TraceStore
    private let logger: Logger

    init(interpreter: Interpreter, store: TraceStore, logger: Logger) {
        self.interpreter = interpreter
        self.store = store
        self.logger = logger
    }

    func handle(_ reading: Reading) async -> ReadVerdict {
        let event: TraceEvent
        switch interpreter.interpret(reading) {
        case .event(let e):
            event = e
        case .duplicate:
            return .duplicate
        case .operatorChanged(let pseudonym):
            // The pseudonym only: the badge's UID is never logged or stored.
            if let pseudonym {
                logger.info("operator signed in by badge; following events carry the operator", metadata: [
                    "device.id": "\(reading.device.id)", "station.operator": "\(pseudonym)"])
            } else {
                logger.info("operator signed off by badge", metadata: ["device.id": "\(reading.device.id)"])
            }
            return .badge
        }
        do {
            let stored = try await store.append(event)
            if stored.kind == .rejected {
                logger.warning("input rejected (kept as a rejected event)", metadata: [
                    "device.id": "\(reading.device.id)", "event.seq": "\(stored.seq)",
                    "event.reason": "\(stored.rejected?.reason ?? "")",
                ])
                return .rejected
            }
            logger.debug("captured", metadata: ["device.id": "\(reading.device.id)", "event.seq": "\(stored.seq)"])
            return .captured
        } catch {
            logger.error("A READ WAS NOT CAPTURED: the store refused it", metadata: [
                "device.id": "\(reading.device.id)", "store.error": "\(error)",
            ])
            return .failed
        }
    }
}
