import Foundation
import Logging
import ServiceLifecycle
import TraceModel

/// Runs one driver for the daemon's whole life: reconnects with backoff when the device goes away,
/// and stops on graceful shutdown. A device that is not there yet is not an error of the daemon.
public final class DeviceService: Service, Sendable {
    private let driver: any DeviceDriver
    private let sink: ReadingSink
    private let board: DeviceStatusBoard
    private let logger: Logger
    private let reopenMin: Duration
    private let reopenMax: Duration

    public init(driver: any DeviceDriver, sink: @escaping ReadingSink, board: DeviceStatusBoard, logger: Logger,
                reopenMin: Duration = .milliseconds(100), reopenMax: Duration = .seconds(5)) {
        self.driver = driver
        self.sink = sink
        self.board = board
        self.logger = logger
        self.reopenMin = reopenMin
        self.reopenMax = reopenMax
    }

    public func run() async throws {
        let ref = driver.ref
        let logger = {
            var l = self.logger
            l[metadataKey: "device.id"] = "\(ref.id)"
            return l
        }()
        await board.register(DeviceStatus(id: ref.id, driver: ref.driver, path: ref.path, state: .starting, sinceMillis: Self.nowMillis()))
        let board = self.board
        let sink = self.sink
        let counting: ReadingSink = { reading in
            let verdict = await sink(reading)
            let text = verdict == .badge ? "operator badge" : Self.display(reading)
            await board.update(ref.id) { s in
                if let text {
                    s.lastRead = text
                    s.lastReadMillis = reading.stamp.time.unixMillis
                }
                switch verdict {
                case .captured: s.reads += 1
                case .rejected: s.reads += 1; s.rejected += 1
                case .duplicate: s.duplicates += 1
                case .failed: s.failed += 1
                case .badge: break
                }
            }
            return verdict
        }
        var delay = reopenMin
        var lastMessage = ""
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let connected: @Sendable (String) async -> Void = { resolved in
                    await board.update(ref.id) { s in
                        if s.state == .disconnected { s.reconnects += 1 }
                        s.state = .connected
                        s.resolvedPath = resolved
                        s.message = nil
                        s.sinceMillis = Self.nowMillis()
                    }
                    logger.info("device connected", metadata: ["device.path": "\(resolved)"])
                }
                if let reporting = driver as? any StatusReportingDriver {
                    try await reporting.run(sink: counting, onConnected: connected) { change in
                        await board.update(ref.id, change)
                    }
                } else {
                    try await driver.run(sink: counting, onConnected: connected)
                }
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                delay = reopenMin
            } catch let error as DeviceError {
                let connected = await board.snapshot().devices.first { $0.id == ref.id }?.state == .connected
                if connected { delay = reopenMin }
                await board.update(ref.id) { s in
                    s.state = error.isTransient ? .disconnected : .failed
                    s.tagPresent = nil
                    s.message = error.message
                    s.sinceMillis = Self.nowMillis()
                }
                if error.message != lastMessage || connected {
                    logger.warning("device unavailable; reads resume when it is back", metadata: ["device.error": "\(error.message)"])
                    lastMessage = error.message
                }
                if !error.isTransient {
                    logger.error("device stopped: fix the configuration and restart", metadata: ["device.error": "\(error.message)"])
                    return
                }
            } catch {
                logger.error("device failed unexpectedly; retrying", metadata: ["device.error": "\(error)"])
            }
            let pause = delay
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            delay = min(delay * 2, reopenMax)
        }
        await board.update(ref.id) { s in
            s.state = .stopped
            s.sinceMillis = Self.nowMillis()
        }
        logger.info("device stopped")
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A reading as one short line for status: GS as `<GS>`, other control bytes as `\xNN`.
    static func display(_ reading: Reading) -> String? {
        switch reading.payload {
        case .barcode(let bytes, _), .malformed(let bytes, _):
            let text = RawText.escape(bytes).replacingOccurrences(of: "\u{1D}", with: "<GS>")
            return text.count > 80 ? String(text.prefix(79)) + "…" : text
        case .deviceState:
            return nil
        case .nfcTag(let t):
            return "tag \(t.uidHex)"
        case .sensor(let s):
            let parts = [s.temperatureC.map { "\($0) °C" }, s.humidityPct.map { "\($0) %RH" }].compactMap { $0 }
            return parts.joined(separator: " ")
        case .excursion(let e):
            return "excursion \(e.rule) \(e.phase) (extreme \(e.extreme))"
        }
    }
}
