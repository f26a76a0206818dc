import Foundation
import Testing
import TraceModel
import TraceTesting

/// The real edgetraced with libnfc's real pn532_uart driver on the software PN532, delivering to the real platform.
@Suite("NFC reader station (libnfc, emulated PN532)", .serialized)
struct NFCStationTests {
    static let uid: [UInt8] = [0x04, 0xA2, 0x24, 0x7A, 0x3C, 0x5E, 0x80]
    static let badgeUID: [UInt8] = [0x04, 0x0B, 0xAD, 0x6E, 0x11, 0x22, 0x33]
    static let key = "station-badge-key-0123456789"
    static let link = "id.gs1.org/01/09520123456788/10/LOT7/21/SN42"

    static func product(_ uid: [UInt8] = uid) -> EmulatedNFCTag {
        .ntag213(uid: uid, ndef: NDEFMessageBuilder.uri(0x04, link))
    }

    /// Starts platform and daemon with one nfc device on the emulator's stable path.
    static func start(_ station: Station, emulator: PN532Emulator, extra: String = "") async throws {
        try await station.startPlatform()
        try Self.key.write(toFile: station.dir + "/badge-key", atomically: true, encoding: .utf8)
        try station.writeConfig(devices: """
            [[device]]
            id = "nfc-1"
            driver = "nfc"
            connstring = "\(emulator.connstring)"
            presence_interval_ms = 50
            reopen_max_ms = 200
            \(extra)
            """)
        try await station.startDaemon(waitForScanner: false)
        guard await emulator.wait(until: { $0.isPolling }) else { throw TestFailure("the daemon never polled the reader") }
    }

    static func tags(_ events: [[String: Any]]) -> [[String: Any]] {
        events.filter { $0["kind"] as? String == "tag" }.compactMap { $0["tag"] as? [String: Any] }
    }

    @Test("a tag on the reader is one tag event with UID, NDEF and GS1 keys; removal is a departure; re-placement a second",
          .timeLimit(.minutes(2)))
    func presenceAndNDEF() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let emulator = try PN532Emulator(stablePath: station.dir + "/nfc0")
        defer { emulator.close() }
        try await Self.start(station, emulator: emulator, extra: "departure_events = true")

        emulator.place(Self.product())
        let first = try await station.waitForPlatform(count: 1)
        let tag = try #require(Self.tags(first).first)
        #expect(tag["uid"] as? String == "04A2247A3C5E80")
        #expect(tag["type"] as? String == "NTAG213")
        #expect(tag["atqa"] as? String == "0044" && tag["sak"] as? String == "00")
        #expect((tag["ndef"] as? [[String: Any]])?.first?["uri"] as? String == "https://" + Self.link)
        #expect(tag["gtin"] as? String == "09520123456788" && tag["serial"] as? String == "SN42" && tag["lot"] as? String == "LOT7")
        #expect((tag["epc"] as? String)?.hasPrefix("urn:epc:id:sgtin:") == true)
        let present = try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["tagPresent"] as? String) == "04A2247A3C5E80"
        }
        #expect((present["devices"] as? [[String: Any]])?.first?["firmware"] as? String == "PN532 v1.6")

        // Lying there through many presence checks: still one event.
        let checks = emulator.commandsReceived.filter { $0 == 0x40 }.count
        #expect(await emulator.wait { $0.commandsReceived.filter { $0 == 0x40 }.count >= checks + 20 })
        #expect(try await station.platformEvents().count == 1)

        emulator.remove()
        let departed = try await station.waitForPlatform(count: 2)
        let departure = try #require(departed.first { $0["kind"] as? String == "device" })
        #expect((departure["deviceState"] as? [String: Any])?["state"] as? String == "tag_departed")
        #expect((departure["deviceState"] as? [String: Any])?["message"] as? String == "04A2247A3C5E80")

        emulator.place(Self.product())
        let again = try await station.waitForPlatform(count: 3)
        #expect(Self.tags(again).count == 2)
        let text = try await station.cli(["status", "--config", station.configPath])
        #expect(text.output.contains("firmware PN532 v1.6"))
        #expect(text.output.contains("tag on the reader: 04A2247A3C5E80"))
    }

    @Test("a badge tap signs the operator in (pseudonym, never the UID) for later events; a second tap signs off",
          .timeLimit(.minutes(2)))
    func badges() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let emulator = try PN532Emulator(stablePath: station.dir + "/nfc0")
        defer { emulator.close() }
        try await Self.start(station, emulator: emulator, extra: """
            departure_events = true
            badge = "uid_list"
            badge_uids = ["040bad6e112233"]
            badge_key_file = "\(station.dir)/badge-key"
            """)
        let pseudonym = OperatorBadges(match: .all, key: Array(Self.key.utf8)).pseudonym(uid: Self.badgeUID)

        emulator.place(.ntag213(uid: Self.badgeUID, ndef: []))
        try await station.daemon?.waitForLine { $0.contains("operator signed in by badge") }
        let status = try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["tagPresent"] as? String) == "operator badge"
        }
        let device = (status["devices"] as? [[String: Any]])?.first ?? [:]
        #expect(device["lastRead"] as? String == "operator badge")
        #expect(device["reads"] as? Int == 0, "a badge tap is no read")
        emulator.remove()
        emulator.place(Self.product())
        let events = try await station.waitForPlatform(count: 1)
        #expect(events.count == 1, "the badge tap is no product event, its departure no event either")
        #expect((events[0]["context"] as? [String: Any])?["operator"] as? String == pseudonym)

        emulator.remove()
        _ = try await station.waitForPlatform(count: 2)  // the product's departure
        emulator.place(.ntag213(uid: Self.badgeUID, ndef: []))
        try await station.daemon?.waitForLine { $0.contains("operator signed off by badge") }
        emulator.remove()
        emulator.place(Self.product())
        let after = try await station.waitForPlatform(count: 3)
        #expect(after.filter { $0["kind"] as? String == "tag" }.count == 2)
        #expect(after.filter { $0["kind"] as? String == "device" }.count == 1, "only the product's departure")
        #expect((after[2]["context"] as? [String: Any])?["operator"] == nil)

        let json = String(decoding: try JSONSerialization.data(withJSONObject: after), as: UTF8.self)
        #expect(!json.uppercased().contains("040BAD6E112233"), "the badge UID is nowhere in the events")
        let log = (station.daemon?.lines ?? []).joined(separator: "\n").uppercased()
        #expect(!log.contains("040BAD6E112233"), "nor in the log")
        let text = try await station.cli(["status", "--json", "--config", station.configPath]).output.uppercased()
        #expect(!text.contains("040BAD6E112233"), "nor in edgetrace status")
    }

    @Test("reader unplugged and back: status says disconnected, then connected; tags are read again", .timeLimit(.minutes(2)))
    func unplugReplug() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let emulator = try PN532Emulator(stablePath: station.dir + "/nfc0")
        defer { emulator.close() }
        try await Self.start(station, emulator: emulator)
        emulator.place(Self.product())
        _ = try await station.waitForPlatform(count: 1)

        emulator.unplug()
        let down = try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["state"] as? String) == "disconnected"
        }
        let message = (down["devices"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(!message.isEmpty, "a disconnected reader says why")

        try emulator.replug()
        emulator.place(Self.product([0x04, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06]))
        let up = try await station.waitForStatus { s in
            ((s["devices"] as? [[String: Any]])?.first?["state"] as? String) == "connected"
        }
        #expect((up["devices"] as? [[String: Any]])?.first?["reconnects"] as? Int == 1)
        let events = try await station.waitForPlatform(count: 2)
        #expect(Set(Self.tags(events).compactMap { $0["uid"] as? String }) == ["04A2247A3C5E80", "04010203040506"])
        #expect(station.daemon?.isRunning == true)
    }

    @Test("SIGTERM while the daemon blocks in the reader's poll: it exits promptly and cleanly", .timeLimit(.minutes(2)))
    func sigtermDuringPoll() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let emulator = try PN532Emulator(stablePath: station.dir + "/nfc0")
        defer { emulator.close() }
        try await Self.start(station, emulator: emulator)
        #expect(emulator.isPolling, "blocked in InAutoPoll")
        station.daemon?.signal(SIGTERM)
        #expect(try await station.daemon?.waitForExit(timeout: .seconds(10)) == 0)
        #expect(emulator.abortsReceived >= 1, "libnfc aborted the chip's poll")
    }

    @Test("malformed NDEF: a rejected event that says why; the daemon keeps reading", .timeLimit(.minutes(2)))
    func malformedNDEF() async throws {
        let station = try Station()
        defer { station.shutdown() }
        let emulator = try PN532Emulator(stablePath: station.dir + "/nfc0")
        defer { emulator.close() }
        try await Self.start(station, emulator: emulator)
        // A TLV that claims 0x50 bytes of NDEF holding a record whose payload runs past it.
        emulator.place(.ntag213(uid: [0x04, 0xEE, 0, 0, 0, 0, 1], rawDataArea: [0x03, 0x04, 0xD1, 0x01, 0x30, 0x55, 0xFE]))
        let rejected = try await station.waitForPlatform(count: 1)
        #expect(rejected[0]["kind"] as? String == "rejected")
        let reason = (rejected[0]["rejected"] as? [String: Any])?["reason"] as? String ?? ""
        #expect(reason.contains("NFC tag 04EE0000000001") && reason.contains("truncated"))
        emulator.remove()
        // A capability container announcing more than the chip holds.
        emulator.place(.ntag213(uid: [0x04, 0xEE, 0, 0, 0, 0, 2], rawDataArea: [0x03, 0x00, 0xFE], ccSize: 0xF0))
        let second = try await station.waitForPlatform(count: 2)
        #expect(((second[1]["rejected"] as? [String: Any])?["reason"] as? String ?? "").contains("capability container"))
        emulator.remove()
        emulator.place(Self.product())
        let events = try await station.waitForPlatform(count: 3)
        #expect(events[2]["kind"] as? String == "tag")
        #expect(station.daemon?.isRunning == true)
    }
}
