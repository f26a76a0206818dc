import Foundation
import Testing
@testable import TraceDevices

/// A fake sysfs + /dev tree shaped like the kernel's: class entries are symlinks into /sys/devices, USB devices carry
/// idVendor/idProduct/manufacturer/product/serial, drivers are symlinks into /sys/bus/*/drivers.
struct FakeSysfs {
    let root: String
    var sys: String { root + "/sys" }
    var dev: String { root + "/dev" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sysfs-\(UUID().uuidString.prefix(8))").path
        let usb = "devices/pci0000:00/0000:00:14.0/usb1"
        // A CDC-ACM scanner on 1-2 with /dev/ttyACM0 and a by-id link.
        try file("\(usb)/1-2/idVendor", "05e0")
        try file("\(usb)/1-2/idProduct", "1200")
        try file("\(usb)/1-2/manufacturer", "Symbol")
        try file("\(usb)/1-2/product", "Bar Code Scanner")
        try file("\(usb)/1-2/serial", "S123")
        try dir("\(usb)/1-2/1-2:1.0/tty/ttyACM0")
        try dir("bus/usb/drivers/cdc_acm")
        try link(sys + "/bus/usb/drivers/cdc_acm", at: "\(usb)/1-2/1-2:1.0/driver")
        try link(sys + "/\(usb)/1-2/1-2:1.0/tty/ttyACM0", at: "class/tty/ttyACM0")
        try link(sys + "/\(usb)/1-2/1-2:1.0", at: "\(usb)/1-2/1-2:1.0/tty/ttyACM0/device")
        try link(sys + "/\(usb)/1-2", at: "bus/usb/devices/1-2")
        // A TEMPer sensor on 1-3 (no node of its own).
        try file("\(usb)/1-3/idVendor", "413d")
        try file("\(usb)/1-3/idProduct", "2107")
        try dir("\(usb)/1-3/1-3:1.0")
        try dir("bus/usb/drivers/usbhid")
        try link(sys + "/bus/usb/drivers/usbhid", at: "\(usb)/1-3/1-3:1.0/driver")
        try link(sys + "/\(usb)/1-3", at: "bus/usb/devices/1-3")
        // The root hub and the legacy console port: not listed.
        try file("\(usb)/idVendor", "1d6b")
        try link(sys + "/\(usb)", at: "bus/usb/devices/usb1")
        try dir("devices/platform/serial8250/tty/ttyS0")
        try link(sys + "/devices/platform/serial8250/tty/ttyS0", at: "class/tty/ttyS0")
        try FileManager.default.createDirectory(atPath: dev + "/serial/by-id", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dev + "/serial/by-id/usb-Symbol_Bar_Code_Scanner_S123-if00",
                                                   withDestinationPath: "../../ttyACM0")
        FileManager.default.createFile(atPath: dev + "/ttyACM0", contents: nil)
    }

    func dir(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: sys + "/" + path, withIntermediateDirectories: true)
    }

    func file(_ path: String, _ text: String) throws {
        try dir((path as NSString).deletingLastPathComponent)
        try (text + "\n").write(toFile: sys + "/" + path, atomically: true, encoding: .utf8)
    }

    func link(_ target: String, at path: String) throws {
        try dir((path as NSString).deletingLastPathComponent)
        try FileManager.default.createSymbolicLink(atPath: sys + "/" + path, withDestinationPath: target)
    }
}

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
        let unmatched = DeviceInventory.match(scanned, configured: [])
        let toml = try #require(DeviceInventory.suggestion(for: unmatched[0], id: "serial-1"))
        #expect(toml.contains("driver = \"serial\""))
        #expect(toml.contains("path = \"\(fake.dev)/serial/by-id/usb-Symbol_Bar_Code_Scanner_S123-if00\""))
        #expect(toml.contains("# Symbol Bar Code Scanner (05e0:1200)"))
    }
}
