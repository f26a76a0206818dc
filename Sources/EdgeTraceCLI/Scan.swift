import ArgumentParser
import EdgeTraceConfig
import Foundation
import SerialPort
import TraceDevices
import TraceModel

struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print live reads of one serial scanner with their interpretation (commissioning, without the daemon).",
        discussion: "Opens the port exclusively, so stop the daemon's use of it first. Stops after --count reads or Ctrl-C.")

    @Argument(help: "The serial device, e.g. /dev/ttyACM0 or /dev/serial/by-id/…, or the id of a serial [[device]] in the configuration.")
    var device: String
    @Option(name: .shortAndLong, help: "Configuration file (when DEVICE is a device id).")
    var config: String = EdgeTraceConfiguration.defaultPath
    @Option(help: "Baud rate (default 9600, or the configured device's).") var baud: Int?
    @Option(help: "Frame terminator: cr, lf or crlf (default cr, or the configured device's).") var framing: String?
    @Option(help: "Stop after this many reads (0: until Ctrl-C).") var count = 0
    @Flag(help: "Print each interpreted event as JSON.") var json = false

    func run() async throws {
        var path = device, baud = self.baud ?? 9600, framing = self.framing ?? "cr"
        if !device.hasPrefix("/") {
            let entries: [DeviceConfiguration]
            do {
                entries = try ConfigLoader.load(path: config).devices
            } catch {
                throw ValidationError("'\(device)' is not a path, and the configuration cannot be read to look it up as a device id: \(error)")
            }
            guard let entry = entries.first(where: { $0.id == device }), let settings = entry.serial, let p = entry.path else {
                throw ValidationError("no serial [[device]] with id '\(device)' in \(config); give the device path instead")
            }
            path = p
            baud = self.baud ?? settings.baud
            framing = self.framing ?? settings.framing
        }
        let frame: Framing
        switch framing {
        case "cr": frame = .cr
        case "lf": frame = .lf
        case "crlf": frame = .crlf
        default: throw ValidationError("--framing must be cr, lf or crlf")
        }
        let driver = SerialScannerDriver(
            id: "scan", options: .init(settings: SerialSettings(path: path, baudRate: baud), framing: frame),
            clock: CaptureClock(offsetSeconds: nil))
        let state = ScanState(interpreter: Interpreter(gateway: "commissioning", context: StationContext(), dedupWindowNs: 0),
                              json: json, limit: count)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await driver.run(sink: { await state.handle($0) }) { path in
                        FileHandle.standardError.write(Data("reading \(path) (Ctrl-C to stop)\n".utf8))
                    }
                }
                group.addTask { await state.waitForLimit() }
                try await group.next()
                group.cancelAll()
            }
        } catch let error as DeviceError {
            FileHandle.standardError.write(Data("edgetrace: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Interprets and prints reads; ends once `limit` reads were printed.
actor ScanState {
    var interpreter: Interpreter
    let json: Bool
    let limit: Int
    private var seen = 0
    private var waiter: CheckedContinuation<Void, Never>?

    init(interpreter: Interpreter, json: Bool, limit: Int) {
        self.interpreter = interpreter
        self.json = json
        self.limit = limit
    }

    func handle(_ reading: Reading) -> ReadVerdict {
        guard case .event(let event) = interpreter.interpret(reading) else { return .duplicate }
        let line = json ? ((try? Output.json(event))?.replacingOccurrences(of: "\n", with: "") ?? "{}") : EventLine.format(event)
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        seen += 1
        if limit > 0, seen >= limit { waiter?.resume(); waiter = nil }
        return event.kind == .rejected ? .rejected : .captured
    }

    func waitForLimit() async {
        if limit == 0 {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return
        }
        if seen >= limit { return }
        await withCheckedContinuation { waiter = $0 }
    }
}
