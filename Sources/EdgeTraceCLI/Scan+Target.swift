import ArgumentParser
import EdgeTraceConfig
import Foundation
import TraceDevices

extension Scan {
    /// The driver kinds `--driver` accepts: every kind the daemon runs.
    static let driverKinds = ["serial", "wedge", "hidpos", "camera", "nfc", "temper", "modbus"]

    /// DEVICE resolved to one `[[device]]` entry, and the configuration its events are interpreted with: the entry of
    /// that id in `--config`, or (a path, or `--driver` given) an entry of the driver's defaults made up here.
    func target() throws -> (device: DeviceConfiguration, configuration: EdgeTraceConfiguration) {
        let (entry, configuration) = driver == nil && !device.hasPrefix("/") ? try configured() : try adHoc()
        return (try overridden(entry), configuration)
    }

    /// The `[[device]]` with id DEVICE in the configuration file.
    private func configured() throws -> (DeviceConfiguration, EdgeTraceConfiguration) {
        let configuration: EdgeTraceConfiguration
        do {
            configuration = try ConfigLoader.load(path: config)
        } catch {
            throw ValidationError("""
                '\(device)' is not a path, and the configuration cannot be read to look it up as a device id: \(error)
                (give the configuration with --config, or a device path, with --driver for other kinds than serial)
                """)
        }
        if address != nil { throw ValidationError("--address is for a modbus bus given by its path (with --driver modbus); a configured bus polls its [[device.sensor]] entries") }
        if let entry = configuration.devices.first(where: { $0.id == device }) { return (entry, configuration) }
        if let bus = configuration.devices.first(where: { $0.modbus?.sensors.contains { $0.id == device } == true }) {
            throw ValidationError("'\(device)' is a sensor on the modbus bus '\(bus.id)' in \(config): scan the bus, `edgetrace scan \(bus.id)`")
        }
        let ids = configuration.devices.map(\.id)
        throw ValidationError("""
            no [[device]] with id '\(device)' in \(config) (its devices: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))); \
            give one of those ids, or a device path (with --driver \(Self.driverKinds.joined(separator: "|")) for other kinds than serial)
            """)
    }

    /// DEVICE as the path (or connstring, or USB id) of a device of kind `--driver` (default serial), with the defaults
    /// the configuration gives that kind: the entry is written as TOML and read by the configuration loader, so the
    /// defaults and checks are the daemon's own.
    private func adHoc() throws -> (DeviceConfiguration, EdgeTraceConfiguration) {
        let kind = driver ?? "serial"
        guard Self.driverKinds.contains(kind) else {
            throw ValidationError("--driver must be one of \(Self.driverKinds.joined(separator: ", ")) (got '\(kind)')")
        }
        var keys = ["id = \"scan\"", "driver = \"\(kind)\""]
        switch kind {
        case "nfc":
            // A PN532's serial port (the configuration's `path` shorthand), or any libnfc connstring.
            keys.append(device.hasPrefix("/") ? "path = \(DeviceInventory.tomlString(device))" : "connstring = \(DeviceInventory.tomlString(device))")
        case "temper":
            let parts = device.split(separator: ":")
            guard parts.count == 2, parts.allSatisfy({ $0.count == 4 && UInt16($0, radix: 16) != nil }) else {
                throw ValidationError("with --driver temper, DEVICE is the sensor's USB id VENDOR:PRODUCT as lsusb shows it, e.g. 413d:2107 (got '\(device)')")
            }
            keys += ["vendor_id = \"\(parts[0])\"", "product_id = \"\(parts[1])\""]
        case "camera":
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: device, isDirectory: &isDirectory)
            if exists, !isDirectory.boolValue, !device.hasPrefix("/dev/") {
                throw ValidationError("""
                    \(device) is a file: a raw frame file needs its width and height, so configure a [[device]] with \
                    source = "raw" and scan it by id; with --driver camera, DEVICE is a V4L2 node (/dev/video0) or a directory of images
                    """)
            }
            keys += ["path = \(DeviceInventory.tomlString(device))", "source = \"\(isDirectory.boolValue ? "directory" : "v4l2")\""]
        case "modbus":
            let address = self.address ?? 1
            keys += ["path = \(DeviceInventory.tomlString(device))", "", "[[device.sensor]]", "id = \"sensor-\(address)\"", "address = \(address)"]
        default:
            guard device.hasPrefix("/") else {
                throw ValidationError("with --driver \(kind), DEVICE is the device's path (/dev/…), not '\(device)'")
            }
            keys.append("path = \(DeviceInventory.tomlString(device))")
        }
        if kind != "modbus", address != nil { throw ValidationError("--address is for modbus buses only (--driver modbus)") }
        let text = "[station]\ngateway = \"commissioning\"\n\n[[device]]\n" + keys.joined(separator: "\n") + "\n"
        let configuration = try ConfigLoader.parse(text, file: "edgetrace scan")
        guard let entry = configuration.devices.first else { throw ValidationError("no device could be set up for '\(device)'") }
        return (entry, configuration)
    }

    /// `device` with the command-line overrides (`--baud`, `--framing`, `--interval-ms`) applied; an override that does
    /// not fit the device's kind is an error that says which kinds take it.
    private func overridden(_ device: DeviceConfiguration) throws -> DeviceConfiguration {
        var d = device
        if let baud {
            guard (1200...921_600).contains(baud) else { throw ValidationError("--baud must be 1200…921600") }
            if d.serial != nil { d.serial?.baud = baud } else if d.modbus != nil { d.modbus?.baud = baud } else {
                throw ValidationError("--baud is for serial scanners and modbus buses; '\(self.device)' is a \(d.driver) device")
            }
        }
        if let framing {
            guard ["cr", "lf", "crlf"].contains(framing) else { throw ValidationError("--framing must be cr, lf or crlf") }
            guard d.serial != nil else {
                throw ValidationError("--framing is for serial scanners; '\(self.device)' is a \(d.driver) device")
            }
            d.serial?.framing = framing
        }
        if let intervalMs {
            guard (100...86_400_000).contains(intervalMs) else { throw ValidationError("--interval-ms must be 100…86400000") }
            if d.temper != nil { d.temper?.sampleIntervalMs = intervalMs } else if var m = d.modbus {
                for i in m.sensors.indices { m.sensors[i].sampleIntervalMs = intervalMs }
                d.modbus = m
            } else {
                throw ValidationError("--interval-ms is for sensors (temper, modbus); '\(self.device)' is a \(d.driver) device")
            }
        }
        return d
    }
}
