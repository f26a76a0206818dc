import ArgumentParser
import EdgeTraceConfig
import Foundation
import TraceDevices

struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List attached serial ports, input devices, hidraw nodes, cameras and USB devices, and which config entry uses each.",
        discussion: "Reads sysfs (vendor, product, serial, driver) and the /dev/*/by-id links. --suggest prints [[device]] "
            + "tables for the unconfigured ones, to paste into the configuration and adjust.")

    @Option(name: .shortAndLong, help: "Configuration file (to say which devices are configured).")
    var config: String = EdgeTraceConfiguration.defaultPath
    @Flag(help: "Print TOML [[device]] tables for the unconfigured devices.") var suggest = false
    @Flag(help: "Print JSON.") var json = false
    @Option(help: .hidden) var sysRoot = "/sys"
    @Option(help: .hidden) var devRoot = "/dev"

    func run() throws {
        let entries = (try? ConfigLoader.load(path: config))?.devices ?? []
        let byPath = entries.compactMap { d in d.path.map { (id: d.id, path: $0) } }
        let byIDs = entries.compactMap { d in
            d.temper.map { DeviceInventory.USBSelector(id: d.id, vendorID: $0.vendorID, productID: $0.productID, serial: $0.usbSerial, port: $0.usbPort) }
        }
        let devices = DeviceInventory.match(DeviceInventory.match(DeviceInventory.scan(sysRoot: sysRoot, devRoot: devRoot), configured: byPath),
                                            usb: byIDs)
        if json {
            print(try Output.json(devices))
            return
        }
        if suggest {
            var n = 0
            for d in devices where d.configuredAs == nil {
                n += 1
                if let table = DeviceInventory.suggestion(for: d, id: "\(d.kind)-\(n)") { print(table) }
            }
            if n == 0 { print("# every attached device is configured") }
            return
        }
        if devices.isEmpty { print("no serial ports, input devices, hidraw nodes, cameras or USB devices found") }
        for d in devices {
            var line = "\(d.kind.padding(toLength: 7, withPad: " ", startingAt: 0)) \(d.node ?? d.name)"
            if let v = d.vendorID { line += "  \(v):\(d.productID ?? "?")" }
            let about = [d.manufacturer, d.product].compactMap { $0 }.joined(separator: " ")
            if !about.isEmpty { line += "  \(about)" }
            if let s = d.serial { line += "  serial \(s)" }
            if let drv = d.driver { line += "  driver \(drv)" }
            line += d.configuredAs.map { "  → configured as \($0)" } ?? "  (unconfigured)"
            print(line)
            for link in d.byID { print("        \(link)") }
        }
    }
}
