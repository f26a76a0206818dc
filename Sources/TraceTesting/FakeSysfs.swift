import Foundation

/// A fake sysfs + /dev tree for `edgetrace devices` tests shaped like the kernel's: class entries are symlinks into /sys/devices, USB devices carry
/// idVendor/idProduct/manufacturer/product/serial, drivers are symlinks into /sys/bus/*/drivers.
public struct FakeSysfs: Sendable {
    public let root: String
    public var sys: String { root + "/sys" }
    public var dev: String { root + "/dev" }

    public init() throws {
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

    /// Removes the tree.
    public func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}
