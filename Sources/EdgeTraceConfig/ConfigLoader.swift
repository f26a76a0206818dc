import Foundation
import TOMLKit
import TraceModel

/// Reads and validates the TOML configuration; `edgetrace config check` and the daemon call the same code.
public enum ConfigLoader {
    /// Loads `path`; errors name the file, the line and the key.
    public static func load(path: String) throws -> EdgeTraceConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, line: nil, key: nil,
                              message: "cannot read the configuration file (does it exist and is it readable?)")
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text; `file` is only used in error messages.
    public static func parse(_ text: String, file: String) throws -> EdgeTraceConfiguration {
        if let line = TableHeaderCheck.firstBadHeader(in: text) {
            throw ConfigError(file: file, line: line, key: nil, message: """
                TOML syntax: a table name starts with a letter, digit, '_' or '-', or is quoted; \
                EdgeTrace's tables are [station], [store], [upstream], [[device]] …
                """)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: file, line: e.source.begin.line, key: nil, message: "TOML syntax: \(e.description)")
        }
        let locator = KeyLocator(text: text)
        var root = ConfigReader(table: table, path: "", file: file, locator: locator)

        guard var st = try root.subtable("station") else {
            throw ConfigError(file: file, line: nil, key: "station", message: "the [station] table is required (at least: gateway = \"name\")")
        }
        let gateway = try st.requiredString("gateway")
        guard gateway.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw st.error("gateway", "use letters, digits, '-', '_' and '.' only (it appears in URLs and idempotency keys)")
        }
        let context = StationContext(
            readPoint: try st.string("read_point"), bizLocation: try st.string("biz_location"),
            bizStep: try st.string("biz_step"), disposition: try st.string("disposition"),
            operator: try st.string("operator"), workOrder: try st.string("work_order"))
        var offset: Int32? = nil
        if let text = try st.string("utc_offset") {
            guard let t = EventTime(rfc3339: "2000-01-01T00:00:00" + (text == "Z" ? "Z" : text)) else {
                throw st.error("utc_offset", "expected an offset like \"+08:00\" or \"Z\"")
            }
            offset = t.offsetSeconds
        }
        let mode = PackingMode(rawValue: try st.oneOf("mode", PackingMode.allCases.map(\.rawValue), default: "off")) ?? .off
        let aggregationTimeoutMs = try st.int("aggregation_timeout_ms", default: 0, range: 0...86_400_000)
        try st.rejectUnknownKeys()

        var store = EdgeTraceConfiguration.Store(path: "/var/lib/edgetrace/edgetrace.sqlite")
        if var s = try root.subtable("store") {
            store.path = try s.string("path") ?? store.path
            store.maxMB = try s.int("max_mb", default: 2048, range: 0...16_777_216)
            store.minFreeMB = try s.int("min_free_mb", default: 64, range: 0...16_777_216)
            store.retentionDays = try s.int("retention_days", default: 30, range: 0...36_500)
            store.sensorCompactionIntervalS = try s.int("sensor_compaction_interval_s", default: 300, range: 1...86_400)
            store.maintenanceIntervalS = try s.int("maintenance_interval_s", default: 60, range: 1...86_400)
            if store.maxMB > 0, store.maxMB < 4 {
                throw s.error("max_mb", "a budget under 4 MiB leaves no room for SQLite's own pages; use at least 4, or 0 for no limit")
            }
            try s.rejectUnknownKeys()
        }

        var upstream: EdgeTraceConfiguration.Upstream? = nil
        if var u = try root.subtable("upstream") {
            let url = try u.requiredString("url")
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw u.error("url", "'\(url)' is not an http(s) URL")
            }
            if scheme == "http", !["127.0.0.1", "localhost", "::1"].contains(parsed.host ?? "") {
                throw u.error("url", "plain http is allowed only to loopback (tests, demos); use https")
            }
            var up = EdgeTraceConfiguration.Upstream(
                url: url,
                protocolName: try u.oneOf("protocol", ["native", "epcis"], default: "native"),
                tokenFile: try u.string("token_file"), caFile: try u.string("ca_file"),
                clientCertFile: try u.string("client_cert_file"), clientKeyFile: try u.string("client_key_file"),
                batchMaxEvents: try u.int("batch_max_events", default: 2000, range: 1...10_000),
                requestTimeoutMs: try u.int("request_timeout_ms", default: 15_000, range: 100...600_000),
                backoffInitialMs: try u.int("backoff_initial_ms", default: 500, range: 1...600_000),
                backoffMaxMs: try u.int("backoff_max_ms", default: 60_000, range: 1...86_400_000),
                unauthorizedBackoffInitialMs: try u.int("unauthorized_backoff_initial_ms", default: 30_000, range: 1...3_600_000),
                unauthorizedBackoffMaxMs: try u.int("unauthorized_backoff_max_ms", default: 600_000, range: 1...86_400_000),
                gzip: try u.bool("gzip", default: true))
            if (up.clientCertFile == nil) != (up.clientKeyFile == nil) {
                throw u.error(up.clientCertFile == nil ? "client_key_file" : "client_cert_file",
                              "client_cert_file and client_key_file go together")
            }
            up.insecure = try u.bool("insecure", default: false)
            up.gzipLevel = try u.int("gzip_level", default: 3, range: 1...9)
            up.batchMaxBytes = try u.int("batch_max_bytes", default: 1 << 20, range: 4096...(64 << 20))
            try u.rejectUnknownKeys()
            upstream = up
        }

        var interpreter = EdgeTraceConfiguration.Interpreter(dedupWindowMs: 1500, acceptNonGS1: true, companyPrefixes: [:])
        if var i = try root.subtable("interpreter") {
            interpreter.dedupWindowMs = try i.int("dedup_window_ms", default: 1500, range: 0...86_400_000)
            interpreter.acceptNonGS1 = try i.bool("accept_non_gs1", default: true)
            interpreter.decodeEPCHex = try i.bool("decode_epc_hex", default: true)
            if var p = try i.subtable("company_prefixes") {
                for k in p.table.keys {
                    guard k.count >= 4, k.count <= 12, k.allSatisfy(\.isNumber) else {
                        throw p.error(k, "a company prefix is 4 to 12 digits")
                    }
                    interpreter.companyPrefixes[k] = try p.int(k, default: 7, range: 4...12)
                }
                try p.rejectUnknownKeys()
            }
            try i.rejectUnknownKeys()
        }

        var daemon = EdgeTraceConfiguration.Daemon(logLevel: "info", statusIntervalMs: 2000)
        if var d = try root.subtable("daemon") {
            daemon.logLevel = try d.oneOf("log_level", ["trace", "debug", "info", "notice", "warning", "error", "critical"], default: "info")
            daemon.statusIntervalMs = try d.int("status_interval_ms", default: 2000, range: 100...3_600_000)
            daemon.controlSocket = try d.string("control_socket") ?? EdgeTraceConfiguration.defaultControlSocket
            try d.rejectUnknownKeys()
        }

        var backup: EdgeTraceConfiguration.Backup? = nil
        if var b = try root.subtable("backup") {
            let dir = try b.requiredString("dir")
            var settings = EdgeTraceConfiguration.Backup(dir: dir)
            settings.intervalH = try b.int("interval_h", default: 24, range: 1...8760)
            settings.keep = try b.int("keep", default: 7, range: 1...1000)
            backup = settings
            try b.rejectUnknownKeys()
        }
        let metrics = try parseMonitorEndpoint(&root, table: "metrics")
        let statusPage = try parseMonitorEndpoint(&root, table: "status_page")

        var devices: [DeviceConfiguration] = []
        for var d in try root.tableArray("device") {
            devices.append(try parseDevice(&d))
            try d.rejectUnknownKeys()
        }
        let badgeDevices = devices.filter { ($0.nfc?.badge ?? "off") != "off" }
        if badgeDevices.count > 1, let second = devices.lastIndex(where: { ($0.nfc?.badge ?? "off") != "off" }) {
            throw ConfigError(file: file, line: locator.line("device[\(second)].badge"), key: "device[\(second)].badge",
                              message: "badge settings may be on one nfc device only (badges tapped on any reader are recognised)")
        }
        var ids = Set<String>()
        for (i, d) in devices.enumerated() where !ids.insert(d.id).inserted {
            throw ConfigError(file: file, line: locator.line("device[\(i)].id"), key: "device[\(i)].id",
                              message: "device id '\(d.id)' is used twice")
        }
        var commands: [StationCommand] = []
        for (index, var c) in try root.tableArray("command").enumerated() {
            let code = try c.requiredString("code")
            let actionName = try c.oneOf("action", StationCommand.Action.allCases.map(\.rawValue), default: "")
            guard let action = StationCommand.Action(rawValue: actionName) else {
                throw c.error("action", "is required (\(StationCommand.Action.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let value = try c.string("value")
            let prefix = try c.bool("prefix", default: false)
            switch action {
            case .bizStep, .disposition:
                guard value != nil else { throw c.error("value", "is required for \(actionName) (a CBV word such as 'shipping' or 'damaged', or a URI)") }
            case .workOrder:
                guard value != nil || prefix else { throw c.error("value", "is required for work_order unless prefix = true (then the rest of the scan is the order)") }
            case .mode:
                guard let v = value, PackingMode(rawValue: v) != nil else { throw c.error("value", "must be pack, unpack or off for action mode") }
            case .close, .cancel:
                break
            }
            if commands.contains(where: { $0.code == code && $0.prefix == prefix }) {
                throw c.error("code", "command code '\(code)' is used twice")
            }
            _ = index
            try c.rejectUnknownKeys()
            commands.append(StationCommand(code: code, action: action, value: value, prefix: prefix))
        }
        if upstream?.protocolName == "epcis" {
            try checkEPCISValues(context: context, commands: commands, file: file, locator: locator)
        }
        try root.rejectUnknownKeys()
        var station = EdgeTraceConfiguration.Station(gateway: gateway, context: context, utcOffsetSeconds: offset)
        station.mode = mode
        station.aggregationTimeoutMs = aggregationTimeoutMs
        var configuration = EdgeTraceConfiguration(
            station: station,
            store: store, upstream: upstream, interpreter: interpreter, daemon: daemon,
            devices: devices, file: file)
        configuration.commands = commands
        configuration.backup = backup
        configuration.metrics = metrics
        configuration.statusPage = statusPage
        return configuration
    }

    /// With `protocol = "epcis"` the context ends up in EPCIS events: business steps and dispositions
    /// must be CBV terms or URIs of one's own, read points and locations URIs (the repository refuses
    /// anything else, and every event would end in quarantine).
    private static func checkEPCISValues(context: StationContext, commands: [StationCommand], file: String, locator: KeyLocator) throws {
        func fail(_ key: String, _ message: String) -> ConfigError {
            ConfigError(file: file, line: locator.line(key), key: key, message: message)
        }
        let cbvHint = "with upstream protocol \"epcis\" use a CBV term (e.g. receiving, shipping, in_progress, damaged) or a URI of your own"
        if let v = context.bizStep, !CBV.isValidEPCIS(v, isBizStep: true) { throw fail("station.biz_step", "'\(v)' is not one: \(cbvHint)") }
        if let v = context.disposition, !CBV.isValidEPCIS(v, isBizStep: false) { throw fail("station.disposition", "'\(v)' is not one: \(cbvHint)") }
        for (key, value) in [("station.read_point", context.readPoint), ("station.biz_location", context.bizLocation)] {
            if let v = value, !v.contains(":") || v.contains(" ") {
                throw fail(key, "'\(v)' is not a URI; with upstream protocol \"epcis\" use an SGLN (urn:epc:id:sgln:…) or another URI")
            }
        }
        for (i, c) in commands.enumerated() {
            guard let v = c.value, c.action == .bizStep || c.action == .disposition else { continue }
            if !CBV.isValidEPCIS(v, isBizStep: c.action == .bizStep) { throw fail("command[\(i)].value", "'\(v)' is not one: \(cbvHint)") }
        }
    }

    private static func parseDevice(_ d: inout ConfigReader) throws -> DeviceConfiguration {
        let id = try d.requiredString("id")
        let driver = try d.oneOf("driver", ["serial", "wedge", "hidpos", "camera", "temper", "modbus", "nfc"], default: "")
        guard !driver.isEmpty else { throw d.error("driver", "is required (supported: serial, wedge, hidpos, camera, temper, modbus, nfc)") }
        var device = DeviceConfiguration(
            id: id, driver: driver, path: try d.string("path"), enabled: try d.bool("enabled", default: true),
            dedupWindowMs: try d.optionalInt("dedup_window_ms", range: 0...86_400_000), serial: nil)
        switch driver {
        case "wedge": device.wedge = try parseWedge(&d, path: device.path)
        case "hidpos": device.hidpos = try parseHIDPOS(&d, path: device.path)
        case "nfc": device.nfc = try parseNFC(&d, path: device.path)
        case "temper": device.temper = try parseTemper(&d)
        case "modbus": device.modbus = try parseModbus(&d, path: device.path)
        default: break
        }
        if driver == "serial" {
            guard device.path != nil else { throw d.error("path", "is required for a serial device (prefer /dev/serial/by-id/… or /dev/edgetrace/…)") }
            let framing = try d.oneOf("framing", ["cr", "lf", "crlf", "suffix", "timeout"], default: "cr")
            let suffix = try d.string("suffix")
            if framing == "suffix", (suffix ?? "").isEmpty {
                throw d.error("suffix", "framing = \"suffix\" needs suffix = \"…\" (e.g. \"\\u0003\")")
            }
            device.serial = SerialScannerSettings(
                baud: try d.int("baud", default: 9600, range: 1200...921_600),
                dataBits: try d.int("data_bits", default: 8, range: 7...8),
                parity: try d.oneOf("parity", ["none", "even", "odd"], default: "none"),
                stopBits: try d.int("stop_bits", default: 1, range: 1...2),
                framing: framing, suffix: suffix,
                interCharTimeoutMs: try d.int("inter_char_timeout_ms", default: framing == "timeout" ? 50 : 200, range: 0...60_000),
                handshake: try d.oneOf("handshake", ["none", "ack_nak"], default: "none"),
                reopenMaxMs: try d.int("reopen_max_ms", default: 5000, range: 100...600_000))
            if framing == "timeout", device.serial!.interCharTimeoutMs == 0 {
                throw d.error("inter_char_timeout_ms", "framing = \"timeout\" needs a timeout above 0")
            }
        }
        if driver == "camera" {
            device.camera = try parseCamera(&d, path: device.path)
        }
        return device
    }
}
