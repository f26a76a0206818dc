import Foundation
import Testing
import TraceTesting

/// The HID POS driver (`edgetrace-input-probe hidpos`) against an emulated hidraw node: umockdev
/// answers HIDIOCGRAWINFO, HIDIOCGRAWNAME, HIDIOCGRDESCSIZE and HIDIOCGRDESC from
/// `Fixtures/umockdev/hidpos.ioctl` (a Barcode Scanner page 0x8C descriptor) and the test writes
/// input reports into the node. umockdev's node is a pseudo-terminal, which keeps no report
/// boundaries: the driver cuts reads by the report lengths the descriptor gives (a real hidraw
/// node returns one report per read).
@Suite("HID POS scanner through umockdev", .serialized)
struct HIDPOSUMockdevTests {
    /// One 63-byte scanned data report as the fixture's descriptor lays it out.
    static func report(_ data: [UInt8], symbology: String = "]d2", continued: Bool) -> [UInt8] {
        var r: [UInt8] = [0x02, UInt8(data.count)] + Array(symbology.utf8)
        r += data + [UInt8](repeating: 0, count: 56 - data.count)
        r += [0x00, continued ? 0x01 : 0x00]
        return r
    }

    @Test("a code in two reports (Decoded Data Continued) is joined, AIM identifier first, GS kept", .timeLimit(.minutes(1)))
    func continuedReports() async throws {
        let dir = try TemporaryDirectory()
        let bed = try UMockdevHarness(devices: ["hidpos.umockdev"], ioctls: [("/dev/hidraw3", "hidpos.ioctl")],
                                      program: "edgetrace-input-probe", ["hidpos", "--path", "/dev/hidraw3", "--count", "2"],
                                      directory: dir.path)
        defer { bed.stop() }
        try await bed.waitForJSON { $0["state"] as? String == "connected" }
        let code = Array("010690123456789221".utf8) + Array(repeating: UInt8(ascii: "A"), count: 40) + [0x1D] + Array("10LOT7".utf8)
        try await bed.write("/dev/hidraw3", Self.report(Array(code[0..<56]), continued: true) + Self.report(Array(code[56...]), continued: false))
        let read = try await bed.waitForJSON { $0["reading"] != nil }
        #expect(read["text"] as? String == "]d2" + String(decoding: code, as: UTF8.self))
        // A report of another ID (a trigger report, ID 4) is not scanned data. (Written on its own: the
        // emulated node keeps no report boundaries, and ID 4's length is not in the descriptor.)
        try await bed.write("/dev/hidraw3", [0x04, 0x01])
        try await Task.sleep(for: .milliseconds(200))
        try await bed.write("/dev/hidraw3", Self.report(Array("5901234123457".utf8), symbology: "]E0", continued: false))
        let second = try await bed.waitForJSON { ($0["text"] as? String)?.hasPrefix("]E0") == true }
        #expect(second["text"] as? String == "]E05901234123457")
    }

    @Test("a device without the Barcode Scanner page is refused, and the message says why", .timeLimit(.minutes(1)))
    func keyboardModeDevice() async throws {
        let dir = try TemporaryDirectory()
        let bed = try UMockdevHarness(devices: ["hidpos.umockdev"], ioctls: [("/dev/hidraw3", "hid-keyboard.ioctl")],
                                      program: "edgetrace-input-probe", ["hidpos", "--path", "/dev/hidraw3", "--timeout-ms", "3000"],
                                      directory: dir.path)
        defer { bed.stop() }
        let failed = try await bed.waitForJSON { $0["state"] as? String == "failed" }
        let message = try #require(failed["message"] as? String)
        #expect(message.contains("0x8C") && message.contains("HID POS") && message.contains("wedge"))
    }
}
