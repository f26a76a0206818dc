import Foundation
import TraceDevices
import TraceModel

/// Interprets and prints the reads of `edgetrace scan`; ends once `limit` reads were printed (device state changes are
/// printed but not counted).
actor ScanState {
    var interpreter: Interpreter
    let json: Bool
    let limit: Int
    private var seen = 0
    /// Finished once `limit` reads were printed; a stream, so that waiting for it ends on cancellation too.
    private nonisolated let reached = AsyncStream<Void>.makeStream()

    init(interpreter: Interpreter, json: Bool, limit: Int) {
        self.interpreter = interpreter
        self.json = json
        self.limit = limit
    }

    func handle(_ reading: Reading) -> ReadVerdict {
        guard case .event(let event) = interpreter.interpret(reading) else { return .duplicate }
        let line = json ? ((try? Output.json(event))?.replacingOccurrences(of: "\n", with: "") ?? "{}") : EventLine.format(event)
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        if event.kind != .device {
            seen += 1
            if limit > 0, seen >= limit { reached.continuation.finish() }
        }
        return event.kind == .rejected ? .rejected : .captured
    }

    /// Returns once `limit` reads were printed (never for `limit` 0), or when the task is cancelled.
    nonisolated func waitForLimit() async {
        for await _ in reached.stream {}
    }
}
