import Foundation
import InputDevice
import Testing
import TraceTesting

/// The keyboard-wedge driver (`edgetrace-input-probe wedge`, the real WedgeScannerDriver under
/// DeviceService) against emulated evdev nodes: umockdev's LD_PRELOAD library gives the probe a
/// `/dev/input/event5` whose ioctls (EVIOCGNAME, EVIOCGID, EVIOCGBIT, EVIOCGRAB) are answered
/// from `Fixtures/umockdev/scanner-kbd.ioctl` and whose reads return the `input_event` records
/// an evemu recording or the test writes.
@Suite("Keyboard wedge through umockdev", .serialized)
struct WedgeUMockdevTests {
    static let byID = "/dev/input/by-id/usb-EdgeTrace_Test_Scanner_TS0001-event-kbd"

    /// `edgetrace-input-probe wedge` on the emulated scanner keyboard (event5 behind ``byID``), with `extra` flags,
    /// once it has opened the keyboard (stopped again if it does not).
    static func connectedWedge(_ dir: TemporaryDirectory, _ extra: [String]) async throws -> UMockdevHarness {
        let bed = try UMockdevHarness(devices: ["scanner-kbd.umockdev"], ioctls: [(byID, "scanner-kbd.ioctl")],
                                      program: "edgetrace-input-probe", ["wedge", "--path", byID] + extra, directory: dir.path)
        do {
            try await bed.waitForJSON { $0["state"] as? String == "connected" }
        } catch {
            bed.stop()
            throw error
        }
        return bed
    }

    static func readings(_ harness: UMockdevHarness) -> [[String: Any]] {
        harness.jsonLines.filter { $0["reading"] != nil }
    }

    @Test("umockdev-run replays an evemu recording: US layout, AIM prefix, Ctrl+] as GS, Enter", .timeLimit(.minutes(1)))
    func evemuReplay() async throws {
        if let reason = UMockdevHarness.unavailableReason() { throw TestFailure(reason) }
        let f = UMockdevHarness.fixtures.path
        let p = try TestProcess(executableURL: URL(fileURLWithPath: "/usr/bin/umockdev-run"), name: "umockdev-run", [
            "-d", f + "/scanner-kbd.umockdev", "-i", "\(Self.byID)=\(f)/scanner-kbd.ioctl",
            "-e", "/dev/input/event5=\(f)/scan-us.evemu", "--",
            TestProcess.binDirectory.appendingPathComponent("edgetrace-input-probe").path,
            "wedge", "--path", Self.byID, "--count", "1", "--timeout-ms", "10000",
        ])
        #expect(try await p.waitForExit() == 0)
        let lines = p.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let reading = try #require(lines.first { $0["reading"] != nil }, "\(p.lines)")
        #expect(reading["reading"] as? String == "barcode")
        #expect(reading["text"] as? String == "]C1010690123456789221SN1\u{1D}10LOT1")
        #expect(lines.contains { ($0["path"] as? String)?.hasSuffix("/dev/input/event5") == true && $0["state"] as? String == "connected" })
    }

    /// Waiting for keys, the wedge driver sleeps in its read and the probe awaits its reading count; the probe
    /// used to look at that count every 20 ms (100 switches in 2 s). Then a typed code still arrives.
    @Test("waiting for keys, the driver and the probe sleep: no check every 20 ms", .timeLimit(.minutes(1)))
    func idleWithoutPolling() async throws {
        let dir = try TemporaryDirectory()
        let bed = try await Self.connectedWedge(dir, ["--count", "1"])
        defer { bed.stop() }
        let probe = try #require(ContextSwitches.descendant(of: bed.process.pid, named: "edgetrace-input-probe"))
        try await Task.sleep(for: .milliseconds(500))
        let switches = try await ContextSwitches.during(.seconds(2), of: probe)
        #expect(switches <= 8, "the probe's threads switched \(switches) times in 2 s of waiting for keys")
        var keys = KeyStrokes()
        for code: UInt16 in [2, 3, 4] { keys.tap(code) }   // 123
        keys.tap(KeyStrokes.enter)
        try await bed.write("/dev/input/event5", keys.bytes)
        let read = try await bed.waitForJSON { $0["reading"] != nil }
        #expect(read["text"] as? String == "123")
    }

    @Test("live typing in the German layout with F8 as GS, then French AZERTY digits", .timeLimit(.minutes(1)))
    func layouts() async throws {
        let dir = try TemporaryDirectory()
        // German: ] is AltGr+9, Z is Shift + the key US calls Y; F8 stands for GS.
        let de = try await Self.connectedWedge(dir, ["--layout", "de", "--gs-substitute", "f8", "--count", "1"])
        var keys = KeyStrokes()
        keys.tap(10, with: [KeyStrokes.rightAlt])                 // ]
        keys.tap(46, with: [KeyStrokes.leftShift])                // C
        for code: UInt16 in [2, 11, 2, 11, 7, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3] { keys.tap(code) }  // 1 0106901234567892
        keys.tap(66)                                              // F8 → GS
        keys.tap(2); keys.tap(11)                                 // 10
        keys.tap(21, with: [KeyStrokes.leftShift])                // Z (QWERTZ)
        keys.tap(44, with: [KeyStrokes.leftShift])                // Y
        keys.tap(KeyStrokes.enter)
        try await de.write("/dev/input/event5", keys.bytes)
        let read = try await de.waitForJSON { $0["reading"] != nil }
        #expect(read["text"] as? String == "]C10106901234567892\u{1D}10ZY")
        await de.stop()

        let fr = try await Self.connectedWedge(dir, ["--layout", "fr", "--suffix", "tab", "--count", "1"])
        var digits = KeyStrokes()
        for code: UInt16 in [11, 2, 3, 4] { digits.tap(code, with: [KeyStrokes.leftShift]) }  // 0123 need Shift on AZERTY
        digits.tap(16)                                            // a (US: q)
        digits.tap(15)                                            // Tab ends the code
        try await fr.write("/dev/input/event5", digits.bytes)
        let frRead = try await fr.waitForJSON { $0["reading"] != nil }
        #expect(frRead["text"] as? String == "0123a")
        await fr.stop()
    }

    @Test("unplugged mid-scan: the partial code is a cut-off reading; replugged as event6, reads resume", .timeLimit(.minutes(1)))
    func unplugMidScan() async throws {
        let dir = try TemporaryDirectory()
        let bed = try await Self.connectedWedge(dir, ["--inter-key-timeout-ms", "5000", "--count", "3", "--timeout-ms", "20000",
                                                      "--reopen-max-ms", "200"])
        defer { bed.stop() }
        var first = KeyStrokes()
        first.typeUS("]C0ABC1\r")
        try await bed.write("/dev/input/event5", first.bytes)
        try await bed.waitForJSON { $0["text"] as? String == "]C0ABC1" }

        var half = KeyStrokes()
        half.typeUS("0106901")                                    // no Enter: the scanner is pulled out
        try await bed.write("/dev/input/event5", half.bytes)
        try await bed.unplug("/dev/input/event5")
        let cut = try await bed.waitForJSON { $0["reading"] as? String == "malformed" }
        #expect(cut["text"] as? String == "0106901")
        #expect((cut["reason"] as? String)?.contains("cut off") == true)
        try await bed.waitForJSON { $0["state"] as? String == "disconnected" }

        try await bed.plug("scanner-kbd-replugged.umockdev")     // the same scanner back, as event6
        let back = try await bed.waitForJSON { ($0["path"] as? String)?.hasSuffix("event6") == true }
        #expect(back["state"] as? String == "connected")
        #expect(back["reconnects"] as? Int == 1)
        var again = KeyStrokes()
        again.typeUS("]C0XYZ2\r")
        try await bed.write("/dev/input/event6", again.bytes)
        try await bed.waitForJSON { $0["text"] as? String == "]C0XYZ2" }
        #expect(Self.readings(bed).count == 3, "nothing read twice, nothing lost: \(Self.readings(bed))")
    }

    @Test("autorepeat and SYN_DROPPED from the kernel: no extra characters; a damaged code is not a barcode", .timeLimit(.minutes(1)))
    func droppedEvents() async throws {
        let dir = try TemporaryDirectory()
        let bed = try await Self.connectedWedge(dir, ["--count", "2"])
        defer { bed.stop() }
        var keys = KeyStrokes()
        keys.key(30, 1); keys.key(30, 2); keys.key(30, 2); keys.key(30, 0)   // a held: repeats ignored
        keys.tap(KeyStrokes.enter)
        try await bed.write("/dev/input/event5", keys.bytes)
        try await bed.waitForJSON { $0["text"] as? String == "a" }
        var damaged = KeyStrokes()
        damaged.typeUS("123")
        var bytes = damaged.bytes + InputEvent(type: InputEvent.synchronization, code: 3, value: 0).bytes  // SYN_DROPPED
        var rest = KeyStrokes()
        rest.typeUS("45\r")
        bytes += rest.bytes
        try await bed.write("/dev/input/event5", bytes)
        let read = try await bed.waitForJSON { $0["reading"] as? String == "malformed" }
        #expect((read["reason"] as? String)?.contains("SYN_DROPPED") == true)
    }

    @Test("a node that is not a keyboard is refused for good, with a message that says so", .timeLimit(.minutes(1)))
    func notAKeyboard() async throws {
        let dir = try TemporaryDirectory()
        let bed = try UMockdevHarness(devices: ["scanner-kbd.umockdev"], ioctls: [(Self.byID, "mouse.ioctl")],
                                      program: "edgetrace-input-probe", ["wedge", "--path", Self.byID, "--timeout-ms", "3000"],
                                      directory: dir.path)
        defer { bed.stop() }
        let failed = try await bed.waitForJSON { $0["state"] as? String == "failed" }
        #expect((failed["message"] as? String)?.contains("not a keyboard") == true)
    }
}
