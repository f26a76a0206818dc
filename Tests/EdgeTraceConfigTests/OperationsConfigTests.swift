import Foundation
import Testing
@testable import EdgeTraceConfig

@Suite("Configuration: control socket and backup")
struct OperationsConfigTests {
    @Test("defaults: control socket under /run/edgetrace, no backup")
    func defaults() throws {
        let c = try ConfigLoader.parse("[station]\ngateway = \"g\"\n", file: "t.toml")
        #expect(c.daemon.controlSocket == "/run/edgetrace/control.sock")
        #expect(c.backup == nil)
    }

    @Test("the keys are read; the sample's values are the documented ones")
    func keys() throws {
        let c = try ConfigLoader.parse("""
            [station]
            gateway = "g"
            [daemon]
            control_socket = "/tmp/x.sock"
            [backup]
            dir = "/media/usb"
            interval_h = 6
            keep = 3
            """, file: "t.toml")
        #expect(c.daemon.controlSocket == "/tmp/x.sock")
        #expect(c.backup == {
            var b = EdgeTraceConfiguration.Backup(dir: "/media/usb")
            b.intervalH = 6
            b.keep = 3
            return b
        }())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sample = try ConfigLoader.load(path: root.appendingPathComponent("Fixtures/edgetrace.sample.toml").path)
        #expect(sample.backup?.intervalH == 24 && sample.backup?.keep == 7)
        #expect(sample.daemon.controlSocket == "/run/edgetrace/control.sock")
    }

    @Test("mistakes name the line and key", arguments: [
        ("[backup]\ninterval_h = 2\n", "backup.dir", 3),
        ("[backup]\ndir = \"/b\"\nkeep = 0\n", "backup.keep", 5),
        ("[backup]\ndir = \"/b\"\ninterval_h = 0\n", "backup.interval_h", 5),
        ("[backup]\ndir = \"/b\"\nevery = 1\n", "backup.every", 5),
        ("[daemon]\ncontrol_socket = 5\n", "daemon.control_socket", 4),
    ])
    func mistakes(body: String, key: String, line: Int) {
        #expect {
            _ = try ConfigLoader.parse("[station]\ngateway = \"g\"\n" + body, file: "t.toml")
        } throws: { error in
            let e = error as? ConfigError
            return e?.key == key && (key == "backup.dir" || e?.line == line)
        }
    }

    @Test("the control socket is found in a file that does not validate, so reload reaches the daemon")
    func lenientSocket() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("c-\(UUID()).toml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "[daemon]\ncontrol_socket = \"/tmp/a.sock\"\n[nonsense]\nx = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path) }
        #expect(ConfigLoader.controlSocket(path: path) == "/tmp/a.sock")
        #expect(ConfigLoader.controlSocket(path: path + ".missing") == nil)
    }
}
