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

    func handle(_ reading: Reading) async -> ReadVerdict {
        guard case .event(let event) = interpreter.interpret(reading) else { return .duplicate }
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
