import Foundation
import Testing
@testable import EdgeTraceConfig

@Suite("Configuration: NFC readers and operator badges")
struct NFCConfigTests {
    func parse(_ device: String) throws -> EdgeTraceConfiguration {
        try ConfigLoader.parse("[station]\ngateway = \"g\"\n\n[[device]]\nid = \"nfc\"\ndriver = \"nfc\"\n" + device, file: "t.toml")
    }

    @Test("defaults; path is shorthand for a pn532_uart connstring; every key")
    func keys() throws {
        let d = try #require(try parse("path = \"/dev/ttyUSB0\"\n").devices.first?.nfc)
        #expect(d == NFCReaderSettings(connstring: "pn532_uart:/dev/ttyUSB0", modulations: ["iso14443a"], presenceIntervalMs: 250,
                                       departureEvents: false, readNDEF: true, reopenMaxMs: 5000))
        #expect(try parse("").devices.first?.nfc?.connstring == nil, "no connstring: the first reader libnfc finds")
        let all = try #require(try parse("""
            connstring = "acr122_usb"
            modulations = ["iso14443a", "felica"]
            presence_interval_ms = 100
            departure_events = true
            read_ndef = false
            reopen_max_ms = 300
            badge = "ndef_prefix"
            badge_ndef_prefix = "urn:acme:badge:"
            badge_key_file = "/run/credentials/edgetraced.service/badge-key"
            badge_timeout_s = 600
            """).devices.first)
        #expect(all.nfc?.modulations == ["iso14443a", "felica"])
        #expect(all.nfc?.departureEvents == true && all.nfc?.readNDEF == false && all.reopenMaxMs == 300)
        #expect(all.nfc?.badge == "ndef_prefix" && all.nfc?.badgeTimeoutS == 600)
    }

    /// Bad settings and the key the error must name, with its line (line 6 is the first key after the table head).
    static let bad: [(String, String)] = [
        ("modulations = [\"iso15693\"]", "device[0].modulations"),
        ("presence_interval_ms = 10", "device[0].presence_interval_ms"),
        ("connstring = \"ttyUSB0\"", "device[0].connstring"),
        ("badge = \"uid_list\"\nbadge_key_file = \"/k\"", "device[0].badge_uids"),
        ("badge = \"uid_list\"\nbadge_uids = [\"04XYZ\"]\nbadge_key_file = \"/k\"", "device[0].badge_uids"),
        ("badge = \"all\"", "device[0].badge_key_file"),
        ("badge = \"ndef_prefix\"\nbadge_key_file = \"/k\"", "device[0].badge_ndef_prefix"),
        ("bagde = \"all\"", "device[0].bagde"),
        ("path = \"/dev/ttyUSB0\"\nconnstring = \"acr122_usb\"", "device[0].path"),
    ]

    @Test("errors name FILE:LINE: key", arguments: bad)
    func errors(text: String, key: String) {
        #expect {
            _ = try parse(text + "\n")
        } throws: { error in
            guard let e = error as? ConfigError else { return false }
            return e.key == key && e.file == "t.toml" && e.line != nil && "\(e)".contains("t.toml:")
        }
    }

    @Test("badge settings on two readers are refused")
    func twoBadgeReaders() {
        #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.parse("""
                [station]
                gateway = "g"
                [[device]]
                id = "a"
                driver = "nfc"
                badge = "all"
                badge_key_file = "/k"
                [[device]]
                id = "b"
                driver = "nfc"
                badge = "all"
                badge_key_file = "/k"
                """, file: "t.toml")
        }
    }

    @Test("the sample's NFC reader parses with the documented values")
    func sample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let c = try ConfigLoader.load(path: root.appendingPathComponent("Fixtures/edgetrace.sample.toml").path)
        let nfc = try #require(c.devices.first { $0.driver == "nfc" }?.nfc)
        #expect(nfc.connstring == "pn532_uart:/dev/edgetrace/nfc0")
        #expect(nfc.badge == "uid_list" && nfc.badgeUIDs == ["04A2247A3C5E80"])
    }
}
