import Foundation

/// Lists the serial ports, input devices, hidraw nodes, cameras and USB devices the kernel shows in sysfs,
/// with vendor, product, serial, driver and stable `by-id` links (`edgetrace devices`).
///
/// Reads `SYS/class/{tty,input,hidraw,video4linux}` and `SYS/bus/usb/devices`; the roots are parameters so
/// tests can give a fake tree. Serial ports and input devices that are not on USB (the console's ttyS*,
/// power buttons) are left out: a station's scanners are USB devices.
public enum DeviceInventory {
    public static func scan(sysRoot: String = "/sys", devRoot: String = "/dev") -> [AttachedDevice] {
        let links = byIDLinks(devRoot: devRoot)
        var out: [AttachedDevice] = []
        let classes: [(dir: String, kind: String, prefix: [String], needsUSB: Bool)] = [
            ("tty", "serial", ["ttyUSB", "ttyACM", "ttyS", "ttyAMA"], true),
            ("input", "input", ["event"], true),
            ("hidraw", "hidraw", ["hidraw"], false),
            ("video4linux", "video", ["video"], false),
        ]
        for c in classes {
            let classDir = "\(sysRoot)/class/\(c.dir)"
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: classDir)) ?? []).sorted()
            where c.prefix.contains(where: { name.hasPrefix($0) }) {
                let entry = "\(classDir)/\(name)"
                let usb = usbAncestor(of: entry, sysRoot: sysRoot)
                if c.needsUSB, usb == nil { continue }
                let node = "\(devRoot)/\(c.kind == "input" ? "input/" : "")\(name)"
                var device = AttachedDevice(kind: c.kind, name: name, node: node, byID: links[name] ?? [],
                                            driver: driverName(entry + "/device"))
                if let usb { fill(&device, usb: usb) }
                out.append(device)
            }
        }
        let usbDir = "\(sysRoot)/bus/usb/devices"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: usbDir)) ?? []).sorted()
        where !name.hasPrefix("usb") && !name.contains(":") {
            let path = "\(usbDir)/\(name)"
            guard read(path + "/idVendor") != nil else { continue }
            var device = AttachedDevice(kind: "usb", name: name, node: nil, driver: interfaceDrivers(path))
            fill(&device, usb: path)
            out.append(device)
        }
        return out
    }

    /// Marks each device with the `[[device]]` whose path is its node or one of its links (symlinks resolved).
    public static func match(_ devices: [AttachedDevice], configured: [(id: String, path: String)]) -> [AttachedDevice] {
        let resolved = configured.map { (id: $0.id, path: $0.path, real: realPath($0.path)) }
        return devices.map { d in
            var d = d
            let candidates = Set(([d.node].compactMap { $0 } + d.byID).flatMap { [$0, realPath($0)] })
            d.configuredAs = resolved.first { candidates.contains($0.path) || candidates.contains($0.real) }?.id
            return d
        }
    }

    /// A configured USB device chosen by ids (`driver = "temper"`): vendor and product, optionally serial or port.
    public struct USBSelector: Sendable, Hashable {
        public var id: String
        public var vendorID: UInt16
        public var productID: UInt16
        public var serial: String?
        public var port: String?

        public init(id: String, vendorID: UInt16, productID: UInt16, serial: String? = nil, port: String? = nil) {
            self.id = id
            self.vendorID = vendorID
            self.productID = productID
            self.serial = serial
            self.port = port
        }
    }

    /// Marks unmatched `usb` devices with the first selector that fits them (ids, then serial or port when given).
    public static func match(_ devices: [AttachedDevice], usb selectors: [USBSelector]) -> [AttachedDevice] {
        devices.map { d in
            guard d.kind == "usb", d.configuredAs == nil,
                  let vendor = d.vendorID.flatMap({ UInt16($0, radix: 16) }), let product = d.productID.flatMap({ UInt16($0, radix: 16) })
            else { return d }
            var d = d
            d.configuredAs = selectors.first { s in
                s.vendorID == vendor && s.productID == product && (s.serial == nil || s.serial == d.serial) && (s.port == nil || s.port == d.name)
            }?.id
            return d
        }
    }

    /// A `[[device]]` table for an unconfigured device, or nil for kinds EdgeTrace does not drive by node.
    public static func suggestion(for d: AttachedDevice, id: String) -> String? {
        guard let path = d.preferredPath else { return nil }
        let about = [d.manufacturer, d.product].compactMap { $0 }.joined(separator: " ")
        let comment = "# \(about.isEmpty ? d.name : about)\(d.vendorID.map { " (\($0):\(d.productID ?? "?"))" } ?? "")"
        let head = "\(comment)\n[[device]]\nid = \(tomlString(id))\n"
        switch d.kind {
        case "serial": return head + "driver = \"serial\"\npath = \(tomlString(path))\nbaud = 9600\nframing = \"cr\"\n"
        case "input": return head + "driver = \"wedge\"\npath = \(tomlString(path))\nlayout = \"us\"\n"
        case "hidraw": return head + "driver = \"hidpos\"\npath = \(tomlString(path))\n"
        case "video": return head + "driver = \"camera\"\npath = \(tomlString(path))\n"
        default: return nil
        }
    }

    /// `text` as a TOML basic string: quotes, backslashes and control characters escaped (a path such
    /// as udev's `by-label/My\x20Disk` is not valid TOML as it stands).
    public static func tomlString(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20 || c.value == 0x7F: out += String(format: "\\u%04X", c.value)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    // MARK: sysfs reading

    static func read(_ path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// The nearest directory above the class entry's real path that has `idVendor` (the USB device).
    static func usbAncestor(of entry: String, sysRoot: String) -> String? {
        var dir = URL(fileURLWithPath: realPath(entry))
        let stop = URL(fileURLWithPath: realPath(sysRoot)).path
        while dir.path.count > stop.count {
            if read(dir.path + "/idVendor") != nil { return dir.path }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    static func fill(_ d: inout AttachedDevice, usb: String) {
        d.vendorID = read(usb + "/idVendor")
        d.productID = read(usb + "/idProduct")
        d.manufacturer = read(usb + "/manufacturer")
        d.product = read(usb + "/product")
        d.serial = read(usb + "/serial")
    }

    static func driverName(_ deviceLink: String) -> String? {
        let driver = deviceLink + "/driver"
        guard FileManager.default.fileExists(atPath: driver) else { return nil }
        return URL(fileURLWithPath: realPath(driver)).lastPathComponent
    }

    /// The drivers bound to a USB device's interfaces (`1-1:1.0/driver`), comma-separated.
    static func interfaceDrivers(_ usb: String) -> String? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: usb)) ?? []).filter { $0.contains(":") }.sorted()
        let drivers = names.compactMap { driverName(usb + "/" + $0) }
        var seen = Set<String>()
        let unique = drivers.filter { seen.insert($0).inserted }
        return unique.isEmpty ? nil : unique.joined(separator: ",")
    }

    /// Kernel name (`ttyUSB0`, `event3`, `video0`) → the by-id links pointing at it.
    static func byIDLinks(devRoot: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for dir in ["serial/by-id", "input/by-id", "v4l/by-id", "hidraw/by-id"] {
            let full = "\(devRoot)/\(dir)"
            for link in ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted() {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(full)/\(link)") else { continue }
                out[(target as NSString).lastPathComponent, default: []].append("\(full)/\(link)")
            }
        }
        return out
    }
}
