import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import TraceTesting

/// A whole station for end-to-end tests: the real `edgetrace-platform` process, a software serial scanner
/// on a pty, and the real `edgetraced` process, each in a temporary directory.
final class Station: @unchecked Sendable {
    let dir: String
    let gateway = "itest"
    var platform: TestProcess?
    var platformPort = 0
    var daemon: TestProcess?
    let scanner: ScannerEmulator
    let handshake: Bool
    /// How the test itself reaches an HTTPS platform (trust roots, client certificate); nil = plain HTTP.
    var platformTLS: TLSConfiguration?
    /// The bearer token the test sends to a platform started with `--token-file`.
    var platformToken: String?

    init(handshake: Bool = false) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("edgetrace-it-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        storeDirectory = dir
        self.handshake = handshake
        scanner = try ScannerEmulator(stablePath: dir + "/scanner")
    }

    var configPath: String { dir + "/edgetrace.toml" }
    /// The daemon's control socket (`[daemon] control_socket`).
    var controlSocket: String { dir + "/control.sock" }
    /// Where the daemon's database goes (a test may put it on a small file system).
    var dbPath: String { storeDirectory + "/edgetrace.sqlite" }
    var storeDirectory: String
    /// The platform's base URL: https when ``platformTLS`` is set.
    var platformURL: String { "\(platformTLS == nil ? "http" : "https")://127.0.0.1:\(platformPort)" }

    /// Starts (or restarts on the same port and database) the reference platform.
    func startPlatform(extra: [String] = []) async throws {
        let p = try TestProcess("edgetrace-platform", ["--port", "\(platformPort)", "--db", dir + "/platform.sqlite"] + extra)
        let line = try await p.waitForLine { $0.contains("listening on") }
        platformPort = Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))!
        platform = p
    }

    func stopPlatform() async throws {
        platform?.signal(SIGTERM)
        try await platform?.waitForExit()
        platform = nil
    }

    /// Writes the daemon's config: with an `[upstream]` table unless `upstream` is false, `upstreamExtra`
    /// lines appended to it; `devices` replaces the emulated serial scanner's `[[device]]` table.
    func writeConfig(batchMaxEvents: Int = 100, dedupMs: Int = 0, upstream: Bool = true, upstreamExtra: [String] = [],
                     storeExtra: [String] = [], devices: String? = nil, stationExtra: [String] = [], tables: String = "",
                     bizStep: String = "receiving", extra: String = "") throws {
        let config = """
        [station]
        gateway = "\(gateway)"
        read_point = "urn:epc:id:sgln:6901234.00001.0"
        biz_step = "\(bizStep)"
        \(stationExtra.joined(separator: "\n"))

        [store]
        path = "\(dbPath)"
        \(storeExtra.joined(separator: "\n"))

        \(upstream ? """
        [upstream]
        url = "\(platformURL)"
        batch_max_events = \(batchMaxEvents)
        backoff_initial_ms = 50
        backoff_max_ms = 500
        request_timeout_ms = 3000
        \(upstreamExtra.joined(separator: "\n"))
        """ : "")

        [interpreter]
        dedup_window_ms = \(dedupMs)

        [daemon]
        status_interval_ms = 200
        control_socket = "\(controlSocket)"

        \(devices ?? """
        [[device]]
        id = "scanner-1"
        driver = "serial"
        path = "\(dir)/scanner"
        framing = "cr"
        handshake = "\(handshake ? "ack_nak" : "none")"
        reopen_max_ms = 200
        """)

        \(tables)
        \(extra)
        """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts the daemon and waits until it has a device connected, and the emulated scanner open (raw mode
    /// set) unless `waitForScanner` is false. `wrapper` runs the daemon under another program, e.g.
    /// `["/usr/bin/strace", "-f", …, "--"]`.
    func startDaemon(environment: [String: String] = [:], waitForScanner: Bool = true, wrapper: [String] = []) async throws {
        let command = ["--config", configPath, "--log-level", "info"]
        let d = wrapper.isEmpty
            ? try TestProcess("edgetraced", command, environment: environment)
            : try TestProcess(wrapper[0], Array(wrapper.dropFirst()) + [TestProcess.binDirectory.appendingPathComponent("edgetraced").path] + command,
                              environment: environment)
        daemon = d
        try await d.waitForLine { $0.contains("device connected") }
        try await d.waitForLine { $0.contains("control socket listening") }
        if waitForScanner { try await scanner.waitUntilOpened(timeout: .seconds(10)) }
    }

    // MARK: platform over HTTP

    func platformJSON(_ path: String, method: HTTPMethod = .GET, body: String? = nil) async throws -> Any {
        var request = HTTPClientRequest(url: platformURL + path)
        request.method = method
        if let platformToken { request.headers.add(name: "Authorization", value: "Bearer \(platformToken)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        guard let tls = platformTLS else { return try await Self.json(request, client: HTTPClient.shared) }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(tlsConfiguration: tls))
        do {
            let json = try await Self.json(request, client: client)
            try await client.shutdown()
            return json
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func json(_ request: HTTPClientRequest, client: HTTPClient) async throws -> Any {
        let response = try await client.execute(request, timeout: .seconds(10))
        let data = try await response.body.collect(upTo: 64 << 20)
        return try JSONSerialization.jsonObject(with: Data(data.readableBytesView))
    }

    /// Every event the platform holds for this gateway.
    func platformEvents() async throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        var after = 0
        while true {
            let page = try await platformJSON("/v1/events?gateway=\(gateway)&after=\(after)&limit=5000") as? [String: Any]
            let events: [[String: Any]] = (page?["events"] as? [[String: Any]]) ?? []
            out += events
            let lastSeq: Int? = events.last.flatMap { $0["seq"] as? Int }
            guard let lastSeq, events.count == 5000 else { break }
            after = lastSeq
        }
        return out
    }

    /// Waits until the platform holds at least `count` events.
    func waitForPlatform(count: Int, timeout: Duration = .seconds(60)) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        var events: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            events = try await platformEvents()
            if events.count >= count { return events }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("platform holds \(events.count) events, expected \(count); daemon output:\n\(daemon?.lines.suffix(30).joined(separator: "\n") ?? "")")
    }

    func cli(_ args: [String]) async throws -> (status: Int32, output: String) {
        try await TestProcess.run("edgetrace", args)
    }

    /// `edgetrace status --json` as a dictionary.
    func status() async throws -> [String: Any] {
        let r = try await cli(["status", "--json", "--config", configPath])
        guard r.status == 0, let json = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any] else {
            throw TestFailure("edgetrace status failed (\(r.status)): \(r.output)")
        }
        return json
    }

    /// The status entry of the one device.
    func deviceStatus() async throws -> [String: Any] {
        (try await status()["devices"] as? [[String: Any]])?.first ?? [:]
    }

    /// Polls `edgetrace status --json` until `predicate` holds.
    @discardableResult
    func waitForStatus(timeout: Duration = .seconds(15), _ predicate: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = try await status()
            if predicate(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("status never matched; last: \(last)")
    }

    /// Kills the daemon (and anything it runs under) and the platform, and removes the directory.
    /// Synchronous on purpose: call it in a plain `defer`, so nothing outlives the test.
    func shutdown() {
        daemon?.killTree()
        platform?.killTree()
        scanner.close()
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// Valid GS1-128 scans with distinct serials: `]C1` + (01) GTIN + (21) serial.
func gs1Scan(_ n: Int) -> String {
    "]C1010690123456789221SN\(n)"
}
