import Foundation
import Testing
@testable import EdgeTraceConfig
import TraceModel

@Suite("Configuration")
struct ConfigTests {
    let good = """
    [station]
    gateway = "dock-3"
    read_point = "urn:epc:id:sgln:6901234.00001.0"
    biz_step = "receiving"
    utc_offset = "+08:00"

    [store]
    path = "/tmp/x.sqlite"

    [upstream]
    url = "https://trace.example.com"
    token_file = "/run/credentials/edgetraced.service/token"
    batch_max_events = 200

    [interpreter]
    dedup_window_ms = 2000
    [interpreter.company_prefixes]
    "6901234" = 7

    [[device]]
    id = "scanner-1"
    driver = "serial"
    path = "/dev/serial/by-id/usb-scanner"
    baud = 115200
    handshake = "ack_nak"

    [[device]]
    id = "scanner-2"
    driver = "serial"
    path = "/dev/ttyUSB0"
    framing = "suffix"
    suffix = "\\u0003"
    """

    @Test("a complete file parses with its values and defaults")
    func parsesGood() throws {
        let c = try ConfigLoader.parse(good, file: "t.toml")
        #expect(c.station.gateway == "dock-3")
        #expect(c.station.utcOffsetSeconds == 28800)
        #expect(c.station.context.bizStep == "receiving")
        #expect(c.upstream?.batchMaxEvents == 200)
        #expect(c.upstream?.gzip == true)
        #expect(c.upstream?.unauthorizedBackoffInitialMs == 30_000)
        #expect(c.upstream?.unauthorizedBackoffMaxMs == 600_000)
        #expect(c.interpreter.companyPrefixes == ["6901234": 7])
        #expect(c.devices.count == 2)
        #expect(c.devices[0].serial?.baud == 115200)
        #expect(c.devices[0].serial?.handshake == "ack_nak")
        #expect(c.devices[1].serial?.suffix == "\u{3}")
        #expect(c.devices[1].serial?.baud == 9600)
    }

    @Test("the backoff after a 401/403 is configurable")
    func unauthorizedBackoff() throws {
        let text = "[station]\ngateway = \"g\"\n[upstream]\nurl = \"https://t.example\"\n"
            + "unauthorized_backoff_initial_ms = 100\nunauthorized_backoff_max_ms = 400\n"
        let c = try ConfigLoader.parse(text, file: "t.toml")
        #expect(c.upstream?.unauthorizedBackoffInitialMs == 100)
        #expect(c.upstream?.unauthorizedBackoffMaxMs == 400)
        #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse(text.replacingOccurrences(of: "= 100", with: "= 0"), file: "t.toml")
        }
    }

    @Test("gzip level: 3 by default, 1–9 accepted, others refused with the key")
    func gzipLevel() throws {
        let text = "[station]\ngateway = \"g\"\n[upstream]\nurl = \"https://t.example\"\n"
        #expect(try ConfigLoader.parse(text, file: "t.toml").upstream?.gzipLevel == 3)
        #expect(try ConfigLoader.parse(text + "gzip_level = 9\n", file: "t.toml").upstream?.gzipLevel == 9)
        for bad in ["0", "10", "\"fast\""] {
            #expect(throws: ConfigError.self) { _ = try ConfigLoader.parse(text + "gzip_level = \(bad)\n", file: "t.toml") }
        }
    }

    @Test("upstream protocol: native by default, epcis selectable, anything else refused with its line")
    func upstreamProtocol() throws {
        let text = "[station]\ngateway = \"g\"\n[upstream]\nurl = \"https://t.example\"\n"
        #expect(try ConfigLoader.parse(text, file: "t.toml").upstream?.protocolName == "native")
        #expect(try ConfigLoader.parse(text + "protocol = \"epcis\"\n", file: "t.toml").upstream?.protocolName == "epcis")
        #expect {
            _ = try ConfigLoader.parse(text + "protocol = \"soap\"\n", file: "t.toml")
        } throws: { ($0 as? ConfigError)?.key == "upstream.protocol" && ($0 as? ConfigError)?.line == 5 }
    }

    @Test("station mode and command barcodes parse; mistakes name the line and key")
    func commands() throws {
        let base = "[station]\ngateway = \"g\"\nmode = \"pack\"\naggregation_timeout_ms = 30000\n"
        let c = try ConfigLoader.parse(base + "[[command]]\ncode = \"CMD:QC\"\naction = \"disposition\"\nvalue = \"conformant\"\n"
                                       + "[[command]]\ncode = \"WO:\"\naction = \"work_order\"\nprefix = true\n", file: "t.toml")
        #expect(c.station.mode == .pack && c.station.aggregationTimeoutMs == 30000)
        #expect(c.commands == [StationCommand(code: "CMD:QC", action: .disposition, value: "conformant"),
                               StationCommand(code: "WO:", action: .workOrder, prefix: true)])
        let sample = try ConfigLoader.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/edgetrace.sample.toml").path)
        #expect(sample.commands.count == 7 && sample.station.mode == .off)
        for (text, line, key) in [
            (base + "[[command]]\ncode = \"X\"\naction = \"disposition\"\n", 5 as Int?, "command[0].value"),
            (base + "[[command]]\ncode = \"X\"\naction = \"fly\"\n", 7, "command[0].action"),
            (base + "[[command]]\ncode = \"X\"\naction = \"mode\"\nvalue = \"sideways\"\n", 8, "command[0].value"),
            ("[station]\ngateway = \"g\"\nmode = \"stack\"\n", 3, "station.mode"),
        ] {
            do {
                _ = try ConfigLoader.parse(text, file: "t.toml")
                Issue.record("expected an error for \(key)")
            } catch let e as ConfigError {
                #expect(e.key == key, "\(e)")
                #expect(e.line == line, "\(e)")
            }
        }
    }

    @Test("with protocol epcis, context values must be CBV terms or URIs", arguments: [
        ("biz_step = \"quality_check\"\n", "station.biz_step", 3 as Int?),
        ("disposition = \"urn:epcglobal:cbv:disp:nonsense\"\n", "station.disposition", 3),
        ("read_point = \"dock 3\"\n", "station.read_point", 3),
        ("biz_step = \"receiving\"\n[[command]]\ncode = \"X\"\naction = \"disposition\"\nvalue = \"fine\"\n", "command[0].value", 10),
    ])
    func epcisContext(_ station: String, _ key: String, _ line: Int?) throws {
        let upstream = "[upstream]\nurl = \"https://t.example\"\nprotocol = \"epcis\"\n"
        let text = "[station]\ngateway = \"g\"\n" + station
        let withUpstream = text.contains("[[command]]")
            ? text.replacingOccurrences(of: "[[command]]", with: upstream + "[[command]]") : text + upstream
        #expect { _ = try ConfigLoader.parse(withUpstream, file: "t.toml") } throws: {
            ($0 as? ConfigError)?.key == key && ($0 as? ConfigError)?.line == line
        }
        // The native protocol takes them as they are.
        #expect(throws: Never.self) { _ = try ConfigLoader.parse(withUpstream.replacingOccurrences(of: "protocol = \"epcis\"", with: ""), file: "t.toml") }
        // CBV terms in any form and URIs of one's own pass.
        let good = "[station]\ngateway = \"g\"\nbiz_step = \"urn:epcglobal:cbv:bizstep:shipping\"\ndisposition = \"https://example.com/disp/held\"\n" + upstream
        #expect(throws: Never.self) { _ = try ConfigLoader.parse(good, file: "t.toml") }
    }

    @Test("errors name the file, the line and the key", arguments: [
        ("[station]\ngateway = \"g\"\n[upstream]\nurl = \"ftp://x\"\n", 4, "upstream.url"),
        ("[station]\ngateway = \"g\"\n\n[[device]]\nid = \"a\"\ndriver = \"serial\"\npath = \"/dev/x\"\nbaud = 123\n", 8, "device[0].baud"),
        ("[station]\ngateway = \"g\"\n\n[[device]]\nid = \"a\"\ndriver = \"serial\"\npath = \"/dev/x\"\n[[device]]\nid = \"b\"\ndriver = \"serial\"\npath = \"/dev/y\"\nparty = \"even\"\n", 12, "device[1].party"),
        ("[station]\ngatway = \"g\"\n", 1, "station.gateway"),
        ("[station]\ngateway = \"g\"\nbiz_step = 5\n", 3, "station.biz_step"),
        ("[station]\ngateway = \"g\"\n[upstream]\nurl = \"http://10.0.0.1/\"\n", 4, "upstream.url"),
        ("[station]\ngateway = \"g\"\n[store]\nmax_mb = 2\n", 4, "store.max_mb"),
        ("[station]\ngateway = \"g\"\n[store]\nretention_days = -1\n", 4, "store.retention_days"),
    ] as [(String, Int?, String)])
    func errorsNameLineAndKey(text: String, line: Int?, key: String) {
        do {
            _ = try ConfigLoader.parse(text, file: "/etc/edgetrace/edgetrace.toml")
            Issue.record("expected an error for \(key)")
        } catch let e as ConfigError {
            #expect(e.key == key)
            #expect(e.line == line)
            #expect(e.description.hasPrefix("/etc/edgetrace/edgetrace.toml"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("TOML syntax errors carry the line")
    func syntaxError() {
        #expect {
            _ = try ConfigLoader.parse("[station]\ngateway = \"g\n", file: "f.toml")
        } throws: { ($0 as? ConfigError)?.line == 2 }
    }

    @Test("the shipped sample and demo configs are valid")
    func shippedConfigs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for file in ["Fixtures/edgetrace.sample.toml", "Fixtures/demo/edgetrace.toml"] {
            _ = try ConfigLoader.load(path: root.appendingPathComponent(file).path)
        }
    }
}

@Suite("Configuration: cameras")
struct CameraConfigTests {
    static let head = "[station]\ngateway = \"g\"\n\n[[device]]\nid = \"cam\"\ndriver = \"camera\"\n"

    @Test("a camera with defaults: v4l2, 640×480, 10 fps, every symbology, reappear 1000 ms")
    func defaults() throws {
        let c = try ConfigLoader.parse(Self.head + "path = \"/dev/video0\"\n", file: "t.toml")
        let cam = try #require(c.devices.first?.camera)
        #expect(cam == CameraSettings(source: "v4l2", width: 640, height: 480, fps: 10, symbologies: CameraSettings.knownSymbologies,
                                      reappearMs: 1000, dataMatrixTimeoutMs: 100, watch: true, loop: false, reopenMaxMs: 5000))
        #expect(c.devices.first?.serial == nil)
    }

    @Test("every camera key is read")
    func keys() throws {
        let text = Self.head + """
            path = "/tmp/frames"
            source = "directory"
            width = 320
            height = 240
            fps = 25
            symbologies = ["qrcode", "datamatrix"]
            reappear_ms = 250
            datamatrix_timeout_ms = 40
            watch = false
            loop = true
            reopen_max_ms = 1000
            datamatrix_shrink = 2
            """
        let cam = try #require(try ConfigLoader.parse(text, file: "t.toml").devices.first?.camera)
        #expect(cam == CameraSettings(source: "directory", width: 320, height: 240, fps: 25, symbologies: ["qrcode", "datamatrix"],
                                      reappearMs: 250, dataMatrixTimeoutMs: 40, watch: false, loop: true, reopenMaxMs: 1000,
                                      dataMatrixShrink: 2))
    }

    @Test("camera mistakes name the line and key", arguments: [
        ("path = \"/dev/video0\"\nsymbologies = [\"qrcode\", \"aztec\"]\n", 8, "device[0].symbologies"),
        ("path = \"/dev/video0\"\nsymbologies = []\n", 8, "device[0].symbologies"),
        ("path = \"/dev/video0\"\nsymbologies = \"qrcode\"\n", 8, "device[0].symbologies"),
        ("path = \"/dev/video0\"\nsource = \"usb\"\n", 8, "device[0].source"),
        ("path = \"/dev/video0\"\nfps = 0\n", 8, "device[0].fps"),
        ("path = \"/dev/video0\"\ndatamatrix_shrink = 8\n", 8, "device[0].datamatrix_shrink"),
        ("path = \"/dev/video0\"\nbaud = 9600\n", 8, "device[0].baud"),
        ("source = \"directory\"\n", 4, "device[0].path"),
    ] as [(String, Int?, String)])
    func errors(tail: String, line: Int?, key: String) {
        do {
            _ = try ConfigLoader.parse(Self.head + tail, file: "t.toml")
            Issue.record("expected an error for \(key)")
        } catch let e as ConfigError {
            #expect(e.key == key, "\(e)")
            #expect(e.line == line, "\(e)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("serial keys stay serial: a camera key on a serial device is unknown")
    func serialRejectsCameraKeys() {
        let text = "[station]\ngateway = \"g\"\n[[device]]\nid = \"s\"\ndriver = \"serial\"\npath = \"/dev/ttyACM0\"\nfps = 10\n"
        #expect { try ConfigLoader.parse(text, file: "t.toml") } throws: { ($0 as? ConfigError)?.key == "device[0].fps" }
    }

    // Found by Fuzz/ (fuzz-config): toml++ aborted the process on these headers instead of reporting them.
    @Test("a table header starting with a character TOML does not allow is an error with its line, not a crash", arguments: [
        "[站点]", "[ ×]", "[[ ×]]", "[\u{FFFD}\u{FFFD}[device]]", "  [ \u{00D7}x]", "[",
        // A combining mark after the '[' (one Swift Character with it): the crash inputs of fuzz-config on 2026-11-30.
        "[\u{357}]", "[[\u{357}]]", "[\u{357}\u{FFFD}[device_st\u{FFFD}\u{FFFD} = \"receiving\"0\"", "[ \u{301}x]",
    ])
    func badTableHeader(header: String) {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse("[station]\ngateway = \"g\"\n\(header)\n", file: "t.toml") }
        do {
            _ = try ConfigLoader.parse("[station]\ngateway = \"g\"\n\(header)\n", file: "t.toml")
        } catch let error as ConfigError {
            #expect(error.line == 3)
            #expect(error.message.contains("table name"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("quoted and ordinary headers, and brackets inside multi-line strings, pass the header check")
    func goodTableHeaders() {
        #expect(TableHeaderCheck.firstBadHeader(in: "[station]\n[[device]]\n[ \"站点\" ]\n['x']\n[a.b]\n") == nil)
        #expect(TableHeaderCheck.firstBadHeader(in: "x = \"\"\"\n[站点]\n\"\"\"\n[y]\n") == nil)
        #expect(TableHeaderCheck.firstBadHeader(in: "x = 1\n[站点]\n") == 2)
        // Lines of a multi-line array value are not headers; after it, headers are checked again.
        #expect(TableHeaderCheck.firstBadHeader(in: "uids = [\n  [\n    \"a\",\n  ],\n]\n[ok]\n") == nil)
        #expect(TableHeaderCheck.firstBadHeader(in: "uids = [ # ]\n  \"]\",\n]\n[\n") == 4)
        // A """ inside a comment opens no string: the lone '[' after it is still seen (fuzz-config, 2026-11-30).
        #expect(TableHeaderCheck.firstBadHeader(in: "# c XfnitRg=atom\"\"\"eodm.f2 usedgu2 \n[\n") == 2)
        // Lines inside multi-line strings are not headers, also after an escaped quote; an inline table's array ends.
        #expect(TableHeaderCheck.firstBadHeader(in: "x = '''\n[ ×]\n'''\n[ok]\ny = \"\"\"a\\\"\"\"\n[ ×]\n\"\"\"\n") == nil)
        #expect(TableHeaderCheck.firstBadHeader(in: "a = { b = [1,\n2] }\n[\u{357}]\n") == 3)
    }

    @Test("the disk budget keys: defaults, and the sample's values")
    func storeBudget() throws {
        let defaults = try ConfigLoader.parse("[station]\ngateway = \"g\"\n", file: "t.toml")
        #expect(defaults.store.maxMB == 2048)
        #expect(defaults.store.minFreeMB == 64)
        #expect(defaults.store.retentionDays == 30)
        let c = try ConfigLoader.parse("""
            [station]
            gateway = "g"
            [store]
            max_mb = 0
            min_free_mb = 8
            retention_days = 7
            sensor_compaction_interval_s = 60
            maintenance_interval_s = 5
            """, file: "t.toml")
        #expect(c.store.maxMB == 0)
        #expect(c.store.minFreeMB == 8)
        #expect(c.store.retentionDays == 7)
        #expect(c.store.sensorCompactionIntervalS == 60)
        #expect(c.store.maintenanceIntervalS == 5)
    }

    @Test("the sample's camera devices parse with the documented values")
    func sample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let c = try ConfigLoader.load(path: root.appendingPathComponent("Fixtures/edgetrace.sample.toml").path)
        let cameras = c.devices.filter { $0.driver == "camera" }
        #expect(cameras.map(\.id) == ["camera-line-1", "camera-replay"])
        #expect(cameras.first?.camera?.symbologies.contains("datamatrix") == true)
        #expect(cameras.last?.camera?.source == "directory")
    }
}

@Suite("Config: [metrics] and [status_page]")
struct MonitorConfigTests {
    static let station = "[station]\ngateway = \"g\"\n"

    @Test("absent tables: both endpoints off")
    func off() throws {
        let c = try ConfigLoader.parse(Self.station, file: "t.toml")
        #expect(c.metrics == nil && c.statusPage == nil)
    }

    @Test("listen values", arguments: [
        ("127.0.0.1:9464", MonitorEndpoint.Address.tcp(host: "127.0.0.1", port: 9464)),
        ("[::1]:9000", .tcp(host: "::1", port: 9000)),
        ("localhost:1", .tcp(host: "localhost", port: 1)),
        ("/run/edgetrace/metrics.sock", .unix(path: "/run/edgetrace/metrics.sock")),
    ])
    func listen(text: String, address: MonitorEndpoint.Address) throws {
        let c = try ConfigLoader.parse(Self.station + "[metrics]\nlisten = \"\(text)\"\n[status_page]\nlisten = \"\(text)\"\n", file: "t.toml")
        #expect(c.metrics?.address == address)
        #expect(c.statusPage?.address == address)
        #expect(c.metrics?.allowRemote == false)
    }

    @Test("a non-loopback address is refused with file, line and key, unless allow_remote = true",
          arguments: ["0.0.0.0:9464", "192.168.1.5:9464", "[::]:9464", "gateway.local:9464"])
    func remoteRefused(text: String) throws {
        let toml = Self.station + "\n[metrics]\nlisten = \"\(text)\"\n"
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(toml, file: "t.toml") }
        #expect(error?.description.contains("t.toml:5: key 'metrics.listen'") == true, "\(String(describing: error))")
        #expect(error?.description.contains("allow_remote") == true)
        let allowed = try ConfigLoader.parse(toml + "allow_remote = true\n", file: "t.toml")
        #expect(allowed.metrics?.allowRemote == true)
    }

    @Test("malformed listen values name the key", arguments: ["9464", "127.0.0.1", "127.0.0.1:70000", "relative.sock", "::1:9464", ""])
    func malformed(text: String) throws {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(Self.station + "[status_page]\nlisten = \"\(text)\"\n", file: "t.toml")
        }
        #expect(error?.description.contains("status_page.listen") == true, "\(String(describing: error))")
    }

    @Test("unknown keys in the tables are errors")
    func unknown() throws {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(Self.station + "[metrics]\nlisten = \"127.0.0.1:1\"\nport = 5\n", file: "t.toml")
        }
    }
}
