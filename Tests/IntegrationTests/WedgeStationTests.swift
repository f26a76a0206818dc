import Foundation
import Testing
import TraceTesting

/// The whole path for keyboard-wedge input: the real `edgetraced` runs under umockdev with an
/// emulated USB scanner keyboard (`/dev/input/by-id/…-event-kbd`), the test types into it, and the
/// events arrive at the real `edgetrace-platform`; `edgetrace status` shows the device.
@Suite("Keyboard wedge: emulated scanner → edgetraced → platform", .serialized)
struct WedgeStationTests {
    static let byID = "/dev/input/by-id/usb-EdgeTrace_Test_Scanner_TS0001-event-kbd"

    @Test("a GS1 scan and a UHF reader's EPC hex arrive as scan and tag events; status shows state and last read; unplug shows",
          .timeLimit(.minutes(3)))
    func wedgeToPlatform() async throws {
        let station = try Station()
        defer { station.shutdown() }
        try await station.startPlatform()
        try station.writeConfig(devices: """
            [[device]]
            id = "wedge-1"
            driver = "wedge"
            path = "\(Self.byID)"
            layout = "us"
            reopen_max_ms = 200
            """)
        let bed = try UMockdevHarness(devices: ["scanner-kbd.umockdev"], ioctls: [(Self.byID, "scanner-kbd.ioctl")],
                                      program: "edgetraced", ["--config", station.configPath, "--log-level", "info"],
                                      directory: station.dir)
        defer { bed.stop() }
        station.daemon = bed.process
        try await bed.process.waitForLine { $0.contains("device connected") }

        var keys = KeyStrokes()
        keys.typeUS("]C1010690123456789221SN77\u{1D}10LOT9\r")    // GS1-128: GTIN, serial, FNC1 (Ctrl+]), lot
        keys.typeUS("3074257BF7194E4000001A85\r")                 // an RFID reader typing an SGTIN-96
        try await bed.write("/dev/input/event5", keys.bytes)

        let events = try await station.waitForPlatform(count: 2)
        let scan = try #require(events.first { $0["kind"] as? String == "scan" }, "\(events)")
        let s = try #require(scan["scan"] as? [String: Any])
        #expect(s["gtin"] as? String == "06901234567892")
        #expect(s["serial"] as? String == "SN77")
        #expect(s["lot"] as? String == "LOT9", "the GS typed as Ctrl+] separated serial and lot")
        #expect((scan["device"] as? [String: Any])?["driver"] as? String == "wedge")
        let tag = try #require(events.first { $0["kind"] as? String == "tag" }, "\(events)")
        let t = try #require(tag["tag"] as? [String: Any])
        #expect(t["epc"] as? String == "urn:epc:id:sgtin:0614141.812345.6789")
        #expect(t["type"] as? String == "SGTIN-96")

        let connected = try await station.waitForStatus { status in
            let d = (status["devices"] as? [[String: Any]])?.first
            return d?["lastRead"] as? String == "3074257BF7194E4000001A85"
        }
        let device = try #require((connected["devices"] as? [[String: Any]])?.first)
        #expect(device["state"] as? String == "connected")
        #expect(device["driver"] as? String == "wedge")
        #expect(device["reads"] as? Int == 2)
        let text = try await station.cli(["status", "--config", station.configPath])
        #expect(text.output.contains("wedge-1  wedge  connected"), "\(text.output)")
        #expect(text.output.contains("last read"), "\(text.output)")

        try await bed.unplug("/dev/input/event5")
        try await station.waitForStatus { status in
            let d = (status["devices"] as? [[String: Any]])?.first
            return d?["state"] as? String == "disconnected" && (d?["message"] as? String)?.isEmpty == false
        }
        // Replugging under the whole daemon is not done here: umockdev 0.17.16's preload aborts the process
        // now and then with "fd_map_add(): overflow" (its map holds 50 descriptors). The driver's replug is
        // tested under umockdev with the probe (WedgeUMockdevTests.unplugMidScan), and the daemon's
        // reconnect with the serial scanner (DeviceBehaviourTests.unplugReplug).
    }
}
