import Foundation
import Testing
import TraceTesting

@Suite("Commissioning: edgetrace devices and edgetrace scan (every driver kind)", .serialized)
struct CommissioningTests {
    @Test("devices lists what sysfs shows and which config entry matches; --suggest prints TOML for the rest; --json",
          .timeLimit(.minutes(1)))
    func devices() async throws {
        let fake = try FakeSysfs()
        defer { fake.remove() }
        let config = fake.root + "/edgetrace.toml"
        let link = fake.dev + "/serial/by-id/usb-Symbol_Bar_Code_Scanner_S123-if00"
        try "[station]\ngateway = \"g\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let roots = ["--sys-root", fake.sys, "--dev-root", fake.dev, "--config", config]

        let unconfigured = try await TestProcess.run("edgetrace", ["devices"] + roots)
        #expect(unconfigured.status == 0)
        #expect(unconfigured.output.contains("serial  \(fake.dev)/ttyACM0  05e0:1200  Symbol Bar Code Scanner  serial S123  driver cdc_acm  (unconfigured)"))
        #expect(unconfigured.output.contains(link))
        #expect(unconfigured.output.contains("usb     1-3  413d:2107  driver usbhid  (unconfigured)"))

        let suggest = try await TestProcess.run("edgetrace", ["devices", "--suggest"] + roots)
        #expect(suggest.output.contains("[[device]]\nid = \"serial-1\"\ndriver = \"serial\"\npath = \"\(link)\""))
        // The suggestion is valid configuration as it stands.
        try ("[station]\ngateway = \"g\"\n\n" + suggest.output).write(toFile: config, atomically: true, encoding: .utf8)
        let check = try await TestProcess.run("edgetrace", ["config", "check", "--config", config])
        #expect(check.status == 0, "\(check.output)")

        let configured = try await TestProcess.run("edgetrace", ["devices", "--json"] + roots)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(configured.output.utf8)) as? [[String: Any]])
        #expect(list.first?["configuredAs"] as? String == "serial-1")
        #expect(list.first?["driver"] as? String == "cdc_acm")
    }

    @Test("scan prints live reads of a serial scanner with their interpretation, without the daemon", .timeLimit(.minutes(1)))
    func scan() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let scanner = try ScannerEmulator(stablePath: dir + "/scanner")
        defer {
            scanner.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        let scan = try TestProcess("edgetrace", ["scan", dir + "/scanner", "--count", "2"])
        defer { scan.killTree() }
        try await scanner.waitUntilOpened(timeout: .seconds(10))
        try scanner.send("]C1010690123456789221SN42")
        try scanner.send("]C1010690123456789321X")
        #expect(try await scan.waitForExit(timeout: .seconds(20)) == 0)
        let output = scan.lines.joined(separator: "\n")
        #expect(output.contains("scan  scan  gtin 06901234567892  serial SN42"))
        #expect(output.contains("rejected  scan") && output.lowercased().contains("check digit"))

        // By the id of a configured device: its path and framing (LF here) come from the configuration.
        let config = dir + "/edgetrace.toml"
        try """
            [station]
            gateway = "g"
            [[device]]
            id = "dock-1"
            driver = "serial"
            path = "\(dir)/scanner"
            framing = "lf"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        try scanner.resetTerminalMode()
        let byID = try TestProcess("edgetrace", ["scan", "dock-1", "--config", config, "--count", "1", "--json"])
        defer { byID.killTree() }
        try await scanner.waitUntilOpened(timeout: .seconds(10))
        try scanner.send("]C1010690123456789221SN43", terminator: [0x0A])
        #expect(try await byID.waitForExit(timeout: .seconds(20)) == 0)
        let line = try #require(byID.lines.first { $0.hasPrefix("{") })
        let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect((event?["scan"] as? [String: Any])?["serial"] as? String == "SN43")
        let unknown = try await TestProcess.run("edgetrace", ["scan", "nope", "--config", config])
        #expect(unknown.status != 0 && unknown.output.contains("no [[device]] with id 'nope'"), "\(unknown.output)")
        #expect(unknown.output.contains("its devices: dock-1"), "the message lists the ids there are")

        // A port held by another process (here a first scan; in the field, the daemon) is refused with what to do.
        try scanner.resetTerminalMode()
        let holder = try TestProcess("edgetrace", ["scan", dir + "/scanner"])
        defer { holder.killTree() }
        try await scanner.waitUntilOpened(timeout: .seconds(10))
        let busy = try await TestProcess.run("edgetrace", ["scan", "dock-1", "--config", config, "--count", "1"])
        #expect(busy.status == 1 && busy.output.contains("is busy: another process holds it"), "\(busy.output)")
        // An option of another kind of device is refused before anything is opened.
        let wrong = try await TestProcess.run("edgetrace", ["scan", "dock-1", "--config", config, "--interval-ms", "500"])
        #expect(wrong.status != 0 && wrong.output.contains("--interval-ms is for sensors (temper, modbus); 'dock-1' is a serial device"),
                "\(wrong.output)")
    }
}
