import EdgeTraceConfig
import Foundation
import NFC
import TraceDevices
import TraceModel

extension DriverFactory {
    /// `driver = "nfc"`: a libnfc reader polling the configured modulations.
    static func makeNFC(id: String, settings n: NFCReaderSettings, clock: CaptureClock) -> NFCReaderDriver {
        let modulations: [NFCModulation] = n.modulations.flatMap { name -> [NFCModulation] in
            switch name {
            case "iso14443b": [.iso14443b]
            case "felica": [.felica212, .felica424]
            default: [.iso14443a]
            }
        }
        return NFCReaderDriver(
            id: id,
            options: .init(connstring: n.connstring, modulations: modulations, presenceIntervalMs: n.presenceIntervalMs,
                           departureEvents: n.departureEvents, readNDEF: n.readNDEF),
            clock: clock)
    }

    /// The operator badge policy of the configuration (at most one nfc device carries badge settings); reads the
    /// key file. Throws when the key file cannot be read or is shorter than 16 bytes.
    public static func operatorBadges(_ configuration: EdgeTraceConfiguration) throws -> OperatorBadges? {
        guard let device = configuration.devices.first(where: { $0.enabled && ($0.nfc?.badge ?? "off") != "off" }),
              let n = device.nfc, let keyFile = n.badgeKeyFile else { return nil }
        guard let key = FileManager.default.contents(atPath: keyFile), key.count >= 16 else {
            throw BadgeKeyError(path: keyFile)
        }
        let match: OperatorBadges.Match = switch n.badge {
        case "uid_list": .uids(Set(n.badgeUIDs))
        case "ndef_prefix": .ndefPrefix(n.badgeNDEFPrefix ?? "")
        default: .all
        }
        return OperatorBadges(match: match, devices: n.badge == "all" ? [device.id] : [], key: Array(key),
                              timeoutNs: UInt64(n.badgeTimeoutS) * 1_000_000_000)
    }
}

/// The badge key file is missing, unreadable or too short.
public struct BadgeKeyError: Error, CustomStringConvertible {
    /// `badge_key_file` as configured.
    public let path: String
    public var description: String {
        "cannot read the operator badge key from \(path) (it must exist, be readable by the service, and hold at least 16 bytes, e.g. `head -c 32 /dev/urandom`); the key itself is never logged"
    }
}
