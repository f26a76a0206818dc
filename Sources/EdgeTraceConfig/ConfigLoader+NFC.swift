extension ConfigLoader {
    /// The keys of a `driver = "nfc"` device (see ``NFCReaderSettings``).
    static func parseNFC(_ d: inout ConfigReader, path: String?) throws -> NFCReaderSettings {
        var connstring = try d.string("connstring")
        if connstring != nil, path != nil {
            throw d.error("path", "give either path (a PN532's serial port) or connstring, not both")
        }
        if connstring == nil, let path { connstring = "pn532_uart:" + path }
        if let c = connstring {
            guard c.contains(":") || ["acr122_usb", "pn53x_usb", "acr122_pcsc", "pn532_uart", "arygon", "pn71xx"].contains(c) else {
                throw d.error("connstring", "'\(c)' is not a libnfc connstring (e.g. \"pn532_uart:/dev/ttyUSB0\" or \"acr122_usb\")")
            }
        }
        let modulations = try d.stringArray("modulations") ?? ["iso14443a"]
        if modulations.isEmpty { throw d.error("modulations", "must name at least one of: \(NFCReaderSettings.knownModulations.joined(separator: ", "))") }
        for m in modulations where !NFCReaderSettings.knownModulations.contains(m) {
            throw d.error("modulations", "'\(m)' is not one of: \(NFCReaderSettings.knownModulations.joined(separator: ", "))")
        }
        var settings = NFCReaderSettings(
            connstring: connstring, modulations: modulations,
            presenceIntervalMs: try d.int("presence_interval_ms", default: 250, range: 50...10_000),
            departureEvents: try d.bool("departure_events", default: false),
            readNDEF: try d.bool("read_ndef", default: true),
            reopenMaxMs: try d.int("reopen_max_ms", default: 5000, range: 100...600_000))
        settings.badge = try d.oneOf("badge", ["off", "uid_list", "ndef_prefix", "all"], default: "off")
        settings.badgeUIDs = try d.stringArray("badge_uids") ?? []
        settings.badgeNDEFPrefix = try d.string("badge_ndef_prefix")
        settings.badgeKeyFile = try d.string("badge_key_file")
        settings.badgeTimeoutS = try d.int("badge_timeout_s", default: 0, range: 0...86_400)
        switch settings.badge {
        case "uid_list":
            if settings.badgeUIDs.isEmpty { throw d.error("badge_uids", "badge = \"uid_list\" needs the badges' UIDs, e.g. [\"04A2247A3C5E80\"]") }
            for uid in settings.badgeUIDs where uid.isEmpty || uid.count % 2 != 0 || !uid.allSatisfy(\.isHexDigit) {
                throw d.error("badge_uids", "'\(uid)' is not a UID in hex (an even number of 0-9, A-F)")
            }
        case "ndef_prefix":
            if (settings.badgeNDEFPrefix ?? "").isEmpty { throw d.error("badge_ndef_prefix", "badge = \"ndef_prefix\" needs the prefix badges' NDEF URI or text starts with") }
        default:
            break
        }
        if settings.badge != "off", (settings.badgeKeyFile ?? "").isEmpty {
            throw d.error("badge_key_file", "badges need a key file for the operator pseudonyms (e.g. \"/run/credentials/edgetraced.service/badge-key\", systemd LoadCredential)")
        }
        return settings
    }
}

/// Settings of an NFC/RFID reader driven by libnfc (driver `nfc`).
public struct NFCReaderSettings: Sendable, Equatable {
    public static let knownModulations = ["iso14443a", "iso14443b", "felica"]
    /// `connstring`: the libnfc connstring, e.g. `pn532_uart:/dev/edgetrace/nfc0` or `acr122_usb`; default
    /// `pn532_uart:` + `path` when `path` is set, else the first reader libnfc finds.
    public var connstring: String?
    /// `modulations`: what to poll for: iso14443a (default), iso14443b, felica.
    public var modulations: [String]
    /// `presence_interval_ms`: how often a tag lying on the reader is checked (default 250, 50–10000).
    public var presenceIntervalMs: Int
    /// `departure_events`: store an event (kind `device`, state `tag_departed`) when a tag leaves (default false).
    public var departureEvents: Bool
    /// `read_ndef`: read NTAG/Ultralight memory and its NDEF message (default true).
    public var readNDEF: Bool
    /// `reopen_max_ms`: the longest wait between reopen attempts after an unplug (default 5000).
    public var reopenMaxMs: Int
    /// `badge`: which tags are operator badges: off (default), uid_list, ndef_prefix, all (a badge-only reader).
    public var badge: String = "off"
    /// `badge_uids`: the badges' UIDs in hex (badge = "uid_list").
    public var badgeUIDs: [String] = []
    /// `badge_ndef_prefix`: badges carry an NDEF URI or Text record starting with this (badge = "ndef_prefix").
    public var badgeNDEFPrefix: String?
    /// `badge_key_file`: the HMAC key for operator pseudonyms (required with badges; systemd LoadCredential).
    public var badgeKeyFile: String?
    /// `badge_timeout_s`: sign the operator off after this long without events (default 0: only a second tap).
    public var badgeTimeoutS: Int = 0
}
