import ArgumentParser
import Foundation
import Logging
import TraceDevices
import TraceModel

/// `edgetrace-input-probe`: runs one keyboard-wedge or HID POS driver under ``DeviceService``
/// (reconnect with backoff included) and prints, one JSON object per line on stdout, every state
/// change (`{"state":"connected","path":…}`) and every reading
/// (`{"reading":"barcode","text":…,"hex":…}` or `{"reading":"malformed","reason":…}`).
/// The tests run it under umockdev against emulated `/dev/input/event*` and `/dev/hidraw*` nodes.
@main
struct InputProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgetrace-input-probe",
        abstract: "Read a keyboard-wedge (evdev) or HID POS (hidraw) scanner and print what it reads as JSON lines.")

    @Argument(help: "wedge or hidpos") var driver: String
    @Option(help: "The device node.") var path: String
    @Option(help: "Keyboard layout (wedge): us, de, fr.") var layout = "us"
    @Option(help: "How codes end (wedge): enter, tab, none.") var suffix = "enter"
    @Option(help: "Inter-key timeout in ms (wedge).") var interKeyTimeoutMs = 200
    @Option(help: "FNC1 substitute (wedge): ctrl+], f1…f12, or one character.") var gsSubstitute = "ctrl+]"
    @Flag(help: "Do not grab the device (wedge).") var noGrab = false
    @Option(help: "Exit after this many readings (0: never).") var count = 0
    @Option(help: "Exit after this many milliseconds.") var timeoutMs = 30_000
    @Option(help: "Longest wait between reopen attempts, ms.") var reopenMaxMs = 500

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let clock = CaptureClock(offsetSeconds: 0)
        let device: any DeviceDriver
        switch driver {
        case "wedge":
            guard let layout = KeyboardLayout(rawValue: layout), let suffix = WedgeScannerDriver.Suffix(rawValue: suffix),
                  let gs = GSSubstitute(gsSubstitute) else {
                throw ValidationError("bad --layout, --suffix or --gs-substitute")
            }
            device = WedgeScannerDriver(id: "probe", options: .init(
                path: path, layout: layout, suffix: suffix, interKeyTimeoutMs: interKeyTimeoutMs, gsSubstitute: gs,
                grab: !noGrab), clock: clock)
        case "hidpos":
            device = HIDPOSScannerDriver(id: "probe", options: .init(path: path), clock: clock)
        default:
            throw ValidationError("driver: wedge or hidpos")
        }
        let printer = Printer()
        let board = DeviceStatusBoard()
        // The number of readings printed, after each reading: the count limit is awaited, not polled.
        let (counts, counted) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let service = DeviceService(
            driver: device, sink: { reading in
                printer.print(reading)
                counted.yield(printer.readings)
                return .captured
            }, board: board,
            logger: Logger(label: "edgetrace.probe"), reopenMin: .milliseconds(50), reopenMax: .milliseconds(reopenMaxMs))
        let limit = count
        let timeout = timeoutMs
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await service.run() }
            group.addTask {
                var last: DeviceStatus.State?
                var lastMessage: String?
                for await _ in board.changes {
                    guard let s = await board.snapshot().devices.first else { continue }
                    if s.state != last || s.message != lastMessage {
                        printer.state(s)
                        last = s.state
                        lastMessage = s.message
                    }
                }
            }
            group.addTask {
                for await n in counts where limit > 0 && n >= limit { return }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(timeout))
                if !Task.isCancelled { printer.line(["timeout": "after \(timeout) ms"]) }
            }
            await group.next()
            group.cancelAll()
        }
    }
}

/// Prints JSON lines, one at a time.
final class Printer: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var readings: Int { lock.withLock { count } }

    func print(_ reading: Reading) {
        var object: [String: Any] = [:]
        switch reading.payload {
        case .barcode(let bytes, let symbology):
            object = ["reading": "barcode", "text": String(decoding: bytes, as: UTF8.self), "hex": Hex.encode(bytes)]
            if let symbology { object["symbology"] = symbology }
        case .malformed(let bytes, let reason):
            object = ["reading": "malformed", "reason": reason, "text": String(decoding: bytes, as: UTF8.self), "hex": Hex.encode(bytes)]
        case .deviceState(let s):
            object = ["reading": "deviceState", "state": s.state]
        case .nfcTag(let t):
            object = ["reading": "nfcTag", "uid": t.uidHex]
        case .sensor, .excursion:
            object = ["reading": "other"]
        }
        lock.withLock { count += 1 }
        line(object)
    }

    func state(_ s: DeviceStatus) {
        var object: [String: Any] = ["state": s.state.rawValue, "reconnects": s.reconnects]
        if let p = s.resolvedPath { object["path"] = p }
        if let m = s.message { object["message"] = m }
        line(object)
    }

    func line(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        lock.withLock {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
