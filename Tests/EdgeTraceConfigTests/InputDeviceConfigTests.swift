import Foundation
import Testing
@testable import EdgeTraceConfig

@Suite("Configuration: keyboard-wedge and HID POS devices")
struct InputDeviceConfigTests {
    func parse(_ devices: String, interpreter: String = "") throws -> EdgeTraceConfiguration {
        try ConfigLoader.parse("""
        [station]
        gateway = "g"
        \(interpreter)
        \(devices)
        """, file: "t.toml")
    }

    @Test("wedge: defaults and every key")
    func wedge() throws {
        let defaults = try parse("""
        [[device]]
        id = "w"
        driver = "wedge"
        path = "/dev/input/by-id/usb-x-event-kbd"
        """)
        #expect(defaults.devices[0].wedge == WedgeScannerSettings(layout: "us", suffix: "enter", interKeyTimeoutMs: 200,
                                                                   gsSubstitute: "ctrl+]", grab: true, reopenMaxMs: 5000))
        let all = try parse("""
        [[device]]
        id = "w"
        driver = "wedge"
        path = "/dev/input/by-id/usb-x-event-kbd"
        layout = "fr"
        suffix = "none"
        gs_substitute = "F8"
        grab = false
        reopen_max_ms = 700
        """)
        #expect(all.devices[0].wedge == WedgeScannerSettings(layout: "fr", suffix: "none", interKeyTimeoutMs: 50,
                                                              gsSubstitute: "F8", grab: false, reopenMaxMs: 700))
        #expect(all.devices[0].reopenMaxMs == 700)
    }

    @Test("wedge: errors name the key and the line", arguments: [
        ("layout = \"uk\"", "layout"), ("suffix = \"cr\"", "suffix"), ("gs_substitute = \"x\"", "gs_substitute"),
        ("gs_substitute = \"f13\"", "gs_substitute"), ("suffix = \"none\"\ninter_key_timeout_ms = 0", "inter_key_timeout_ms"),
        ("baud = 9600", "baud"),
    ])
    func wedgeErrors(_ line: String, _ key: String) throws {
        #expect {
            _ = try parse("""
            [[device]]
            id = "w"
            driver = "wedge"
            path = "/dev/input/event3"
            \(line)
            """)
        } throws: { error in
            guard let e = error as? ConfigError else { return false }
            return e.key == "device[0].\(key)" && e.line != nil
        }
    }

    @Test("wedge and hidpos need a path")
    func pathRequired() {
        for driver in ["wedge", "hidpos"] {
            #expect {
                _ = try parse("[[device]]\nid = \"d\"\ndriver = \"\(driver)\"")
            } throws: { ($0 as? ConfigError)?.key == "device[0].path" }
        }
    }

    @Test("hidpos: path and reopen_max_ms only")
    func hidpos() throws {
        let c = try parse("""
        [[device]]
        id = "h"
        driver = "hidpos"
        path = "/dev/hidraw0"
        reopen_max_ms = 1000
        """)
        #expect(c.devices[0].hidpos == HIDPOSScannerSettings(reopenMaxMs: 1000))
        #expect(throws: ConfigError.self) {
            _ = try parse("[[device]]\nid = \"h\"\ndriver = \"hidpos\"\npath = \"/dev/hidraw0\"\nlayout = \"us\"")
        }
    }

    @Test("interpreter.decode_epc_hex")
    func decodeEPCHex() throws {
        #expect(try parse("").interpreter.decodeEPCHex == true)
        #expect(try parse("[interpreter]\ndecode_epc_hex = false").interpreter.decodeEPCHex == false)
    }

    @Test("the GS substitute rule here is the driver's", arguments: [
        ("ctrl+]", true), ("Ctrl+]", true), ("f1", true), ("F12", true), ("~", true), ("|", true), ("^", true),
        ("f13", false), ("f0", false), ("a", false), ("7", false), (" ", false), ("", false), ("ctrl+a", false), ("~~", false),
    ])
    func substituteRule(_ text: String, _ valid: Bool) {
        #expect(ConfigLoader.isValidGSSubstitute(text) == valid)
    }
}
