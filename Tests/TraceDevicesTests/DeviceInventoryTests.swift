import Foundation
import Testing
@testable import TraceDevices
import TraceTesting

@Suite("Device inventory from sysfs")
struct DeviceInventoryTests {
    @Test("serial ports on USB and USB devices are listed with ids, names, serial, driver and by-id links; the console port and root hub are not")
    func inventory() throws {
        let fake = try FakeSysfs()
        defer { try? FileManager.default.removeItem(atPath: fake.root) }
        let devices = DeviceInventory.scan(sysRoot: fake.sys, devRoot: fake.dev)
        #expect(devices.map(\.name) == ["ttyACM0", "1-2", "1-3"])
        let acm = try #require(devices.first)
        #expect(acm.kind == "serial")
        #expect(acm.node == fake.dev + "/ttyACM0")
        #expect(acm.vendorID == "05e0" && acm.productID == "1200")
        #expect(acm.product == "Bar Code Scanner" && acm.manufacturer == "Symbol" && acm.serial == "S123")
        #expect(acm.driver == "cdc_acm")
        #expect(acm.byID == [fake.dev + "/serial/by-id/usb-Symbol_Bar_Code_Scanner_S123-if00"])
        #expect(devices[2].kind == "usb" && devices[2].vendorID == "413d" && devices[2].driver == "usbhid")
    }

    @Test("a config path that is the by-id link matches; unconfigured devices get a TOML suggestion")
    func matchAndSuggest() throws {
        let fake = try FakeSysfs()
        defer { try? FileManager.default.removeItem(atPath: fake.root) }
        let scanned = DeviceInventory.scan(sysRoot: fake.sys, devRoot: fake.dev)
        let matched = DeviceInventory.match(scanned, configured: [(id: "dock-scanner", path: fake.dev + "/serial/by-id/usb-Symbol_Bar_Code_Scanner_S123-if00")])
        #expect(matched[0].configuredAs == "dock-scanner")
        #expect(matched[1].configuredAs == nil)
        let sensors = DeviceInventory.match(matched, usb: [.init(id: "fridge", vendorID: 0x413d, productID: 0x2107)])
        #expect(sensors.map(\.configuredAs) == ["dock-scanner", nil, "fridge"])
        let wrongSerial = DeviceInventory.match(matched, usb: [.init(id: "fridge", vendorID: 0x413d, productID: 0x2107, serial: "X")])
        #expect(wrongSerial[2].configuredAs == nil)
        let unmatched = DeviceInventory.match(scanned, configured: [])
        let toml = try #require(DeviceInventory.suggestion(for: unmatched[0], id: "serial-1"))
        #expect(toml.contains("driver = \"serial\""))
        #expect(toml.contains("path = \"\(fake.dev)/serial/by-id/usb-Symbol_Bar_Code_Scanner_S123-if00\""))
        #expect(toml.contains("# Symbol Bar Code Scanner (05e0:1200)"))
    }

    @Test("paths go into the suggestion as TOML basic strings: backslashes, quotes and controls escaped")
    func tomlStrings() {
        #expect(DeviceInventory.tomlString("/dev/ttyACM0") == #""/dev/ttyACM0""#)
        #expect(DeviceInventory.tomlString(#"/dev/disk/by-label/My\x20Disk"#) == #""/dev/disk/by-label/My\\x20Disk""#)
        #expect(DeviceInventory.tomlString("a\"b\u{1}") == #""a\"b\u0001""#)
    }
}
